"""What every job starts from: the checked inputs, the cover details and the officer's workbook settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.catalogue import Catalogue
from vitalsigns_xl.commentary import DEFAULT_PHRASES, Phrases, load_phrases
from vitalsigns_xl.contract import SETTING_FOLDER, SETTING_PERIOD
from vitalsigns_xl.errors import VitalSignsError
from vitalsigns_xl.extracts import Extracts, read_extracts
from vitalsigns_xl.library import ReportDefinition, recorded_report, report_for
from vitalsigns_xl.model import Comparators, Report, build_report
from vitalsigns_xl.render import RenderOptions
from vitalsigns_xl.render.excel_sheets import (
    INTERPRETER_MAC,
    INTERPRETER_WIN,
    OWN_CONF_KEYS,
    PYTHONPATH,
    SHOW_CONSOLE,
    MacroOptions,
)
from vitalsigns_xl.settings import ReportSettings, default_generated, load_settings
from vitalsigns_xl.settings_sheet import SettingError, folder_setting, period_setting
from vitalsigns_xl.workbook_io import SavedWorkbook, WorkbookError

Progress = Callable[[str], None]


def no_progress(step: str) -> None:
    """For callers that show no progress (tests, the Excel button)."""


class JobError(VitalSignsError, ValueError):
    """A job cannot be done as asked; the message says why."""


@dataclass(frozen=True)
class Overrides:
    """Cover details given on the command line instead of ``report.yaml``."""

    authority: str | None = None
    marking: str | None = None
    generated: datetime | None = None


NO_OVERRIDES = Overrides()


@dataclass(frozen=True)
class Inputs:
    """Everything a job reads before it writes: one object, built once, shared by every output."""

    folder: Path
    catalogue: Catalogue
    extracts: Extracts
    report: Report
    phrases: Phrases
    settings: ReportSettings
    definition: ReportDefinition | None = None  # which report file made the catalogue, recorded in the workbook

    def render_options(
        self, overrides: Overrides = NO_OVERRIDES, board_pack: bool = False, macros: MacroOptions | None = None
    ) -> RenderOptions:
        """The cover details and file options: the command line wins over ``report.yaml``."""
        return RenderOptions(
            authority=overrides.authority or self.settings.authority,
            board=self.settings.board,
            protective_marking=overrides.marking or self.settings.protective_marking,
            generated=overrides.generated or default_generated(self.report.period),
            period=self.report.period,
            extracts_folder="" if board_pack else str(self.folder.resolve()),  # a board pack names no paths
            board_pack=board_pack,
            macros=macros,
            definition=self._definition_name(board_pack),
            definition_sha256=self.definition.sha256 if self.definition else "",
        )

    def _definition_name(self, board_pack: bool) -> str:
        if self.definition is None:
            return ""
        return self.definition.name if board_pack else self.definition.recorded_name  # a board pack names no paths


def load_inputs(
    folder: Path,
    catalogue_path: Path | None = None,
    period: Month | None = None,
    suppress_small: bool = False,
    forecasts: bool = True,
) -> Inputs:
    """Read and check the report definition, its sentence templates, the extracts and the report settings; build the model
    (without the forecasts when ``forecasts`` is False, for a command that shows none).

    Without ``catalogue_path`` the report is the folder's ``report.yaml`` if it defines one,
    else the Bradford report shipped with the package.
    """
    definition = report_for(folder, catalogue_path)
    catalogue = definition.catalogue
    beside = definition.path.parent / DEFAULT_PHRASES.name  # a report defined elsewhere may word its commentary too
    phrases = load_phrases(beside if beside.is_file() else DEFAULT_PHRASES)
    extracts = read_extracts(folder, catalogue)
    settings = load_settings(folder)
    comparators = Comparators(settings.la_code, settings.statistical_neighbours) if settings.la_code else None
    report = build_report(catalogue, extracts, period, suppress_small, comparators, forecasts)
    return Inputs(folder, catalogue, extracts, report, phrases, settings, definition)


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def extracts_folder(saved: SavedWorkbook, folder: Path | None) -> Path:
    """The folder a workbook is refreshed from: the one given, else its Settings sheet's, else the one it was built from."""
    if folder is not None:
        return folder
    try:
        typed = folder_setting(saved.settings.get(SETTING_FOLDER), saved.path)  # the officer's own choice on the Settings sheet
    except SettingError as exc:
        raise WorkbookError(f"the Settings sheet's {SETTING_FOLDER}: {exc}") from None
    if typed is not None:
        return typed
    if not saved.extracts_folder:
        raise WorkbookError(f"{saved.path.name} does not say where its extracts are; give the folder with --extracts")
    if not Path(saved.extracts_folder).is_dir():
        raise WorkbookError(
            f"{saved.path.name} was built from the extracts in {saved.extracts_folder}, which is not there any more. "
            "If the folder has moved, give its new place with --extracts FOLDER."
        )
    return Path(saved.extracts_folder)


def report_of(saved: SavedWorkbook, catalogue_path: Path | None) -> Path | None:
    """The report definition a job on an existing workbook uses: the one given, else the one that built it.

    A workbook built from a council's report file must not quietly become the default report
    because the file was not named again.
    """
    if catalogue_path is not None or not saved.definition:
        return catalogue_path
    path = recorded_report(saved.definition)
    if not path.is_file():
        raise WorkbookError(
            f"{saved.path.name} was built from the report file {path}, which is not there now; give it with --report"
        )
    return path


def definition_changes(saved: SavedWorkbook, inputs: Inputs) -> tuple[str, ...]:
    """A note when the report file has changed since the workbook was built from it."""
    definition = inputs.definition
    if definition is None or not saved.definition_sha256 or saved.definition_sha256 == definition.sha256:
        return ()
    return (
        f"The report definition {definition.name} has changed since this workbook was built; it follows the file as it is now.",
    )


def setting_period(text: str) -> Month | None:
    """The report month an officer chose on the Settings sheet; None for the latest in the extracts."""
    try:
        return period_setting(text)
    except SettingError as exc:
        raise WorkbookError(f"the Settings sheet's {SETTING_PERIOD}: {exc}") from None


def _as_typed_period(text: str) -> str:
    """The period the officer typed, kept for the rebuilt workbook: as YYYY-MM where it is one (Excel may make it a date)."""
    try:
        month = period_setting(text)
    except SettingError:
        return text  # refused when it is used, with the reason
    return "" if month is None else str(month)


def macros_of(saved: SavedWorkbook) -> MacroOptions | None:
    """An .xlsm's own settings, kept across a refresh: its Python, the officer's folder and period, their conf keys.

    None for a workbook without macros, which stays without them.
    """
    if saved.path.suffix.lower() != ".xlsm":
        return None
    conf, typed_folder = saved.xlwings_conf, saved.settings.get(SETTING_FOLDER, "")
    return MacroOptions(
        interpreter_win=conf.get(INTERPRETER_WIN, ""),
        interpreter_mac=conf.get(INTERPRETER_MAC, ""),
        pythonpath=conf.get(PYTHONPATH, ""),
        period_setting=_as_typed_period(saved.settings.get(SETTING_PERIOD, "")),
        folder_setting="" if typed_folder == saved.extracts_folder else typed_folder,
        show_console=conf.get(SHOW_CONSOLE) or "False",
        extra_conf=tuple((key, value) for key, value in conf.items() if key not in OWN_CONF_KEYS),
    )
