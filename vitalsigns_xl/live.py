"""Refresh in place: the new month's figures written into a workbook the officer has open.

The Refresh button must not close, replace or reopen the workbook whose macro is waiting on
it, and must leave alone whatever the officer added (their own sheets, notes, formulas, their
commentary). So instead of rebuilding the file, it writes only the report's own cells, taken
from the same description the file writer follows (``render.cells``, at the positions
``BlockLayout`` gives), through ``LiveBook``: a small interface over an open workbook.
Excel's implementation is ``XlwingsBook``; the tests drive LibreOffice Calc through UNO with
the same interface, and the benchmark uses ``MemoryBook``.

When the report changed shape since the workbook was built (measures added, removed or
moved, or a table row appearing), writing in place would put figures in the wrong cells, so
``ShapeChanged`` asks for a full rebuild with ``vitalsigns refresh`` instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from vitalsigns_xl.catalogue import Catalogue
from vitalsigns_xl.contract import (
    CHILDREN,
    CHILDREN_TABLE,
    COMMENTARY,
    COVER,
    DATA,
    DATA_QUALITY,
    DATA_QUALITY_TABLE,
    DEFINITION_PROPERTY,
    DEFINITION_SHA_PROPERTY,
    DRAFTED_PREFIX,
    FORMAT_VERSION,
    OFFICER_PREFIX,
    PERIOD_PROPERTY,
    RAG_PREFIX,
    SPC_JOINED_PREFIX,
    SPC_PREFIX,
    SUMMARY,
    drafted_cell_name,
    officer_cell_name,
    rag_cell_name,
    spc_cell_name,
    spc_joined_name,
    table_name,
)
from vitalsigns_xl.errors import VitalSignsError
from vitalsigns_xl.extracts import Extracts
from vitalsigns_xl.model import Report
from vitalsigns_xl.officer_text import Commentary
from vitalsigns_xl.render.cells import (
    SUMMARY_FIRST_ROW,
    Cell,
    Colours,
    Formula,
    block_cells,
    commentary_cells,
    cover_rows,
    report_heading,
    section_subtitle,
    summary_cells,
    summary_title,
)
from vitalsigns_xl.render.layout import COL_RAG, BlockLayout
from vitalsigns_xl.render.page import RenderOptions
from vitalsigns_xl.render.spc_sheet import month_cells, spc_cells
from vitalsigns_xl.render.tables import TABLE_TOP, commentary_rows, data_rows

CellValue = str | float | datetime | None
Position = tuple[str, int, int]  # sheet, zero-based row and column
NAME_PREFIXES = (OFFICER_PREFIX, DRAFTED_PREFIX, RAG_PREFIX, SPC_PREFIX, SPC_JOINED_PREFIX)
TABLES = {
    DATA: table_name(DATA),
    COMMENTARY: table_name(COMMENTARY),
    CHILDREN: CHILDREN_TABLE,  # from an Annex A, the officer's workbook only
    DATA_QUALITY: DATA_QUALITY_TABLE,
}


class LiveBook(Protocol):
    """An open workbook, as much of it as a refresh needs; rows and columns count from zero."""

    def defined_names(self) -> dict[str, Position]:
        """Workbook-level names that refer to a single cell, and where."""
        ...

    def read(self, sheet: str, row: int, col: int) -> Any:
        """A cell's value as the application holds it (None when empty)."""
        ...

    def write(self, sheet: str, row: int, col: int, value: CellValue) -> None:
        """A value; text always stays text (never read as a number, date or formula); None empties the cell."""
        ...

    def write_formula(self, sheet: str, row: int, col: int, formula: str) -> None: ...

    def write_rows(self, sheet: str, row: int, col: int, rows: Sequence[Sequence[CellValue]]) -> None:
        """A block of values from (row, col), the way ``write`` writes one."""
        ...

    def table_rows(self, sheet: str, table: str) -> int:
        """How many data rows (below its header) a table has."""
        ...

    def resize_table(self, sheet: str, table: str, rows: int) -> None:
        """Make a table's data rows ``rows`` long (at least one, as Excel requires), header and columns unchanged."""
        ...

    def set_property(self, name: str, value: str) -> None:
        """A custom document property (text), added when the workbook has none of that name."""
        ...

    def set_colours(self, sheet: str, row: int, col: int, colours: Colours) -> None:
        """A cell's fill (none when ``colours.fill`` is None), text colour and boldness."""
        ...


