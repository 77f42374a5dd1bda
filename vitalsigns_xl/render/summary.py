"""The Summary dashboard: one row per measure, linked to its block, with a 13-month sparkline."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from vitalsigns_xl.contract import SUMMARY, table_name
from vitalsigns_xl.render.cells import SUMMARY_FIRST_ROW, summary_cells, summary_title
from vitalsigns_xl.render.layout import BlockLayout
from vitalsigns_xl.render.page import RenderOptions, set_up_page
from vitalsigns_xl.render.section import add_rag_colours, write_cell
from vitalsigns_xl.render.style import Styles

HEADER_ROW = SUMMARY_FIRST_ROW - 1
COLUMNS = (
    ("Section", 22),
    ("Code", 6),
    ("Measure", 60),
    ("Latest", 10),
    ("Previous", 10),
    ("Change", 11),
    ("Direction", 13),
    ("Target", 10),
    ("SN average", 11),
    ("RAG", 10),
    ("Trend (13 months)", 18),
)


def write_summary(
    workbook: Workbook, styles: Styles, sections: list[tuple[str, list[BlockLayout]]], options: RenderOptions
) -> None:
    sheet = workbook.add_worksheet(SUMMARY)
    sheet.write_string(0, 0, summary_title(options.period), styles("title"))
    sheet.set_row(0, 26)
    sheet.write_string(
        1,
        0,
        "RAG compares the latest figure with its target; ↑ means getting better and ↓ getting worse, "
        "whichever way the figure moves. Select a measure to go to its page.",
        styles("note", text_wrap=False),
    )
    for col, (_, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
    row = SUMMARY_FIRST_ROW - 1
    for sheet_name, blocks in sections:
        for block in blocks:
            row += 1
            ind = block.item.indicator
            sheet.write_string(row, 0, sheet_name, styles("text"))
            sheet.write_string(row, 1, ind.code, styles("text"))
            sheet.write_url(
                row, 2, f"internal:'{sheet_name}'!A{block.heading_row + 1}", styles("link", text_wrap=True), string=ind.title
            )
            for cell in summary_cells(SUMMARY, row, block):
                write_cell(sheet, styles, ind, cell)
            sheet.add_sparkline(row, 10, {"range": block.value_range(), "markers": True, "series_color": "#1D4F91"})
    last = row
    sheet.add_table(
        HEADER_ROW,
        0,
        last,
        len(COLUMNS) - 1,
        {
            "name": table_name(SUMMARY),
            "style": "Table Style Light 1",
            "autofilter": False,
            "columns": [{"header": name} for name, _ in COLUMNS],
        },
    )
    add_rag_colours(sheet, styles, f"J{HEADER_ROW + 2}:J{last + 1}")
    sheet.freeze_panes(HEADER_ROW + 1, 3)
    set_up_page(sheet, options, last, len(COLUMNS) - 1, repeat_rows=(HEADER_ROW, HEADER_ROW))
