"""The children behind the figures: in the officer's workbook, reachable from each measure; never in the board's copy."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import EXAMPLES
from vitalsigns_xl.contract import CHILDREN, DATA_QUALITY
from vitalsigns_xl.extracts.annex_a import read_annex_a
from vitalsigns_xl.jobs.board_pack import board_pack
from vitalsigns_xl.jobs.build import build


@pytest.fixture(scope="module")
def officer_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(EXAMPLES, tmp_path_factory.mktemp("officer") / "VitalSigns_2020-06.xlsx").path


@pytest.fixture(scope="module")
def child_ids() -> set[str]:
    """Every Child Unique ID in the example's Annex A, read through the product's reader."""
    annex = read_annex_a(EXAMPLES)
    return {str(i) for annex_list in annex.lists.values() for i in annex_list.frame["child_id"].dropna()}


def _all_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist())


def test_the_officer_sees_the_children_behind_late_assessments_and_conferences(officer_workbook: Path) -> None:
    book = openpyxl.load_workbook(officer_workbook)
    assert CHILDREN in book.sheetnames and DATA_QUALITY in book.sheetnames
    codes = [row[0] for row in book[CHILDREN].iter_rows(min_row=4, values_only=True) if row[0]]
    # June 2020 in the example: 434 - 349 = 85 assessments over 45 working days (code 7), 66 - 59 = 7 late conferences (8).
    assert Counter(codes) == {"7": 85, "8": 7}
    # Each of those measures' blocks links to the table.
    timeliness = book["Timeliness"]
    links = {cell.hyperlink.location for row in timeliness.iter_rows() for cell in row if cell.hyperlink}
    assert any(link and link.startswith(f"'{CHILDREN}'!A") for link in links)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z0-9]+", text))


def test_no_child_id_anywhere_in_the_board_pack(officer_workbook: Path, child_ids: set[str], tmp_path: Path) -> None:
    assert _words(_all_text(officer_workbook)) & child_ids  # the scan can find them: the officer's copy has some
    for source in (officer_workbook, EXAMPLES):  # from the officer's workbook, and straight from the extracts
        pack = board_pack(source, tmp_path / source.name.replace(".", "_"))
        text = _all_text(pack.path)  # every part of the package: sheets, strings, charts, properties
        found = _words(text) & child_ids
        assert not found, f"child ids in the board pack: {sorted(found)[:5]}"
        assert CHILDREN not in text and DATA_QUALITY not in text
