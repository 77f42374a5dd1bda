"""Native Excel charts, one per measure, each kind drawn by its own chart object.

- line: the figure, with the target and benchmark trajectories as dashed lines (percentages, rates);
- column: monthly counts;
- stacked_column: categories stacked month by month (contact outcomes, placement mix);
- clustered_bar: categories this month against last (agency FTE by role), read from the
  last two month columns of the category rows;
- clustered_column: categories side by side, month by month (casework open by kind);
- quarterly_column: each category's total in the last five quarters (starters and leavers);
- twelve_month_bar: each category's 12-month total, labelled with its share (gender of
  starters, the top three sickness reasons);
- forecast: the 13 months as a solid line, then the forecast as a dashed line inside a
  shaded band, its prediction interval (measures marked ``forecast: true`` whose forecast
  passed its own checks; otherwise the measure's own kind is drawn and the words say why).
Every chart reads the table written beside it and carries alt text stating what it shows
and the latest figure. To add a kind, add a class with a ``name`` and a ``draw`` method
and list it in ``CHART_KINDS``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from xlsxwriter.chart import Chart
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from vitalsigns_xl.analysis.spc import CauseType
from vitalsigns_xl.formatting import assurance_label, format_value, share_label, variation_label
from vitalsigns_xl.render.layout import BAND_HIGH, BAND_LOW, FIRST_MONTH_COL, FORECAST_HISTORY, MONTHS, BlockLayout
from vitalsigns_xl.render.spc_sheet import LINES, SPECIAL
from vitalsigns_xl.render.style import BRAND, FONT, number_format

SERIES_COLOURS = ("#1D4F91", "#F47738", "#28A197", "#801650", "#6F72AF", "#A285D1", "#505A5F")
REFERENCE_LINES = {
    "Target": ("#0B0C0C", "dash"),
    BAND_LOW: ("#0B0C0C", "dash"),  # a band's two ends: the figure should stay between them
    BAND_HIGH: ("#0B0C0C", "dash"),
    "SN average": ("#D4351C", "round_dot"),
    "England": ("#505A5F", "long_dash"),
    "Region": ("#28A197", "dash_dot"),
}
BAND_COLOUR = "#A9C4E6"  # the brand blue, light: a band behind the line, not a figure of its own
XMR_LINES = {  # colour, dash, width
    "Mean": ("#505A5F", "solid", 1.25),
    "Lower process limit": ("#505A5F", "dash", 1.25),
    "Upper process limit": ("#505A5F", "dash", 1.25),
    "Target": ("#B10E1E", "round_dot", 1.75),
}
SPECIAL_CAUSE_MARKERS = {  # Making Data Count's colours, and a shape each so that colour is never the only signal
    SPECIAL[CauseType.IMPROVEMENT]: ("#1F78C8", "triangle"),
    SPECIAL[CauseType.CONCERN]: ("#E46C0A", "diamond"),
    SPECIAL[CauseType.NEITHER]: ("#6F2DA8", "square"),
}


def _text(size: int = 10, bold: bool = False) -> dict[str, Any]:
    return {"name": FONT, "size": size, "bold": bold, "color": "#0B0C0C"}


def _months_range(block: BlockLayout) -> list[Any]:
    return [block.sheet_name, block.header_row, FIRST_MONTH_COL, block.header_row, FIRST_MONTH_COL + MONTHS - 1]


def _row_range(block: BlockLayout, row: int, months: int = MONTHS) -> list[Any]:
    sheet, data_row = block.data_ref(row)
    return [sheet, data_row, FIRST_MONTH_COL, data_row, FIRST_MONTH_COL + months - 1]


def _name(block: BlockLayout, row: int) -> list[Any]:
    return [block.sheet_name, row, 0]


def _value_axis(block: BlockLayout) -> dict[str, Any]:
    return {
        "num_format": number_format(block.item.indicator),
        "num_font": _text(),
        "major_gridlines": {"visible": True, "line": {"color": "#E5E5E5"}},
    }


def _headline_line() -> dict[str, Any]:
    return {
        "line": {"color": BRAND, "width": 2.25},
        "marker": {"type": "circle", "size": 5, "fill": {"color": BRAND}, "border": {"color": BRAND}},
    }


class ChartKind:
    """How one kind of chart draws a measure's table, and what the alt text calls it."""

    name: ClassVar[str]

    def draw(self, workbook: Workbook, block: BlockLayout) -> Chart:
        raise NotImplementedError

    def describe(self, block: BlockLayout) -> list[str]:
        """Sentences the alt text adds for this kind, after the latest figure."""
        return []

    legend: ClassVar[dict[str, Any]] = {}  # legend options of this kind, beside the common ones


