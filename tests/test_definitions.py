"""Each measure's basis, the sources it rests on and the one statement of working days, on the Definitions sheet.

The expected texts are the sources' own words (workbook_templates/sources.yaml cites them), and the
working-day examples are counted by hand from the calendar (England and Wales bank holidays as gov.uk
lists them), not by running the code under test.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tests.annex_a_lists import write_csv, write_workbook
from tests.catalogue_files import default_catalogue_data, entry, write_catalogue
from tests.conftest import EXAMPLES
from vitalsigns_xl.analysis.counting import Context, count
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.analysis.working_days import working_days_between
from vitalsigns_xl.catalogue import Catalogue, CatalogueError, load_catalogue, references
from vitalsigns_xl.extracts import read_extracts
from vitalsigns_xl.extracts.annex_a import read_annex_a
from vitalsigns_xl.jobs.build import build
from vitalsigns_xl.model import Report, build_report

DFE_PUBLICATIONS = (
    "DfE Characteristics of children in need",
    "DfE Children looked after in England",
    "DfE Outcomes for children looked after",
    "DfE placement stability",
    "DfE Children's social work workforce",
    "Former best value indicator BV12",
)


def test_every_measure_of_the_report_states_its_basis(catalogue: Catalogue) -> None:
    """DfE's publication and table or data item, or "Local measure:" and the local standard; never left at the default."""
    for ind in catalogue.indicators:
        if ind.basis.startswith("Local measure"):
            assert re.match(r"Local measure: \S", ind.basis), (ind.id, ind.basis)
        else:
            assert ind.basis.startswith(DFE_PUBLICATIONS), (ind.id, ind.basis)
            assert ind.sources, f"{ind.id}: a DfE basis names its source"


def test_the_six_differing_measures_say_how_they_differ_or_follow_dfe(catalogue: Catalogue) -> None:
    # DfE's assessment figure runs from the assessment start date (CIN item N00159) to its authorisation (N00160):
    # the children in need census, table C2, and DfE rule 8670Q (sources cin_assessments and cin_validator).
    assessments = catalogue.indicator("assessments_45wd")
    assert "from their start to their authorisation" in assessments.definition
    assert "referral" not in assessments.definition
    assert "N00159" in assessments.basis and "N00160" in assessments.basis
    assert {"cin_assessments", "cin_validator"} <= set(assessments.sources)
    # Initial conferences per child, transfer-in conferences excluded (LG Inform 3217, DfE table C4).
    icpc = catalogue.indicator("icpc_15wd")
    assert "per child, transfer-in conferences excluded" in icpc.definition
    # Children in care exclude an agreed series of short breaks (DfE looked-after data guidance).
    for measure in ("cic_count", "cic_rate", "cic_started", "cic_ceased", "cic_three_placements"):
        assert "(an agreed series of short breaks excluded)" in catalogue.indicator(measure).definition, measure
        assert "cla_guidance" in catalogue.indicator(measure).sources or measure == "cic_three_placements"


def test_why_texts_name_the_law_as_the_law(catalogue: Catalogue) -> None:
    """Regulation 28 sets the statutory visiting intervals; 10 working days for child protection visits is local."""
    cic_visits = catalogue.indicator("visits_cic_on_time")
    assert "Regulation 28 of the Care Planning, Placement and Case Review (England) Regulations 2010" in cic_visits.why
    assert "the law" not in cic_visits.why
    assert "care_planning_regs" in cic_visits.sources
    cp_visits = catalogue.indicator("visits_cp_on_time")
    assert "The law sets no interval" in cp_visits.why and "local standard" in cp_visits.why
    assert cp_visits.basis.startswith("Local measure: the council's standard, a visit every 10 working days")
    for measure in ("assessments_45wd", "icpc_15wd", "contacts_decided_1wd"):
        assert "Working Together" in catalogue.indicator(measure).why, measure
        assert "working_together" in catalogue.indicator(measure).sources, measure
    assert "section 22G of the Children Act 1989" in catalogue.indicator("cic_count").why
    for ind in catalogue.indicators:  # every law or guidance a "why" names is in the measure's sources
        for named, source in (
            ("Regulation 28", "care_planning_regs"),
            ("Working Together", "working_together"),
            ("22G", "children_act_22g"),
            ("23C", "children_act_23c"),
            ("corporate parenting principles", "corporate_parenting"),
        ):
            if named in ind.why:
                assert source in ind.sources, (ind.id, named)


