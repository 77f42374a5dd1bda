"""The measure library shipped in the package, and a council's own report built from it.

The library (``workbook_templates/library/*.yaml``) defines every measure once: title,
unit, polarity, rating rule, definition, basis, why it matters, breakdowns and, where the
Annex A lists give it, how it is counted. A council's ``report.yaml`` picks measures from
it by id, in its own sections and order, with its own codes, titles, targets and ratings,
and defines its local measures in full. Resolving the two gives the same ``Catalogue``
every other part of the product reads, so nothing downstream knows which council it is.

Without a report file the Bradford report shipped in ``workbook_templates/reports/`` is
used, so a folder of extracts built before report files existed still builds the same pack.
Every problem names the file and line, because the file is edited by hand.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from vitalsigns_xl.catalogue import (
    TEMPLATES_DIR,
    Catalogue,
    CatalogueError,
    Identifier,
    Indicator,
    Measure,
    NonBlank,
    Purpose,
    RagRule,
    ReportInfo,
    Section,
    load_catalogue,
)
from vitalsigns_xl.files import write_atomically
from vitalsigns_xl.yaml_files import YamlProblem, read_yaml
from vitalsigns_xl.yaml_lines import LineDict, LineList, line_of, load_with_lines

LIBRARY_DIR = TEMPLATES_DIR / "library"
REPORTS_DIR = TEMPLATES_DIR / "reports"
DEFAULT_REPORT = REPORTS_DIR / "bradford.yaml"
REPORT_FILE = "report.yaml"

# Keys of report.yaml that only say who the report is for (read by settings.py); a file with
# nothing else uses the default report.
SETTINGS_KEYS = frozenset({"authority", "board", "protective_marking", "report_file", "la_code", "statistical_neighbours"})
POINTER_KEY = "report_file"  # report.yaml may name the file that defines the report, e.g. one shared by teams

DEFAULT_PURPOSE = Purpose(
    why="This report helps every member of the board understand the key trends in the performance of children's services, "
    "so that the board can offer challenge and support.",
    what="A set of measures that together show how well the service is doing for children. Each one says why it matters, "
    "so that members who are not specialists can read it.",
    how="The figures come from the most recent extracts of the council's systems. Each measure is shown over thirteen "
    "months so that the board can see the long-term trend; heads of service add what is being done about each one.",
)


class ReportFileError(CatalogueError):
    """A library or report file is not valid; the message names the file and line of every problem."""


# ------------------------------------------------------------------------------- the library


@dataclass(frozen=True)
class LibraryMeasure:
    measure: Measure
    theme: str  # the library file it is in, e.g. "children_in_care"
    where: str  # "children_in_care.yaml, line 12"


@dataclass(frozen=True)
class Library:
    entries: tuple[LibraryMeasure, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {e.measure.id: e for e in self.entries})

    def get(self, measure_id: str) -> LibraryMeasure | None:
        by_id: dict[str, LibraryMeasure] = self._by_id  # type: ignore[attr-defined]
        return by_id.get(measure_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(e.measure.id for e in self.entries)

    def __len__(self) -> int:
        return len(self.entries)


def _problem(file: str, line: int | None, message: str) -> str:
    return f"{file}, line {line}: {message}" if line else f"{file}: {message}"


def _validation_problems(file: str, raw: Any, exc: ValidationError, prefix: Sequence[int | str] = ()) -> list[str]:
    """One line per pydantic error: file, line, the measure it is in (by id) and the field."""
    problems = []
    for error in exc.errors():
        loc = (*prefix, *error["loc"])
        fields, measure, node = [], None, raw
        for step in loc:
            node = node[step] if isinstance(node, dict | list) and _has(node, step) else None  # type: ignore[index]
            if isinstance(step, str) and not step.startswith("function-"):
                fields.append(step)
            if isinstance(step, int) and isinstance(node, dict) and isinstance(node.get("id"), str):
                measure, fields = node["id"], []
        reason = "a section needs at least one measure" if error["type"] == "too_short" else error["msg"]
        where = ".".join(fields)
        message = f"{where}: {reason}" if where else reason
        problems.append(_problem(file, line_of(raw, loc), f"'{measure}': {message}" if measure else message))
    return problems


def _has(node: dict[Any, Any] | list[Any], step: int | str) -> bool:
    if isinstance(node, dict):
        return step in node
    return isinstance(step, int) and 0 <= step < len(node)


def _read_yaml(path: Path) -> Any:
    try:
        read_yaml(path)  # plain checks first: UTF-8, size, anchors that would expand beyond memory
        return load_with_lines(path.read_text(encoding="utf-8"))
    except YamlProblem as exc:
        raise ReportFileError(str(exc)) from None
    except OSError as exc:
        raise ReportFileError(f"{path.name}: cannot read it: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise ReportFileError(_problem(path.name, line, f"is not valid YAML: {reason}")) from None


def _measures_of(path: Path, raw: Any) -> tuple[list[LibraryMeasure], list[str]]:
    if not isinstance(raw, LineDict) or not isinstance(raw.get("measures"), LineList):
        return [], [_problem(path.name, getattr(raw, "line", None), "expected 'measures:' followed by a list of measures")]
    unknown = sorted(set(raw) - {"measures"})
    problems = [
        _problem(path.name, raw.key_lines[k], f"unknown key '{k}' (a library file holds only 'measures')") for k in unknown
    ]
    found = []
    for index, item in enumerate(raw["measures"]):
        try:
            measure = Measure.model_validate(item)
        except ValidationError as exc:
            problems += _validation_problems(path.name, raw, exc, ("measures", index))
            continue
        found.append(LibraryMeasure(measure, path.stem, f"{path.name}, line {raw['measures'].item_lines[index]}"))
    return found, problems


@cache
def load_library(folder: Path = LIBRARY_DIR) -> Library:
    """Every measure of every library file, checked; ReportFileError lists every problem found."""
    entries: list[LibraryMeasure] = []
    problems: list[str] = []
    for path in sorted(folder.glob("*.yaml")):
        found, file_problems = _measures_of(path, _read_yaml(path))
        entries += found
        problems += file_problems
    first: dict[str, LibraryMeasure] = {}
    for entry in entries:
        earlier = first.setdefault(entry.measure.id, entry)
        if earlier is not entry:
            problems.append(f"{entry.where}: measure id '{entry.measure.id}' is already defined at {earlier.where}")
    if problems:
        raise ReportFileError("\n".join(problems))
    if not entries:
        raise ReportFileError(f"{folder}: the measure library holds no measures")
    return Library(tuple(entries))


# --------------------------------------------------------------------------- a report file


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PickedMeasure(_Strict):
    """A measure the report takes from the library (or its own local measures), with the council's overrides."""

    id: Identifier
    code: NonBlank | None = None
    title: NonBlank | None = None
    subject: NonBlank | None = None
    target: float | None = None
    rag: RagRule | None = None
    owner: NonBlank | None = None
    source: NonBlank | None = None
    spc: bool | None = None
    spc_fix_after: int | None = None
    spc_rebase: tuple[str, ...] | None = None


