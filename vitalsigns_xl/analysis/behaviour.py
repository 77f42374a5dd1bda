"""What a measure's series did lately: a high or a low, a run of rises or falls, a streak against target.

These are the facts the drafted commentary states beside the SPC finding (``analysis.spc``).
They are judged on figures rounded to the measure's decimal places, so that a "rise" is one the
reader can see in the printed table and a tie is a tie as printed. A month without a figure ends
a run or a streak: a gap is not evidence that the run went on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from vitalsigns_xl.analysis.judgements import Band, Rag, rag
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.catalogue import Polarity

SPAN_MONTHS = 12  # a "12-month high" looks back this far, the report month included
MIN_RUN = 3  # months of rises, falls or target met before a run is worth a sentence


class Extremity(StrEnum):
    HIGHEST = "highest"
    LOWEST = "lowest"


@dataclass(frozen=True)
class LatestExtreme:
    """The report month's figure is the highest (or lowest) of the span."""

    kind: Extremity
    tied_with: tuple[Month, ...]  # earlier months of the span with the same figure as printed


@dataclass(frozen=True)
class Run:
    """A rise (or fall) in each of the last ``months`` months, from ``start_value`` in ``start``."""

    rising: bool
    months: int
    start: Month
    start_value: float


@dataclass(frozen=True)
class TargetStreak:
    """The target met (or missed) in each of the last ``months`` months."""

    met: bool
    months: int
    since: Month | None  # the first month of the streak, when the month before it is known to differ


@dataclass(frozen=True)
class Behaviour:
    months_with_figures: int  # in the SPAN_MONTHS months to the report month
    extreme: LatestExtreme | None
    run: Run | None
    target_streak: TargetStreak | None


Values = Sequence[float | None]
Targets = Sequence[float | Band | None]  # a target, or a band, in force in each month


def _rounded(values: Values, decimals: int) -> list[float | None]:
    return [None if v is None else round(v, decimals) for v in values]


def latest_extreme(months: Sequence[Month], values: Values, decimals: int, span: int = SPAN_MONTHS) -> LatestExtreme | None:
    """Whether the last month's figure is the highest or lowest of the last ``span`` months.

    Needs three figures in the span that are not all the same; a tie names the other months.
    """
    recent = [(m, v) for m, v in zip(months[-span:], _rounded(values, decimals)[-span:], strict=True) if v is not None]
    figures = [v for _, v in recent]
    if len(figures) < 3 or max(figures) == min(figures) or values[-1] is None:
        return None
    latest = figures[-1]  # the report month's, since it has a figure
    for kind, best in ((Extremity.HIGHEST, max(figures)), (Extremity.LOWEST, min(figures))):
        if latest == best:
            return LatestExtreme(kind, tuple(m for m, v in recent[:-1] if v == latest))
    return None


def run_of_changes(months: Sequence[Month], values: Values, decimals: int, min_steps: int = MIN_RUN) -> Run | None:
    """Rises (or falls) in each of the last ``min_steps`` or more months, with no month missing or flat."""
    rounded = _rounded(values, decimals)
    steps = 0
    rising: bool | None = None
    for before, after in zip(rounded[-2::-1], rounded[::-1], strict=False):
        if before is None or after is None or before == after or (rising is not None and (after > before) != rising):
            break
        rising = after > before
        steps += 1
    if steps < min_steps or rising is None:
        return None
    start = len(rounded) - 1 - steps
    start_value = values[start]
    assert start_value is not None  # every month of the run has a figure
    return Run(rising, steps, months[start], start_value)


def target_streak(
    months: Sequence[Month], values: Values, targets: Targets, polarity: Polarity, min_months: int = MIN_RUN
) -> TargetStreak | None:
    """The target met (or missed) in each of the last ``min_months`` or more months; None for neutral measures
    without a band (for a band, met means inside it)."""
    if polarity is Polarity.NEUTRAL and not any(isinstance(t, Band) for t in targets):
        return None
    met = [None if v is None or t is None else rag(v, t, polarity) is Rag.GREEN for v, t in zip(values, targets, strict=True)]
    if not met or met[-1] is None:
        return None
    length = next((n for n in range(1, len(met) + 1) if n == len(met) or met[-n - 1] != met[-1]), len(met))
    if length < min_months:
        return None
    start = len(met) - length
    known_change = start > 0 and met[start - 1] is not None  # the month before is known to differ: "since" is true
    return TargetStreak(met[-1], length, months[start] if known_change else None)


def behaviour(
    months: Sequence[Month], values: Values, targets: Targets, polarity: Polarity, decimals: int, span: int = SPAN_MONTHS
) -> Behaviour:
    """Every fact above for a series ending at the report month."""
    return Behaviour(
        months_with_figures=sum(v is not None for v in values[-span:]),
        extreme=latest_extreme(months, values, decimals, span),
        run=run_of_changes(months, values, decimals),
        target_streak=target_streak(months, values, targets, polarity),
    )
