"""One reader per kind of extract: measures, targets and benchmarks (DESIGN.md section 4).

Each reader checks every row and returns typed records with the problems it found; the
folder reader (``vitalsigns_xl.extracts.read_extracts``) gathers the problems of every
file before deciding whether the run can go on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.catalogue import Catalogue, Indicator
from vitalsigns_xl.extracts.cells import RowParser
from vitalsigns_xl.extracts.problems import Problem
from vitalsigns_xl.extracts.tables import Row, Table

BENCHMARK_KINDS = {
    "statistical_neighbours": "statistical_neighbours",
    "statistical_neighbour": "statistical_neighbours",
    "sn": "statistical_neighbours",
    "england": "england",
    "region": "region",
    "regional": "region",
}
T = TypeVar("T")
_FINANCIAL_YEAR = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$")


@dataclass(frozen=True)
class Located:
    """Where a record came from, so duplicates can name both places."""

    file: str
    row: int

    def __str__(self) -> str:
        return f"{self.file} row {self.row}"


@dataclass(frozen=True)
class MeasureRecord:
    indicator: str
    period: Month
    breakdown: str  # "" for the measure's headline figure
    value: float
    numerator: float | None
    denominator: float | None
    source: Located


@dataclass(frozen=True)
class TargetRecord:
    """A target from a month on: one value, or for a measure rated against a band its low and high ends."""

    indicator: str
    from_period: Month
    target: float | None
    target_low: float | None
    target_high: float | None
    source: Located


@dataclass(frozen=True)
class BenchmarkRecord:
    indicator: str
    benchmark: str
    period: Month  # the month the figure stands for; a financial year ends in March
    label: str  # as the source names it: "2018/19" or "2020-03"
    value: float
    source: Located
    basis: str = ""  # "" on the measure's own definition; else how the figure is counted ("19-21 year olds")


MEASURE_COLUMNS = (("indicator", "period"), ("value", "numerator", "denominator", "breakdown"))
TARGET_COLUMNS = (("indicator", "target", "from_period"), ("target_low", "target_high"))
BENCHMARK_COLUMNS = (("indicator", "benchmark", "value"), ("period", "year", "basis"))


def _agreement_tolerance(decimals: int) -> float:
    """Half a unit in the last shown decimal place: how far a rounded value may be from its exact form."""
    return 0.5 * 10.0**-decimals + 1e-9


def parse_measure(parser: RowParser, row: Row) -> MeasureRecord | None:
    problems_before = len(parser.problems)
    indicator = parser.indicator(row)
    period = parser.month(row, "period")
    if indicator is None:
        return None
    percent = indicator.unit == "percent"
    value = parser.in_unit_range(row, "value", parser.number(row, "value", percent_allowed=percent), indicator)
    numerator = parser.in_unit_range(row, "numerator", parser.number(row, "numerator"), indicator, is_figure=False)
    denominator = parser.in_unit_range(row, "denominator", parser.number(row, "denominator"), indicator, is_figure=False)
    breakdown = parser.text(row, "breakdown")
    if breakdown and breakdown not in indicator.breakdown_labels:
        if indicator.breakdowns:
            choices = ", ".join(indicator.breakdown_labels)
            parser.problem(row, "breakdown", f"'{breakdown}' is not a breakdown of {indicator.id} (expected one of: {choices})")
        else:
            parser.problem(row, "breakdown", f"{indicator.id} has no breakdowns; leave this cell blank for its figure")
    if len(parser.problems) > problems_before:
        return None  # the figures below would only be checked against cells already known to be wrong
    value = _reconcile(parser, row, indicator, value, numerator, denominator)
    if period is None or value is None:
        return None
    this_month = Month.of(date.today())
    if period > this_month:
        parser.problem(row, "period", f"{period} is in the future (this month is {this_month}); is the year mistyped?")
        return None
    return MeasureRecord(indicator.id, period, breakdown, value, numerator, denominator, Located(parser.file, row.number))


def _reconcile(
    parser: RowParser, row: Row, indicator: Indicator, value: float | None, numerator: float | None, denominator: float | None
) -> float | None:
    """The row's value, from ``value`` or from numerator/denominator, checked for agreement when both are given."""
    scale = indicator.unit.scale
    if scale is None:
        if numerator is not None or denominator is not None:
            column = "numerator" if numerator is not None else "denominator"
            parser.problem(
                row,
                column,
                f"{indicator.id} is a {indicator.unit}; give the figure in 'value' and leave numerator and denominator blank",
            )
            return None
    elif (numerator is None) != (denominator is None):
        missing = "denominator" if denominator is None else "numerator"
        parser.problem(row, missing, "is empty; numerator and denominator go together")
        return None
    elif numerator is not None and denominator is not None:
        if denominator == 0:
            parser.problem(row, "denominator", "is zero; the figure needs a denominator above zero")
            return None
        if indicator.unit == "percent" and numerator > denominator:
            parser.problem(row, "numerator", f"numerator {numerator:g} is greater than denominator {denominator:g}")
            return None
        exact = numerator / denominator * scale
        if value is None:
            return exact
        if abs(value - exact) > _agreement_tolerance(indicator.decimals):
            parser.problem(
                row,
                "value",
                f"value {value:g} disagrees with numerator/denominator "
                f"{numerator:g}/{denominator:g} = {exact:.{indicator.decimals + 2}f}",
            )
            return None
    if value is None:
        parser.problem(row, "value", "is empty; give a value, or a numerator and denominator")
    return value


