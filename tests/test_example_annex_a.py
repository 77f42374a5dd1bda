"""The bundled example's Annex A gives the June 2020 example figures, counted two independent ways."""

from __future__ import annotations

import importlib.util
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from types import ModuleType

import openpyxl
import pytest

from tests.conftest import EXAMPLES, ROOT
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.analysis.working_days import working_days_between
from vitalsigns_xl.extracts import Extracts

ANNEX_A = EXAMPLES / "Annex_A_2020-06.xlsx"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_example_annex_a", ROOT / "tools" / "make_example_annex_a.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _day(cell: object) -> date | None:
    return cell.date() if isinstance(cell, datetime) else None


def test_the_counted_figures_are_the_example_figures(example_extracts: Extracts, tool: ModuleType) -> None:
    measures = example_extracts.measures.set_index(["indicator", "period", "breakdown"])
    for (year, month), (contacts, referrals, assessments, conferences) in tool.FIGURES.items():
        period = Month(year, month)
        assert measures.loc[("contacts", period, ""), "value"] == contacts
        assert measures.loc[("referrals", period, ""), "value"] == referrals
        conversion = measures.loc[("contact_conversion", period, "")]
        assert (conversion["numerator"], conversion["denominator"]) == (referrals, contacts)
        for indicator, (within, total) in (("assessments_45wd", assessments), ("icpc_15wd", conferences)):
            row = measures.loc[(indicator, period, "")]
            assert (row["numerator"], row["denominator"]) == (within, total)
    # The care leavers' figures are not in the example's lists: June 2020 stays as published, in the measures file.
    assert measures.loc[("care_leavers_eet", Month(2020, 6), ""), "value"] == 54.3


def test_the_workbook_counted_day_by_day_without_the_product_reader(tool: ModuleType) -> None:
    """Read the cells with openpyxl and count with the one-pair working-day function: the same answers."""
    book = openpyxl.load_workbook(ANNEX_A, read_only=True)
    try:
        contacts = Counter(Month.of(_day(r[2])) for r in book["List 1"].iter_rows(min_row=2, values_only=True))  # type: ignore[arg-type]
        assessed: Counter[tuple[Month, bool]] = Counter()
        for _, start, end in book["List 4"].iter_rows(min_row=2, values_only=True):
            if end is not None:
                assessed[(Month.of(_day(end)), working_days_between(_day(start), _day(end)) <= 45)] += 1  # type: ignore[arg-type]
    finally:
        book.close()
    for (year, month), (n_contacts, _, (within, total), _) in tool.FIGURES.items():
        assert contacts[Month(year, month)] == n_contacts
        assert (assessed[(Month(year, month), True)], sum(assessed[(Month(year, month), b)] for b in (True, False))) == (
            within,
            total,
        )


def test_the_tool_writes_the_same_workbook_every_time(tool: ModuleType, tmp_path: Path) -> None:
    assert tool.write(tmp_path / "again.xlsx").read_bytes() == ANNEX_A.read_bytes()
