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
import yaml

from tests.conftest import EXAMPLES
from vitalsigns_xl.analysis.working_days import working_days_between
from vitalsigns_xl.catalogue import DEFAULT_CATALOGUE, Catalogue, CatalogueError, load_catalogue, references
from vitalsigns_xl.jobs.build import build

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
    for ind in (*catalogue.indicators, *load_catalogue(DEFAULT_CATALOGUE).indicators):
        if ind.basis.startswith("Local measure"):
            assert re.match(r"Local measure: \S", ind.basis), (ind.id, ind.basis)
        else:
            assert ind.basis.startswith(DFE_PUBLICATIONS), (ind.id, ind.basis)
            assert ind.sources, f"{ind.id}: a DfE basis names its source"


def test_the_six_differing_measures_say_how_they_differ_or_follow_dfe(catalogue: Catalogue) -> None:
    # DfE's assessment figure runs from the assessment start date (CIN item N00159) to its authorisation (N00160):
    # the children in need census, table C2, and DfE rule 8670Q (sources cin_assessments and cin_validator).
    assessments = catalogue.indicator("assessments_45wd")
    assert "from their start date to their authorisation date" in assessments.definition
    assert "referral" not in assessments.definition
    assert "N00159" in assessments.basis and "N00160" in assessments.basis
    assert {"cin_assessments", "cin_validator"} <= set(assessments.sources)
    # Initial conferences per child, transfer-in conferences excluded (LG Inform 3217, DfE table C4).
    icpc = catalogue.indicator("icpc_15wd")
    assert "counted per child and excluding transfer-in conferences" in icpc.definition
    # Children in care exclude an agreed series of short breaks (DfE looked-after data guidance).
    for measure in ("cic_count", "cic_rate", "cic_started", "cic_ceased", "cic_three_placements"):
        assert "excluding children on an agreed series of short breaks" in catalogue.indicator(measure).definition, measure
        assert "cla_guidance" in catalogue.indicator(measure).sources or measure == "cic_three_placements"


def test_why_texts_name_the_law_as_the_law(catalogue: Catalogue) -> None:
    """Regulation 28 sets the statutory visiting intervals; 10 working days for child protection visits is local."""
    cic_visits = catalogue.indicator("visits_cic_on_time")
    assert "Regulation 28 of the Care Planning, Placement and Case Review (England) Regulations 2010" in cic_visits.why
    assert "the law" not in cic_visits.why
    assert "care_planning_regs" in cic_visits.sources
    cp_visits = catalogue.indicator("visits_cp_on_time")
    assert "The law sets no interval" in cp_visits.why and "local standard" in cp_visits.why
    assert cp_visits.basis.startswith("Local measure: the council's standard of a visit at least every 10 working days")
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
    raw = yaml.safe_load(DEFAULT_CATALOGUE.read_text(encoding="utf-8"))
    raw["indicators"][0]["sources"] = ["annex_a", "no_such_source"]
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
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
    assert str(seven[3]).startswith("DfE Characteristics of children in need (CIN census), table C2")
    assert seven[4] == "Higher is better; Amber within 5 points"
    assert by_code["1a"][4] == "Neither (context); no RAG, direction of travel only"
