"""``vitalsigns build``: the workbook from a folder of extracts, and the writing step every workbook job shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.commentary import draft
from vitalsigns_xl.errors import VitalSignsError
from vitalsigns_xl.jobs.inputs import (
    NO_OVERRIDES,
    Inputs,
    JobError,
    Overrides,
    Progress,
    definition_changes,
    load_inputs,
    no_progress,
    now,
)
from vitalsigns_xl.library import record_definitions
from vitalsigns_xl.model import IndicatorReport, Report
from vitalsigns_xl.officer_text import Changes, Commentary, Log, absorb_inputs, officer_cells, ordered
from vitalsigns_xl.render import write_workbook
from vitalsigns_xl.render.excel_sheets import MacroOptions
from vitalsigns_xl.workbook_io import SavedWorkbook, read_workbook


@dataclass(frozen=True)
class Outcome:
    """What a job wrote, for the message the officer reads at the end."""

    path: Path
    report: Report
    backup: Path | None = None
    previous_period: Month | None = None
    changes: Changes = field(default_factory=Changes)
    carried_forward: tuple[str, ...] = ()
    rag_changes: tuple[tuple[IndicatorReport, str, str], ...] = ()  # measure, RAG before, RAG now
    notes: tuple[str, ...] = ()  # anything else the officer should know, such as a changed report definition


def commentary_for(inputs: Inputs, log: Log) -> Commentary:
    """The drafted sentences, each measure's officer cell and the Commentary log, for the report's period."""
    report, catalogue = inputs.report, inputs.catalogue
    return Commentary(
        drafted={item.indicator.id: draft(item, inputs.phrases) for item in report.indicators},
        officer=officer_cells(catalogue.ids, report.period, log, inputs.phrases),
        log=ordered(log, (i.id for i in catalogue.indicators)),
    )


def after_writing(inputs: Inputs, saved: SavedWorkbook | None) -> tuple[str, ...]:
    """Once a workbook is written: a note if its report definition changed, and its definitions noted for the next validate."""
    notes = definition_changes(saved, inputs) if saved else ()
    try:
        record_definitions(inputs.folder, inputs.catalogue, str(inputs.report.period))
    except (VitalSignsError, OSError) as exc:  # the workbook is written; only the next `validate` loses its comparison
        notes += (f"The measures' definitions could not be noted for the next validate: {exc}",)
    return notes


def outcome_of(
    target: Path,
    report: Report,
    commentary: Commentary,
    changes: Changes,
    saved: SavedWorkbook | None,
    backup: Path | None,
    notes: tuple[str, ...] = (),
) -> Outcome:
    """What the officer is told: what was written, commentary carried forward, what changed colour, and any notes."""
    before = saved.rags if saved else {}
    now_shown = {item.indicator.id: item.rag.value if item.rag else "" for item in report.indicators}
    return Outcome(
        path=target,
        report=report,
        backup=backup,
        previous_period=saved.period if saved else None,
        changes=changes,
        carried_forward=tuple(i for i, cell in commentary.officer.items() if cell.carried_from is not None),
        rag_changes=tuple(
            (item, before[item.indicator.id], now_shown[item.indicator.id])
            for item in report.indicators
            if item.indicator.id in before and before[item.indicator.id] != now_shown[item.indicator.id]
        ),
        notes=notes,
    )


def write_report(
    target: Path,
    inputs: Inputs,
    log: Log,
    when: datetime,
    changes: Changes,
    saved: SavedWorkbook | None,
    overrides: Overrides = NO_OVERRIDES,
    macros: MacroOptions | None = None,
    progress: Progress = no_progress,
) -> Outcome:
    """Write the officer's workbook from ``inputs`` and the commentary ``log``; over ``saved``, back it up first."""
    progress("drafting commentary")
    commentary = commentary_for(inputs, log)
    options = inputs.render_options(overrides, macros=macros)
    backup = write_workbook(
        target, inputs.report, inputs.catalogue, inputs.extracts, options, commentary, progress, when if saved else None
    )
    return outcome_of(target, inputs.report, commentary, changes, saved, backup, after_writing(inputs, saved))


def build(
    folder: Path,
    target: Path | None = None,
    period: Month | None = None,
    catalogue_path: Path | None = None,
    overrides: Overrides = NO_OVERRIDES,
    progress: Progress = no_progress,
    macros: MacroOptions | None = None,
) -> Outcome:
    """Build the workbook from the extracts in ``folder``; with ``macros``, the officer's .xlsm.

    Building over an existing Vital Signs workbook keeps its commentary, as a refresh does,
    so that no text an officer typed is ever overwritten.
    """
    inputs = load_inputs(folder, catalogue_path, period)
    suffix = ".xlsm" if macros is not None else ".xlsx"
    target = target or Path("out") / f"VitalSigns_{inputs.report.period}{suffix}"
    if (target.suffix.lower() == ".xlsm") != (macros is not None):
        raise JobError(f"{target.name}: a workbook with macros (--xlsm) must end .xlsm, and one without must not")
    saved = read_workbook(target) if target.exists() else None
    when = now()
    log, changes = absorb_inputs(saved.inputs, saved.period, saved.log, inputs.phrases, when) if saved else ({}, Changes())
    return write_report(target, inputs, log, when, changes, saved, overrides, macros, progress)
