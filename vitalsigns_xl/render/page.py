"""Page set-up shared by every sheet: A4 landscape, one page wide, marked header and numbered footer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from xlsxwriter.worksheet import Worksheet

if TYPE_CHECKING:
    from vitalsigns_xl.render.excel_sheets import MacroOptions

from vitalsigns_xl.analysis.periods import Month


@dataclass(frozen=True)
class RenderOptions:
    authority: str
    board: str
    protective_marking: str
    generated: datetime
    period: Month
    extracts_folder: str = ""  # recorded in the officer's workbook so that refresh can find the extracts again
    board_pack: bool = False  # the copy for the board: every sheet protected, nothing to type in
    print_copy: bool = False  # the twin LibreOffice prints to PDF: reference sheets hidden, so not printed
    macros: MacroOptions | None = None  # the officer's .xlsm: VBA, Refresh buttons, Settings, xlwings.conf
    definition: str = ""  # the report definition that made the workbook, so Refresh uses the same one
    definition_sha256: str = ""


def _escape(text: str) -> str:
    """Excel header/footer codes start with '&'; a literal one is written '&&'."""
    return text.replace("&", "&&")


def set_up_page(
    sheet: Worksheet, options: RenderOptions, last_row: int, last_col: int, repeat_rows: tuple[int, int] | None = None
) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    marking = _escape(options.protective_marking)
    sheet.set_header(f'&L&"Arial,Bold"{marking}&R{_escape(options.authority)}')
    sheet.set_footer(f'&LVital Signs report — {options.period.long_label} data&C&"Arial,Bold"{marking}&RPage &P of &N')
    sheet.print_area(0, 0, last_row, last_col)
    if repeat_rows:
        sheet.repeat_rows(*repeat_rows)
    sheet.hide_gridlines(2)