class ReportSection(_Strict):
    title: NonBlank
    id: Identifier | None = None
    number: int | None = Field(default=None, ge=1)
    measures: tuple[PickedMeasure, ...] = Field(min_length=1)

    @field_validator("measures", mode="before")
    @classmethod
    def _ids_alone(cls, value: Any) -> Any:
        """A bare id picks the library measure as it is."""
        if isinstance(value, list):
            return [{"id": item} if isinstance(item, str) else item for item in value]
        return value


class ReportFile(_Strict):
    title: NonBlank
    board: NonBlank | None = None
    authority: NonBlank | None = None
    protective_marking: NonBlank | None = None
    la_code: NonBlank | None = None  # read by settings.py: the council among all councils
    statistical_neighbours: tuple[NonBlank, ...] = ()
    purpose: Purpose | None = None
    sections: tuple[ReportSection, ...] = Field(min_length=1)
    local_measures: tuple[Measure, ...] = ()


@dataclass(frozen=True)
class ReportDefinition:
    """The resolved report and what made it: recorded in the workbook so Refresh uses the same one."""

    catalogue: Catalogue
    name: str  # the report file's name, or "bradford.yaml (built in)"
    sha256: str  # of the report file's bytes
    path: Path
    built_in: bool
    local_ids: frozenset[str] = frozenset()

    @property
    def recorded_name(self) -> str:
        """What the workbook records: the built-in report's name, or the report file's full path."""
        return self.name if self.built_in else str(self.path.resolve())


