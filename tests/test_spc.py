"""SPC (XmR charts) against NHSRplotthedots' published results and series worked out by hand.

Where a test says "NHSRplotthedots snapshot", the expected numbers are copied from the test
snapshots that package publishes (tests/testthat/_snaps/ptd_spc_standard.md and ptd_spc.md,
release 0.2.0): its test data is R's ``set.seed(123); rnorm(20)``, written out below. Where it
says "by hand", the working is in the comment.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from vitalsigns_xl.analysis.spc import (
    Assurance,
    CauseType,
    Improvement,
    Limits,
    Rule,
    Variation,
    analyse,
    assurance,
    limits,
)
from vitalsigns_xl.catalogue import Polarity

# R: set.seed(123); rnorm(20) — the data of NHSRplotthedots' own snapshot tests.
RNORM_20 = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621, -1.26506123,
    -0.68685285, -0.44566197, 1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113, 1.78691314,
    0.49785048, -1.96661716, 0.70135590, -0.47279141,
]  # fmt: skip
WITH_OUTLIER = [*RNORM_20[:14], 10.0, *RNORM_20[15:]]  # the snapshot's data$y[15] <- 10


def test_random_normal_series_limits_and_no_special_cause() -> None:
    # NHSRplotthedots snapshot r1: mean_col 0.1416238, lpl -3.01138, upl 3.294627; summary: 20 common cause.
    fitted = limits(RNORM_20)
    assert fitted is not None
    assert fitted.mean == pytest.approx(0.1416238, abs=5e-8)
    assert fitted.lpl == pytest.approx(-3.01138, abs=5e-6)
    assert fitted.upl == pytest.approx(3.294627, abs=5e-7)
    result = analyse(RNORM_20)
    assert not any(p.special_cause for p in result.points)
    assert result.variation is Variation.COMMON_CAUSE
    assert not result.provisional


def test_one_extreme_point_screened_and_unscreened() -> None:
    # NHSRplotthedots snapshots r2 (screen_outliers = TRUE) and r3 (FALSE), y[15] = 10.
    screened, unscreened = limits(WITH_OUTLIER), limits(WITH_OUTLIER, screen=False)
    assert screened is not None and unscreened is not None
    assert screened.mean == unscreened.mean == pytest.approx(0.6694159, abs=5e-8)
    assert (screened.lpl, screened.upl) == (pytest.approx(-2.383666, abs=5e-7), pytest.approx(3.722497, abs=5e-7))
    assert (unscreened.lpl, unscreened.upl) == (pytest.approx(-4.596625, abs=5e-7), pytest.approx(5.935457, abs=5e-7))
    point = analyse(WITH_OUTLIER).points[14]
    assert point.rules == (Rule.OUTSIDE_LIMITS,) and point.high is True and point.type is CauseType.IMPROVEMENT
    assert analyse(WITH_OUTLIER, Improvement.DECREASE).points[14].type is CauseType.CONCERN


def test_screening_by_hand() -> None:
    # By hand: 0, 1, 0, 1, 0, 10 has moving ranges 1, 1, 1, 1, 10, mean 2.8; 10 ≥ 3.267 × 2.8 = 9.15
    # is screened, leaving a mean moving range of 1; mean 12 / 6 = 2, limits 2 ± 2.66.
    fitted = limits([0, 1, 0, 1, 0, 10])
    assert fitted == Limits(2.0, pytest.approx(-0.66), pytest.approx(4.66), 6)  # type: ignore[arg-type]
    unscreened = limits([0, 1, 0, 1, 0, 10], screen=False)
    assert unscreened is not None and unscreened.upl == pytest.approx(2 + 2.66 * 2.8)


def test_rebase_recalculates_from_the_month_given() -> None:
    # NHSRplotthedots summary snapshot with facet = rep(c(0, 1), each = 10): each half of the series on
    # its own limits, which is what a rebase at the 11th point does: 0.0746 (-2.60, 2.75) and 0.209 (-3.28, 3.70).
    result = analyse(RNORM_20, rebase_at=[10])
    first, second = result.points[0], result.points[10]
    assert (round(first.mean or 0, 4), round(first.lpl or 0, 2), round(first.upl or 0, 2)) == (0.0746, -2.60, 2.75)
    assert (round(second.mean or 0, 3), round(second.lpl or 0, 2), round(second.upl or 0, 2)) == (0.209, -3.28, 3.70)
    assert all(p.mean == first.mean for p in result.points[:10])
    assert result.provisional  # the latest limits rest on 10 points


def test_fixed_limits_judge_later_points() -> None:
    # By hand: 12 points alternating 10, 12 have mean 11 and moving ranges of 2, so limits 11 ± 5.32.
    # Fixed on them, a later 17 is beyond 16.32; unfixed, 17 moves the mean and limits.
    values = [10.0, 12.0] * 6 + [17.0]
    fixed = analyse(values, fix_after=12)
    assert (fixed.points[-1].mean, fixed.points[-1].upl) == (11.0, pytest.approx(16.32))
    assert fixed.points[-1].rules == (Rule.OUTSIDE_LIMITS,)
    assert fixed.variation is Variation.IMPROVEMENT
    free = analyse(values)
    assert free.points[-1].mean == pytest.approx(11.0 + 6 / 13)


def test_shift_of_seven_on_one_side_and_a_point_on_the_mean_breaks_it() -> None:
    # By hand, limits fixed on 10, 12 × 6 (mean 11, limits 11 ± 5.32, two-thirds mark 11 ± 3.547):
    # the 12th point (12) and seven 11.5s make 8 points above the mean, no trend (the 11.5s tie).
    values = [10.0, 12.0] * 6 + [11.5] * 7
    result = analyse(values, fix_after=12)
    assert [Rule.SHIFT in p.rules for p in result.points] == [False] * 11 + [True] * 8
    assert result.variation is Variation.IMPROVEMENT
    broken = [*values[:15], 11.0, *values[16:]]  # one point on the mean: runs of 4 and 3
    assert not any(p.special_cause for p in analyse(broken, fix_after=12).points)
    # NHSRplotthedots' ptd_seven_point_one_side_mean: six points on one side are not a shift.
    assert not any(p.special_cause for p in analyse(values[:-2], fix_after=12).points)


def test_trend_of_seven_rising_and_a_tie_breaks_it() -> None:
    # By hand, limits fixed on 10, 12 × 6 (11 ± 5.32): 9.5, 10 … 12.5 is 7 points each higher than
    # the one before (and crosses the mean, so no shift); 10 before it is higher than 9.5, so not part of it.
    values = [10.0, 12.0] * 6 + [9.5, 10.0, 10.5, 11.5, 12.0, 12.25, 12.5]
    result = analyse(values, fix_after=12)
    assert [Rule.TREND in p.rules for p in result.points] == [False] * 12 + [True] * 7
    assert {p.high for p in result.points[12:]} == {True}
    tied = [*values[:15], values[14], *values[16:]]  # 10.5 twice: the rise stops
    assert not any(Rule.TREND in p.rules for p in analyse(tied, fix_after=12).points)
    falling = analyse([22 - v for v in values], Improvement.INCREASE, fix_after=12)
    assert all(p.type is CauseType.CONCERN for p in falling.points[12:])
    # NHSRplotthedots' ptd_seven_point_trend(c(2, 1:7, 3)): the trend is the 2nd to 8th points.
    assert [Rule.TREND in p.rules for p in analyse([2, 1, 2, 3, 4, 5, 6, 7, 3]).points] == [False] + [True] * 7 + [False]


def test_two_of_three_near_a_limit_flags_those_two() -> None:
    # By hand, limits fixed on 10, 12 × 6: the two-thirds mark above is 11 + 3.5467 = 14.547, the limit 16.32.
    # 15, 12, 15: all three above the mean, two beyond two-thirds: the two 15s are flagged, 12 is not.
    values = [10.0, 12.0] * 6 + [15.0, 12.0, 15.0, 10.0]
    result = analyse(values, fix_after=12)
    assert [Rule.TWO_OF_THREE in p.rules for p in result.points[12:]] == [True, False, True, False]
    assert result.points[12].type is CauseType.IMPROVEMENT
    # The third point below the mean: not all three on one side, no signal (as NHSRplotthedots' test).
    assert not analyse([*values[:13], 10.0, *values[14:]], fix_after=12).points[12].special_cause


def test_two_of_three_on_opposite_sides_is_common_cause() -> None:
    # NHSRplotthedots test "it only reports special cause for 2of3 points close to limits when they are on
    # the same side of the mean": rep(c(1, -1), 8) with the 15th 5.5 and the 16th -5.5 gives common cause.
    values = [1.0, -1.0] * 8
    values[14], values[15] = 5.5, -5.5
    result = analyse(values)
    assert [p.special_cause for p in result.points[-2:]] == [False, False]


def test_outside_limits_below_on_a_lower_is_better_measure_is_improvement() -> None:
    result = analyse([10.0, 12.0] * 6 + [5.0], Improvement.of(Polarity.LOWER_IS_BETTER), fix_after=12)
    assert result.points[-1].rules == (Rule.OUTSIDE_LIMITS,) and result.points[-1].high is False
    assert result.variation is Variation.IMPROVEMENT
    neutral = analyse([10.0, 12.0] * 6 + [5.0], Improvement.of(Polarity.NEUTRAL), fix_after=12)
    assert neutral.variation is Variation.NEITHER and neutral.latest_high is False


@pytest.mark.parametrize(
    ("target", "improvement", "expected"),
    [
        # NHSRplotthedots' ptd_calculate_assurance_type tests: limits (1, 3), (5, 7), (1, 5), target 4.
        (Limits(2, 1, 3, 20), Improvement.INCREASE, Assurance.FAIL),
        (Limits(6, 5, 7, 20), Improvement.INCREASE, Assurance.PASS),
        (Limits(3, 1, 5, 20), Improvement.INCREASE, Assurance.HIT_AND_MISS),
        (Limits(2, 1, 3, 20), Improvement.DECREASE, Assurance.PASS),
        (Limits(6, 5, 7, 20), Improvement.DECREASE, Assurance.FAIL),
        (Limits(3, 1, 5, 20), Improvement.DECREASE, Assurance.HIT_AND_MISS),
        (Limits(3, 1, 5, 20), Improvement.NEITHER, None),
    ],
)
def test_assurance_against_a_target_of_4(target: Limits, improvement: Improvement, expected: Assurance | None) -> None:
    assert assurance(target, 4.0, improvement) is expected


def test_assurance_needs_twelve_points_and_a_target() -> None:
    # RNORM_20's limits are (-3.01, 3.29): a target of 5 is above them, so an increasing measure fails it.
    assert analyse(RNORM_20, target=5.0).assurance is Assurance.FAIL
    assert analyse(RNORM_20, Improvement.DECREASE, target=-4.0).assurance is Assurance.FAIL
    assert analyse(RNORM_20, target=-4.0).assurance is Assurance.PASS
    assert analyse(RNORM_20).assurance is None
    short = analyse(RNORM_20[:11], target=5.0)
    assert short.provisional and short.assurance is None and short.variation is Variation.COMMON_CAUSE


def test_gaps_break_runs_and_moving_ranges() -> None:
    # By hand: 1, 2, (gap), 4, 5 has moving ranges 1 and 1 only (not 2 → 4), mean 3, limits 3 ± 2.66.
    fitted = limits([1, 2, None, 4, 5])
    assert fitted == Limits(3.0, pytest.approx(0.34), pytest.approx(5.66), 4)  # type: ignore[arg-type]
    rising = [1.0, 2.0, 3.0, 4.0, None, 5.0, 6.0, 7.0, 8.0]
    assert not any(Rule.TREND in p.rules for p in analyse(rising).points)
    result = analyse([1.0, 2.0, 3.0, None])
    assert result.points[-1].value is None and result.variation is None


def test_a_series_that_never_varies_has_its_limits_on_the_mean() -> None:
    result = analyse([100.0] * 12 + [99.0], fix_after=12)
    assert (result.points[0].lpl, result.points[0].upl) == (100.0, 100.0)
    assert result.points[-1].rules == (Rule.OUTSIDE_LIMITS,) and result.variation is Variation.CONCERN
    assert limits([5.0]) is None and analyse([5.0]).variation is None


series = st.lists(st.floats(-1e3, 1e3, allow_nan=False).map(lambda v: round(v, 2)), min_size=2, max_size=40)


@given(series)
def test_limits_sit_either_side_of_the_mean_and_screening_only_narrows_them(values: list[float]) -> None:
    screened, unscreened = limits(values), limits(values, screen=False)
    assert screened is not None and unscreened is not None
    assert screened.lpl <= screened.mean <= screened.upl
    assert math.isclose(screened.upl - screened.mean, screened.mean - screened.lpl, rel_tol=1e-9, abs_tol=1e-9)
    assert screened.width <= unscreened.width + 1e-9


@given(series, st.floats(0.5, 20), st.floats(-100, 100))
def test_flags_do_not_depend_on_units_and_flipping_swaps_improvement_and_concern(
    values: list[float], scale: float, offset: float
) -> None:
    """Changing units (a·x + b) changes no flag; turning the series upside down swaps high and low."""
    fitted = limits(values)
    assert fitted is not None
    # Keep points well away from the mean, the limits and the two-thirds marks, where rounding could tip them.
    marks = [fitted.mean + k * fitted.width for k in (-1, -2 / 3, 0, 2 / 3, 1)]
    assume(all(abs(v - m) > 1e-6 * (1 + abs(m)) for v in values for m in marks))
    base = analyse(values)
    moved = analyse([scale * v + offset for v in values])
    flipped = analyse([-v for v in values])
    assert [p.rules for p in moved.points] == [p.rules for p in base.points]
    assert [p.rules for p in flipped.points] == [p.rules for p in base.points]
    assert [p.type for p in flipped.points] == [
        None if p.type is None else {CauseType.IMPROVEMENT: CauseType.CONCERN, CauseType.CONCERN: CauseType.IMPROVEMENT}[p.type]
        for p in base.points
    ]


@given(series, st.integers(1, 60))
def test_fixing_after_more_points_than_there_are_changes_nothing(values: list[float], extra: int) -> None:
    assert analyse(values, fix_after=len(values) + extra) == analyse(values)
    assert analyse(values, rebase_at=[0]) == analyse(values)
