"""Working days: weekdays that are not England and Wales bank holidays.

Timescales (an assessment within 45 working days of its start, an ICPC within 15 working
days of the strategy discussion) count working days, as ``workbook_templates/sources.yaml``
states once for the whole product and the Definitions sheet prints. Bank holidays come from
the maintained ``holidays`` package, so new or moved holidays (a coronation, a jubilee)
arrive with a package update rather than a hand-edited list.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import TYPE_CHECKING

import holidays

if TYPE_CHECKING:
    import numpy as np


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


MAX_SPAN_YEARS = 100


def _weekdays_after(start: date, end: date) -> int:
    """Monday-to-Friday days after ``start`` up to and including ``end`` (``end`` not before ``start``)."""
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    return weeks * 5 + sum((start.weekday() + offset) % 7 < 5 for offset in range(1, rest + 1))


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``: the start day is day 0.

    Negative when ``end`` is before ``start``, so a date typed the wrong way round shows up.
    """
    if end < start:
        return -working_days_between(end, start)
    if end.year - start.year > MAX_SPAN_YEARS:
        raise ValueError(f"the dates are more than {MAX_SPAN_YEARS} years apart; check them")
    holidays_between = sum(
        1 for year in range(start.year, end.year + 1) for day in _bank_holidays(year) if start < day <= end and day.weekday() < 5
    )
    return _weekdays_after(start, end) - holidays_between


def bank_holidays(first_year: int, last_year: int) -> list[date]:
    """England and Wales bank holidays from ``first_year`` to ``last_year``, in order."""
    return sorted(day for year in range(first_year, last_year + 1) for day in _bank_holidays(year))


def working_days_between_arrays(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """``working_days_between`` for whole columns of dates at once (numpy datetime64[D]), for large lists.

    numpy's business-day count takes the bank holidays as its calendar: the count of working days
    in [start + 1, end + 1) is those after the start up to and including the end. Negative where the
    end is before the start, as in the one-pair version.
    """
    import numpy as np  # here, not at the top: the command line starts without numpy

    starts = starts.astype("datetime64[D]")
    ends = ends.astype("datetime64[D]")
    if len(starts) == 0:
        return np.zeros(0, dtype=np.int64)
    years = np.concatenate([starts, ends]).astype("datetime64[Y]").astype(int) + 1970
    calendar = np.busdaycalendar(holidays=np.array(bank_holidays(int(years.min()), int(years.max())), dtype="datetime64[D]"))
    one = np.timedelta64(1, "D")
    backwards = ends < starts  # counted the other way round and negated, as the one-pair version does
    first, last = np.where(backwards, ends, starts), np.where(backwards, starts, ends)
    counts = np.busday_count(first + one, last + one, busdaycal=calendar).astype(np.int64)
    return np.where(backwards, -counts, counts)