class ShapeChanged(VitalSignsError, ValueError):
    """The report's layout no longer matches the open workbook's; only a full rebuild can show it."""


def expected_names(sections: list[tuple[str, list[BlockLayout]]]) -> dict[str, Position]:
    """The defined names the file writer gives each measure's cells, where they would be for this report."""
    names = {}
    for sheet, blocks in sections:
        for block in blocks:
            ind = block.item.indicator.id
            names[officer_cell_name(ind)] = (sheet, block.officer_row, block.comment_col)
            names[drafted_cell_name(ind)] = (sheet, block.drafted_row, block.comment_col)
            names[rag_cell_name(ind)] = (sheet, block.value_row, COL_RAG)
            if block.spc_rows is not None:  # its XmR chart reads these rows: they must not move or grow
                names[spc_cell_name(ind)] = block.spc_rows.anchor
                if block.spc_rows.joined:  # its chart joins blank months, so steady lines are written at their ends
                    names[spc_joined_name(ind)] = block.spc_rows.anchor
    return names


def check_format(version: int | None) -> None:
    """Refuse a workbook whose layout is another version's: a refresh in place would write into the wrong cells."""
    if version == FORMAT_VERSION:
        return
    if version is not None and version > FORMAT_VERSION:
        raise ShapeChanged(
            f"This workbook was made by a newer version of Vital Signs (workbook format {version}; this version "
            f"writes format {FORMAT_VERSION}), so it cannot be updated in place. Install the newer vitalsigns_xl "
            "on this computer (as docs/excel.md describes), then press Refresh again."
        )
    made = "an earlier version" if version is None else f"an earlier version (workbook format {version})"
    raise ShapeChanged(
        f"This workbook was made by {made} of Vital Signs, whose layout differs from this version's "
        f"(format {FORMAT_VERSION}), so it cannot be updated in place. Close it and run a full rebuild once, which "
        "keeps your commentary and a backup: vitalsigns refresh WORKBOOK"
    )


def check_shape(book: LiveBook, sections: list[tuple[str, list[BlockLayout]]]) -> None:
    """Refuse, naming what moved, unless every measure's cells are where this report would put them."""
    found = {name: where for name, where in book.defined_names().items() if name.startswith(NAME_PREFIXES)}
    wanted = expected_names(sections)
    added = sorted({n.removeprefix(OFFICER_PREFIX) for n in wanted.keys() - found.keys() if n.startswith(OFFICER_PREFIX)})
    removed = sorted({n.removeprefix(OFFICER_PREFIX) for n in found.keys() - wanted.keys() if n.startswith(OFFICER_PREFIX)})
    moved = sorted({n for n in wanted.keys() & found.keys() if wanted[n] != found[n]})
    spc = sorted(n.removeprefix(SPC_PREFIX) for n in wanted.keys() ^ found.keys() if n.startswith(SPC_PREFIX))
    joined = sorted(
        ind
        for n in wanted.keys() ^ found.keys()
        if n.startswith(SPC_JOINED_PREFIX) and (ind := n.removeprefix(SPC_JOINED_PREFIX)) not in spc
    )
    if not (added or removed or moved or spc or joined):
        return
    what = []
    if spc:
        what.append(f"SPC charts begin or end for {', '.join(spc)}")
    if joined:
        what.append(f"a month is missing, or no longer missing, inside the SPC charts of {', '.join(joined)}")
    if added:
        what.append(f"measures added: {', '.join(added)}")
    if removed:
        what.append(f"measures removed: {', '.join(removed)}")
    if moved and not (added or removed):
        measures = sorted({n.split("_", 2)[2] for n in moved})
        what.append(f"the tables of {', '.join(measures)} have a different number of rows")
    raise ShapeChanged(
        f"The report has changed shape since this workbook was built ({'; '.join(what)}), so it cannot be "
        "updated in place. Close it and run a full rebuild, which keeps your commentary and a backup: "
        "vitalsigns refresh WORKBOOK"
    )


@dataclass(frozen=True)
class Update:
    """Everything a refresh writes into an open workbook, described once."""

    cells: list[Cell]
    tables: dict[str, list[list[Any]]]  # sheet → its table's data rows
    properties: dict[str, str]