class LineChart(ChartKind):
    name = "Line chart"

    def draw(self, workbook: Workbook, block: BlockLayout) -> Chart:
        chart = workbook.add_chart({"type": "line"})
        chart.add_series(
            {
                "name": _name(block, block.value_row),
                "categories": _months_range(block),
                "values": _row_range(block, block.value_row),
                **_headline_line(),
            }
        )
        lines = [("Target", "Target"), *((b.name, b.marked_name) for b in block.item.benchmarks)]
        for kind, label in lines:  # a benchmark on another basis is named with it in the legend
            row = block.row_of(label)
            colour, dash = REFERENCE_LINES[kind]
            if row is not None:
                chart.add_series(
                    {
                        "name": _name(block, row),
                        "categories": _months_range(block),
                        "values": _row_range(block, row),
                        "line": {"color": colour, "width": 1.5, "dash_type": dash},
                        "marker": {"type": "none"},
                    }
                )
        chart.set_x_axis({"num_font": _text()})
        chart.set_y_axis(_value_axis(block))
        return chart


class ColumnChart(ChartKind):
    name = "Column chart"

    def draw(self, workbook: Workbook, block: BlockLayout) -> Chart:
        chart = workbook.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": _name(block, block.value_row),
                "categories": _months_range(block),
                "values": _row_range(block, block.value_row),
                "fill": {"color": BRAND},
                "gap": 60,
            }
        )
        chart.set_x_axis({"num_font": _text()})
        chart.set_y_axis(_value_axis(block))
        return chart


class StackedColumnChart(ChartKind):
    name = "Stacked column chart"

    def subtype(self, block: BlockLayout) -> str:
        return "percent_stacked" if block.item.indicator.unit == "percent" else "stacked"

    def draw(self, workbook: Workbook, block: BlockLayout) -> Chart:
        chart = workbook.add_chart({"type": "column", "subtype": self.subtype(block)})
        for index, breakdown in enumerate(block.item.breakdowns):
            row = block.row_of(breakdown.label)
            assert row is not None
            chart.add_series(
                {
                    "name": _name(block, row),
                    "categories": _months_range(block),
                    "values": _row_range(block, row),
                    "fill": {"color": SERIES_COLOURS[index % len(SERIES_COLOURS)]},
                    "gap": 60,
                }
            )
        chart.set_x_axis({"num_font": _text()})
        chart.set_y_axis(_value_axis(block))
        return chart


class ClusteredColumnChart(StackedColumnChart):
    """Categories side by side, month by month (casework open at month end by kind)."""

    name = "Clustered column chart"

    def subtype(self, block: BlockLayout) -> str:
        return "clustered"


class QuarterlyColumnChart(ChartKind):
    """Each category's total by quarter, side by side (starters and leavers), from the totals table."""

    name = "Clustered column chart by quarter"

    def draw(self, workbook: Workbook, block: BlockLayout) -> Chart:
        chart = workbook.add_chart({"type": "column"})
        top, quarters = block.totals_row, block.totals_rows
        sheet_name, first = block.data_ref(top + 1)
        for col, _ in enumerate(block.item.totals[0].categories, start=1):
            chart.add_series(
                {
                    "name": [block.sheet_name, top, col],
                    "categories": [block.sheet_name, top + 1, 0, top + quarters, 0],
                    "values": [sheet_name, first, col, first + quarters - 1, col],
                    "fill": {"color": SERIES_COLOURS[(col - 1) % len(SERIES_COLOURS)]},
                    "data_labels": {"value": True, "font": _text()},
                    "gap": 80,
                }
            )
        chart.set_x_axis({"num_font": _text()})
        chart.set_y_axis(_value_axis(block))
        return chart

    def describe(self, block: BlockLayout) -> list[str]:
        ind = block.item.indicator
        last = block.item.totals[-1]
        parts = ", ".join(f"{c.label} {format_value(c.total, ind)}" for c in last.categories)
        return [f"{last.label}: {parts}."]


