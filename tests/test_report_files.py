"""A council's report file end to end: both example packs build, the workbook records its report, Refresh keeps it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import EXAMPLES, ROOT
from vitalsigns_xl.contract import DEFINITION_PROPERTY, DEFINITION_SHA_PROPERTY
from vitalsigns_xl.jobs.build import build
from vitalsigns_xl.jobs.refresh import refresh
from vitalsigns_xl.library import DEFAULT_REPORT, default_report, load_report, starting_report_text
from vitalsigns_xl.workbook_io import WorkbookError

CORPORATE = EXAMPLES / "corporate_parenting"
SECTIONS = ["Children in care", "Placements and stability", "Health", "Education", "Care leavers", "Reviews and participation"]


def vitalsigns(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vitalsigns_xl.cli", *args],
        capture_output=True,
        text=True,
        timeout=180,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"},
    )


def _properties(path: Path) -> dict[str, object]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return {p.name: p.value for p in book.custom_doc_props}
    finally:
        book.close()


@pytest.fixture(scope="session")
def corporate_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corporate-parenting example built as `make run` builds it: its folder's report.yaml defines the pack."""
    out = tmp_path_factory.mktemp("corporate") / "CorporateParenting_2020-06.xlsx"
    result = vitalsigns("build", str(CORPORATE), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Wrote {out}: 54 measures for June 2020")
    return out


def test_corporate_parenting_pack_has_its_own_sections_and_measures(corporate_pack: Path) -> None:
    book = openpyxl.load_workbook(corporate_pack, read_only=True)
    try:
        sheets = book.sheetnames
        cover = [str(c.value) for row in book["Cover"].iter_rows() for c in row if c.value]
    finally:
        book.close()
    assert [s for s in SECTIONS if s in sheets] == SECTIONS
    assert any("Corporate Parenting performance report" in text for text in cover)
    assert any("Northmoor Borough Council" in text for text in cover)


def test_corporate_parenting_report_uses_forty_library_measures_and_two_local_ones() -> None:
    report = load_report(CORPORATE / "report.yaml")
    library_measures = [i for i in report.catalogue.indicators if i.id not in report.local_ids]
    assert len(library_measures) >= 40 and len(report.local_ids) == 2
    assert [s.title for s in report.catalogue.sections] == SECTIONS


def test_workbook_records_the_report_definition_that_made_it(corporate_pack: Path, tmp_path: Path) -> None:
    properties = _properties(corporate_pack)
    definition = load_report(CORPORATE / "report.yaml")
    assert properties[DEFINITION_PROPERTY] == str((CORPORATE / "report.yaml").resolve())
    assert properties[DEFINITION_SHA_PROPERTY] == definition.sha256
    bradford = tmp_path / "bradford.xlsx"
    build(EXAMPLES, bradford)
    assert _properties(bradford)[DEFINITION_PROPERTY] == "bradford.yaml (built in)"
    assert _properties(bradford)[DEFINITION_SHA_PROPERTY] == default_report().sha256


def test_refresh_keeps_the_report_the_workbook_was_built_from(tmp_path: Path) -> None:
    extracts = tmp_path / "extracts"
    shutil.copytree(CORPORATE, extracts)
    report_file = tmp_path / "corporate.yaml"
    (extracts / "report.yaml").rename(report_file)  # the folder alone would give the Bradford report
    workbook = tmp_path / "pack.xlsx"
    assert len(build(extracts, workbook, catalogue_path=report_file).report.indicators) == 54

    again = refresh(workbook)
    assert len(again.report.indicators) == 54 and again.notes == ()

    text = report_file.read_text(encoding="utf-8").replace("      - {id: cic_uasc, code: CIC9}\n", "")
    report_file.write_text(text, encoding="utf-8")
    edited = refresh(workbook)
    assert len(edited.report.indicators) == 53
    assert edited.notes and "corporate.yaml has changed since this workbook was built" in edited.notes[0]

    report_file.unlink()
    with pytest.raises(WorkbookError, match=r"built from the report file .*corporate\.yaml, which is not there now"):
        refresh(workbook)


def test_the_generated_example_figures_are_what_the_script_writes() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "corporate_parenting_example.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_new_report_writes_the_bradford_report_with_a_guide(tmp_path: Path) -> None:
    target = tmp_path / "report.yaml"
    result = vitalsigns("new-report", str(target))
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8") == starting_report_text()
    assert target.read_text(encoding="utf-8").startswith("# A council's own Vital Signs report.")
    assert load_report(target).catalogue == load_report(DEFAULT_REPORT).catalogue
    again = vitalsigns("new-report", str(target))
    assert again.returncode == 1 and "already exists" in again.stderr


def test_measures_lists_the_library_as_json_and_as_a_table() -> None:
    listed = vitalsigns("measures", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert len(rows) >= 80
    by_id = {row["id"]: row for row in rows}
    assert by_id["contacts"]["code"] == "1a" and by_id["cic_reviews_on_time"]["code"] == ""
    assert by_id["cp_plans_started"]["annex_a_lists"] == [7] and by_id["cp_by_category"]["annex_a_lists"] == [7]
    assert set(rows[0]) == {"id", "code", "title", "theme", "unit", "polarity", "basis", "annex_a_lists"}
    table = vitalsigns("measures")
    assert table.returncode == 0 and "re_referrals_12m" in table.stdout and f"{len(rows)} measures" in table.stdout


def test_a_report_file_error_stops_the_build_naming_file_and_line(tmp_path: Path) -> None:
    extracts = tmp_path / "extracts"
    shutil.copytree(CORPORATE, extracts)
    report = extracts / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("{id: cic_uasc,", "{id: cic_uask,"), encoding="utf-8")
    out = tmp_path / "pack.xlsx"
    result = vitalsigns("build", str(extracts), "--out", str(out))
    assert result.returncode == 1
    line = next(n for n, text in enumerate(report.read_text(encoding="utf-8").splitlines(), 1) if "cic_uask" in text)
    assert f"report.yaml, line {line}: unknown measure id 'cic_uask'; did you mean 'cic_uasc'?" in result.stderr
    assert not out.exists()


def test_validate_warns_of_unused_figures_and_changed_definitions(tmp_path: Path) -> None:
    extracts = tmp_path / "extracts"
    shutil.copytree(CORPORATE, extracts)
    report = extracts / "report.yaml"
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("      - {id: cic_uasc, code: CIC9}\n", ""), encoding="utf-8")
    build(extracts, tmp_path / "pack.xlsx")
    quiet = vitalsigns("validate", str(extracts))
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stdout.splitlines()[1:] == [
        "Warning: measures.csv rows 578-601: the rows of cic_uasc, a library measure this report does not show, are not used."
    ]
    # the council redefines a local measure after the June build: validate says so before the next one
    report.write_text(report.read_text(encoding="utf-8").replace("within 18 weeks of referral", "within 12 weeks of referral"))
    changed = vitalsigns("validate", str(extracts))
    assert changed.returncode == 0, changed.stderr
    warning = changed.stdout.splitlines()[2]
    assert warning.startswith("Warning: H7 Children in care referred to CAMHS seen within 18 weeks (cic_camhs_seen_18_weeks): ")
    assert "the definition has changed since the build for 2020-06" in warning
    assert "within 18 weeks of referral" in warning and "within 12 weeks of referral" in warning
