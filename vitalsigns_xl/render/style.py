"""House style: colours, fonts and number formats, created once per workbook.

RAG fills are chosen so that the text on them meets WCAG AA contrast (4.5:1); the status
is always written as a word as well, so colour is never the only signal.
"""

from __future__ import annotations

from typing import Any, ClassVar

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from vitalsigns_xl.analysis.judgements import Rag
from vitalsigns_xl.catalogue import Indicator, Unit

FONT = "Arial"
INK = "#0B0C0C"
BRAND = "#1D4F91"
RULE = "#B1B4B6"
INPUT_FILL = "#FFF2CC"
RAG_COLOURS: dict[Rag, tuple[str, str]] = {  # fill, text
    Rag.RED: ("#B10E1E", "#FFFFFF"),
    Rag.AMBER: ("#FFBF47", "#0B0C0C"),
    Rag.GREEN: ("#00703C", "#FFFFFF"),
}
# Making Data Count's colours for the variation and assurance icons, as fill and text: blue for
# improvement or a target reliably met, orange for concern or a target reliably missed, purple for a
# change on a neutral measure, grey for common cause or hit and miss. Words and symbols always go with them.
SPC_COLOURS: dict[str, tuple[str, str]] = {
    "common_cause": ("#EEEFEF", "#3D4448"),
    "special_cause_improvement": ("#DCEEFA", "#0B4F8A"),
    "special_cause_concern": ("#FCE6D4", "#8A3B00"),
    "special_cause_neither": ("#ECE2F5", "#4B1C7E"),
    "pass": ("#DCEEFA", "#0B4F8A"),
    "fail": ("#FCE6D4", "#8A3B00"),
    "hit_and_miss": ("#EEEFEF", "#3D4448"),
}


def number_format(indicator: Indicator) -> str:
    """Excel number format for the measure's unit; percentages are stored as fractions."""
    places = "." + "0" * indicator.decimals if indicator.decimals else ""
    if indicator.unit == Unit.PERCENT:
        return f"0{places}%"
    return f"#,##0{places}"


def change_format(indicator: Indicator) -> str:
    """Signed change; a percentage changes by points, not per cent."""
    places = "." + "0" * indicator.decimals if indicator.decimals else ""
    suffix = '" pts"' if indicator.unit == Unit.PERCENT else ""
    return f"+#,##0{places}{suffix};-#,##0{places}{suffix};0{places}{suffix}"


AVERAGE_CHAR_POINTS = 5.6  # Arial (Liberation Sans) at 10 pt, a little over its average, so text never runs out
BODY_LINE_POINTS = 12.75


def column_points(width: float) -> float:
    """A column's width in points, as Excel and xlsxwriter size it for the default font (7 pixels a character)."""
    pixels = int(width * 7 + 0.5) + 5 if width >= 1 else int(width * 12 + 0.5)
    return pixels * 0.75


def wrapped_height(texts: list[tuple[str, float]], bold: bool = False) -> float:
    """Row height in points that shows every (text, column width) pair in full when wrapped at 10 pt.

    LibreOffice keeps a row at its set or default height rather than fitting wrapped text, so
    text taller than the row would print over the row below; every wrapped row is sized here.
    """
    lines = 1
    for text, width in texts:
        per_line = max(1, int((column_points(width) - 4) / (AVERAGE_CHAR_POINTS * (1.1 if bold else 1))))
        lines = max(lines, sum(_lines(paragraph, per_line) for paragraph in text.split("\n")))
    return lines * BODY_LINE_POINTS + 3


def _lines(paragraph: str, per_line: int) -> int:
    """Lines a paragraph wraps to, breaking between words as Excel and LibreOffice do."""
    lines, used = 1, 0
    for word in paragraph.split():
        if used and used + 1 + len(word) > per_line:
            lines, used = lines + 1, 0
        used = used + (1 if used else 0) + len(word)
        while used > per_line:  # a word longer than the line breaks inside it
            lines, used = lines + 1, used - per_line
    return lines


def cell_value(indicator: Indicator, value: float | None) -> float | None:
    """A figure as the workbook stores it: percentages as fractions (54.3 → 0.543)."""
    if value is None:
        return None
    return value / 100 if indicator.unit == Unit.PERCENT else value


def write_figure(sheet: Worksheet, row: int, col: int, value: float | None, fmt: Format) -> None:
    """A number, or a formatted blank for a missing figure (never a zero)."""
    if value is None:
        sheet.write_blank(row, col, None, fmt)
    else:
        sheet.write_number(row, col, value, fmt)


class Styles:
    """Formats for one workbook, made on first use and shared after that (Excel caps their number)."""

    BASE: ClassVar[dict[str, Any]] = {"font_name": FONT, "font_size": 10, "font_color": INK, "valign": "top"}
    NAMED: ClassVar[dict[str, dict[str, Any]]] = {
        "text": {},
        "wrap": {"text_wrap": True},
        "title": {"bold": True, "font_size": 18, "font_color": BRAND},
        "subtitle": {"bold": True, "font_size": 13},
        "heading": {"bold": True, "font_size": 14, "font_color": BRAND, "bottom": 2, "bottom_color": BRAND},
        "label": {"bold": True},
        "headline": {"bold": True, "font_size": 11, "valign": "vcenter", "text_wrap": True},
        "marking": {"bold": True, "font_color": "#FFFFFF", "bg_color": INK, "align": "center"},
        "header": {"bold": True, "bg_color": "#F3F2F1", "bottom": 1, "bottom_color": RULE, "text_wrap": True, "align": "center"},
        "header_left": {"bold": True, "bg_color": "#F3F2F1", "bottom": 1, "bottom_color": RULE, "text_wrap": True},
        "row_label": {"bold": True, "text_wrap": True},
        "link": {"font_color": "#1D70B8", "underline": 1},
        "link_bold": {"font_color": "#1D70B8", "underline": 1, "bold": True, "font_size": 12},
        "drafted": {"text_wrap": True, "border": 1, "border_color": RULE, "bg_color": "#F8F8F8"},
        "input": {"text_wrap": True, "border": 2, "border_color": "#B58B00", "bg_color": INPUT_FILL, "locked": False},
        "draft_label": {"bold": True, "font_color": "#B10E1E"},
        "rag_word": {"bold": True, "align": "center"},
        "note": {"italic": True, "font_color": "#505A5F", "text_wrap": True},
    }

    def __init__(self, workbook: Workbook):
        self._workbook = workbook
        self._cache: dict[tuple[tuple[str, Any], ...], Format] = {}
        self._highlights: dict[Rag, Format] = {}

    def __call__(self, name: str, **extra: Any) -> Format:
        props = {**self.BASE, **self.NAMED[name], **extra}
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self._workbook.add_format(props)
        return self._cache[key]

    def number(self, indicator: Indicator, **extra: Any) -> Format:
        return self("text", num_format=number_format(indicator), align="right", **extra)

    def change(self, indicator: Indicator) -> Format:
        return self("text", num_format=change_format(indicator), align="right")

    def rag_highlight(self, status: Rag) -> Format:
        """Fill and text colour for conditional formatting (a differential format: colours only)."""
        if status not in self._highlights:
            fill, text = RAG_COLOURS[status]
            self._highlights[status] = self._workbook.add_format({"bg_color": fill, "font_color": text, "bold": True})
        return self._highlights[status]


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #RRGGBB colours."""

    def luminance(colour: str) -> float:
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)
