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
    assert result.stdout.startswith("OK: 6 files, 2,530 figures for 61 measures from June 2016 to June 2020")
    # and no warning: the built-in report picks every measure the example carries figures for, the workforce pages too
    assert len(result.stdout.strip().splitlines()) == 1, result.stdout


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
    eet = next(line for line in lines if "Care leavers aged 19 to 21 in education" in line)
    for text in ("13a", "54.3%", "+0.5 pts", "65.0%", "Red", "Improving"):
        assert text in eet
    two_years = next(line for line in lines if "lasting two years" in line)
    for text in ("2.1%", "2.5–5.0%", "1.5%", "Amber", "Worsening"):  # 0.4 points below its range, further than in May
        assert text in two_years


def test_summary_for_an_earlier_month_and_a_bad_one() -> None:
    may = vitalsigns("summary", str(EXAMPLES), "--period", "2020-05")
    assert may.returncode == 0 and "May 2020 data" in may.stdout
    bad = vitalsigns("summary", str(EXAMPLES), "--period", "June 2020")
    assert bad.returncode == 2 and "expected a month as YYYY-MM" in bad.stderr


def test_build_refresh_and_commentary_commands(tmp_path: Path) -> None:
    workbook = tmp_path / "VitalSigns.xlsx"
    built = vitalsigns("build", str(EXAMPLES), "--period", "2020-05", "--out", str(workbook))
    assert built.returncode == 0, built.stderr
    # 9a in May 2020 is 5,000 cases over 232.5 FTE = 21.5 per FTE, more than 2 above the target of 18: Red (per head,
    # 5,000 / 250 = 20.0 was Amber).
    assert built.stdout.strip() == f"Wrote {workbook}: 61 measures for May 2020 (11 red, 4 amber, 2 green)."

    csv_file = tmp_path / "commentary.csv"
    exported = vitalsigns("commentary", "export", str(workbook), str(csv_file))
    assert exported.returncode == 0, exported.stderr
    text = csv_file.read_text(encoding="utf-8-sig").replace('"contacts","2020-05",""', '"contacts","2020-05","Stable demand."')
    csv_file.write_text(text, encoding="utf-8-sig")
    imported = vitalsigns("commentary", "import", str(workbook), str(csv_file))
    assert imported.returncode == 0, imported.stderr
    assert "Officer commentary added: 1 (contacts)." in imported.stdout

    refreshed = vitalsigns("refresh", str(workbook))
    assert refreshed.returncode == 0, refreshed.stderr
    lines = refreshed.stdout.splitlines()
    assert lines[0] == f"Refreshed {workbook}: 61 measures for June 2020 (8 red, 7 amber, 2 green)."
    assert "Last month's commentary carried forward as a draft to review: 1 (contacts)." in lines
    assert "Changed colour since the workbook showed May 2020:" in lines
    assert "  8 Initial child protection conferences within 15 working days: Green → Amber." in lines
    assert lines[-1].startswith(f"The previous file is kept as {tmp_path / 'backups' / 'VitalSigns '}")


def test_refresh_of_something_else_is_refused_cleanly(tmp_path: Path) -> None:
    notes = tmp_path / "notes.xlsx"
    notes.write_text("not a workbook", encoding="utf-8")
    result = vitalsigns("refresh", str(notes), "--extracts", str(EXAMPLES))
    assert result.returncode == 1
    assert "notes.xlsx cannot be opened as an Excel workbook" in result.stderr
    assert "notes.xlsx was not changed." in result.stderr
    assert notes.read_text(encoding="utf-8") == "not a workbook"


def test_build_xlsm_and_board_pack_commands(tmp_path: Path) -> None:
    officer = tmp_path / "VitalSigns.xlsm"
    built = vitalsigns("build", str(EXAMPLES), "--xlsm", "--out", str(officer), "--interpreter", r"C:\Python311\python.exe")
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith(f"Wrote {officer}: 61 measures for June 2020")
    wrong = vitalsigns("build", str(EXAMPLES), "--xlsm", "--out", str(tmp_path / "plain.xlsx"))
    assert wrong.returncode == 1 and "must end .xlsm" in wrong.stderr

    env_password = {"VITALSIGNS_PACK_PASSWORD": "correct horse battery"}
    board = tmp_path / "board"
    command = [sys.executable, "-m", "vitalsigns_xl.cli", "board-pack", str(officer), "--out", str(board)]
    result = subprocess.run(
        [*command, "--suppress-small-numbers", "--encrypt"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8", **env_password},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    pack = board / "VitalSigns_2020-06_board.xlsx"
    assert lines[0] == f"Wrote {pack}: the board pack for June 2020 (8 red, 7 amber, 2 green)."
    assert 'Counts of 1 to 5, and figures built on them, are shown as "c".' in lines
    assert "It is encrypted. Send the password separately (by phone or text message), never in the same email." in lines
    assert "correct horse battery" not in result.stdout + result.stderr


COMMANDS = [[], ["validate"], ["summary"], ["build"], ["refresh"], ["board-pack"], ["email"], ["commentary"]]
COMMANDS += [["commentary", "export"], ["commentary", "import"]]


def test_every_help_fits_80_columns_names_its_arguments_and_shows_examples() -> None:
    from typer.testing import CliRunner

    from vitalsigns_xl.cli import app

    for command in COMMANDS:
        result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "80"}, prog_name="vitalsigns")
        assert result.exit_code == 0, result.output
        text = result.output
        assert max(len(line) for line in text.splitlines()) <= 80, text
        assert "<bool>" not in text and "<path>" not in text and "{" not in text, text  # no phantom values or {folder}
        assert text.startswith(f"Usage: vitalsigns {' '.join(command)}".rstrip() + " ")
        if command and command != ["commentary"]:
            assert "Example" in text and "    vitalsigns " in text, text
    build = CliRunner().invoke(app, ["build", "--help"], env={"COLUMNS": "80"}, prog_name="vitalsigns").output
    assert "Usage: vitalsigns build [OPTIONS] FOLDER" in build
    assert "  --xlsm  " in build  # a flag, shown without a value


def test_version() -> None:
    from importlib.metadata import version

    result = vitalsigns("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"vitalsigns {version('vitalsigns_xl')}"


def _summary_at(width: int) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-m", "vitalsigns_xl.cli", "summary", str(EXAMPLES)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"COLUMNS": str(width), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_summary_reads_well_at_80_and_120_columns_and_is_plain_text_when_piped() -> None:
    for width in (80, 120):
        lines = _summary_at(width)
        assert max(len(line) for line in lines) <= width
        assert not any("\u2500" <= ch <= "\u257f" for line in lines for ch in line)  # no box drawing in a file
        rows = [line for line in lines if line[:1].isdigit()]
        assert len(rows) == 61  # every measure on one line, starting with its code
        eet = next(line for line in rows if line.startswith("13a "))
        for text in ("54.3%", "+0.5 pts", "65.0%", "Red", "Improving"):
            assert text in eet, eet
    narrow, wide = _summary_at(80), _summary_at(120)
    assert "SN average" not in narrow[1] and "SN average" in wide[1]
    assert any(line.startswith("3a ") and "…" in line for line in narrow)  # a long title cut, not wrapped
    assert any("Rate of children subject to a child protection plan" in line for line in wide)
