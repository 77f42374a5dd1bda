"""The officer's sheets from an Annex A: the children behind each exception, and the rows that could not be counted.

"Children behind figures" is one table: for the report month, each child behind an exception
(an assessment over 45 working days, a conference out of time, a plan over two years, three or
more placements, a visit out of time …) with the measure's code and the dates that make it so;
each such measure's block links to it, and the table's filter picks one measure. It names
children, so it is written only into the officer's workbook, never into a board pack (the
caller checks ``options.board_pack``).

"Data quality" lists each Annex A row left out of a figure, with its list, row as Excel shows
it, column, what is wrong and the measures it was left out of, so the officer can put it right
in the case-management system. Both are plain tables at the row every reference table starts
on, so a refresh in place can rewrite them as it does the Data table.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.workbook import Workbook

from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.catalogue import Catalogue
from vitalsigns_xl.contract import CHILDREN, CHILDREN_TABLE, DATA_QUALITY, DATA_QUALITY_TABLE, sheet_ref
from vitalsigns_xl.extracts.annex_a import AnnexAFigures
from vitalsigns_xl.render.page import RenderOptions, set_up_page
from vitalsigns_xl.render.style import Styles
from vitalsigns_xl.render.tables import TABLE_TOP

CHILD_COLUMNS = [("Code", 7), ("Measure", 44), ("Child Unique ID", 18), ("Annex A list", 11), ("Row", 8), ("Why", 80)]
QUALITY_COLUMNS = [("List", 7), ("File", 28), ("Row", 8), ("Column", 34), ("Problem", 70), ("Measures", 40)]
CHILDREN_LINK = f"internal:{sheet_ref(CHILDREN, f'A{TABLE_TOP + 1}')}"


def children_title(period: Month) -> str:
    return f"Children behind the figures, {period.long_label} (for the officer only: never copy into the board pack)"


QUALITY_TITLE = "Data quality: Annex A rows that could not be counted"


def children_rows(catalogue: Catalogue, figures: AnnexAFigures, period: Month) -> list[list[Any]]:
    """One row per child behind an exception in ``period``, in the report's order of measures."""
    order = {ind.id: index for index, ind in enumerate(catalogue.indicators)}
    behind = sorted(
        (c for c in figures.counted.children if c.period == period and c.indicator in order),
        key=lambda c: (order[c.indicator], c.row),
    )
    return [
        [catalogue.indicator(c.indicator).code, catalogue.indicator(c.indicator).title, c.child_id, c.list, c.row, c.detail]
        for c in behind
    ]


def quality_rows(figures: AnnexAFigures) -> list[list[Any]]:
    return [[q.list, q.file, q.row, q.column or "", q.problem, " ".join(q.measures)] for q in figures.quality_rows()]


def children_links(catalogue: Catalogue, figures: AnnexAFigures | None, period: Month) -> dict[str, str]:
    """Each measure with children behind it in ``period`` → the link to the Children sheet."""
    if figures is None:
        return {}
    return {c.indicator: CHILDREN_LINK for c in figures.counted.children if c.period == period and c.indicator in catalogue.ids}


def _table(
    workbook: Workbook,
    styles: Styles,
    sheet_name: str,
    table: str,
    title: str,
    columns: list[tuple[str, int]],
    rows: list[list[Any]],
    options: RenderOptions,
) -> None:
    sheet = workbook.add_worksheet(sheet_name)
    sheet.write_string(0, 0, title, styles("title"))
    body = styles("text")
    for col, (_, width) in enumerate(columns):
        sheet.set_column(col, col, width)
    for r, row in enumerate(rows, start=TABLE_TOP + 1):
        for c, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(r, c, value, body)  # a child id or a cell's text is text, never a formula
            elif value is not None:
                sheet.write_number(r, c, value, body)
    sheet.add_table(
        TABLE_TOP,
        0,
        TABLE_TOP + max(len(rows), 1),
        len(columns) - 1,
        {"name": table, "style": "Table Style Light 1", "columns": [{"header": h} for h, _ in columns]},
    )
    sheet.freeze_panes(TABLE_TOP + 1, 0)
    set_up_page(sheet, options, TABLE_TOP + len(rows), len(columns) - 1, repeat_rows=(TABLE_TOP, TABLE_TOP))


def write_children(
    workbook: Workbook, styles: Styles, catalogue: Catalogue, figures: AnnexAFigures, options: RenderOptions
) -> None:
    rows = children_rows(catalogue, figures, options.period)
    _table(workbook, styles, CHILDREN, CHILDREN_TABLE, children_title(options.period), CHILD_COLUMNS, rows, options)


def write_data_quality(
    workbook: Workbook, styles: Styles, catalogue: Catalogue, figures: AnnexAFigures, options: RenderOptions
) -> None:
    rows = quality_rows(figures)
    _table(workbook, styles, DATA_QUALITY, DATA_QUALITY_TABLE, QUALITY_TITLE, QUALITY_COLUMNS, rows, options)
