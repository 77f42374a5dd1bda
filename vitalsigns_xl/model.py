"""The report model: Report → sections → indicators, as plain data.

Everything a renderer shows is computed here, by the pure functions of
``vitalsigns_xl.analysis``, from the catalogue, the validated extracts and the report
period. Renderers lay the model out and never compute a statistic; there is no I/O here.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import pandas as pd

from vitalsigns_xl.analysis.behaviour import Behaviour, behaviour
from vitalsigns_xl.analysis.comparison import Standing, standing
from vitalsigns_xl.analysis.disclosure import LARGEST, Suppressed, suppress
from vitalsigns_xl.analysis.forecast import Forecast, NoForecast, forecast
from vitalsigns_xl.analysis.judgements import Band, Comparison, Direction, Rag, compare, direction, rag
from vitalsigns_xl.analysis.parts import PartChange, largest_changes
from vitalsigns_xl.analysis.periods import Month, window
from vitalsigns_xl.analysis.series import Extreme, Series, change, high_and_low, rolling_mean, values_in
from vitalsigns_xl.analysis.spc import Improvement, SpcResult, analyse
from vitalsigns_xl.analysis.totals import PeriodTotals, by_quarter, over_twelve_months
from vitalsigns_xl.catalogue import SINGLE_SERIES_CHARTS, Catalogue, Indicator, Section, Unit
from vitalsigns_xl.errors import VitalSignsError
from vitalsigns_xl.extracts import Extracts

WINDOW_MONTHS = 13
BENCHMARK_NAMES = {"statistical_neighbours": "SN average", "england": "England", "region": "Region"}
ADDITIVE_UNITS = (Unit.COUNT, Unit.FTE)
SPC_MIN_MONTHS = 15  # months with figures before SPC is on by default
SPC_CHART_MONTHS = 24  # months an XmR chart shows
RUNS_SHOWN = 4  # runs of rows named in a warning about rows that are not used
UNUSED_NAMES = {
    "statistical_neighbours": "statistical neighbour average",
    "england": "England figure",
    "region": "regional figure",
}

Values = tuple[float | None, ...]


class ReportError(VitalSignsError, ValueError):
    """The report cannot be built for the period asked for."""


@dataclass(frozen=True)
class Stepped:
    """Values that hold from a month until the next one takes over: a target trajectory or a benchmark."""

    starts: tuple[Month, ...]
    values: tuple[float, ...]
    labels: tuple[str, ...]
    bases: tuple[str, ...] = ()  # benchmarks: each value's basis where it is not the measure's own ("" where it is)

    def index_at(self, month: Month) -> int | None:
        position = bisect_right(self.starts, month) - 1
        return position if position >= 0 else None

    def at(self, month: Month) -> float | None:
        index = self.index_at(month)
        return None if index is None else self.values[index]


OTHER_BASIS = "another basis"  # the mark of a benchmark the catalogue rules out without the row naming its basis


def is_comparable(indicator: Indicator, kind: str, basis: str) -> bool:
    """Whether a benchmark may be compared with the measure's figure: the one place this is decided.

    Only a figure counted as the measure is: its source is one the catalogue says shares the
    measure's definition (``comparable_benchmarks``; every source where it says nothing), and
    its row names no other basis. Any other figure is shown, marked with its basis, and never
    compared: not in words, not in the headline or the email.
    """
    sources = indicator.comparable_benchmarks
    return not basis and (sources is None or kind in sources)


@dataclass(frozen=True)
class BenchmarkView:
    kind: str  # statistical_neighbours | england | region
    name: str  # as the board reads it: "SN average"
    label: str | None  # the year or month the latest figure stands for: "2018/19"
    value: float | None  # in force at the report period
    values: Values  # in force at each month of the window, for chart lines
    comparison: Comparison | None  # None when not comparable
    comparable: bool = True  # counted as the measure is (see is_comparable); else shown marked, never compared
    basis: str = ""  # the basis of the figure in force where it is not the measure's: "19-21 year olds"
    spc_values: Values = ()  # in force at each month of the XmR chart (SpcView.months), for its reference lines

    @property
    def mark(self) -> str:
        """The basis to show beside a figure that is not compared ("19-21 year olds"); "" for one that is."""
        return "" if self.comparable else self.basis or OTHER_BASIS

    @property
    def marked_name(self) -> str:
        """The name to show beside the figure: "England", or "England: 19-21 year olds" on another basis."""
        return f"{self.name}: {self.mark}" if self.mark else self.name


@dataclass(frozen=True)
class BreakdownView:
    id: str
    label: str
    values: Values


@dataclass(frozen=True)
class SpcView:
    """The measure's XmR chart: SPC over its whole history to the report month, shown for the last months."""

    months: tuple[Month, ...]  # up to SPC_CHART_MONTHS, ending with the report month
    result: SpcResult  # its points are those months'; variation and assurance as of the report month
    history_months: int  # months the limits and rules were worked out over
    targets: Values  # the target in force in each of those months, for the chart's target line
    bands: tuple[Band | None, ...] = ()  # a banded measure's band in force in each of those months, for its two lines


