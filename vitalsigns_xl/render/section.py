"""A section sheet: one block per measure, laid out as the board pack shows it.

Block, top to bottom, one printed page: code and title; the headline in words (latest
figure, month, target, RAG word, direction); why it matters; the 13-month table (value row
with target, benchmarks, RAG and direction, and the trend sparkline off the printed area;
then numerator, denominator, target and benchmark trajectories, categories and rolling
average); the chart, with the two commentary cells beside it (drafted from the data, and
the officer's own words, an unlocked input cell).
The positions are computed first (``BlockLayout``) so that the Summary and Contents can
link to the same cells.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from vitalsigns_xl.analysis.disclosure import SUPPRESSED
from vitalsigns_xl.analysis.judgements import Rag
from vitalsigns_xl.catalogue import Indicator
from vitalsigns_xl.contract import drafted_cell_name, officer_cell_name, rag_cell_name
from vitalsigns_xl.model import SectionReport
from vitalsigns_xl.officer_text import Commentary, OfficerCell
from vitalsigns_xl.render.cells import Cell, Colours, Formula, block_cells, commentary_cells, section_subtitle
from vitalsigns_xl.render.chart_data import ChartData
from vitalsigns_xl.render.charts import add_chart
from vitalsigns_xl.render.layout import (
    CHART_ROW_HEIGHT,
    COL_DIRECTION,
    COL_ENGLAND,
    COL_RAG,
    COL_TARGET,
    COL_TREND,
    DIRECTION_WIDTH,
    FIRST_MONTH_COL,
    LABEL_WIDTH,
    LAST_PRINTED_COL,
    MONTH_WIDTH,
    MONTHS,
    RAG_WIDTH,
    REFERENCE_WIDTH,
    TREND_WIDTH,
    BlockLayout,
)
from vitalsigns_xl.render.page import RenderOptions, set_up_page
from vitalsigns_xl.render.style import INK, Styles, number_format, write_figure

FIGURE_KINDS = ("number", "count")  # the kinds of a chart's figures, a row of one kind at a time


def write_cell(sheet: Worksheet, styles: Styles, indicator: Indicator | None, cell: Cell) -> None:
    """One described cell, formatted by its kind (or its colours): a number, text, a blank or a formula with its result."""
    fmt = cell_format(styles, indicator, cell.kind) if cell.colours is None else _coloured(styles, cell.colours)
    value = cell.value
    if isinstance(value, Formula):
        sheet.write_formula(cell.row, cell.col, value.text, fmt, value.result)
    elif isinstance(value, str):
        sheet.write_string(cell.row, cell.col, value, fmt)
    else:
        write_figure(sheet, cell.row, cell.col, value, fmt)


def cell_format(styles: Styles, indicator: Indicator | None, kind: str) -> Format:
    if indicator is not None and kind == "number":
        return styles.number(indicator)
    if indicator is not None and kind == "change":
        return styles.change(indicator)
    if indicator is not None and kind in ("band_low", "band_high"):  # a number that reads "≥10.0%", "≤15.0%"
        # A sign, not "from"/"to": the words made "from 10.0%" too wide for the Target column, printed as ###.
        sign = "≥" if kind == "band_low" else "≤"
        return styles("text", num_format=f'"{sign}"{number_format(indicator)}', align="right")
    if indicator is not None and kind == "number_marked":  # a benchmark on another basis: shown, starred, not compared
        return styles("text", num_format=f'{number_format(indicator)}"*"', align="right", italic=True)
    named: dict[str, tuple[str, dict[str, Any]]] = {
        "count": ("text", {"num_format": "#,##0", "align": "right"}),
        "centre": ("text", {"align": "center"}),
        "share": ("text", {"num_format": "0.0%", "align": "right"}),
        "rag": ("rag_word", {}),
        "not_rated": ("rag_word", {"font_color": "#505A5F"}),
        "officer": ("input", {}),
        "officer_draft": ("input", {"italic": True}),
        "officer_board": ("drafted", {}),
    }
    name, extra = named.get(kind, (kind, {}))
    return styles(name, **extra)


def _coloured(styles: Styles, colours: Colours) -> Format:
    """Text in the cell's own colours; only what differs from the house style is added, so plain is ``text``."""
    extra: dict[str, Any] = {} if colours.fill is None else {"bg_color": colours.fill}
    if colours.text != INK:
        extra["font_color"] = colours.text
    if colours.bold:
        extra["bold"] = True
    return styles("text", **extra)


