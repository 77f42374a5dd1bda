"""What each cell of the report shows and where: the one description both writers follow.

The file writer (xlsxwriter, the whole workbook with its formatting, charts and names) and
the live writer (``vitalsigns_xl.live``, which updates a workbook open in Excel) both take
the figures, month headings, RAG, direction, targets, drafted commentary and table rows from
here, at the positions ``BlockLayout`` gives. Only what a new month changes is described;
what the catalogue alone decides (titles, "why it matters", definitions) stays with the file writer.

``kind`` tells the file writer how to format a cell; the live writer ignores it, because the
cells of an existing workbook are formatted already. Where a new month can change a cell's
colour (SPC's variation and assurance on the Summary), ``colours`` says it, and both writers
apply it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from vitalsigns_xl.analysis.disclosure import SUPPRESSED, VALUE
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.analysis.totals import CategoryTotal
from vitalsigns_xl.formatting import (
    assurance_label,
    direction_label,
    format_band,
    share_label,
    standing_label,
    summary_variation,
)
from vitalsigns_xl.model import IndicatorReport
from vitalsigns_xl.officer_text import Commentary, OfficerCell
from vitalsigns_xl.render.formulas import band_text_formula, rag_formula
from vitalsigns_xl.render.layout import (
    COL_DIRECTION,
    COL_ENGLAND,
    COL_RAG,
    COL_SN,
    COL_TARGET,
    FIRST_MONTH_COL,
    FORECAST_HISTORY,
    UNIT_LABELS,
    BlockLayout,
)
from vitalsigns_xl.render.style import INK, SPC_COLOURS, cell_value

NOT_RATED = "Not rated"
OFFICER_LABEL = "What are we doing about it? (type here)"
BOARD_OFFICER_LABEL = "What are we doing about it?"
DRAFTED_LABEL = "What the figures say (drafted from the data)"


@dataclass(frozen=True)
class Formula:
    """A live formula, written with the result the model expects so a viewer that never recalculates shows it."""

    text: str
    result: str | float


Value = str | float | Formula | None  # None: a blank cell


@dataclass(frozen=True)
class Colours:
    """A cell's fill and text colours, where they follow the month's figures."""

    fill: str | None  # #RRGGBB; None: no fill
    text: str = INK
    bold: bool = False


PLAIN = Colours(None)  # what a cell that no longer has a coloured verdict goes back to


def spc_colours(value: str) -> Colours:
    """Making Data Count's colours for a variation or assurance (the enum's value), in bold."""
    fill, text = SPC_COLOURS[value]
    return Colours(fill, text, bold=True)


@dataclass(frozen=True)
class Cell:
    sheet: str
    row: int  # zero-based, as xlsxwriter counts
    col: int
    value: Value
    kind: str = "text"  # header, header_left, row_label, number, count, change, centre, rag, not_rated, label, ...
    charted: bool = False  # a chart reads it (copied to the Chart data sheet when small numbers are suppressed)
    colours: Colours | None = None  # None: the kind's colours, which no month changes


def draft_label(carried_from: Month) -> str:
    return f"What are we doing about it? DRAFT from {carried_from.long_label}: review and update"


def section_subtitle(period: Month) -> str:
    return (
        f"Vital Signs report — {period.long_label} data. "
        "Each measure shows 13 months, its target and benchmarks, why it matters and what is being done."
    )


def _figures(
    block: BlockLayout,
    row: int,
    first_col: int,
    values: tuple[float | None, ...],
    months: tuple[Month, ...],
    key: str | None,
    counts: bool,
) -> Iterator[Cell]:
    """One table row's figures: "c" where a small number was suppressed, a blank where there is none."""
    item = block.item
    kind = "count" if counts else "number"
    for offset, (value, month) in enumerate(zip(values, months, strict=True)):
        stored: Value = value if counts else cell_value(item.indicator, value)
        if key is not None and item.is_suppressed(key, month):
            stored = SUPPRESSED
        yield Cell(block.sheet_name, row, first_col + offset, stored, kind, charted=True)


