"""Shared fixtures: the real catalogue, the bundled example extracts and the report built from them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vitalsigns_xl.catalogue import Catalogue, load_catalogue
from vitalsigns_xl.extracts import Extracts, read_extracts
from vitalsigns_xl.model import Report, build_report

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture(scope="session")
def example_extracts(catalogue: Catalogue) -> Extracts:
    return read_extracts(EXAMPLES, catalogue)


@pytest.fixture(scope="session")
def example_report(catalogue: Catalogue, example_extracts: Extracts) -> Report:
    return build_report(catalogue, example_extracts)


@pytest.fixture
def extracts_copy(tmp_path: Path) -> Path:
    """A writable copy of the example extracts, for tests that change a file."""
    target = tmp_path / "extracts"
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns("*.md"))
    return target