@dataclass(frozen=True)
class IndicatorReport:
    indicator: Indicator
    months: tuple[Month, ...]
    values: Values
    numerators: Values
    denominators: Values
    breakdowns: tuple[BreakdownView, ...]
    targets: Values
    rolling_12: Values | None  # counts only: mean of the 12 months to each month
    latest: float | None
    previous: float | None
    change: float | None
    high: Extreme | None  # over the 12 months to the report period
    low: Extreme | None
    target: float | None  # None for a measure rated against a band
    rag: Rag | None
    direction: Direction | None
    benchmarks: tuple[BenchmarkView, ...]
    behaviour: Behaviour  # highs, lows, runs and target streaks, for the drafted commentary
    spc: SpcView | None  # None where SPC is off for the measure
    suppressed: Suppressed = field(default_factory=dict)  # small numbers removed: series key → months
    forecast: Forecast | NoForecast | None = None  # for measures the catalogue marks forecast: true
    standing: Standing | None = None  # among all councils, from their published figures, in force at the period
    totals: tuple[PeriodTotals, ...] = ()  # by quarter, or over 12 months, for the charts that show them
    largest_change: tuple[PartChange, ...] = ()  # the part (or equal parts) that changed most since last month
    band: Band | None = None  # measures rated against a band: the band in force at the period
    bands: tuple[Band | None, ...] = ()  # and in each month of the window

    @property
    def band_lows(self) -> Values:
        return tuple(b.low if b else None for b in self.bands)

    @property
    def band_highs(self) -> Values:
        return tuple(b.high if b else None for b in self.bands)

    def is_suppressed(self, key: str, month: Month) -> bool:
        """True where a small number (or a figure built on one) was removed and is shown as "c"."""
        return month in self.suppressed.get(key, frozenset())

    @property
    def has_data(self) -> bool:
        return any(v is not None for v in self.values) or any(v is not None for b in self.breakdowns for v in b.values)

    def benchmark(self, kind: str) -> BenchmarkView | None:
        return next((b for b in self.benchmarks if b.kind == kind), None)

    @property
    def not_compared(self) -> tuple[BenchmarkView, ...]:
        """Benchmarks shown beside the figure but on another basis, so never compared with it."""
        return tuple(b for b in self.benchmarks if not b.comparable and b.value is not None)

    @property
    def benchmark_note(self) -> str:
        """The Definitions sheet's note on benchmarks that are not compared; "" where every one is."""
        if not self.not_compared:
            return ""
        names = "; ".join(f"{b.name}{f' ({b.label})' if b.label else ''}: {b.mark}" for b in self.not_compared)
        return f"On another basis than this measure, so shown but never compared: {names}."


@dataclass(frozen=True)
class SectionReport:
    section: Section
    indicators: tuple[IndicatorReport, ...]


@dataclass(frozen=True)
class Unused:
    """Something an officer supplied that the report does not use, where it is and why: ``validate`` warns of it."""

    file: str
    rows: tuple[int, ...]  # as Excel numbers them
    reason: str

    @property
    def where(self) -> str:
        """``targets.csv row 24``, or ``measures_hr.xlsx rows 2-25, 40`` (the first few runs of rows)."""
        runs: list[list[int]] = []
        for row in sorted(self.rows):
            if runs and row == runs[-1][-1] + 1:
                runs[-1].append(row)
            else:
                runs.append([row])
        shown = [f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs[:RUNS_SHOWN]]
        more = f" and {len(runs) - RUNS_SHOWN} more" if len(runs) > RUNS_SHOWN else ""
        rows = f" row{'s' if len(self.rows) > 1 else ''} {', '.join(shown)}{more}" if self.rows else ""
        return f"{self.file}{rows}"


