"""Commentary drafted from the figures: the factual half of each measure's narrative.

Every sentence states something the model's numbers show (the change since last month,
the target, the statistical-neighbour average, and notable facts such as a 12-month high
or a run of rises), with figures printed as the workbook prints them. The wording lives in
``workbook_templates/commentary.yaml`` so that it can be changed without code; this module
only decides which sentences are true and fills them in.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import yaml

from vitalsigns_xl.analysis.behaviour import SPAN_MONTHS
from vitalsigns_xl.analysis.disclosure import SUPPRESSED, VALUE
from vitalsigns_xl.analysis.forecast import HORIZON, Forecast, NoForecast
from vitalsigns_xl.analysis.judgements import Comparison, Direction, Rag, is_negligible, rag
from vitalsigns_xl.analysis.periods import Month, window
from vitalsigns_xl.analysis.spc import Assurance, Rule
from vitalsigns_xl.catalogue import TEMPLATES_DIR, CatalogueError, Indicator, Polarity, Unit, in_sentence
from vitalsigns_xl.formatting import format_value
from vitalsigns_xl.model import BenchmarkView, IndicatorReport

DEFAULT_PHRASES = TEMPLATES_DIR / "commentary.yaml"
MAX_SENTENCES = 4
BENCHMARK_NAMES = {
    "statistical_neighbours": "statistical neighbour average",
    "england": "England average",
    "region": "regional average",
}
PLACEHOLDERS = frozenset(
    [
        "measure",
        "subject",
        "subject_mid",
        "parts",
        "changes",
        "value",
        "counts",
        "period",
        "previous",
        "previous_period",
        "verdict",
        "target",
        "gap",
        "side",
        "benchmark",
        "benchmark_name",
        "span",
        "tied",
        "months",
        "since",
        "start",
        "average",
        "low",
        "low_period",
        "high",
        "high_period",
        "categories",
        "category",
        "before",
        "after",
        "month",
        "limit",
        "mean",
        "lpl",
        "upl",
        "level",
        "method",
        "horizon",
        "tolerance",
        "close",
        "tests",
        "reason",
        "councils",
        "year",
        "rank",
        "band",
    ]
)
KEYS = frozenset(
    [
        "rose",
        "fell",
        "unchanged",
        "no_previous",
        "first_month",
        "no_history",
        "no_latest",
        "no_figures",
        "suppressed_latest",
        "suppressed_previous",
        "verdict_better",
        "verdict_worse",
        "target_met",
        "target_beaten",
        "target_missed",
        "target_just_missed",
        "target_stated",
        "target_level",
        "band_inside",
        "band_outside",
        "band_just_outside",
        "benchmark_better",
        "benchmark_worse",
        "benchmark_same",
        "benchmark_higher",
        "benchmark_lower",
        "span_full",
        "span_partial",
        "highest",
        "lowest",
        "joint_highest",
        "joint_lowest",
        "rises",
        "falls",
        "met_since",
        "missed_since",
        "met_for",
        "missed_for",
        "in_band_since",
        "outside_band_since",
        "in_band_for",
        "outside_band_for",
        "rolling_average",
        "range_full",
        "range_partial",
        "categories",
        "largest_change",
        "largest_change_tied",
        "parts_largest",
        "parts_largest_tied",
        "carried_forward",
        "spc_outside_high",
        "spc_outside_low",
        "spc_trend_up",
        "spc_trend_down",
        "spc_near_limit_high",
        "spc_near_limit_low",
        "spc_shift_high",
        "spc_shift_low",
        "spc_common",
        "spc_will_pass",
        "spc_will_fail",
        "spc_hit_and_miss",
        "forecast",
        "forecast_accuracy",
        "no_forecast",
        "standing",
        "totals_quarter",
        "totals_12_months",
    ]
)

Show = Callable[[float | None, Indicator], str]


class Phrases:
    """The sentence templates, checked on load: every key present, no unknown placeholder."""

    def __init__(self, templates: dict[str, str], source: str) -> None:
        problems = [f"missing entry '{key}'" for key in sorted(KEYS - templates.keys())]
        problems += [f"unknown entry '{key}'" for key in sorted(templates.keys() - KEYS)]
        for key, text in sorted(templates.items()):
            if not isinstance(text, str):
                problems.append(f"'{key}' must be text")
                continue
            try:
                fields = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
            except ValueError as exc:
                problems.append(f"'{key}': {exc} (write a literal brace as {{{{ or }}}})")
                continue
            problems += [f"'{key}' uses {{{name}}}, which is not a placeholder" for name in sorted(fields - PLACEHOLDERS)]
        if problems:
            raise CatalogueError("\n".join(f"{source}: {problem}" for problem in problems))
        self._templates = templates
        self._source = source

    def __call__(self, key: str, **fields: object) -> str:
        try:
            return self._templates[key].format(**fields)
        except KeyError as exc:
            raise CatalogueError(f"{self._source}: '{key}' uses {{{exc.args[0]}}}, which that sentence cannot fill") from None

    def carried_forward_line(self, month: Month) -> str:
        return self("carried_forward", month=month.long_label)

    def carried_forward_pattern(self) -> re.Pattern[str]:
        """Matches the marker line for any month, so that a carried-forward comment is not marked twice."""
        marker = re.escape(self._templates["carried_forward"]).replace(re.escape("{month}"), ".+?")
        return re.compile(f"^{marker}(?:\r?\n|$)")


def load_phrases(path: Path = DEFAULT_PHRASES) -> Phrases:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogueError(f"{path.name}: cannot read the commentary templates: {exc}") from exc
    if not isinstance(raw, dict):
        raise CatalogueError(f"{path.name}: expected one 'key: sentence' entry per line")
    return Phrases(raw, path.name)


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _gap(difference: float, indicator: Indicator) -> str:
    text = f"{abs(difference):,.{indicator.decimals}f}"
    return {Unit.PERCENT: f"{text} points", Unit.DAYS: f"{text} days"}.get(indicator.unit, text)


def _benchmark_text(view: BenchmarkView, indicator: Indicator, show: Show) -> str:
    label = view.label
    if label and re.fullmatch(r"\d{4}-\d{2}", label):
        label = Month.parse(label).long_label
    return f"{show(view.value, indicator)} ({label})" if label else show(view.value, indicator)


class _Draft:
    """The facts of one measure, each a method returning its sentence or None when it does not hold."""

    def __init__(self, item: IndicatorReport, say: Phrases, show: Show) -> None:
        self.item, self.say, self.show = item, say, show
        self.ind = item.indicator
        self.period = item.months[-1]

    def fig(self, value: float | None) -> str:
        return self.show(value, self.ind)

    def names(self) -> dict[str, str]:
        """The measure as the sentences name it: its title, and its subject at the start and in the middle of a sentence."""
        subject = self.ind.sentence_subject
        return {"measure": self.ind.title, "subject": subject, "subject_mid": in_sentence(subject)}

    def changes(self) -> dict[str, str]:
        """The part (or equal parts) of a measure by category that changed most since last month, as the model found it."""
        parts = self.item.largest_change
        if not parts:
            return {}
        listed = [f"{p.label}, from {self.fig(p.before)} to {self.fig(p.after)}" for p in parts]
        first = parts[0]
        return {
            "changes": listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])}, and {listed[-1]}",
            "category": first.label,
            "before": self.fig(first.before),
            "after": self.fig(first.after),
        }

    def parts(self) -> str:
        """ "; the largest change was in Returned home, from 10 to 13" after the change in the total, or ""."""
        found = self.changes()
        if not found:
            return ""
        return self.say("parts_largest" if len(self.item.largest_change) == 1 else "parts_largest_tied", **found)

    def change(self) -> str:
        item, say = self.item, self.say
        common = dict(
            **self.names(),
            value=self.fig(item.latest),
            counts=self.counts(),
            period=self.period.long_label,
            previous=self.fig(item.previous),
            previous_period=self.period.shift(-1).long_label,
        )
        if item.previous is None:
            if item.is_suppressed(VALUE, self.period.shift(-1)):
                return say("suppressed_previous", **common)
            return say("first_month" if self.first_month() else "no_previous", **common)
        verdict = {Direction.IMPROVING: say("verdict_better"), Direction.WORSENING: say("verdict_worse")}.get(
            item.direction or Direction.STABLE, ""
        )
        if item.direction is Direction.STABLE:
            return say("unchanged", parts=self.parts(), **common)
        assert item.latest is not None
        return say("rose" if item.latest > item.previous else "fell", verdict=verdict, parts=self.parts(), **common)

    def counts(self) -> str:
        numerator, denominator = self.item.numerators[-1], self.item.denominators[-1]
        if self.ind.unit is not Unit.PERCENT or numerator is None or denominator is None:
            return ""
        return f" ({numerator:,.0f} of {denominator:,.0f})"

    def first_month(self) -> bool:
        return all(v is None for v in self.item.values[:-1])

    def no_history(self) -> str | None:
        return self.say("no_history") if self.first_month() else None

    def spc(self) -> str | None:
        """What the XmR chart says of the latest month: a special cause by the rule that found it, or the
        range of ordinary variation and what it means for the target. Nothing while the limits are provisional."""
        view = self.item.spc
        if view is None or view.result.provisional or view.result.latest is None:
            return None
        latest, assurance = view.result.latest, view.result.assurance
        if latest.mean is None or latest.lpl is None or latest.upl is None or latest.value is None:
            return None
        rule = latest.leading_rule
        if rule is not None:
            side = "high" if latest.high else "low"
            key = {
                Rule.OUTSIDE_LIMITS: f"spc_outside_{side}",
                Rule.TREND: "spc_trend_up" if latest.high else "spc_trend_down",
                Rule.TWO_OF_THREE: f"spc_near_limit_{side}",
                Rule.SHIFT: f"spc_shift_{side}",
            }[rule]
            limit = latest.upl if latest.high else latest.lpl
            return self.say(
                key,
                period=self.period.long_label,
                value=self.fig(latest.value),
                limit=self.fig(limit),
                mean=self.fig(latest.mean),
            )
        key = {
            None: "spc_common",
            Assurance.PASS: "spc_will_pass",
            Assurance.FAIL: "spc_will_fail",
            Assurance.HIT_AND_MISS: "spc_hit_and_miss",
        }[assurance]
        low, high = max(latest.lpl, 0.0), latest.upl  # no measure here can fall below nothing
        if self.ind.unit is Unit.PERCENT:
            high = min(high, 100.0)
        return self.say(key, lpl=self.fig(low), upl=self.fig(high), target=self.fig(view.result.target))

    def target(self) -> str | None:
        """Where the figure stands against the target; for a neutral measure, where neither side is better,
        the target is stated with the distance from it, so that a target the officer set is never left out."""
        item = self.item
        if item.band is not None and item.latest is not None:
            return self.band()
        if item.target is None or item.latest is None:
            return None
        difference = item.latest - item.target
        if self.ind.polarity is Polarity.NEUTRAL:
            if is_negligible(difference, self.ind.decimals):
                return self.say("target_level", target=self.fig(item.target))
            side = "above" if difference > 0 else "below"
            return self.say("target_stated", target=self.fig(item.target), gap=_gap(difference, self.ind), side=side)
        met = rag(item.latest, item.target, self.ind.polarity) is Rag.GREEN
        target = self.fig(item.target)
        if is_negligible(difference, self.ind.decimals):
            return (
                self.say("target_met", target=target)
                if met
                else self.say("target_just_missed", target=target, side="below" if difference < 0 else "above")
            )
        return self.say(
            "target_beaten" if met else "target_missed",
            gap=_gap(difference, self.ind),
            side="above" if difference > 0 else "below",
            target=target,
        )

    def band(self) -> str:
        """Inside or outside the range the measure should stay in, and by how much."""
        band, latest = self.item.band, self.item.latest
        assert band is not None and latest is not None
        ends = dict(low=self.fig(band.low), high=self.fig(band.high))
        side = band.side(latest)
        if side is None:
            return self.say("band_inside", **ends)
        distance = band.outside(latest)
        if is_negligible(distance, self.ind.decimals):
            return self.say("band_just_outside", side=side, **ends)
        return self.say("band_outside", gap=_gap(distance, self.ind), side=side, **ends)

    def benchmark(self) -> str | None:
        view = next(
            (self.item.benchmark(kind) for kind in ("statistical_neighbours", "england") if self._has(kind)),
            None,
        )
        if view is None or view.comparison is None:
            return None
        key = {
            Comparison.BETTER: "benchmark_better",
            Comparison.WORSE: "benchmark_worse",
            Comparison.SAME: "benchmark_same",
            Comparison.HIGHER: "benchmark_higher",
            Comparison.LOWER: "benchmark_lower",
        }[view.comparison]
        return self.say(key, benchmark_name=BENCHMARK_NAMES[view.kind], benchmark=_benchmark_text(view, self.ind, self.show))

    def _has(self, kind: str) -> bool:
        """A figure to compare with: one counted as the measure is (a benchmark on another basis is never compared)."""
        view = self.item.benchmark(kind)
        return view is not None and view.value is not None and view.comparable

    def span(self) -> str:
        months = self.item.behaviour.months_with_figures
        return self.say("span_full") if months == SPAN_MONTHS else self.say("span_partial", months=months)

    def extreme(self) -> str | None:
        """Highest or lowest of the last 12 months, naming the months it ties with."""
        extreme = self.item.behaviour.extreme
        if extreme is None:
            return None
        if extreme.tied_with:
            tied = _join([m.long_label for m in extreme.tied_with])
            return self.say(f"joint_{extreme.kind}", span=self.span(), tied=tied)
        return self.say(str(extreme.kind), span=self.span())

    def run(self) -> str | None:
        """Rises (or falls) in each of the last three or more months, with no month missing."""
        run = self.item.behaviour.run
        if run is None:
            return None
        return self.say(
            "rises" if run.rising else "falls", months=run.months, start=self.fig(run.start_value), since=run.start.long_label
        )

    def target_streak(self) -> str | None:
        """The target met (or missed) in each of the last three or more months."""
        streak = self.item.behaviour.target_streak
        if streak is None:
            return None
        keys = ("in_band", "outside_band") if self.item.band is not None else ("met", "missed")
        key = keys[0] if streak.met else keys[1]
        if streak.since is not None:
            return self.say(f"{key}_since", since=streak.since.long_label)
        return self.say(f"{key}_for", months=streak.months)

    def rolling_average(self) -> str | None:
        rolling = self.item.rolling_12
        if not rolling or rolling[-1] is None:
            return None
        return self.say("rolling_average", average=f"{rolling[-1]:,.{self.ind.decimals + 1}f}")

    def range(self) -> str | None:
        high, low = self.item.high, self.item.low
        months = self.item.behaviour.months_with_figures
        if high is None or low is None or months < 2 or round(high.value - low.value, self.ind.decimals) == 0:
            return None
        return self.say(
            "range_full" if months == SPAN_MONTHS else "range_partial",
            months=months,
            low=self.fig(low.value),
            low_period=low.month.long_label,
            high=self.fig(high.value),
            high_period=high.month.long_label,
        )

    def with_latest(self) -> Iterator[str | None]:
        yield self.change()
        yield self.no_history()
        yield self.spc()
        yield self.target()
        yield self.benchmark()
        extreme = self.extreme()
        yield extreme
        yield self.run()
        yield self.target_streak()
        yield self.rolling_average()
        if extreme is None:
            yield self.range()

    def without_latest(self) -> Iterator[str | None]:
        """Measures given only by category, or with this month's figure missing."""
        period, previous = self.period.long_label, self.period.shift(-1).long_label
        if self.item.is_suppressed(VALUE, self.period):
            yield self.say("suppressed_latest", **self.names(), period=period)
        current = [
            (b, b.values[-1])
            for b in self.item.breakdowns
            if b.values[-1] is not None or self.item.is_suppressed(b.id, self.period)
        ]
        if current:
            listed = "; ".join(f"{b.label} {SUPPRESSED if v is None else self.fig(v)}" for b, v in current)
            yield self.say("categories", period=period, categories=listed)
            found = self.changes()
            if found:
                tied = len(self.item.largest_change) > 1
                yield self.say("largest_change_tied" if tied else "largest_change", previous_period=previous, **found)
            return
        if self.item.is_suppressed(VALUE, self.period):
            return
        earlier = [(m, v) for m, v in zip(self.item.months, self.item.values, strict=True) if v is not None]
        if earlier:
            month, value = earlier[-1]
            yield self.say("no_latest", **self.names(), period=period, value=self.fig(value), previous_period=month.long_label)
        else:
            yield self.say("no_figures", **self.names(), period=period)