def describe(
    report: Report, catalogue: Catalogue, extracts: Extracts, commentary: Commentary, options: RenderOptions
) -> tuple[list[tuple[str, list[BlockLayout]]], Update]:
    """The layout, and every cell, table and property of it that a new month changes."""
    from vitalsigns_xl.render import lay_out

    sections = lay_out(report)
    cells: list[Cell] = [Cell(COVER, 0, 0, report_heading(catalogue.report.title, options.period))]
    rows = cover_rows(options.authority, options.board, options.period, options.generated, options.protective_marking)
    cells += [Cell(COVER, index, 1, text) for index, (_, text) in enumerate(rows, start=2)]
    cells.append(Cell(SUMMARY, 0, 0, summary_title(options.period)))
    summary_row = SUMMARY_FIRST_ROW - 1
    for sheet, blocks in sections:
        cells.append(Cell(sheet, 1, 0, section_subtitle(options.period)))
        for block in blocks:
            cells += block_cells(block)
            cells += commentary_cells(block, commentary, options.board_pack)
            summary_row += 1
            cells += summary_cells(SUMMARY, summary_row, block)
            if block.spc_rows is not None:
                cells += spc_cells(block.spc_rows)
    if any(block.spc_rows is not None for _, blocks in sections for block in blocks):
        cells += month_cells(options.period)
    tables = {
        DATA: data_rows(catalogue, extracts, report),
        COMMENTARY: commentary_rows(catalogue, commentary.log),
    }
    if extracts.annex_a is not None and not options.board_pack:  # the children behind this month's figures
        from vitalsigns_xl.render.annex_a_sheets import children_rows, children_title, quality_rows

        cells.append(Cell(CHILDREN, 0, 0, children_title(options.period)))
        tables[CHILDREN] = children_rows(catalogue, extracts.annex_a, options.period)
        tables[DATA_QUALITY] = quality_rows(extracts.annex_a)
    properties = {PERIOD_PROPERTY: str(options.period)}
    if options.definition:  # the report definition it now follows, as a full rebuild records it
        properties |= {DEFINITION_PROPERTY: options.definition, DEFINITION_SHA_PROPERTY: options.definition_sha256}
    return sections, Update(cells, tables, properties)


def _same(shown: Any, value: CellValue) -> bool:
    return (shown in (None, "") and value in (None, "")) or shown == value


def write_update(book: LiveBook, update: Update) -> int:
    """Write the update; the officer's cell only where its text must change (a month's draft). Cells written.

    A cell whose colours follow the month (SPC's verdicts on the Summary) gets them as the file writer gives them.
    """
    written = 0
    for cell in update.cells:
        if cell.colours is not None:
            book.set_colours(cell.sheet, cell.row, cell.col, cell.colours)
        if isinstance(cell.value, Formula):
            book.write_formula(cell.sheet, cell.row, cell.col, cell.value.text)
        elif cell.kind == "officer":
            if _same(book.read(cell.sheet, cell.row, cell.col), cell.value):
                continue
            book.write(cell.sheet, cell.row, cell.col, cell.value)
        else:
            book.write(cell.sheet, cell.row, cell.col, cell.value)
        written += 1
    for sheet, rows in update.tables.items():
        table = TABLES[sheet]
        before = book.table_rows(sheet, table)
        width = len(rows[0]) if rows else 0
        if rows:
            book.write_rows(sheet, TABLE_TOP + 1, 0, rows)
        surplus = before - len(rows)
        if surplus > 0:  # last month's longer table: its rows below the new end are emptied
            book.write_rows(sheet, TABLE_TOP + 1 + len(rows), 0, [[None] * (width or _table_width(sheet))] * surplus)
        book.resize_table(sheet, table, max(len(rows), 1))
        written += len(rows) * width
    for name, value in update.properties.items():
        book.set_property(name, value)
    return written


def _table_width(sheet: str) -> int:
    from vitalsigns_xl.contract import COMMENTARY_COLUMNS
    from vitalsigns_xl.render.annex_a_sheets import CHILD_COLUMNS, QUALITY_COLUMNS
    from vitalsigns_xl.render.tables import DATA_COLUMNS

    widths = {DATA: len(DATA_COLUMNS), CHILDREN: len(CHILD_COLUMNS), DATA_QUALITY: len(QUALITY_COLUMNS)}
    return widths.get(sheet, len(COMMENTARY_COLUMNS))


# ---------------------------------------------------------------- implementations


