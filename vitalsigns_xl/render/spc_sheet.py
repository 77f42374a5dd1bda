"""The SPC data sheet: for each measure with an XmR chart, the figures it draws, month by month.

The chart on the measure's page reads these rows: the figure, the mean, the lower and upper
process limits, the target (or a band's two ends), the benchmarks in force each month (named
with their basis where it is not the measure's), and the figure again on the rows of the months that are special
causes (improvement, concern or neither), which the chart marks with their own colour and
shape. The rules each special-cause month broke are written out too. All of it comes from the
report model; nothing here is a formula, so nothing can disagree after a recalculation.

Every measure's chart ends at the report month in the last column, so one row of months at the
top of the sheet (frozen, and repeated on each printed page) labels them all. A line that holds
one value for months together (the mean, the limits, a target, a benchmark) is written at the
first and last of those months only, and the chart joins them across the blank months between:
the same line, from a fraction of the cells, which is what keeps SPC cheap in a large build.
Where the figure (or any line) has a month without a value inside its stretch, the chart must
leave that month a gap, so every month of every line is written instead. A second defined name
on the measure's last figure says which way its chart was made, so that a refresh in place
which would need it the other way asks for a rebuild (see live.check_shape).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook

from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.analysis.spc import CauseType, Rule
from vitalsigns_xl.contract import SPC_DATA, sheet_ref, spc_cell_name, spc_joined_name
from vitalsigns_xl.model import BENCHMARK_NAMES, SPC_CHART_MONTHS, BenchmarkView, IndicatorReport, spc_chart_months
from vitalsigns_xl.render.cells import Cell
from vitalsigns_xl.render.layout import BAND_HIGH, BAND_LOW
from vitalsigns_xl.render.page import RenderOptions, set_up_page
from vitalsigns_xl.render.style import Styles, cell_value

MONTH_ROW = 3  # the months of every chart, under the title and notes
FIRST_ROW = MONTH_ROW + 2  # the first measure's name
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
STEP_LINES = LINES[1:]  # lines that hold one value for months together: written at the ends of each stretch when joined
ALWAYS_DRAWN = LINES[:4]  # the figure, its mean and limits: in every XmR chart, even before the limits can be set
SPECIAL = {
    CauseType.IMPROVEMENT: "Special cause: improvement",
    CauseType.CONCERN: "Special cause: concern",
    CauseType.NEITHER: "Special cause: a change",
}
NOTES = (
    "Mean and process limits (mean ± 2.66 × the average moving range) over the measure's history; "
    "a special cause is a month that the usual variation does not explain.",
    "A line that holds one value for months together is written at the first and last of those months; "
    "the chart joins them (where the figure has a month missing, every month is written and the chart leaves a gap).",
)


@dataclass(frozen=True)
class SpcRows:
    """Where one measure's SPC rows are (zero-based), for its chart to read."""

    item: IndicatorReport
    top: int  # the measure's name; its lines start on the next row

    def row_of(self, label: str) -> int:
        return self.top + 1 + (*LINES, *SPECIAL.values(), "Rules broken").index(label)

    @property
    def rules_row(self) -> int:
        return self.row_of("Rules broken")

    def benchmark(self, label: str) -> BenchmarkView | None:
        """The benchmark a benchmark row draws ("England"), if the measure has one."""
        return next((b for b in self.item.benchmarks if b.name == label), None)

    @cached_property
    def lines(self) -> dict[str, Sequence[float | None]]:
        """Each line's value in each month of the measure's chart (None: none that month), as the model gives them."""
        view = self.item.spc
        assert view is not None
        points, blank = view.result.points, (None,) * len(view.months)
        return (
            {
                "Value": [p.value for p in points],
                "Mean": [p.mean for p in points],
                "Lower process limit": [p.lpl for p in points],
                "Upper process limit": [p.upl for p in points],
                "Target": view.targets,
                BAND_LINES[0]: [b.low if b else None for b in view.bands] if view.bands else blank,
                BAND_LINES[1]: [b.high if b else None for b in view.bands] if view.bands else blank,
            }
            | {label: found.spc_values if (found := self.benchmark(label)) else blank for label in BENCHMARK_LINES}
            | {label: [p.value if p.type is cause else None for p in points] for cause, label in SPECIAL.items()}
        )

    @cached_property
    def drawn(self) -> frozenset[str]:
        """The lines the chart draws: the figure, its mean and limits always (a history too short for limits this month
        has them next, and a refresh in place writes into the chart's series but never adds one), and the target,
        band, benchmarks and kinds of special cause with any month to draw."""
        return frozenset(
            label for label, values in self.lines.items() if label in ALWAYS_DRAWN or any(v is not None for v in values)
        )

    def has(self, label: str) -> bool:
        """Whether a line or a kind of special cause has any month to draw."""
        return label in self.drawn

    @cached_property
    def joined(self) -> bool:
        """Whether no line the chart draws has a month without a value between two with one: then a line's blank
        months can be bridged (the chart spans blanks), and a steady line needs only the ends of each stretch."""
        return not any(_broken(self.lines[label]) for label in LINES if self.has(label))

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

    @property
    def months(self) -> list[Any]:
        """A chart's reference to the sheet's row of months, which labels its axis."""
        return self.range_of(MONTH_ROW)


