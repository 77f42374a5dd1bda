"""The live writer's Excel side and the Refresh button's "was anything written" signal, without Excel.

``XlwingsBook`` is the only code that keeps officer or data text beginning with = + - @ as text
in the open workbook (Excel reads ``'=x`` as the text ``=x``); the LibreOffice test writes with
``setString``, which is safe whatever this code does, so it is checked here over a stand-in for
xlwings' range objects.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES
from vitalsigns_xl.extracts import ExtractError
from vitalsigns_xl.jobs.build import build
from vitalsigns_xl.jobs.refresh_in_place import refresh_in_place
from vitalsigns_xl.live import MemoryBook, XlwingsBook

pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported", "ignore:Data Validation")


class _Range:
    def __init__(self) -> None:
        self.value: Any = None
        self.cleared = False

    def clear_contents(self) -> None:
        self.cleared = True


class _Sheet:
    def __init__(self) -> None:
        self.ranges: dict[tuple[int, int], _Range] = {}

    def range(self, at: tuple[int, int]) -> _Range:
        return self.ranges.setdefault(at, _Range())


class _Book:
    def __init__(self) -> None:
        self.sheets = {"Demand": _Sheet()}


@pytest.mark.parametrize("text", ["=SUM(A1)", "+44 1274", "-5 on last month", "@mention", "plain words"])
def test_text_is_written_as_text_never_as_a_formula(text: str) -> None:
    book = _Book()
    XlwingsBook(book).write("Demand", 0, 0, text)
    assert book.sheets["Demand"].ranges[(1, 1)].value == "'" + text  # Excel's prefix for "this is text"


def test_rows_keep_numbers_as_numbers_and_text_as_text() -> None:
    book = _Book()
    XlwingsBook(book).write_rows("Demand", 4, 2, [["=A1", 12.5], ["May-20", None]])
    assert book.sheets["Demand"].ranges[(5, 3)].value == [["'=A1", 12.5], ["'May-20", None]]


def test_an_empty_value_clears_the_cell() -> None:
    book = _Book()
    XlwingsBook(book).write("Demand", 2, 3, "")
    assert book.sheets["Demand"].ranges[(3, 4)].cleared


def test_nothing_is_signalled_as_written_when_the_extracts_are_wrong(tmp_path: Path) -> None:
    extracts = tmp_path / "extracts"
    shutil.copytree(EXAMPLES, extracts)
    workbook = build(extracts, tmp_path / "VitalSigns.xlsx").path
    measures = next(extracts.glob("measures*.csv"))
    measures.write_text(measures.read_text(encoding="utf-8") + "contacts,2020-06,not a number,,,\n", encoding="utf-8")
    written: list[bool] = []
    book = MemoryBook()
    with pytest.raises(ExtractError):
        refresh_in_place(book, workbook, writing=lambda: written.append(True))
    assert written == [] and book.cells == {}