@dataclass(frozen=True)
class Report:
    title: str
    period: Month
    sections: tuple[SectionReport, ...]
    small_numbers_suppressed: bool = False
    unused: tuple[Unused, ...] = ()  # supplied figures, targets and benchmarks that nothing in the report shows

    @property
    def indicators(self) -> tuple[IndicatorReport, ...]:
        return tuple(i for s in self.sections for i in s.indicators)


Step = tuple[Month, float, str, str]  # from, value, label ("2018/19"), basis ("" for the measure's own)


def _stepped(rows: list[Step]) -> Stepped:
    rows = sorted(rows, key=lambda row: row[0])
    return Stepped(tuple(r[0] for r in rows), tuple(r[1] for r in rows), tuple(r[2] for r in rows), tuple(r[3] for r in rows))


def _headline(indicator: Indicator, series: Mapping[str, Series]) -> dict[Month, float]:
    """The measure's own figures; for counts given only by category, the total of a month whose every category is given."""
    headline = dict(series.get("", {}))
    if indicator.unit in ADDITIVE_UNITS and indicator.breakdowns and indicator.parts_add_up:
        parts = [series.get(b.id, {}) for b in indicator.breakdowns]
        for month in set().union(*parts) - headline.keys():
            if all(month in part for part in parts):
                headline[month] = sum(part[month] for part in parts)
    return headline


def _month_number(month: Month) -> int:
    return month.year * 12 + month.month


@cache
def spc_chart_months(period: Month) -> tuple[Month, ...]:
    """The months every XmR chart's axis spans, ending with the report month; a shorter history fills the last of them."""
    return window(period, SPC_CHART_MONTHS)


def spc_view(indicator: Indicator, headline: Series, period: Month, targets: Stepped | None) -> SpcView | None:
    """SPC of the measure's figures from its first month to ``period``, as the catalogue asks.

    On by default for a single-series measure with SPC_MIN_MONTHS or more months of figures;
    ``spc: true`` turns it on with fewer (the limits are then provisional), ``spc: false`` off.
    """
    if indicator.spc is False or indicator.chart not in SINGLE_SERIES_CHARTS:
        return None
    end = _month_number(period)  # whole numbers, not Months: a long history makes this a hot loop
    history = [(number, value) for month, value in headline.items() if (number := _month_number(month)) <= end]
    if not history or (indicator.spc is None and len(history) < SPC_MIN_MONTHS):
        return None
    first = min(number for number, _ in history)
    values: list[float | None] = [None] * (end - first + 1)
    for number, value in history:
        values[number - first] = value
    shown = spc_chart_months(period)[-len(values) :]
    result = analyse(
        values,
        Improvement.of(indicator.polarity),
        targets.at(period) if targets else None,
        fix_after=indicator.spc_fix_after,
        rebase_at=[_month_number(Month.parse(text)) - first for text in indicator.spc_rebase],
        last=len(shown),
    )
    return SpcView(shown, result, len(values), tuple(targets.at(m) for m in shown) if targets else (None,) * len(shown))


