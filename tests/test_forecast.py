"""The forecast of children in care: its numbers, its interval, its back-test and its refusals.

Expected figures are worked out independently of statsmodels' forecasting code: the
point forecasts and the 80% interval are recomputed from the fitted smoothing weights with
the ETS(A,Ad,N) recursions and the forecast-variance formula of Hyndman & Athanasopoulos,
*Forecasting: Principles and Practice* (3rd ed.), sections 8.1 and 8.7 (table 8.8).
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

from vitalsigns_xl.analysis.forecast import (
    BACKTESTS,
    HORIZON,
    MIN_HISTORY,
    Forecast,
    NoForecast,
    forecast,
    history_to,
)
from vitalsigns_xl.analysis.periods import Month

END = Month(2020, 6)


def monthly(values: list[float], end: Month = END) -> dict[Month, float]:
    return {end.shift(i - len(values) + 1): v for i, v in enumerate(values)}


def wobbly_rise(months: int, seed: int = 7) -> list[float]:
    """Children in care rising by about 6 a month, with month-to-month noise of about 10."""
    rng = np.random.default_rng(seed)
    return list(np.round(1000 + 6 * np.arange(months) + rng.normal(0, 10, months)))


def fpp3_forecast(y: list[float], alpha: float, beta: float, phi: float, level0: float, trend0: float, h: int, z: float):
    """ETS(A,Ad,N) in error-correction form (FPP3 8.1) and its forecast variance (FPP3 table 8.8)."""
    level, trend, errors = level0, trend0, []
    for value in y:
        error = value - (level + phi * trend)
        errors.append(error)
        level, trend = level + phi * trend + alpha * error, phi * trend + beta * error
    sigma2 = sum(e * e for e in errors) / len(errors)  # maximum-likelihood variance of the one-step errors
    out = []
    for step in range(1, h + 1):
        damp = sum(phi**k for k in range(1, step + 1))
        mean = level + damp * trend
        variance = sigma2 * (
            1
            + alpha**2 * (step - 1)
            + beta * phi * step / (1 - phi) ** 2 * (2 * alpha * (1 - phi) + beta * phi)
            - beta
            * phi
            * (1 - phi**step)
            / ((1 - phi) ** 2 * (1 - phi**2))
            * (2 * alpha * (1 - phi**2) + beta * phi * (1 + 2 * phi - phi**step))
        )
        out.append((mean, mean - z * variance**0.5, mean + z * variance**0.5))
    return out


def test_forecast_and_interval_match_the_textbook_recursions() -> None:
    values = wobbly_rise(49)
    result = forecast(monthly(values), END)
    assert isinstance(result, Forecast)
    assert result.months == tuple(Month(2020, m) for m in range(7, 13))
    assert result.fitted_months == 49 and result.level == 0.8
    # The smoothing weights statsmodels chose; everything after them is recomputed here by hand.
    params = ETSModel(pd.Series(values), error="add", trend="add", damped_trend=True).fit(disp=False).params
    z = NormalDist().inv_cdf(0.9)  # 80% two-sided: 1.2816
    expected = fpp3_forecast(values, *params, h=HORIZON, z=z)
    assert result.central == pytest.approx([e[0] for e in expected], rel=1e-6)
    assert result.lower == pytest.approx([e[1] for e in expected], rel=1e-6)
    assert result.upper == pytest.approx([e[2] for e in expected], rel=1e-6)
    assert all(w2 >= w1 for w1, w2 in zip(result.widths, result.widths[1:], strict=False))  # less sure further out


def test_a_steady_rise_is_forecast_to_go_on_rising() -> None:
    # 1,000 rising by 6 a month: in December 2020 (month 55 counting from 0 at June 2016) the rise alone gives 1,330.
    result = forecast(monthly(wobbly_rise(49)), END)
    assert isinstance(result, Forecast)
    assert 1330 * 0.97 < result.central[-1] < 1330 * 1.03
    assert result.lower[-1] < result.central[-1] < result.upper[-1]
    assert result.backtest.tests == BACKTESTS
    assert result.backtest.months == tuple(END.shift(-k) for k in range(11, -1, -1))
    assert result.backtest.close >= 8


def test_each_past_forecast_uses_only_what_was_known_six_months_before() -> None:
    values = wobbly_rise(49)
    series = monthly(values)
    result = forecast(series, END)
    assert isinstance(result, Forecast)
    for month, made in zip(result.backtest.months, result.backtest.forecasts, strict=True):
        origin = month.shift(-HORIZON)
        known = {m: v for m, v in series.items() if m <= origin}
        then = history_to(known, origin)
        params = ETSModel(pd.Series(then), error="add", trend="add", damped_trend=True).fit(disp=False).params
        assert made == pytest.approx(fpp3_forecast(list(then), *params, h=HORIZON, z=1)[-1][0], rel=1e-6)
    assert result.backtest.outcomes == tuple(values[-12:])


def test_too_short_a_history_is_refused_with_the_reason() -> None:
    result = forecast(monthly(wobbly_rise(MIN_HISTORY - 1)), END)
    assert isinstance(result, NoForecast)
    assert result.reason == (
        "it needs 41 months of figures in a row to June 2020 "
        "(24 to fit the model and 17 more to check 12 past forecasts), and there are 40"
    )


def test_a_gap_counts_only_the_months_since() -> None:
    series = monthly(wobbly_rise(75))  # January 2014 to June 2020, with November 2017 missing
    del series[END.shift(-31)]
    result = forecast(series, END)
    assert isinstance(result, NoForecast) and result.reason.endswith("and there are 31")
    assert isinstance(forecast(series, END.shift(-32)), Forecast)  # to October 2017 there are 43 in a row


def test_poor_past_accuracy_is_refused() -> None:
    # Flat at about 1,000 for 35 months, then 1,500 for the last 10. Of the 12 back-tested months, the 6
    # forecast from origins before the jump (made at months 27-34 for months 33-40) that land on 1,500 miss by a
    # third; only months 33-34 (still 1,000) and at most the 4 made after the jump can be close: 6 at most.
    rng = np.random.default_rng(3)
    values = list(1000 + rng.normal(0, 2, 35)) + [1500.0] * 10
    result = forecast(monthly(values), END)
    assert isinstance(result, NoForecast)
    assert result.backtest is not None and result.backtest.close <= 6
    assert result.reason == (
        f"past 6-month forecasts were within 3% of the outcome only {result.backtest.close} times in 12, too seldom to rely on"
    )


def test_bounds_cut_the_interval_where_nothing_can_be() -> None:
    # A percentage near 100 cannot be forecast above it.
    rng = np.random.default_rng(11)
    values = list(np.clip(97 + 0.1 * np.arange(45) + rng.normal(0, 0.4, 45), 0, 100))
    result = forecast(monthly(values), END, floor=0, ceiling=100)
    assert isinstance(result, Forecast)
    assert max(result.upper) <= 100 and min(result.lower) >= 0
