"""Reading Ofsted Annex A: the child-level lists every council can produce for an inspection.

An Annex A arrives as one workbook with a sheet per list ("List 1", "List 3" ...) or as one
CSV per list whose file name says which list it is ("List 3 referrals.csv"). Councils spell
the template's headings and coded values in many ways, so headings are matched ignoring
case, spaces and punctuation (and through the aliases in ``annex_a.yaml``), and a coded cell
may hold "a) Male", "Male" or the code. Dates are Excel dates or dd/mm/yyyy text.

Two kinds of trouble are kept apart. A file that cannot be read as Annex A at all, a list
given twice or a heading a list cannot do without stops the run (ExtractError). A cell that
cannot be read (a date that is not a date, a code that is not one of the list's codes) is a
data-quality finding: the row is left out of the figures that need that cell, and listed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field

from vitalsigns_xl.analysis.counting import Context, Counted, NotCountable, context_for, count
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.catalogue import Catalogue
from vitalsigns_xl.extracts.problems import ExtractError, Problem
from vitalsigns_xl.extracts.tables import Cell, UnreadableFile, _csv_records

ROW = "row"  # the frame column holding each row's number as Excel shows it
SUFFIXES = (".xlsx", ".csv")
OTHER_EXTRACTS = ("measures", "targets", "benchmarks")
_LIST_IN_NAME = re.compile(r"(?<![a-z])list[\s_.-]*(\d{1,2})(?!\d)", re.IGNORECASE)
_LETTER = re.compile(r"^[a-z]{1,2}\)\s*")
HEADER_SEARCH_ROWS = 20


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CodeValue(_Spec):
    code: str
    label: str
    letter: str | None = None
    aliases: tuple[str, ...] = ()


class ColumnSpec(_Spec):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    heading: str
    aliases: tuple[str, ...] = ()
    type: Literal["id", "date", "integer", "code", "text"]
    codes: str | None = None
    required: bool = False


class ListSpec(_Spec):
    number: int = Field(ge=1, le=11)
    name: str
    columns: tuple[ColumnSpec, ...]
    unique_child: bool = False
    period_column: str | None = None

    def column(self, column_id: str) -> ColumnSpec:
        return next(c for c in self.columns if c.id == column_id)


class AnnexASpec(_Spec):
    lists: tuple[ListSpec, ...]
    codes: dict[str, tuple[CodeValue, ...]]

    def list(self, number: int) -> ListSpec | None:
        return next((spec for spec in self.lists if spec.number == number), None)


@cache
def load_spec() -> AnnexASpec:
    """The headings and codes of the lists, shipped inside the package."""
    text = resources.files("vitalsigns_xl.extracts").joinpath("annex_a.yaml").read_text(encoding="utf-8")
    return AnnexASpec.model_validate(yaml.safe_load(text))


def heading_key(text: object) -> str:
    """A heading as compared: lower case, letters and digits only ("Date of Contact " = "date of contact")."""
    return re.sub(r"[^a-z0-9]", "", str(text or "").lower())


def _value_key(text: str) -> str:
    return " ".join(text.lower().split())


@cache
def code_lookup(codes_name: str) -> dict[str, str]:
    """Every accepted spelling of a code list's values (normalised) → the code."""
    lookup: dict[str, str] = {}
    for value in load_spec().codes[codes_name]:
        spellings = [value.code, value.label, f"{value.code}: {value.label}", f"{value.code} - {value.label}", *value.aliases]
        if value.letter:
            spellings += [f"{value.letter}) {value.label}", f"{value.letter}) {value.code}: {value.label}", f"{value.letter})"]
            spellings += [f"{value.letter}) {value.code}"]
        for spelling in spellings:
            lookup.setdefault(_value_key(spelling), value.code)
    return lookup


def read_code(text: str, codes_name: str) -> str | None:
    """The code a cell means, or None: accepts "a) E11: Adopted - application unopposed", "E11", the label, an alias."""
    lookup = code_lookup(codes_name)
    key = _value_key(text)
    for candidate in (key, _LETTER.sub("", key)):
        if candidate in lookup:
            return lookup[candidate]
        for separator in (":", " - "):
            head = candidate.split(separator, 1)[0].strip()
            if separator in candidate and head in lookup:
                return lookup[head]
    return None


@dataclass(frozen=True)
class Source:
    """Where one list comes from: a sheet of a workbook or a file of its own."""

    number: int
    path: Path
    sheet: str | None = None

    @property
    def name(self) -> str:
        return f"{self.path.name} [{self.sheet}]" if self.sheet else self.path.name


