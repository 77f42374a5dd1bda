"""Reading back what must survive a refresh from an existing Vital Signs workbook.

The workbook is opened with openpyxl in read-only mode and never saved by it (openpyxl
would drop sparklines, chart extensions and conditional-format extensions). What is read:
the report period, the officer's text in each input cell (found by its defined name), the
Commentary log, and the RAG shown for each measure, so a refresh can say what changed colour.
"""

from __future__ import annotations

import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.exceptions import InvalidFileException

from vitalsigns_xl.analysis.judgements import Rag
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.contract import (
    BOARD_COPY_PROPERTY,
    COMMENTARY,
    COMMENTARY_COLUMNS,
    DEFINITION_PROPERTY,
    DEFINITION_SHA_PROPERTY,
    FOLDER_PROPERTY,
    FORMAT_PROPERTY,
    OFFICER_PREFIX,
    PERIOD_PROPERTY,
    RAG_PREFIX,
    SETTINGS,
    XLWINGS_CONF,
)
from vitalsigns_xl.errors import VitalSignsError
from vitalsigns_xl.officer_text import Entry, Log

ESCAPED_CONTROL = re.compile(r"_x([0-9A-Fa-f]{4})_")
RAG_WORDS = frozenset(r.value for r in Rag)


class WorkbookError(VitalSignsError, ValueError):
    """The workbook cannot be read as a Vital Signs workbook; the message says what to do."""


@dataclass(frozen=True)
class SavedWorkbook:
    path: Path
    period: Month
    extracts_folder: str | None
    inputs: dict[str, str]  # indicator id → text in its input cell ("" when empty)
    log: Log
    rags: dict[str, str]  # indicator id → RAG word shown ("" when not rated)
    settings: dict[str, str] = field(default_factory=dict)  # the .xlsm's Settings sheet: label → value
    xlwings_conf: dict[str, str] = field(default_factory=dict)  # its xlwings.conf sheet: key → value
    definition: str = ""  # the report definition that made it ("" in workbooks built before it was recorded)
    definition_sha256: str = ""
    format_version: int | None = None  # the layout it was built with (contract.FORMAT_VERSION); None in the first ones


def _control_character(match: re.Match[str]) -> str:
    code = int(match[1], 16)
    return chr(code) if code < 0x20 else match[0]


