"""What the Refresh button runs inside Excel (xlwings RunPython): the month's figures, written into the open workbook.

``refresh()`` is the only part that touches Excel. It saves the workbook (so the officer's
typing is on disk for ``jobs.refresh_in_place`` to read, as ``vitalsigns refresh`` reads it)
and has the new month written into the same open workbook through xlwings: it never closes,
replaces or reopens the workbook whose macro is waiting on it. Everything it says is built
by ``outcome_message`` and ``error_message``, plain functions tested without Excel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vitalsigns_xl.errors import VitalSignsError
from vitalsigns_xl.formatting import rag_counts
from vitalsigns_xl.jobs.build import Outcome

TITLE = "Vital Signs"


def outcome_message(outcome: Outcome) -> str:
    """What the officer reads after a refresh: period, measures, RAG counts, what changed colour, commentary carried."""
    report = outcome.report
    lines = [f"Refreshed for {report.period.long_label}: {len(report.indicators)} measures ({rag_counts(report)})."]
    if outcome.rag_changes:
        lines.append("")
        lines.append("Changed colour:")
        lines += [
            f"  {item.indicator.code} {item.indicator.title}: {before or 'not rated'} → {now or 'not rated'}"
            for item, before, now in outcome.rag_changes
        ]
    carried = len(outcome.carried_forward)
    if carried:
        were = "comment was" if carried == 1 else "comments were"
        lines += ["", f"{carried} {were} carried forward from last month, marked DRAFT for you to review."]
    if outcome.backup:
        lines += ["", f"The previous version is kept as {outcome.backup.name} in the backups folder."]
    for note in outcome.notes:
        lines += ["", note]
    return "\n".join(lines)


def error_message(exc: BaseException, partly_written: bool = False) -> str:
    """A failure in plain words, saying whether the open workbook was touched."""
    if partly_written:
        state = (
            "The workbook may be partly updated: close it without saving, then open it again "
            "(a copy from before this refresh is in the backups folder beside it)."
        )
    else:
        state = "The workbook has not been changed."
    if isinstance(exc, VitalSignsError):
        return f"Refresh did not run:\n\n{exc}\n\n{state}"
    return (
        f"Refresh did not run because of an unexpected problem ({type(exc).__name__}: {exc}).\n\n"
        f"{state} Please send this message to the Vital Signs support contact."
    )


def refresh() -> None:  # pragma: no cover - runs only inside Excel, through the Refresh button
    """Write this month into the workbook whose button was pressed, from the folder and period on its Settings sheet."""
    import xlwings as xw

    from vitalsigns_xl.jobs.refresh_in_place import refresh_in_place
    from vitalsigns_xl.live import XlwingsBook

    book: Any = xw.Book.caller()
    app = book.app
    written: list[bool] = []  # becomes [True] when the first cell is about to be written
    try:
        book.save()  # the officer's typing, on disk for the job to read
        app.screen_updating = False
        outcome = refresh_in_place(XlwingsBook(book), Path(book.fullname), writing=lambda: written.append(True))
        book.save()
        message = outcome_message(outcome)
    except Exception as exc:  # shown to the officer, never as a traceback
        message = error_message(exc, partly_written=bool(written))
    finally:
        app.screen_updating = True
    app.alert(message, title=TITLE)