def parse_target(parser: RowParser, row: Row) -> TargetRecord | None:
    """One target row: ``target`` for a measure rated against one target; ``target_low`` and
    ``target_high`` (with ``target`` blank) for one rated against a band."""
    indicator = parser.indicator(row)
    from_period = parser.month(row, "from_period")
    if indicator is None:
        return None
    problems_before = len(parser.problems)
    percent = indicator.unit == "percent"
    values = {
        column: parser.in_unit_range(row, column, parser.number(row, column, percent_allowed=percent), indicator)
        for column in ("target", "target_low", "target_high")
    }
    given = {column for column in values if parser.text(row, column)}
    if indicator.banded:
        ends = given & {"target_low", "target_high"}
        if "target" in given and not ends:  # a single target typed for a banded measure: one problem, not three
            parser.problem(
                row,
                "target",
                f"{indicator.id} is rated against a band (green from its low end to its high end): "
                "give the ends in target_low and target_high and leave target blank",
            )
        else:
            for column in sorted({"target_low", "target_high"} - ends):
                parser.problem(row, column, f"is empty; {indicator.id} is rated against a band, so give both its ends")
            if "target" in given:
                parser.problem(row, "target", f"{indicator.id} is rated against a band: leave target blank")
        low, high = values["target_low"], values["target_high"]
        if low is not None and high is not None and low > high:
            parser.problem(row, "target_high", f"{high:g} is below target_low {low:g}; the band runs from low to high")
    else:
        if "target" not in given:
            parser.problem(row, "target", "is empty; expected the target value")
        for column in sorted(given & {"target_low", "target_high"}):
            parser.problem(row, column, f"{indicator.id} has one target, not a band: give it in target and leave {column} blank")
    if len(parser.problems) > problems_before or from_period is None:
        return None
    return TargetRecord(
        indicator.id, from_period, values["target"], values["target_low"], values["target_high"], Located(parser.file, row.number)
    )


def benchmark_period(parser: RowParser, row: Row) -> tuple[Month, str] | None:
    """A benchmark stands for a month (``period``) or a financial year (``year``: 2018/19 ends March 2019)."""
    if parser.text(row, "period") or not parser.text(row, "year"):
        month = parser.month(row, "period")
        return None if month is None else (month, str(month))
    text = parser.text(row, "year")
    match = _FINANCIAL_YEAR.match(text)
    if match:
        start, end = int(match[1]), int(match[2])
        end_year = end if end > 99 else start // 100 * 100 + end
        if end_year == start + 1:
            return Month(end_year, 3), f"{start}/{end_year % 100:02d}"
    parser.problem(row, "year", f"expected a financial year such as 2018/19, found '{text}'")
    return None


def parse_benchmark(parser: RowParser, row: Row) -> BenchmarkRecord | None:
    indicator = parser.indicator(row)
    kind_text = parser.required_text(row, "benchmark", "statistical_neighbours, england or region")
    kind = BENCHMARK_KINDS.get(kind_text.lower().replace(" ", "_")) if kind_text else None
    if kind_text and kind is None:
        parser.problem(row, "benchmark", f"'{kind_text}' is not a benchmark; expected statistical_neighbours, england or region")
    when = benchmark_period(parser, row)
    if indicator is None:
        return None
    value = parser.number(row, "value", percent_allowed=indicator.unit == "percent")
    if value is None and not parser.text(row, "value"):
        parser.problem(row, "value", "is empty; expected the benchmark value")
    value = parser.in_unit_range(row, "value", value, indicator)
    if kind is None or when is None or value is None:
        return None
    basis = parser.text(row, "basis")
    return BenchmarkRecord(indicator.id, kind, when[0], when[1], value, Located(parser.file, row.number), basis)


@dataclass(frozen=True)
class LeftOut:
    """Rows of a library measure the report does not show: read, left out, and listed by ``validate``."""

    file: str
    indicator: str
    rows: tuple[int, ...]


def parse_rows(
    table: Table, catalogue: Catalogue, parse_row: Callable[[RowParser, Row], T | None], skipped: list[LeftOut] | None = None
) -> tuple[list[T], list[Problem]]:
    """Parse every row of ``table`` with ``parse_row``; return the good records and all problems.

    Rows of library measures the report does not show are left out; where they were goes into ``skipped``.
    """
    parser = RowParser(table.file, catalogue)
    records = [record for row in table.rows if (record := parse_row(parser, row)) is not None]
    if skipped is not None:
        skipped += [LeftOut(table.file, indicator, tuple(rows)) for indicator, rows in parser.skipped.items()]
    return records, parser.problems
