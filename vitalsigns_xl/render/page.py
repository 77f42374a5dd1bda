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


HEADER_LIMIT = 255  # Excel's limit for a header or footer; xlsxwriter drops a longer one with only a warning
FULLWIDTH_AMPERSAND = "\uff06"


def _escape(text: str) -> str:
    """Excel header/footer codes start with '&'; a literal one is written '&&'.

    xlsxwriter counts every "&G" (and "&[Picture]") as a picture placeholder, even after "&&", and drops a
    header whose count does not match its pictures: the protective marking would silently vanish. Those
    two are printed with a full-width ampersand, which looks the same and is no code.
    """
    for code in ("&G", "&[Picture]"):
        text = text.replace(code, FULLWIDTH_AMPERSAND + code[1:])
    return text.replace("&", "&&")


def _excel_length(text: str) -> int:
    """Length as Excel counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _header(marking: str, authority: str) -> str:
    """The marking on the left and the authority on the right, the authority cut short if the two are over
    Excel's limit, so that the marking is always printed."""
    header = f'&L&"Arial,Bold"{marking}&R'
    right = _escape(authority)
    if _excel_length(header + right) > HEADER_LIMIT:
        while _excel_length(header + right + "…") > HEADER_LIMIT or right.endswith("&"):
            right = right[:-1]
        right += "…"
    return header + right


def set_up_page(
    sheet: Worksheet, options: RenderOptions, last_row: int, last_col: int, repeat_rows: tuple[int, int] | None = None
) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    marking = _escape(options.protective_marking)
    sheet.set_header(_header(marking, options.authority))
    sheet.set_footer(f'&LVital Signs report — {options.period.long_label} data&C&"Arial,Bold"{marking}&RPage &P of &N')
    sheet.print_area(0, 0, last_row, last_col)
    if repeat_rows:
        sheet.repeat_rows(*repeat_rows)
    sheet.hide_gridlines(2)
