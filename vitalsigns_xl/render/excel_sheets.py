"""What only the officer's macro-enabled workbook has: Settings, xlwings.conf and Refresh buttons.

Settings holds what the officer may change (unlocked input cells): the extracts folder and
the report period (blank for the latest month). ``xlwings.conf`` holds what xlwings reads:
the Python interpreter, PYTHONPATH and the module of the Excel functions.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from vitalsigns_xl.contract import SETTING_FOLDER, SETTING_PERIOD, SETTINGS, XLWINGS_CONF
from vitalsigns_xl.render.page import RenderOptions, set_up_page
from vitalsigns_xl.render.style import Styles
from vitalsigns_xl.render.vba import REFRESH_MACRO, module_sources, vba_project

UDF_MODULE = "vitalsigns_xl.udfs"  # udfs.MODULE, named here so that a workbook can be read without importing xlwings
SETTING_PYTHON = "Python for Refresh"
INTERPRETER_WIN, INTERPRETER_MAC, PYTHONPATH, UDF_MODULES, SHOW_CONSOLE = (
    "Interpreter_Win", "Interpreter_Mac", "PYTHONPATH", "UDF Modules", "Show Console"
)  # fmt: skip
OWN_CONF_KEYS = frozenset({INTERPRETER_WIN, INTERPRETER_MAC, PYTHONPATH, UDF_MODULES, SHOW_CONSOLE})
BUTTON = {"macro": REFRESH_MACRO, "caption": "Refresh", "width": 110, "height": 32}


@dataclass(frozen=True)
class MacroOptions:
    """How the officer's workbook finds Python; blank lets xlwings use its default."""

    interpreter_win: str = ""
    interpreter_mac: str = ""
    pythonpath: str = ""
    period_setting: str = ""  # the Settings sheet's report period: blank means the latest month
    folder_setting: str = ""  # the Settings sheet's extracts folder as the officer typed it; blank: the build's folder
    show_console: str = "False"
    extra_conf: tuple[tuple[str, str], ...] = ()  # xlwings.conf keys the officer added (OneDrive paths...), kept as they are

    @classmethod
    def for_build(cls, interpreter: str = "", pythonpath: str = "") -> MacroOptions:
        """Options for ``build --xlsm``: on Windows, Refresh uses the Python that ran the build unless told otherwise.

        That Python has the package and xlwings' DLL beside it, which a bare ``python`` on the PATH may not.
        """
        if not interpreter and sys.platform == "win32":
            interpreter = sys.executable
        return cls(interpreter_win=interpreter, pythonpath=pythonpath)


def add_macros(workbook: Workbook) -> None:
    workbook.add_vba_project(io.BytesIO(vba_project(module_sources())), is_stream=True)
    workbook.set_vba_name("ThisWorkbook")


def add_refresh_button(sheet: Worksheet, row: int, col: int) -> None:
    sheet.insert_button(row, col, BUTTON)


def write_settings(workbook: Workbook, styles: Styles, options: RenderOptions, macros: MacroOptions) -> None:
    sheet = workbook.add_worksheet(SETTINGS)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 70)
    sheet.write_string(0, 0, "Settings for Refresh", styles("title"))
    sheet.write_string(
        1, 0, "Change the yellow cells, then press Refresh on the Cover or Summary sheet.", styles("note", text_wrap=False)
    )
    rows = (
        (
            SETTING_FOLDER,
            macros.folder_setting or options.extracts_folder,
            "The folder holding this month's extracts (measures*, targets*, benchmarks*); may be relative to this workbook.",
        ),
        (SETTING_PERIOD, macros.period_setting, "Report month: 2020-05, May 2020 or a date; blank for the latest month."),
    )
    for index, (label, value, help_text) in enumerate(rows, start=3):
        sheet.write_string(index, 0, label, styles("label"))
        if value:
            sheet.write_string(index, 1, value, styles("input"))
        else:
            sheet.write_blank(index, 1, None, styles("input"))
        sheet.write_string(index, 2, help_text, styles("note", text_wrap=False))
    sheet.set_row(3, 30)
    sheet.set_row(4, 30)
    sheet.write_string(5, 0, SETTING_PYTHON, styles("label"))
    python = f"'{XLWINGS_CONF}'!B1"  # Interpreter_Win: the officer may change it there
    sheet.write_formula(
        5, 1, f'=IF({python}="","python on the PATH (xlwings\' default)",{python})', styles("text"), python_shown(macros)
    )
    sheet.write_string(5, 2, f"Set on the {XLWINGS_CONF} sheet (Interpreter_Win).", styles("note", text_wrap=False))
    set_up_page(sheet, options, 5, 2)


def python_shown(macros: MacroOptions) -> str:
    """What the Settings sheet says about the Python Refresh runs."""
    return macros.interpreter_win or "python on the PATH (xlwings' default)"


def write_xlwings_conf(workbook: Workbook, styles: Styles, macros: MacroOptions) -> None:
    """Keys in column A and values in column B, as xlwings reads its settings sheet."""
    sheet = workbook.add_worksheet(XLWINGS_CONF)
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 60)
    entries = (
        (INTERPRETER_WIN, macros.interpreter_win),
        (INTERPRETER_MAC, macros.interpreter_mac),
        (PYTHONPATH, macros.pythonpath),
        (UDF_MODULES, UDF_MODULE),
        (SHOW_CONSOLE, macros.show_console),
        *macros.extra_conf,
    )
    for row, (key, value) in enumerate(entries):
        sheet.write_string(row, 0, key, styles("text"))
        if value:
            sheet.write_string(row, 1, value, styles("text"))
