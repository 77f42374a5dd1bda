"""The package as a council installs it: a wheel, in a fresh virtual environment, far from the checkout.

One wheel is built from a copy of the repository and installed with its dependencies into a new
virtual environment in a temporary folder. The ``vitalsigns`` command installed there must build
both workbooks from the examples without any file of the checkout: the measure library, the reports,
the sentence templates and the VBA modules have to come from inside the installed package.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT
from vitalsigns_xl.jobs.build import build
from vitalsigns_xl.render.excel_sheets import MacroOptions

# What a copy of the repository leaves out: environments, build output and caches.
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "out", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
)
pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported", "ignore:Data Validation")


@dataclass(frozen=True)
class Installed:
    wheel: Path
    python: Path
    command: Path
    home: Path  # a working folder outside the checkout


def _run(args: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600, env=env)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Build the wheel from a copy of the source, then install it (and its dependencies) into a new venv."""
    scratch = tmp_path_factory.mktemp("install")
    source = scratch / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", scratch / "dist", source], scratch)
    (wheel,) = (scratch / "dist").glob("vitalsigns_xl-*.whl")
    venv = scratch / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], scratch)
    python = venv / "bin" / "python"
    # This environment's pip installs into the new one; --no-compile saves compiling every dependency.
    _run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", "--no-compile", wheel], scratch)
    home = scratch / "home"
    home.mkdir()
    return Installed(wheel, python, venv / "bin" / "vitalsigns", home)


def test_the_wheel_carries_the_library_templates_and_macros(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    templates = ROOT / "workbook_templates"
    shipped = sorted(templates.rglob("*.yaml"))
    assert len(shipped) > 10  # the measure library, the reports, the sources and the sentence templates
    carried = {name for name in names if name.startswith("vitalsigns_xl/workbook_templates/") and name.endswith(".yaml")}
    assert carried == {f"vitalsigns_xl/workbook_templates/{path.relative_to(templates).as_posix()}" for path in shipped}
    for shipped in (ROOT / "macros").glob("*.bas"):
        assert f"vitalsigns_xl/macros/{shipped.name}" in names
    assert not any(name.startswith(("workbook_templates/", "macros/", "tests/")) for name in names)


def test_the_installed_package_finds_its_data_inside_itself(installed: Installed) -> None:
    probe = (
        "import vitalsigns_xl, vitalsigns_xl.library as lib, vitalsigns_xl.render.vba as v;"
        "print(vitalsigns_xl.__file__); print(lib.DEFAULT_REPORT); print(lib.LIBRARY_DIR); print(v.MACROS_DIR)"
    )
    lines = _run([installed.python, "-c", probe], installed.home).stdout.splitlines()
    site = installed.python.parent.parent
    assert len(lines) == 4
    for line in lines:
        assert Path(line).is_relative_to(site), line  # the venv's copy, not the checkout's
        assert not Path(line).is_relative_to(ROOT)


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
def test_the_installed_command_builds_what_the_checkout_builds(installed: Installed, tmp_path: Path, suffix: str) -> None:
    out = installed.home / f"VitalSigns{suffix}"
    args = [installed.command, "build", EXAMPLES, "--out", out] + (["--xlsm"] if suffix == ".xlsm" else [])
    result = _run(args, installed.home)
    assert result.stdout.startswith(f"Wrote {out}: 61 measures for June 2020")
    # The same inputs give the same workbook, so the installed build must match the checkout's part for part.
    here = tmp_path / out.name
    build(EXAMPLES, here, macros=MacroOptions() if suffix == ".xlsm" else None)
    theirs, ours = _members(out), _members(here)
    assert theirs.keys() == ours.keys()
    if suffix == ".xlsm":
        assert "xl/vbaProject.bin" in theirs
    differing = [name for name in ours if theirs[name] != ours[name] and name != "docProps/custom.xml"]
    assert differing == []
