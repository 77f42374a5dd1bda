"""The VBA project of the officer's .xlsm: the Refresh macro, the UDF wrappers and xlwings' own module.

The project's modules are the ``.bas`` files in ``macros/``; xlwings' standalone module is
taken from the installed xlwings package at build time, so it always matches the Python side.
pyopenvba writes the project (no Excel needed); xlsxwriter embeds it.
"""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from vitalsigns_xl.resources import macros_folder

MACROS_DIR = macros_folder()  # macros/, installed as package data
PROJECT_MODULES = ("VitalSigns", "VitalSignsUDFs")
XLWINGS_MODULE = "xlwings"
REFRESH_MACRO = "Refresh"


def read_source(path: Path) -> str:
    """A .bas file as VBA keeps it: CRLF line ends, whatever the checkout did to them."""
    return path.read_bytes().decode("cp1252").replace("\r\n", "\n").replace("\n", "\r\n")


def module_sources() -> dict[str, str]:
    """Every module to embed, by name: xlwings' standalone module first, then the project's own."""
    import xlwings  # here, not at the top: only building an .xlsm needs it

    sources = {XLWINGS_MODULE: read_source(Path(xlwings.__file__).parent / "xlwings.bas")}
    for name in PROJECT_MODULES:
        sources[name] = read_source(MACROS_DIR / f"{name}.bas")
    return sources


def vba_project(sources: dict[str, str]) -> bytes:
    """``xl/vbaProject.bin`` holding the given standard modules beside ThisWorkbook and Sheet1."""
    from pyopenvba import ExcelFile

    with tempfile.TemporaryDirectory(prefix="vitalsigns-vba-") as scratch:
        path = Path(scratch) / "project.xlsm"
        book = ExcelFile.create_new(path)
        try:
            project = book.vba_project()
            project.delete_module("Module1")
            for name, source in sources.items():
                project.add_module(name, source)
            book.save(path)
        finally:
            book.close()
        with zipfile.ZipFile(path) as package:
            return package.read("xl/vbaProject.bin")