def test_a_source_the_sources_file_lacks_is_refused(tmp_path: Path) -> None:
    raw = default_catalogue_data()
    entry(raw, "contacts")["sources"] = ["annex_a", "no_such_source"]
    path = write_catalogue(tmp_path / "catalogue.yaml", raw)
    with pytest.raises(CatalogueError, match=r"indicator 'contacts'.*sources no_such_source are not in sources.yaml"):
        load_catalogue(path)


def test_working_days_are_counted_as_the_definitions_sheet_states() -> None:
    statement = " ".join(references().working_days.split())
    assert "England and Wales bank holidays" in statement
    assert "from the day after the start up to and including the end" in statement
    assert "same day as the start took 0 working days" in statement
    # The same day: 0. Friday 29 May 2020 to Monday 1 June 2020: Saturday and Sunday do not count, Monday does: 1.
    assert working_days_between(date(2020, 6, 1), date(2020, 6, 1)) == 0
    assert working_days_between(date(2020, 5, 29), date(2020, 6, 1)) == 1
    # Thursday 7 May 2020 to Monday 11 May 2020: Friday 8 May was the VE Day bank holiday, so only Monday: 1.
    assert working_days_between(date(2020, 5, 7), date(2020, 5, 11)) == 1
    # Thursday 24 December 2020 to Monday 4 January 2021: 25 Dec, 28 Dec (Boxing Day substitute) and 1 Jan are
    # bank holidays; 29, 30, 31 December and 4 January are working days: 4.
    assert working_days_between(date(2020, 12, 24), date(2021, 1, 4)) == 4


@pytest.fixture(scope="module")
def definitions_sheet(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[object, ...]]:
    workbook = tmp_path_factory.mktemp("definitions") / "VitalSigns.xlsx"
    build(EXAMPLES, workbook)
    sheet = openpyxl.load_workbook(workbook)["Definitions"]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_the_definitions_sheet_gives_each_basis_and_each_source_once(
    definitions_sheet: list[tuple[object, ...]], catalogue: Catalogue
) -> None:
    rows = definitions_sheet
    everything = [str(v) for row in rows for v in row if v is not None]
    statement = " ".join(references().working_days.split())
    assert sum(statement in text for text in everything) == 1  # working days stated once, for every measure
    columns = ("Code", "Measure", "Definition", "Basis", "Rating", "Unit", "Section", "Owner", "Source", "Indicator id")
    header = rows.index(columns)
    by_code = {row[0]: row for row in rows[header + 1 : header + 1 + len(catalogue.indicators)]}
    assert list(by_code) == [ind.code for ind in catalogue.indicators]
    start = next(i for i, row in enumerate(rows) if row[0] == "Sources")
    listed = {int(row[0]): str(row[1]) for row in rows[start + 1 :] if isinstance(row[0], int | float)}
    assert sorted(listed) == list(range(1, len(listed) + 1))
    cites = [s.cite for s in catalogue.cited_sources()]
    assert len(cites) == len(set(cites)) == len(listed)
    for cite in cites:
        assert sum(text.startswith(cite) for text in everything) == 1, cite  # each source listed once
    for ind in catalogue.indicators:
        basis = str(by_code[ind.code][3])
        assert basis.startswith(ind.basis), ind.id
        numbers = re.search(r"\(sources? ([\d, ]+)\)$", basis)
        assert bool(numbers) == bool(ind.sources), ind.id
        if numbers:
            named = {listed[int(n)].split(" http")[0] for n in numbers.group(1).split(", ")}
            assert named == {references().source(s).cite for s in ind.sources}, ind.id
    # Measure 7 by hand: DfE's basis, and its rating as its catalogue entry gives it (higher is better, amber within 5).
    seven = by_code["7"]
    assert str(seven[3]).startswith("DfE Characteristics of children in need, table C2: from assessment start (item N00159)")
    assert seven[4] == "Higher is better; Amber within 5 points"
    assert by_code["1a"][4] == "Neither (context); no RAG"