class TwelveMonthBarChart(ChartKind):
    """Each category's total over 12 months as a bar labelled with the count, its share beside its name."""

    name = "Bar chart of the last 12 months"

    def draw(self, workbook: Workbook, block: BlockLayout) -> Chart:
        chart = workbook.add_chart({"type": "bar"})
        top, count = block.totals_row, block.totals_rows
        sheet_name, first = block.data_ref(top + 1)
        chart.add_series(
            {
                "name": [block.sheet_name, top, 0],
                "categories": [block.sheet_name, top + 1, 3, top + count, 3],  # "Female (82%)"
                "values": [sheet_name, first, 1, first + count - 1, 1],
                "fill": {"color": BRAND},
                "gap": 60,
                "data_labels": {"value": True, "font": _text()},
            }
        )
        chart.set_y_axis({"reverse": True, "num_font": _text()})
        chart.set_x_axis(_value_axis(block))
        return chart

    def describe(self, block: BlockLayout) -> list[str]:
        ind, whole = block.item.indicator, block.item.totals[0]
        parts = ", ".join(f"{share_label(c.label, c.share)} {format_value(c.total, ind)}" for c in whole.categories)
        return [f"{whole.label}: {parts}."]


class ClusteredBarChart(ChartKind):
    name = "Bar chart"

    def draw(self, workbook: Workbook, block: BlockLayout) -> Chart:
        chart = workbook.add_chart({"type": "bar"})
        top = block.row_of(block.item.breakdowns[0].label)
        assert top is not None
        count = len(block.item.indicator.breakdowns)
        sheet_name, first = block.data_ref(top)
        last_month = FIRST_MONTH_COL + MONTHS - 1
        for col, colour in ((last_month - 1, "#B1B4B6"), (last_month, BRAND)):  # last month grey, this month brand
            chart.add_series(
                {
                    "name": [block.sheet_name, block.header_row, col],
                    "categories": [block.sheet_name, top, 0, top + count - 1, 0],
                    "values": [sheet_name, first, col, first + count - 1, col],
                    "fill": {"color": colour},
                    # this month's figure only: two labels on thin bars would print over each other
                    **({"data_labels": {"value": True, "font": _text()}} if col == last_month else {}),
                }
            )
        chart.set_y_axis({"reverse": True, "num_font": _text()})
        chart.set_x_axis(_value_axis(block))
        return chart


class ForecastChart(ChartKind):
    """History as a solid line, the forecast dashed, the prediction interval a shaded band.

    The band is a stacked area: an invisible area up to the likely low, and on it a shaded
    one as high as the band, so the shading spans exactly the likely range.
    """

    name = "Line chart with forecast"
    legend: ClassVar[dict[str, Any]] = {"delete_series": [0]}  # the invisible base of the band

    def draw(self, workbook: Workbook, block: BlockLayout) -> Chart:
        forecast = block.forecast
        assert forecast is not None
        months = FORECAST_HISTORY + len(forecast.months)
        top = block.forecast_row
        categories = [block.sheet_name, top, FIRST_MONTH_COL, top, FIRST_MONTH_COL + months - 1]
        band = workbook.add_chart({"type": "area", "subtype": "stacked"})
        band.add_series(
            {
                "name": _name(block, block.forecast_row_of("Likely low")),
                "categories": categories,
                "values": _row_range(block, block.forecast_row_of("Likely low"), months),
                "fill": {"none": True},
                "border": {"none": True},
            }
        )
        band.add_series(
            {
                "name": f"Likely range ({forecast.level:.0%} prediction interval)",
                "categories": categories,
                "values": _row_range(block, block.forecast_row_of("Band (likely high less low)"), months),
                "fill": {"color": BAND_COLOUR, "transparency": 40},
                "border": {"none": True},
            }
        )
        lines = workbook.add_chart({"type": "line"})
        lines.add_series(
            {
                "name": _name(block, block.forecast_row_of("Actual")),
                "categories": categories,
                "values": _row_range(block, block.forecast_row_of("Actual"), months),
                **_headline_line(),
            }
        )
        lines.add_series(
            {
                "name": _name(block, block.forecast_row_of("Forecast")),
                "categories": categories,
                "values": _row_range(block, block.forecast_row_of("Forecast"), months),
                "line": {"color": BRAND, "width": 2.25, "dash_type": "dash"},
                "marker": {"type": "none"},
            }
        )
        band.combine(lines)
        band.show_blanks_as("gap")  # no band, and no invisible base rising from zero, before the latest month
        band.set_x_axis({"num_font": _text()})
        band.set_y_axis(_value_axis(block))
        return band

    def describe(self, block: BlockLayout) -> list[str]:
        forecast = block.forecast
        assert forecast is not None
        ind = block.item.indicator
        return [
            f"Dashed forecast to {forecast.months[-1].long_label}: {format_value(forecast.central[-1], ind)}, "
            f"likely between {format_value(forecast.lower[-1], ind)} and {format_value(forecast.upper[-1], ind)} "
            f"(shaded, {forecast.level:.0%} prediction interval)."
        ]


