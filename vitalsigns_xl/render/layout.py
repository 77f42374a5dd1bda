"""Where everything goes on a section sheet, computed before anything is written.

The Summary, the Contents and a later refresh all find a measure's cells through these
positions, so there is one place that decides them.

Each measure is one printed page, A4 landscape: title, the headline in words, why it
matters, the 13-month table, then a large chart with the commentary beside it. Every row
of a block has a set height (LibreOffice would otherwise size rows itself and move the
chart), and the chart's height is what is left of the page once the table is placed.
Columns A to S are printed; the trend sparkline sits in T, on screen only (LibreOffice
prints sparklines as scattered dots).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xlsxwriter.utility import xl_rowcol_to_cell

from vitalsigns_xl.analysis.disclosure import DENOMINATOR, NUMERATOR, VALUE
from vitalsigns_xl.analysis.forecast import Forecast
from vitalsigns_xl.analysis.headline import measure_headline
from vitalsigns_xl.catalogue import Unit
from vitalsigns_xl.contract import sheet_ref
from vitalsigns_xl.formatting import spc_finding, standing_label
from vitalsigns_xl.model import BenchmarkView, BreakdownView, IndicatorReport, SectionReport
from vitalsigns_xl.render.style import column_points, wrapped_height

if TYPE_CHECKING:
    from vitalsigns_xl.render.spc_sheet import SpcRows

FIRST_MONTH_COL = 1  # B
MONTHS = 13
COL_TARGET, COL_SN, COL_ENGLAND, COL_RAG, COL_DIRECTION = range(FIRST_MONTH_COL + MONTHS, FIRST_MONTH_COL + MONTHS + 5)
LAST_PRINTED_COL = COL_DIRECTION  # S
COL_TREND = COL_DIRECTION + 1  # T: the sparkline, for the screen
LAST_COL = COL_TREND
FIRST_BLOCK_ROW = 3
CHART_COLUMNS = (13, 14, 15)  # the chart spans A to M, or to N or O when a tall table leaves it fewer rows

# Column widths (Excel character units) and row heights (points) of a section sheet.
LABEL_WIDTH, MONTH_WIDTH, REFERENCE_WIDTH, RAG_WIDTH, DIRECTION_WIDTH, TREND_WIDTH = 24, 7, 8.5, 9, 11, 16
HEADING_HEIGHT, HEADLINE_HEIGHT, TABLE_ROW_HEIGHT, CHART_ROW_HEIGHT = 22, 18, 14, 15
SHEET_TOP_HEIGHT = 26 + 15 + 15  # the section title, its note and a gap, above the first block
WHY_CHARS_PER_LINE, HEADLINE_CHARS_PER_LINE, LINE_HEIGHT = 140, 120, 13
# The printed page: A4 landscape less margins (0.4" left and right, 0.6" top and bottom), in
# points, and the scale at which LibreOffice fits columns A to S across it (measured: 81% with
# Carlito and Liberation Sans installed). A block never runs past a page, with a little room
# to spare; the chart takes at least CHART_SHARE of the printable area.
PRINTABLE_WIDTH, PRINTABLE_HEIGHT = 841.89 - 57.6, 595.28 - 86.4
PRINT_SCALE = 0.81
PAGE_HEIGHT = int(PRINTABLE_HEIGHT / PRINT_SCALE) - 25
CHART_SHARE = 0.42  # 40% asked for, and a margin for rounding in LibreOffice
CHART_ROWS_MAX = 30
FORECAST_ROWS = ("Actual", "Forecast", "Likely low", "Likely high", "Band (likely high less low)")
BAND_LOW, BAND_HIGH = "Target low", "Target high"  # table rows of a measure rated against a band
FORECAST_HISTORY = 12  # months of history in the forecast table: with six ahead, the printed columns B to S
UNIT_LABELS = {
    Unit.PERCENT: "Percentage",
    Unit.COUNT: "Number",
    Unit.RATE_PER_10K: "Rate per 10,000",
    Unit.DAYS: "Days",
    Unit.FTE: "FTE",
    Unit.RATIO: "Average",
}


def column_pixels(width: float) -> int:
    """A column's width in pixels as Excel (and xlsxwriter) compute it for the default font."""
    return round(column_points(width) / 0.75)


def _chart_points(comment_col: int) -> float:
    """Width in points of columns A up to (not including) ``comment_col``."""
    return column_points(LABEL_WIDTH) + (comment_col - FIRST_MONTH_COL) * column_points(MONTH_WIDTH)


def why_height(text: str) -> float:
    return LINE_HEIGHT * max(1, math.ceil(len(text) / WHY_CHARS_PER_LINE)) + 2


@dataclass(frozen=True)
class TableRow:
    label: str
    values: tuple[float | None, ...]  # in the measure's unit, as the model holds them
    counts: bool = False  # numerators and denominators are counts whatever the measure's unit
    key: str | None = None  # which series it shows, to find the months whose small numbers were suppressed