def block_cells(block: BlockLayout) -> Iterator[Cell]:
    """A measure's headline, table, RAG and direction: every cell a new month changes, commentary aside."""
    item, ind, sheet = block.item, block.item.indicator, block.sheet_name
    yield Cell(sheet, block.headline_row, 0, block.headline, "headline")
    for col, (text, _) in enumerate(block.header_labels()):
        yield Cell(sheet, block.header_row, col, text, "header_left" if col == 0 else "header")
    for index, table_row in enumerate(block.rows):
        r = block.value_row + index
        yield Cell(sheet, r, 0, table_row.label, "row_label", charted=True)
        yield from _figures(block, r, FIRST_MONTH_COL, table_row.values, item.months, table_row.key, table_row.counts)
    r = block.value_row
    sn, england = item.benchmark("statistical_neighbours"), item.benchmark("england")
    for col, value in (
        (COL_SN, sn.value if sn else None),
        (COL_ENGLAND, england.value if england else None),
    ):
        yield Cell(sheet, r, col, cell_value(ind, value), "number")
    if ind.banded:  # the band's ends, one under the other, which the RAG formula reads: "from 10.0%", "to 15.0%"
        yield Cell(sheet, r, COL_TARGET, cell_value(ind, item.band.low if item.band else None), "band_low")
        yield Cell(sheet, r + 1, COL_TARGET, cell_value(ind, item.band.high if item.band else None), "band_high")
    else:
        yield Cell(sheet, r, COL_TARGET, cell_value(ind, item.target), "number")
    if ind.rag is None:
        yield Cell(sheet, r, COL_RAG, NOT_RATED, "not_rated")
    else:
        formula = rag_formula(ind, block.latest_ref, block.target_ref, block.band_high_ref if ind.banded else None)
        yield Cell(sheet, r, COL_RAG, Formula(formula, item.rag.value if item.rag else ""), "rag")
    yield Cell(sheet, r, COL_DIRECTION, direction_label(item.direction), "centre")
    if block.totals_rows:
        yield from _totals_cells(block)
    if block.forecast:
        yield from _forecast_cells(block)


def _total_cell(block: BlockLayout, row: int, col: int, total: CategoryTotal) -> Cell:
    """One total: "c" where a small number was hidden (a blank for the chart), a blank where a month is missing."""
    return Cell(block.sheet_name, row, col, SUPPRESSED if total.suppressed else total.total, "number", charted=True)


def _totals_cells(block: BlockLayout) -> Iterator[Cell]:
    """The table the quarterly columns or the 12-month bars draw: totals by category, computed by the model."""
    item, ind, sheet, top = block.item, block.item.indicator, block.sheet_name, block.totals_row

    def heading(col: int, text: str) -> Cell:
        return Cell(sheet, top, col, text, "header_left" if col == 0 else "header", charted=True)

    if ind.chart == "quarterly_column":
        yield heading(0, "Quarter")
        for col, category in enumerate(item.totals[0].categories, start=1):
            yield heading(col, category.label)
        for row, quarter in enumerate(item.totals, start=top + 1):
            yield Cell(sheet, row, 0, quarter.label, "row_label", charted=True)
            for col, total in enumerate(quarter.categories, start=1):
                yield _total_cell(block, row, col, total)
        return
    whole = item.totals[0]
    for col, text in enumerate((whole.label, UNIT_LABELS[ind.unit], "Share", "Bar label")):
        yield heading(col, text)
    for row, total in enumerate(whole.categories, start=top + 1):
        yield Cell(sheet, row, 0, total.label, "row_label", charted=True)
        yield _total_cell(block, row, 1, total)
        yield Cell(sheet, row, 2, None if total.share is None else total.share / 100, "share")
        yield Cell(sheet, row, 3, share_label(total.label, total.share), charted=True)


def _forecast_cells(block: BlockLayout) -> Iterator[Cell]:
    """The figures the forecast chart draws: the last 12 months, then the months ahead with the likely range.

    The forecast, its bounds and the band start at the latest figure so that the dashed
    line and the shaded band grow out of the last point of the solid line. Twelve months and
    six ahead fill the printed columns B to S.
    """
    item, forecast, sheet, top = block.item, block.forecast, block.sheet_name, block.forecast_row
    assert forecast is not None
    shown = FORECAST_HISTORY
    months = item.months[-shown:] + forecast.months
    yield Cell(sheet, top, 0, f"Forecast ({forecast.level:.0%} prediction interval)", "header_left", charted=True)
    for offset, month in enumerate(months):
        yield Cell(sheet, top, FIRST_MONTH_COL + offset, month.short_label, "header", charted=True)
    history = (None,) * (shown - 1) + (item.latest,)
    rows = {
        "Actual": item.values[-shown:] + (None,) * len(forecast.months),
        "Forecast": history + forecast.central,
        "Likely low": history + forecast.lower,
        "Likely high": history + forecast.upper,
        "Band (likely high less low)": (None,) * (shown - 1) + (0.0,) + forecast.widths,
    }
    for label, values in rows.items():
        row = block.forecast_row_of(label)
        yield Cell(sheet, row, 0, label, "row_label", charted=True)
        yield from _figures(block, row, FIRST_MONTH_COL, values, months, VALUE if label == "Actual" else None, False)


def commentary_cells(block: BlockLayout, commentary: Commentary, board_pack: bool) -> Iterator[Cell]:
    """The drafted sentences, the label over the officer's cell, and the officer's cell (``kind`` officer)."""
    ind, sheet = block.item.indicator, block.sheet_name
    col = block.comment_col
    yield Cell(sheet, block.chart_row, col, DRAFTED_LABEL, "label")
    yield Cell(sheet, block.drafted_row, col, commentary.drafted.get(ind.id, ""), "drafted")
    officer = commentary.officer.get(ind.id, OfficerCell())
    label, label_kind = OFFICER_LABEL, "label"
    if board_pack:
        label = BOARD_OFFICER_LABEL
    elif officer.carried_from is not None:
        label, label_kind = draft_label(officer.carried_from), "draft_label"
    yield Cell(sheet, block.officer_row - 1, col, label, label_kind)
    yield Cell(sheet, block.officer_row, col, officer.text or None, "officer")


