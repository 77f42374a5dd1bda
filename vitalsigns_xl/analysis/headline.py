"""The headline a board member reads first, computed once from the report model.

Two readers need it: each measure's printed page opens with one line in words, and the
email that carries a board pack summarises the whole pack. Both are worked out here from
the model when the pack is made (never read back from sheet cells), and the pack-wide part
is recorded beside the pack (see ``jobs/manifest.py``) so that the email says exactly what
the pack says.

"Furthest from target" and "worse most" compare measures in different units (points,
days, children), so they are ranked by the relative size of the gap or change, and that
same relative figure is shown next to the figure in the measure's own unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from vitalsigns_xl.analysis.disclosure import SUPPRESSED, VALUE
from vitalsigns_xl.analysis.judgements import Direction, Rag
from vitalsigns_xl.catalogue import Indicator, Polarity, Unit
from vitalsigns_xl.model import IndicatorReport, Report

SHOWN = 3  # measures listed under each heading of the email
DIRECTION_WORDS = {
    Direction.IMPROVING: "improving",
    Direction.WORSENING: "getting worse",
    Direction.STABLE: "stable",
    Direction.UP: "up (neither better nor worse)",
    Direction.DOWN: "down (neither better nor worse)",
}


def _amount(value: float, indicator: Indicator) -> str:
    """A size of gap or change in the measure's own unit: ``3.2 points``, ``12 days``, ``40``."""
    text = f"{value:,.{indicator.decimals}f}"
    if indicator.unit == Unit.PERCENT:
        return f"{text} points"
    if indicator.unit == Unit.DAYS:
        return f"{text} days"
    return text


def _figure(value: float, indicator: Indicator) -> str:
    """A figure as the pages show it, with its unit where it has one: ``54.3%``, ``24.0 days``, ``1,305``."""
    text = f"{value:,.{indicator.decimals}f}"
    if indicator.unit == Unit.PERCENT:
        return f"{text}%"
    return f"{text} days" if indicator.unit == Unit.DAYS else text


def shortfall(item: IndicatorReport) -> float | None:
    """How far the latest figure is on the wrong side of its target, in the measure's unit.

    None for a measure on or beyond its target (at the precision it is shown), without a
    target or a latest figure, or neutral (no side is wrong). For a measure rated against a
    band: how far outside the band it is, on either side.
    """
    ind = item.indicator
    if item.band is not None and item.latest is not None:
        distance = item.band.outside(item.latest)
        return distance if round(distance, ind.decimals) > 0 else None
    if item.latest is None or item.target is None or ind.polarity == Polarity.NEUTRAL:
        return None
    gap = item.target - item.latest if ind.polarity == Polarity.HIGHER_IS_BETTER else item.latest - item.target
    return gap if round(gap, ind.decimals) > 0 else None


def _shown(item: IndicatorReport, *months: int) -> bool:
    """False when a figure the words would quote was suppressed as a small number (shown "c")."""
    return not any(item.is_suppressed(VALUE, item.months[m]) for m in months)


def _relative(amount: float, reference: float | None) -> float | None:
    return abs(amount) / abs(reference) if reference else None


@dataclass(frozen=True)
class Ranked:
    """One measure in a ranked list: the words shown and the relative size it was ranked by."""

    indicator: str
    text: str
    relative: float


def furthest_from_target(report: Report, shown: int = SHOWN) -> list[Ranked]:
    """Measures short of target, largest relative shortfall first: "3.2 points below the target of 95.0% (3% short)"."""
    ranked = []
    for item in report.indicators:
        gap = shortfall(item) if _shown(item, -1) else None
        ind = item.indicator
        if gap is None or item.latest is None:
            continue
        if item.band is not None:  # measured from the end of the band it is beyond
            side = item.band.side(item.latest) or "above"
            edge = item.band.low if side == "below" else item.band.high
            relative = _relative(gap, edge)
            reference = f"the range of {_figure(item.band.low, ind)} to {_figure(item.band.high, ind)}"
        else:
            side = "below" if ind.polarity == Polarity.HIGHER_IS_BETTER else "above"
            relative = None if item.target is None else _relative(gap, item.target)
            reference = "" if item.target is None else f"the target of {_figure(item.target, ind)}"
        if relative is None:
            continue
        short = "short" if side == "below" else "over"
        text = f"{ind.code} {ind.title}: {_amount(gap, ind)} {side} {reference} ({relative:.0%} {short})"
        ranked.append(Ranked(ind.id, text, relative))
    return sorted(ranked, key=lambda r: -r.relative)[:shown]


