"""Inside Excel, as far as it can be checked without Excel: the UDFs, the .xlsm's VBA project and settings."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlwings
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import VBA_Parser

from tests.conftest import EXAMPLES
from vitalsigns_xl import udfs
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.catalogue import Unit
from vitalsigns_xl.excel import error_message, outcome_message
from vitalsigns_xl.formatting import direction_label
from vitalsigns_xl.jobs.build import build
from vitalsigns_xl.jobs.refresh import refresh
from vitalsigns_xl.model import Report
from vitalsigns_xl.render.vba import MACROS_DIR, PROJECT_MODULES, read_source
from vitalsigns_xl.workbook_io import WorkbookError, read_workbook

pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported", "ignore:Data Validation")
MAY = Month(2020, 5)


# ---------------------------------------------------------------- UDFs: the model's own answers


def test_vs_rag_and_vs_direction_agree_with_the_model_for_every_measure(example_report: Report) -> None:
    checked = 0
    for item in example_report.indicators:
        ind = item.indicator
        if item.latest is None:
            continue
        tolerance = ind.rag.tolerance if ind.rag else None
        expected_rag = item.rag.value if item.rag else ""
        low, high = (item.band.low, item.band.high) if item.band else (None, None)
        if item.band:
            assert udfs.VS_RAG_BAND(item.latest, low, high, tolerance) == expected_rag, ind.id
        else:
            assert udfs.VS_RAG(item.latest, item.target, ind.polarity.value, tolerance) == expected_rag, ind.id
        expected_direction = direction_label(item.direction) if item.direction else ""
        got = udfs.VS_DIRECTION(item.latest, item.previous, ind.polarity.value, ind.decimals, low, high)
        assert got == expected_direction, ind.id
        checked += 1
    assert checked >= 30


def test_vs_rag_on_percentage_cells_in_fractions() -> None:
    assert udfs.VS_RAG(0.543, 0.65, "higher_is_better", 0.05) == "Red"
    assert udfs.VS_RAG(0.60, 0.65, "higher", 0.05) == "Amber"  # exactly on the boundary, as in the workbook
    assert udfs.VS_RAG(0.021, 0.035, "lower_is_better") == "Green"
    assert udfs.VS_RAG(12, None, "lower") == ""
    assert udfs.VS_DIRECTION(0.543, 0.538, "higher_is_better", 3) == "↑ Improving"
    assert udfs.VS_DIRECTION(0.5431, 0.5434, "higher_is_better", 3) == "→ Stable"


def test_vs_rolling12_and_vs_rate_agree_with_the_model(example_report: Report) -> None:
    by_id = {i.indicator.id: i for i in example_report.indicators}
    missing = by_id["cic_missing_episodes"]
    assert missing.rolling_12 is not None
    assert udfs.VS_ROLLING12([[v] for v in missing.values]) == pytest.approx(missing.rolling_12[-1])  # a column range
    assert udfs.VS_ROLLING12(list(missing.values)) == 94.5
    cp = by_id["cp_rate"]
    assert udfs.VS_RATE_PER_10K(cp.numerators[-1], cp.denominators[-1]) == pytest.approx(cp.latest)
    rates = [i for i in example_report.indicators if i.indicator.unit is Unit.RATE_PER_10K]
    assert len(rates) == 3  # children on a plan, in care and in need


def test_vs_value_reads_the_data_sheet(tmp_path: Path, example_report: Report) -> None:
    path = tmp_path / "VitalSigns.xlsx"
    build(EXAMPLES, path)
    rows = [list(r) for r in openpyxl.load_workbook(path)["Data"].iter_rows(min_row=3, values_only=True)]
    for item in example_report.indicators:
        if item.latest is not None and not item.indicator.breakdowns:
            assert udfs.VS_VALUE(item.indicator.id, "2020-06", None, rows) == pytest.approx(item.latest)
    assert udfs.VS_VALUE("13a", datetime(2020, 6, 1), None, rows) == 54.3  # by code, with a date cell
    assert udfs.VS_VALUE("cic_placement_mix", "2020-06", "foster", rows) == pytest.approx(40.9, abs=0.05)
    assert udfs.VS_VALUE("care_leavers_eet", "2031-01", None, rows) == "#VALUE! no figure for care_leavers_eet in January 2031"


def test_vs_working_days_counts_england_and_wales_bank_holidays() -> None:
    assert udfs.VS_WORKING_DAYS(date(2020, 12, 24), date(2021, 1, 4)) == 4  # Christmas, Boxing Day (moved), New Year
    assert udfs.VS_WORKING_DAYS(date(2023, 5, 5), date(2023, 5, 9)) == 1  # the coronation bank holiday
    assert udfs.VS_WORKING_DAYS(datetime(2020, 6, 1), datetime(2020, 6, 1)) == 0  # the start date is day 0
    assert udfs.VS_WORKING_DAYS("2020-06-01", "2020-08-03") == 45  # 1 June + 45 working days (no holiday between)
    assert udfs.VS_WORKING_DAYS(43983, 43985) == 2  # Excel serial numbers: 1 and 3 June 2020
    assert udfs.VS_WORKING_DAYS(date(2020, 6, 3), date(2020, 6, 1)) == -2
    assert udfs.VS_WORKING_DAYS(date(2020, 8, 28), date(2020, 9, 1)) == 1  # the summer bank holiday, 31 August


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: udfs.VS_RAG(1, 2, "sideways"), "#VALUE! polarity must be one of higher_is_better, lower_is_better, neutral"),
        (lambda: udfs.VS_RAG("lots", 2, "higher"), "#VALUE! value must be a number, not 'lots'"),
        (lambda: udfs.VS_RAG(1, 2, "higher", -1), "#VALUE! tolerance must not be negative"),
        (lambda: udfs.VS_RATE_PER_10K(5, 0), "#VALUE! population must be more than 0"),
        (lambda: udfs.VS_WORKING_DAYS("soon", "2020-01-01"), "#VALUE! start_date must be a date, not 'soon'"),
        (lambda: udfs.VS_ROLLING12([1.0] * 11), "#VALUE! needs 12 months, the range has 11"),
        (lambda: udfs.VS_ROLLING12([1.0] * 11 + [None]), "#VALUE! a month in the last 12 has no figure"),
        (lambda: udfs.VS_VALUE("x", "June", None, [["Indicator"]]), "#VALUE! the Data sheet is not a Vital Signs Data table"),
    ],
)
def test_bad_arguments_give_a_clear_error_text(call: Any, message: str) -> None:
    assert call() == message


ANYTHING = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20), st.lists(st.floats(), max_size=15), st.dates()
)


@settings(deadline=None)
@given(a=ANYTHING, b=ANYTHING, c=ANYTHING, d=ANYTHING)
def test_no_argument_ever_raises_into_a_cell(a: Any, b: Any, c: Any, d: Any) -> None:
    for udf in udfs.REGISTRY:
        count = len(udf.function.__wrapped__.__code__.co_varnames[: udf.function.__wrapped__.__code__.co_argcount])
        result = udf.function(*(a, b, c, d)[:count])
        row_of_numbers = isinstance(result, list) and all(isinstance(v, float) for v in result)  # VS_SPC_LIMITS
        assert isinstance(result, str | int | float) or row_of_numbers, (udf.name, result)
        if isinstance(result, str) and result.startswith("#"):
            assert result.startswith("#VALUE! ") and "Traceback" not in result


# ---------------------------------------------------------------- the VBA wrappers


def test_the_udf_wrapper_module_is_generated_from_the_python() -> None:
    on_disk = (MACROS_DIR / "VitalSignsUDFs.bas").read_bytes().decode("ascii")
    assert on_disk == udfs.vba_module(), "run: python -m vitalsigns_xl.udfs"
    for udf in udfs.REGISTRY:
        assert f'XLPy.CallUDF("vitalsigns_xl.udfs", "{udf.name}", Array(' in on_disk
    assert "Function VS_VALUE(indicator, period, Optional breakdown)" in on_disk
    assert 'Array(indicator, period, breakdown, ThisWorkbook.Worksheets("Data").ListObjects("DataTable").Range.Value)' in on_disk
    assert "Function VS_WORKING_DAYS(start_date, end_date)" in on_disk  # "end" is a VBA keyword


# ---------------------------------------------------------------- the officer's .xlsm


@pytest.fixture(scope="module")
def xlsm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from vitalsigns_xl.render.excel_sheets import MacroOptions

    path = tmp_path_factory.mktemp("xlsm") / "VitalSigns.xlsm"
    build(EXAMPLES, path, MAY, macros=MacroOptions(interpreter_win=r"C:\Python311\python.exe", pythonpath=r"C:\vs"))
    return path


def _modules(path: Path) -> dict[str, str]:
    parser = VBA_Parser(str(path))
    try:
        return {Path(name).stem: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def _normal(source: str) -> str:
    """Module text without the Attribute lines VBA adds and with one kind of line end."""
    lines = source.replace("\r\n", "\n").split("\n")
    return "\n".join(line for line in lines if not line.startswith("Attribute VB_")).strip()


def test_every_module_is_embedded_as_its_source(xlsm: Path) -> None:
    modules = _modules(xlsm)
    for name in PROJECT_MODULES:
        assert _normal(modules[name]) == _normal(read_source(MACROS_DIR / f"{name}.bas")), name
    xlwings_source = read_source(Path(xlwings.__file__).parent / "xlwings.bas")
    assert _normal(modules["xlwings"]) == _normal(xlwings_source)
    assert f"'Version: {xlwings.__version__}" in modules["xlwings"]  # taken from the installed package


def test_the_buttons_run_an_existing_macro_and_the_package_is_macro_enabled(xlsm: Path) -> None:
    with zipfile.ZipFile(xlsm) as package:
        types = package.read("[Content_Types].xml").decode()
        drawings = [package.read(n).decode() for n in package.namelist() if n.startswith("xl/drawings/vmlDrawing")]
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
    assert len(drawings) == 2  # Cover and Summary
    for vml in drawings:
        assert "<x:FmlaMacro>[0]!Refresh</x:FmlaMacro>" in vml
    assert "\nSub Refresh()" in _modules(xlsm)["VitalSigns"].replace("\r\n", "\n")


def test_xlwings_conf_and_settings_sheets(xlsm: Path) -> None:
    book = openpyxl.load_workbook(xlsm)
    conf = {r[0]: r[1] for r in book["xlwings.conf"].iter_rows(values_only=True)}
    assert conf["UDF Modules"] == "vitalsigns_xl.udfs"
    assert conf["Interpreter_Win"] == r"C:\Python311\python.exe" and conf["PYTHONPATH"] == r"C:\vs"
    settings = book["Settings"]
    assert settings["A4"].value == "Extracts folder" and settings["B4"].value == str(EXAMPLES.resolve())
    assert settings["A5"].value == "Report period" and settings["B5"].value is None
    assert settings["B4"].protection.locked is False and settings["B5"].protection.locked is False


def test_the_plain_workbook_stays_macro_free(tmp_path: Path) -> None:
    path = tmp_path / "VitalSigns.xlsx"
    build(EXAMPLES, path)
    with zipfile.ZipFile(path) as package:
        assert not [n for n in package.namelist() if "vba" in n.lower() or "vmlDrawing" in n]
        assert "macroEnabled" not in package.read("[Content_Types].xml").decode()
    assert {"Settings", "xlwings.conf"}.isdisjoint(openpyxl.load_workbook(path).sheetnames)


def test_refresh_keeps_the_xlsm_its_settings_and_honours_the_settings_period(xlsm: Path, tmp_path: Path) -> None:
    copy = tmp_path / "VitalSigns.xlsm"
    copy.write_bytes(xlsm.read_bytes())
    book = openpyxl.load_workbook(copy, keep_vba=True)  # as Excel saves it, macros kept
    book["Settings"]["B5"] = "2020-05"
    ((sheet, coordinate),) = book.defined_names["vs_officer_contacts"].destinations
    book[sheet][coordinate.replace("$", "")] = "Typed in the .xlsm"
    book.save(copy)
    outcome = refresh(copy)
    assert outcome.report.period == MAY  # the Settings sheet's period, not the latest month
    saved = read_workbook(copy)
    assert saved.inputs["contacts"] == "Typed in the .xlsm"
    assert saved.settings["Report period"] == "2020-05"
    assert saved.xlwings_conf["Interpreter_Win"] == r"C:\Python311\python.exe"
    assert set(_modules(copy)) >= {"xlwings", "VitalSigns", "VitalSignsUDFs"}

    book = openpyxl.load_workbook(copy, keep_vba=True)
    book["Settings"]["B5"] = "Juen 2020"
    book.save(copy)
    before = copy.read_bytes()
    with pytest.raises(WorkbookError, match="Settings sheet's Report period: 'Juen 2020' is not a month"):
        refresh(copy)
    assert copy.read_bytes() == before


def test_xlwings_conf_keys_the_officer_added_survive_a_rebuild(xlsm: Path, tmp_path: Path) -> None:
    copy = tmp_path / "VitalSigns.xlsm"
    copy.write_bytes(xlsm.read_bytes())
    book = openpyxl.load_workbook(copy, keep_vba=True)
    conf = book["xlwings.conf"]
    conf.append(["ONEDRIVE_COMMERCIAL_WIN", r"C:\Users\officer\OneDrive - Council"])
    conf["B5"] = "True"  # Show Console, changed by the officer
    book.save(copy)
    refresh(copy)
    saved = read_workbook(copy)
    assert saved.xlwings_conf["ONEDRIVE_COMMERCIAL_WIN"] == r"C:\Users\officer\OneDrive - Council"
    assert saved.xlwings_conf["Show Console"] == "True"
    assert saved.xlwings_conf["UDF Modules"] == "vitalsigns_xl.udfs"  # the project's own, whatever was there


def test_on_windows_refresh_uses_the_python_that_built_the_workbook(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from vitalsigns_xl.render.excel_sheets import MacroOptions

    monkeypatch.setattr("sys.platform", "win32")
    monkeypatch.setattr("sys.executable", r"C:\Users\officer\AppData\Local\VitalSigns\venv\Scripts\python.exe")
    chosen = MacroOptions.for_build()
    assert chosen.interpreter_win == r"C:\Users\officer\AppData\Local\VitalSigns\venv\Scripts\python.exe"
    assert MacroOptions.for_build(r"D:\Python\python.exe").interpreter_win == r"D:\Python\python.exe"  # given wins
    monkeypatch.setattr("sys.platform", "linux")
    assert MacroOptions.for_build().interpreter_win == ""  # elsewhere, xlwings' own choice
    path = tmp_path / "VitalSigns.xlsm"
    build(EXAMPLES, path, MAY, macros=chosen)
    book = openpyxl.load_workbook(path)
    assert book["xlwings.conf"]["B1"].value == chosen.interpreter_win
    assert book["Settings"]["A6"].value == "Python for Refresh"
    assert book["Settings"]["B6"].value.startswith("=IF('xlwings.conf'!B1=")  # follows an edit on xlwings.conf
    shown = openpyxl.load_workbook(path, data_only=True)["Settings"]["B6"].value
    assert shown == chosen.interpreter_win


# ---------------------------------------------------------------- what the Refresh button says


def test_the_message_after_refresh(xlsm: Path, tmp_path: Path) -> None:
    copy = tmp_path / "VitalSigns.xlsm"
    copy.write_bytes(xlsm.read_bytes())  # as built: the RAG results are saved with their formulas, as Excel saves them
    lines = outcome_message(refresh(copy, period=Month(2020, 6))).splitlines()
    assert lines[0] == "Refreshed for June 2020: 61 measures (8 red, 7 amber, 2 green)."
    assert "Changed colour:" in lines
    assert "  8 Initial child protection conferences within 15 working days: Green → Amber" in lines
    assert lines[-1].startswith("The previous version is kept as VitalSigns ")

    typed = tmp_path / "typed" / "VitalSigns.xlsm"
    typed.parent.mkdir()
    typed.write_bytes(xlsm.read_bytes())
    book = openpyxl.load_workbook(typed, keep_vba=True)
    ((sheet, coordinate),) = book.defined_names["vs_officer_contacts"].destinations
    book[sheet][coordinate.replace("$", "")] = "May words"
    book.save(typed)
    message = outcome_message(refresh(typed))
    assert "1 comment was carried forward from last month, marked DRAFT for you to review." in message.splitlines()


def test_errors_are_told_in_plain_words() -> None:
    assert error_message(WorkbookError("the sheet 'Data' is missing")) == (
        "Refresh did not run:\n\nthe sheet 'Data' is missing\n\nThe workbook has not been changed."
    )
    unexpected = error_message(KeyError("x"))
    assert unexpected.startswith("Refresh did not run because of an unexpected problem (KeyError")
    assert "Traceback" not in unexpected