def build_indicator(
    indicator: Indicator,
    period: Month,
    series: Mapping[str, Series],
    numerators: Series,
    denominators: Series,
    targets: Stepped | None,
    benchmarks: Mapping[str, Stepped],
    suppress_small: bool = False,
    standings: Sequence[tuple[Month, Standing]] = (),
    part_counts: Mapping[str, Series] | None = None,
    part_denominators: Series | None = None,
    bands: Sequence[tuple[Month, Band]] = (),
    forecasts: bool = True,
) -> IndicatorReport:
    """Everything the report says about one measure for ``period``, from its series and reference values.

    With ``suppress_small``, small counts and the figures built on them are removed first, so
    that nothing computed here can give them away. ``bands`` are the officer's bands (from
    the month each holds) for a measure rated against a band; without them the catalogue's holds.
    """
    suppressed: Suppressed = {}
    if suppress_small:
        series, numerators, denominators, suppressed = suppress(
            indicator, series, numerators, denominators, part_counts, part_denominators
        )
    months = window(period, WINDOW_MONTHS)
    headline = _headline(indicator, series)
    latest, previous = headline.get(period), headline.get(period.shift(-1))
    extremes = high_and_low(headline, period)
    target = targets.at(period) if targets else None
    polarity, decimals = indicator.polarity, indicator.decimals
    values = values_in(headline, months)
    target_values = tuple(targets.at(m) for m in months) if targets else (None,) * len(months)
    band_values = _bands_in(indicator, bands, months)
    band = band_values[-1] if band_values else None
    spc = spc_view(indicator, headline, period, targets)
    if spc is not None and band_values:
        spc = replace(spc, bands=_bands_in(indicator, bands, spc.months))
    benchmark_views = []
    for kind, name in BENCHMARK_NAMES.items():
        stepped = benchmarks.get(kind)
        if stepped is None:
            continue
        index = stepped.index_at(period)
        value = None if index is None else stepped.values[index]
        basis = stepped.bases[index] if index is not None and stepped.bases else ""
        comparable = is_comparable(indicator, kind, basis)
        benchmark_views.append(
            BenchmarkView(
                kind=kind,
                name=name,
                label=None if index is None else stepped.labels[index],
                value=value,
                values=tuple(stepped.at(m) for m in months),
                comparison=compare(latest, value, polarity, decimals) if comparable else None,
                comparable=comparable,
                basis=basis,
                spc_values=tuple(stepped.at(m) for m in spc.months) if spc else (),
            )
        )
    breakdowns = tuple(BreakdownView(b.id, b.label, values_in(series.get(b.id, {}), months)) for b in indicator.breakdowns)
    return IndicatorReport(
        indicator=indicator,
        months=months,
        values=values,
        numerators=values_in(numerators, months),
        denominators=values_in(denominators, months),
        breakdowns=breakdowns,
        targets=target_values,
        rolling_12=tuple(rolling_mean(headline, m) for m in months) if indicator.unit == Unit.COUNT else None,
        latest=latest,
        previous=previous,
        change=change(latest, previous),
        high=extremes[0] if extremes else None,
        low=extremes[1] if extremes else None,
        target=target,
        rag=rag(latest, band or target, polarity, indicator.rag.tolerance) if indicator.rag else None,
        direction=direction(latest, previous, polarity, decimals, band),
        benchmarks=tuple(benchmark_views),
        behaviour=behaviour(months, values, band_values or target_values, polarity, decimals),
        spc=spc,
        suppressed=suppressed,
        forecast=_forecast(indicator, headline, period) if indicator.forecast and forecasts else None,
        totals=_totals(indicator, series, period, suppressed if suppress_small else None),
        standing=next((s for month, s in sorted(standings, key=lambda pair: pair[0], reverse=True) if month <= period), None),
        largest_change=largest_changes([(b.id, b.label, b.values[-2], b.values[-1]) for b in breakdowns], decimals),
        band=band,
        bands=band_values,
    )


def _bands_in(indicator: Indicator, bands: Sequence[tuple[Month, Band]], months: Sequence[Month]) -> tuple[Band | None, ...]:
    """The band in force in each month: the officer's from the month it was set, else the catalogue's default.

    Empty for a measure rated against one target.
    """
    if indicator.rag is None or indicator.rag.band is None:
        return ()
    default = Band(*indicator.rag.band)
    ordered = sorted(bands, key=lambda pair: pair[0])
    return tuple(next((b for start, b in reversed(ordered) if start <= month), None if ordered else default) for month in months)


def _totals(
    indicator: Indicator, series: Mapping[str, Series], period: Month, suppressed: Suppressed | None
) -> tuple[PeriodTotals, ...]:
    """Quarterly or 12-month totals by category, for the charts that draw them.

    ``suppressed`` is given in a board pack with small numbers suppressed: a total over a
    suppressed month, or itself small, is marked suppressed too.
    """
    parts = [(b.id, b.label, series.get(b.id, {})) for b in indicator.breakdowns]
    small = LARGEST if suppressed is not None and indicator.unit is Unit.COUNT else 0
    removed = suppressed or {}
    if indicator.chart == "quarterly_column":
        return by_quarter(parts, period, small, indicator.parts_add_up, removed)
    if indicator.chart == "twelve_month_bar":
        return (over_twelve_months(parts, period, indicator.top, small, indicator.parts_add_up, removed),)
    return ()