def worse_most(report: Report, shown: int = SHOWN) -> list[Ranked]:
    """Measures that got worse since last month, largest relative change first."""
    ranked = []
    for item in report.indicators:
        if item.direction != Direction.WORSENING or item.change is None or item.previous is None or not _shown(item, -1, -2):
            continue
        relative = _relative(item.change, item.previous)
        if relative is None or item.latest is None:
            continue
        ind = item.indicator
        moved = "rose" if item.change > 0 else "fell"
        text = (
            f"{ind.code} {ind.title}: {moved} {_amount(abs(item.change), ind)} to {_figure(item.latest, ind)} "
            f"({relative:.0%} worse than {item.months[-2].long_label})"
        )
        ranked.append(Ranked(ind.id, text, relative))
    return sorted(ranked, key=lambda r: -r.relative)[:shown]


@dataclass(frozen=True)
class PackHeadline:
    """What the email says about a pack; recorded with the pack when it is made."""

    period: str  # YYYY-MM
    period_label: str  # June 2020
    title: str
    marking: str
    measures: int
    rag_counts: dict[str, int]
    worse_count: int
    worse: list[str] = field(default_factory=list)
    furthest: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PackHeadline:
        return cls(**{name: data[name] for name in cls.__dataclass_fields__})


def pack_headline(report: Report, marking: str) -> PackHeadline:
    rags = [item.rag for item in report.indicators]
    return PackHeadline(
        period=str(report.period),
        period_label=report.period.long_label,
        title=report.title,
        marking=marking,
        measures=len(report.indicators),
        rag_counts={status.value: rags.count(status) for status in Rag},
        worse_count=sum(item.direction == Direction.WORSENING for item in report.indicators),
        worse=[r.text for r in worse_most(report)],
        furthest=[r.text for r in furthest_from_target(report)],
    )


def measure_headline(item: IndicatorReport, findings: Sequence[str] = ()) -> str:
    """The line in words that opens a measure's page.

    "54.3% in June 2020 against a target of 65.0%: Red, improving." ``findings`` are further
    clauses from other analyses, appended in order: the place for the SPC finding
    ("a run of 7 months below the mean"), so it is stated beside the RAG word, not elsewhere.
    """
    ind = item.indicator
    month = item.months[-1].long_label
    if not _shown(item, -1):
        opening = f"The figure for {month} is suppressed ({SUPPRESSED}) as a small number"
    elif item.latest is not None:
        opening = f"{_figure(item.latest, ind)} in {month}"
    elif any(b.values[-1] is not None for b in item.breakdowns):  # a mix of categories with no overall figure
        shares = ", ".join(f"{b.label} {_figure(b.values[-1], ind)}" for b in item.breakdowns if b.values[-1] is not None)
        opening = f"{month}: {shares}"
    else:
        opening = f"No figure for {month}"
    if item.band is not None:
        opening += f" against a range of {_figure(item.band.low, ind)} to {_figure(item.band.high, ind)}"
    elif item.target is not None:
        opening += f" against a target of {_figure(item.target, ind)}"
    verdict = []
    if item.rag is not None:
        verdict.append(item.rag.value)
    elif ind.rag is None:
        verdict.append("not rated")
    if item.direction is not None:
        verdict.append(DIRECTION_WORDS[item.direction] + " since " + item.months[-2].long_label)
    sentence = opening + (": " + ", ".join(verdict) if verdict else "")
    return ". ".join([sentence, *findings]) + "."
