"""Numbers as the board reads them, the same in the terminal, the workbook text and the commentary."""

from __future__ import annotations

from vitalsigns_xl.analysis.judgements import Direction, Rag
from vitalsigns_xl.catalogue import Indicator, Unit
from vitalsigns_xl.model import Report

MISSING = "–"


def format_value(value: float | None, indicator: Indicator) -> str:
    """``54.3%`` for a percentage, ``1,012`` for a count, ``71.9`` for a rate, at the measure's decimals."""
    if value is None:
        return MISSING
    text = f"{value:,.{indicator.decimals}f}"
    return f"{text}%" if indicator.unit == Unit.PERCENT else text


def format_change(change: float | None, indicator: Indicator) -> str:
    """A signed change: ``+0.5 pts`` for a percentage (points, not per cent), ``-37`` for a count."""
    if change is None:
        return MISSING
    rounded = round(change, indicator.decimals)
    text = f"{rounded:+,.{indicator.decimals}f}" if rounded else f"{0:.{indicator.decimals}f}"
    return f"{text} pts" if indicator.unit == Unit.PERCENT else text


DIRECTION_LABELS = {
    Direction.IMPROVING: "↑ Improving",
    Direction.WORSENING: "↓ Worsening",
    Direction.STABLE: "→ Stable",
    Direction.UP: "Up",
    Direction.DOWN: "Down",
}


def direction_label(direction: Direction | None) -> str:
    """The arrow means better (↑) or worse (↓) by the measure's polarity, never up or down;
    neutral measures say only which way the figure moved."""
    return MISSING if direction is None else DIRECTION_LABELS[direction]


def rag_counts(report: Report) -> str:
    """``8 red, 7 amber, 2 green``: the one-line verdict every front door prints."""
    rags = [item.rag for item in report.indicators if item.rag]
    return ", ".join(f"{rags.count(status)} {status.value.lower()}" for status in (Rag.RED, Rag.AMBER, Rag.GREEN))
