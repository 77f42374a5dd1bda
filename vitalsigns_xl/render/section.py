"""A section sheet: one block per measure, laid out as the board pack shows it.

Block, top to bottom: code and title; why it matters; the 13-month table (value row with
trend sparkline, target, benchmarks, RAG and direction; then numerator, denominator,
target and benchmark trajectories, categories and rolling average); for a snapshot by
category, a this-month-against-last table; the chart, with the two commentary cells
beside it (drafted from the data, and the officer's own words, an unlocked input cell).
The positions are computed first (``BlockLayout``) so that the Summary and Contents can
link to the same cells.
"""

from __future__ import annotations

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from vitalsigns_xl.analysis.disclosure import SUPPRESSED, VALUE
from vitalsigns_xl.analysis.judgements import Rag
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.contract import drafted_cell_name, officer_cell_name, rag_cell_name
from vitalsigns_xl.formatting import direction_label
from vitalsigns_xl.model import SectionReport
from vitalsigns_xl.officer_text import Commentary, OfficerCell
from vitalsigns_xl.render.chart_data import ChartData
from vitalsigns_xl.render.charts import add_chart
from vitalsigns_xl.render.formulas import rag_formula
from vitalsigns_xl.render.layout import (
    COL_DIRECTION,
    COL_ENGLAND,
    COL_RAG,
    COL_SN,
    COL_TARGET,
    COL_TREND,
    COMMENT_COL,
    FIRST_MONTH_COL,
    LAST_COL,
    MONTHS,
    BlockLayout,
)
from vitalsigns_xl.render.page import RenderOptions, set_up_page
from vitalsigns_xl.render.style import Styles, cell_value, write_figure


def _write_numbers(
    sheet: Worksheet,
    styles: Styles,
    block: BlockLayout,
    row: int,
    first_col: int,
    values: tuple[float | None, ...],
    months: tuple[Month, ...],
    key: str | None,
    chart_data: ChartData,
    counts: bool = False,
) -> None:
    """Figures of one table row: "c" where a small number was suppressed, a blank where there is none."""
    item, indicator = block.item, block.item.indicator
    number = styles("text", num_format="#,##0", align="right") if counts else styles.number(indicator)
    for offset, (value, month) in enumerate(zip(values, months, strict=True)):
        col = first_col + offset
        stored = value if counts else cell_value(indicator, value)
        if key is not None and item.is_suppressed(key, month):
            sheet.write_string(row, col, SUPPRESSED, number)
        else:
            write_figure(sheet, row, col, stored, number)
        chart_data.put(block, row, col, stored)


