"""What the Refresh button runs inside Excel (xlwings RunPython): the command line's refresh, in Excel.

Only ``refresh()`` touches xlwings, and it does as little as it can: save the workbook so the
officer's typing is on disk, close it (Windows cannot replace a file Excel holds open), run
``jobs.refresh`` exactly as ``vitalsigns refresh`` does, reopen the workbook and say
what happened. Everything it says is built by ``outcome_message`` and ``error_message``,
which are plain functions tested without Excel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vitalsigns_xl.errors import VitalSignsError
from vitalsigns_xl.formatting import rag_counts
from vitalsigns_xl.jobs.build import Outcome
from vitalsigns_xl.jobs.refresh import refresh as refresh_workbook

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
    return "\n".join(lines)


def error_message(exc: BaseException) -> str:
    """A failure in plain words; the workbook on disk is unchanged, so say so."""
    if isinstance(exc, VitalSignsError):
        return f"Refresh did not run:\n\n{exc}\n\nThe workbook has not been changed."
    return (
        f"Refresh did not run because of an unexpected problem ({type(exc).__name__}: {exc}).\n\n"
        "The workbook has not been changed. Please send this message to the Vital Signs support contact."
    )


def refresh() -> None:  # pragma: no cover - runs only inside Excel, through the Refresh button
    """Refresh the workbook whose button was pressed, from the folder and period on its Settings sheet."""
    import xlwings as xw

    book: Any = xw.Book.caller()
    app, path = book.app, Path(book.fullname)
    book.save()
    book.close()
    try:
        message = outcome_message(refresh_workbook(path))
    except Exception as exc:  # shown to the officer, never as a traceback
        message = error_message(exc)
    reopened = app.books.open(str(path))
    reopened.app.alert(message, title=TITLE)
