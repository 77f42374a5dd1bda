"""The workbook opened by a real spreadsheet program: LibreOffice Calc, headless.

On CI LibreOffice must be there (.ci/run installs it); elsewhere these tests are skipped
with the reason when it cannot be installed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import openpyxl
import pytest

from tests.test_workbook import build
from vitalsigns_xl.catalogue import Catalogue
from vitalsigns_xl.extracts import Extracts
from vitalsigns_xl.libreoffice import convert, soffice
from vitalsigns_xl.model import Report

if soffice() is None:
    if os.environ.get("CI"):
        raise RuntimeError("LibreOffice is required on CI: tools/install-system-packages.sh should have installed it")
    pytest.skip("LibreOffice Calc is not installed (needs root and apt-get)", allow_module_level=True)

pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported")


@pytest.fixture(scope="module")
def workbook(
    tmp_path_factory: pytest.TempPathFactory, example_report: Report, catalogue: Catalogue, example_extracts: Extracts
) -> Path:
    return build(tmp_path_factory.mktemp("lo") / "VitalSigns_2020-06.xlsx", example_report, catalogue, example_extracts)


def test_converts_to_pdf(workbook: Path, tmp_path: Path, catalogue: Catalogue) -> None:
    pdf = convert(workbook, "pdf", tmp_path)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert pages >= len(catalogue.indicators) + 3  # a page per measure, after cover, contents and summary


def _normalise(value: object) -> object:
    if value is None or value == "":
        return ""
    return round(value, 9) if isinstance(value, float) else value


def test_every_formula_equals_its_cached_value_after_recalculation(workbook: Path, tmp_path: Path) -> None:
    recalculated = convert(workbook, "xlsx:Calc MS Excel 2007 XML", tmp_path)
    formulas = openpyxl.load_workbook(workbook)
    cached = openpyxl.load_workbook(workbook, data_only=True)
    calc = openpyxl.load_workbook(recalculated, data_only=True)
    checked, words = 0, set()
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                ours = _normalise(cached[sheet.title][cell.coordinate].value)
                theirs = _normalise(calc[sheet.title][cell.coordinate].value)
                assert ours == theirs, f"{sheet.title}!{cell.coordinate} {cell.value}: cached {ours!r}, LibreOffice {theirs!r}"
                checked += 1
                words.add(ours)
    assert checked >= 40  # RAG formulas on the section sheets and the Summary's links
    assert {"Red", "Amber", "Green"} <= words
