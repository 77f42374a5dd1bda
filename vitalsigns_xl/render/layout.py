"""Where everything goes on a section sheet, computed before anything is written.

The Summary, the Contents and a later refresh all find a measure's cells through these
positions, so there is one place that decides them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xlsxwriter.utility import xl_rowcol_to_cell

from vitalsigns_xl.analysis.disclosure import DENOMINATOR, NUMERATOR, VALUE
from vitalsigns_xl.catalogue import Unit
from vitalsigns_xl.model import IndicatorReport, SectionReport

FIRST_MONTH_COL = 1  # B
MONTHS = 13
COL_TREND = FIRST_MONTH_COL + MONTHS  # O
COL_TARGET, COL_SN, COL_ENGLAND, COL_RAG, COL_DIRECTION = range(COL_TREND + 1, COL_TREND + 6)
LAST_COL = COL_DIRECTION
FIRST_BLOCK_ROW = 3
CHART_ROWS = 22
COMMENT_COL = 10  # K: commentary sits beside the chart
UNIT_LABELS = {
    Unit.PERCENT: "Percentage",
    Unit.COUNT: "Number",
    Unit.RATE_PER_10K: "Rate per 10,000",
    Unit.DAYS: "Days",
    Unit.FTE: "FTE",
    Unit.RATIO: "Average",
}


@dataclass(frozen=True)
class TableRow:
    label: str
    values: tuple[float | None, ...]  # in the measure's unit, as the model holds them
    counts: bool = False  # numerators and denominators are counts whatever the measure's unit
    key: str | None = None  # which series it shows, to find the months whose small numbers were suppressed


@dataclass
class BlockLayout:
    """Where one measure's cells are on its section sheet (zero-based rows and columns)."""

    item: IndicatorReport
    sheet_name: str
    top: int
    rows: list[TableRow] = field(default_factory=list)
    chart_sheet: str | None = None  # where charts read their figures, when not from the table (see data_ref)
    chart_offset: int = 0

    def __post_init__(self) -> None:
        item = self.item
        self.rows.append(TableRow(UNIT_LABELS[item.indicator.unit], item.values, key=VALUE))
        if any(v is not None for v in item.numerators) or NUMERATOR in item.suppressed or DENOMINATOR in item.suppressed:
            self.rows += [
                TableRow("Numerator", item.numerators, True, NUMERATOR),
                TableRow("Denominator", item.denominators, True, DENOMINATOR),
            ]
        self.rows += [TableRow(b.label, b.values, key=b.id) for b in item.breakdowns]
        if any(v is not None for v in item.targets):
            self.rows.append(TableRow("Target", item.targets))
        self.rows += [TableRow(b.name, b.values) for b in item.benchmarks]
        if item.rolling_12 and any(v is not None for v in item.rolling_12):
            self.rows.append(TableRow("Rolling 12-month average", item.rolling_12))

    @property
    def heading_row(self) -> int:
        return self.top

    @property
    def why_row(self) -> int:
        return self.top + 1

    @property
    def header_row(self) -> int:
        return self.top + 2

    @property
    def value_row(self) -> int:
        return self.top + 3

    def row_of(self, label: str) -> int | None:
        return next((self.value_row + i for i, row in enumerate(self.rows) if row.label == label), None)

    @property
    def snapshot_row(self) -> int:
        """Header row of the this-month-against-last table (snapshot charts only)."""
        return self.value_row + len(self.rows) + 1

    @property
    def has_snapshot(self) -> bool:
        return self.item.indicator.chart == "clustered_bar"

    @property
    def chart_row(self) -> int:
        after_table = self.value_row + len(self.rows) + 1
        return after_table + (len(self.item.breakdowns) + 3 if self.has_snapshot else 0)

    @property
    def drafted_row(self) -> int:
        return self.chart_row + 1

    @property
    def officer_row(self) -> int:
        return self.chart_row + 11

    @property
    def bottom(self) -> int:
        return self.chart_row + CHART_ROWS

    def ref(self, row: int, col: int, absolute: bool = True) -> str:
        return str(xl_rowcol_to_cell(row, col, row_abs=absolute, col_abs=absolute))

    def external(self, row: int, col: int) -> str:
        return f"'{self.sheet_name}'!{self.ref(row, col)}"

    @property
    def latest_ref(self) -> str:
        return self.ref(self.value_row, FIRST_MONTH_COL + MONTHS - 1)

    @property
    def target_ref(self) -> str:
        return self.ref(self.value_row, COL_TARGET)

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
        return f"'{sheet}'!{first}:{last}"


def layout_section(section: SectionReport, sheet_name: str) -> list[BlockLayout]:
    blocks: list[BlockLayout] = []
    top = FIRST_BLOCK_ROW
    for item in section.indicators:
        block = BlockLayout(item, sheet_name, top)
        blocks.append(block)
        top = block.bottom + 2
    return blocks
