"""The Settings sheet read as an officer types it, and what reaches them when the extracts are wrong."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import EXAMPLES
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.excel import error_message
from vitalsigns_xl.jobs.build import build
from vitalsigns_xl.jobs.refresh import refresh
from vitalsigns_xl.render.excel_sheets import MacroOptions
from vitalsigns_xl.settings_sheet import SettingError, folder_setting, period_setting
from vitalsigns_xl.workbook_io import WorkbookError

pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported", "ignore:Data Validation")
BAD = Path(__file__).parent / "bad_extracts" / "many_problems_in_two_files"
WORKBOOK = Path("/reports/Vital Signs/VitalSigns.xlsm")


@pytest.mark.parametrize(
    "typed",
    ["2020-05", "2020-5", " 2020-05 ", "May 2020", "may 2020", "May-20", "May 20", datetime(2020, 5, 1), date(2020, 5, 31),
     "2020-05-01T00:00:00", "2020-05-17"],
)  # fmt: skip
def test_a_period_typed_any_usual_way_is_that_month(typed: object) -> None:
    assert period_setting(typed) == Month(2020, 5)


@pytest.mark.parametrize("typed", [None, "", "   "])
def test_a_blank_period_means_the_latest_month(typed: object) -> None:
    assert period_setting(typed) is None


@pytest.mark.parametrize("typed", ["June", "2020-13", "13/2020", "Maybe 2020", "next month"])
def test_anything_else_is_refused_with_the_forms_understood(typed: str) -> None:
    with pytest.raises(SettingError, match="type it as 2020-05, May 2020 or a date in the month"):
        period_setting(typed)


@pytest.mark.parametrize(
    ("typed", "folder"),
    [
        ('"/data/vital signs/extracts"', Path("/data/vital signs/extracts")),  # Explorer's "Copy as path" adds quotes
        ("/data/extracts/", Path("/data/extracts")),
        ("extracts", WORKBOOK.parent / "extracts"),  # relative to the workbook, not to wherever Python started
        ("extracts\\", WORKBOOK.parent / "extracts"),
        ("'../June extracts'", WORKBOOK.parent / "../June extracts"),
        ("C:\\Data\\Extracts\\", Path("C:\\Data\\Extracts")),  # a Windows path is absolute on any machine
        ("\\\\server\\share\\extracts", Path("\\\\server\\share\\extracts")),
        ("", None),
        ('""', None),
    ],
)
def test_a_folder_typed_any_usual_way(typed: str, folder: Path | None) -> None:
    assert folder_setting(typed, WORKBOOK) == folder


def test_a_web_address_is_refused_with_what_to_give_instead() -> None:
    with pytest.raises(SettingError, match="is a web address; give the folder as your PC sees it"):
        folder_setting("https://council.sharepoint.com/sites/cs/Shared Documents/extracts", WORKBOOK)


@pytest.fixture(scope="module")
def xlsm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("settings") / "VitalSigns.xlsm"
    build(EXAMPLES, path, Month(2020, 6), macros=MacroOptions())
    return path


def _with_settings(xlsm: Path, target: Path, folder: object, period: object) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(xlsm, target)
    book = openpyxl.load_workbook(target, keep_vba=True)  # as Excel saves what the officer typed
    book["Settings"]["B4"] = folder
    book["Settings"]["B5"] = period
    book.save(target)
    return target


def test_refresh_follows_settings_as_typed(xlsm: Path, tmp_path: Path) -> None:
    beside = tmp_path / "June extracts"
    shutil.copytree(EXAMPLES, beside)
    workbook = _with_settings(
        xlsm, tmp_path / "VitalSigns.xlsm", '"June extracts\\"', datetime(2020, 5, 1)
    )  # May 2020 as Excel keeps it
    outcome = refresh(workbook)
    assert outcome.report.period == Month(2020, 5)
    shutil.rmtree(beside)  # the relative folder was the one beside the workbook: without it, refresh must say so
    with pytest.raises(Exception, match="June extracts"):
        refresh(workbook)


def test_a_period_that_is_not_a_month_names_the_setting(xlsm: Path, tmp_path: Path) -> None:
    workbook = _with_settings(xlsm, tmp_path / "VitalSigns.xlsm", str(EXAMPLES), "Juen 2020")
    before = workbook.read_bytes()
    with pytest.raises(WorkbookError, match="Settings sheet's Report period: 'Juen 2020' is not a month"):
        refresh(workbook)
    assert workbook.read_bytes() == before


def test_extract_problems_reach_the_officer_as_validate_lists_them(xlsm: Path, tmp_path: Path) -> None:
    workbook = _with_settings(xlsm, tmp_path / "VitalSigns.xlsm", str(BAD), None)
    validate = subprocess.run(
        [sys.executable, "-m", "vitalsigns_xl.cli", "validate", str(BAD)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"},
    )
    assert validate.returncode == 1
    with pytest.raises(Exception) as failure:
        refresh(workbook)
    message = error_message(failure.value)
    assert message == f"Refresh did not run:\n\n{validate.stderr.strip()}\n\nThe workbook has not been changed."
    assert "unexpected problem" not in message
