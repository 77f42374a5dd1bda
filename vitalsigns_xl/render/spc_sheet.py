"""The SPC data sheet: for each measure with an XmR chart, the figures it draws, month by month.

The chart on the measure's page reads these rows: the figure, the mean, the lower and upper
process limits, the target (or a band's two ends), the benchmarks in force each month (named
with their basis where it is not the measure's), and the figure again on the rows of the months that are special
causes (improvement, concern or neither), which the chart marks with their own colour and
shape. The rules each special-cause month broke are written out too. All of it comes from the
report model; nothing here is a formula, so nothing can disagree after a recalculation.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook

from vitalsigns_xl.analysis.spc import CauseType, Rule
from vitalsigns_xl.contract import SPC_DATA, sheet_ref, spc_cell_name
from vitalsigns_xl.model import BENCHMARK_NAMES, SPC_CHART_MONTHS, BenchmarkView, IndicatorReport
from vitalsigns_xl.render.cells import Cell
from vitalsigns_xl.render.layout import BAND_HIGH, BAND_LOW
from vitalsigns_xl.render.page import RenderOptions, set_up_page
from vitalsigns_xl.render.style import Styles, cell_value

FIRST_ROW = 3
FIRST_MONTH_COL = 1
LAST_MONTH_COL = FIRST_MONTH_COL + SPC_CHART_MONTHS - 1
RULE_WORDS = {
    Rule.OUTSIDE_LIMITS: "outside the limits",
    Rule.SHIFT: "7 on one side of the mean",
    Rule.TREND: "7 rising or falling",
    Rule.TWO_OF_THREE: "2 of 3 near a limit",
}
ROW_FORMATTED = ("number", "wrap")  # the kinds of run whose row takes their format (see write_spc_sheet)
BAND_LINES = (BAND_LOW, BAND_HIGH)  # a banded measure's two ends, named as on its table
BENCHMARK_LINES = tuple(BENCHMARK_NAMES.values())  # SN average, England, Region: each row's label names its basis
LINES = ("Value", "Mean", "Lower process limit", "Upper process limit", "Target", *BAND_LINES, *BENCHMARK_LINES)
SPECIAL = {
    CauseType.IMPROVEMENT: "Special cause: improvement",
    CauseType.CONCERN: "Special cause: concern",
    CauseType.NEITHER: "Special cause: a change",
}


@dataclass(frozen=True)
class SpcRows:
    """Where one measure's SPC rows are (zero-based), for its chart to read."""

    item: IndicatorReport
    top: int  # the measure's name; the month labels are on the next row

    @property
    def month_row(self) -> int:
        return self.top + 1

    def row_of(self, label: str) -> int:
        return self.month_row + 1 + (*LINES, *SPECIAL.values(), "Rules broken").index(label)

    @property
    def rules_row(self) -> int:
        return self.row_of("Rules broken")

    def benchmark(self, label: str) -> BenchmarkView | None:
        """The benchmark a benchmark row draws ("England"), if the measure has one."""
        return next((b for b in self.item.benchmarks if b.name == label), None)

    def has(self, label: str) -> bool:
        """Whether a line or a kind of special cause has any month to draw."""
        assert self.item.spc is not None
        points, targets = self.item.spc.result.points, self.item.spc.targets
        if label == "Target":
            return any(t is not None for t in targets)
        if label in BAND_LINES:
            return any(b is not None for b in self.item.spc.bands)
        if label in BENCHMARK_LINES:
            found = self.benchmark(label)
            return found is not None and any(v is not None for v in found.spc_values)
        cause = next((c for c, name in SPECIAL.items() if name == label), None)
        if cause is not None:
            return any(p.type is cause for p in points)
        return True

    @property
    def bottom(self) -> int:
        return self.rules_row

    @property
    def first_col(self) -> int:
        """Where the first month goes: the latest month is always in the last column, so that the rows keep
        their place (and the chart its range) as a measure's history grows towards SPC_CHART_MONTHS."""
        assert self.item.spc is not None
        return FIRST_MONTH_COL + SPC_CHART_MONTHS - len(self.item.spc.months)

    @property
    def anchor(self) -> tuple[str, int, int]:
        """The last month's figure: where the measure's defined name points."""
        return (SPC_DATA, self.row_of("Value"), LAST_MONTH_COL)

    @property
    def heading(self) -> list[Any]:
        """A chart's reference to the cell that names the measure, written as text."""
        return [SPC_DATA, self.top, 0]

    def label_cell(self, label: str) -> list[Any]:
        """A chart's reference to the cell that names one row: a series named by it keeps text as text."""
        return [SPC_DATA, self.row_of(label), 0]

    def range_of(self, row: int) -> list[Any]:
        """A chart's reference to one row's figures: [sheet, first row, first col, last row, last col]."""
        return [SPC_DATA, row, FIRST_MONTH_COL, row, LAST_MONTH_COL]


