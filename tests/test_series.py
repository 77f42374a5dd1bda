"""Statistics of monthly series, on small series checked by hand."""

from hypothesis import given
from hypothesis import strategies as st

from vitalsigns_xl.analysis.periods import Month, window
from vitalsigns_xl.analysis.series import change, high_and_low, rate_per_10k, rolling_mean, values_in

JUNE_20 = Month(2020, 6)
# Care leavers in EET, June 2019 to June 2020 (seed report).
EET = dict(zip(window(JUNE_20), [62.6, 58.9, 58.4, 47.6, 48.2, 48.0, 51.0, 51.8, 54.2, 53.3, 54.0, 53.8, 54.3], strict=True))


def test_values_in_keeps_missing_months_missing() -> None:
    series = {Month(2020, 4): 10.0, Month(2020, 6): 12.0}
    assert values_in(series, window(JUNE_20, 3)) == (10.0, None, 12.0)


def test_change() -> None:
    assert round(change(54.3, 53.8) or 0, 6) == 0.5
    assert change(54.3, None) is None


def test_high_and_low_over_twelve_months_exclude_the_thirteenth() -> None:
    extremes = high_and_low(EET, JUNE_20)
    assert extremes is not None
    high, low = extremes
    # June 2019 (62.6) is outside the 12 months to June 2020, so the high is July 2019's 58.9.
    assert (high.value, high.month) == (58.9, Month(2019, 7))
    assert (low.value, low.month) == (47.6, Month(2019, 9))


def test_high_and_low_ties_go_to_the_latest_month() -> None:
    series = {Month(2020, 1): 5.0, Month(2020, 3): 5.0, Month(2020, 6): 1.0, Month(2020, 5): 1.0}
    extremes = high_and_low(series, JUNE_20)
    assert extremes is not None
    assert extremes[0].month == Month(2020, 3)
    assert extremes[1].month == Month(2020, 6)


def test_high_and_low_of_an_empty_span() -> None:
    assert high_and_low({Month(2010, 1): 1.0}, JUNE_20) is None


def test_rolling_mean_needs_all_twelve_months() -> None:
    # Missing episodes, July 2019 to June 2020 (seed report): total 1134, mean 94.5.
    episodes = dict(zip(window(JUNE_20, 12), [122, 67, 68, 120, 84, 74, 88, 81, 106, 97, 132, 95], strict=True))
    assert rolling_mean(episodes, JUNE_20) == 94.5
    del episodes[Month(2019, 12)]
    assert rolling_mean(episodes, JUNE_20) is None


def test_rate_per_10k() -> None:
    assert rate_per_10k(1012, 140_680) == 1012 / 140_680 * 10_000
    assert round(rate_per_10k(1012, 140_680) or 0, 1) == 71.9
    assert rate_per_10k(None, 140_680) is None
    assert rate_per_10k(1012, 0) is None


@given(st.lists(st.one_of(st.none(), st.floats(0, 1e6)), min_size=12, max_size=12))
def test_high_is_at_least_low_and_both_are_values_of_the_series(values: list[float | None]) -> None:
    series = {m: v for m, v in zip(window(JUNE_20, 12), values, strict=True) if v is not None}
    extremes = high_and_low(series, JUNE_20)
    if not series:
        assert extremes is None
        return
    assert extremes is not None
    high, low = extremes
    assert high.value >= low.value
    assert series[high.month] == high.value and series[low.month] == low.value