def recorded_report(name: str) -> Path:
    """The report file a workbook's recorded name points at (the built-in report for its own name)."""
    return DEFAULT_REPORT if name.endswith("(built in)") else Path(name)


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_") or "section"


def _suggestion(measure_id: str, known: Iterable[str]) -> str:
    guess = difflib.get_close_matches(measure_id, sorted(known), n=1, cutoff=0.6)
    return f"; did you mean '{guess[0]}'?" if guess else " (`vitalsigns measures` lists the library)"


def _resolve(report: ReportFile, raw: LineDict, file: str, library: Library) -> tuple[Catalogue, frozenset[str]]:
    problems: list[str] = []
    local: dict[str, Measure] = {}
    for index, measure in enumerate(report.local_measures):
        line = line_of(raw, ("local_measures", index))
        if measure.id in local:
            problems.append(_problem(file, line, f"local measure '{measure.id}' is defined twice"))
        elif library.get(measure.id) is not None:
            problems.append(
                _problem(file, line, f"local measure '{measure.id}' has the id of a library measure; give it an id of its own")
            )
        local[measure.id] = measure

    sections: list[Section] = []
    indicators: list[Indicator] = []
    where_code: dict[str, int | None] = {}
    where_id: dict[str, int | None] = {}
    used_section_ids: set[str] = set()
    for s_index, section in enumerate(report.sections):
        number = section.number or s_index + 1
        section_id = section.id or _slug(section.title)
        if section_id in used_section_ids:
            problems.append(_problem(file, line_of(raw, ("sections", s_index)), f"two sections have the id '{section_id}'"))
        used_section_ids.add(section_id)
        sections.append(Section(id=section_id, number=number, title=section.title))
        for m_index, choice in enumerate(section.measures):
            line = line_of(raw, ("sections", s_index, "measures", m_index))
            base = local.get(choice.id) or (entry.measure if (entry := library.get(choice.id)) else None)
            if base is None:
                known = [*library.ids, *local]
                problems.append(_problem(file, line, f"unknown measure id '{choice.id}'{_suggestion(choice.id, known)}"))
                continue
            if choice.id in where_id:
                problems.append(
                    _problem(file, line, f"measure '{choice.id}' is already in the report at line {where_id[choice.id]}")
                )
                continue
            where_id[choice.id] = line
            code = choice.code or f"{number}.{m_index + 1}"
            if code in where_code:
                problems.append(_problem(file, line, f"code '{code}' is already used at line {where_code[code]}"))
            where_code[code] = line
            overrides = choice.model_dump(exclude_unset=True, exclude={"id", "code"})
            if "rag" in overrides:
                overrides["rag"] = choice.rag  # null is a choice: no rating
            try:
                indicators.append(Indicator.model_validate({**dict(base), **overrides, "code": code, "section": section_id}))
            except ValidationError as exc:
                problems += [_problem(file, line, f"measure '{choice.id}': {e['msg']}") for e in exc.errors()]
    if problems:
        raise ReportFileError("\n".join(problems))
    info = ReportInfo(title=report.title, purpose=report.purpose or DEFAULT_PURPOSE)
    try:
        catalogue = Catalogue(report=info, sections=tuple(sections), indicators=tuple(indicators))
    except ValidationError as exc:
        raise ReportFileError("\n".join(f"{file}: {e['msg']}" for e in exc.errors())) from None
    return catalogue, frozenset(local)