class XmrChart(ChartKind):
    """The XmR chart of statistical process control: up to 24 months of the figure, its mean and process
    limits, the target or band, the benchmarks, and each special-cause month marked in its own colour and marker shape.

    It reads the measure's rows on the SPC data sheet (``block.spc_rows``), not the 13-month table.
    """

    name = "XmR chart (statistical process control)"

    def draw(self, workbook: Workbook, block: BlockLayout) -> Chart:
        rows = block.spc_rows
        assert rows is not None, "lay_out gives every measure with SPC its SPC data rows"
        chart = workbook.add_chart({"type": "line"})
        for label in (*LINES, *SPECIAL.values()):
            if not rows.has(label):
                continue
            series: dict[str, Any] = {"name": label, "values": rows.range_of(rows.row_of(label))}
            if label == "Value":
                # The month labels go with the first series only: the category axis takes its labels from the first
                # series (in Excel and LibreOffice alike), and each series given them carries its own copy of the
                # 24 labels in the chart file: up to eight copies a chart, for hundreds of charts in a large build.
                series["categories"] = rows.months
                # Named by the cell that heads the measure's rows ("5. Children in care visits on time"): a title given
                # as a literal would be read by xlsxwriter as a formula if it began with "=".
                series |= {"name": rows.heading, **_headline_line()}
            elif label in XMR_LINES:
                colour, dash, width = XMR_LINES[label]
                series |= {"line": {"color": colour, "width": width, "dash_type": dash}, "marker": {"type": "none"}}
            elif label in REFERENCE_LINES:  # a band's ends and the benchmarks, as on a line chart
                colour, dash = REFERENCE_LINES[label]
                # Named by its row's label cell, which names a benchmark's basis where it is not the measure's
                # ("England: 19-21 year olds"): text from the extracts, so never given as a literal title.
                series |= {
                    "name": rows.label_cell(label),
                    "line": {"color": colour, "width": 1.5, "dash_type": dash},
                    "marker": {"type": "none"},
                }
            else:
                colour, shape = SPECIAL_CAUSE_MARKERS[label]
                marker = {"type": shape, "size": 9, "fill": {"color": colour}, "border": {"color": colour}}
                series |= {"line": {"none": True}, "marker": marker}
            chart.add_series(series)
        # Spanning blanks draws a steady line written at its ends only (see spc_sheet); a month missing inside a line
        # must stay a gap, and then every month is written.
        chart.show_blanks_as("span" if rows.joined else "gap")
        chart.set_x_axis({"num_font": _text()})
        chart.set_y_axis(_value_axis(block))
        return chart


CHART_KINDS: dict[str, ChartKind] = {
    "line": LineChart(),
    "column": ColumnChart(),
    "stacked_column": StackedColumnChart(),
    "clustered_bar": ClusteredBarChart(),
    "clustered_column": ClusteredColumnChart(),
    "quarterly_column": QuarterlyColumnChart(),
    "twelve_month_bar": TwelveMonthBarChart(),
}
FORECAST = ForecastChart()
XMR = XmrChart()