def _forecast(indicator: Indicator, headline: Mapping[Month, float], period: Month) -> Forecast | NoForecast:
    """The six months after ``period``, kept within what the measure can be (0 to 100 for a percentage)."""
    return forecast(headline, period, floor=0.0, ceiling=100.0 if indicator.unit is Unit.PERCENT else None)


def _rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A validated extract table's rows; its columns' types were checked when it was read."""
    return frame.to_dict("records")  # type: ignore[return-value]


@dataclass(frozen=True)
class Comparators:
    """Who the council is among all councils, and its statistical neighbours (``report.yaml``)."""

    council: str  # its code in the published tables: "E08000032"
    neighbours: tuple[str, ...] = ()


def _standings(
    catalogue: Catalogue, extracts: Extracts, comparators: Comparators | None
) -> tuple[dict[str, list[tuple[Month, Standing]]], dict[tuple[str, Month], str]]:
    """Each measure's standing among all councils, for every year of published figures, and the basis of
    each year's figures where the extract names one (the averages computed from them are on that basis)."""
    figures: dict[tuple[str, Month, str], dict[str, float]] = defaultdict(dict)
    regions: dict[str, str] = {}
    bases: dict[tuple[str, Month], set[str]] = defaultdict(set)
    for row in _rows(extracts.councils):
        figures[(row["indicator"], row["period"], row["label"])][row["la_code"]] = row["value"]
        if row["region_code"] or row["region"]:  # the code where given: names are spelt more than one way
            regions[row["la_code"]] = row["region_code"] or row["region"]
        if row["basis"]:
            bases[(row["indicator"], row["period"])].add(row["basis"])
    council, neighbours = (comparators.council, comparators.neighbours) if comparators else ("", ())
    result: dict[str, list[tuple[Month, Standing]]] = defaultdict(list)
    for (indicator, month, label), values in figures.items():
        found = standing(label, values, council, neighbours, regions, catalogue.indicator(indicator).polarity)
        if found is not None:
            result[indicator].append((month, found))
    return result, {key: "; ".join(sorted(names)) for key, names in bases.items()}


def _computed_benchmarks(
    indicator: str, standings: Sequence[tuple[Month, Standing]], bases: Mapping[tuple[str, Month], str]
) -> dict[str, list[Step]]:
    """The averages computed from every council's figures, as benchmark trajectories on those figures' basis."""
    rows: dict[str, list[Step]] = defaultdict(list)
    for month, found in standings:
        for kind, value in (
            ("england", found.england),
            ("region", found.region),
            ("statistical_neighbours", found.statistical_neighbours),
        ):
            if value is not None:
                rows[kind].append((month, value, found.label, bases.get((indicator, month), "")))
    return rows


def _merged(typed: list[Step], computed: list[Step]) -> list[Step]:
    """Typed benchmark rows, with a computed average taking the place of a typed one for the same period."""
    computed_periods = {row[0] for row in computed}
    return [row for row in typed if row[0] not in computed_periods] + computed


