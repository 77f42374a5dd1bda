"""Statistical process control: which changes in a monthly series are signal and which are noise.

An XmR (individuals) chart as NHS "Making Data Count" and its reference implementation, the
R package NHSRplotthedots, draw it: the mean, the moving ranges |xᵢ − xᵢ₋₁|, and process
limits at the mean ± 2.66 × the mean moving range. Moving ranges of 3.267 × their mean or more
are screened out first, so that one extreme month does not widen the limits it is judged by.

Four special-cause rules, each point flagged with every rule it breaks: outside the limits; a
shift of 7 or more points on one side of the mean; a trend of 7 or more points each higher (or
each lower) than the one before; and two of three points beyond two-thirds of the way to a limit
on the same side, all three on that side. A special-cause point is an improvement or a concern
by the measure's direction of improvement. The latest point gives the variation; where the
target lies against the limits gives the assurance.

Where this differs from NHSRplotthedots it is deliberate and said where it happens: a month
with no figure (a gap) breaks every run, trend and moving range instead of being ignored, and a
series with no variation at all has its limits on the mean instead of undefined ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from vitalsigns_xl.catalogue import Polarity

LIMIT_SIGMAS = 2.66  # 3 / d2 for moving ranges of two points (d2 = 1.128)
NEAR_LIMIT = 2 / 3  # "close to a limit": beyond two-thirds of the way from the mean to it
SCREEN_RATIO = 3.267  # D4 for moving ranges of two points: a larger moving range is screened out
RUN_LENGTH = 7  # points in a shift or a trend
MIN_POINTS = 12  # fewer points than this give provisional limits and no assurance

Floats = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]


class Improvement(StrEnum):
    """Which way is better, in the words NHSRplotthedots and the command line use."""

    INCREASE = "increase"
    DECREASE = "decrease"
    NEITHER = "neither"

    @classmethod
    def of(cls, polarity: Polarity) -> Improvement:
        return {Polarity.HIGHER_IS_BETTER: cls.INCREASE, Polarity.LOWER_IS_BETTER: cls.DECREASE}.get(polarity, cls.NEITHER)

    @property
    def sign(self) -> int:
        return {Improvement.INCREASE: 1, Improvement.DECREASE: -1}.get(self, 0)


class Rule(StrEnum):
    OUTSIDE_LIMITS = "outside_limits"
    SHIFT = "shift"
    TREND = "trend"
    TWO_OF_THREE = "two_of_three"


# When a point breaks rules that point different ways (above the upper limit yet the first point
# of a falling trend), the first rule here that it breaks says which way it went, as in NHSRplotthedots.
RULE_PRECEDENCE = (Rule.OUTSIDE_LIMITS, Rule.TREND, Rule.TWO_OF_THREE, Rule.SHIFT)


class CauseType(StrEnum):
    IMPROVEMENT = "improvement"
    CONCERN = "concern"
    NEITHER = "neither"


class Variation(StrEnum):
    """The Making Data Count variation icon for the latest point."""

    COMMON_CAUSE = "common_cause"
    IMPROVEMENT = "special_cause_improvement"
    CONCERN = "special_cause_concern"
    NEITHER = "special_cause_neither"


class Assurance(StrEnum):
    """The Making Data Count assurance icon: will the process, as it runs, meet the target?"""

    PASS = "pass"
    FAIL = "fail"
    HIT_AND_MISS = "hit_and_miss"


class SpcPoint(NamedTuple):  # a named tuple: a long history makes many of these, and they build fast
    value: float | None
    mean: float | None  # None: too few points in its period to set limits
    lpl: float | None
    upl: float | None
    rules: tuple[Rule, ...]  # every rule the point breaks, in Rule order
    high: bool | None  # the way a special-cause point went: True above/rising, False below/falling
    type: CauseType | None

    @property
    def special_cause(self) -> bool:
        return bool(self.rules)

    @property
    def leading_rule(self) -> Rule | None:
        """The rule that says which way the point went, when it breaks several."""
        return next((rule for rule in RULE_PRECEDENCE if rule in self.rules), None)


@dataclass(frozen=True)
class SpcResult:
    points: tuple[SpcPoint, ...]  # one per value given, in order
    improvement: Improvement
    target: float | None
    provisional: bool  # the latest limits rest on fewer than MIN_POINTS points
    variation: Variation | None  # None when the latest point has no figure or no limits
    assurance: Assurance | None  # None without a target, a direction of improvement, or firm limits

    @property
    def latest(self) -> SpcPoint | None:
        return self.points[-1] if self.points else None

    @property
    def special_causes(self) -> int:
        """How many of the points are special causes."""
        return sum(p.special_cause for p in self.points)

    @property
    def latest_high(self) -> bool | None:
        """For the icon: whether the latest special cause is high or low; None for common cause."""
        latest = self.latest
        return latest.high if latest is not None and latest.special_cause else None


@dataclass(frozen=True)
class Limits:
    mean: float
    lpl: float
    upl: float
    base_points: int  # figures the limits were computed from

    @property
    def width(self) -> float:
        return self.upl - self.mean


def limits(values: Sequence[float | None], screen: bool = True) -> Limits | None:
    """Mean and process limits of ``values``; None with fewer than two consecutive figures.

    Moving ranges are taken only between neighbouring months that both have a figure. With
    ``screen``, moving ranges of SCREEN_RATIO × their mean or more are dropped and the mean
    moving range recomputed (NHSRplotthedots keeps a moving range only if strictly below).
    A series that never varies has its limits on the mean (NHSRplotthedots leaves them undefined).
    """
    return _limits(_floats(values), screen)


def _limits(y: Floats, screen: bool) -> Limits | None:
    present = ~np.isnan(y)
    if not present.any():
        return None
    moving = np.abs(np.diff(y))
    moving = moving[~np.isnan(moving)]
    if moving.size == 0:
        return None
    mean = float(y[present].mean())
    average_range = float(moving.mean())
    if screen and average_range > 0:
        average_range = float(moving[moving < SCREEN_RATIO * average_range].mean())
    half_width = LIMIT_SIGMAS * average_range
    return Limits(mean, mean - half_width, mean + half_width, int(present.sum()))


def analyse(
    values: Sequence[float | None],
    improvement: Improvement = Improvement.INCREASE,
    target: float | None = None,
    screen: bool = True,
    fix_after: int | None = None,
    rebase_at: Sequence[int] = (),
    last: int | None = None,
) -> SpcResult:
    """The XmR chart of a series of consecutive months (None for a month without a figure).

    ``fix_after``: the limits of each period rest on its first N figures only and the later
    months are judged against them. ``rebase_at``: positions from which the limits are
    recalculated afresh (after a change in how the figure is recorded, say); the rules then run
    within each period separately, as NHSRplotthedots does. ``last``: points only for the last
    N months, as a chart of a long history shows them (the limits and rules still use it all).
    """
    y = _floats(values)
    n = len(y)
    starts = sorted({0, *(i for i in rebase_at if 0 < i < n)})
    mean, lpl, upl = (np.full(n, np.nan) for _ in range(3))
    rule_codes = np.zeros(n, dtype=np.int64)  # one bit a rule, in Rule order
    high = np.zeros(n, dtype=bool)
    latest_limits: Limits | None = None
    for start, stop in zip(starts, [*starts[1:], n], strict=True):
        segment = y[start:stop]
        base = segment if fix_after is None else segment[: _position_of_nth_figure(segment, fix_after)]
        fitted = _limits(base, screen)
        latest_limits = fitted
        if fitted is None:
            continue
        mean[start:stop], lpl[start:stop], upl[start:stop] = fitted.mean, fitted.lpl, fitted.upl
        flags, up = _special_causes(segment, fitted)
        rule_codes[start:stop] = sum(flags[rule].astype(np.int64) << bit for bit, rule in enumerate(Rule))
        high[start:stop] = up
    # Plain Python from here: building thousands of points from numpy scalars one by one is slow.
    types = _TYPES[improvement.sign]
    shown = slice(max(n - last, 0) if last is not None else 0, n)
    points = tuple(
        SpcPoint(
            value=None if value != value else value,  # NaN, a month without a figure
            mean=None if centre != centre else centre,
            lpl=None if low != low else low,
            upl=None if top != top else top,
            rules=_RULES_OF_CODE[code],
            high=up if code else None,
            type=types[up] if code else None,
        )
        for value, centre, low, top, code, up in zip(
            y[shown].tolist(),
            mean[shown].tolist(),
            lpl[shown].tolist(),
            upl[shown].tolist(),
            rule_codes[shown].tolist(),
            high[shown].tolist(),
            strict=True,
        )
    )
    provisional = latest_limits is None or latest_limits.base_points < MIN_POINTS
    return SpcResult(
        points=points,
        improvement=improvement,
        target=target,
        provisional=provisional,
        variation=_variation(points[-1]) if points else None,
        assurance=None if provisional or latest_limits is None else assurance(latest_limits, target, improvement),
    )


def assurance(fitted: Limits, target: float | None, improvement: Improvement) -> Assurance | None:
    """A target beyond the limits is passed (or failed) every month as the process runs; inside them, hit and miss."""
    if target is None or improvement is Improvement.NEITHER:
        return None
    if target > fitted.upl:
        return Assurance.FAIL if improvement is Improvement.INCREASE else Assurance.PASS
    if target < fitted.lpl:
        return Assurance.PASS if improvement is Improvement.INCREASE else Assurance.FAIL
    return Assurance.HIT_AND_MISS


def _floats(values: Sequence[float | None]) -> Floats:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


def _position_of_nth_figure(segment: Floats, count: int) -> int:
    """The slice end that holds the first ``count`` figures of ``segment`` (all of it if fewer)."""
    positions = np.flatnonzero(~np.isnan(segment))
    return int(positions[count - 1]) + 1 if count <= positions.size else len(segment)


def _in_long_runs(keys: npt.NDArray[np.int64], length: int) -> Flags:
    """True for each element in a run of ``length`` or more equal, non-zero neighbouring keys."""
    if keys.size == 0:
        return np.zeros(0, dtype=bool)
    starts = np.concatenate(([0], np.flatnonzero(keys[1:] != keys[:-1]) + 1))
    lengths = np.diff(np.concatenate((starts, [keys.size])))
    return np.repeat((keys[starts] != 0) & (lengths >= length), lengths)


def _special_causes(y: Floats, fitted: Limits) -> tuple[dict[Rule, Flags], Flags]:
    """Each rule's flags for one period's points, and which way each flagged point went (True: up).

    A gap (NaN) compares as neither above nor below anything, so it is on no side of the mean,
    near no limit and no step of a trend: it breaks every run without a special case.
    """
    n = len(y)
    above, below = y > fitted.mean, y < fitted.mean
    side = above.astype(np.int64) - below  # 0: on the mean or no figure
    outside = (y > fitted.upl) | (y < fitted.lpl)
    reach = NEAR_LIMIT * fitted.width
    close = ~outside & ((y > fitted.mean + reach) | (y < fitted.mean - reach))
    change = np.diff(y)
    rising = change > 0
    steps = rising.astype(np.int64) - (change < 0)  # 0: a tie or a gap, either ends a trend

    shift = _in_long_runs(side, RUN_LENGTH)

    trending = _in_long_runs(steps, RUN_LENGTH - 1)  # steps in a trend: a run of k steps joins k + 1 points
    no = np.zeros(1, dtype=bool)
    after, before = np.concatenate((trending, no)), np.concatenate((no, trending))  # the step after each point, before it
    trend = after | before
    # A peak or trough joining two trends takes the later one's direction.
    trend_up = np.where(after, np.concatenate((rising, no)), np.concatenate((no, rising)))

    two_of_three = np.zeros(n, dtype=bool)
    if n >= 3:  # each window of three neighbours, all on one side, two or three of them close to the limit
        first, middle, last = side[:-2], side[1:-1], side[2:]
        near = close.astype(np.int64)
        qualifies = (first != 0) & (first == middle) & (middle == last) & (near[:-2] + near[1:-1] + near[2:] >= 2)
        two_of_three[:-2] |= qualifies & close[:-2]
        two_of_three[1:-1] |= qualifies & close[1:-1]
        two_of_three[2:] |= qualifies & close[2:]

    flags = {Rule.OUTSIDE_LIMITS: outside, Rule.SHIFT: shift, Rule.TREND: trend, Rule.TWO_OF_THREE: two_of_three}
    # Which way a point went: its side of the mean, except for a point in a trend and not outside the limits
    # (outside the limits comes first in RULE_PRECEDENCE, the trend next, and the other rules go by side).
    return flags, np.where(trend & ~outside, trend_up, above)


_RULES_OF_CODE = {code: tuple(rule for bit, rule in enumerate(Rule) if code >> bit & 1) for code in range(1 << len(Rule))}
_TYPES = {  # by the sign of the direction of improvement, then whether the point went up
    1: {True: CauseType.IMPROVEMENT, False: CauseType.CONCERN},
    -1: {True: CauseType.CONCERN, False: CauseType.IMPROVEMENT},
    0: {True: CauseType.NEITHER, False: CauseType.NEITHER},
}


def _variation(latest: SpcPoint) -> Variation | None:
    if latest.value is None or latest.mean is None:
        return None
    return {
        None: Variation.COMMON_CAUSE,
        CauseType.IMPROVEMENT: Variation.IMPROVEMENT,
        CauseType.CONCERN: Variation.CONCERN,
        CauseType.NEITHER: Variation.NEITHER,
    }[latest.type]