def _as_text(value: Any) -> str:
    """A cell's content as the officer sees it; Excel stores a typed number or date as one.

    The file format writes control characters such as a carriage return as ``_x000D_``;
    openpyxl leaves those escapes in, so they are decoded here.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return ESCAPED_CONTROL.sub(_control_character, value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _named_cells(book: Any, prefix: str) -> dict[str, tuple[str, str]]:
    """Indicator id → (sheet, coordinate) for every defined name starting with ``prefix``, in report order."""
    found = {}
    for name, defined in book.defined_names.items():
        if name.startswith(prefix):
            for sheet, coordinate in defined.destinations:  # openpyxl leaves an apostrophe in a sheet name doubled
                found[name.removeprefix(prefix)] = (sheet.replace("''", "'"), coordinate.replace("$", ""))
    sheets = {name: index for index, name in enumerate(book.sheetnames)}
    order = sorted(found, key=lambda key: (sheets.get(found[key][0], len(sheets)), coordinate_to_tuple(found[key][1])))
    return {key: found[key] for key in order}


def _cell_values(book: Any, cells: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """Values of many named cells, reading each sheet once (read-only sheets are streamed)."""
    by_sheet: dict[str, dict[tuple[int, int], str]] = defaultdict(dict)
    for key, (sheet, coordinate) in cells.items():
        by_sheet[sheet][coordinate_to_tuple(coordinate)] = key
    values: dict[str, Any] = {}
    for sheet, wanted in by_sheet.items():
        if sheet not in book.sheetnames:
            raise WorkbookError(f"its sheet '{sheet}' is missing, so the officer commentary on it cannot be found")
        rows = [r for r, _ in wanted]
        for row in book[sheet].iter_rows(min_row=min(rows), max_row=max(rows)):
            for cell in row:
                found = wanted.get((getattr(cell, "row", 0), getattr(cell, "column", 0)))
                if found is not None:
                    values[found] = cell.value
    return {key: values.get(key) for key in cells}


def _period(value: Any, where: str) -> Month:
    if isinstance(value, datetime | date):  # Excel turns a typed 2020-06 into a date
        return Month.of(value)
    try:
        return Month.parse(str(value or ""))
    except ValueError as exc:
        raise WorkbookError(f"{where}: {exc}") from None


def _read_log(book: Any) -> Log:
    """The Commentary sheet's table: every period's officer text."""
    if COMMENTARY not in book.sheetnames:
        return {}
    rows = book[COMMENTARY].iter_rows(values_only=True)
    header: dict[str, int] | None = None
    log: Log = {}
    for number, row in enumerate(rows, start=1):
        if header is None:
            if row and row[0] == COMMENTARY_COLUMNS[0]:
                header = {str(name): index for index, name in enumerate(row) if name}
                missing = [c for c in ("Indicator", "Period", "Text") if c not in header]
                if missing:
                    raise WorkbookError(f"the {COMMENTARY} sheet has no {', '.join(missing)} column")
            continue
        cells = dict.fromkeys(header, None) | {name: row[i] for name, i in header.items() if i < len(row)}
        indicator, text = _as_text(cells["Indicator"]).strip(), _as_text(cells["Text"])
        if not indicator and not text:
            continue
        period = _period(cells["Period"], f"the {COMMENTARY} sheet, row {number}, column Period")
        changed = cells.get("Last changed")
        log[(indicator, period)] = Entry(indicator, period, text, changed if isinstance(changed, datetime) else None)
    return log


def _pairs(book: Any, sheet: str) -> dict[str, str]:
    """Column A → column B of a key/value sheet such as Settings or xlwings.conf ({} if there is none)."""
    if sheet not in book.sheetnames:
        return {}
    pairs = {}
    for row in book[sheet].iter_rows(max_col=2, values_only=True):
        if row and row[0]:
            pairs[str(row[0]).strip()] = _as_text(row[1] if len(row) > 1 else None).strip()
    return pairs


def read_workbook(path: Path) -> SavedWorkbook:
    """What a refresh must keep from the workbook at ``path``; WorkbookError if it cannot be read as one."""
    if not path.is_file():
        raise WorkbookError(f"{path} does not exist. Build one first with: vitalsigns build EXTRACTS --out {path}")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise WorkbookError(
            f"{path.name} cannot be opened as an Excel workbook ({exc}). "
            f"If it was damaged, restore the copy in {path.parent / 'backups'} or build a new one."
        ) from None
    try:
        properties = {p.name: p.value for p in book.custom_doc_props}
        inputs_at = _named_cells(book, OFFICER_PREFIX)
        if PERIOD_PROPERTY not in properties or not inputs_at:  # the first workbooks had no format property
            raise WorkbookError(
                "it is not a Vital Signs workbook (it has no report period or commentary cells). "
                "Refresh works on a workbook made by `vitalsigns build`."
            )
        if properties.get(BOARD_COPY_PROPERTY):
            raise WorkbookError(
                "it is the board's copy, which holds no commentary history. Refresh the officer workbook "
                "and make a new board pack from it."
            )
        period = _period(properties[PERIOD_PROPERTY], f"document property '{PERIOD_PROPERTY}'")
        inputs = {key: _as_text(value) for key, value in _cell_values(book, inputs_at).items()}
        rags = {
            key: value if value in RAG_WORDS else ""  # "Not rated" and a blank alike: no colour
            for key, value in _cell_values(book, _named_cells(book, RAG_PREFIX)).items()
        }
        log = _read_log(book)
        settings, conf = _pairs(book, SETTINGS), _pairs(book, XLWINGS_CONF)
    except WorkbookError as exc:
        raise WorkbookError(f"{path.name}: {exc}") from None
    finally:
        book.close()
    folder = properties.get(FOLDER_PROPERTY)
    return SavedWorkbook(
        path,
        period,
        str(folder) if folder else None,
        inputs,
        log,
        rags,
        settings,
        conf,
        str(properties.get(DEFINITION_PROPERTY) or ""),
        str(properties.get(DEFINITION_SHA_PROPERTY) or ""),
        _format_version(properties.get(FORMAT_PROPERTY)),
    )


def _format_version(value: Any) -> int | None:
    """The workbook format as its property holds it (a whole number), or None when it is missing or not one."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