@dataclass(frozen=True)
class Finding:
    """A cell or row that cannot be counted: a data-quality problem for the officer to put right."""

    list: int
    file: str
    row: int | None
    column: str | None
    message: str

    @property
    def problem(self) -> Problem:
        return Problem(self.file, self.row, self.column, self.message)


@dataclass
class AnnexAList:
    """One list as typed columns (named by the spec's ids) with each row's Excel row number in ``row``."""

    spec: ListSpec
    source: str
    frame: pd.DataFrame
    unreadable: dict[str, np.ndarray] = field(default_factory=dict)  # column id → rows whose cell could not be read

    def heading(self, column_id: str) -> str:
        return self.spec.column(column_id).heading

    def has(self, column_id: str) -> bool:
        return column_id in self.frame.columns


@dataclass
class AnnexA:
    lists: dict[int, AnnexAList]
    findings: list[Finding]
    files: tuple[str, ...]

    @property
    def snapshot(self) -> date | None:
        """The latest event date in the lists (a contact, a referral, a plan or a period in care starting):
        the day the lists were taken, as near as they say.

        Only the dates that put a row in a list count, never a birth, a visit or a check: one visit
        typed a year ahead would otherwise move every month the lists are counted for. Lists with
        no such date (care leavers alone) fall back to their latest date of any kind.
        """
        return self._latest_date(lambda column: column.required) or self._latest_date(lambda column: True)

    def _latest_date(self, counts: Callable[[ColumnSpec], bool]) -> date | None:
        latest: pd.Timestamp | None = None
        for annex_list in self.lists.values():
            for column in annex_list.spec.columns:
                if column.type == "date" and counts(column) and column.id in annex_list.frame:
                    value = annex_list.frame[column.id].max()
                    if pd.notna(value) and (latest is None or value > latest):
                        latest = value
        return None if latest is None else latest.date()

    @property
    def period_start(self) -> date | None:
        """The earliest date that puts a row in the lists' period (a contact, a referral, a strategy discussion)."""
        earliest: pd.Timestamp | None = None
        for annex_list in self.lists.values():
            column = annex_list.spec.period_column
            if column and column in annex_list.frame:
                value = annex_list.frame[column].min()
                if pd.notna(value) and (earliest is None or value < earliest):
                    earliest = value
        return None if earliest is None else earliest.date()

    def absent(self, needed: Iterable[int]) -> list[int]:
        return sorted(set(needed) - set(self.lists))


# ---------------------------------------------------------------------------------------------- finding the lists


def list_number(name: str) -> int | None:
    match = _LIST_IN_NAME.search(name)
    return int(match[1]) if match else None


def _is_other_extract(path: Path) -> bool:
    return path.name.lower().startswith(OTHER_EXTRACTS)


def _workbook_sheets(path: Path) -> list[str]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(Problem(path.name, None, None, f"cannot be opened as a workbook ({exc})")) from exc
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def sources_in_workbook(path: Path) -> list[Source]:
    found = [Source(number, path, sheet) for sheet in _workbook_sheets(path) if (number := list_number(sheet)) is not None]
    if not found and (number := list_number(path.stem)) is not None:
        found = [Source(number, path)]
    return found


def is_annex_a_file(path: Path) -> bool:
    """Whether a file in an extracts folder is part of an Annex A: named "annex…" or "… List N …"."""
    if not path.is_file() or path.suffix.lower() not in SUFFIXES or path.name.startswith(("~$", ".")):
        return False
    if _is_other_extract(path):
        return False
    return "annex" in path.name.lower() or list_number(path.stem) is not None


def find_sources(location: Path) -> list[Source]:
    """The lists of an Annex A given as a workbook, a CSV, or a folder holding them.

    Raises ExtractError when nothing there is an Annex A list, or when a list is given twice.
    """
    if location.is_dir():
        paths = sorted(p for p in location.iterdir() if is_annex_a_file(p))
    elif location.is_file():
        paths = [location]
    else:
        raise ExtractError([Problem(str(location), None, None, "does not exist")])
    sources: list[Source] = []
    problems: list[Problem] = []
    for path in paths:
        suffix = path.suffix.lower()
        try:
            if suffix == ".xlsx":
                sources += sources_in_workbook(path)
            elif suffix == ".csv" and (number := list_number(path.stem)) is not None:
                sources.append(Source(number, path))
            elif suffix == ".csv":
                problems.append(Problem(path.name, None, None, "does not say which Annex A list it is; put 'List N' in its name"))
            else:
                problems.append(Problem(path.name, None, None, "is not an Annex A workbook (.xlsx) or list (.csv)"))
        except UnreadableFile as exc:
            problems.append(exc.problem)
    if not sources and not problems:
        where = location.name or str(location)
        problems.append(
            Problem(
                where,
                None,
                None,
                "is not an Ofsted Annex A: expected a workbook with sheets named 'List 1', 'List 3' … "
                "or CSV files with 'List N' in their names",
            )
        )
    first: dict[int, Source] = {}
    for source in sources:
        if source.number in first:
            problems.append(
                Problem(source.name, None, None, f"gives List {source.number} again; {first[source.number].name} gives it")
            )
        first.setdefault(source.number, source)
    if problems:
        raise ExtractError(problems)
    return sources