def build_report(
    catalogue: Catalogue,
    extracts: Extracts,
    period: Month | None = None,
    suppress_small: bool = False,
    comparators: Comparators | None = None,
    forecasts: bool = True,
) -> Report:
    """The whole report for ``period`` (default: the latest month in the extracts), small numbers suppressed if asked.

    ``forecasts=False`` leaves out the forecasts (the measures' ``forecast`` is None): fitting them is the slowest part
    of the model, and a command that shows none (validate, summary) need not wait for it.

    With every council's published figures (``extracts.councils``), the England, regional
    and statistical-neighbour averages are computed from them, and ``comparators`` names
    the council whose rank and quartile band are given.
    """
    latest = extracts.latest_period
    period = period or latest
    if period not in set(extracts.measures["period"]):
        raise ReportError(
            f"the extracts hold no figures for {period.long_label} ({period}); "
            f"they run from {extracts.periods[0].long_label} to {latest.long_label}"
        )
    series: dict[str, dict[str, dict[Month, float]]] = defaultdict(lambda: defaultdict(dict))
    numerators: dict[str, dict[Month, float]] = defaultdict(dict)
    denominators: dict[str, dict[Month, float]] = defaultdict(dict)
    part_counts: dict[str, dict[str, dict[Month, float]]] = defaultdict(lambda: defaultdict(dict))
    part_denominators: dict[str, dict[Month, float]] = defaultdict(dict)  # the whole that categories are shares of
    for row in _rows(extracts.measures):
        series[row["indicator"]][row["breakdown"]][row["period"]] = row["value"]
        if not row["breakdown"] and pd.notna(row["numerator"]) and pd.notna(row["denominator"]):
            numerators[row["indicator"]][row["period"]] = row["numerator"]
            denominators[row["indicator"]][row["period"]] = row["denominator"]
        elif row["breakdown"] and pd.notna(row["numerator"]):
            part_counts[row["indicator"]][row["breakdown"]][row["period"]] = row["numerator"]
            if pd.notna(row["denominator"]):
                part_denominators[row["indicator"]][row["period"]] = row["denominator"]
    targets: dict[str, list[Step]] = defaultdict(list)
    bands: dict[str, list[tuple[Month, Band]]] = defaultdict(list)
    for row in _rows(extracts.targets):
        if pd.notna(row["target_low"]) and pd.notna(row["target_high"]):
            bands[row["indicator"]].append((row["from_period"], Band(row["target_low"], row["target_high"])))
        else:
            targets[row["indicator"]].append((row["from_period"], row["target"], str(row["from_period"]), ""))
    unused: list[Unused] = []
    for indicator in catalogue.indicators:  # a target the report file sets holds unless the targets extract gives one
        if indicator.target is not None and not targets[indicator.id]:
            targets[indicator.id].append((extracts.periods[0], indicator.target, "report", ""))
        elif indicator.target is not None:
            why = "the targets extract gives its targets"
            unused.append(
                Unused("the report file", (), f"the target of {indicator.target:g} for {indicator.id} is not used: {why}")
            )
    benchmarks: dict[str, dict[str, list[Step]]] = defaultdict(lambda: defaultdict(list))
    for row in _rows(extracts.benchmarks):
        benchmarks[row["indicator"]][row["benchmark"]].append((row["period"], row["value"], row["label"], row["basis"]))
    standings, council_bases = _standings(catalogue, extracts, comparators)
    replaced: set[tuple[str, str, Month]] = set()  # typed benchmarks whose place a computed average takes
    for indicator_id, found in standings.items():
        for kind, computed in _computed_benchmarks(indicator_id, found, council_bases).items():
            replaced |= {(indicator_id, kind, row[0]) for row in computed}
            benchmarks[indicator_id][kind] = _merged(benchmarks[indicator_id][kind], computed)
    sections = tuple(
        SectionReport(
            section,
            tuple(
                build_indicator(
                    indicator,
                    period,
                    series[indicator.id],
                    numerators[indicator.id],
                    denominators[indicator.id],
                    _stepped(targets[indicator.id]) if targets[indicator.id] else None,
                    {kind: _stepped(rows) for kind, rows in benchmarks[indicator.id].items()},
                    suppress_small,
                    standings.get(indicator.id, ()),
                    part_counts[indicator.id],
                    part_denominators[indicator.id],
                    bands[indicator.id],
                    forecasts,
                )
                for indicator in catalogue.indicators_in(section.id)
            ),
        )
        for section in catalogue.sections
    )
    report = Report(catalogue.report.title, period, sections, suppress_small)
    unused += _unused(report, extracts, benchmarks, replaced)
    return Report(catalogue.report.title, period, sections, suppress_small, tuple(unused))


def _not_in_force(starts: Sequence[Month], shown: Sequence[Month]) -> dict[int, int | None]:
    """Steps of a trajectory (``starts`` sorted) in force in none of the months ``shown``: each with the index
    of the step that replaced it before the first month shown, or None for one that starts after them all."""
    in_force = {bisect_right(starts, month) - 1 for month in shown}
    last = max(shown)
    return {index: None if start > last else index + 1 for index, start in enumerate(starts) if index not in in_force}