DEFINITION_KEYS = frozenset({"title", "purpose", "sections", "local_measures"})


def is_report_definition(raw: Any) -> bool:
    """A report.yaml that defines the report (title, sections...); one with settings keys only leaves the default
    report in use, and a misspelt setting is reported by settings.py as such rather than as a report missing its title."""
    return isinstance(raw, dict) and any(key in DEFINITION_KEYS for key in raw)


def load_report(path: Path, library: Library | None = None, *, built_in: bool = False) -> ReportDefinition:
    """Read, check and resolve one report file against the library."""
    library = library or load_library()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportFileError(f"{path.name}: cannot read the report file: {exc.strerror or exc}") from None
    raw = _read_yaml(path)
    if not isinstance(raw, LineDict):
        raise ReportFileError(_problem(path.name, getattr(raw, "line", 1), "expected a mapping with title and sections"))
    try:
        report = ReportFile.model_validate(raw)
    except ValidationError as exc:
        raise ReportFileError("\n".join(_validation_problems(path.name, raw, exc))) from None
    catalogue, local_ids = _resolve(report, raw, path.name, library)
    name = f"{path.name} (built in)" if built_in else path.name
    return ReportDefinition(catalogue, name, hashlib.sha256(data).hexdigest(), path, built_in, local_ids)


def default_report() -> ReportDefinition:
    return load_report(DEFAULT_REPORT, built_in=True)


def report_for(folder: Path | None, report_file: Path | None = None) -> ReportDefinition:
    """The report a run uses: the file named, else the folder's report.yaml if it defines one (or
    names one with ``report_file:``), else Bradford's.

    A file named may also be a complete catalogue (``indicators`` rather than sections that
    pick measures), the form reports were defined in before the library.
    """
    if report_file is not None:
        if report_file.resolve() == DEFAULT_REPORT.resolve():
            return default_report()
        raw = _read_yaml(report_file)
        if isinstance(raw, dict) and "indicators" in raw:
            catalogue = load_catalogue(report_file)
            digest = hashlib.sha256(report_file.read_bytes()).hexdigest()
            return ReportDefinition(catalogue, report_file.name, digest, report_file, built_in=False)
        return load_report(report_file)
    candidate = folder / REPORT_FILE if folder is not None else None
    if candidate is None or not candidate.is_file():
        return default_report()
    raw = _read_yaml(candidate)
    if isinstance(raw, dict) and raw.get(POINTER_KEY):
        named = Path(str(raw[POINTER_KEY]))
        target = named if named.is_absolute() else candidate.parent / named
        if not target.is_file():
            line = raw.key_lines.get(POINTER_KEY) if isinstance(raw, LineDict) else None
            raise ReportFileError(_problem(candidate.name, line, f"{POINTER_KEY}: there is no file {target}"))
        return report_for(None, target)
    return load_report(candidate) if is_report_definition(raw) else default_report()


# ------------------------------------------------------------------ listing and starting a report


def annex_a_lists(measure: Measure, library: Library | None = None) -> tuple[int, ...]:
    """The Annex A lists a measure is counted from, if any.

    A breakdown's count names its list under 'of'; a ratio of two counted measures is
    counted from the lists of both.
    """
    if measure.counting is None:
        return ()
    params = measure.counting.params
    if params["kind"] == "ratio":
        library = library or load_library()
        parts = [library.get(str(params.get(name))) for name in ("numerator", "denominator")]
        return tuple(sorted({n for part in parts if part for n in annex_a_lists(part.measure, library)}))
    inner = params.get("of")
    found = params.get("list", inner.get("list") if isinstance(inner, dict) else None)
    return (int(found),) if found is not None else ()


