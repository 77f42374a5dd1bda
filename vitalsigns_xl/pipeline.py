"""The jobs the front doors run: build, refresh, and commentary export and import.

The command line and the Refresh button in Excel both call these, so a workbook refreshed
either way is the same file. Each job reads and checks everything first and writes last,
atomically: if anything is wrong, the workbook on disk is exactly as it was.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import msoffcrypto.format.ooxml

from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.catalogue import DEFAULT_CATALOGUE, Catalogue, load_catalogue
from vitalsigns_xl.commentary import DEFAULT_PHRASES, Phrases, draft, load_phrases
from vitalsigns_xl.extracts import Extracts, read_extracts
from vitalsigns_xl.extracts.problems import Problem
from vitalsigns_xl.extracts.tables import UnreadableFile, read_table
from vitalsigns_xl.files import write_atomically
from vitalsigns_xl.libreoffice import LibreOfficeError, convert
from vitalsigns_xl.model import IndicatorReport, Report, build_report
from vitalsigns_xl.officer_text import (
    EXCEL_CELL_LIMIT,
    Changes,
    Commentary,
    Log,
    absorb_inputs,
    is_blank,
    officer_cells,
    ordered,
    set_text,
)
from vitalsigns_xl.render import RenderOptions, write_workbook
from vitalsigns_xl.render.excel_sheets import SETTING_FOLDER, SETTING_PERIOD, MacroOptions
from vitalsigns_xl.settings import default_generated, load_settings
from vitalsigns_xl.workbook_io import SavedWorkbook, WorkbookError, read_workbook

Progress = Callable[[str], None]
CSV_COLUMNS = ("indicator", "period", "text")
FORMULA_STARTS = ("=", "+", "-", "@")


class JobError(ValueError):
    """A job cannot be done as asked; the message says why."""


class CommentaryFileError(ValueError):
    """A commentary CSV cannot be imported; lists every problem, and nothing was changed."""

    def __init__(self, file: str, problems: Sequence[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in {file}; nothing was imported:"]
        super().__init__("\n".join(lines + [f"  {p}" for p in self.problems]))


@dataclass(frozen=True)
class Overrides:
    """Cover details given on the command line instead of ``report.yaml``."""

    authority: str | None = None
    marking: str | None = None
    generated: datetime | None = None


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


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _inputs(
    folder: Path, catalogue_path: Path, period: Month | None, suppress_small: bool = False
) -> tuple[Catalogue, Extracts, Report, Phrases]:
    catalogue = load_catalogue(catalogue_path)
    beside = catalogue_path.parent / DEFAULT_PHRASES.name  # a report defined elsewhere may word its commentary too
    phrases = load_phrases(beside if beside.is_file() else DEFAULT_PHRASES)
    extracts = read_extracts(folder, catalogue)
    return catalogue, extracts, build_report(catalogue, extracts, period, suppress_small), phrases


def _options(
    folder: Path, report: Report, overrides: Overrides, board_pack: bool = False, macros: MacroOptions | None = None
) -> RenderOptions:
    settings = load_settings(folder)
    return RenderOptions(
        authority=overrides.authority or settings.authority,
        board=settings.board,
        protective_marking=overrides.marking or settings.protective_marking,
        generated=overrides.generated or default_generated(report.period),
        period=report.period,
        extracts_folder="" if board_pack else str(folder.resolve()),  # a board pack names no paths
        board_pack=board_pack,
        macros=macros,
    )


def _write(
    target: Path,
    folder: Path,
    catalogue: Catalogue,
    extracts: Extracts,
    report: Report,
    phrases: Phrases,
    log: Log,
    overrides: Overrides,
    when: datetime,
    progress: Progress,
    changes: Changes,
    saved: SavedWorkbook | None,
    macros: MacroOptions | None = None,
) -> Outcome:
    options = _options(folder, report, overrides, macros=macros)
    officer = officer_cells(catalogue.ids, report.period, log, phrases)
    commentary = Commentary(
        drafted={item.indicator.id: draft(item, phrases) for item in report.indicators},
        officer=officer,
        log=ordered(log, (i.id for i in catalogue.indicators)),
    )
    progress("drafting commentary")
    backup = write_workbook(target, report, catalogue, extracts, options, commentary, progress, when if saved else None)
    before = saved.rags if saved else {}
    now_shown = {item.indicator.id: item.rag.value if item.rag else "" for item in report.indicators}
    return Outcome(
        path=target,
        report=report,
        backup=backup,
        previous_period=saved.period if saved else None,
        changes=changes,
        carried_forward=tuple(i for i, cell in officer.items() if cell.carried_from is not None),
        rag_changes=tuple(
            (item, before[item.indicator.id], now_shown[item.indicator.id])
            for item in report.indicators
            if item.indicator.id in before and before[item.indicator.id] != now_shown[item.indicator.id]
        ),
    )


def _existing(path: Path) -> SavedWorkbook | None:
    return read_workbook(path) if path.exists() else None


def build(
    folder: Path,
    target: Path | None = None,
    period: Month | None = None,
    catalogue_path: Path = DEFAULT_CATALOGUE,
    overrides: Overrides = Overrides(),
    progress: Progress = lambda step: None,
    macros: MacroOptions | None = None,
) -> Outcome:
    """Build the workbook from the extracts in ``folder``; with ``macros``, the officer's .xlsm.

    Building over an existing Vital Signs workbook keeps its commentary, as a refresh does,
    so that no text an officer typed is ever overwritten.
    """
    catalogue, extracts, report, phrases = _inputs(folder, catalogue_path, period)
    suffix = ".xlsm" if macros is not None else ".xlsx"
    target = target or Path("out") / f"VitalSigns_{report.period}{suffix}"
    if (target.suffix.lower() == ".xlsm") != (macros is not None):
        raise JobError(f"{target.name}: a workbook with macros (--xlsm) must end .xlsm, and one without must not")
    saved = _existing(target)
    when = now()
    log, changes = absorb_inputs(saved.inputs, saved.period, saved.log, phrases, when) if saved else ({}, Changes())
    return _write(target, folder, catalogue, extracts, report, phrases, log, overrides, when, progress, changes, saved, macros)


def _extracts_folder(saved: SavedWorkbook, folder: Path | None) -> Path:
    if folder is not None:
        return folder
    if saved.settings.get(SETTING_FOLDER):  # the officer's own choice on the Settings sheet
        return Path(saved.settings[SETTING_FOLDER])
    if saved.extracts_folder:
        return Path(saved.extracts_folder)
    raise WorkbookError(f"{saved.path.name} does not say where its extracts are; give the folder with --extracts")


def refresh(
    workbook: Path,
    folder: Path | None = None,
    period: Month | None = None,
    catalogue_path: Path = DEFAULT_CATALOGUE,
    overrides: Overrides = Overrides(),
    progress: Progress = lambda step: None,
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
    folder = _extracts_folder(saved, folder)
    macros = _macros_of(saved)
    if period is None and macros is not None and macros.period_setting:
        period = _setting_period(macros.period_setting)
    progress("reading the extracts")
    catalogue, extracts, report, phrases = _inputs(folder, catalogue_path, period)
    log, changes = absorb_inputs(saved.inputs, saved.period, saved.log, phrases, when)
    return _write(workbook, folder, catalogue, extracts, report, phrases, log, overrides, when, progress, changes, saved, macros)


def _setting_period(text: str) -> Month:
    try:
        return Month.parse(text)
    except ValueError as exc:
        raise WorkbookError(f"the Settings sheet's {SETTING_PERIOD}: {exc}; or leave it blank for the latest month") from None


def _macros_of(saved: SavedWorkbook) -> MacroOptions | None:
    """An .xlsm's own settings, kept across a refresh: the interpreter path and the period the officer chose.

    None for a workbook without macros, which stays without them.
    """
    if saved.path.suffix.lower() != ".xlsm":
        return None
    conf = saved.xlwings_conf
    return MacroOptions(
        interpreter_win=conf.get("Interpreter_Win", ""),
        interpreter_mac=conf.get("Interpreter_Mac", ""),
        pythonpath=conf.get("PYTHONPATH", ""),
        period_setting=saved.settings.get(SETTING_PERIOD, ""),
    )


def _csv_safe(text: str) -> str:
    """A leading apostrophe stops Excel reading text like "=A1" in a CSV as a formula; import removes it."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _from_csv(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def export_commentary(workbook: Path, target: Path) -> int:
    """Write the workbook period's officer text, one row per measure, to a CSV a head of service can edit."""
    saved = read_workbook(workbook)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for indicator, text in saved.inputs.items():
        writer.writerow([indicator, str(saved.period), _csv_safe(text)])
    data = buffer.getvalue().encode("utf-8-sig")  # the byte-order mark makes Excel read UTF-8
    write_atomically(target, lambda temporary: temporary.write_bytes(data))
    return len(saved.inputs)


