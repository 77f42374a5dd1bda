"""What only the officer's macro-enabled workbook has: Settings, xlwings.conf and Refresh buttons.

Settings holds what the officer may change (unlocked input cells): the extracts folder and
the report period (blank for the latest month). ``xlwings.conf`` holds what xlwings reads:
the Python interpreter, PYTHONPATH and the module of the Excel functions.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from vitalsigns_xl.contract import SETTING_FOLDER, SETTING_PERIOD, SETTINGS, XLWINGS_CONF
from vitalsigns_xl.render.page import RenderOptions, set_up_page
from vitalsigns_xl.render.style import Styles
from vitalsigns_xl.render.vba import REFRESH_MACRO, module_sources, vba_project
from vitalsigns_xl.udfs import MODULE as UDF_MODULE

BUTTON = {"macro": REFRESH_MACRO, "caption": "Refresh", "width": 110, "height": 32}


@dataclass(frozen=True)
class MacroOptions:
    """How the officer's workbook finds Python; blank lets xlwings use its default."""

    interpreter_win: str = ""
    interpreter_mac: str = ""
    pythonpath: str = ""
    period_setting: str = ""  # the Settings sheet's report period: blank means the latest month


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
        (SETTING_FOLDER, options.extracts_folder, "The folder holding this month's extracts (measures*, targets*, benchmarks*)."),
        (SETTING_PERIOD, macros.period_setting, "Report month as YYYY-MM; leave blank for the latest month in the extracts."),
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
    set_up_page(sheet, options, 4, 2)


def write_xlwings_conf(workbook: Workbook, styles: Styles, macros: MacroOptions) -> None:
    """Keys in column A and values in column B, as xlwings reads its settings sheet."""
    sheet = workbook.add_worksheet(XLWINGS_CONF)
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 1, 60)
    entries = (
        ("Interpreter_Win", macros.interpreter_win),
        ("Interpreter_Mac", macros.interpreter_mac),
        ("PYTHONPATH", macros.pythonpath),
        ("UDF Modules", UDF_MODULE),
        ("Show Console", "False"),
    )
    for row, (key, value) in enumerate(entries):
        sheet.write_string(row, 0, key, styles("text"))
        if value:
            sheet.write_string(row, 1, value, styles("text"))
