"""A cell's fill, text colour and boldness as an .xlsx file holds them, in the form the cell descriptions give them."""

from __future__ import annotations

from typing import Any

from vitalsigns_xl.render.cells import Colours


def file_colours(cell: Any) -> Colours:
    """An openpyxl cell's colours: the fill of a solid pattern (None without one), the font's colour, bold."""
    fill = None if cell.fill is None or cell.fill.fill_type in (None, "none") else "#" + str(cell.fill.fgColor.rgb)[-6:]
    colour = cell.font.color
    text = "#" + str(colour.rgb)[-6:] if colour is not None and isinstance(colour.rgb, str) else "#000000"
    return Colours(fill, text.upper(), bool(cell.font.b))
