"""The bad-input corpus: every mistake an officer can make is met with a clear word, and nothing is written.

Each folder under tests/bad_inputs/ is one bad input: its files, and a case.yaml saying the
command to run and the message it must print. Each folder under tests/bad_extracts/ is one more,
run through ``vitalsigns build`` with the problems listed in its expected_errors.txt. For every
case the test checks the exit code, that the message names the file (and row and column where
there is one), that no traceback or Python warning is printed, and that no file was written,
changed or left behind anywhere in the case's folder.

case.yaml keys:
  command      the arguments after ``vitalsigns``; {extracts} is the case's folder of extracts,
               {work} the folder around it, {workbook} a May 2020 workbook built from the
               examples, {moved} one whose extracts folder has since gone, {pack} a board pack
  base         ``examples``: the case's files are laid over a copy of the example extracts
  symlinks     name → target, made in {extracts} before the run (git cannot hold a dangling one)
  env          environment variables for the run
  exit         the exit code (default 1)
  file         the file the message must name
  message      lines that must each appear in the message ({work} and {extracts} as above)
  max_lines    at most this many lines of message
  known_failure  why the program does not yet do this: the case is expected to fail (strictly,
               so that fixing it makes the case say so)
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from tests.conftest import EXAMPLES
from vitalsigns_xl.cli import app
from vitalsigns_xl.jobs.passwords import PACK_PASSWORD_ENV

HERE = Path(__file__).parent
CASES = HERE / "bad_inputs"
BAD_EXTRACTS = HERE / "bad_extracts"


def _cases() -> list[Any]:
    found = []
    for folder in sorted(p for p in CASES.iterdir() if p.is_dir()):
        spec = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8"))
        marks = [pytest.mark.xfail(reason=spec["known_failure"], strict=True)] if spec.get("known_failure") else []
        found.append(pytest.param(folder, spec, id=folder.name, marks=marks))
    for folder in sorted(p for p in BAD_EXTRACTS.iterdir() if p.is_dir()):
        expected = (folder / "expected_errors.txt").read_text(encoding="utf-8").replace("{folder}", "{extracts}")
        first = expected.split(",", 1)[0].split(":", 1)[0].strip()
        spec = {"command": "build {extracts} --out {work}/out/VitalSigns.xlsx", "message": expected, "file": first}
        found.append(pytest.param(folder, spec, id=f"extracts/{folder.name}"))
    return found


def _snapshot(folder: Path) -> dict[str, str]:
    """Every path under ``folder`` with what it is: the bytes' hash, a link's target, or a folder."""
    state = {}
    for root, dirs, names in os.walk(folder):
        for name in dirs + names:
            path = Path(root) / name
            key = str(path.relative_to(folder))
            if path.is_symlink():
                state[key] = f"link → {os.readlink(path)}"
            elif path.is_dir():
                state[key] = "folder"
            else:
                state[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


@pytest.fixture(scope="session")
def moved_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workbook whose extracts folder was moved away after it was built."""
    from vitalsigns_xl.jobs.build import build

    scratch = tmp_path_factory.mktemp("moved")
    folder = scratch / "extracts"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("*.md"))
    workbook = scratch / "VitalSigns.xlsx"
    build(folder, workbook)
    shutil.rmtree(folder)
    return workbook


@pytest.fixture(scope="session")
def board_pack_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from vitalsigns_xl.jobs.board_pack import board_pack

    return board_pack(EXAMPLES, tmp_path_factory.mktemp("pack")).path


@pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported")
@pytest.mark.parametrize(("folder", "spec"), _cases())
def test_bad_input_gets_a_clear_message_and_nothing_is_written(
    folder: Path, spec: dict[str, Any], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    work = tmp_path / "work"
    extracts = work / "extracts"
    if spec.get("base") == "examples":
        shutil.copytree(EXAMPLES, extracts, ignore=shutil.ignore_patterns("*.md"))
    shutil.copytree(folder, extracts, symlinks=True, dirs_exist_ok=True, ignore=shutil.ignore_patterns("case.yaml"))
    (extracts / "expected_errors.txt").unlink(missing_ok=True)
    for name, target in spec.get("symlinks", {}).items():
        (extracts / name).unlink(missing_ok=True)
        (extracts / name).symlink_to(target)
    places = {"extracts": str(extracts), "work": str(work)}
    command = spec["command"]
    if "{workbook}" in command:
        places["workbook"] = str(work / "VitalSigns.xlsx")
        shutil.copyfile(request.getfixturevalue("may_built_once"), places["workbook"])
    if "{moved}" in command:
        places["moved"] = str(work / "Moved.xlsx")
        shutil.copyfile(request.getfixturevalue("moved_workbook"), places["moved"])
    if "{pack}" in command:
        from vitalsigns_xl.jobs.manifest import manifest_path

        pack = request.getfixturevalue("board_pack_file")
        places["pack"] = str(work / pack.name)
        shutil.copyfile(pack, places["pack"])
        shutil.copyfile(manifest_path(pack), manifest_path(Path(places["pack"])))  # the record that makes it a pack
    before = _snapshot(work)

    env = {PACK_PASSWORD_ENV: None, "COLUMNS": "100", **spec.get("env", {})}
    result = CliRunner().invoke(app, [part.format(**places) for part in shlex.split(command)], env=env)

    message = result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), f"a fault, not a message: {result.exception!r}"
    assert "Traceback" not in message and "Warning:" not in message and "Warning:" not in result.stdout
    assert result.exit_code == spec.get("exit", 1), message
    for line in spec["message"].strip().splitlines():
        assert line.format(**places) in message, message
    assert spec["file"].format(**places) in message
    if "max_lines" in spec:
        assert len(message.strip().splitlines()) <= spec["max_lines"], message
    assert _snapshot(work) == before, "something was written, changed or left behind"