# ------------------------------------------------------------------------------------------------- reading a list


class _Books:
    """Workbooks opened once for all their lists (opening one reads every sheet's size), closed together."""

    def __init__(self) -> None:
        self._open: dict[Path, Any] = {}

    def rows(self, path: Path, sheet: str | None) -> list[tuple[int, list[Cell]]]:
        import openpyxl

        if path not in self._open:
            self._open[path] = openpyxl.load_workbook(path, read_only=True, data_only=True)
        book = self._open[path]
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        return [(number, list(values)) for number, values in enumerate(worksheet.iter_rows(min_row=1, values_only=True), 1)]

    def close(self) -> None:
        for book in self._open.values():
            book.close()
        self._open.clear()


def _records(source: Source, books: _Books) -> list[tuple[int, list[Cell]]]:
    if source.sheet is None and source.path.suffix.lower() == ".csv":
        return _csv_records(source.path)
    return books.rows(source.path, source.sheet)


def _blank(cells: Sequence[Cell]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _header(spec: ListSpec, records: list[tuple[int, list[Cell]]], name: str) -> tuple[int, dict[str, int], list[str]]:
    """Find the heading row (the first with two or more of the list's headings) and place each known column."""
    keys = {heading_key(alias): column.id for column in spec.columns for alias in (column.heading, *column.aliases)}
    for index, (_number, cells) in enumerate(records[:HEADER_SEARCH_ROWS]):
        found = [keys.get(heading_key(cell)) for cell in cells]
        if sum(1 for f in found if f) >= 2:
            positions: dict[str, int] = {}
            unknown = []
            for position, (column_id, cell) in enumerate(zip(found, cells, strict=True)):
                if column_id and column_id not in positions:
                    positions[column_id] = position
                elif not column_id and cell is not None and str(cell).strip():
                    unknown.append(str(cell).strip())
            return index, positions, unknown
    expected = ", ".join(f"'{c.heading}'" for c in spec.columns if c.required)
    raise ExtractError(
        [Problem(name, None, None, f"has no heading row for List {spec.number} (expected headings such as {expected})")]
    )


def _cell_text(values: pd.Series) -> pd.Series:
    """Cells as stripped text; whole numbers Excel stored as 1234.0 read as "1234"; blanks as ""."""

    def text(cell: object) -> str:
        if cell is None or (isinstance(cell, float) and np.isnan(cell)):
            return ""
        if isinstance(cell, float) and cell.is_integer():
            return str(int(cell))
        if isinstance(cell, datetime | date):
            return cell.strftime("%d/%m/%Y")
        return str(cell).strip()

    return values.map(text)


def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Excel dates or dd/mm/yyyy text (ISO yyyy-mm-dd too) → datetime64; and which non-blank cells were not dates."""
    is_date = values.map(lambda cell: isinstance(cell, datetime | date))
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    if is_date.any():
        parsed[is_date] = pd.to_datetime(values[is_date].map(lambda d: datetime(d.year, d.month, d.day)))
    text = _cell_text(values[~is_date]).str.split(" ", n=1).str[0]
    if len(text):
        uk = pd.to_datetime(text, format="%d/%m/%Y", errors="coerce")
        iso = pd.to_datetime(text.where(uk.isna()), format="%Y-%m-%d", errors="coerce")
        parsed[~is_date] = uk.fillna(iso)
        bad = pd.Series(False, index=values.index)
        bad[~is_date] = (text != "") & parsed[~is_date].isna()
    else:
        bad = pd.Series(False, index=values.index)
    return parsed, bad


def _integers(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = _cell_text(values).str.replace(",", "", regex=False)
    numbers = pd.to_numeric(text, errors="coerce")
    bad = (text != "") & (numbers.isna() | (numbers % 1 != 0) | (numbers < 0))
    return numbers.where(~bad).astype("Float64"), bad


def _codes(values: pd.Series, codes_name: str) -> tuple[pd.Series, pd.Series]:
    text = _cell_text(values)
    mapping = {t: read_code(t, codes_name) for t in text.unique() if t}
    codes = text.map(lambda t: mapping.get(t) if t else None)
    bad = (text != "") & codes.isna()
    return codes, bad


def _what(column: ColumnSpec, spec: AnnexASpec) -> str:
    if column.type == "date":
        return "a date (dd/mm/yyyy)"
    if column.type == "integer":
        return "a whole number"
    if column.type == "code" and column.codes:
        choices = [f"{v.letter}) {v.label}" if v.letter else f"{v.code}: {v.label}" for v in spec.codes[column.codes]]
        shown = "; ".join(choices[:6]) + ("; …" if len(choices) > 6 else "")
        return f"one of the codes ({shown})"
    return "a value"


def read_list(
    source: Source, spec: ListSpec, annex_spec: AnnexASpec | None = None, books: _Books | None = None
) -> tuple[AnnexAList, list[Finding]]:
    """One list as typed columns, with every unreadable cell as a Finding.

    Raises ExtractError when a heading the list cannot do without is missing.
    """
    annex_spec = annex_spec or load_spec()
    opened = books or _Books()
    try:
        records = _records(source, opened)
    except UnreadableFile as exc:
        raise ExtractError([exc.problem]) from None
    except (OSError, KeyError, ValueError) as exc:
        raise ExtractError([Problem(source.name, None, None, f"cannot be read ({exc})")]) from None
    finally:
        if books is None:
            opened.close()
    records = [(number, cells) for number, cells in records if not _blank(cells)]
    header_index, positions, _unknown = _header(spec, records, source.name)
    missing = [c for c in spec.columns if c.required and c.id not in positions]
    if missing:
        header_number = records[header_index][0]
        raise ExtractError(
            [Problem(source.name, header_number, c.heading, "required heading is missing from this list") for c in missing]
        )
    body = records[header_index + 1 :]
    frame = pd.DataFrame({ROW: np.array([number for number, _ in body], dtype=np.int64)})
    findings: list[Finding] = []
    unreadable: dict[str, np.ndarray] = {}
    for column_id, position in positions.items():
        column = spec.column(column_id)
        raw = pd.Series([cells[position] if position < len(cells) else None for _, cells in body], dtype=object)
        if column.type == "date":
            values, bad = parse_dates(raw)
        elif column.type == "integer":
            values, bad = _integers(raw)
        elif column.type == "code" and column.codes:
            values, bad = _codes(raw, column.codes)
        else:
            values = _cell_text(raw)
            bad = pd.Series(False, index=raw.index)
            if column.type == "id":
                values = values.where(values != "", None)
        frame[column_id] = values.to_numpy()
        if column.required:
            blank = frame[column_id].isna().to_numpy()
            for row in frame.loc[blank & ~bad.to_numpy(), ROW]:
                findings.append(
                    Finding(spec.number, source.name, int(row), column.heading, "is empty; the row cannot be counted")
                )
            bad = bad | pd.Series(blank, index=bad.index)
        if bad.any():
            unreadable[column_id] = bad.to_numpy()
            shown = _cell_text(raw)
            what = _what(column, annex_spec)
            for index in np.flatnonzero(bad.to_numpy()):
                if shown.iloc[index]:
                    message = f"expected {what}, found '{shown.iloc[index]}'"
                    findings.append(Finding(spec.number, source.name, int(frame[ROW].iloc[index]), column.heading, message))
    if spec.unique_child and "child_id" in frame:
        repeated = frame["child_id"].notna() & frame.duplicated("child_id", keep="first")
        first_row = frame.drop_duplicates("child_id").set_index("child_id")[ROW]
        for index in np.flatnonzero(repeated.to_numpy()):
            child = frame["child_id"].iloc[index]
            message = f"repeats a Child Unique ID already given at row {first_row[child]}; a child appears once in this list"
            findings.append(
                Finding(spec.number, source.name, int(frame[ROW].iloc[index]), spec.column("child_id").heading, message)
            )
        unreadable["child_id"] = unreadable.get("child_id", np.zeros(len(frame), bool)) | repeated.to_numpy()
    return AnnexAList(spec, source.name, frame, unreadable), findings


def read_annex_a(location: Path) -> AnnexA:
    """Every list the Vital Signs measures count from, found in ``location`` (a workbook, a CSV or a folder).

    Lists the spec does not describe (2, 6, 10, 11) are passed over: no measure counts from them.
    """
    spec = load_spec()
    sources = find_sources(location)
    lists: dict[int, AnnexAList] = {}
    findings: list[Finding] = []
    problems: list[Problem] = []
    books = _Books()
    try:
        for source in sources:
            list_spec = spec.list(source.number)
            if list_spec is None:
                continue
            try:
                annex_list, found = read_list(source, list_spec, spec, books)
            except ExtractError as exc:
                problems += exc.problems
                continue
            lists[source.number] = annex_list
            findings += found
    finally:
        books.close()
    if problems:
        raise ExtractError(problems)
    files = tuple(sorted({s.path.name for s in sources}))
    annex = AnnexA(lists, findings, files)
    annex.findings += _dates_after_the_lists(annex)
    return annex


FUTURE_DATES_ALLOWED = frozenset({"date_of_birth"})  # an unborn child's expected date of birth comes after the lists


def _dates_after_the_lists(annex: AnnexA) -> list[Finding]:
    """Dates later than the day the lists were taken: most often a visit or review typed a year ahead. The
    row is still counted as it stands, so the officer is told rather than the row silently changing a figure."""
    snapshot = annex.snapshot
    if snapshot is None:
        return []
    after = pd.Timestamp(snapshot)
    found = []
    for annex_list in annex.lists.values():
        frame = annex_list.frame
        for column in annex_list.spec.columns:
            if column.type != "date" or column.id in FUTURE_DATES_ALLOWED or column.id not in frame:
                continue
            for index in np.flatnonzero((frame[column.id] > after).to_numpy()):
                day = frame[column.id].iloc[index]
                message = f"is {day:%d/%m/%Y}, after the lists were taken on {snapshot:%d/%m/%Y}: is the date typed ahead?"
                found.append(
                    Finding(annex_list.spec.number, annex_list.source, int(frame[ROW].iloc[index]), column.heading, message)
                )
    return found


# ------------------------------------------------------------------------------------------- counting the figures


@dataclass(frozen=True)
class QualityRow:
    """One line of the data-quality list: where, what is wrong, and which measures left the row out."""

    list: int
    file: str
    row: int | None
    column: str | None
    problem: str
    measures: tuple[str, ...]

    @property
    def kind(self) -> str:
        """The problem without the cell's own text, for counting alike problems together."""
        return re.sub(r"'[^']*'|\d{2}/\d{2}/\d{4}|\b\d+\b", "…", self.problem)

    def as_row(self) -> dict[str, object]:
        return {
            "list": self.list,
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "problem": self.problem,
            "measures": " ".join(self.measures),
        }


@dataclass(frozen=True)
class AnnexAFigures:
    """The figures an Annex A gives, with what was left out of them and the children behind the exceptions."""

    annex: AnnexA
    context: Context
    counted: Counted

    @property
    def files(self) -> tuple[str, ...]:
        return self.annex.files

    def quality_rows(self) -> list[QualityRow]:
        """Every cell or row that could not be counted, once, with the measures it was left out of."""
        measures: dict[tuple[int, str, int | None, str | None, str], list[str]] = {}
        for finding in self.annex.findings:
            measures.setdefault((finding.list, finding.file, finding.row, finding.column, finding.message), [])
        for excluded in self.counted.excluded:
            key = (excluded.list, excluded.file, excluded.row, excluded.column, excluded.message)
            measures.setdefault(key, [])
            if excluded.indicator not in measures[key]:
                measures[key].append(excluded.indicator)
        ordered = sorted(measures.items(), key=lambda item: (item[0][0], item[0][1], item[0][2] or 0, item[0][3] or ""))
        return [QualityRow(n, f, r, c, m, tuple(ids)) for (n, f, r, c, m), ids in ordered]


def count_annex_a(
    location: Path,
    catalogue: Catalogue,
    period: Month | None = None,
    population: float | None = None,
    standards: Mapping[str, int] | None = None,
) -> AnnexAFigures:
    """Read the Annex A at ``location`` and count every catalogue measure that says how (``counting:``)."""
    annex = read_annex_a(location)
    try:
        context = context_for(annex, period, population, standards)
    except NotCountable as exc:
        raise ExtractError([Problem(", ".join(annex.files) or location.name, None, None, str(exc))]) from None
    return AnnexAFigures(annex, context, count(catalogue.indicators, context))
