"""LibreOffice Calc driven through UNO with a document open: a live spreadsheet application for tests.

``calc()`` starts one headless soffice with its own profile and connects to it over a pipe;
``UnoBook`` implements ``vitalsigns_xl.live.LiveBook`` over an open Calc document, as
``XlwingsBook`` does over Excel. python3-uno is the system's, so its folder is added to
``sys.path`` (the same Python minor version as the project's).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from vitalsigns_xl.render.cells import Colours

SYSTEM_UNO = "/usr/lib/python3/dist-packages"
CLEAR_CONTENTS = 1 | 2 | 4 | 16  # VALUE | DATETIME | STRING | FORMULA (com.sun.star.sheet.CellFlags)
NULL_DATE = datetime(1899, 12, 30)  # Calc's and Excel's day 0
XLSX_FILTER = "Calc MS Excel 2007 XML"


def uno_available() -> bool:
    if shutil.which("soffice") is None:
        return False
    if SYSTEM_UNO not in sys.path:
        sys.path.append(SYSTEM_UNO)
    try:
        import uno  # noqa: F401
    except ImportError:
        return False
    return True


def _property(name: str, value: Any) -> Any:
    from com.sun.star.beans import PropertyValue

    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


class Calc:
    """A running Calc: open and save documents."""

    def __init__(self, desktop: Any) -> None:
        self.desktop = desktop

    def open(self, path: Path) -> Any:
        import uno

        return self.desktop.loadComponentFromURL(uno.systemPathToFileUrl(str(path)), "_blank", 0, (_property("Hidden", True),))

    @staticmethod
    def save_as_xlsx(document: Any, path: Path) -> None:
        import uno

        document.storeToURL(uno.systemPathToFileUrl(str(path)), (_property("FilterName", XLSX_FILTER),))


@contextmanager
def calc() -> Iterator[Calc]:
    """One headless LibreOffice for the duration, with a private profile, shut down afterwards."""
    import uno

    profile = Path(tempfile.mkdtemp(prefix="vitalsigns-uno-"))
    pipe = f"vitalsigns_{os.getpid()}_{time.monotonic_ns()}"
    process = subprocess.Popen(
        [
            shutil.which("soffice") or "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"-env:UserInstallation={profile.as_uri()}",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "HOME": str(profile)},
    )
    desktop = None
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + 90
        while True:
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.25)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        yield Calc(desktop)
    finally:
        try:
            if desktop is not None:
                desktop.terminate()
        except Exception:
            pass  # the bridge closes as soffice quits
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(profile, ignore_errors=True)


def _serial(value: datetime) -> float:
    return (value - NULL_DATE).total_seconds() / 86400


class UnoBook:
    """``LiveBook`` over a Calc document open in LibreOffice."""

    def __init__(self, document: Any) -> None:
        from com.sun.star.sheet.FormulaLanguage import XL_ENGLISH
        from com.sun.star.sheet.FormulaMapGroup import ALL_EXCEPT_SPECIAL

        self.document = document
        self.parser = document.createInstance("com.sun.star.sheet.FormulaParser")
        self.parser.FormulaConvention = 1  # com.sun.star.sheet.AddressConvention.XL_A1: Excel's own syntax
        self.parser.CompileEnglish = True
        mapper = document.createInstance("com.sun.star.sheet.FormulaOpCodeMapper")
        self.parser.OpCodeMap = mapper.getAvailableMappings(XL_ENGLISH, ALL_EXCEPT_SPECIAL)

    def _sheet(self, name: str) -> Any:
        return self.document.Sheets.getByName(name)

    def defined_names(self) -> dict[str, tuple[str, int, int]]:
        found = {}
        sheets = self.document.Sheets
        for name in self.document.NamedRanges.ElementNames:
            cells = self.document.NamedRanges.getByName(name).getReferredCells()
            if cells is None:
                continue
            address = cells.getRangeAddress()
            if address.StartRow == address.EndRow and address.StartColumn == address.EndColumn:
                found[name] = (sheets.getByIndex(address.Sheet).Name, address.StartRow, address.StartColumn)
        return found

    def read(self, sheet: str, row: int, col: int) -> Any:
        cell = self._sheet(sheet).getCellByPosition(col, row)
        kind = cell.getType().value
        if kind == "EMPTY":
            return None
        return cell.getValue() if kind == "VALUE" else cell.getString()

    def write(self, sheet: str, row: int, col: int, value: str | float | datetime | None) -> None:
        target = self._sheet(sheet)
        cell = target.getCellByPosition(col, row)
        if value is None or value == "":
            target.getCellRangeByPosition(col, row, col, row).clearContents(CLEAR_CONTENTS)
        elif isinstance(value, str):
            cell.setString(value)  # text, whatever it starts with
        elif isinstance(value, datetime):
            cell.setValue(_serial(value))
        else:
            cell.setValue(float(value))

    def write_formula(self, sheet: str, row: int, col: int, formula: str) -> None:
        from com.sun.star.table import CellAddress

        address = CellAddress()
        address.Sheet = self.document.Sheets.ElementNames.index(sheet)
        address.Column, address.Row = col, row
        self._sheet(sheet).getCellByPosition(col, row).setTokens(self.parser.parseFormula(formula, address))

    def write_rows(self, sheet: str, row: int, col: int, rows: Sequence[Sequence[str | float | datetime | None]]) -> None:
        if not rows:
            return
        data = tuple(tuple("" if v is None else _serial(v) if isinstance(v, datetime) else v for v in values) for values in rows)
        area = self._sheet(sheet).getCellRangeByPosition(col, row, col + len(rows[0]) - 1, row + len(rows) - 1)
        area.setDataArray(data)  # strings stay text; "" leaves the cell empty

    def _database_range(self, table: str) -> Any:
        return self.document.DatabaseRanges.getByName(table)

    def table_rows(self, sheet: str, table: str) -> int:
        area = self._database_range(table).DataArea
        return int(area.EndRow - area.StartRow)

    def resize_table(self, sheet: str, table: str, rows: int) -> None:
        found = self._database_range(table)
        area = found.DataArea
        area.EndRow = area.StartRow + rows
        found.DataArea = area

    def set_colours(self, sheet: str, row: int, col: int, colours: Colours) -> None:
        cell = self._sheet(sheet).getCellByPosition(col, row)
        if colours.fill is None:
            cell.CellBackColor = -1  # no fill
            cell.IsCellBackgroundTransparent = True
        else:
            cell.CellBackColor = int(colours.fill[1:], 16)
        cell.CharColor = int(colours.text[1:], 16)
        cell.CharWeight = 150.0 if colours.bold else 100.0  # com.sun.star.awt.FontWeight BOLD, NORMAL

    def set_property(self, name: str, value: str) -> None:
        properties = self.document.DocumentProperties.UserDefinedProperties
        if properties.PropertySetInfo.hasPropertyByName(name):
            properties.setPropertyValue(name, value)
        else:
            properties.addProperty(name, 0, value)
