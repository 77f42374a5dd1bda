"""Shared fixtures: the real catalogue, the bundled example extracts and the report built from them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from vitalsigns_xl.catalogue import Catalogue
from vitalsigns_xl.extracts import Extracts, read_extracts
from vitalsigns_xl.library import default_report
from vitalsigns_xl.model import Comparators, Report, build_report
from vitalsigns_xl.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    """The report the example pack is built from: the Bradford report, picked from the library."""
    return default_report().catalogue


@pytest.fixture(scope="session")
def example_extracts(catalogue: Catalogue) -> Extracts:
    return read_extracts(EXAMPLES, catalogue)


@pytest.fixture(scope="session")
def example_report(catalogue: Catalogue, example_extracts: Extracts) -> Report:
    settings = load_settings(EXAMPLES)  # names the council and its statistical neighbours, as the jobs read it
    assert settings.la_code is not None
    return build_report(catalogue, example_extracts, comparators=Comparators(settings.la_code, settings.statistical_neighbours))


@pytest.fixture(scope="session")
def may_built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The May 2020 workbook built from the examples, once per session: copy it before changing it."""
    from vitalsigns_xl.analysis.periods import Month
    from vitalsigns_xl.jobs.build import build

    target = tmp_path_factory.mktemp("may") / "VitalSigns.xlsx"
    build(EXAMPLES, target, Month(2020, 5))
    return target


@pytest.fixture
def extracts_copy(tmp_path: Path) -> Path:
    """A writable copy of the example extracts, for tests that change a file."""
    target = tmp_path / "extracts"
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns("*.md"))
    return target


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under CI nothing may be skipped: a skip there means an install step failed, which must not pass silently."""
    if not os.environ.get("CI"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped and reporter is not None:
        reporter.ensure_newline()
        for report in skipped:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            reporter.write_line(f"CI: {report.nodeid} was skipped ({reason}); nothing may be skipped under CI")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