def _reference_heading(name: str, short: str, view: BenchmarkView | None) -> str:
    """A benchmark column's heading: its name and year and, on another basis, the mark ("England 2018/19: 19-21 year olds")."""
    if view is None:
        return name
    heading = f"{short} {view.label}" if view.label else name
    return f"{heading}: {view.mark}" if view.mark else heading


@dataclass
class BlockLayout:
    """Where one measure's cells are on its section sheet (zero-based rows and columns)."""

    item: IndicatorReport
    sheet_name: str
    top: int
    rows: list[TableRow] = field(default_factory=list)
    chart_sheet: str | None = None  # where charts read their figures, when not from the table (see data_ref)
    chart_offset: int = 0
    first_on_sheet: bool = False  # shares its printed page with the section's title
    headline: str = ""  # the line in words under the title (set from the model; see measure_headline)
    spc_rows: SpcRows | None = None  # the measure's rows on the SPC data sheet, which its XmR chart reads

    def __post_init__(self) -> None:
        item = self.item
        finding, place = spc_finding(item.spc), standing_label(item.standing)
        findings = [finding] if finding else []
        if place:  # LAIT's line, where the council stands among all English councils
            findings.append(f"Among all English councils: {place}")
        self.headline = self.headline or measure_headline(item, findings)
        self.rows.append(TableRow(UNIT_LABELS[item.indicator.unit], item.values, key=VALUE))
        if any(v is not None for v in item.numerators) or NUMERATOR in item.suppressed or DENOMINATOR in item.suppressed:
            self.rows += [
                TableRow("Numerator", item.numerators, True, NUMERATOR),
                TableRow("Denominator", item.denominators, True, DENOMINATOR),
            ]
        self.rows += [TableRow(b.label, b.values, key=b.id) for b in self.shown_breakdowns]
        if any(v is not None for v in item.targets):
            self.rows.append(TableRow("Target", item.targets))
        if item.bands:
            self.rows += [TableRow(BAND_LOW, item.band_lows), TableRow(BAND_HIGH, item.band_highs)]
        self.rows += [TableRow(b.marked_name, b.values) for b in item.benchmarks]  # "England: 19-21 year olds"
        if item.rolling_12 and any(v is not None for v in item.rolling_12):
            self.rows.append(TableRow("Rolling 12-month average", item.rolling_12))

    @property
    def shown_breakdowns(self) -> list[BreakdownView]:
        """The category rows of the 13-month table: for a "top N" measure only the N its chart draws.

        Eight sickness reasons month by month would leave the chart less than its share of
        the page; the others stay on the Data sheet with every figure of every month.
        """
        item = self.item
        if item.indicator.top is None or not item.totals:
            return list(item.breakdowns)
        by_label = {b.label: b for b in item.breakdowns}
        return [by_label[c.label] for c in item.totals[0].categories if c.label in by_label]

    @property
    def heading_row(self) -> int:
        return self.top

    @property
    def headline_row(self) -> int:
        return self.top + 1

    @property
    def why_row(self) -> int:
        return self.top + 2

    @property
    def header_row(self) -> int:
        return self.top + 3

    @property
    def value_row(self) -> int:
        return self.top + 4

    def row_of(self, label: str) -> int | None:
        return next((self.value_row + i for i, row in enumerate(self.rows) if row.label == label), None)

    def header_labels(self) -> list[tuple[str, float]]:
        """The table's column headings, column by column from A, and their widths; benchmarks name their year.

        "SN 2018/19" wraps to two lines in its narrow column where "SN average (2018/19)" took
        four: the rows saved go to the chart (the table's rows say "SN average" in full).
        """
        item = self.item
        sn, england = item.benchmark("statistical_neighbours"), item.benchmark("england")
        return [
            ("Measure", LABEL_WIDTH),
            *[(month.short_label, MONTH_WIDTH) for month in item.months],
            ("Target", REFERENCE_WIDTH),
            (_reference_heading("SN average", "SN", sn), REFERENCE_WIDTH),
            (_reference_heading("England", "England", england), REFERENCE_WIDTH),
            ("RAG", RAG_WIDTH),
            ("Direction", DIRECTION_WIDTH),
            ("Trend", TREND_WIDTH),
        ]

    @property
    def totals_row(self) -> int:
        """Header row of the table of totals by quarter or over 12 months (for the charts that draw them)."""
        return self.value_row + len(self.rows) + 1

    @property
    def totals_rows(self) -> int:
        """Rows of that table below its header: one per quarter, or one per category shown."""
        totals = self.item.totals
        if not totals:
            return 0
        return len(totals) if self.item.indicator.chart == "quarterly_column" else len(totals[0].categories)

    @property
    def forecast(self) -> Forecast | None:
        """The forecast to draw, if the model made one (a refusal is only stated in words)."""
        return self.item.forecast if isinstance(self.item.forecast, Forecast) else None

    @property
    def forecast_row(self) -> int:
        """Header row of the forecast table: the last 12 months and the months ahead."""
        return self.totals_row + (self.totals_rows + 1 if self.totals_rows else 0)

    def forecast_row_of(self, label: str) -> int:
        return self.forecast_row + 1 + FORECAST_ROWS.index(label)

    @property
    def chart_row(self) -> int:
        return self.forecast_row + (len(FORECAST_ROWS) + 1 if self.forecast else 0)

    @property
    def headline_fits_one_line(self) -> bool:
        """A measure with SPC or a place among councils always gets two lines: its finding or place makes the
        headline long, and a height that changed from month to month with the words would move the page and
        stop a refresh in place."""
        item = self.item
        return item.spc is None and item.standing is None and len(self.headline) <= HEADLINE_CHARS_PER_LINE

    def row_heights(self) -> dict[int, float]:
        """The height of every row above the chart, in points."""
        heights: dict[int, float] = {
            self.heading_row: HEADING_HEIGHT,
            self.headline_row: HEADLINE_HEIGHT if self.headline_fits_one_line else 2 * HEADLINE_HEIGHT,
            self.why_row: why_height(self.item.indicator.why),
            self.header_row: wrapped_height([(text, width) for text, width in self.header_labels()], bold=True),
        }
        for row in range(self.value_row, self.chart_row):
            heights[row] = TABLE_ROW_HEIGHT
        return heights

    @property
    def chart_rows(self) -> int:
        """As many rows as the page has room for below the table, up to a full-sized chart."""
        used = sum(self.row_heights().values()) + (SHEET_TOP_HEIGHT if self.first_on_sheet else 0)
        return max(12, min(CHART_ROWS_MAX, int((PAGE_HEIGHT - used) // CHART_ROW_HEIGHT)))

    @property
    def drafted_row(self) -> int:
        return self.chart_row + 1

    @property
    def officer_row(self) -> int:
        """A third of the space beside the chart for the drafted sentences, the rest for the officer's words."""
        return self.chart_row + 2 + self.chart_rows // 3

    @property
    def bottom(self) -> int:
        return self.chart_row + self.chart_rows - 1

    @property
    def comment_col(self) -> int:
        """The first column of the commentary beside the chart: the chart gets wider when it has fewer rows."""
        height = self.chart_rows * CHART_ROW_HEIGHT * PRINT_SCALE
        for col in CHART_COLUMNS:
            if _chart_points(col) * PRINT_SCALE * height >= CHART_SHARE * PRINTABLE_WIDTH * PRINTABLE_HEIGHT:
                return col
        return CHART_COLUMNS[-1]

    def chart_size(self) -> tuple[int, int]:
        """Width and height of the chart in pixels: from column A to the commentary, and the chart rows."""
        return round(_chart_points(self.comment_col) / 0.75), round(self.chart_rows * CHART_ROW_HEIGHT / 0.75)

    def ref(self, row: int, col: int, absolute: bool = True) -> str:
        return str(xl_rowcol_to_cell(row, col, row_abs=absolute, col_abs=absolute))

    def external(self, row: int, col: int) -> str:
        return sheet_ref(self.sheet_name, self.ref(row, col))

    @property
    def latest_ref(self) -> str:
        return self.ref(self.value_row, FIRST_MONTH_COL + MONTHS - 1)

    @property
    def target_ref(self) -> str:
        """The target cell; for a measure rated against a band, the cell of its low end."""
        return self.ref(self.value_row, COL_TARGET)

    @property
    def band_high_ref(self) -> str:
        """The cell of a band's high end, under its low end (the row below always exists: the band's own rows)."""
        return self.ref(self.value_row + 1, COL_TARGET)

    def data_ref(self, row: int) -> tuple[str, int]:
        """Sheet and row a chart or sparkline reads for a table row.

        Normally the table itself. With small numbers suppressed the table shows "c", which
        Excel would plot as zero, so charts read a copy with those months left blank.
        """
        return (self.chart_sheet, row + self.chart_offset) if self.chart_sheet else (self.sheet_name, row)

    @property
    def data_rows(self) -> int:
        """Rows from the value row to the end of the snapshot table: what a chart can read."""
        return self.chart_row - self.value_row

    def value_range(self) -> str:
        sheet, row = self.data_ref(self.value_row)
        first, last = self.ref(row, FIRST_MONTH_COL), self.ref(row, FIRST_MONTH_COL + MONTHS - 1)
        return sheet_ref(sheet, f"{first}:{last}")


def layout_section(section: SectionReport, sheet_name: str) -> list[BlockLayout]:
    blocks: list[BlockLayout] = []
    top = FIRST_BLOCK_ROW
    for item in section.indicators:
        block = BlockLayout(item, sheet_name, top, first_on_sheet=not blocks)
        blocks.append(block)
        top = block.bottom + 1
    return blocks