SUMMARY_FIRST_ROW = 4  # the row after the Summary table's header
# The Summary's columns: printed from code to RAG; the sparkline and the section name stay on screen.
SUMMARY_CODE, SUMMARY_MEASURE, SUMMARY_LATEST, SUMMARY_PREVIOUS, SUMMARY_CHANGE = range(5)
SUMMARY_DIRECTION, SUMMARY_TARGET, SUMMARY_SN, SUMMARY_RAG, SUMMARY_VARIATION, SUMMARY_ASSURANCE = range(5, 11)
SUMMARY_TREND, SUMMARY_SECTION, SUMMARY_STANDING, SUMMARY_NOT_COMPARED = range(11, 15)


def summary_title(period: Month) -> str:
    return f"Summary dashboard — {period.long_label} data"


def summary_cells(sheet: str, row: int, block: BlockLayout) -> Iterator[Cell]:
    """One measure's figures on the Summary: latest, previous, change, direction, target, SN average, RAG,
    SPC's variation and assurance, and its place among all councils."""
    item, ind = block.item, block.item.indicator
    for col, month, value in (
        (SUMMARY_LATEST, item.months[-1], item.latest),
        (SUMMARY_PREVIOUS, item.months[-2], item.previous),
    ):
        shown: Value = SUPPRESSED if item.is_suppressed(VALUE, month) else cell_value(ind, value)
        yield Cell(sheet, row, col, shown, "number")
    yield Cell(sheet, row, SUMMARY_CHANGE, item.change, "change")  # percentages change by points
    yield Cell(sheet, row, SUMMARY_DIRECTION, direction_label(item.direction), "centre")
    target: Value = None  # else it follows the target on the measure's page, so an edited target shows here too
    if item.band is not None:
        low, high = block.external(block.value_row, COL_TARGET), block.external(block.value_row + 1, COL_TARGET)
        target = Formula(band_text_formula(ind, low, high), format_band(item.band, ind))
    elif item.target is not None:
        target = Formula(f"={block.external(block.value_row, COL_TARGET)}", cell_value(ind, item.target) or 0.0)
    yield Cell(sheet, row, SUMMARY_TARGET, target, "number")
    sn = item.benchmark("statistical_neighbours")  # marked * when on another basis (named in SUMMARY_NOT_COMPARED)
    yield Cell(sheet, row, SUMMARY_SN, cell_value(ind, sn.value if sn else None), "number_marked" if sn and sn.mark else "number")
    if ind.rag is None:
        yield Cell(sheet, row, SUMMARY_RAG, NOT_RATED, "not_rated")
    else:
        rag = Formula(f"={block.external(block.value_row, COL_RAG)}", item.rag.value if item.rag else "")
        yield Cell(sheet, row, SUMMARY_RAG, rag, "rag")
    yield Cell(sheet, row, SUMMARY_STANDING, standing_label(item.standing))  # on screen, beside the section
    yield Cell(sheet, row, SUMMARY_NOT_COMPARED, "; ".join(b.marked_name for b in item.not_compared) or None)
    yield from _summary_spc_cells(sheet, row, item)


def _summary_spc_cells(sheet: str, row: int, item: IndicatorReport) -> Iterator[Cell]:
    """SPC's variation and assurance in words, symbol and colour; a blank one in no colour, so that a
    refresh in place takes away last month's."""
    view = item.spc
    variation = view.result.variation if view else None
    assurance = view.result.assurance if view else None
    if view is None or variation is None:
        yield Cell(sheet, row, SUMMARY_VARIATION, None, colours=PLAIN)
    else:
        yield Cell(sheet, row, SUMMARY_VARIATION, summary_variation(view.result), colours=spc_colours(variation))
    if assurance is None:
        yield Cell(sheet, row, SUMMARY_ASSURANCE, None, colours=PLAIN)
    else:
        yield Cell(sheet, row, SUMMARY_ASSURANCE, assurance_label(assurance, short=True), colours=spc_colours(assurance))


def cover_rows(authority: str, board: str, period: Month, generated: Any, marking: str) -> list[tuple[str, str]]:
    """The Cover's label and value rows, from its third row down."""
    return [
        ("Authority", authority),
        ("For", board),
        ("Report period", f"{period.long_label} (13 months from {period.shift(-12).long_label})"),
        ("Generated", f"{generated.day} {generated:%B %Y}"),
        ("Protective marking", marking),
    ]


def report_heading(title: str, period: Month) -> str:
    return f"{title} — {period.long_label} data"
