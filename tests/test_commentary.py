"""Drafted commentary: each kind of sentence checked against hand-made series."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from vitalsigns_xl.analysis.periods import Month, window
from vitalsigns_xl.catalogue import CatalogueError, Indicator, Unit, in_sentence, subject_of
from vitalsigns_xl.commentary import DEFAULT_PHRASES, Phrases, draft_sentences, load_phrases
from vitalsigns_xl.library import load_library
from vitalsigns_xl.model import IndicatorReport, Report, Stepped, build_indicator

JUNE = Month(2020, 6)
PHRASES = load_phrases()


def indicator(**changes: Any) -> Indicator:
    fields: dict[str, Any] = dict(
        id="eet",
        code="13a",
        section="effectiveness",
        title="Care leavers in EET",
        unit="percent",
        polarity="higher_is_better",
        decimals=1,
        chart="line",
        rag={"tolerance": 5},
        why="Why.",
        definition="Definition.",
        owner="Owner.",
        source="Source.",
    )
    return Indicator.model_validate(fields | changes)


def report(
    values: list[float | None],
    ind: Indicator | None = None,
    target: float | None = None,
    sn: float | None = None,
    numerator: float | None = None,
    denominator: float | None = None,
    categories: dict[str, list[float | None]] | None = None,
) -> IndicatorReport:
    """A measure whose last value is June 2020's, the one before May's, and so on back."""
    ind = ind or indicator()
    months = window(JUNE, len(values))
    series = {"": {m: v for m, v in zip(months, values, strict=True) if v is not None}}
    for category, figures in (categories or {}).items():
        series[category] = {m: v for m, v in zip(window(JUNE, len(figures)), figures, strict=True) if v is not None}
    numerators = {JUNE: numerator} if numerator is not None else {}
    denominators = {JUNE: denominator} if denominator is not None else {}
    targets = Stepped((Month(2000, 1),), (target,), ("",)) if target is not None else None
    benchmarks = {"statistical_neighbours": Stepped((Month(2019, 3),), (sn,), ("2018/19",))} if sn is not None else {}
    return build_indicator(ind, JUNE, series, numerators, denominators, targets, benchmarks)


def say(item: IndicatorReport) -> list[str]:
    return draft_sentences(item, PHRASES)


def test_change_with_counts_and_verdict() -> None:
    sentences = say(report([50.0, 52.9], numerator=9, denominator=17))
    assert sentences[0] == (
        "The proportion of care leavers in EET rose from 50.0% in May 2020 to 52.9% (9 of 17) in June 2020, an improvement."
    )


def test_a_fall_on_a_lower_is_better_measure_is_an_improvement() -> None:
    ind = indicator(polarity="lower_is_better", rag=None)
    assert say(report([12.0, 9.4], ind))[0].endswith("fell from 12.0% in May 2020 to 9.4% in June 2020, an improvement.")


def test_neutral_measures_have_no_verdict_and_counts_print_as_counts() -> None:
    ind = indicator(unit="count", polarity="neutral", rag=None, decimals=0, title="Contacts")
    assert say(report([1002, 1305], ind))[0] == "The number of contacts rose from 1,002 in May 2020 to 1,305 in June 2020."


def test_a_change_that_rounds_away_is_the_same() -> None:
    assert say(report([54.31, 54.34]))[0] == (
        "The proportion of care leavers in EET was 54.3% in June 2020, the same as in May 2020."
    )


def test_target_missed_by_points_and_met() -> None:
    assert "This is 10.7 points below the target of 65.0%." in say(report([53.8, 54.3], target=65))
    assert "This is 3.1 points above the target of 87.0%, so the target is met." in say(report([88.4, 90.1], target=87))
    assert "This meets the target of 90.0%." in say(report([88.0, 90.0], target=90))
    lower = indicator(polarity="lower_is_better")
    assert "This is 0.4 points above the target of 9.0%." in say(report([11.4, 9.4], lower, target=9))
    assert "This is 1.4 points below the target of 3.5%, so the target is met." in say(report([2.2, 2.1], lower, target=3.5))


REPEAT = {"polarity": "neutral", "rag": {"band": [10, 15], "tolerance": 2}, "title": "Repeat child protection plans"}


def test_against_a_band_within_it_or_outside_it_on_either_side() -> None:
    banded = indicator(**REPEAT)
    # Inside 10% to 15% (the catalogue's band), from 15.1% (0.1 above it) in May: back in the range is an improvement.
    inside = say(report([15.1, 14.9], banded))
    assert inside[0] == (
        "The proportion of repeat child protection plans fell from 15.1% in May 2020 to 14.9% in June 2020, an improvement."
    )
    assert "This is within the range of 10.0% to 15.0%." in inside
    # 8.4% is 1.6 points below 10.0%; down from 9.0%, further below it: a deterioration, not the fall a
    # lower-is-better rating would call good.
    below = say(report([9.0, 8.4], banded))
    assert below[0].endswith("fell from 9.0% in May 2020 to 8.4% in June 2020, a deterioration.")
    assert "This is 1.6 points below the range of 10.0% to 15.0%." in below
    assert "This is 2.5 points above the range of 10.0% to 15.0%." in say(report([16.0, 17.5], banded))
    assert "This is just above the range of 10.0% to 15.0%." in say(report([14.0, 15.02], banded))
    # Moving about inside the range is neither better nor worse: no verdict.
    assert say(report([12.0, 13.0], banded))[0].endswith("rose from 12.0% in May 2020 to 13.0% in June 2020.")
    assert not [s for s in say(report([12.0, 13.0], banded)) if "target" in s]


def test_inside_or_outside_the_band_month_after_month() -> None:
    banded = indicator(**REPEAT)
    values = [12.0, 11, 12, 11, 12, 11, 12, 11, 12, 11, 16, 17, 16.5]  # above 15% from April 2020
    assert "It has been outside its range every month since April 2020." in say(report(values, banded))
    inside = [9.0, 11, 12, 11, 12, 11, 12, 11, 12, 11, 12, 11, 12.5]  # below it in June 2019 only
    assert "It has been within its range every month since July 2019." in say(report(inside, banded))


def test_a_miss_too_small_to_print_is_just_below_not_met() -> None:
    assert "This is just below the target of 65.0%." in say(report([60.0, 64.98], target=65))


def test_no_target_no_target_sentence() -> None:
    assert not [s for s in say(report([50.0, 52.0, 51.0])) if "target" in s]


def test_against_the_statistical_neighbour_average() -> None:
    assert "It is better than the statistical neighbour average of 52.0% (2018/19)." in say(report([50.0, 54.3], sn=52))
    lower = indicator(polarity="lower_is_better", rag=None)
    assert "It is worse than the statistical neighbour average of 1.5% (2018/19)." in say(report([2.2, 2.1], lower, sn=1.5))
    neutral = indicator(polarity="neutral", rag=None, unit="rate_per_10k")
    assert "It is higher than the statistical neighbour average of 52.6 (2018/19)." in say(report([71.7, 71.9], neutral, sn=52.6))
    assert "It is in line with the statistical neighbour average of 54.3% (2018/19)." in say(report([50.0, 54.3], sn=54.34))


def test_highest_and_lowest_in_twelve_months() -> None:
    rising = [50.0, 51, 49, 52, 48, 47, 46, 45, 50, 52, 51, 53, 55]
    assert "This is the highest figure in the last 12 months." in say(report(rising))
    falling = [2.5, 2.4, 2.6, 2.8, 2.3, 2.4, 2.5, 2.6, 2.7, 2.3, 2.4, 2.2, 2.1]
    assert "This is the lowest figure in the last 12 months." in say(report(falling))


def test_ties_are_joint_and_named() -> None:
    values = [16.0, 15.2, 14.9, 15.5, 15.8, 16.0, 15.6, 15.3, 15.4, 15.2, 15.0, 15.1, 14.9]
    assert "This is the joint lowest figure in the last 12 months, level with August 2019." in say(report(values))
    two = [None, 10.0, 9.0, 12.0, 10.0, 12.0, 11.0, 11.0, 11.5, 11.0, 10.5, 11.0, 12.0]
    assert "This is the joint highest figure in the last 12 months, level with September 2019 and November 2019." in say(
        report(two)
    )


def test_a_thirteenth_month_higher_still_does_not_stop_a_twelve_month_high() -> None:
    values = [99.0, 50, 51, 52, 53, 49, 48, 47, 46, 45, 44, 43, 60]
    assert "This is the highest figure in the last 12 months." in say(report(values))


def test_missing_months_narrow_the_span() -> None:
    values = [None, None, None, None, 40.0, None, 42, 41, None, 43, 44, None, 45]
    assert "This is the highest figure of the 6 months with figures in the last 12." in say(report(values))


def test_a_run_of_rises_names_where_it_began() -> None:
    values = [60.0, 58, 57, 55, 56, 57, 55.1, 56, 57, 58, 59, 60, 61]
    sentences = say(report(values))
    assert "It has risen in each of the last 6 months, from 55.1% in December 2019." in sentences


def test_a_missing_month_breaks_a_run() -> None:
    values = [60.0, 58, 57, 55, 56, 57, 55, 56, None, 58, 59, 60, 61]
    assert "It has risen in each of the last 3 months, from 58.0% in March 2020." in say(report(values))
    short = [60.0, 58, 57, 55, 56, 57, 55, 56, 57, 58, None, 60, 61]
    assert not [s for s in say(report(short)) if "risen in each" in s]


def test_a_flat_step_breaks_a_run() -> None:
    values = [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 9.01, 11, 12, 13]  # 9.0 to 9.0 is no rise at one decimal
    assert "It has risen in each of the last 3 months, from 9.0% in March 2020." in say(report(values))


def test_short_of_target_since_a_month_only_when_the_month_before_is_known() -> None:
    values = [95.0, 96, 95, 96, 95, 96, 95, 96, 95, 96, 91, 92, 90]
    assert "It has been short of its target every month since April 2020." in say(report(values, target=95))
    always = [80.0] * 12 + [81.0]
    assert "It has been short of its target in each of the last 13 months." in say(report(always, target=95))
    gap = [None, 96.0, 95, 96, 95, 96, 95, 96, 95, None, 91, 92, 90]
    assert "It has been short of its target in each of the last 3 months." in say(report(gap, target=95))


def test_the_rolling_average_of_a_count() -> None:
    ind = indicator(unit="count", polarity="lower_is_better", rag=None, decimals=0, title="Missing episodes")
    values = [90.0, 67, 80, 85, 92, 98, 110, 100, 90, 88, 97, 132, 95]
    assert "The average over the last 12 months is 94.5 a month." in say(report(values, ind))


def test_the_rolling_average_needs_all_twelve_months() -> None:
    ind = indicator(unit="count", polarity="lower_is_better", rag=None, decimals=0, title="Missing episodes")
    values = [90.0, 67, 80, 85, None, 98, 110, 100, 90, 88, 97, 132, 95]
    assert not [s for s in say(report(values, ind)) if "average" in s]


def test_one_month_of_history() -> None:
    sentences = say(report([None] * 12 + [54.3], target=65))
    assert sentences == [
        "The proportion of care leavers in EET was 54.3% in June 2020.",
        "This is the first month with a figure, so there is no trend yet.",
        "This is 10.7 points below the target of 65.0%.",
    ]


def test_last_month_missing() -> None:
    sentences = say(report([50.0, 51.0, None, 52.0]))
    assert sentences[0] == (
        "The proportion of care leavers in EET was 52.0% in June 2020; there is no figure for May 2020 to compare with."
    )


def test_this_month_missing() -> None:
    assert say(report([50.0, 51.0, None])) == [
        "There is no figure for the proportion of care leavers in EET in June 2020; the most recent is 51.0% in May 2020."
    ]
    assert say(report([None, None])) == [
        "There are no figures for the proportion of care leavers in EET in the 13 months to June 2020."
    ]


def test_a_measure_given_only_by_category() -> None:
    ind = indicator(
        polarity="neutral",
        rag=None,
        chart="stacked_column",
        breakdowns=[{"id": "foster", "label": "Foster care"}, {"id": "residential", "label": "Residential"}],
    )
    item = report([None, None], ind, categories={"foster": [42.3, 40.9], "residential": [8.7, 9.0]})
    assert say(item) == [
        "In June 2020 the figures by category were: Foster care 40.9%; Residential 9.0%.",
        "The largest change since May 2020 was in Foster care, from 42.3% to 40.9%.",
    ]


def test_never_more_than_four_sentences_and_never_fewer_than_two_with_history(example_report: Report) -> None:
    for item in example_report.indicators:
        sentences = say(item)
        assert 2 <= len(sentences) <= 4, (item.indicator.id, sentences)
        assert all(s.endswith(".") and s[0].isupper() for s in sentences)


def test_the_seed_examples(example_report: Report) -> None:
    by_id = {i.indicator.id: i for i in example_report.indicators}
    pep = say(by_id["cic_pep_up_to_date"])
    assert pep[0].startswith(
        "The proportion of school-age children in care with an up-to-date PEP rose from 87.2% in May 2020 to 91.8%"
    )
    assert "This is 3.2 points below the target of 95.0%." in pep
    two_years = say(by_id["cp_plans_2_years"])
    assert "This is the lowest figure in the last 12 months." in two_years
    # 2.1% against the example officer's range of 2.5% to 5.0%, down from 2.2%: further below it
    assert two_years[0].endswith("fell from 2.2% in May 2020 to 2.1% in June 2020, a deterioration.")
    assert "This is 0.4 points below the range of 2.5% to 5.0%." in two_years
    assert "This is within the range of 10.0% to 15.0%." in say(by_id["cp_repeat_plans"])  # 14.9%
    starters = say(by_id["sw_starters"])  # neutral: 4 in May, 3 in June, with no verdict either way
    assert starters[0] == "The number of social worker starters fell from 4 in May 2020 to 3 in June 2020."


def test_templates_are_checked_on_load(tmp_path: Path) -> None:
    text = DEFAULT_PHRASES.read_text(encoding="utf-8")
    broken = tmp_path / "commentary.yaml"
    broken.write_text(
        text.replace("the same as in {previous_period}", "the same as in {last_month}").replace("rose:", "rise:", 1),
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError) as caught:
        load_phrases(broken)
    message = str(caught.value)
    assert "missing entry 'rose'" in message
    assert "unknown entry 'rise'" in message
    assert "uses {last_month}, which is not a placeholder" in message


def test_wording_changes_need_no_code() -> None:
    import yaml

    templates = yaml.safe_load(DEFAULT_PHRASES.read_text(encoding="utf-8"))
    templates["rose"] = "Up: {measure} is {value} ({period})."
    assert draft_sentences(report([50.0, 52.9]), Phrases(templates, "test"))[0] == "Up: Care leavers in EET is 52.9% (June 2020)."


def test_a_template_using_a_placeholder_its_sentence_cannot_fill_names_it() -> None:
    import yaml

    templates = yaml.safe_load(DEFAULT_PHRASES.read_text(encoding="utf-8"))
    templates["rose"] = "{measure} rose against {target}."
    with pytest.raises(CatalogueError, match="'rose' uses \\{target\\}"):
        draft_sentences(report([50.0, 52.9]), Phrases(templates, "test"))


# SPC sentences. By hand: 10.0, 12.0 repeated has mean 11.0 and every moving range 2.0, so process
# limits 11.0 ± 2.66 × 2 = 5.7 to 16.3 (printed at one decimal); the two-thirds mark above is 14.5.
STEADY = [10.0, 12.0] * 8


def test_spc_a_point_beyond_the_limit_is_a_change_not_noise() -> None:
    sentences = say(report([*STEADY, 2.0], indicator(polarity="lower_is_better", rag=None)))
    # With 2.0 in the series the limits move: mean (10 × 8 + 12 × 8 + 2) / 17 = 10.47; moving ranges fifteen 2s
    # and one 10 (12 to 2), mean 2.5, and 10 ≥ 3.267 × 2.5 = 8.17 is screened, so 10.47 ± 5.32: lower limit 5.15.
    assert sentences[1] == "June 2020's 2.0% is below the lower process limit of 5.2%: a change, not noise."


def test_spc_ordinary_variation_and_what_it_means_for_the_target() -> None:
    assert say(report(STEADY))[1] == (
        "The figure varies between 5.7% and 16.3% from month to month, "
        "so this month's figure is within the usual variation: noise, not a change."
    )
    assert say(report(STEADY, target=20))[1] == (
        "The figure varies between 5.7% and 16.3% from month to month; the target of 20.0% lies outside that range, "
        "so the service will not meet it without a change in how it works."
    )
    assert (
        "the target of 5.0% lies outside that range, so it can be expected to be met every month."
        in say(report(STEADY, target=5))[1]
    )
    assert "lies inside that range, so it will be met in some months and missed in others." in say(report(STEADY, target=12))[1]


def test_spc_limits_below_nothing_are_not_quoted() -> None:
    counts = indicator(unit="count", decimals=0, rag=None, polarity="lower_is_better", title="Leavers")
    # By hand: 1, 3 repeated has mean 2 and moving ranges 2: limits 2 ± 5.32, -3.32 to 7.32; a count cannot be below 0.
    assert say(report([1.0, 3.0] * 8, counts))[1].startswith("The figure varies between 0 and 7 from month to month")


def test_spc_shift_and_no_sentence_while_the_limits_are_provisional() -> None:
    shifted = [*STEADY, 12.5, 12.5, 12.5, 12.5, 12.5, 12.5, 12.5, 12.5]
    # By hand, limits fixed on the first 12 months (mean 11.0): the last 9 months (12.0 then eight 12.5s) are above it.
    assert say(report(shifted, indicator(spc_fix_after=12)))[1] == (
        "It has been above its average of 11.0% for seven or more months in a row: a change, not noise."
    )
    short = say(report(STEADY[:8], indicator(spc=True)))
    assert not [s for s in short if "process limit" in s or "varies between" in s]


LEFT_CARE = dict(
    id="cic_ceased",
    title="Children who left care, by reason",
    unit="count",
    polarity="neutral",
    rag=None,
    decimals=0,
    chart="stacked_column",
    breakdowns=[
        {"id": "returned_home", "label": "Returned home"},
        {"id": "adopted", "label": "Adopted"},
        {"id": "other", "label": "Other"},
    ],
)


def test_a_measure_by_category_is_described_by_its_total_and_the_part_that_changed_most() -> None:
    # May 10 + 4 + 22 = 36, June 13 + 1 + 4 = 18; the parts moved by +3, -3 and -18, so "Other" moved most.
    item = report(
        [None, None], indicator(**LEFT_CARE), categories={"returned_home": [10, 13], "adopted": [4, 1], "other": [22, 4]}
    )
    assert item.latest == 18 and item.previous == 36
    assert say(item)[0] == (
        "The number of children who left care fell from 36 in May 2020 to 18 in June 2020; "
        "the largest change was in Other, from 22 to 4."
    )


def test_parts_that_changed_by_the_same_amount_share_the_largest_change() -> None:
    # May 9 + 1 + 7 = 17, June 13 + 1 + 3 = 17: the total held, while two parts moved by 4 each way.
    item = report([None, None], indicator(**LEFT_CARE), categories={"returned_home": [9, 13], "adopted": [1, 1], "other": [7, 3]})
    assert say(item)[0] == (
        "The number of children who left care was 17 in June 2020, the same as in May 2020; the largest changes, "
        "equal in size, were in Returned home, from 9 to 13, and Other, from 7 to 3."
    )


def test_a_subject_from_the_catalogue_is_used_in_place_of_the_title() -> None:
    ind = indicator(title="CIC visits (statutory)", subject="The proportion of children in care visited on time")
    assert say(report([90.0, 91.1], ind))[0] == (
        "The proportion of children in care visited on time rose from 90.0% in May 2020 to 91.1% in June 2020, an improvement."
    )
    assert say(report([90.0, None], ind))[0] == (
        "There is no figure for the proportion of children in care visited on time in June 2020; "
        "the most recent is 90.0% in May 2020."
    )


def test_subjects_made_from_titles() -> None:
    cases = [
        ("Children who left care, by reason", "count", True, "The number of children who left care"),
        ("Contacts by outcome", "percent", True, "The breakdown of contacts by outcome"),
        ("Contacts that became a referral", "percent", False, "The proportion of contacts that became a referral"),
        ("Children in need per 10,000 children", "rate_per_10k", False, "The rate of children in need per 10,000 children"),
        ("Average caseload per social worker", "ratio", False, "The average caseload per social worker"),
        ("Social worker vacancy rate", "percent", False, "The social worker vacancy rate"),
        (
            "IRO challenges resolved without formal escalation",
            "percent",
            False,
            "The proportion of IRO challenges resolved without formal escalation",
        ),
    ]
    for title, unit, by_category, expected in cases:
        assert subject_of(title, Unit(unit), by_category) == expected
    assert in_sentence("The number of children in care") == "the number of children in care"
    assert in_sentence("PEPs up to date") == "PEPs up to date"


def test_every_measure_of_the_library_has_a_subject_that_opens_a_sentence() -> None:
    for entry in load_library().entries:
        subject = entry.measure.sentence_subject
        assert subject.startswith("The ") and not subject.endswith((".", ",")), (entry.measure.id, subject)
        by_category = entry.measure.breakdowns and entry.measure.unit is not Unit.PERCENT
        assert not (by_category and " by " in subject), (entry.measure.id, subject)  # "by reason" is no part of a total


def test_the_example_measures_by_category(example_report: Report) -> None:
    by_id = {i.indicator.id: i for i in example_report.indicators}
    # examples/README.md: 66 entered care in June 2020, 38 of them with family (43 and 15 in May, made up)
    assert say(by_id["cic_started"])[0] == (
        "The number of children who entered care rose from 43 in May 2020 to 66 in June 2020; "
        "the largest change was in Family members, from 15 to 38."
    )
    # 33 left care in June 2020, 13 returned home and 3 "Other" (published); May's 31 with 9 and 7 made up
    assert say(by_id["cic_ceased"])[0] == (
        "The number of children who left care rose from 31 in May 2020 to 33 in June 2020; the largest changes, "
        "equal in size, were in Returned home, from 9 to 13, and Other, from 7 to 3."
    )
