"""The officer's own commentary: kept exactly, logged by period, carried into the next month.

The workbook holds it twice: in each measure's input cell (this period's text, what the
officer edits) and on the Commentary sheet, a log of every period's text. On refresh the
input cells win over the log where they differ. In a new month, last month's text comes
back as a draft whose first line says it was carried forward and needs review; a draft left
exactly as it was carried is not logged as the new month's text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.commentary import Phrases

EXCEL_CELL_LIMIT = 32_767


@dataclass(frozen=True)
class Entry:
    """One measure's officer commentary for one period, as the Commentary sheet lists it."""

    indicator: str
    period: Month
    text: str
    changed: datetime | None = None


Log = dict[tuple[str, Month], Entry]


@dataclass(frozen=True)
class OfficerCell:
    """What goes in a measure's input cell: this period's text, or an earlier month's as a draft."""

    text: str = ""
    carried_from: Month | None = None


@dataclass(frozen=True)
class Commentary:
    """Everything the workbook shows about commentary, ready to lay out."""

    drafted: Mapping[str, str] = field(default_factory=dict)
    officer: Mapping[str, OfficerCell] = field(default_factory=dict)
    log: tuple[Entry, ...] = ()


@dataclass
class Changes:
    """What a refresh or import did to the officer's text, for the message at the end."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    cleared: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # left as it was, e.g. a blank row in an import


def is_blank(text: str | None) -> bool:
    return text is None or not text.strip()


def carried_forward(indicator: str, period: Month, log: Log, phrases: Phrases) -> OfficerCell:
    """The most recent earlier month's text for ``indicator``, marked as a draft for ``period``."""
    earlier = [e for (i, p), e in log.items() if i == indicator and p < period and not is_blank(e.text)]
    if not earlier:
        return OfficerCell()
    source = max(earlier, key=lambda e: e.period)
    body = phrases.carried_forward_pattern().sub("", source.text, count=1)  # never mark a draft twice
    marked = f"{phrases.carried_forward_line(source.period)}\n{body}"
    return OfficerCell(marked if len(marked) <= EXCEL_CELL_LIMIT else body, source.period)


def officer_cells(indicators: Iterable[str], period: Month, log: Log, phrases: Phrases) -> dict[str, OfficerCell]:
    """Each measure's input cell for ``period``: its own text, else a carried-forward draft, else blank."""
    cells = {}
    for indicator in indicators:
        entry = log.get((indicator, period))
        own = entry is not None and not is_blank(entry.text)
        cells[indicator] = OfficerCell(entry.text) if own and entry else carried_forward(indicator, period, log, phrases)
    return cells


def set_text(log: Log, indicator: str, period: Month, text: str, now: datetime, changes: Changes) -> None:
    """Record ``text`` as the officer's words for one measure and period; blank text removes the entry."""
    key = (indicator, period)
    existing = log.get(key)
    if existing is not None and existing.text == text:
        return
    if is_blank(text):
        if existing is not None and not is_blank(existing.text):
            del log[key]
            changes.cleared.append(indicator)
        return
    log[key] = Entry(indicator, period, text, now)
    (changes.updated if existing is not None else changes.added).append(indicator)


def absorb_inputs(inputs: Mapping[str, str], period: Month, log: Log, phrases: Phrases, now: datetime) -> tuple[Log, Changes]:
    """The log with the input cells of a workbook for ``period`` taken in; the cells win where they differ.

    A cell still holding exactly the draft carried forward into it has not been reviewed, so it
    adds nothing to the log.
    """
    merged, changes = dict(log), Changes()
    for indicator, text in inputs.items():
        draft = carried_forward(indicator, period, log, phrases)
        if draft.carried_from is not None and text == draft.text and (indicator, period) not in log:
            continue
        set_text(merged, indicator, period, text, now, changes)
    return merged, changes


def ordered(log: Log, indicator_order: Iterable[str]) -> tuple[Entry, ...]:
    """Newest period first; within a period, report order, then measures no longer in the report."""
    rank = {indicator: index for index, indicator in enumerate(indicator_order)}
    return tuple(
        sorted(
            log.values(), key=lambda e: (-(e.period.year * 12 + e.period.month), rank.get(e.indicator, len(rank)), e.indicator)
        )
    )