def _why_height(text: str) -> float:
    return 13.0 * max(1, -(-len(text) // 190))


def write_block(
    workbook: Workbook,
    sheet: Worksheet,
    styles: Styles,
    block: BlockLayout,
    commentary: Commentary,
    chart_data: ChartData,
    board_pack: bool,
) -> None:
    item, ind = block.item, block.item.indicator
    sheet.write_string(block.heading_row, 0, f"{ind.code}. {ind.title}", styles("heading"))
    sheet.set_row(block.heading_row, 22)
    sheet.write_string(block.why_row, 0, "Why is this important?", styles("label"))
    sheet.merge_range(block.why_row, 1, block.why_row, LAST_COL, "", styles("wrap"))
    sheet.write_string(block.why_row, 1, ind.why, styles("wrap"))
    sheet.set_row(block.why_row, _why_height(ind.why))

    header = styles("header")
    sheet.write_string(block.header_row, 0, "Measure", styles("header_left"))
    for offset, month in enumerate(item.months):
        sheet.write_string(block.header_row, FIRST_MONTH_COL + offset, month.short_label, header)
    sn, england = item.benchmark("statistical_neighbours"), item.benchmark("england")
    for col, text in (
        (COL_TREND, "Trend"),
        (COL_TARGET, "Target"),
        (COL_SN, f"SN average ({sn.label})" if sn and sn.label else "SN average"),
        (COL_ENGLAND, f"England ({england.label})" if england and england.label else "England"),
        (COL_RAG, "RAG"),
        (COL_DIRECTION, "Direction"),
    ):
        sheet.write_string(block.header_row, col, text, header)

    for index, row in enumerate(block.rows):
        r = block.value_row + index
        sheet.write_string(r, 0, row.label, styles("row_label"))
        chart_data.put(block, r, 0, row.label)
        _write_numbers(sheet, styles, block, r, FIRST_MONTH_COL, row.values, item.months, row.key, chart_data, row.counts)

    r = block.value_row
    sheet.add_sparkline(r, COL_TREND, {"range": block.value_range(), "markers": True, "series_color": "#1D4F91"})
    for col, value in (
        (COL_TARGET, item.target),
        (COL_SN, sn.value if sn else None),
        (COL_ENGLAND, england.value if england else None),
    ):
        write_figure(sheet, r, col, cell_value(ind, value), styles.number(ind))
    _write_rag(sheet, styles, block)
    workbook.define_name(rag_cell_name(ind.id), f"={block.external(r, COL_RAG)}")
    sheet.write_string(r, COL_DIRECTION, direction_label(item.direction), styles("text", align="center"))

    if block.has_snapshot:
        _write_snapshot(sheet, styles, block, chart_data)
    add_chart(workbook, sheet, block)
    _write_commentary_cells(workbook, sheet, styles, block, commentary, board_pack)


def _write_rag(sheet: Worksheet, styles: Styles, block: BlockLayout) -> None:
    """RAG as a live formula on the target cell, coloured by conditional formatting, with the model's answer cached."""
    item, r = block.item, block.value_row
    if item.indicator.rag is None:
        sheet.write_string(r, COL_RAG, "Not rated", styles("rag_word", font_color="#505A5F"))
        return
    sheet.write_formula(
        r,
        COL_RAG,
        rag_formula(item.indicator, block.latest_ref, block.target_ref),
        styles("rag_word"),
        item.rag.value if item.rag else "",
    )
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


def _write_snapshot(sheet: Worksheet, styles: Styles, block: BlockLayout, chart_data: ChartData) -> None:
    """This month against last for each category, with the change: the table the clustered bars draw."""
    item, ind = block.item, block.item.indicator
    top = block.snapshot_row
    previous, latest = item.months[-2], item.months[-1]
    pair = (previous, latest)
    for col, text in enumerate(("Category", previous.short_label, latest.short_label, "Change")):
        sheet.write_string(top, col, text, styles("header_left" if col == 0 else "header"))
        chart_data.put(block, top, col, text)
    for index, b in enumerate(item.breakdowns, start=1):
        sheet.write_string(top + index, 0, b.label, styles("row_label"))
        chart_data.put(block, top + index, 0, b.label)
        before, now = b.values[-2], b.values[-1]
        _write_numbers(sheet, styles, block, top + index, 1, (before, now), pair, b.id, chart_data)
        change = None if before is None or now is None else now - before
        write_figure(sheet, top + index, 3, change, styles.change(ind))  # a percentage changes by points
    total_row = top + len(item.breakdowns) + 1
    sheet.write_string(total_row, 0, "Total", styles("row_label"))
    _write_numbers(sheet, styles, block, total_row, 1, (item.previous, item.latest), pair, VALUE, chart_data)
    write_figure(sheet, total_row, 3, item.change, styles.change(ind))


def _write_commentary_cells(
    workbook: Workbook, sheet: Worksheet, styles: Styles, block: BlockLayout, commentary: Commentary, board_pack: bool
) -> None:
    """The drafted sentences, and the officer's input cell below them (unlocked, found again by its defined name).

    In a board pack the officer's words are read-only, like everything else.
    """
    ind = block.item.indicator
    sheet.write_string(block.chart_row, COMMENT_COL, "What the figures say (drafted from the data)", styles("label"))
    drafted_top = block.drafted_row
    sheet.merge_range(drafted_top, COMMENT_COL, block.officer_row - 3, LAST_COL, "", styles("drafted"))
    sheet.write_string(drafted_top, COMMENT_COL, commentary.drafted.get(ind.id, ""), styles("drafted"))
    workbook.define_name(drafted_cell_name(ind.id), f"={block.external(drafted_top, COMMENT_COL)}")

    officer = commentary.officer.get(ind.id, OfficerCell())
    label, label_style, cell_style = "What are we doing about it? (type here)", styles("label"), styles("input")
    if board_pack:
        label, cell_style = "What are we doing about it?", styles("drafted")
    elif officer.carried_from is not None:
        label = f"What are we doing about it? DRAFT from {officer.carried_from.long_label}: review and update"
        label_style, cell_style = styles("draft_label"), styles("input", italic=True)
    sheet.write_string(block.officer_row - 1, COMMENT_COL, label, label_style)
    sheet.merge_range(block.officer_row, COMMENT_COL, block.bottom, LAST_COL, "", cell_style)
    if officer.text:
        sheet.write_string(block.officer_row, COMMENT_COL, officer.text, cell_style)
    workbook.define_name(officer_cell_name(ind.id), f"={block.external(block.officer_row, COMMENT_COL)}")


def write_section(
    workbook: Workbook,
    styles: Styles,
    section: SectionReport,
    blocks: list[BlockLayout],
    commentary: Commentary,
    chart_data: ChartData,
    options: RenderOptions,
) -> Worksheet:
    name = blocks[0].sheet_name if blocks else section.section.title
    sheet = workbook.add_worksheet(name)
    sheet.write_string(0, 0, f"Section {section.section.number}: {section.section.title}", styles("title"))
    sheet.set_row(0, 26)
    sheet.write_string(
        1,
        0,
        f"Vital Signs report — {options.period.long_label} data. "
        "Each measure shows 13 months, its target and benchmarks, why it matters and what is being done.",
        styles("note", text_wrap=False),
    )
    sheet.set_column(0, 0, 30)
    sheet.set_column(FIRST_MONTH_COL, FIRST_MONTH_COL + MONTHS - 1, 8.5)
    sheet.set_column(COL_TREND, COL_TREND, 16)
    sheet.set_column(COL_TARGET, COL_DIRECTION, 12)
    for block in blocks:
        write_block(workbook, sheet, styles, block, commentary, chart_data, options.board_pack)
    last_row = blocks[-1].bottom if blocks else 2
    set_up_page(sheet, options, last_row, LAST_COL)
    sheet.set_h_pagebreaks([b.top for b in blocks[1:]])
    return sheet