# ------------------------------------------------------------------ the changed definitions, worked by hand

ASSESSMENTS = ["Child Unique ID", "Continuous Assessment Start Date", "Continuous Assessment Date of Authorisation"]
CARE_LEAVERS = ["Child Unique ID", "Age of Child (Years)", "LA in Touch", "Activity Status", "Suitability of Accommodation"]
CHILDREN_IN_CARE = [
    "Child Unique ID",
    "Date Started to be Looked After",
    "Date Ceased to be Looked After",
    "Child's Legal Status",
    "Placement Type",
]


def _counted(catalogue: Catalogue, folder: Path, month: Month, snapshot: date) -> dict[tuple[str, str], tuple[float, ...]]:
    annex = read_annex_a(folder)
    counted = count(catalogue.indicators, Context(annex, month, month, snapshot, None, {}))
    return {(f.indicator, f.breakdown): (f.value, f.numerator, f.denominator) for f in counted.figures if f.period == month}


def test_care_leavers_19_to_21_and_17_to_18_over_all_care_leavers_of_that_age(catalogue: Catalogue, tmp_path: Path) -> None:
    """DfE (Children looked after in England, care leavers; source cla_care_leavers): ages 19 to 21 and 17 to 18
    reported apart, each over all care leavers of that age, those not in touch or with no information included."""
    rows = [
        ["C1", 19, "a) Yes", "F2", "a) Suitable"],  # 19 to 21: in EET, suitably housed
        ["C2", 20, "a) Yes", "G5", "b) Unsuitable"],  # 19 to 21: neither
        ["C3", 21, "b) No", "", ""],  # 19 to 21: not in touch, no information: in the denominator only
        ["C4", 19, "d) Young person refuses contact", "", ""],  # 19 to 21: the same
        ["C5", 18, "a) Yes", "F3", "a) Suitable"],  # 17 to 18: in EET, suitably housed
        ["C6", 17, "a) Yes", "G4", "a) Suitable"],  # 17 to 18: suitably housed, not in EET
        ["C7", 16, "a) Yes", "F2", "a) Suitable"],  # 16: in neither DfE cohort
        ["C8", 22, "a) Yes", "F1", "a) Suitable"],  # 22: in neither
    ]
    write_csv(tmp_path / "List 9 care leavers.csv", CARE_LEAVERS, rows)
    figures = _counted(catalogue, tmp_path, Month(2020, 6), date(2020, 6, 30))
    # 19 to 21 are C1 to C4: 1 of 4 in EET (C1) = 25.0%, and 1 of 4 suitably housed (C1) = 25.0%. The old local
    # basis (16 to 21, those in touch only: C1, C2, C5, C6, C7) would have said 3 of 5 in EET, 60.0%.
    assert figures[("care_leavers_eet", "")] == (25.0, 1.0, 4.0)
    assert figures[("care_leavers_suitable_accommodation", "")] == (25.0, 1.0, 4.0)
    # 17 to 18 are C5 and C6: 1 of 2 in EET (C5) = 50.0%; both suitably housed = 100.0%.
    assert figures[("care_leavers_eet_17_18", "")] == (50.0, 1.0, 2.0)
    assert figures[("care_leavers_suitable_accommodation_17_18", "")] == (100.0, 2.0, 2.0)