def standing_sentences(item: IndicatorReport, say: Phrases) -> list[str]:
    """Rank and quartile band among all councils, where the council has a published figure and a rank."""
    found = item.standing
    if found is None or found.rank is None:
        return []
    return [say("standing", rank=found.rank, councils=found.councils, year=found.label, band=found.band)]


def totals_sentences(item: IndicatorReport, say: Phrases, show: Show = format_value) -> list[str]:
    """The latest quarter's or 12 months' totals by category, as the chart beside them draws them."""
    if not item.totals:
        return []
    latest, ind = item.totals[-1], item.indicator
    listed = "; ".join(
        f"{c.label} {SUPPRESSED if c.suppressed else show(c.total, ind)}" + ("" if c.share is None else f" ({c.share:.0f}%)")
        for c in latest.categories
    )
    if item.indicator.chart == "quarterly_column":
        return [say("totals_quarter", period=latest.label, categories=listed)]
    return [say("totals_12_months", since=window(latest.end, 12)[0].long_label, period=latest.end.long_label, categories=listed)]


def forecast_sentences(item: IndicatorReport, say: Phrases, show: Show = format_value) -> list[str]:
    """The forecast in words with its uncertainty and track record, or why there is none."""
    result, ind = item.forecast, item.indicator
    if isinstance(result, NoForecast):
        return [say("no_forecast", reason=result.reason)]
    if not isinstance(result, Forecast):
        return []
    checked = result.backtest
    return [
        say(
            "forecast",
            month=result.months[-1].long_label,
            low=show(result.lower[-1], ind),
            high=show(result.upper[-1], ind),
            value=show(result.central[-1], ind),
            level=f"{result.level:.0%}",
            method=result.method,
            months=result.fitted_months,
        ),
        say(
            "forecast_accuracy",
            horizon=HORIZON,
            tolerance=f"{checked.tolerance:.0%}",
            close=checked.close,
            tests=checked.tests,
        ),
    ]


def draft_sentences(item: IndicatorReport, phrases: Phrases, show: Show = format_value) -> list[str]:
    """Two to four true sentences about the measure's latest figures, most important first.

    The place among all councils, totals by category and a forecast (with its uncertainty,
    without which it misleads) come last and are never crowded out: they take the places of
    the least important facts.
    """
    draft = _Draft(item, phrases, show)
    facts = draft.with_latest() if item.latest is not None else draft.without_latest()
    extra = standing_sentences(item, phrases) + totals_sentences(item, phrases, show) + forecast_sentences(item, phrases, show)
    return [sentence for sentence in facts if sentence][: MAX_SENTENCES - len(extra)] + extra


def draft(item: IndicatorReport, phrases: Phrases, show: Show = format_value) -> str:
    return " ".join(draft_sentences(item, phrases, show))