def _why(later: str | None, period: Month, shown: Sequence[Month], plural: bool = False) -> str:
    if later is None:
        return f"{'they are for a period' if plural else 'it starts'} after {period.long_label}, the month of the report"
    return f"{later} replaced {'them' if plural else 'it'} before {min(shown).long_label}, the first month the report shows"


def _unused(
    report: Report,
    extracts: Extracts,
    trajectories: Mapping[str, Mapping[str, Sequence[Step]]],
    replaced: set[tuple[str, str, Month]],
) -> list[Unused]:
    """What the officer supplied that the report does not show, with the file and rows it is in and why.

    Rows of library measures the report leaves out; targets in force in none of the months
    shown (in the table or the SPC chart); benchmarks in force in none of the months of the
    table and chart lines (``trajectories``, typed and computed), or whose place the average of
    every council's published figures takes (``replaced``); every council's figures for a year
    whose averages are in force in none of the months shown.
    """
    unused = []
    for file in dict.fromkeys(left.file for left in extracts.skipped):  # one line a file, in the order they were read
        lefts = [left for left in extracts.skipped if left.file == file]
        counts = ", ".join(f"{left.indicator} ({len(left.rows)})" for left in sorted(lefts, key=lambda left: left.indicator))
        numbers = tuple(row for left in lefts for row in left.rows)
        if len(lefts) == 1:
            what = f"{lefts[0].indicator}, a library measure this report does not show, {'is' if len(numbers) == 1 else 'are'}"
            unused.append(Unused(file, numbers, f"{'the row' if len(numbers) == 1 else 'the rows'} of {what} not used"))
        else:
            what = f"{len(numbers):,} rows of {len(lefts)} library measures that this report does not show are not used"
            unused.append(Unused(file, numbers, f"{what}: {counts}"))
    items = {item.indicator.id: item for item in report.indicators}
    period = report.period
    targets: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows(extracts.targets):
        targets[row["indicator"]].append(row)
    for indicator_id, rows in targets.items():
        item = items[indicator_id]
        rows.sort(key=lambda r: r["from_period"])
        shown = sorted(set(item.months) | set(item.spc.months if item.spc else ()))
        for index, later in _not_in_force([r["from_period"] for r in rows], shown).items():
            row = rows[index]
            given = (
                f"band of {row['target_low']:g} to {row['target_high']:g}"
                if pd.notna(row["target_low"]) and pd.notna(row["target_high"])
                else f"target of {row['target']:g}"
            )
            what = f"the {given} for {indicator_id} from {row['from_period'].long_label}"
            then = None if later is None else f"the target from {rows[later]['from_period'].long_label}"
            unused.append(Unused(row["source"].file, (row["source"].row,), f"{what} is not used: {_why(then, period, shown)}"))
    for row in _rows(extracts.benchmarks):
        indicator_id, kind, month = row["indicator"], row["benchmark"], row["period"]
        what = f"the {UNUSED_NAMES[kind]} of {row['value']:g} for {indicator_id} ({row['label']})"
        if (indicator_id, kind, month) in replaced:
            why = "the average of every council's published figures for that year takes its place"
        else:
            steps = sorted(trajectories[indicator_id][kind], key=lambda step: step[0])
            months = items[indicator_id].months
            found = _not_in_force([step[0] for step in steps], months)
            index = [step[0] for step in steps].index(month)
            if index not in found:
                continue
            later = found[index]
            why = _why(None if later is None else f"the figure for {steps[later][2]}", period, months)
        unused.append(Unused(row["source"].file, (row["source"].row,), f"{what} is not used: {why}"))
    years: dict[str, dict[Month, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for row in _rows(extracts.councils):
        years[row["indicator"]][row["period"]].append(row)
    for indicator_id, by_year in years.items():
        starts, months = sorted(by_year), items[indicator_id].months
        for index, later in _not_in_force(starts, months).items():
            group = by_year[starts[index]]
            then = None if later is None else f"the figures for {by_year[starts[later]][0]['label']}"
            for file in sorted({r["source"].file for r in group}):
                numbers = tuple(r["source"].row for r in group if r["source"].file == file)
                what = f"the councils' published figures for {indicator_id} ({group[0]['label']})"
                unused.append(Unused(file, numbers, f"{what} are not used: {_why(then, period, months, plural=True)}"))
    return unused