@dataclass
class MemoryBook:
    """A workbook held in dictionaries: for the benchmark and for tests of the writer itself."""

    cells: dict[Position, Any] = field(default_factory=dict)
    formulas: dict[Position, str] = field(default_factory=dict)
    names: dict[str, Position] = field(default_factory=dict)
    tables: dict[tuple[str, str], int] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)
    colours: dict[Position, Colours] = field(default_factory=dict)

    def defined_names(self) -> dict[str, Position]:
        return dict(self.names)

    def read(self, sheet: str, row: int, col: int) -> Any:
        return self.cells.get((sheet, row, col))

    def write(self, sheet: str, row: int, col: int, value: CellValue) -> None:
        self.formulas.pop((sheet, row, col), None)
        self.cells[(sheet, row, col)] = value

    def write_formula(self, sheet: str, row: int, col: int, formula: str) -> None:
        self.formulas[(sheet, row, col)] = formula

    def write_rows(self, sheet: str, row: int, col: int, rows: Sequence[Sequence[CellValue]]) -> None:
        for r, values in enumerate(rows, start=row):
            for c, value in enumerate(values, start=col):
                self.write(sheet, r, c, value)

    def table_rows(self, sheet: str, table: str) -> int:
        return self.tables.get((sheet, table), 1)

    def resize_table(self, sheet: str, table: str, rows: int) -> None:
        self.tables[(sheet, table)] = rows

    def set_property(self, name: str, value: str) -> None:
        self.properties[name] = value

    def set_colours(self, sheet: str, row: int, col: int, colours: Colours) -> None:
        self.colours[(sheet, row, col)] = colours


def _excel_value(value: CellValue) -> Any:
    """What xlwings must be given so Excel stores a value as it is: a leading apostrophe keeps text text."""
    return f"'{value}" if isinstance(value, str) and value else value


class XlwingsBook:  # pragma: no cover - needs Excel; the same interface is tested over LibreOffice
    """The open workbook in Excel, through xlwings."""

    def __init__(self, book: Any) -> None:
        self.book = book

    def _cell(self, sheet: str, row: int, col: int) -> Any:
        return self.book.sheets[sheet].range((row + 1, col + 1))

    def defined_names(self) -> dict[str, Position]:
        found = {}
        for name in self.book.names:
            try:
                target = name.refers_to_range
            except Exception:  # a name that is not a range (a constant, a broken reference)
                continue
            if target.count == 1 and "!" not in name.name:  # workbook-level, one cell
                found[name.name] = (target.sheet.name, target.row - 1, target.column - 1)
        return found

    def read(self, sheet: str, row: int, col: int) -> Any:
        return self._cell(sheet, row, col).value

    def write(self, sheet: str, row: int, col: int, value: CellValue) -> None:
        cell = self._cell(sheet, row, col)
        if value is None or value == "":
            cell.clear_contents()
        else:
            cell.value = _excel_value(value)

    def write_formula(self, sheet: str, row: int, col: int, formula: str) -> None:
        self._cell(sheet, row, col).formula = formula

    def write_rows(self, sheet: str, row: int, col: int, rows: Sequence[Sequence[CellValue]]) -> None:
        if rows:
            self._cell(sheet, row, col).value = [[_excel_value(v) for v in values] for values in rows]

    def table_rows(self, sheet: str, table: str) -> int:
        body = self.book.sheets[sheet].tables[table].data_body_range
        return 0 if body is None else int(body.rows.count)

    def resize_table(self, sheet: str, table: str, rows: int) -> None:
        found = self.book.sheets[sheet].tables[table]
        header = found.header_row_range
        found.resize(header.resize(rows + 1, header.columns.count))

    def set_property(self, name: str, value: str) -> None:
        properties = self.book.api.CustomDocumentProperties  # Windows Excel's object model
        try:
            properties(name).Value = value
        except Exception:  # no such property yet
            properties.Add(Name=name, LinkToContent=False, Type=4, Value=value)  # 4: msoPropertyTypeString

    def set_colours(self, sheet: str, row: int, col: int, colours: Colours) -> None:
        cell = self._cell(sheet, row, col)
        cell.color = colours.fill  # a #RRGGBB text, or None for no fill
        cell.font.color = colours.text
        cell.font.bold = colours.bold


def iter_positions(update: Update) -> Iterator[Position]:
    """Every cell an update writes (for tests that look at the rest of the workbook)."""
    for cell in update.cells:
        yield cell.sheet, cell.row, cell.col
    for sheet, rows in update.tables.items():
        for r, values in enumerate(rows, start=TABLE_TOP + 1):
            for c in range(len(values)):
                yield sheet, r, c
