"""Judgements a board reads at a glance: RAG status, direction of travel, benchmark comparison.

Each is a pure function of numbers and the measure's polarity. They are the single
source of these judgements: the report model, the workbook and the Excel UDFs all
call them, so the same figures can never be judged two ways.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from vitalsigns_xl.catalogue import Polarity


class Rag(StrEnum):
    RED = "Red"
    AMBER = "Amber"
    GREEN = "Green"


class Direction(StrEnum):
    IMPROVING = "Improving"
    WORSENING = "Worsening"
    STABLE = "Stable"
    UP = "Up"  # neutral measures: a change that is neither better nor worse
    DOWN = "Down"


class Comparison(StrEnum):
    BETTER = "Better"
    WORSE = "Worse"
    SAME = "Same"
    HIGHER = "Higher"  # neutral measures
    LOWER = "Lower"


GAIN_DECIMALS = 9


def _signed_gain(value: float, reference: float, polarity: Polarity) -> float:
    """How far ``value`` is on the good side of ``reference`` (negative: the bad side).

    Rounded to GAIN_DECIMALS places so that 60 against a target of 65 with a tolerance of 5
    is exactly on the amber boundary, as it is in the workbook's RAG formula, which rounds the same way.
    """
    gain = value - reference if polarity is Polarity.HIGHER_IS_BETTER else reference - value
    return round(gain, GAIN_DECIMALS)


@dataclass(frozen=True)
class Band:
    """A range a figure should stay inside, where too low is a concern as well as too high.

    Green inside it (edges included), Amber within the tolerance outside it on either side,
    Red beyond: a very low rate of repeat child protection plans can mean children who need
    a plan are not given one, as a high rate can mean the first plan did not work.
    """

    low: float
    high: float

    def outside(self, value: float) -> float:
        """How far ``value`` lies outside the band, 0 inside it, rounded as the workbook's formula rounds."""
        return max(round(self.low - value, GAIN_DECIMALS), round(value - self.high, GAIN_DECIMALS), 0.0)

    def side(self, value: float) -> str | None:
        """ "below" or "above" the band, or None inside it."""
        if round(self.low - value, GAIN_DECIMALS) > 0:
            return "below"
        return "above" if round(value - self.high, GAIN_DECIMALS) > 0 else None


def is_negligible(difference: float, decimals: int) -> bool:
    """True when a difference would show as zero at the measure's decimal places."""
    return abs(round(difference, decimals)) == 0


def rag(value: float | None, target: float | Band | None, polarity: Polarity, tolerance: float = 0.0) -> Rag | None:
    """Green on or beyond target, Amber short of it by no more than ``tolerance``, else Red.

    Against a band: Green inside it, Amber outside it by no more than ``tolerance`` on either
    side, else Red, whatever the polarity. No colour (None) without a value, a target or band,
    or (against one target) a direction in which better lies.
    """
    if value is None or target is None:
        return None
    if isinstance(target, Band):
        distance = target.outside(value)
        return Rag.GREEN if distance == 0 else Rag.AMBER if distance <= tolerance else Rag.RED
    if polarity is Polarity.NEUTRAL:
        return None
    gain = _signed_gain(value, target, polarity)
    if gain >= 0:
        return Rag.GREEN
    return Rag.AMBER if -gain <= tolerance else Rag.RED


def direction(
    current: float | None, previous: float | None, polarity: Polarity, decimals: int = 1, band: Band | None = None
) -> Direction | None:
    """Direction of travel from ``previous`` to ``current``, judged by polarity, or by ``band`` where there is one.

    A change that rounds to nothing at the measure's decimals is Stable, so the arrow
    never contradicts the figures printed beside it. Against a band, coming closer to it
    (or into it) is Improving and moving further outside it Worsening; a move that leaves the
    distance from the band as it was (within the band, say) is only Up or Down.
    """
    if current is None or previous is None:
        return None
    change = current - previous
    if is_negligible(change, decimals):
        return Direction.STABLE
    if band is not None:
        closer = band.outside(previous) - band.outside(current)
        if not is_negligible(closer, decimals):
            return Direction.IMPROVING if closer > 0 else Direction.WORSENING
        return Direction.UP if change > 0 else Direction.DOWN
    if polarity is Polarity.NEUTRAL:
        return Direction.UP if change > 0 else Direction.DOWN
    return Direction.IMPROVING if _signed_gain(current, previous, polarity) > 0 else Direction.WORSENING


def compare(value: float | None, benchmark: float | None, polarity: Polarity, decimals: int = 1) -> Comparison | None:
    """How ``value`` stands against a benchmark such as the statistical-neighbour average."""
    if value is None or benchmark is None:
        return None
    if is_negligible(value - benchmark, decimals):
        return Comparison.SAME
    if polarity is Polarity.NEUTRAL:
        return Comparison.HIGHER if value > benchmark else Comparison.LOWER
    return Comparison.BETTER if _signed_gain(value, benchmark, polarity) > 0 else Comparison.WORSE
