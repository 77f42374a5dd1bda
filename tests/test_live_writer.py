"""The live writer's Excel side and the Refresh button's "was anything written" signal, without Excel.

``XlwingsBook`` is the only code that keeps officer or data text beginning with = + - @ as text
in the open workbook (Excel reads ``'=x`` as the text ``=x``); the LibreOffice test writes with
``setString``, which is safe whatever this code does, so it is checked here over a stand-in for
xlwings' range objects.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest

from tests.conftest import EXAMPLES
from tests.excel_colours import file_colours
from vitalsigns_xl.extracts import ExtractError
from vitalsigns_xl.jobs.build import build
from vitalsigns_xl.jobs.refresh_in_place import refresh_in_place
from vitalsigns_xl.live import MemoryBook, XlwingsBook, expected_names
from vitalsigns_xl.render import lay_out
from vitalsigns_xl.render.cells import PLAIN, SUMMARY_ASSURANCE, SUMMARY_FIRST_ROW, SUMMARY_VARIATION, Colours

pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported", "ignore:Data Validation")


class _Range:
    def __init__(self) -> None:
        self.value: Any = None
        self.cleared = False
        self.color: Any = "#FFFFFF"
        self.font = SimpleNamespace(color=None, bold=None)

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


def test_colours_are_set_as_excel_takes_them() -> None:
    book = _Book()
    XlwingsBook(book).set_colours("Demand", 0, 0, Colours("#DCEEFA", "#0B4F8A", bold=True))
    XlwingsBook(book).set_colours("Demand", 1, 0, PLAIN)
    coloured, plain = book.sheets["Demand"].ranges[(1, 1)], book.sheets["Demand"].ranges[(2, 1)]
    assert (coloured.color, coloured.font.color, coloured.font.bold) == ("#DCEEFA", "#0B4F8A", True)
    assert (plain.color, plain.font.color, plain.font.bold) == (None, "#0B0C0C", False)  # None: xlwings removes the fill


def test_a_refresh_in_place_colours_the_summarys_spc_cells_as_a_build_does(tmp_path: Path, may_built_once: Path) -> None:
    """May's Summary said "special cause" for contacts, in purple; June's says common cause, in grey: the
    refresh must change the colour with the words, to what ``vitalsigns build`` writes for June."""
    may = tmp_path / "officer" / "VitalSigns.xlsx"
    may.parent.mkdir()
    shutil.copyfile(may_built_once, may)
    june = build(EXAMPLES, tmp_path / "june" / "VitalSigns.xlsx")
    sections = lay_out(june.report)
    book = MemoryBook(names=expected_names(sections))
    refresh_in_place(book, may)

    summary = openpyxl.load_workbook(june.path)["Summary"]
    may_summary = openpyxl.load_workbook(may)["Summary"]
    rows = range(SUMMARY_FIRST_ROW, SUMMARY_FIRST_ROW + len(june.report.indicators))
    spc_cells = [(row, col) for row in rows for col in (SUMMARY_VARIATION, SUMMARY_ASSURANCE)]
    assert {at for at in book.colours if at[0] == "Summary"} == {("Summary", row, col) for row, col in spc_cells}
    changed = 0
    for row, col in spc_cells:
        built = file_colours(summary.cell(row + 1, col + 1))
        assert book.colours[("Summary", row, col)] == built, (row, col)
        changed += built != file_colours(may_summary.cell(row + 1, col + 1))
    code = next(i.indicator.code for i in june.report.indicators if i.indicator.id == "contacts")
    contacts = next(r for r in rows if summary.cell(r + 1, 1).value == code)
    assert file_colours(may_summary.cell(contacts + 1, SUMMARY_VARIATION + 1)).fill == "#ECE2F5"  # May: a change
    assert book.colours[("Summary", contacts, SUMMARY_VARIATION)].fill == "#EEEFEF"  # June: common cause
    assert changed >= 5  # contacts, referrals, the children in need count and rate, and s47 to ICPC


def _with_format_property(source: Path, target: Path, version: int | None) -> Path:
    """A copy of the workbook at ``source`` whose format property says ``version`` (None: has none, as the first did)."""
    import re
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "docProps/custom.xml":
                text = data.decode()
                found = re.search(r'<property [^>]*name="Vital Signs workbook"><vt:i4>\d+</vt:i4></property>', text)
                assert found, "the format property, as xlsxwriter writes it"
                kept = "" if version is None else re.sub(r"<vt:i4>\d+</vt:i4>", f"<vt:i4>{version}</vt:i4>", found[0])
                data = text.replace(found[0], kept).encode()
            new.writestr(item, data)
    return target


@pytest.mark.parametrize(
    ("version", "said"),
    [
        (1, r"made by an earlier version \(workbook format 1\) of Vital Signs.*run a full rebuild once.*vitalsigns refresh"),
        (None, r"made by an earlier version of Vital Signs, whose layout differs"),
        (99, r"made by a newer version of Vital Signs \(workbook format 99; this version writes format 2\)"),
    ],
)
def test_a_workbook_of_another_layout_is_refused_before_anything_is_written(
    tmp_path: Path, may_built_once: Path, version: int | None, said: str
) -> None:
    """A refresh in place writes by position, so a workbook whose cells are where another version put them (the SPC
    data sheet's rows moved in format 2) is refused with what to do; a full rebuild reads any of them."""
    from vitalsigns_xl.contract import FORMAT_VERSION
    from vitalsigns_xl.jobs.refresh import refresh
    from vitalsigns_xl.live import ShapeChanged

    assert FORMAT_VERSION == 2
    old = _with_format_property(may_built_once, tmp_path / "VitalSigns.xlsx", version)
    book = MemoryBook(names=expected_names(lay_out(build(EXAMPLES, tmp_path / "june.xlsx").report)))
    written: list[bool] = []
    with pytest.raises(ShapeChanged, match=said):
        refresh_in_place(book, old, writing=lambda: written.append(True))
    assert written == [] and book.cells == {} and not (tmp_path / "backups").exists()
    if version != 99:
        refresh(old, EXAMPLES)  # the full rebuild the message asks for: the workbook is this version's again
        assert openpyxl.load_workbook(old).custom_doc_props["Vital Signs workbook"].value == FORMAT_VERSION
