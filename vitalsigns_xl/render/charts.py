"""Native Excel charts, one per measure, of the kind the catalogue names.

- line: the figure, with the target and benchmark trajectories as dashed lines (percentages, rates);
- column: monthly counts;
- stacked_column: categories stacked month by month (contact outcomes, placement mix);
- clustered_bar: categories this month against last (agency FTE by role), read from the
  last two month columns of the category rows.
Every chart reads the table written beside it and carries alt text stating what it shows
and the latest figure.
"""

from __future__ import annotations

from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from vitalsigns_xl.formatting import format_value
from vitalsigns_xl.render.layout import FIRST_MONTH_COL, MONTHS, BlockLayout
from vitalsigns_xl.render.style import BRAND, FONT, number_format

SERIES_COLOURS = ("#1D4F91", "#F47738", "#28A197", "#801650", "#6F72AF", "#A285D1", "#505A5F")
REFERENCE_LINES = {"Target": ("#0B0C0C", "dash"), "SN average": ("#D4351C", "round_dot"), "England": ("#505A5F", "long_dash")}


def _text(size: int = 10, bold: bool = False) -> dict[str, Any]:
    return {"name": FONT, "size": size, "bold": bold, "color": "#0B0C0C"}


def _months_range(block: BlockLayout) -> list[Any]:
    return [block.sheet_name, block.header_row, FIRST_MONTH_COL, block.header_row, FIRST_MONTH_COL + MONTHS - 1]


def _row_range(block: BlockLayout, row: int) -> list[Any]:
    sheet, data_row = block.data_ref(row)
    return [sheet, data_row, FIRST_MONTH_COL, data_row, FIRST_MONTH_COL + MONTHS - 1]


def _name(block: BlockLayout, row: int) -> list[Any]:
    return [block.sheet_name, row, 0]


def add_chart(workbook: Workbook, sheet: Worksheet, block: BlockLayout) -> None:
    """Draw the measure's chart below its table, with alt text for screen readers."""
    ind = block.item.indicator
    kind = ind.chart
    if kind == "clustered_bar":
        chart = workbook.add_chart({"type": "bar"})
        top = block.row_of(block.item.breakdowns[0].label)
        assert top is not None
        count = len(ind.breakdowns)
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
        chart.set_x_axis(
            {
                "num_format": number_format(ind),
                "num_font": _text(),
                "major_gridlines": {"visible": True, "line": {"color": "#E5E5E5"}},
            }
        )
    elif kind == "stacked_column":
        chart = workbook.add_chart({"type": "column", "subtype": "percent_stacked" if ind.unit == "percent" else "stacked"})
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
    else:
        chart = workbook.add_chart({"type": "line" if kind == "line" else "column"})
        chart.add_series(
            {
                "name": _name(block, block.value_row),
                "categories": _months_range(block),
                "values": _row_range(block, block.value_row),
                **(
                    {
                        "line": {"color": BRAND, "width": 2.25},
                        "marker": {"type": "circle", "size": 5, "fill": {"color": BRAND}, "border": {"color": BRAND}},
                    }
                    if kind == "line"
                    else {"fill": {"color": BRAND}, "gap": 60}
                ),
            }
        )
        if kind == "line":
            for label, (colour, dash) in REFERENCE_LINES.items():
                row = block.row_of(label)
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
    if kind != "clustered_bar":
        chart.set_x_axis({"num_font": _text()})
        chart.set_y_axis(
            {
                "num_format": number_format(ind),
                "num_font": _text(),
                "major_gridlines": {"visible": True, "line": {"color": "#E5E5E5"}},
            }
        )
    chart.set_title({"name": f"{ind.code}. {ind.title}", "name_font": _text(12, True), "overlay": False})
    chart.set_legend({"position": "bottom", "font": _text()})
    chart.set_chartarea({"border": {"none": True}})
    chart.show_hidden_data()  # the print copy hides the Chart data rows a suppressed pack's charts read
    width, height = block.chart_size()
    chart.set_size({"width": width, "height": height})
    sheet.insert_chart(block.chart_row, 0, chart, {"description": alt_text(block), "object_position": 1})


def alt_text(block: BlockLayout) -> str:
    item, ind = block.item, block.item.indicator
    kind = {
        "line": "Line chart",
        "column": "Column chart",
        "stacked_column": "Stacked column chart",
        "clustered_bar": "Bar chart",
    }[ind.chart]
    parts = [f"{kind} of {ind.title}, {item.months[0].long_label} to {item.months[-1].long_label}."]
    if item.latest is not None:
        parts.append(f"Latest figure {format_value(item.latest, ind)} in {item.months[-1].long_label}.")
    if item.target is not None:
        parts.append(f"Target {format_value(item.target, ind)}.")
    sn = item.benchmark("statistical_neighbours")
    if sn and sn.value is not None:
        parts.append(f"Statistical neighbour average {format_value(sn.value, ind)}.")
    if ind.breakdowns and item.latest is None:
        latest = [f"{b.label} {format_value(b.values[-1], ind)}" for b in item.breakdowns if b.values[-1] is not None]
        parts.append(f"{item.months[-1].long_label}: {', '.join(latest)}.")
    return " ".join(parts)