def measure_listing(report: ReportDefinition | None = None) -> list[dict[str, Any]]:
    """Every library measure for `vitalsigns measures`, with its code in ``report`` (default: the Bradford report)."""
    report = report or default_report()
    library = load_library()
    codes = {i.id: i.code for i in report.catalogue.indicators}
    return [
        {
            "id": m.id,
            "code": codes.get(m.id, ""),
            "title": m.title,
            "theme": entry.theme,
            "unit": m.unit.value,
            "polarity": m.polarity.value,
            "basis": m.basis,
            "annex_a_lists": list(annex_a_lists(m, library)),
        }
        for entry in library.entries
        for m in [entry.measure]
    ]


STARTING_REPORT_HEADER = """\
# A council's own Vital Signs report. Put it in the extracts folder as report.yaml, or name it
# with --report FILE, or from a report.yaml that holds only `report_file: PATH` (and the cover
# details). It starts as the Bradford report shipped with the package.
#
#   title, purpose       the report's name and the three paragraphs on its cover
#   authority, board,    who the report is for (uncomment and edit the lines below)
#   protective_marking
#   sections             in the board's order; each has a title (id and number are optional)
#                        and the measures it shows, each picked from the library by id.
#                        `vitalsigns measures` lists the library.
#
# A measure can be picked as it is (- cic_count) or with the council's own code, title,
# target and rating rule:
#   - {id: cic_reviews_on_time, code: "R1", title: Reviews on time, target: 98, rag: {tolerance: 2}}
# Without a code, a measure is numbered by its section and place ("2.3"); no two may share one.
#
# The council's own measures go under local_measures, defined in full as the library's are
# (id, title, unit, polarity, rag, why, definition, owner, source; basis and breakdowns are
# optional), and are then picked by id like any other. Their figures come from the measures
# extract, under the same id. For example:
#
# local_measures:
#   - id: care_leavers_council_tax_exempt
#     title: Care leavers living alone exempt from council tax
#     unit: percent
#     polarity: higher_is_better
#     rag: null
#     why: The exemption keeps a care leaver's first home free of council tax debt.
#     definition: Care leavers aged 18 to 25 with a tenancy who have the exemption, as a percentage of them.
#     basis: "Local measure: the council's care leaver council tax exemption"
#     owner: Head of Service, Care Leavers
#     source: Council tax system
#
# authority: Your council
# board: Your board
# protective_marking: OFFICIAL-SENSITIVE

"""


def starting_report_text() -> str:
    """The text `vitalsigns new-report` writes: the Bradford report with a commented guide to the file."""
    body = DEFAULT_REPORT.read_text(encoding="utf-8")
    body = "\n".join(line for line in body.splitlines() if not line.startswith("#")).lstrip("\n")
    return STARTING_REPORT_HEADER + body + ("" if body.endswith("\n") else "\n")


# ------------------------------------------------------- definitions as they were at the last build

DEFINITIONS_RECORD = ".vitalsigns-definitions.json"  # in the extracts folder; dot-named, so never read as an extract


def record_definitions(folder: Path, catalogue: Catalogue, period: str) -> None:
    """Note each measure's definition as built, so that `validate` can say which changed before the next build."""
    record = {
        "period": period,
        "definitions": {i.id: {"title": i.title, "definition": i.definition} for i in catalogue.indicators},
    }
    text = json.dumps(record, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    write_atomically(folder / DEFINITIONS_RECORD, lambda temporary: temporary.write_text(text, encoding="utf-8"))


def changed_definitions(folder: Path, catalogue: Catalogue) -> list[str]:
    """One line per measure whose definition differs from the one it had at the last build from ``folder``."""
    try:
        record = json.loads((folder / DEFINITIONS_RECORD).read_text(encoding="utf-8"))
        before = {key: str(value["definition"]) for key, value in record["definitions"].items()}
        period = str(record["period"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return []  # never built from this folder, or a record this version cannot read: nothing to compare
    return [
        f"{i.code} {i.title} ({i.id}): the definition has changed since the build for {period}. "
        f"It was: {before[i.id]} It is now: {i.definition}"
        for i in catalogue.indicators
        if i.id in before and " ".join(before[i.id].split()) != " ".join(i.definition.split())
    ]
