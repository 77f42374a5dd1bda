"""The Refresh button's job: the new month written into the workbook the officer has open.

The officer's workbook has just been saved by the button, so their typing is read from the
file exactly as ``vitalsigns refresh`` reads it; the result is written into the open workbook
through a ``LiveBook`` (xlwings in Excel), never by replacing the file. The saved file is
copied to ``backups/`` first, as a full refresh does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from vitalsigns_xl.files import WriteError, explain, keep_backup
from vitalsigns_xl.jobs.build import Outcome, after_writing, commentary_for, outcome_of
from vitalsigns_xl.jobs.inputs import (
    NO_OVERRIDES,
    extracts_folder,
    load_inputs,
    macros_of,
    now,
    report_of,
    setting_period,
)
from vitalsigns_xl.live import LiveBook, check_format, check_shape, describe, write_update
from vitalsigns_xl.officer_text import absorb_inputs
from vitalsigns_xl.workbook_io import read_workbook


def refresh_in_place(
    book: LiveBook,
    path: Path,
    catalogue_path: Path | None = None,
    when: datetime | None = None,
    writing: Callable[[], None] = lambda: None,
) -> Outcome:
    """Read the saved workbook at ``path``, then write the new month into ``book``, the same workbook, open.

    Everything is read and checked before the first cell is written: a wrong extract, a workbook of
    another version's layout or a report that changed shape leaves the open workbook exactly as it was. Without
    ``catalogue_path``, the report definition the workbook was built from. ``writing`` is called
    just before the first cell is written, so a caller can tell the officer whether anything was.
    """
    when = when or now()
    saved = read_workbook(path)
    check_format(saved.format_version)
    macros = macros_of(saved)
    period = setting_period(macros.period_setting) if macros is not None and macros.period_setting else None
    inputs = load_inputs(extracts_folder(saved, None), report_of(saved, catalogue_path), period)
    log, changes = absorb_inputs(saved.inputs, saved.period, saved.log, inputs.phrases, when)
    commentary = commentary_for(inputs, log)
    options = inputs.render_options(NO_OVERRIDES, macros=macros)
    sections, update = describe(inputs.report, inputs.catalogue, inputs.extracts, commentary, options)
    check_shape(book, sections)
    try:
        backup = keep_backup(path, when)
    except OSError as exc:
        raise WriteError(f"No backup could be made, so nothing was changed. {explain(exc, path)}") from exc
    writing()
    write_update(book, update)
    return outcome_of(path, inputs.report, commentary, changes, saved, backup, after_writing(inputs, saved))
