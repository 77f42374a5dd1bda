"""Reference sheets as Excel Tables: Data (every figure of every month) and Definitions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pandas as pd
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from vitalsigns_xl.analysis.disclosure import DENOMINATOR, NUMERATOR, SUPPRESSED
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.catalogue import Catalogue, Indicator, references
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
    page: bool = True,
) -> Worksheet:
    """A titled Excel Table; printed, only its first ``printed_columns`` columns (all by default).

    With ``page`` False the caller adds rows below the table and sets up the printed page itself.
    """
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
    if page:
        set_up_page(sheet, options, top + len(rows), (printed_columns or len(columns)) - 1, repeat_rows=(top, top))
    return sheet


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


DEFINITION_COLUMNS = [  # the first five are printed: what a board member needs to read a measure's page
    ("Code", 6),
    ("Measure", 24),
    ("Definition", 60),
    ("Basis", 52),
    ("Rating", 18),
    ("Unit", 14),
    ("Section", 18),
    ("Owner", 26),
    ("Source", 20),
    ("Indicator id", 28),
]
PRINTED_DEFINITION_COLUMNS = 5


RATING_RULE = (
    "RAG rating: Green on or beyond the target (or within a target range), Amber within the tolerance the Rating "
    "column gives, Red otherwise; a measure with no RAG shows its direction of travel only."
)


def _rating(ind: Indicator) -> str:
    """Polarity and tolerance; the rule itself is stated once above the table."""
    if ind.rag is None:
        return f"{POLARITY_TEXT[ind.polarity]}; no RAG"
    unit = " points" if ind.unit == "percent" else ""
    if ind.rag.band is not None:
        low, high = ind.rag.band
        return (
            f"{POLARITY_TEXT[ind.polarity]}; Green within the range (by default {low:g} to {high:g}), "
            f"Amber within {ind.rag.tolerance:g}{unit} outside it"
        )
    return f"{POLARITY_TEXT[ind.polarity]}; Amber within {ind.rag.tolerance:g}{unit}"


def _basis(ind: Indicator, numbers: dict[str, int]) -> str:
    """The measure's basis, with the numbers of the sources it cites in the list below the table."""
    if not ind.sources:
        return ind.basis
    cited = ", ".join(str(n) for n in sorted(numbers[s] for s in ind.sources))
    return f"{ind.basis} (source{'s' if len(ind.sources) > 1 else ''} {cited})"


def write_definitions(workbook: Workbook, styles: Styles, catalogue: Catalogue, report: Report, options: RenderOptions) -> None:
    """Each measure's definition and basis; above them how working days are counted, and below them the sources, once each.

    A benchmark shown on another basis than the measure's is noted under the measure's basis, so
    the printed page says why it is never compared.
    """
    sections = {s.id: s.title for s in catalogue.sections}
    cited = catalogue.cited_sources()
    numbers = {source.id: number for number, source in enumerate(cited, start=1)}
    notes = {item.indicator.id: item.benchmark_note for item in report.indicators}
    rows = [
        [
            ind.code,
            ind.title,
            ind.definition,
            "\n".join(filter(None, (_basis(ind, numbers), notes.get(ind.id, "")))),
            _rating(ind),
            UNIT_TEXT[ind.unit],
            sections[ind.section],
            ind.owner,
            ind.source,
            ind.id,
        ]
        for ind in catalogue.indicators
    ]
    columns = DEFINITION_COLUMNS
    sheet = _write_table(workbook, styles, DEFINITIONS, "Definitions", columns, rows, options, wrap=True, page=False)
    last_col = PRINTED_DEFINITION_COLUMNS - 1
    width = sum(w for _, w in columns[:PRINTED_DEFINITION_COLUMNS])
    rest = sum(w for _, w in columns[1:PRINTED_DEFINITION_COLUMNS])
    conventions = " ".join(references().working_days.split()) + "\n" + RATING_RULE
    sheet.merge_range(1, 0, 1, last_col, conventions, styles("note"))
    sheet.set_row(1, wrapped_height([(conventions, width)]))
    row = TABLE_TOP + max(len(rows), 1) + 2
    if cited:
        sheet.write_string(row, 0, "Sources", styles("subtitle"))
        sheet.set_row(row, 20)
        for number, source in enumerate(cited, start=1):
            row += 1
            text = " ".join(source.cite.split()) + (f" {source.url}" if source.url else "")
            sheet.write_number(row, 0, number, styles("wrap"))
            sheet.merge_range(row, 1, row, last_col, text, styles("wrap"))
            sheet.set_row(row, wrapped_height([(text, rest)]))
    set_up_page(sheet, options, row, last_col, repeat_rows=(TABLE_TOP, TABLE_TOP))


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
