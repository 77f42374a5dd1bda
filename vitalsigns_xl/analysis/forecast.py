"""A six-month forecast of a monthly series, with its uncertainty and its own track record.

A board reads a forecast line as a promise, so this module is cautious about drawing one:

- the method is a maintained one, exponential smoothing with a damped additive trend
  (ETS(A,Ad,N), fitted by maximum likelihood with statsmodels), whose 80% prediction
  interval comes from the fitted model's error variance;
- it needs at least 24 months in a row to fit, and it checks itself first: forecasts made
  6 months before each of the last 12 months, each from the figures known then, are set
  against what happened (back-testing), so it needs 24 + 6 + 11 = 41 months in a row;
- when the history is too short or has gaps, or when too few of those past forecasts
  came close, the answer is a refusal with the reason, never a line.

statsmodels is imported only when a forecast is made: the command line starts without it.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from vitalsigns_xl.analysis.periods import Month

METHOD = "exponential smoothing with a damped trend (ETS(A,Ad,N))"
HORIZON = 6  # months ahead
LEVEL = 0.80  # of the prediction interval
MIN_FIT = 24  # months a model is fitted on, at least
BACKTESTS = 12  # past forecasts checked: one for each of the last 12 months
TOLERANCE = 0.03  # a past forecast "came close" within 3% of the outcome
MIN_CLOSE = 8  # of the 12, for the forecast to be shown
MIN_HISTORY = MIN_FIT + HORIZON + BACKTESTS - 1

Figures = tuple[float, ...]


@dataclass(frozen=True)
class Backtest:
    """Forecasts made ``HORIZON`` months before each of the last months, against what happened."""

    months: tuple[Month, ...]  # the months forecast
    forecasts: tuple[float, ...]
    outcomes: tuple[float, ...]
    tolerance: float

    @property
    def close(self) -> int:
        """How many came within the tolerance of the outcome."""
        return sum(abs(f - o) <= self.tolerance * abs(o) for f, o in zip(self.forecasts, self.outcomes, strict=True))

    @property
    def tests(self) -> int:
        return len(self.months)


@dataclass(frozen=True)
class Forecast:
    method: str
    fitted_months: int  # of history the model was fitted on
    months: tuple[Month, ...]  # the months ahead
    central: tuple[float, ...]
    lower: tuple[float, ...]  # of the prediction interval at LEVEL
    upper: tuple[float, ...]
    level: float
    backtest: Backtest

    @property
    def widths(self) -> tuple[float, ...]:
        """Upper less lower bound: the height of the shaded band a chart stacks on the lower bound."""
        return tuple(u - lo for lo, u in zip(self.lower, self.upper, strict=True))


@dataclass(frozen=True)
class NoForecast:
    """Why no forecast is shown, in words the board reads after "No forecast is shown: "."""

    reason: str
    backtest: Backtest | None = None


def history_to(series: Mapping[Month, float], period: Month) -> tuple[float, ...]:
    """The unbroken run of monthly figures ending at ``period``, oldest first (empty if ``period`` has none)."""
    run: list[float] = []
    month = period
    while (value := series.get(month)) is not None:
        run.append(value)
        month = month.shift(-1)
    return tuple(run[::-1])


@lru_cache(maxsize=512)
def _predict(history: tuple[float, ...], horizon: int, level: float) -> tuple[Figures, Figures, Figures]:
    """Central forecast and prediction interval for the ``horizon`` months after ``history``.

    Fitting takes a noticeable fraction of a second, and one build fits 13 models per
    forecast; the same figures (a refresh, a board pack of the same month) reuse the fits.
    """
    import pandas as pd
    from statsmodels.tools.sm_exceptions import ConvergenceWarning
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel
    from threadpoolctl import threadpool_limits

    endog = pd.Series(history, index=pd.RangeIndex(len(history)), dtype=float)
    # The optimiser makes hundreds of tiny BLAS calls; OpenBLAS's threads only wait on each other
    # over vectors of five numbers (one thread fits the same model over ten times faster on a busy machine).
    with warnings.catch_warnings(), threadpool_limits(limits=1, user_api="blas"):
        # Short, smooth series often put a smoothing weight on its bound; the fit is still the best one allowed.
        warnings.simplefilter("ignore", ConvergenceWarning)
        fitted = ETSModel(endog, error="add", trend="add", damped_trend=True).fit(disp=False)
    frame = fitted.get_prediction(start=len(history), end=len(history) + horizon - 1).summary_frame(alpha=1 - level)
    mean, lower, upper = (tuple(float(v) for v in frame[column]) for column in ("mean", "pi_lower", "pi_upper"))
    return mean, lower, upper


def _bounded(values: tuple[float, ...], low: float | None, high: float | None) -> tuple[float, ...]:
    return tuple(min(max(v, low if low is not None else v), high if high is not None else v) for v in values)


def backtest(history: tuple[float, ...], last: Month, horizon: int = HORIZON, tests: int = BACKTESTS) -> Backtest:
    """For each of the last ``tests`` months, the forecast made ``horizon`` months before from what was known then."""
    forecasts: list[float] = []
    outcomes: list[float] = []
    months: list[Month] = []
    for back in range(tests - 1, -1, -1):
        target = len(history) - 1 - back
        known = history[: target - horizon + 1]
        forecasts.append(_predict(known, horizon, LEVEL)[0][-1])
        outcomes.append(history[target])
        months.append(last.shift(-back))
    return Backtest(tuple(months), tuple(forecasts), tuple(outcomes), TOLERANCE)


def forecast(
    series: Mapping[Month, float],
    period: Month,
    floor: float | None = 0.0,
    ceiling: float | None = None,
) -> Forecast | NoForecast:
    """The forecast for the ``HORIZON`` months after ``period``, or the reason there is none.

    ``floor`` and ``ceiling`` bound what the measure can be (no fewer than 0 children, no
    more than 100%); the interval is cut at them rather than drawn where nothing can be.
    """
    history = history_to(series, period)
    if len(history) < MIN_HISTORY:
        return NoForecast(
            f"it needs {MIN_HISTORY} months of figures in a row to {period.long_label} "
            f"({MIN_FIT} to fit the model and {HORIZON + BACKTESTS - 1} more to check {BACKTESTS} past forecasts), "
            f"and there {'is' if len(history) == 1 else 'are'} {len(history)}"
        )
    checked = backtest(history, period)
    if checked.close < MIN_CLOSE:
        return NoForecast(
            f"past {HORIZON}-month forecasts were within {TOLERANCE:.0%} of the outcome only "
            f"{checked.close} times in {checked.tests}, too seldom to rely on",
            checked,
        )
    central, lower, upper = _predict(history, HORIZON, LEVEL)
    return Forecast(
        method=METHOD,
        fitted_months=len(history),
        months=tuple(period.shift(step) for step in range(1, HORIZON + 1)),
        central=_bounded(central, floor, ceiling),
        lower=_bounded(lower, floor, ceiling),
        upper=_bounded(upper, floor, ceiling),
        level=LEVEL,
        backtest=checked,
    )
