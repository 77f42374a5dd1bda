"""Typing into a workbook's input cells the way Excel saves it, by editing the cells' XML.

What a refresh must survive is the officer's file after Excel saved it: the typed text in the
input cell as a shared string, and every other part of the file as it was. Loading and saving
the whole workbook with openpyxl would simulate that slowly and less faithfully (openpyxl drops
the sparklines and chart extensions), so only the cell and the shared-string table are rewritten.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree
from xml.sax.saxutils import escape

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICER_NAME = "vs_officer_{}"


def _cell_of_name(parts: dict[str, bytes], name: str) -> tuple[str, str]:
    """(worksheet part, cell reference) that a workbook-level defined name points at."""
    workbook = ElementTree.fromstring(parts["xl/workbook.xml"])
    defined = next(d.text for d in workbook.iter(f"{MAIN}definedName") if d.get("name") == name)
    assert defined is not None, f"{name} is not defined"
    sheet_name, reference = defined.rsplit("!", 1)
    sheet_name = sheet_name.strip("'").replace("''", "'")
    relation = next(s.get(f"{REL}id") for s in workbook.iter(f"{MAIN}sheet") if s.get("name") == sheet_name)
    relations = ElementTree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    target = next(r.get("Target") for r in relations.iter(f"{PACKAGE_REL}Relationship") if r.get("Id") == relation)
    assert target is not None
    part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    return part, reference.replace("$", "")


def _add_shared_string(table: bytes, text: str) -> tuple[bytes, int]:
    """The table with ``text`` appended, and its index (Excel appends new strings at the end)."""
    xml = table.decode("utf-8")
    unique = int(re.search(r'uniqueCount="(\d+)"', xml)[1])  # type: ignore[index]
    count = int(re.search(r' count="(\d+)"', xml)[1])  # type: ignore[index]
    xml = xml.replace(f'uniqueCount="{unique}"', f'uniqueCount="{unique + 1}"', 1)
    xml = xml.replace(f' count="{count}"', f' count="{count + 1}"', 1)
    item = f'<si><t xml:space="preserve">{escape(text)}</t></si>'
    return xml.replace("</sst>", item + "</sst>", 1).encode("utf-8"), unique


def type_into(path: Path, texts: dict[str, str]) -> None:
    """Type each text into its measure's input cell and save, as the officer does in Excel.

    Text stays text (``=SUM(...)`` is not a formula), an empty text clears the cell, and the
    cell keeps its style (unlocked, shaded).
    """
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        parts = {info.filename: archive.read(info) for info in infos}
    for indicator, text in texts.items():
        part, reference = _cell_of_name(parts, OFFICER_NAME.format(indicator))
        cell = re.compile(rf'<c r="{reference}"(?P<attributes>[^>]*?)(?:/>|>.*?</c>)', re.DOTALL)
        sheet = parts[part].decode("utf-8")
        found = cell.search(sheet)
        assert found is not None, f"{reference} is not in {part}"
        style = re.search(r' s="\d+"', found["attributes"])
        style_attribute = style[0] if style else ""
        if text:
            parts["xl/sharedStrings.xml"], index = _add_shared_string(parts["xl/sharedStrings.xml"], text)
            typed = f'<c r="{reference}"{style_attribute} t="s"><v>{index}</v></c>'
        else:
            typed = f'<c r="{reference}"{style_attribute}/>'
        parts[part] = (sheet[: found.start()] + typed + sheet[found.end() :]).encode("utf-8")
    temporary = path.with_name(f".{path.name}.typing")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in infos:
            archive.writestr(info, parts[info.filename], compress_type=zipfile.ZIP_DEFLATED)
    os.replace(temporary, path)
