"""Which part of a measure split by category moved most since last month.

A measure given by category (children leaving care by reason, placements by type) is
described by its total and by the part that changed most, so the board sees where a change
came from. Parts are compared at the precision they are shown: a change that rounds to
nothing is no change, and parts whose changes round to the same size share the place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vitalsigns_xl.analysis.judgements import is_negligible


@dataclass(frozen=True)
class PartChange:
    id: str
    label: str
    before: float
    after: float


def largest_changes(parts: Sequence[tuple[str, str, float | None, float | None]], decimals: int) -> tuple[PartChange, ...]:
    """The parts (id, label, last month's figure, this month's) whose change is largest, in their order.

    Parts without both figures are left out; none when no part changed at the precision shown.
    """
    changes = [
        PartChange(key, label, before, after)
        for key, label, before, after in parts
        if before is not None and after is not None and not is_negligible(after - before, decimals)
    ]
    if not changes:
        return ()
    largest = max(round(abs(c.after - c.before), decimals) for c in changes)
    return tuple(c for c in changes if round(abs(c.after - c.before), decimals) == largest)
