"""Workforce pages: totals by quarter and over 12 months, their charts, and the example's published figures."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pydantic import ValidationError

from tests.test_workbook import build
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.analysis.totals import by_quarter, last_quarter_end, over_twelve_months, quarter_label
from vitalsigns_xl.catalogue import Catalogue, Indicator
from vitalsigns_xl.commentary import draft_sentences, load_phrases
from vitalsigns_xl.extracts import Extracts
from vitalsigns_xl.model import IndicatorReport, Report, build_report

pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported")
JUNE = Month(2020, 6)


def months(values: list[float], end: Month = JUNE) -> dict[Month, float]:
    return {end.shift(i - len(values) + 1): v for i, v in enumerate(values)}


def test_quarters_end_in_march_june_september_and_december() -> None:
    assert last_quarter_end(JUNE) == JUNE
    assert last_quarter_end(Month(2020, 8)) == JUNE
    assert last_quarter_end(Month(2020, 12)) == Month(2020, 12)
    assert quarter_label(JUNE) == "Apr-Jun 2020"


def test_totals_by_quarter_add_up_each_quarters_months() -> None:
    # Starters 1, 2, ... 15 in the 15 months April 2019 to June 2020, leavers 2 a month. By hand:
    # Apr-Jun 2019 = 1 + 2 + 3 = 6; Jul-Sep 2019 = 4 + 5 + 6 = 15; ...; Apr-Jun 2020 = 13 + 14 + 15 = 42.
    starters = months([float(v) for v in range(1, 16)])
    leavers = months([2.0] * 15)
    parts = [("starters", "Starters", starters), ("leavers", "Leavers", leavers)]
    quarters = by_quarter(parts, Month(2020, 7), shares=False)  # July 2020 is not a quarter's end: up to June
    assert [q.label for q in quarters] == ["Apr-Jun 2019", "Jul-Sep 2019", "Oct-Dec 2019", "Jan-Mar 2020", "Apr-Jun 2020"]
    assert [q.categories[0].total for q in quarters] == [6, 15, 24, 33, 42]
    assert [q.categories[1].total for q in quarters] == [6] * 5
    assert all(c.share is None for q in quarters for c in q.categories)


def test_a_missing_month_leaves_its_quarter_blank_not_low() -> None:
    series = months([3.0] * 15)
    del series[Month(2020, 2)]
    quarters = by_quarter([("starters", "Starters", series)], JUNE)
    assert [q.categories[0].total for q in quarters] == [9, 9, 9, None, 9]


def test_twelve_month_totals_shares_and_top_three() -> None:
    # 12 months each: stress 10 a month = 120; back 5 = 60; colds 3 = 36; other 2 = 24; all = 240.
    parts = [
        ("other", "Other", months([2.0] * 12)),
        ("colds", "Colds", months([3.0] * 12)),
        ("stress", "Stress", months([10.0] * 12)),
        ("back", "Back", months([5.0] * 12)),
    ]
    whole = over_twelve_months(parts, JUNE, top=3)
    assert whole.label == "July 2019 to June 2020"
    assert [(c.label, c.total, c.share) for c in whole.categories] == [
        ("Stress", 120, pytest.approx(50.0)),
        ("Back", 60, pytest.approx(25.0)),
        ("Colds", 36, pytest.approx(15.0)),
    ]


def test_small_totals_are_hidden_in_a_board_pack() -> None:
    parts = [("disabled", "Disabled", months([0.0] * 11 + [3.0])), ("not_disabled", "Not disabled", months([10.0] * 12))]
    shown = over_twelve_months(parts, JUNE, small=5)
    assert [(c.total, c.share, c.suppressed) for c in shown.categories] == [
        (None, None, True),
        (120, pytest.approx(120 / 123 * 100), False),
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"top": 3}, "top applies only to chart 'twelve_month_bar'"),
        ({"chart": "quarterly_column", "unit": "percent"}, "needs a count or a number of days"),
        ({"chart": "twelve_month_bar", "breakdowns": []}, "needs breakdowns"),
    ],
)
def test_the_catalogue_refuses_charts_that_cannot_be_drawn(
    catalogue: Catalogue, changes: dict[str, object], message: str
) -> None:
    entry = catalogue.indicator("casework_csc").model_dump()
    with pytest.raises(ValidationError, match=message):
        Indicator.model_validate({**entry, **changes})


# ---------------------------------------------------------------- the example pack


@pytest.fixture(scope="module")
def by_id(example_report: Report) -> dict[str, IndicatorReport]:
    return {i.indicator.id: i for i in example_report.indicators}


def test_social_worker_starters_and_leavers_agree_with_the_published_year(by_id: dict[str, IndicatorReport]) -> None:
    # Bradford's June 2020 report: 42 social worker starters and 50 leavers from July 2019 to June 2020.
    quarters = by_id["sw_starters_leavers_quarter"].totals
    assert [q.label for q in quarters][-4:] == ["Jul-Sep 2019", "Oct-Dec 2019", "Jan-Mar 2020", "Apr-Jun 2020"]
    year = quarters[-4:]
    assert sum(q.categories[0].total or 0 for q in year) == 42
    assert sum(q.categories[1].total or 0 for q in year) == 50
    assert by_id["sw_starters_leavers_quarter"].latest is None  # starters and leavers are not added together


def test_equality_pages_give_counts_and_shares(by_id: dict[str, IndicatorReport]) -> None:
    for measure in ("starters_by_gender", "leavers_by_disability", "starters_by_ethnicity"):
        whole = by_id[measure].totals[0]
        assert sum(c.share or 0 for c in whole.categories) == pytest.approx(100.0)
        monthly = [v for v in by_id[measure].values[1:] if v is not None]  # July 2019 to June 2020
        assert sum(c.total or 0 for c in whole.categories) == sum(monthly)
    reasons = by_id["sickness_reasons"].totals[0].categories
    assert len(reasons) == 3 and reasons[0].label == "Mental health, stress"


def test_the_drafted_words_give_the_totals(by_id: dict[str, IndicatorReport]) -> None:
    sentences = draft_sentences(by_id["sw_starters_leavers_quarter"], load_phrases())
    assert sentences[-1] == "In Apr-Jun 2020 the totals were: Starters 10; Leavers 11."


def test_workforce_charts_and_tables_in_the_workbook(
    tmp_path: Path,
    example_report: Report,
    catalogue: Catalogue,
    example_extracts: Extracts,
    by_id: dict[str, IndicatorReport],
) -> None:
    path = build(tmp_path / "VitalSigns_2020-06.xlsx", example_report, catalogue, example_extracts)
    rows = list(openpyxl.load_workbook(path)["Social Care Management"].iter_rows(values_only=True))
    quarter_rows = [r for r in rows if r[0] == "Apr-Jun 2020"]
    assert quarter_rows[0][1:3] == (10, 11)  # social workers: starters, leavers
    gender = next(i for i, r in enumerate(rows) if r[0] == "July 2019 to June 2020" and rows[i + 1][0] == "Female")
    female = by_id["starters_by_gender"].totals[0].categories[0]
    assert rows[gender][:4] == ("July 2019 to June 2020", "Number", "Share", "Bar label")
    assert rows[gender + 1][1] == female.total and rows[gender + 1][3] == f"Female ({female.share:.0f}%)"
    with zipfile.ZipFile(path) as z:
        names = [n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        charts = "".join(z.read(n).decode() for n in names)
        drawings = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/drawings/drawing"))
    assert len(names) == len(catalogue.indicators)
    assert '<c:grouping val="clustered"/>' in charts
    descriptions = re.findall(r'descr="([^"]*)"', drawings)
    assert any(d.startswith("Clustered column chart by quarter of Social worker starters") for d in descriptions)
    assert any(d.startswith("Bar chart of the last 12 months of Working days lost to sickness by reason") for d in descriptions)


def test_a_board_pack_hides_small_twelve_month_totals(catalogue: Catalogue, example_extracts: Extracts) -> None:
    report = build_report(catalogue, example_extracts, suppress_small=True)
    disabled = next(i for i in report.indicators if i.indicator.id == "leavers_by_disability").totals[0].categories[0]
    assert disabled.label == "Disabled" and disabled.suppressed and disabled.total is None  # 3 in the example year
