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

from tests.catalogue_files import default_catalogue_data, entry, write_catalogue
from tests.test_workbook import build
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.catalogue import Catalogue
from vitalsigns_xl.contract import rag_cell_name
from vitalsigns_xl.extracts import Extracts
from vitalsigns_xl.jobs.build import build as build_job
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


def _cached_and_recalculated(workbook: Path, tmp_path: Path) -> dict[tuple[str, str], tuple[object, object]]:
    """Every formula cell: the value the workbook was written with, and LibreOffice's own after recalculating."""
    recalculated = convert(workbook, "xlsx:Calc MS Excel 2007 XML", tmp_path)
    formulas = openpyxl.load_workbook(workbook)
    cached = openpyxl.load_workbook(workbook, data_only=True)
    calc = openpyxl.load_workbook(recalculated, data_only=True)
    return {
        (sheet.title, cell.coordinate): (
            _normalise(cached[sheet.title][cell.coordinate].value),
            _normalise(calc[sheet.title][cell.coordinate].value),
        )
        for sheet in formulas.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    }


def test_every_formula_equals_its_cached_value_after_recalculation(workbook: Path, tmp_path: Path) -> None:
    found = _cached_and_recalculated(workbook, tmp_path)
    for (sheet, coordinate), (ours, theirs) in found.items():
        assert ours == theirs, f"{sheet}!{coordinate}: cached {ours!r}, LibreOffice {theirs!r}"
    assert len(found) >= 40  # RAG formulas on the section sheets and the Summary's links
    assert {"Red", "Amber", "Green"} <= {ours for ours, _ in found.values()}
    # 15a and 15b are rated against bands: their Summary targets are the text of both ends, recalculated alike
    assert {"2.5–5.0%", "10.0–15.0%"} <= {ours for ours, _ in found.values()}


# Measures rated against the band 10% to 15% with 2 points' tolerance (repeat CP plans' catalogue default),
# and the colour each June figure must get, worked out by hand: Green from 10 to 15 with both ends
# included, Amber up to 2 points outside on either side (8 to 10, 15 to 17), Red further out.
BANDED_JUNE = {
    "band_red_below": (7.9, "Red"),  # 2.1 below 10
    "band_amber_edge_below": (8.0, "Amber"),  # exactly 2 below: the tolerance's edge is amber
    "band_amber_below": (9.5, "Amber"),
    "band_green_low_end": (10.0, "Green"),
    "band_green_inside": (12.5, "Green"),
    "band_green_high_end": (15.0, "Green"),
    "band_amber_above": (16.9, "Amber"),  # 1.9 above 15
    "band_red_above": (17.1, "Red"),  # 2.1 above 15
    "band_officers": (12.5, "Red"),  # the officer's band in targets.csv, 5% to 8%: 4.5 above it
}


@pytest.fixture(scope="module")
def banded_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report of nothing but banded measures, copies of repeat CP plans, with the June figures above."""
    folder = tmp_path_factory.mktemp("banded")
    raw = default_catalogue_data()
    repeat = entry(raw, "cp_repeat_plans")
    repeat.pop("counting", None)
    raw["indicators"] = [
        {**repeat, "id": indicator, "code": f"B{n}", "title": f"Repeat plans, {indicator.replace('_', ' ')}"}
        for n, indicator in enumerate(BANDED_JUNE, start=1)
    ]
    raw["sections"] = [s for s in raw["sections"] if s["id"] == repeat["section"]]
    write_catalogue(folder / "catalogue.yaml", raw)
    extracts = folder / "extracts"
    extracts.mkdir()
    rows = [f"{i},2020-05,12.0,,,\n{i},2020-06,{june},,," for i, (june, _) in BANDED_JUNE.items()]
    (extracts / "measures.csv").write_text("indicator,period,value,numerator,denominator,breakdown\n" + "\n".join(rows) + "\n")
    (extracts / "targets.csv").write_text("indicator,target,from_period,target_low,target_high\nband_officers,,2020-01,5,8\n")
    out = folder / "Banded.xlsx"
    build_job(extracts, out, Month(2020, 6), folder / "catalogue.yaml")
    return out


def test_banded_rag_formulas_recalculate_to_the_colours_worked_out_by_hand(banded_workbook: Path, tmp_path: Path) -> None:
    found = _cached_and_recalculated(banded_workbook, tmp_path)
    for (sheet, coordinate), (ours, theirs) in found.items():
        assert ours == theirs, f"{sheet}!{coordinate}: cached {ours!r}, LibreOffice {theirs!r}"
    book = openpyxl.load_workbook(banded_workbook)
    for indicator, (june, colour) in BANDED_JUNE.items():
        ((sheet, coordinate),) = book.defined_names[rag_cell_name(indicator)].destinations
        cell = coordinate.replace("$", "")
        assert found[(sheet, cell)] == (colour, colour), indicator
        row = book[sheet][cell].row
        assert book[sheet].cell(row, 14).value == pytest.approx(june / 100)  # N: the latest figure, June
        low, high = (0.05, 0.08) if indicator == "band_officers" else (0.10, 0.15)
        assert (book[sheet].cell(row, 15).value, book[sheet].cell(row + 1, 15).value) == (low, high)  # O: the band's ends
        assert book[sheet].cell(row, 15).number_format == '"≥"0.0%'
        assert book[sheet].cell(row + 1, 15).number_format == '"≤"0.0%'
        rules = {str(rng.sqref): list(rng.rules) for rng in book[sheet].conditional_formatting}
        assert [r.formula for r in rules[cell]] == [['"Red"'], ['"Amber"'], ['"Green"']]  # coloured by the word
    summary = {found[key][0] for key in found if key[0] == "Summary"}
    assert {"10.0–15.0%", "5.0–8.0%", "Red", "Amber", "Green"} <= summary