def _broken(values: Sequence[float | None]) -> bool:
    """Whether a month without a value lies between two months with one."""
    present = [i for i, v in enumerate(values) if v is not None]
    return bool(present) and present[-1] - present[0] + 1 != len(present)


def _stretch_ends(values: Sequence[float | None]) -> list[float | None]:
    """``values`` with only the first and last month of each stretch of one value kept: a line joining them is the same line."""
    last = len(values) - 1
    return [None if 0 < i < last and values[i - 1] == value == values[i + 1] else value for i, value in enumerate(values)]


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


def month_runs(period: Month) -> Iterator[Run]:
    """The sheet's row of months, the report month last: every chart's axis labels."""
    yield Run(MONTH_ROW, 0, ["Month"], "header_left")
    yield Run(MONTH_ROW, FIRST_MONTH_COL, [m.short_label for m in spc_chart_months(period)], "header")


def spc_runs(block: SpcRows) -> Iterator[Run]:
    """One measure's SPC rows, a run of cells at a time: the file writer writes each run as one row, and a refresh
    in place writes the same cells (None empties one).

    Where the chart joins blank months (``block.joined``), a steady line is written at the ends of each stretch only.
    """
    ind, first = block.item.indicator, block.first_col
    yield Run(block.top, 0, [f"{ind.code}. {ind.title}"], "label")
    for label, values in block.lines.items():
        row = block.row_of(label)
        found = block.benchmark(label) if label in BENCHMARK_LINES else None
        name = (found.marked_name if found else label) if block.has(label) else None  # a row with nothing is left blank
        yield Run(row, 0, [name], "row_label")  # "England: 19-21 year olds"
        drawn = _stretch_ends(values) if block.joined and label in STEP_LINES else values
        yield Run(row, first, [cell_value(ind, value) for value in drawn], "number")
    points = block.item.spc.result.points if block.item.spc else ()
    yield Run(block.rules_row, 0, ["Rules broken"], "row_label")
    yield Run(block.rules_row, first, ["; ".join(RULE_WORDS[r] for r in p.rules) or None for p in points], "wrap")


def _cells(runs: Iterator[Run]) -> Iterator[Cell]:
    for run in runs:
        for offset, value in enumerate(run.values):
            yield Cell(SPC_DATA, run.row, run.col + offset, value, run.kind)


def spc_cells(block: SpcRows) -> Iterator[Cell]:
    """Every cell of one measure's SPC rows: what a refresh in place rewrites."""
    return _cells(spc_runs(block))


def month_cells(period: Month) -> Iterator[Cell]:
    """The sheet's row of months: a refresh in place moves them on with the report month."""
    return _cells(month_runs(period))


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
    for row, note in enumerate(NOTES, start=1):
        sheet.write_string(row, 0, note, styles("note", text_wrap=False))
    sheet.set_column(0, 0, 30)
    for run in month_runs(options.period):
        sheet.write_row(run.row, run.col, run.values, cell_format(styles, None, run.kind))
    sheet.freeze_panes(MONTH_ROW + 1, FIRST_MONTH_COL)  # the months and the row names stay in view
    for block in blocks.values():
        formats = {kind: cell_format(styles, block.item.indicator, kind) for kind in ("label", "row_label", *ROW_FORMATTED)}
        for run in spc_runs(block):  # a row at a time
            fmt = formats[run.kind]
            if run.kind in ROW_FORMATTED:
                # Many months of these rows are blank: the row carries the format, so a blank month needs no cell of
                # its own, and a figure a refresh in place writes there takes it all the same.
                sheet.set_row(run.row, None, fmt)
            write = sheet.write_number if run.kind == "number" else sheet.write_string  # text from the extracts stays text
            for offset, value in enumerate(run.values):
                if value is not None:
                    write(run.row, run.col + offset, value, fmt)
        _, row, col = block.anchor
        anchor = sheet_ref(SPC_DATA, xl_rowcol_to_cell(row, col, True, True))
        workbook.define_name(spc_cell_name(block.item.indicator.id), f"={anchor}")
        if block.joined:
            workbook.define_name(spc_joined_name(block.item.indicator.id), f"={anchor}")
    sheet.set_column(FIRST_MONTH_COL, LAST_MONTH_COL, 9)
    set_up_page(sheet, options, max(b.bottom for b in blocks.values()), LAST_MONTH_COL, repeat_rows=(MONTH_ROW, MONTH_ROW))