def _read_commentary_csv(path: Path, known: frozenset[str]) -> list[tuple[str, Month, str]]:
    try:
        table, problems = read_table(path, CSV_COLUMNS)
    except UnreadableFile as exc:
        raise CommentaryFileError(path.name, [exc.problem]) from None
    rows: list[tuple[str, Month, str]] = []
    seen: dict[tuple[str, Month], int] = {}
    for row in [] if problems else table.rows:
        indicator = str(row.cells["indicator"] or "").strip()
        text = _from_csv(str(row.cells["text"] or ""))
        if indicator not in known:
            problems.append(Problem(path.name, row.number, "indicator", f"'{indicator}' is not a measure of this workbook"))
        try:
            period = Month.parse(str(row.cells["period"] or ""))
        except ValueError as exc:
            problems.append(Problem(path.name, row.number, "period", str(exc)))
            continue
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
    catalogue_path: Path = DEFAULT_CATALOGUE,
    progress: Progress = lambda step: None,
    when: datetime | None = None,
) -> Outcome:
    """Take officer text from a CSV into the workbook, then regenerate it for the same period.

    A blank text in the CSV never removes text already written: it is kept and counted.
    """
    when = when or now()
    saved = read_workbook(workbook)
    folder = _extracts_folder(saved, folder)
    catalogue, extracts, report, phrases = _inputs(folder, catalogue_path, saved.period)
    rows = _read_commentary_csv(source, catalogue.ids | saved.inputs.keys())
    log, changes = absorb_inputs(saved.inputs, saved.period, saved.log, phrases, when)
    draft_cells = officer_cells(saved.inputs, saved.period, log, phrases)
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
    macros = _macros_of(saved)
    return _write(
        workbook, folder, catalogue, extracts, report, phrases, log, Overrides(), when, progress, changes, saved, macros
    )


