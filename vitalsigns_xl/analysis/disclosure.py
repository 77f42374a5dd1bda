"""Small-number suppression, as official statistics apply it, for packs that leave the service.

A count of 1 to 5 children could identify them, so it is shown as "c" instead. A figure
built on such a count is suppressed too: a percentage whose numerator or denominator is
small, or a month's total of categories one of which is small. Suppressed values are removed
before anything is computed from them, so no change, average, high or low can reveal them.
Zero is shown: it identifies nobody.
"""

from __future__ import annotations

from collections.abc import Mapping

from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.analysis.series import Series
from vitalsigns_xl.catalogue import Indicator, Unit

SUPPRESSED = "c"
SMALLEST, LARGEST = 1, 5
VALUE, NUMERATOR, DENOMINATOR = "", "numerator", "denominator"  # keys besides breakdown ids

Suppressed = dict[str, frozenset[Month]]  # what was removed: series key → months


def is_small(count: float | None) -> bool:
    return count is not None and SMALLEST <= count <= LARGEST


def _without(series: Series, months: set[Month]) -> dict[Month, float]:
    return {m: v for m, v in series.items() if m not in months}


def _secondary(removed: dict[str, set[Month]], parts: Mapping[str, Series], part_counts: Mapping[str, Series]) -> None:
    """Shares of one whole add up to 100%: where one part is hidden, the smallest other is hidden too, so
    that the first cannot be worked out by subtraction (secondary suppression, as official statistics do)."""
    months = set().union(*(removed[key] for key in parts))
    for month in months:
        hidden = [key for key in parts if month in removed[key]]
        if len(hidden) != 1:
            continue
        shown = [key for key in parts if key not in hidden and month in parts[key]]
        if shown:
            smallest = min(shown, key=lambda key: part_counts.get(key, {}).get(month, parts[key][month]))
            removed[smallest].add(month)


def suppress(
    indicator: Indicator,
    series: Mapping[str, Series],
    numerators: Series,
    denominators: Series,
    part_counts: Mapping[str, Series] | None = None,
    part_denominators: Series | None = None,
) -> tuple[dict[str, dict[Month, float]], dict[Month, float], dict[Month, float], Suppressed]:
    """The measure's series with small counts, and figures built on them, removed; and what was removed.

    ``part_counts`` are the counts behind each category's share (the extract's numerators of breakdown
    rows) and ``part_denominators`` the whole they are shares of: a share of a small count, or of a
    small whole, is removed like a small count.
    """
    removed: dict[str, set[Month]] = {key: set() for key in (VALUE, NUMERATOR, DENOMINATOR, *series)}
    if indicator.unit is Unit.COUNT:
        for key, values in series.items():
            removed[key] |= {m for m, v in values.items() if is_small(v)}
        for breakdown in indicator.breakdowns:  # a total beside its other categories would give a small one away
            removed[VALUE] |= removed.get(breakdown.id, set())
    small_whole = {m for m, v in (part_denominators or {}).items() if is_small(v)}
    for key, counts in (part_counts or {}).items():
        if key in removed:
            removed[key] |= {m for m, v in counts.items() if is_small(v)} | (small_whole & set(series[key]))
    parts = {b.id: series[b.id] for b in indicator.breakdowns if b.id in series}
    if indicator.unit is Unit.PERCENT and indicator.parts_add_up and len(parts) > 1:
        _secondary(removed, parts, part_counts or {})
    removed[NUMERATOR] = {m for m, v in numerators.items() if is_small(v)}
    removed[DENOMINATOR] = {m for m, v in denominators.items() if is_small(v)}
    removed[VALUE] |= (removed[NUMERATOR] | removed[DENOMINATOR]) & set(series.get(VALUE, {}))
    kept = {key: _without(values, removed[key]) for key, values in series.items()}
    if removed[VALUE] and VALUE not in kept:
        kept[VALUE] = {}
    return (
        kept,
        _without(numerators, removed[NUMERATOR]),
        _without(denominators, removed[DENOMINATOR]),
        {key: frozenset(months) for key, months in removed.items() if months},
    )
