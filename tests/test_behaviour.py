"""What a series did lately (highs, lows, runs, target streaks), on short series worked out by hand."""

from __future__ import annotations

from vitalsigns_xl.analysis.behaviour import Extremity, behaviour, latest_extreme, run_of_changes, target_streak
from vitalsigns_xl.analysis.periods import Month, window
from vitalsigns_xl.catalogue import Polarity

JUNE = Month(2020, 6)
MONTHS = window(JUNE, 13)


def test_the_latest_figure_as_printed_ties_with_earlier_months() -> None:
    # 14.94 prints as 14.9 at one decimal, level with August 2019's 14.9 and lower than every other month.
    values = [16.0, 15.2, 14.9, 15.5, 15.8, 16.0, 15.6, 15.3, 15.4, 15.2, 15.0, 15.1, 14.94]
    extreme = latest_extreme(MONTHS, values, decimals=1)
    assert extreme is not None and extreme.kind is Extremity.LOWEST and extreme.tied_with == (Month(2019, 8),)
    assert latest_extreme(MONTHS, values, decimals=2) is None  # at two decimals 14.94 is above 14.90
    assert latest_extreme(MONTHS, [*values[:-1], 15.05], decimals=1) is None  # in the middle


def test_a_run_needs_three_visible_steps() -> None:
    values: list[float | None] = [60.0, 58, 57, 55, 56, 57, 55.1, 56, 57, 58, 59, 60, 61]
    run = run_of_changes(MONTHS, values, decimals=1)
    assert run is not None and (run.rising, run.months, run.start, run.start_value) == (True, 6, Month(2019, 12), 55.1)
    values[8] = None  # February 2020 missing: the run is the rises in April, May and June from March
    run = run_of_changes(MONTHS, values, decimals=1)
    assert run is not None and (run.months, run.start) == (3, Month(2020, 3))
    assert run_of_changes(MONTHS, [*[1.0] * 10, 2.0, 2.04, 3.0], decimals=1) is None  # 2.0 to 2.04 is flat as printed


def test_a_target_streak_says_since_only_when_the_month_before_is_known() -> None:
    targets = [95.0] * 13
    values: list[float | None] = [95.0, 96, 95, 96, 95, 96, 95, 96, 95, 96, 91, 92, 90]
    streak = target_streak(MONTHS, values, targets, Polarity.HIGHER_IS_BETTER)
    assert streak is not None and (streak.met, streak.months, streak.since) == (False, 3, Month(2020, 4))
    values[9] = None
    streak = target_streak(MONTHS, values, targets, Polarity.HIGHER_IS_BETTER)
    assert streak is not None and (streak.months, streak.since) == (3, None)
    assert target_streak(MONTHS, values, targets, Polarity.NEUTRAL) is None


def test_behaviour_counts_the_months_with_figures_in_the_last_twelve() -> None:
    values = [None, None, None, None, 40.0, None, 42, 41, None, 43, 44, None, 45]
    facts = behaviour(MONTHS, values, [None] * 13, Polarity.HIGHER_IS_BETTER, 1)
    assert facts.months_with_figures == 6 and facts.extreme is not None and facts.extreme.kind is Extremity.HIGHEST
    assert facts.run is None and facts.target_streak is None
