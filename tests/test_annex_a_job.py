"""``vitalsigns annex-a`` and Annex A inside an extracts folder: what is written, kept, refused and listed."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.annex_a_lists import write_workbook
from tests.conftest import EXAMPLES
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.catalogue import Catalogue
from vitalsigns_xl.extracts import ExtractError, read_extracts
from vitalsigns_xl.jobs.annex_a import quality_path, run

L1 = ["Child Unique ID", "Date of Contact"]
L3 = ["Child Unique ID", "Date of referral"]


def _annex(folder: Path) -> Path:
    """January and February 2020: 3 contacts and 1 referral in January, 2 contacts and 2 referrals in February."""
    contacts = [
        ["C1", date(2020, 1, 1)],
        ["C2", date(2020, 1, 15)],
        ["C3", date(2020, 1, 31)],
        ["C4", date(2020, 2, 3)],
        ["C5", date(2020, 2, 29)],
        ["C6", "31/02/2020"],  # no such day: listed, left out of contacts
    ]
    referrals = [["C1", date(2020, 1, 2)], ["C4", date(2020, 2, 4)], ["C5", date(2020, 2, 29)]]
    return write_workbook(folder / "Annex A.xlsx", {"List 1": (L1, contacts), "List 3": (L3, referrals)})


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_figures_written_as_a_measures_extract_with_the_data_quality_beside(tmp_path: Path) -> None:
    source = _annex(tmp_path)
    out = tmp_path / "out" / "measures_annex_a.csv"
    outcome = run(source, out)
    assert outcome.period.long_label == "February 2020"
    rows = {(r["indicator"], r["period"]): r for r in _rows(out)}
    assert rows[("contacts", "2020-01")]["value"] == "3"
    assert rows[("contacts", "2020-02")]["value"] == "2"
    assert rows[("referrals", "2020-02")]["value"] == "2"
    # Referrals ÷ contacts: 1 of 3 in January, 2 of 2 in February, given as numerator and denominator.
    assert (rows[("contact_conversion", "2020-01")]["numerator"], rows[("contact_conversion", "2020-01")]["denominator"]) == (
        "1",
        "3",
    )
    [quality] = _rows(quality_path(out))
    assert quality == {
        "list": "1",
        "file": "Annex A.xlsx [List 1]",
        "row": "7",
        "column": "Date of Contact",
        "problem": "expected a date (dd/mm/yyyy), found '31/02/2020'",
        "measures": "contacts",
    }
    assert "C1" not in out.read_text(encoding="utf-8-sig")  # counts only, no child


def test_an_existing_file_keeps_the_months_that_are_not_recounted(tmp_path: Path) -> None:
    source = _annex(tmp_path)
    out = tmp_path / "measures_annex_a.csv"
    out.write_text(
        "indicator,period,value,numerator,denominator,breakdown\n"
        "contacts,2019-12,40,,,\n"  # an earlier month: kept
        "contacts,2020-01,999,,,\n"  # recounted: replaced
        "cic_three_placements,2019-12,,9,100,\n",  # a snapshot figure of an earlier run: kept
        encoding="utf-8",
    )
    outcome = run(source, out)
    rows = {(r["indicator"], r["period"]): r["value"] or r["numerator"] for r in _rows(out)}
    assert rows[("contacts", "2019-12")] == "40"
    assert rows[("contacts", "2020-01")] == "3"
    assert rows[("cic_three_placements", "2019-12")] == "9"
    assert outcome.rows_kept == 2


def test_strict_refuses_and_writes_nothing(tmp_path: Path) -> None:
    source = _annex(tmp_path)
    out = tmp_path / "measures_annex_a.csv"
    with pytest.raises(ExtractError, match=r"Annex A.xlsx \[List 1\], row 7, column 'Date of Contact'"):
        run(source, out, strict=True)
    assert not out.exists() and not quality_path(out).exists()


def test_a_figure_given_by_a_measures_file_and_the_annex_a_names_both_files(catalogue: Catalogue, tmp_path: Path) -> None:
    folder = tmp_path / "extracts"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("*.md"))
    measures = folder / "measures_case_management.csv"
    lines = measures.read_text(encoding="utf-8").splitlines()
    measures.write_text("\n".join([*lines, "contacts,2020-01,999,,,"]) + "\n", encoding="utf-8")
    with pytest.raises(ExtractError) as caught:
        read_extracts(folder, catalogue)
    assert [str(p) for p in caught.value.problems] == [
        f"measures_case_management.csv, row {len(lines) + 1}, column 'indicator': contacts for 2020-01 is also counted "
        "from the Annex A in Annex_A_2020-06.xlsx; give each figure in one place only"
    ]


def test_an_extracts_folder_with_only_an_annex_a(catalogue: Catalogue, tmp_path: Path) -> None:
    _annex(tmp_path)
    extracts = read_extracts(tmp_path, catalogue)
    figures = extracts.measures.set_index(["indicator", "period", "breakdown"])["value"]
    assert figures[("contacts", Month(2020, 2), "")] == 2
    assert extracts.files == ("Annex A.xlsx",)
    assert extracts.annex_a is not None


def test_the_command_line_says_what_it_counted_and_what_it_could_not(tmp_path: Path) -> None:
    source = _annex(tmp_path)
    out = tmp_path / "measures_annex_a.csv"
    result = subprocess.run(
        [sys.executable, "-m", "vitalsigns_xl.cli", "annex-a", str(source), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"Wrote {out}: 6 figures for 3 measures, January 2020 to February 2020, from Annex A.xlsx" in result.stdout
    assert "cic_count: Annex A List 8 is absent" in result.stdout
    assert "1 rows could not be counted" in result.stdout or "1 row could not be counted" in result.stdout
