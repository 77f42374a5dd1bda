"""The catalogue: the whole June 2020 report is described, and a broken definition is refused clearly."""

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.catalogue_files import default_catalogue_data, entry, write_catalogue
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.catalogue import Catalogue, CatalogueError, load_catalogue
from vitalsigns_xl.jobs.build import build

# Every measure the foundation issue names, by the id the catalogue gives it.
REQUIRED = {
    "contacts", "contact_outcomes", "referrals", "contact_conversion", "cp_rate", "cp_count", "cp_by_length",
    "cp_average_duration", "cic_count", "cic_rate", "cic_placement_mix", "cic_started", "cic_ceased",
    "visits_cic_on_time", "visits_cp_on_time", "contacts_decided_1wd", "assessments_45wd", "icpc_15wd",
    "average_caseload", "caseload_over_26", "caseload_under_10", "sw_starters", "sw_leavers", "sw_agency_rate",
    "appraisal_recorded", "sickness_days_per_fte", "care_leavers_eet", "care_leavers_suitable_accommodation",
    "cic_dental_checks", "cic_pep_up_to_date", "cp_plans_2_years", "cp_repeat_plans", "cic_health_assessments",
    "cic_missing_episodes", "cic_three_placements",
}  # fmt: skip


def test_catalogue_covers_every_measure_in_four_sections(catalogue: Catalogue) -> None:
    assert catalogue.ids >= REQUIRED
    assert [s.title for s in catalogue.sections] == ["Demand", "Timeliness", "Social Care Management", "Effectiveness"]
    assert all(catalogue.indicators_in(s.id) for s in catalogue.sections)


def test_breakdowns_where_the_report_has_them(catalogue: Catalogue) -> None:
    assert list(catalogue.indicator("contact_outcomes").breakdown_labels) == ["referral", "early_help", "nfa"]
    assert len(catalogue.indicator("cic_placement_mix").breakdowns) == 7  # six groups and the other placements
    assert not catalogue.indicator("sw_agency_rate").breakdowns  # a rate of social workers, not FTE by role
    assert "sgo" in catalogue.indicator("cic_ceased").breakdown_labels


def test_polarity_and_rag_rules(catalogue: Catalogue) -> None:
    assert catalogue.indicator("caseload_over_26").polarity == "lower_is_better"
    assert catalogue.indicator("care_leavers_eet").polarity == "higher_is_better"
    assert catalogue.indicator("sw_starters").polarity == "neutral"  # starters rise with churn as well as growth
    assert catalogue.indicator("contacts").rag is None
    rule = catalogue.indicator("care_leavers_eet").rag
    assert rule is not None and rule.tolerance == 5 and rule.band is None


def test_both_ends_a_concern_rated_against_a_band(catalogue: Catalogue) -> None:
    # Repeat plans: LG Inform metric 100 (former NI 65) calls 10% to 15% good in its 2006/07 banding.
    repeat = catalogue.indicator("cp_repeat_plans")
    assert repeat.polarity == "neutral" and repeat.banded
    assert repeat.rag is not None and repeat.rag.band == (10, 15) and repeat.rag.tolerance == 2
    two_years = catalogue.indicator("cp_plans_2_years")
    assert two_years.banded and two_years.rag is not None and two_years.rag.band == (2, 5)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rag": {"band": [15, 10], "tolerance": 2}}, "band \\[15, 10\\] runs backwards: give the low end first"),
        ({"polarity": "lower_is_better"}, "rated against a band is neither better higher nor lower: set polarity: neutral"),
        ({"target": 12}, "takes its default from rag: band, not target"),
        ({"rag": {"tolerance": 2}}, "a neutral measure cannot have a RAG rule against one target"),
        ({"rag": {"band": [10], "tolerance": 2}}, "cp_repeat_plans' → rag → band"),
    ],
)
def test_a_band_that_cannot_be_used_is_refused_naming_the_measure(tmp_path: Path, change: dict[str, Any], message: str) -> None:
    raw = _raw()
    raw["indicators"] = [{**i, **change} if i["id"] == "cp_repeat_plans" else i for i in raw["indicators"]]
    with pytest.raises(CatalogueError, match=message) as caught:
        _load(tmp_path, raw)
    assert "cp_repeat_plans" in str(caught.value)


def _raw() -> dict[str, Any]:
    return default_catalogue_data()


def _load(tmp_path: Path, raw: dict[str, Any]) -> Catalogue:
    return load_catalogue(write_catalogue(tmp_path / "catalogue.yaml", raw))


@pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported")
def test_adding_a_measure_needs_only_yaml(tmp_path: Path, extracts_copy: Path) -> None:
    """A new catalogue entry and its rows in an extract give the measure its block, Summary row and sentence."""
    raw = _raw()
    new = {**entry(raw, "contacts"), "id": "private_fostering", "code": "4f", "title": "Private fostering notifications"}
    new.pop("counting", None)  # fed by the measures extract only, not counted from the example's Annex A
    raw["indicators"].append(new)
    catalogue = _load(tmp_path, raw)
    assert "private_fostering" in catalogue.ids
    with (extracts_copy / "measures_case_management.csv").open("a", encoding="utf-8") as extract:
        extract.write("private_fostering,2020-05,7,,,\nprivate_fostering,2020-06,9,,,\n")
    workbook = tmp_path / "VitalSigns.xlsx"
    outcome = build(extracts_copy, workbook, Month(2020, 6), tmp_path / "catalogue.yaml")
    assert len(outcome.report.indicators) == len(raw["indicators"])  # every entry of the file, the new one too

    book = openpyxl.load_workbook(workbook)
    assert {f"vs_officer_{name}" for name in ("private_fostering", "contacts")} <= set(book.defined_names)
    ((sheet, cell),) = book.defined_names["vs_drafted_private_fostering"].destinations
    drafted = book[sheet][cell.replace("$", "")].value
    assert drafted.startswith("The number of private fostering notifications rose from 7 in May 2020 to 9 in June 2020")  # 7 → 9
    summary_row = next(row for row in book["Summary"].iter_rows(values_only=True) if "Private fostering notifications" in row)
    assert "4f" in summary_row and 9 in summary_row


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda r: entry(r, "contact_conversion").update(unit="rate"),
            "catalogue.yaml: indicator 'contact_conversion' → unit: Input should be 'percent', 'count', 'rate_per_10k', "
            "'days', 'fte' or 'ratio'",
        ),
        (
            lambda r: entry(r, "cp_count").update(id="contacts", code="3z"),
            "catalogue.yaml: top level: Value error, duplicate indicator id 'contacts'",
        ),
        (
            lambda r: entry(r, "cp_by_length").update(why="   "),
            "catalogue.yaml: indicator 'cp_by_length' → why: Value error, must not be blank",
        ),
        (lambda r: entry(r, "cp_by_length").pop("why"), "catalogue.yaml: indicator 'cp_by_length' → why: Field required"),
        (
            lambda r: entry(r, "contacts").update(section="demnd"),
            "catalogue.yaml: top level: Value error, indicator 'contacts' names section 'demnd', which is not one of: "
            "demand, effectiveness, management, timeliness",
        ),
        (
            lambda r: entry(r, "contacts").update(rag={"tolerance": 5}),
            "catalogue.yaml: indicator 'contacts': Value error, a neutral measure cannot have a RAG rule against one target "
            "(set rag: null, or give a band)",
        ),
        (
            lambda r: entry(r, "contacts").update(polarity="up"),
            "catalogue.yaml: indicator 'contacts' → polarity: Input should be",
        ),
    ],
)
def test_broken_catalogue_is_refused_naming_the_entry(tmp_path: Path, change: Any, message: str) -> None:
    raw = _raw()
    change(raw)
    with pytest.raises(CatalogueError) as caught:
        _load(tmp_path, raw)
    assert str(caught.value).startswith(message)


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("Summary", "'Summary' is the name of one of the workbook's own sheets"),
        ("data", "'data' is the name of one of the workbook's own sheets"),  # Excel's sheet names ignore case
        ("Help and protection for children at risk", "is 40 characters; a sheet name holds at most 31"),  # 40 by len()
        ("Demand / supply", "'Demand / supply' contains /, which a sheet name cannot hold"),
        ("Timeliness [draft]", "contains [ ], which a sheet name cannot hold"),
        ("'Quoted'", "starts or ends with an apostrophe"),
    ],
)
def test_a_section_title_that_cannot_be_its_sheet_is_refused_on_load(tmp_path: Path, title: str, message: str) -> None:
    raw = _raw()
    raw["sections"][1]["title"] = title
    with pytest.raises(CatalogueError) as refused:
        _load(tmp_path, raw)
    assert str(refused.value).startswith("catalogue.yaml: section 'timeliness' → title: Value error, ")
    assert message in str(refused.value)


def test_two_sections_cannot_share_a_sheet(tmp_path: Path) -> None:
    raw = _raw()
    raw["sections"][1]["title"] = "DEMAND"
    with pytest.raises(CatalogueError, match=r"duplicate section title \(sheet names ignore case\) 'demand'"):
        _load(tmp_path, raw)
