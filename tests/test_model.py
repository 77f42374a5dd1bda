"""The report model built from the example extracts, checked against the figures the June 2020 report prints."""

from pathlib import Path

import pytest

from vitalsigns_xl.analysis.judgements import Band, Comparison, Direction, Rag
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.catalogue import Catalogue
from vitalsigns_xl.extracts import read_extracts
from vitalsigns_xl.model import IndicatorReport, Report, ReportError, build_indicator, build_report

HEADER = "indicator,period,value,numerator,denominator,breakdown\n"


def _indicator(report: Report, indicator_id: str) -> IndicatorReport:
    return next(i for i in report.indicators if i.indicator.id == indicator_id)


def test_report_shape(example_report: Report, catalogue: Catalogue) -> None:
    assert example_report.period == Month(2020, 6)
    assert [s.section.title for s in example_report.sections] == [
        "Demand",
        "Timeliness",
        "Social Care Management",
        "Effectiveness",
    ]
    assert len(example_report.indicators) == len(catalogue.indicators)
    assert all(len(i.months) == 13 and len(i.values) == 13 for i in example_report.indicators)


def test_care_leavers_in_eet_as_published(example_report: Report) -> None:
    eet = _indicator(example_report, "care_leavers_eet")
    assert eet.months[0].short_label == "Jun-19"
    assert eet.values == (62.6, 58.9, 58.4, 47.6, 48.2, 48.0, 51.0, 51.8, 54.2, 53.3, 54.0, 53.8, 54.3)
    assert (eet.latest, eet.previous, eet.target) == (54.3, 53.8, 65.0)
    assert eet.change == pytest.approx(0.5)
    assert eet.rag == Rag.RED and eet.direction == Direction.IMPROVING


def test_banded_measures_against_the_officers_band_and_statistical_neighbours(example_report: Report) -> None:
    # The example's targets.csv gives 15a the band 2.5% to 5.0% and 15b 10% to 15% from April 2019.
    two_years = _indicator(example_report, "cp_plans_2_years")
    assert two_years.band == Band(2.5, 5.0) and two_years.target is None
    assert two_years.rag == Rag.AMBER  # 2.1% is 0.4 points below 2.5%, within the 1-point tolerance
    assert two_years.direction == Direction.WORSENING  # from 2.2% in May: 0.3 below the band, now 0.4 below
    sn = two_years.benchmark("statistical_neighbours")  # a band has no better side: only higher or lower
    assert sn is not None and (sn.value, sn.label, sn.comparison) == (1.5, "2018/19", Comparison.HIGHER)
    assert two_years.low is not None and (two_years.low.value, two_years.low.month) == (2.1, Month(2020, 6))
    repeat = _indicator(example_report, "cp_repeat_plans")
    assert repeat.rag == Rag.GREEN  # 14.9% is inside 10% to 15%
    assert repeat.direction == Direction.IMPROVING  # from 15.1% in May, 0.1 points above the band, into it
    assert repeat.benchmark("statistical_neighbours").comparison == Comparison.LOWER  # type: ignore[union-attr]
    assert repeat.bands == (Band(10.0, 15.0),) * 13  # the band holds from April 2019, before the 13 months from June 2019


def test_without_the_officers_band_the_catalogue_default_holds(example_report: Report, catalogue: Catalogue) -> None:
    item = _indicator(example_report, "cp_plans_2_years")
    built = build_indicator(
        item.indicator, Month(2020, 6), {"": dict(zip(item.months, item.values, strict=True))}, {}, {}, None, {}
    )
    assert built.bands == (Band(2.0, 5.0),) * 13  # the catalogue's rag: band
    assert built.rag == Rag.GREEN  # 2.1% inside 2% to 5%


def test_counts_quoted_in_the_report(example_report: Report) -> None:
    assert _indicator(example_report, "cp_count").latest == 1012
    assert _indicator(example_report, "cic_count").latest == 1288
    started = _indicator(example_report, "cic_started")
    assert started.latest == 66  # the total of its categories
    assert {b.id: b.values[-1] for b in started.breakdowns}["family"] == 38
    assert _indicator(example_report, "cic_ceased").latest == 33
    # Agency social workers: the published 141.0 FTE at 30 June 2020 less 3.0 auditors (not social workers) = 138.0,
    # over 138.0 + 325.0 council social workers in post = 463.0: 29.8%. May: (127.0 - 2.0) / (125.0 + 329.0) = 27.5%.
    agency = _indicator(example_report, "sw_agency_rate")
    assert (round(agency.latest, 1), round(agency.previous, 1)) == (29.8, 27.5)


def test_rolling_average_for_counts(example_report: Report) -> None:
    missing = _indicator(example_report, "cic_missing_episodes")
    assert missing.rolling_12 is not None and missing.rolling_12[-1] == 94.5
    assert missing.rolling_12[0] is None  # the year to June 2019 is not in the extract: missing, not zero
    assert _indicator(example_report, "care_leavers_eet").rolling_12 is None  # percentages have no rolling average


def test_stepped_target_trajectory(example_report: Report) -> None:
    assessments = _indicator(example_report, "assessments_45wd")
    by_month = dict(zip(assessments.months, assessments.targets, strict=True))
    assert by_month[Month(2020, 3)] == 80 and by_month[Month(2020, 4)] == 85
    assert assessments.target == 85


def _report_from(tmp_path: Path, catalogue: Catalogue, measures: str, period: Month | None = None) -> Report:
    (tmp_path / "measures.csv").write_text(HEADER + measures, encoding="utf-8")
    return build_report(catalogue, read_extracts(tmp_path, catalogue), period)


def test_missing_months_stay_missing(tmp_path: Path, catalogue: Catalogue) -> None:
    report = _report_from(tmp_path, catalogue, "contacts,2020-06,100,,,\ncontacts,2020-04,90,,,\n")
    contacts = _indicator(report, "contacts")
    assert contacts.values[-3:] == (90.0, None, 100.0)
    assert contacts.previous is None and contacts.change is None and contacts.direction is None
    assert contacts.rolling_12 is not None and contacts.rolling_12[-1] is None


def test_one_month_history_and_no_target(tmp_path: Path, catalogue: Catalogue) -> None:
    report = _report_from(tmp_path, catalogue, "care_leavers_eet,2020-06,54.3,,,\n")
    eet = _indicator(report, "care_leavers_eet")
    assert eet.latest == 54.3 and eet.previous is None and eet.rag is None and eet.target is None
    assert eet.high is not None and eet.high.value == eet.low.value == 54.3  # type: ignore[union-attr]
    assert not _indicator(report, "contacts").has_data


def test_earlier_period_and_unknown_period(tmp_path: Path, catalogue: Catalogue) -> None:
    report = _report_from(tmp_path, catalogue, "contacts,2020-06,100,,,\ncontacts,2020-05,90,,,\n", Month(2020, 5))
    assert _indicator(report, "contacts").latest == 90
    with pytest.raises(ReportError, match=r"no figures for July 2020 .* from May 2020 to June 2020"):
        _report_from(tmp_path, catalogue, "contacts,2020-06,100,,,\ncontacts,2020-05,90,,,\n", Month(2020, 7))
