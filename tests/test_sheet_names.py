"""A section title with an apostrophe ("Children's services") is a legal sheet name, and every
reference the workbook makes to it must double the apostrophe as Excel requires: the links on the
Contents and Summary, the defined names the refresh and Excel functions use, and the live RAG
formulas. Built, refreshed and board-packed through the command line, and recalculated by
LibreOffice, which refuses a reference it cannot parse."""

from __future__ import annotations

import html
import os
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from xlsxwriter.utility import quote_sheetname

from tests.conftest import EXAMPLES
from tests.test_report_files import vitalsigns
from vitalsigns_xl.contract import rag_cell_name, sheet_ref
from vitalsigns_xl.libreoffice import convert, soffice

TITLE = "Children's front door"


def test_sheet_ref_doubles_an_apostrophe() -> None:
    # Excel's own rule for a sheet name in a formula: quoted, an apostrophe inside written twice.
    assert sheet_ref("Children's front door", "$A$1") == "'Children''s front door'!$A$1"
    assert sheet_ref("Summary") == "'Summary'!A1"


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("apostrophe")
    extracts = folder / "extracts"
    shutil.copytree(EXAMPLES, extracts)
    report = extracts / "bradford_own.yaml"
    assert vitalsigns("new-report", str(report)).returncode == 0
    text = report.read_text(encoding="utf-8")
    assert "    title: Demand\n" in text
    report.write_text(text.replace("    title: Demand\n", f'    title: "{TITLE}"\n', 1), encoding="utf-8")
    with (extracts / "report.yaml").open("a", encoding="utf-8") as settings:
        settings.write("report_file: bradford_own.yaml\n")
    workbook = folder / "pack.xlsx"
    for command in (("build", str(extracts), "--period", "2020-05", "--out", str(workbook)), ("refresh", str(workbook))):
        done = vitalsigns(*command)
        assert done.returncode == 0, done.stdout + done.stderr
    return workbook


def test_references_to_the_sheet_are_quoted_and_the_refresh_reads_them(pack: Path) -> None:
    book = openpyxl.load_workbook(pack)
    assert TITLE in book.sheetnames
    assert book.defined_names[rag_cell_name("contacts")].attr_text.startswith("'Children''s front door'!")
    links = [cell.hyperlink.location for row in book["Summary"].iter_rows() for cell in row if cell.hyperlink]
    assert any(link and link.startswith("'Children''s front door'!") for link in links)


def test_board_pack_builds_from_it(pack: Path, tmp_path: Path) -> None:
    done = vitalsigns("board-pack", str(pack), "--out", str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert list(tmp_path.glob("*_board.xlsx"))


@pytest.mark.skipif(soffice() is None and not os.environ.get("CI"), reason="LibreOffice Calc is not installed")
def test_libreoffice_recalculates_every_formula_on_it(pack: Path, tmp_path: Path) -> None:
    recalculated = convert(pack, "xlsx:Calc MS Excel 2007 XML", tmp_path)
    formulas = openpyxl.load_workbook(pack)
    cached = openpyxl.load_workbook(pack, data_only=True)
    calc = openpyxl.load_workbook(recalculated, data_only=True)
    into_the_sheet = 0
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    ours, theirs = cached[sheet.title][cell.coordinate].value, calc[sheet.title][cell.coordinate].value
                    assert ours == theirs, f"{sheet.title}!{cell.coordinate} {cell.value}: {ours!r}, LibreOffice {theirs!r}"
                    into_the_sheet += "'Children''s front door'!" in str(cell.value)
    assert into_the_sheet >= 1  # the Summary reads the RAG of the section's one rated measure (2b) from it


TRICKY_TITLES = {"contacts": "Rates!A1 of contacts", "referrals": "=1+1 referrals", "cin_count": "@children in need"}


def test_a_chart_title_is_its_heading_cell_never_a_formula(tmp_path: Path) -> None:
    extracts = tmp_path / "extracts"
    shutil.copytree(EXAMPLES, extracts)
    report = extracts / "own.yaml"
    assert vitalsigns("new-report", str(report)).returncode == 0
    text = report.read_text(encoding="utf-8")
    for measure_id, title in TRICKY_TITLES.items():
        entry = f'{{id: {measure_id}, code: "'
        assert entry in text
        text = text.replace(entry, f'{{id: {measure_id}, title: "{title}", code: "', 1)
    report.write_text(text, encoding="utf-8")
    (extracts / "report.yaml").open("a", encoding="utf-8").write("report_file: own.yaml\n")
    workbook = tmp_path / "pack.xlsx"
    done = vitalsigns("build", str(extracts), "--out", str(workbook))
    assert done.returncode == 0, done.stdout + done.stderr

    book = openpyxl.load_workbook(workbook)
    headings = {cell.value: f"{quote_sheetname('Demand')}!$A${cell.row}" for cell in book["Demand"]["A"] if cell.value}
    with zipfile.ZipFile(workbook) as parts:
        titles = [
            re.search(r"<c:title><c:tx><c:strRef><c:f>([^<]*)</c:f>", parts.read(name).decode())
            for name in parts.namelist()
            if name.startswith("xl/charts/chart")
        ]
    references = {html.unescape(found.group(1)) for found in titles if found}
    for code, title in (
        ("1a", TRICKY_TITLES["contacts"]),
        ("2a", TRICKY_TITLES["referrals"]),
        ("2c", TRICKY_TITLES["cin_count"]),
    ):
        assert headings[f"{code}. {title}"] in references  # the title reads the heading, which holds the words as text
    assert not any("Rates!" in reference for reference in references)
