"""Statistics of a monthly series.

A series is a mapping of Month to value. A month with no value is missing, and every
function here keeps it missing (None) rather than treating it as zero: a gap in an
extract must show as a gap on the board's page, not as a fall to nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from vitalsigns_xl.analysis.periods import Month, window

Series = Mapping[Month, float]


def values_in(series: Series, months: Sequence[Month]) -> tuple[float | None, ...]:
    """The series' value for each month, None where it has none."""
    return tuple(series.get(month) for month in months)


def change(current: float | None, previous: float | None) -> float | None:
    if current is None or previous is None:
        return None
    return current - previous


@dataclass(frozen=True)
class Extreme:
    value: float
    month: Month


def high_and_low(series: Series, end: Month, months: int = 12) -> tuple[Extreme, Extreme] | None:
    """Highest and lowest values in the ``months`` months to ``end``; the latest month wins a tie.

    Returns None when no month in the span has a value.
    """
    present = [(month, value) for month in window(end, months) if (value := series.get(month)) is not None]
    if not present:
        return None
    latest_first = present[::-1]  # max/min keep the first of equals: the latest month
    high = max(latest_first, key=lambda item: item[1])
    low = min(latest_first, key=lambda item: item[1])
    return Extreme(high[1], high[0]), Extreme(low[1], low[0])


def mean_if_complete(values: Sequence[float | None]) -> float | None:
    """Mean of the values, or None if there are none or any is missing (a gap is not a zero)."""
    if not values or any(value is None for value in values):
        return None
    return sum(v for v in values if v is not None) / len(values)


def rolling_mean(series: Series, end: Month, months: int = 12) -> float | None:
    """Mean of the ``months`` months to ``end``, or None if any of them is missing."""
    return mean_if_complete(values_in(series, window(end, months)))


def rate_per_10k(count: float | None, population: float | None) -> float | None:
    """Children per 10,000 of the population; None without both figures or with no population."""
    if count is None or not population:
        return None
    return count / population * 10_000
