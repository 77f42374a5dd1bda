"""Small-number suppression of a measure's categories: a share of a small count, or of a small whole, is
hidden like the count itself, and where shares of one whole add up to 100% the next smallest is hidden
too, so the first cannot be worked out by subtraction. Checked in the model, on the Data sheet and in
the figures the stacked chart reads."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.test_workbook import options_for
from vitalsigns_xl.analysis.disclosure import SUPPRESSED
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.catalogue import Catalogue
from vitalsigns_xl.extracts import read_extracts
from vitalsigns_xl.model import Report, build_report
from vitalsigns_xl.render import write_workbook
from vitalsigns_xl.render.tables import data_rows

HEADER = "indicator,period,value,numerator,denominator,breakdown\n"
# June 2020: 200 contacts completed, 3 to a referral (1.5%), 40 to early help (20%), 157 no further action
# (78.5%). 3 is small, so referral is hidden; then the smallest other share, early help (40), is hidden
# too, or 100 - 20 - 78.5 would give 1.5 back. May 2020: a whole of 5 contacts, so every share is hidden.
# April 2020: nothing small, nothing hidden.
OUTCOMES = """contact_outcomes,2020-04,,60,300,referral
contact_outcomes,2020-04,,90,300,early_help
contact_outcomes,2020-04,,150,300,nfa
contact_outcomes,2020-05,,0,5,referral
contact_outcomes,2020-05,,0,5,early_help
contact_outcomes,2020-05,,5,5,nfa
contact_outcomes,2020-06,,3,200,referral
contact_outcomes,2020-06,,40,200,early_help
contact_outcomes,2020-06,,157,200,nfa
contacts,2020-06,200,,,
"""
APRIL, MAY, JUNE = Month(2020, 4), Month(2020, 5), Month(2020, 6)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "measures.csv").write_text(HEADER + OUTCOMES, encoding="utf-8")
    return tmp_path


def _report(folder: Path, catalogue: Catalogue, suppress_small: bool) -> Report:
    return build_report(catalogue, read_extracts(folder, catalogue), JUNE, suppress_small)


def test_small_shares_and_the_next_smallest_are_hidden(folder: Path, catalogue: Catalogue) -> None:
    outcomes = next(i for i in _report(folder, catalogue, True).indicators if i.indicator.id == "contact_outcomes")
    hidden = {
        (key, month)
        for key in ("referral", "early_help", "nfa")
        for month in (APRIL, MAY, JUNE)
        if outcomes.is_suppressed(key, month)
    }
    assert hidden == {("referral", JUNE), ("early_help", JUNE), ("referral", MAY), ("early_help", MAY), ("nfa", MAY)}
    shares = {b.id: b.values for b in outcomes.breakdowns}  # the 13 months to June 2020
    assert shares["nfa"][-1] == pytest.approx(78.5) and shares["referral"][-1] is None
    assert shares["referral"][-3] == pytest.approx(20.0)  # April: 60 of 300


def test_without_suppression_nothing_is_hidden(folder: Path, catalogue: Catalogue) -> None:
    outcomes = next(i for i in _report(folder, catalogue, False).indicators if i.indicator.id == "contact_outcomes")
    shares = {b.id: b.values for b in outcomes.breakdowns}
    assert shares["referral"][-1] == pytest.approx(1.5) and not outcomes.suppressed


def test_data_sheet_and_chart_figures_hide_them(folder: Path, catalogue: Catalogue, tmp_path: Path) -> None:
    extracts = read_extracts(folder, catalogue)
    report = build_report(catalogue, extracts, JUNE, True)
    rows = {(r[0], r[2], r[3]): r[4:7] for r in data_rows(catalogue, extracts, report)}
    assert rows[("contact_outcomes", "2020-06", "referral")] == [SUPPRESSED] * 3  # share, count and whole
    assert rows[("contact_outcomes", "2020-06", "early_help")] == [SUPPRESSED] * 3
    assert rows[("contact_outcomes", "2020-06", "nfa")][1:] == [157, 200]
    assert rows[("contact_outcomes", "2020-04", "referral")][1:] == [60, 300]

    path = tmp_path / "board.xlsx"
    write_workbook(path, report, catalogue, extracts, options_for(report))
    chart_rows = list(openpyxl.load_workbook(path)["Chart data"].iter_rows(values_only=True))
    heading = next(i for i, r in enumerate(chart_rows) if str(r[0]).startswith("1b. "))
    shares = {str(r[0]): r[1:14] for r in chart_rows[heading + 1 : heading + 5] if r[0]}
    june = -1  # the 13 months end with the report month
    assert shares["Referral"][june] is None and shares["Early help"][june] is None
    assert shares["No further action"][june] == pytest.approx(0.785)  # stored as a fraction, shown as 78.5%
    assert shares["Referral"][june - 2] == pytest.approx(0.2)  # April, nothing small