def layout_spc(items: list[IndicatorReport]) -> dict[str, SpcRows]:
    """A block for every measure with SPC, by measure id, in report order."""
    blocks: dict[str, SpcRows] = {}
    top = FIRST_ROW
    for item in items:
        if item.spc is not None:
            blocks[item.indicator.id] = block = SpcRows(item, top)
            top = block.bottom + 2
    return blocks


@dataclass(frozen=True)
class Run:
    """Cells side by side on one row, of one kind: how the SPC rows are described, a row at a time."""

    row: int
    col: int
    values: list[Any]  # None: a blank cell, formatted like the rest of the row
    kind: str


def spc_runs(block: SpcRows) -> Iterator[Run]:
    """One measure's SPC rows, a run of cells at a time: the file writer writes each run as one row."""
    view, ind = block.item.spc, block.item.indicator
    assert view is not None
    points, first = view.result.points, block.first_col
    yield Run(block.top, 0, [f"{ind.code}. {ind.title}"], "label")
    blank_months = [None] * (first - FIRST_MONTH_COL)  # a history shorter than the chart: blank months first
    yield Run(block.month_row, 0, ["Month"], "header_left")
    yield Run(block.month_row, FIRST_MONTH_COL, blank_months + [m.short_label for m in view.months], "header")
    lines = (
        {
            "Value": [p.value for p in points],
            "Mean": [p.mean for p in points],
            "Lower process limit": [p.lpl for p in points],
            "Upper process limit": [p.upl for p in points],
            "Target": list(view.targets),
            BAND_LINES[0]: [b.low if b else None for b in view.bands] if view.bands else [None] * len(points),
            BAND_LINES[1]: [b.high if b else None for b in view.bands] if view.bands else [None] * len(points),
        }
        | {
            label: list(found.spc_values) if (found := block.benchmark(label)) else [None] * len(points)
            for label in BENCHMARK_LINES
        }
        | {label: [p.value if p.type is cause else None for p in points] for cause, label in SPECIAL.items()}
    )
    for label, values in lines.items():
        row = block.row_of(label)
        found = block.benchmark(label) if label in BENCHMARK_LINES else None
        yield Run(row, 0, [found.marked_name if found else label], "row_label")  # "England: 19-21 year olds"
        yield Run(row, first, [cell_value(ind, value) for value in values], "number")
    yield Run(block.rules_row, 0, ["Rules broken"], "row_label")
    yield Run(block.rules_row, first, ["; ".join(RULE_WORDS[r] for r in p.rules) or None for p in points], "wrap")


def spc_cells(block: SpcRows) -> Iterator[Cell]:
    """Every cell of one measure's SPC rows: what a refresh in place rewrites."""
    for run in spc_runs(block):
        for offset, value in enumerate(run.values):
            yield Cell(SPC_DATA, run.row, run.col + offset, value, run.kind)


def write_spc_sheet(workbook: Workbook, styles: Styles, blocks: dict[str, SpcRows], options: RenderOptions) -> None:
    """The sheet, after the Data sheet: figures for the charts, visible like every sheet of a board pack.

    Each measure's rows carry a defined name on their last month's figure, so a refresh in place
    can tell when they have moved or grown and a full rebuild is needed.
    """
    from vitalsigns_xl.render.section import cell_format  # the section writer draws charts, which read these rows

    if not blocks:
        return
    sheet = workbook.add_worksheet(SPC_DATA)
    sheet.write_string(0, 0, "SPC data: what each measure's XmR chart draws", styles("title"))
    sheet.write_string(
        1,
        0,
        "Mean and process limits (mean ± 2.66 × the average moving range) over the measure's history; "
        "a special cause is a month that the usual variation does not explain.",
        styles("note", text_wrap=False),
    )
    sheet.set_column(0, 0, 30)
    for block in blocks.values():
        for run in spc_runs(block):  # a row at a time, its format looked up once: 400 measures make 100,000 cells
            fmt = cell_format(styles, block.item.indicator, run.kind)
            if run.kind in ROW_FORMATTED:
                # Most months of the special-cause and rules rows are blank: the row carries the format, so a blank
                # month needs no cell of its own, and a figure a refresh in place writes there takes it all the same.
                sheet.set_row(run.row, None, fmt)
                for offset, value in enumerate(run.values):
                    if value is not None:
                        sheet.write(run.row, run.col + offset, value, fmt)
            else:
                sheet.write_row(run.row, run.col, run.values, fmt)
        _, row, col = block.anchor
        anchor = sheet_ref(SPC_DATA, xl_rowcol_to_cell(row, col, True, True))
        workbook.define_name(spc_cell_name(block.item.indicator.id), f"={anchor}")
    sheet.set_column(FIRST_MONTH_COL, LAST_MONTH_COL, 9)
    set_up_page(sheet, options, max(b.bottom for b in blocks.values()), LAST_MONTH_COL)
