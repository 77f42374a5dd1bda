"""Refresh in place, against a live spreadsheet application: LibreOffice Calc with the workbook open.

An officer's May 2020 workbook is opened in Calc; the officer types commentary, adds a sheet
with a formula, a formula on a report sheet and a cell note, and saves. The Refresh job then
writes June 2020 into the open document through ``UnoBook`` (the test's ``LiveBook``, as
``XlwingsBook`` is Excel's), and Calc saves it. The saved result must show exactly what
``vitalsigns build`` writes for June over the same May workbook, every cell of every report
sheet, with the RAG formulas recalculated by Calc, and the officer's additions intact.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import EXAMPLES
from tests.excel_colours import file_colours
from tests.uno_calc import Calc, UnoBook, calc, uno_available
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.contract import officer_cell_name, rag_cell_name
from vitalsigns_xl.jobs.build import Outcome, build
from vitalsigns_xl.jobs.refresh_in_place import refresh_in_place
from vitalsigns_xl.live import MemoryBook, ShapeChanged, check_shape, expected_names
from vitalsigns_xl.model import Report
from vitalsigns_xl.render import lay_out
from vitalsigns_xl.workbook_io import read_workbook

pytestmark = [
    pytest.mark.skipif(not uno_available(), reason="needs LibreOffice and python3-uno"),
    pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported", "ignore:Data Validation"),
]
MAY, JUNE = Month(2020, 5), Month(2020, 6)
TYPED = "Front door review under way; =not a formula, just what the officer typed."
NOTES_SHEET = "My notes"
OWN_FORMULA = "=Summary!D5*2"
REPORT_SHEET_FORMULA = "=Summary!D5+1"  # on a report sheet, beside the report's own cells
NOTE = "Checked with the data team"


@dataclass(frozen=True)
class Refreshed:
    path: Path  # the workbook as Calc saved it after the refresh
    reference: Path  # `vitalsigns build` for June over the officer's saved May workbook
    outcome: Outcome
    section_sheet: str
    note_cell: tuple[int, int]


def _officer_edits(calc_app: Calc, path: Path) -> tuple[str, tuple[int, int]]:
    """Open May in Calc and work as an officer does: type, add a sheet, a formula and a note; save."""
    from com.sun.star.table import CellAddress

    document = calc_app.open(path)
    try:
        book = UnoBook(document)
        names = book.defined_names()
        sheet, row, col = names[officer_cell_name("contacts")]
        book.write(sheet, row, col, TYPED)
        document.Sheets.insertNewByName(NOTES_SHEET, document.Sheets.Count)
        book.write(NOTES_SHEET, 0, 0, "Notes for the June board")
        book.write_formula(NOTES_SHEET, 1, 1, OWN_FORMULA)
        book.write_formula(sheet, 0, 25, REPORT_SHEET_FORMULA)  # Z1, far right of the measure blocks
        _, rag_row, _ = names[rag_cell_name("contacts")]
        address = CellAddress()
        address.Sheet, address.Column, address.Row = document.Sheets.ElementNames.index(sheet), 13, rag_row
        document.Sheets.getByName(sheet).Annotations.insertNew(address, NOTE)
        Calc.save_as_xlsx(document, path)
    finally:
        document.close(True)
    return sheet, (rag_row, 13)


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Refreshed]:
    folder = tmp_path_factory.mktemp("live")
    path = folder / "VitalSigns.xlsx"
    build(EXAMPLES, path, MAY)
    with calc() as calc_app:
        sheet, note_cell = _officer_edits(calc_app, path)
        document = calc_app.open(path)
        try:
            outcome = refresh_in_place(UnoBook(document), path)  # the Refresh button, with Calc standing in for Excel
            Calc.save_as_xlsx(document, path)
        finally:
            document.close(True)
    assert outcome.backup is not None
    reference = folder / "reference" / "VitalSigns.xlsx"
    reference.parent.mkdir()
    shutil.copyfile(outcome.backup, reference)  # the officer's May workbook as they saved it
    build(EXAMPLES, reference, JUNE)
    yield Refreshed(path, reference, outcome, sheet, note_cell)


def _values(path: Path, sheet: str) -> dict[tuple[int, int], Any]:
    book = openpyxl.load_workbook(path, data_only=True)
    found = {}
    for row in book[sheet].iter_rows():
        for cell in row:
            if cell.value not in (None, ""):
                found[(cell.row, cell.column)] = cell.value
    return found


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return bool(a == pytest.approx(b, rel=1e-12, abs=1e-12))
    return bool(a == b)


def test_every_report_cell_equals_what_build_writes_for_june(refreshed: Refreshed, example_report: Report) -> None:
    reference = openpyxl.load_workbook(refreshed.reference, read_only=True)
    sheets = [s for s in reference.sheetnames if s not in ("Commentary",)]
    compared = 0
    for sheet in sheets:
        ours, theirs = _values(refreshed.path, sheet), _values(refreshed.reference, sheet)
        extra = {at: v for at, v in ours.items() if at not in theirs}
        if sheet == refreshed.section_sheet:
            extra.pop((1, 26), None)  # the officer's formula in Z1
        assert extra == {}, f"{sheet}: cells the build does not write"
        differing = {at: (ours.get(at), v) for at, v in theirs.items() if not _same(ours.get(at), v)}
        assert differing == {}, f"{sheet}: cells that differ from the June build"
        compared += len(theirs)
    assert compared > 5000  # every figure of 35 measures, the Summary and the Data table


def test_the_summarys_spc_colours_follow_june_as_a_build_colours_them(refreshed: Refreshed) -> None:
    """Variation and assurance on the Summary, in the colours Calc saved after the refresh: June's, as the build
    gives them, including the measures whose verdict changed since May (contacts: a change, then common cause)."""
    from vitalsigns_xl.render.cells import SUMMARY_ASSURANCE, SUMMARY_FIRST_ROW, SUMMARY_VARIATION

    ours = openpyxl.load_workbook(refreshed.path)["Summary"]
    theirs = openpyxl.load_workbook(refreshed.reference)["Summary"]
    may = openpyxl.load_workbook(refreshed.outcome.backup)["Summary"]  # type: ignore[arg-type]
    rows = range(SUMMARY_FIRST_ROW + 1, SUMMARY_FIRST_ROW + 1 + len(refreshed.outcome.report.indicators))
    changed = 0
    for row in rows:
        for col in (SUMMARY_VARIATION + 1, SUMMARY_ASSURANCE + 1):
            june = file_colours(theirs.cell(row, col))
            assert file_colours(ours.cell(row, col)) == june, (theirs.cell(row, 1).value, col)
            changed += june != file_colours(may.cell(row, col))
    assert changed >= 5


def test_the_commentary_log_matches_apart_from_when_it_changed(refreshed: Refreshed) -> None:
    ours, theirs = _values(refreshed.path, "Commentary"), _values(refreshed.reference, "Commentary")
    last_changed = 6  # column F
    assert {at: v for at, v in ours.items() if at[1] != last_changed} == {
        at: v for at, v in theirs.items() if at[1] != last_changed
    }
    assert TYPED in ours.values()  # May's text, logged


def test_rag_formulas_recalculated_by_calc_agree_with_the_model(refreshed: Refreshed) -> None:
    # The refresh writes each RAG formula without a result, so what the saved file holds is Calc's own answer.
    book = openpyxl.load_workbook(refreshed.path, data_only=True)
    formulas = openpyxl.load_workbook(refreshed.path)
    report = refreshed.outcome.report
    assert report.period == JUNE
    checked = 0
    for item in report.indicators:
        ((sheet, coordinate),) = book.defined_names[rag_cell_name(item.indicator.id)].destinations
        cell = coordinate.replace("$", "")
        if item.indicator.rag is not None:
            assert str(formulas[sheet][cell].value).startswith("=IF(")
            assert (book[sheet][cell].value or "") == (item.rag.value if item.rag else ""), item.indicator.id
            checked += 1
    assert checked >= 15


def test_the_officers_additions_are_intact(refreshed: Refreshed) -> None:
    values = openpyxl.load_workbook(refreshed.path, data_only=True)
    formulas = openpyxl.load_workbook(refreshed.path)
    assert NOTES_SHEET in values.sheetnames
    assert values[NOTES_SHEET]["A1"].value == "Notes for the June board"
    assert formulas[NOTES_SHEET]["B2"].value == OWN_FORMULA
    june_first = values["Summary"]["D5"].value
    assert isinstance(june_first, int | float) and values[NOTES_SHEET]["B2"].value == pytest.approx(2 * june_first)
    assert formulas[refreshed.section_sheet]["Z1"].value == REPORT_SHEET_FORMULA
    row, col = refreshed.note_cell
    comment = formulas[refreshed.section_sheet].cell(row + 1, col + 1).comment
    assert comment is not None and NOTE in comment.text
    saved = read_workbook(refreshed.path)
    assert saved.period == JUNE
    assert TYPED in saved.inputs["contacts"] and saved.inputs["contacts"] != TYPED  # carried forward, marked as a draft
    assert saved.log[("contacts", MAY)].text == TYPED
    assert refreshed.outcome.carried_forward == ("contacts",)


def test_a_report_that_changed_shape_is_refused_before_anything_is_written(example_report: Report) -> None:
    sections = lay_out(example_report)
    book = MemoryBook(names=expected_names(sections))
    check_shape(book, sections)  # the same shape: accepted
    del book.names[officer_cell_name("contacts")]
    sheet, row, col = book.names[rag_cell_name("referrals")]
    book.names[rag_cell_name("referrals")] = (sheet, row + 2, col)
    with pytest.raises(ShapeChanged, match=r"measures added: contacts\).*vitalsigns refresh"):
        check_shape(book, sections)
    book.names = {n: at for n, at in expected_names(sections).items() if "contacts" not in n}
    book.names["vs_officer_retired_measure"] = ("Demand", 500, 10)
    with pytest.raises(ShapeChanged, match="measures added: contacts, contacts_decided_1wd; measures removed: retired_measure"):
        check_shape(book, sections)
    assert book.cells == {}