def test_placement_mix_counts_family_and_friends_foster_care_inside_foster_care(catalogue: Catalogue, tmp_path: Path) -> None:
    """DfE (Children looked after in England, placements; source cla_release): foster placements include foster
    care with relatives or friends (placement codes U1 to U3) as well as with other carers (U4 to U6)."""
    rows = [
        ["F1", date(2019, 5, 1), None, "C2", "U1"],  # foster care with a relative
        ["F2", date(2019, 6, 3), None, "C2", "U4"],  # foster care with other carers
        ["F3", date(2020, 1, 6), None, "C1", "U6"],  # foster care with other carers
        ["F4", date(2018, 9, 3), None, "C2", "K2"],  # children's home
        ["F5", date(2020, 2, 3), None, "C2", "P1"],  # placed with parents
        ["F6", date(2020, 3, 2), None, "V3", "U4"],  # a short break: not looked after in DfE's figures
        ["F7", date(2019, 4, 1), date(2020, 6, 12), "C2", "U5"],  # left care before the month end
    ]
    write_workbook(tmp_path / "annex_a.xlsx", {"List 8": (CHILDREN_IN_CARE, rows)})
    figures = _counted(catalogue, tmp_path, Month(2020, 6), date(2020, 6, 30))
    # Looked after at 30 June 2020: F1 to F5 = 5. Foster care 3 of 5 = 60%: other carers F2, F3 = 40.0% and
    # family and friends F1 = 20.0%; children's home F4 = 20.0%; placed with parents F5 = 20.0%.
    shares = {part: value for (ind, part), (value, *_) in figures.items() if ind == "cic_placement_mix"}
    assert shares == {
        "foster": 40.0,
        "family_friends": 20.0,
        "residential": 20.0,
        "placed_with_parents": 20.0,
        "supported_accommodation": 0.0,
        "placed_for_adoption": 0.0,
        "other": 0.0,
    }
    assert shares["foster"] + shares["family_friends"] == 60.0  # all foster care, as DfE counts it
    labels = catalogue.indicator("cic_placement_mix").breakdown_labels
    assert labels["foster"].startswith("Foster care") and labels["family_friends"].startswith("Foster care")
    assert figures[("cic_count", "")][0] == 5.0  # the short break F6 and F7, who had left, are not counted


def test_an_assessment_is_timed_from_its_own_start_to_its_authorisation(catalogue: Catalogue, tmp_path: Path) -> None:
    """DfE children in need census table C2 and rule 8670Q (sources cin_assessments, cin_validator): working days from
    the assessment start date (N00159) to its authorisation date (N00160), whatever the date of referral."""
    rows = [
        # Started Friday 5 June 2020. No bank holiday falls between then and the end of August 2020 (the summer
        # bank holiday is 31 August), so Friday 7 August is 9 weeks of 5 working days = 45, and Monday 10 August 46.
        ["R1", date(2020, 6, 5), date(2020, 8, 7)],
        ["R2", date(2020, 6, 5), date(2020, 8, 10)],
        ["R3", date(2020, 8, 12), date(2020, 8, 12)],  # a re-assessment on an open case, started and authorised the same day: 0
    ]
    write_workbook(tmp_path / "annex_a.xlsx", {"List 4": (ASSESSMENTS, rows)})
    figures = _counted(catalogue, tmp_path, Month(2020, 8), date(2020, 8, 31))
    # Authorised in August: R1 (45, within), R2 (46, not), R3 (0, within): 2 of 3 = 66.7%.
    value, numerator, denominator = figures[("assessments_45wd", "")]
    assert (numerator, denominator) == (2.0, 3.0) and round(value, 1) == 66.7


def _extract_figures(catalogue: Catalogue, folder: Path, rows: list[str]) -> Report:
    (folder / "measures.csv").write_text(
        "indicator,period,value,numerator,denominator,breakdown\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    return build_report(catalogue, read_extracts(folder, catalogue))


def test_caseload_is_per_fte_and_the_agency_rate_of_social_workers_only(catalogue: Catalogue, tmp_path: Path) -> None:
    """DfE Children's social work workforce (source csww): caseload = cases / FTE of case-holding social workers;
    agency rate = agency social workers' FTE / (agency + council social workers' FTE), other roles left out."""
    report = _extract_figures(
        catalogue,
        tmp_path,
        [
            # Three case holders, two full time and one half time: 2.5 FTE holding 45 children.
            "average_caseload,2020-06,,45,2.5,",
            # 12.0 FTE agency social workers (an agency auditor is not one) and 48.0 FTE council social workers.
            "sw_agency_rate,2020-06,,12,60,",
        ],
    )
    items = {item.indicator.id: item for item in report.indicators}
    # 45 / 2.5 = 18.0 children per FTE (per head it would be 45 / 3 = 15.0); 12 / (12 + 48) = 20.0%.
    assert items["average_caseload"].latest == 18.0
    assert items["sw_agency_rate"].latest == 20.0
    assert "full-time equivalent (FTE)" in catalogue.indicator("average_caseload").definition
    assert "managers who are social workers included, other roles not" in catalogue.indicator("sw_agency_rate").definition
    assert "agency_fte" not in catalogue.ids
