"""The forecast of children in care as the pack shows it: the model, the table, the chart and the words."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.test_workbook import build
from vitalsigns_xl.analysis.forecast import Forecast, NoForecast
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.catalogue import Catalogue
from vitalsigns_xl.commentary import draft_sentences, load_phrases
from vitalsigns_xl.extracts import Extracts
from vitalsigns_xl.model import IndicatorReport, Report, build_report

pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported")


@pytest.fixture(scope="module")
def cic(example_report: Report) -> IndicatorReport:
    return next(i for i in example_report.indicators if i.indicator.id == "cic_count")


@pytest.fixture(scope="module")
def workbook_path(
    tmp_path_factory: pytest.TempPathFactory, example_report: Report, catalogue: Catalogue, example_extracts: Extracts
) -> Path:
    return build(tmp_path_factory.mktemp("fc") / "VitalSigns_2020-06.xlsx", example_report, catalogue, example_extracts)


@pytest.fixture(scope="module")
def demand(workbook_path: Path) -> Iterator[Any]:
    yield openpyxl.load_workbook(workbook_path)["Demand"]


def test_only_measures_marked_for_it_are_forecast(example_report: Report) -> None:
    forecast = {i.indicator.id for i in example_report.indicators if i.forecast is not None}
    assert forecast == {i.indicator.id for i in example_report.indicators if i.indicator.forecast} == {"cic_count"}


def test_the_example_forecast_runs_to_december_2020(cic: IndicatorReport) -> None:
    result = cic.forecast
    assert isinstance(result, Forecast)
    assert result.fitted_months == 49  # June 2016 to June 2020 in the example extract
    assert result.months[0] == Month(2020, 7) and result.months[-1] == Month(2020, 12)
    assert all(lo <= c <= hi for lo, c, hi in zip(result.lower, result.central, result.upper, strict=True))
    assert result.backtest.outcomes[-1] == 1288  # June 2020 as published


def test_the_drafted_words_give_the_interval_and_the_track_record(cic: IndicatorReport) -> None:
    result = cic.forecast
    assert isinstance(result, Forecast)
    sentences = draft_sentences(cic, load_phrases())
    low, high = f"{result.lower[-1]:,.0f}", f"{result.upper[-1]:,.0f}"
    assert f"By December 2020 it is likely to be between {low} and {high}" in sentences[-2]
    assert "80% prediction interval from exponential smoothing with a damped trend" in sentences[-2]
    assert sentences[-1] == f"Past 6-month forecasts were within 3% of the outcome {result.backtest.close} times in 12."


def test_a_short_history_is_stated_instead_of_drawn(catalogue: Catalogue, example_extracts: Extracts, tmp_path: Path) -> None:
    # The example's children-in-care figures start in June 2016: to May 2018 there are 24 months, short of 41.
    report = build_report(catalogue, example_extracts, Month(2018, 5))
    cic = next(i for i in report.indicators if i.indicator.id == "cic_count")
    assert isinstance(cic.forecast, NoForecast)
    assert draft_sentences(cic, load_phrases())[-1] == (
        "No forecast is shown: it needs 41 months of figures in a row to May 2018 "
        "(24 to fit the model and 17 more to check 12 past forecasts), and there are 24."
    )
    path = build(tmp_path / "VitalSigns_2018-05.xlsx", report, catalogue, example_extracts)
    with zipfile.ZipFile(path) as z:
        charts = "".join(z.read(n).decode() for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n))
    assert "<c:areaChart>" not in charts
    assert not any(r[0] == "Likely low" for r in openpyxl.load_workbook(path)["Demand"].iter_rows(values_only=True))


def test_the_table_beside_the_chart_holds_the_model_figures(demand: Any, cic: IndicatorReport) -> None:
    result = cic.forecast
    assert isinstance(result, Forecast)
    labels = ("Actual", "Forecast", "Likely low", "Likely high")
    rows = {r[0]: r[1:19] for r in demand.iter_rows(values_only=True) if r[0] in labels}  # B to S
    header = next(r for r in demand.iter_rows(values_only=True) if r[0] == "Forecast (80% prediction interval)")
    assert header[1] == "Jul-19" and header[12] == "Jun-20" and header[18] == "Dec-20"  # 12 months and 6 ahead
    assert rows["Actual"][11] == 1288 and rows["Actual"][12:] == (None,) * 6
    assert rows["Forecast"][12:] == pytest.approx(result.central)
    assert rows["Likely low"][12:] == pytest.approx(result.lower)
    assert rows["Likely high"][12:] == pytest.approx(result.upper)
    assert rows["Forecast"][11] == rows["Likely low"][11] == rows["Likely high"][11] == 1288  # the line starts at the last figure


def test_the_chart_is_a_dashed_line_in_a_shaded_band_with_alt_text(workbook_path: Path, cic: IndicatorReport) -> None:
    result = cic.forecast
    assert isinstance(result, Forecast)
    with zipfile.ZipFile(workbook_path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        drawings = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/drawings/drawing"))
    forecast_charts = [c for c in charts if "<c:areaChart>" in c]
    assert len(forecast_charts) == 1
    chart = forecast_charts[0]
    assert '<c:grouping val="stacked"/>' in chart and "<c:lineChart>" in chart
    assert '<a:prstDash val="dash"/>' in chart  # the forecast line
    assert "$B$" in chart and "$S$" in chart  # 12 months and 6 ahead: columns B to S, all printed
    alt = next(d for d in re.findall(r'descr="([^"]*)"', drawings) if "Children in care," in d)
    assert alt.startswith(
        "Line chart with forecast of Children in care, June 2019 to June 2020. Latest figure 1,288 in June 2020."
    )
    assert f"likely between {result.lower[-1]:,.0f} and {result.upper[-1]:,.0f}" in alt


def test_refusals_are_said_in_the_drafted_words(cic: IndicatorReport) -> None:
    refused = replace(cic, forecast=NoForecast("it needs 41 months of figures in a row to June 2020 (...), and there are 25"))
    assert draft_sentences(refused, load_phrases())[-1] == (
        "No forecast is shown: it needs 41 months of figures in a row to June 2020 (...), and there are 25."
    )


def test_a_month_ahead_has_no_cell_yet_and_a_figure_written_there_takes_the_row_s_format(
    workbook_path: Path, demand: Any, cic: IndicatorReport
) -> None:
    """The months ahead of the Actual row hold no figure, so no cell (a blank cell would go into the chart's copy of
    its figures as 0); the row carries the figures' format, so 1300 written into July 2020 over UNO, as a refresh in
    place writes a figure, reads "1,300" like the months before it."""
    from tests.uno_calc import UnoBook, calc, uno_available

    row = next(r[0].row for r in demand.iter_rows() if r[0].value == "Actual")
    july = demand.cell(row, 14)  # column N: the first month ahead (B to M are July 2019 to June 2020)
    assert demand.cell(row, 13).value == 1288 and july.value is None and july.has_style is False
    if not uno_available():
        return
    with calc() as calc_app:
        document = calc_app.open(workbook_path)
        try:
            UnoBook(document).write("Demand", row - 1, 13, 1300.0)
            cells = document.Sheets.getByName("Demand")
            assert cells.getCellByPosition(13, row - 1).getString() == "1,300"
            assert cells.getCellByPosition(12, row - 1).getString() == "1,288"
        finally:
            document.close(True)
