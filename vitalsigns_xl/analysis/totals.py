"""Totals of monthly counts by category: by quarter, or over the last 12 months with each category's share.

The workforce pages show starters and leavers by quarter, and the gender, disability and
ethnic group of the year's starters and leavers, and the top reasons for sickness, all from
monthly figures by category. A total is only given when every month it spans has a figure:
a month missing from the extract must not make a quarter look quiet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from vitalsigns_xl.analysis.periods import Month, window
from vitalsigns_xl.analysis.series import Series

QUARTERS_SHOWN = 5  # the same quarter last year, and the four since


@dataclass(frozen=True)
class CategoryTotal:
    id: str
    label: str
    total: float | None  # None when a month is missing (or, in a board pack, the total is small)
    share: float | None  # percentage of every category's total together
    suppressed: bool = False


@dataclass(frozen=True)
class PeriodTotals:
    label: str  # "Apr-Jun 2020", or "July 2019 to June 2020"
    end: Month
    categories: tuple[CategoryTotal, ...]


def total_over(series: Series, months: Sequence[Month]) -> float | None:
    """The sum over ``months``, or None if any of them has no figure."""
    values = [series.get(month) for month in months]
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def quarter_label(end: Month) -> str:
    first = end.shift(-2)
    return f"{first.long_label[:3]}-{end.long_label[:3]} {end.year}"


def last_quarter_end(period: Month) -> Month:
    """The end of the latest whole quarter (March, June, September, December) up to ``period``."""
    return period.shift(-(period.month % 3))


def _categories(
    parts: Sequence[tuple[str, str, Series]],
    months: Sequence[Month],
    small: int,
    shares: bool,
    removed: Mapping[str, frozenset[Month]],
) -> list[CategoryTotal]:
    totals = [(key, label, total_over(series, months)) for key, label, series in parts]
    whole = None if not shares or any(t is None for _, _, t in totals) else sum(t for _, _, t in totals if t is not None)
    result = []
    for key, label, total in totals:
        hidden = (total is not None and 0 < total <= small) or bool(removed.get(key, frozenset()) & set(months))
        shown = None if hidden else total
        share = None if hidden or shown is None or not whole else shown / whole * 100
        result.append(CategoryTotal(key, label, shown, share, hidden))
    return result


def by_quarter(
    parts: Sequence[tuple[str, str, Series]],
    period: Month,
    small: int = 0,
    shares: bool = True,
    removed: Mapping[str, frozenset[Month]] = MappingProxyType({}),
) -> tuple[PeriodTotals, ...]:
    """Each category's total in the last ``QUARTERS_SHOWN`` whole quarters to ``period``, oldest first.

    ``small`` hides totals from 1 to ``small`` (a board pack's small-number suppression);
    ``shares`` is False where the categories are not parts of one whole (starters and leavers);
    ``removed`` names the months of each category whose small figures were suppressed, whose
    totals are marked suppressed rather than shown as missing.
    """
    last = last_quarter_end(period)
    ends = [last.shift(-3 * back) for back in range(QUARTERS_SHOWN - 1, -1, -1)]
    return tuple(
        PeriodTotals(quarter_label(end), end, tuple(_categories(parts, window(end, 3), small, shares, removed))) for end in ends
    )


def over_twelve_months(
    parts: Sequence[tuple[str, str, Series]],
    period: Month,
    top: int | None = None,
    small: int = 0,
    shares: bool = True,
    removed: Mapping[str, frozenset[Month]] = MappingProxyType({}),
) -> PeriodTotals:
    """Each category's total over the 12 months to ``period`` with its share of all of them.

    With ``top``, only the largest ``top`` categories, largest first (shares stay of the whole).
    """
    months = window(period, 12)
    categories = _categories(parts, months, small, shares, removed)
    if top is not None:
        categories = sorted(categories, key=lambda c: -(c.total or 0))[:top]
    return PeriodTotals(f"{months[0].long_label} to {period.long_label}", period, tuple(categories))
