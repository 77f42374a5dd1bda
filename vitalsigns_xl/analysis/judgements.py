"""Judgements a board reads at a glance: RAG status, direction of travel, benchmark comparison.

Each is a pure function of numbers and the measure's polarity. They are the single
source of these judgements: the report model, the workbook and the Excel UDFs all
call them, so the same figures can never be judged two ways.
"""

from __future__ import annotations

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


def is_negligible(difference: float, decimals: int) -> bool:
    """True when a difference would show as zero at the measure's decimal places."""
    return abs(round(difference, decimals)) == 0


def rag(value: float | None, target: float | None, polarity: Polarity, tolerance: float = 0.0) -> Rag | None:
    """Green on or beyond target, Amber short of it by no more than ``tolerance``, else Red.

    No colour (None) without a value, a target, or a direction in which better lies.
    """
    if value is None or target is None or polarity is Polarity.NEUTRAL:
        return None
    gain = _signed_gain(value, target, polarity)
    if gain >= 0:
        return Rag.GREEN
    return Rag.AMBER if -gain <= tolerance else Rag.RED


def direction(current: float | None, previous: float | None, polarity: Polarity, decimals: int = 1) -> Direction | None:
    """Direction of travel from ``previous`` to ``current``, judged by polarity.

    A change that rounds to nothing at the measure's decimals is Stable, so the arrow
    never contradicts the figures printed beside it.
    """
    if current is None or previous is None:
        return None
    change = current - previous
    if is_negligible(change, decimals):
        return Direction.STABLE
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
