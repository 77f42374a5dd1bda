"""The Summary dashboard: one row per measure, linked to its page, with a 13-month sparkline.

Printed, it is one page (two beyond 40 measures): code to RAG and SPC's variation and assurance. The sparkline and the section
name sit to the right of the printed area, for the screen (LibreOffice prints sparklines as
scattered dots, and each measure's page shows the trend as a chart).
"""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from vitalsigns_xl.contract import SUMMARY, sheet_ref, table_name
from vitalsigns_xl.render.cells import (
    SUMMARY_ASSURANCE,
    SUMMARY_CODE,
    SUMMARY_FIRST_ROW,
    SUMMARY_MEASURE,
    SUMMARY_SECTION,
    SUMMARY_TREND,
    summary_cells,
    summary_title,
)
from vitalsigns_xl.render.layout import BlockLayout
from vitalsigns_xl.render.page import RenderOptions, set_up_page
from vitalsigns_xl.render.section import add_rag_colours, write_cell
from vitalsigns_xl.render.style import Styles

HEADER_ROW = SUMMARY_FIRST_ROW - 1
COLUMNS = (  # in the order of the SUMMARY_ column numbers
    ("Code", 6),
    ("Measure", 66),
    ("Latest", 9),
    ("Previous", 9),
    ("Change", 10),
    ("Direction", 12),
    ("Target", 9),
    ("SN average", 10),
    ("RAG", 9),
    ("Variation (SPC)", 15),
    ("Assurance (SPC)", 12),
    ("Trend (13 months)", 18),
    ("Section", 22),
    ("Among all councils", 30),
    ("Benchmarks on another basis, not compared", 34),
)
ROW_HEIGHT = 14
MEASURES_ON_ONE_PAGE = 40


def write_summary(
    workbook: Workbook, styles: Styles, sections: list[tuple[str, list[BlockLayout]]], options: RenderOptions
) -> None:
    sheet = workbook.add_worksheet(SUMMARY)
    sheet.write_string(0, 0, summary_title(options.period), styles("title"))
    sheet.set_row(0, 26)
    sheet.merge_range(1, 0, 1, SUMMARY_ASSURANCE, "", styles("note"))
    sheet.write_string(
        1,
        0,
        "RAG compares the latest figure with its target; ↑ means getting better and ↓ getting worse, "
        "whichever way the figure moves. Variation and assurance are statistical process control (SPC) of each "
        "measure's history: ● no significant change, ▲ or ▼ a special cause, high or low; P the target will be "
        "passed every month, F failed every month, ~ hit and miss. * an SN average counted on another basis than the "
        "measure: shown, never compared (see the measure's page and the Definitions sheet). "
        "Select a measure to go to its page.",
        styles("note"),
    )
    sheet.set_row(1, 40)
    sheet.set_row(HEADER_ROW, ROW_HEIGHT)
    for col, (_, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
    row = SUMMARY_FIRST_ROW - 1
    for sheet_name, blocks in sections:
        for block in blocks:
            row += 1
            sheet.set_row(row, ROW_HEIGHT)
            ind = block.item.indicator
            sheet.write_string(row, SUMMARY_SECTION, sheet_name, styles("text"))
            sheet.write_string(row, SUMMARY_CODE, ind.code, styles("text"))
            link = f"internal:{sheet_ref(sheet_name, f'A{block.heading_row + 1}')}"
            sheet.write_url(row, SUMMARY_MEASURE, link, styles("link"), string=ind.title)
            for cell in summary_cells(SUMMARY, row, block):
                write_cell(sheet, styles, ind, cell)
            sparkline = {"range": block.value_range(), "markers": True, "series_color": "#1D4F91"}
            sheet.add_sparkline(row, SUMMARY_TREND, sparkline)
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
    add_rag_colours(sheet, styles, f"I{HEADER_ROW + 2}:I{last + 1}")
    sheet.freeze_panes(HEADER_ROW + 1, SUMMARY_MEASURE + 1)
    set_up_page(sheet, options, last, SUMMARY_ASSURANCE, repeat_rows=(HEADER_ROW, HEADER_ROW))
    measures = sum(len(blocks) for _, blocks in sections)
    sheet.fit_to_pages(1, 1 if measures <= MEASURES_ON_ONE_PAGE else 2)
