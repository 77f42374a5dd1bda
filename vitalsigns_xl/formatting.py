"""Numbers as the board reads them, the same in the terminal, the workbook text and the commentary."""

from __future__ import annotations

from vitalsigns_xl.analysis.comparison import Standing
from vitalsigns_xl.analysis.judgements import Band, Direction, Rag
from vitalsigns_xl.analysis.spc import Assurance, SpcResult, Variation
from vitalsigns_xl.catalogue import Indicator, Unit
from vitalsigns_xl.model import Report, SpcView

MISSING = "–"


def format_value(value: float | None, indicator: Indicator) -> str:
    """``54.3%`` for a percentage, ``1,012`` for a count, ``71.9`` for a rate, at the measure's decimals."""
    if value is None:
        return MISSING
    text = f"{value:,.{indicator.decimals}f}"
    return f"{text}%" if indicator.unit == Unit.PERCENT else text


def format_band(band: Band, indicator: Indicator) -> str:
    """A band as the Summary prints it: ``10.0–15.0%``, ``2–5``."""
    low, high = f"{band.low:,.{indicator.decimals}f}", format_value(band.high, indicator)
    return f"{low}–{high}"


def format_change(change: float | None, indicator: Indicator) -> str:
    """A signed change: ``+0.5 pts`` for a percentage (points, not per cent), ``-37`` for a count."""
    if change is None:
        return MISSING
    rounded = round(change, indicator.decimals)
    text = f"{rounded:+,.{indicator.decimals}f}" if rounded else f"{0:.{indicator.decimals}f}"
    return f"{text} pts" if indicator.unit == Unit.PERCENT else text


def standing_label(standing: Standing | None) -> str:
    """``Quartile B, rank 41 of 152, 2018/19``: the council among all councils, as LAIT printed it."""
    if standing is None:
        return ""
    if standing.value is None:
        return f"No published figure for the council, {standing.label}"
    if standing.rank is None or standing.band is None:
        return f"Not ranked (neither higher nor lower is better), {standing.label}"
    return f"Quartile {standing.band}, rank {standing.rank} of {standing.councils}, {standing.label}"


def share_label(label: str, share: float | None) -> str:
    """``Female (82%)``: a category with its share of the whole, as a bar chart's category."""
    return label if share is None else f"{label} ({share:.0f}%)"


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


# Making Data Count in words, each with a symbol that reads without colour (the icons' H, L, P and F).
VARIATION_SYMBOLS = {None: "●", True: "▲", False: "▼"}  # common cause, special cause high, special cause low
VARIATION_WORDS = {
    Variation.COMMON_CAUSE: "Common cause: no significant change",
    Variation.IMPROVEMENT: "Special cause: improvement",
    Variation.CONCERN: "Special cause: concern",
    Variation.NEITHER: "Special cause: a change",
}
ASSURANCE_LABELS = {
    Assurance.PASS: "P Consistently passes the target",
    Assurance.FAIL: "F Consistently fails the target",
    Assurance.HIT_AND_MISS: "~ Hits and misses the target",
}


VARIATION_SHORT = {
    Variation.COMMON_CAUSE: "Common cause",
    Variation.IMPROVEMENT: "Improvement",
    Variation.CONCERN: "Concern",
    Variation.NEITHER: "Special cause",
}
ASSURANCE_SHORT = {Assurance.PASS: "P Passes", Assurance.FAIL: "F Fails", Assurance.HIT_AND_MISS: "~ Hit and miss"}


def variation_label(variation: Variation | None, high: bool | None, short: bool = False) -> str:
    """``▼ Special cause: improvement (low)``: the variation icon's meaning, with its direction as a symbol and a word.

    ``short`` (``▼ Improvement``) for a narrow column, where the symbol alone says high or low.
    """
    if variation is None:
        return MISSING
    symbol = VARIATION_SYMBOLS[None if variation is Variation.COMMON_CAUSE else bool(high)]
    if short:
        return f"{symbol} {VARIATION_SHORT[variation]}"
    if variation is Variation.COMMON_CAUSE:
        return f"{symbol} {VARIATION_WORDS[variation]}"
    return f"{symbol} {VARIATION_WORDS[variation]} ({'high' if high else 'low'})"


def assurance_label(assurance: Assurance | None, short: bool = False) -> str:
    if assurance is None:
        return MISSING
    return (ASSURANCE_SHORT if short else ASSURANCE_LABELS)[assurance]


def summary_variation(result: SpcResult) -> str | None:
    """The Summary's Variation cell (``▲ Improvement``, ``(provisional)`` on fewer than 12 points), which
    ``=VS_SPC`` gives too, so a figure checked in an officer's sheet reads the same as the Summary."""
    if result.variation is None:
        return None
    text = variation_label(result.variation, result.latest_high, short=True)
    return f"{text} (provisional)" if result.provisional else text


def spc_finding(view: SpcView | None) -> str | None:
    """The SPC finding a measure's page states beside its RAG word: variation, and assurance where there is one."""
    if view is None or view.result.variation is None:
        return None
    result = view.result
    text = f"SPC: {variation_label(result.variation, result.latest_high)}"
    if result.assurance is not None:
        text += f"; {assurance_label(result.assurance)}"
    return f"{text} (provisional limits)" if result.provisional else text
