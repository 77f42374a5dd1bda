"""``vitalsigns refresh``: regenerate an officer's workbook from the extracts, keeping every word they typed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.jobs.build import Outcome, write_report
from vitalsigns_xl.jobs.inputs import (
    NO_OVERRIDES,
    Overrides,
    Progress,
    extracts_folder,
    load_inputs,
    macros_of,
    no_progress,
    now,
    report_of,
    setting_period,
)
from vitalsigns_xl.officer_text import absorb_inputs
from vitalsigns_xl.workbook_io import read_workbook


def refresh(
    workbook: Path,
    folder: Path | None = None,
    period: Month | None = None,
    catalogue_path: Path | None = None,
    overrides: Overrides = NO_OVERRIDES,
    progress: Progress = no_progress,
    when: datetime | None = None,
) -> Outcome:
    """Regenerate ``workbook`` from the extracts, keeping every word of officer commentary.

    The officer's text is read from the input cells and the Commentary log (the cells win);
    for a new period last period's text comes back as a marked draft. The old file is backed
    up, and is left byte-for-byte unchanged if anything fails.
    """
    when = when or now()
    progress("reading the workbook")
    saved = read_workbook(workbook)
    folder = extracts_folder(saved, folder)
    macros = macros_of(saved)
    if period is None and macros is not None and macros.period_setting:
        period = setting_period(macros.period_setting)
    progress("reading the extracts")
    inputs = load_inputs(folder, report_of(saved, catalogue_path), period)
    log, changes = absorb_inputs(saved.inputs, saved.period, saved.log, inputs.phrases, when)
    return write_report(workbook, inputs, log, when, changes, saved, overrides, macros, progress)