@dataclass(frozen=True)
class BoardPack:
    """The board's copy of the report, and what was left out of it."""

    path: Path
    report: Report
    pdf: Path | None = None
    encrypted: bool = False
    drafts_left_out: tuple[str, ...] = ()  # carried-forward text nobody has reviewed yet


class BoardPackError(JobError):
    """The board pack cannot be made as asked."""


def board_pack_name(period: Month) -> str:
    return f"VitalSigns_{period}_board.xlsx"


def encrypt(plain: Path, target: Path, password: str) -> None:
    """Agile (AES-256) encryption of an xlsx, as Excel itself applies with a password to open."""
    with plain.open("rb") as source, target.open("wb") as out:
        msoffcrypto.format.ooxml.OOXMLFile(source).encrypt(password, out)


def _pdf(pack: Path) -> Path:
    """A PDF of the pack beside it, rendered by LibreOffice and renamed into place when complete."""
    with tempfile.TemporaryDirectory(dir=pack.parent, prefix=".pdf-") as scratch:
        try:
            produced = convert(pack, "pdf", Path(scratch))
        except LibreOfficeError as exc:
            raise BoardPackError(f"{exc}. The workbook {pack.name} was written; only the PDF is missing.") from None
        target = pack.with_suffix(".pdf")
        write_atomically(target, lambda temporary: shutil.copyfile(produced, temporary))
    return target


def board_pack(
    source: Path,
    out_dir: Path,
    period: Month | None = None,
    folder: Path | None = None,
    suppress_small: bool = False,
    password: str | None = None,
    pdf: bool = False,
    catalogue_path: Path = DEFAULT_CATALOGUE,
    progress: Progress = lambda step: None,
) -> BoardPack:
    """The board's copy, from an officer workbook (with its commentary) or straight from a folder of extracts.

    Aggregates only, no macros or settings, this period's commentary only (an unreviewed
    carried-forward draft is left out), every sheet protected against accidental edits, no
    user names or paths in the document properties. Optionally small numbers suppressed,
    password-encrypted, and printed to PDF.
    """
    if pdf and password:
        raise BoardPackError(
            "A PDF cannot carry the workbook's password, so it would undo the encryption. Make the encrypted pack and "
            "the PDF separately, and send the PDF only where the authority allows it."
        )
    log: Log = {}
    if source.is_dir():
        folder = folder or source
    else:
        progress("reading the officer workbook")
        saved = read_workbook(source)
        folder = _extracts_folder(saved, folder)
        period = period or saved.period
        log = saved.log
    progress("reading the extracts")
    catalogue, extracts, report, phrases = _inputs(folder, catalogue_path, period, suppress_small)
    if not source.is_dir():
        log, _ = absorb_inputs(saved.inputs, saved.period, saved.log, phrases, now())
    cells = officer_cells(catalogue.ids, report.period, log, phrases)
    commentary = Commentary(
        drafted={item.indicator.id: draft(item, phrases) for item in report.indicators},
        officer={i: cell for i, cell in cells.items() if cell.carried_from is None},
        log=tuple(e for e in ordered(log, (i.id for i in catalogue.indicators)) if e.period == report.period),
    )
    options = _options(folder, report, Overrides(), board_pack=True)
    target = out_dir / board_pack_name(report.period)

    def render(temporary: Path) -> None:
        if password is None:
            write_workbook(temporary, report, catalogue, extracts, options, commentary, progress)
            return
        with tempfile.TemporaryDirectory(dir=out_dir, prefix=".plain-") as scratch:
            plain = Path(scratch) / target.name
            write_workbook(plain, report, catalogue, extracts, options, commentary, progress)
            progress("encrypting")
            encrypt(plain, temporary, password)

    out_dir.mkdir(parents=True, exist_ok=True)
    write_atomically(target, render)
    pdf_path = None
    if pdf:
        progress("printing to PDF")
        pdf_path = _pdf(target)
    left_out = tuple(i for i, cell in cells.items() if cell.carried_from is not None)
    return BoardPack(target, report, pdf_path, password is not None, left_out)