def chart_kind(block: BlockLayout) -> ChartKind:
    """The forecast chart where a forecast was made, else the XmR chart where the model worked out SPC,
    otherwise the kind the catalogue names."""
    if block.forecast:
        return FORECAST
    return XMR if block.item.spc is not None else CHART_KINDS[block.item.indicator.chart]


def add_chart(workbook: Workbook, sheet: Worksheet, block: BlockLayout) -> None:
    """Draw the measure's chart below its table, with alt text for screen readers."""
    kind = chart_kind(block)
    chart = kind.draw(workbook, block)
    # The title reads the measure's heading cell: a title given as a string that looks like a reference
    # ("Q1!A1") or a formula would become one.
    chart.set_title({"name": [block.sheet_name, block.heading_row, 0], "name_font": _text(12, True), "overlay": False})
    chart.set_legend({"position": "bottom", "font": _text(), **kind.legend})
    chart.set_chartarea({"border": {"none": True}})
    chart.show_hidden_data()  # the print copy hides the Chart data rows a suppressed pack's charts read
    width, height = block.chart_size()
    chart.set_size({"width": width, "height": height})
    sheet.insert_chart(block.chart_row, 0, chart, {"description": alt_text(block), "object_position": 1})


def alt_text(block: BlockLayout) -> str:
    item, ind = block.item, block.item.indicator
    kind = chart_kind(block)
    if kind is XMR:
        return _xmr_alt_text(block)
    parts = [f"{kind.name} of {ind.title}, {item.months[0].long_label} to {item.months[-1].long_label}."]
    if item.latest is not None:
        parts.append(f"Latest figure {format_value(item.latest, ind)} in {item.months[-1].long_label}.")
    parts += kind.describe(block)
    if item.band is not None:
        parts.append(f"Target range {format_value(item.band.low, ind)} to {format_value(item.band.high, ind)}.")
    elif item.target is not None:
        parts.append(f"Target {format_value(item.target, ind)}.")
    sn = item.benchmark("statistical_neighbours")
    if sn and sn.value is not None:
        basis = f" ({sn.mark}, not compared)" if sn.mark else ""
        parts.append(f"Statistical neighbour average {format_value(sn.value, ind)}{basis}.")
    if ind.breakdowns and item.latest is None:
        latest = [f"{b.label} {format_value(b.values[-1], ind)}" for b in item.breakdowns if b.values[-1] is not None]
        parts.append(f"{item.months[-1].long_label}: {', '.join(latest)}.")
    return " ".join(parts)


def _xmr_alt_text(block: BlockLayout) -> str:
    """What the XmR chart shows and what it found: the limits, the latest month's variation, the assurance."""
    item, ind = block.item, block.item.indicator
    view = item.spc
    assert view is not None
    result, latest = view.result, view.result.points[-1]
    parts = [
        f"XmR chart (statistical process control) of {ind.title}, {view.months[0].long_label} to {view.months[-1].long_label}."
    ]
    if latest.value is not None:
        parts.append(f"Latest figure {format_value(latest.value, ind)} in {view.months[-1].long_label}.")
    if latest.mean is not None:
        parts.append(
            f"Mean {format_value(latest.mean, ind)}, process limits {format_value(latest.lpl, ind)} "
            f"to {format_value(latest.upl, ind)}{' (provisional)' if result.provisional else ''}."
        )
    if result.variation is not None:
        parts.append(f"Variation: {variation_label(result.variation, result.latest_high)}.")
    if result.special_causes:
        parts.append(f"{result.special_causes} of the {len(result.points)} months are marked as special causes.")
    if result.target is not None:
        parts.append(f"Target {format_value(result.target, ind)}.")
    if item.band is not None:
        parts.append(f"Target range {format_value(item.band.low, ind)} to {format_value(item.band.high, ind)}.")
    lines = [b for b in item.benchmarks if b.value is not None and any(v is not None for v in b.spc_values)]
    if lines:
        drawn = [f"{b.name} {format_value(b.value, ind)}{f' ({b.mark}, not compared)' if b.mark else ''}" for b in lines]
        parts.append(f"Benchmark lines: {', '.join(drawn)}.")
    if result.assurance is not None:
        parts.append(f"Assurance: {assurance_label(result.assurance)}.")
    return " ".join(parts)
