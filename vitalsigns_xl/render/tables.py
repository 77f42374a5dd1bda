"""Reference sheets as Excel Tables: Data (every figure of every month) and Definitions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pandas as pd
from xlsxwriter.workbook import Workbook

from vitalsigns_xl.analysis.disclosure import DENOMINATOR, NUMERATOR, SUPPRESSED
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.catalogue import Catalogue, Indicator
from vitalsigns_xl.contract import COMMENTARY, COMMENTARY_COLUMNS, DATA, DEFINITIONS, table_name
from vitalsigns_xl.extracts import Extracts
from vitalsigns_xl.model import IndicatorReport, Report
from vitalsigns_xl.officer_text import Entry
from vitalsigns_xl.render.page import RenderOptions, set_up_page
from vitalsigns_xl.render.style import Styles, wrapped_height

POLARITY_TEXT = {"higher_is_better": "Higher is better", "lower_is_better": "Lower is better", "neutral": "Neither (context)"}
UNIT_TEXT = {
    "percent": "Percentage",
    "count": "Number",
    "rate_per_10k": "Rate per 10,000 children",
    "days": "Days",
    "fte": "Full-time equivalent",
    "ratio": "Average",
}


def _write_table(
    workbook: Workbook,
    styles: Styles,
    name: str,
    title: str,
    columns: list[tuple[str, int]],
    rows: list[list[Any]],
    options: RenderOptions,
    wrap: bool = False,
    printed_columns: int | None = None,
) -> None:
    """A titled Excel Table; printed, only its first ``printed_columns`` columns (all by default)."""
    sheet = workbook.add_worksheet(name)
    sheet.write_string(0, 0, title, styles("title"))
    sheet.set_row(0, 26)
    body = styles("wrap" if wrap else "text")
    for col, (_, width) in enumerate(columns):
        sheet.set_column(col, col, width)
    top = TABLE_TOP
    for r, row in enumerate(rows, start=top + 1):
        if wrap:
            sheet.set_row(r, wrapped_height([(v, w) for v, (_, w) in zip(row, columns, strict=True) if isinstance(v, str)]))
        for c, value in enumerate(row):
            if value is None or (isinstance(value, float) and pd.isna(value)):
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value, body)
            elif isinstance(value, datetime):
                sheet.write_datetime(r, c, value, styles("text", num_format="yyyy-mm-dd hh:mm"))
            else:
                sheet.write_number(r, c, value, body)
    sheet.add_table(
        top,
        0,
        top + max(len(rows), 1),
        len(columns) - 1,
        {
            "name": table_name(name),
            "style": "Table Style Light 1",
            "columns": [{"header": h} for h, _ in columns],
        },
    )
    sheet.freeze_panes(top + 1, 0)
    set_up_page(sheet, options, top + len(rows), (printed_columns or len(columns)) - 1, repeat_rows=(top, top))


DATA_COLUMNS = [
    ("Indicator", 30),
    ("Code", 7),
    ("Period", 9),
    ("Breakdown", 22),
    ("Value", 11),
    ("Numerator", 11),
    ("Denominator", 12),
    ("Unit", 12),
]
TABLE_TOP = 2  # every table's header row; its rows follow


def data_rows(catalogue: Catalogue, extracts: Extracts, report: Report) -> list[list[Any]]:
    """Every figure as the extracts give it (percentages in points), in catalogue order; "c" where suppressed."""
    order = {ind.id: index for index, ind in enumerate(catalogue.indicators)}
    items = {item.indicator.id: item for item in report.indicators}
    m = extracts.measures.assign(_order=extracts.measures["indicator"].map(order))
    m = m.sort_values(["_order", "breakdown", "period"], kind="stable")

    def shown(item: IndicatorReport, key: str, month: Month, value: object) -> object:
        if item.is_suppressed(key, month):
            return SUPPRESSED
        return None if value is None or (isinstance(value, float) and pd.isna(value)) else value  # a blank, not NaN

    rows = []
    for r in m.itertuples(index=False):
        item = items[str(r.indicator)]
        month = Month.parse(str(r.period))
        part = str(r.breakdown or "")  # a category's count and whole go with its share; the measure's with its value
        rows.append(
            [
                r.indicator,
                item.indicator.code,
                str(r.period),
                r.breakdown or None,
                shown(item, part, month, r.value),
                shown(item, part or NUMERATOR, month, r.numerator),
                shown(item, part or DENOMINATOR, month, r.denominator),
                item.indicator.unit.value,
            ]
        )
    return rows


def write_data(
    workbook: Workbook, styles: Styles, catalogue: Catalogue, extracts: Extracts, report: Report, options: RenderOptions
) -> None:
    rows = data_rows(catalogue, extracts, report)
    _write_table(workbook, styles, DATA, "Data: every figure in the extracts", DATA_COLUMNS, rows, options)


def _target_rule(ind: Indicator) -> str:
    if ind.rag is None:
        return "No RAG: direction of travel only"
    unit = " points" if ind.unit == "percent" else ""
    return f"Green on or beyond target; Amber within {ind.rag.tolerance:g}{unit} of it; Red otherwise"


def write_definitions(workbook: Workbook, styles: Styles, catalogue: Catalogue, options: RenderOptions) -> None:
    sections = {s.id: s.title for s in catalogue.sections}
    rows = [
        [
            ind.code,
            ind.title,
            ind.definition,
            POLARITY_TEXT[ind.polarity],
            _target_rule(ind),
            UNIT_TEXT[ind.unit],
            sections[ind.section],
            ind.owner,
            ind.source,
            ind.id,
        ]
        for ind in catalogue.indicators
    ]
    columns = [  # the first five are printed: what a board member needs to read a measure's page
        ("Code", 7),
        ("Measure", 36),
        ("Definition", 70),
        ("Polarity", 14),
        ("Target rule", 30),
        ("Unit", 14),
        ("Section", 18),
        ("Owner", 26),
        ("Source", 20),
        ("Indicator id", 28),
    ]
    _write_table(workbook, styles, DEFINITIONS, "Definitions", columns, rows, options, wrap=True, printed_columns=5)


def commentary_rows(catalogue: Catalogue, entries: Sequence[Entry]) -> list[list[Any]]:
    """The Commentary sheet's rows: every period's officer text, in the order given."""
    known = catalogue.ids
    return [
        [
            e.indicator,
            catalogue.indicator(e.indicator).code if e.indicator in known else None,
            catalogue.indicator(e.indicator).title if e.indicator in known else "(no longer in the report)",
            str(e.period),
            e.text,
            e.changed,
        ]
        for e in entries
    ]


def write_commentary_log(
    workbook: Workbook, styles: Styles, catalogue: Catalogue, entries: Sequence[Entry], options: RenderOptions
) -> None:
    """Every period's officer commentary, newest first; a refresh reads it back, so nothing typed is lost."""
    widths = (28, 7, 36, 9, 90, 17)
    _write_table(
        workbook,
        styles,
        COMMENTARY,
        "Commentary: what the service said about each measure, every period",
        list(zip(COMMENTARY_COLUMNS, widths, strict=True)),
        commentary_rows(catalogue, entries),
        options,
        wrap=True,
    )