def write_block(
    workbook: Workbook,
    sheet: Worksheet,
    styles: Styles,
    block: BlockLayout,
    commentary: Commentary,
    chart_data: ChartData,
    board_pack: bool,
) -> None:
    ind = block.item.indicator
    cells = list(block_cells(block))
    # A chart keeps a copy of the figures it draws, and a formatted blank cell goes into that copy as 0: a line
    # dropping to zero in any viewer that draws from the copy (a mail or file preview). So a month without a figure
    # gets no cell, and its row carries the figures' format, which a figure written there later takes.
    figure_rows = {c.row: cell_format(styles, ind, c.kind) for c in cells if c.charted and c.kind in FIGURE_KINDS}
    heights = block.row_heights()
    for number in sorted(heights.keys() | figure_rows.keys()):
        sheet.set_row(number, heights.get(number), figure_rows.get(number))
    for number in range(block.chart_row, block.bottom + 1):
        sheet.set_row(number, CHART_ROW_HEIGHT)
    sheet.write_string(block.heading_row, 0, f"{ind.code}. {ind.title}", styles("heading"))
    sheet.merge_range(block.headline_row, 0, block.headline_row, LAST_PRINTED_COL, "", styles("headline"))
    sheet.write_string(block.why_row, 0, "Why is this important?", styles("label"))
    sheet.merge_range(block.why_row, 1, block.why_row, LAST_PRINTED_COL, "", styles("wrap"))
    sheet.write_string(block.why_row, 1, ind.why, styles("wrap"))

    for cell in cells:
        if not (cell.charted and cell.value is None):  # a missing figure: no cell (see above)
            write_cell(sheet, styles, ind, cell)
        if cell.charted:
            chart_data.put(block, cell.row, cell.col, None if cell.value == SUPPRESSED else cell.value)  # type: ignore[arg-type]
    r = block.value_row
    sheet.add_sparkline(r, COL_TREND, {"range": block.value_range(), "markers": True, "series_color": "#1D4F91"})
    if ind.rag is not None:
        _colour_rag(sheet, styles, block)
    workbook.define_name(rag_cell_name(ind.id), f"={block.external(r, COL_RAG)}")
    add_chart(workbook, sheet, block)
    _write_commentary_cells(workbook, sheet, styles, block, commentary, board_pack)


def _colour_rag(sheet: Worksheet, styles: Styles, block: BlockLayout) -> None:
    """RAG is a live formula on the target cell; conditional formatting colours it and the latest figure."""
    r = block.value_row
    add_rag_colours(sheet, styles, block.ref(r, COL_RAG))
    for status in Rag:  # the latest figure takes the colour too
        sheet.conditional_format(
            block.latest_ref,
            {
                "type": "formula",
                "criteria": f'={block.ref(r, COL_RAG)}="{status.value}"',
                "format": styles.rag_highlight(status),
            },
        )


def add_rag_colours(sheet: Worksheet, styles: Styles, cell_range: str) -> None:
    """Colour cells holding a RAG word; the word stays, so colour is never the only signal."""
    for status in Rag:
        sheet.conditional_format(
            cell_range,
            {
                "type": "cell",
                "criteria": "==",
                "value": f'"{status.value}"',
                "format": styles.rag_highlight(status),
            },
        )


def _write_commentary_cells(
    workbook: Workbook, sheet: Worksheet, styles: Styles, block: BlockLayout, commentary: Commentary, board_pack: bool
) -> None:
    """The drafted sentences, and the officer's input cell below them (unlocked, found again by its defined name).

    In a board pack the officer's words are read-only, like everything else.
    """
    ind = block.item.indicator
    officer = commentary.officer.get(ind.id, OfficerCell())
    officer_kind = "officer_board" if board_pack else "officer_draft" if officer.carried_from is not None else "officer"
    col = block.comment_col
    sheet.merge_range(block.drafted_row, col, block.officer_row - 2, LAST_PRINTED_COL, "", styles("drafted"))
    sheet.merge_range(block.officer_row, col, block.bottom, LAST_PRINTED_COL, "", cell_format(styles, ind, officer_kind))
    for cell in commentary_cells(block, commentary, board_pack):
        write_cell(sheet, styles, ind, replace(cell, kind=officer_kind) if cell.kind == "officer" else cell)
    workbook.define_name(drafted_cell_name(ind.id), f"={block.external(block.drafted_row, col)}")
    workbook.define_name(officer_cell_name(ind.id), f"={block.external(block.officer_row, col)}")


def write_section(
    workbook: Workbook,
    styles: Styles,
    section: SectionReport,
    blocks: list[BlockLayout],
    commentary: Commentary,
    chart_data: ChartData,
    options: RenderOptions,
    children_links: Mapping[str, str] | None = None,
) -> Worksheet:
    name = blocks[0].sheet_name if blocks else section.section.title
    sheet = workbook.add_worksheet(name)
    sheet.write_string(0, 0, f"Section {section.section.number}: {section.section.title}", styles("title"))
    sheet.set_row(0, 26)
    sheet.write_string(1, 0, section_subtitle(options.period), styles("note", text_wrap=False))
    sheet.set_row(1, 15)
    sheet.set_row(2, 15)
    sheet.set_column(0, 0, LABEL_WIDTH)
    sheet.set_column(FIRST_MONTH_COL, FIRST_MONTH_COL + MONTHS - 1, MONTH_WIDTH)
    sheet.set_column(COL_TARGET, COL_ENGLAND, REFERENCE_WIDTH)
    sheet.set_column(COL_RAG, COL_RAG, RAG_WIDTH)
    sheet.set_column(COL_DIRECTION, COL_DIRECTION, DIRECTION_WIDTH)
    sheet.set_column(COL_TREND, COL_TREND, TREND_WIDTH)
    for block in blocks:
        write_block(workbook, sheet, styles, block, commentary, chart_data, options.board_pack)
        link = (children_links or {}).get(block.item.indicator.id)
        if link and not options.board_pack:  # the officer's way to the children behind the figure
            sheet.write_url(block.heading_row, COL_DIRECTION, link, styles("link"), "Children behind this")
    last_row = blocks[-1].bottom if blocks else 2
    set_up_page(sheet, options, last_row, LAST_PRINTED_COL)
    sheet.set_h_pagebreaks([b.top for b in blocks[1:]])
    return sheet
