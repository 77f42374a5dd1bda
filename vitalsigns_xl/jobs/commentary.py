"""``vitalsigns commentary export|import``: officer commentary in a CSV file, for writing outside Excel."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.csv_text import from_csv_cell, to_csv_cell
from vitalsigns_xl.errors import VitalSignsError
from vitalsigns_xl.extracts.problems import Problem
from vitalsigns_xl.extracts.tables import UnreadableFile, read_table
from vitalsigns_xl.files import write_atomically
from vitalsigns_xl.jobs.build import Outcome, write_report
from vitalsigns_xl.jobs.inputs import Progress, extracts_folder, load_inputs, macros_of, no_progress, now, report_of
from vitalsigns_xl.officer_text import EXCEL_CELL_LIMIT, absorb_inputs, is_blank, officer_cells, set_text
from vitalsigns_xl.workbook_io import read_workbook

CSV_COLUMNS = ("indicator", "period", "text")


class CommentaryFileError(VitalSignsError, ValueError):
    """A commentary CSV cannot be imported; lists every problem, and nothing was changed."""

    def __init__(self, file: str, problems: Sequence[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in {file}; nothing was imported:"]
        super().__init__("\n".join(lines + [f"  {p}" for p in self.problems]))


def export_commentary(workbook: Path, target: Path) -> int:
    """Write the workbook period's officer text, one row per measure, to a CSV a head of service can edit."""
    saved = read_workbook(workbook)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for indicator, text in saved.inputs.items():
        writer.writerow([indicator, str(saved.period), to_csv_cell(text)])
    data = buffer.getvalue().encode("utf-8-sig")  # the byte-order mark makes Excel read UTF-8
    write_atomically(target, lambda temporary: temporary.write_bytes(data))
    return len(saved.inputs)


def _read_commentary_csv(path: Path, known: frozenset[str], months: tuple[Month, Month]) -> list[tuple[str, Month, str]]:
    """The rows to import, or every problem: an unknown measure, a month outside the report, text too long."""
    try:
        table, problems = read_table(path, CSV_COLUMNS)
    except UnreadableFile as exc:
        raise CommentaryFileError(path.name, [exc.problem]) from None
    rows: list[tuple[str, Month, str]] = []
    seen: dict[tuple[str, Month], int] = {}
    for row in [] if problems else table.rows:
        indicator = str(row.cells["indicator"] or "").strip()
        text = from_csv_cell(str(row.cells["text"] or ""))
        if indicator not in known:
            problems.append(Problem(path.name, row.number, "indicator", f"'{indicator}' is not a measure of this workbook"))
        try:
            period = Month.parse(str(row.cells["period"] or ""))
        except ValueError as exc:
            problems.append(Problem(path.name, row.number, "period", str(exc)))
            continue
        if not months[0] <= period <= months[1]:
            problems.append(
                Problem(
                    path.name,
                    row.number,
                    "period",
                    f"{period} is outside this workbook's months ({months[0]} to {months[1]}); is the year mistyped?",
                )
            )
        if len(text) > EXCEL_CELL_LIMIT:
            problems.append(
                Problem(path.name, row.number, "text", f"is {len(text):,} characters; an Excel cell holds {EXCEL_CELL_LIMIT:,}")
            )
        key = (indicator, period)
        if key in seen:
            problems.append(Problem(path.name, row.number, "indicator", f"repeats {indicator} for {period} from row {seen[key]}"))
        seen.setdefault(key, row.number)
        rows.append((indicator, period, text))
    if problems:
        raise CommentaryFileError(path.name, problems)
    return rows


def import_commentary(
    workbook: Path,
    source: Path,
    folder: Path | None = None,
    catalogue_path: Path | None = None,
    progress: Progress = no_progress,
    when: datetime | None = None,
) -> Outcome:
    """Take officer text from a CSV into the workbook, then regenerate it for the same period.

    A blank text in the CSV never removes text already written: it is kept and counted.
    """
    when = when or now()
    saved = read_workbook(workbook)
    inputs = load_inputs(extracts_folder(saved, folder), report_of(saved, catalogue_path), saved.period)
    months = (inputs.extracts.periods[0], saved.period)
    rows = _read_commentary_csv(source, inputs.catalogue.ids | saved.inputs.keys(), months)
    log, changes = absorb_inputs(saved.inputs, saved.period, saved.log, inputs.phrases, when)
    draft_cells = officer_cells(saved.inputs, saved.period, log, inputs.phrases)
    for indicator, period, text in rows:
        existing = log.get((indicator, period))
        if is_blank(text):
            if existing is not None and not is_blank(existing.text):
                changes.kept.append(indicator)
            continue
        draft_cell = draft_cells.get(indicator)
        if period == saved.period and draft_cell and draft_cell.carried_from and text == draft_cell.text:
            continue  # the carried-forward draft came back untouched: still a draft
        set_text(log, indicator, period, text, when, changes)
    return write_report(workbook, inputs, log, when, changes, saved, macros=macros_of(saved), progress=progress)
