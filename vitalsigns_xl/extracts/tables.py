"""Reading an extract file into rows of cells, whatever the system or Excel saved it as.

CSV arrives as UTF-8 (with or without the byte-order mark Excel adds) or as Windows-1252,
which is what Excel's plain "Save as CSV" writes on a UK machine. XLSX is read with
openpyxl in read-only mode. Rows keep the number Excel would show, so every problem can
point the officer at the right row.
"""

from __future__ import annotations

import csv
import difflib
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl

from vitalsigns_xl.extracts.problems import Problem

Cell = str | float | int | datetime | date | None
# Limits that keep a wrong file from running for minutes or taking the machine's memory. A month's
# extract is a few thousand rows; the limits are far above any real one and are named in the message.
MAX_BYTES = 50_000_000
MAX_ROWS = 250_000
SUPPORTED_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class Row:
    number: int  # as Excel shows it
    cells: dict[str, Cell]


@dataclass
class Table:
    """Rows of one extract, with its columns matched to the names the reader expects."""

    file: str
    rows: list[Row] = field(default_factory=list)


class UnreadableFile(Exception):
    """The file cannot be read as a table at all; its message is a Problem."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def _normalise(header: object) -> str:
    return " ".join(str(header or "").split()).lower().replace(" ", "_")


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data:
        raise UnreadableFile(
            Problem(
                name,
                None,
                None,
                "is not a CSV text file (it holds binary data); save it from Excel as 'CSV UTF-8' or as an .xlsx workbook",
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _csv_records(path: Path) -> list[tuple[int, list[Cell]]]:
    text = _decode(path.read_bytes(), path.name)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    records: list[tuple[int, list[Cell]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            _within_row_limit(path.name, number)
            records.append((number, list(record)))
    except csv.Error as exc:  # a cell over the CSV module's 131,072-character limit, or a stray NUL
        row = len(records) + 1
        message = f"cannot be read as CSV ({exc}); a cell this long is not a figure: is it the right file?"
        raise UnreadableFile(Problem(path.name, row, None, message)) from None
    return records


def _within_row_limit(name: str, number: int) -> None:
    if number > MAX_ROWS:
        raise UnreadableFile(
            Problem(name, None, None, f"has more than {MAX_ROWS:,} rows, the most an extract may have; is it the right file?")
        )


OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # what a password-protected .xlsx (or an old .xls) starts with


def _xlsx_records(path: Path) -> list[tuple[int, list[Cell]]]:
    with path.open("rb") as handle:
        protected = handle.read(len(OLE_SIGNATURE)) == OLE_SIGNATURE
    if protected:
        raise UnreadableFile(
            Problem(
                path.name,
                None,
                None,
                "is password-protected (or an old .xls workbook); open it in Excel and save a copy without a password "
                "as 'Excel Workbook (*.xlsx)'",
            )
        )
    if not zipfile.is_zipfile(path):
        raise UnreadableFile(
            Problem(
                path.name,
                None,
                None,
                "is not an Excel .xlsx workbook; open it in Excel and save it as 'Excel Workbook (*.xlsx)' or as CSV",
            )
        )
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(Problem(path.name, None, None, f"cannot be opened as a workbook ({exc})")) from exc
    try:
        return _sheet_records(path.name, book)
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError) as exc:
        raise UnreadableFile(
            Problem(path.name, None, None, f"is damaged ({exc}); open it in Excel, let it repair the file, and save it again")
        ) from None
    finally:
        book.close()


def _sheet_records(name: str, book: Any) -> list[tuple[int, list[Cell]]]:
    """The first sheet's rows; another sheet that holds data is refused rather than silently left out."""
    others = [
        sheet.title
        for sheet in book.worksheets[1:]
        if any(value is not None for row in sheet.iter_rows(values_only=True) for value in row)
    ]
    if others:
        raise UnreadableFile(
            Problem(
                name,
                None,
                None,
                f"has figures on more than one sheet ({', '.join([book.worksheets[0].title, *others])}); only one is read: "
                "put them on one sheet, or save each sheet as a file of its own",
            )
        )
    sheet = book.worksheets[0]
    sheet.reset_dimensions()  # the stored size can be stale: read every row there is, not the rows it claims
    records: list[tuple[int, list[Cell]]] = []
    for number, row in enumerate(sheet.iter_rows(), start=1):
        _within_row_limit(name, number)
        cells: list[Cell] = []
        for cell in row:
            value = getattr(cell, "value", None)
            # A percentage typed in Excel is stored as a fraction: 54.3% is 0.543.
            if isinstance(value, int | float) and "%" in (getattr(cell, "number_format", "") or ""):
                value = value * 100
            cells.append(value)
        records.append((number, cells))
    return records


def _blank(record: Sequence[Cell]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in record)


def read_table(path: Path, required: Sequence[str], optional: Sequence[str] = ()) -> tuple[Table, list[Problem]]:
    """Read ``path`` and match its header to the expected columns.

    Returns the table and the problems with its columns (missing, misspelt, repeated).
    Raises UnreadableFile when the file cannot be read as a table at all.
    """
    name = path.name
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise UnreadableFile(Problem(name, None, None, "is in the old Excel 97-2003 format; save it as .xlsx or CSV"))
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableFile(Problem(name, None, None, "is not a CSV or XLSX file"))
    if path.is_dir():
        raise UnreadableFile(Problem(name, None, None, "is a folder, not a file: give the file itself"))
    size = path.stat().st_size if path.exists() else 0
    if size > MAX_BYTES:
        raise UnreadableFile(
            Problem(
                name,
                None,
                None,
                f"is {size / 1e6:,.0f} MB; an extract may be at most {MAX_BYTES / 1e6:,.0f} MB. Is it the right file?",
            )
        )
    try:
        records = _csv_records(path) if suffix == ".csv" else _xlsx_records(path)
    except OSError as exc:  # missing, unreadable, or a link to nowhere
        raise UnreadableFile(Problem(name, None, None, f"cannot be read ({exc.strerror or exc})")) from None
    records = [(number, cells) for number, cells in records if not _blank(cells)]
    if not records:
        raise UnreadableFile(
            Problem(
                name,
                None,
                None,
                f"is empty: expected a header row naming the columns ({', '.join(required)}) and at least one row of data",
            )
        )
    header_row, header = records[0]
    names = [_normalise(h) for h in header]
    expected = list(required) + list(optional)
    problems: list[Problem] = []
    positions: dict[str, int] = {}
    unknown: list[str] = []
    for index, column in enumerate(names):
        if not column:
            continue
        if column in positions:
            problems.append(Problem(name, header_row, str(header[index]), "this column appears twice"))
        elif column in expected:
            positions[column] = index
        else:
            unknown.append(column)
    missing = [column for column in expected if column not in positions]
    misspelt: set[str] = set()
    for column in unknown:
        guess = difflib.get_close_matches(column, missing, n=1, cutoff=0.6)
        if guess:
            misspelt.add(guess[0])
            problems.append(Problem(name, header_row, column, f"is not a column of this extract; did you mean '{guess[0]}'?"))
    for column in required:
        if column not in positions and column not in misspelt:
            found = ", ".join(n for n in names if n)
            problems.append(Problem(name, header_row, column, f"required column is missing (the header has: {found})"))
    if len(records) == 1:
        problems.append(Problem(name, None, None, "has a header row but no rows of data"))
    table = Table(name)
    for number, cells in records[1:]:
        table.rows.append(Row(number, {col: cells[i] if i < len(cells) else None for col, i in positions.items()}))
    return table, problems
