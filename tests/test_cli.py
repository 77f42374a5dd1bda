"""The `vitalsigns` command as an officer runs it: a real process, real files."""

import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES

BAD = Path(__file__).parent / "bad_extracts"


def vitalsigns(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vitalsigns_xl.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"},
    )


def test_validate_ok_is_one_line() -> None:
    result = vitalsigns("validate", str(EXAMPLES))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 4 files, 1,380 figures for 35 measures from June 2018 to June 2020")
    assert len(result.stdout.strip().splitlines()) == 1


def test_validate_lists_every_problem_and_fails() -> None:
    result = vitalsigns("validate", str(BAD / "many_problems_in_two_files"))
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == "3 problems in the extracts; nothing was written:"
    assert "measures_b.csv, row 3, column 'value': percentage 154.3 is outside 0-100" in result.stderr


def test_summary_table() -> None:
    result = vitalsigns("summary", str(EXAMPLES))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Vital Signs report — June 2020 data" in lines[0]
    eet = next(line for line in lines if "Care leavers in education" in line)
    for text in ("13a", "54.3%", "+0.5 pts", "65.0%", "Red", "Improving"):
        assert text in eet
    two_years = next(line for line in lines if "lasting two years" in line)
    for text in ("2.1%", "3.5%", "1.5%", "Green"):
        assert text in two_years


def test_summary_for_an_earlier_month_and_a_bad_one() -> None:
    may = vitalsigns("summary", str(EXAMPLES), "--period", "2020-05")
    assert may.returncode == 0 and "May 2020 data" in may.stdout
    bad = vitalsigns("summary", str(EXAMPLES), "--period", "June 2020")
    assert bad.returncode == 2 and "expected a month as YYYY-MM" in bad.stderr
