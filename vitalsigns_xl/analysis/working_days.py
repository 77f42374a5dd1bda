"""Working days: weekdays that are not England and Wales bank holidays.

Statutory timescales (an assessment within 45 working days of referral, an ICPC within
15 working days of the strategy discussion) count working days. Bank holidays come from
the maintained ``holidays`` package, so new or moved holidays (a coronation, a jubilee)
arrive with a package update rather than a hand-edited list.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import holidays


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
    """Working days after ``start`` up to and including ``end``: the day of referral is day 0.

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
