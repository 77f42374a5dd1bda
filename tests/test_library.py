"""The measure library and a council's report file: what ships, how a report resolves, and every error it names."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from vitalsigns_xl.catalogue import Unit
from vitalsigns_xl.library import (
    DEFAULT_REPORT,
    LIBRARY_DIR,
    ReportFileError,
    annex_a_lists,
    default_report,
    load_library,
    load_report,
    report_for,
)

# The measures issue 18 names as reported by real packs and missing from the first catalogue.
NAMED_IN_THE_ISSUE = {
    "cic_reviews_on_time", "re_referrals_12m", "cin_count", "cin_rate", "s47_to_icpc", "icpc_to_plan",
    "cic_placed_out_of_area", "cic_placed_over_20_miles", "cic_long_term_stability", "care_leavers_in_touch",
    "care_leavers_pathway_plan", "cic_return_interviews_72h", "cic_initial_health_assessments_20wd",
    "adoption_children_waiting", "adoption_days_entering_care_to_placement", "sw_vacancy_rate", "sw_turnover_rate",
    "sw_agency_rate", "cic_review_participation", "cic_ks2_expected_standard", "cic_ks4_attainment_8",
    "pre_proceedings_over_16_weeks",
}  # fmt: skip


def test_library_has_eighty_measures_including_those_real_packs_report() -> None:
    library = load_library()
    assert len(library) >= 80
    assert set(library.ids) >= NAMED_IN_THE_ISSUE
    assert len({e.theme for e in library.entries}) >= 6


def test_every_library_measure_says_where_its_definition_comes_from() -> None:
    for entry in load_library().entries:
        measure = entry.measure
        assert measure.basis.strip() and measure.definition.strip() and measure.why.strip(), entry.where
        if measure.unit is Unit.RATE_PER_10K:
            assert "10,000" in measure.definition, entry.where


def test_participation_is_broken_down_by_the_ssda903_codes() -> None:
    entry = load_library().get("cic_review_participation")
    assert entry is not None
    assert [b.id for b in entry.measure.breakdowns] == [f"pn{n}" for n in range(1, 8)]


def test_some_measures_say_how_annex_a_counts_them() -> None:
    counted = [e.measure for e in load_library().entries if e.measure.counting is not None]
    assert len(counted) >= 10
    assert all(annex_a_lists(m) for m in counted)
    contact_conversion = load_library().get("contact_conversion")
    assert contact_conversion is not None and annex_a_lists(contact_conversion.measure) == (1, 3)  # referrals ÷ contacts


def test_bradford_report_is_the_four_sections_of_june_2020() -> None:
    report = default_report()
    catalogue = report.catalogue
    assert report.built_in and report.name == "bradford.yaml (built in)"
    assert [s.title for s in catalogue.sections] == ["Demand", "Timeliness", "Social Care Management", "Effectiveness"]
    # the 35 of June 2020, its workforce pages, the 12 library measures it lacked, care leavers aged 17 to 18
    assert len(catalogue.indicators) == 61
    assert catalogue.indicator("contacts").code == "1a" and catalogue.indicator("cic_three_placements").code == "16b"
    assert catalogue.indicator("icpc_15wd").section == "timeliness"


def _report(tmp_path: Path, text: str, name: str = "report.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def _error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ReportFileError) as caught:
        load_report(_report(tmp_path, text))
    return str(caught.value)


LOCAL = """
    local_measures:
      - id: council_tax_exemptions
        title: Care leavers given council tax exemption
        unit: percent
        polarity: higher_is_better
        rag: {tolerance: 5}
        why: Council tax is a debt trap for young adults living alone for the first time.
        definition: Care leavers aged 18 to 25 living alone who are exempt, as a percentage of those care leavers.
        owner: Head of Service, Care Leavers
        source: Council tax system
"""


def test_a_report_picks_measures_with_its_own_codes_titles_targets_and_ratings(tmp_path: Path) -> None:
    path = _report(
        tmp_path,
        textwrap.dedent("""
        title: Corporate parenting report
        board: Corporate Parenting Panel
        sections:
          - title: Children in care
            measures:
              - cic_count
              - {id: cic_reviews_on_time, code: CP1, title: Reviews on time, target: 98, rag: {tolerance: 1}}
              - {id: sw_vacancy_rate, rag: null}
          - title: Care leavers
            measures: [care_leavers_in_touch, council_tax_exemptions]
        """)
        + textwrap.dedent(LOCAL),
    )
    report = load_report(path)
    catalogue = report.catalogue
    assert [s.id for s in catalogue.sections] == ["children_in_care", "care_leavers"]
    assert [i.code for i in catalogue.indicators] == ["1.1", "CP1", "1.3", "2.1", "2.2"]
    reviews = catalogue.indicator("cic_reviews_on_time")
    assert reviews.title == "Reviews on time" and reviews.target == 98
    assert reviews.rag is not None and reviews.rag.tolerance == 1
    assert catalogue.indicator("sw_vacancy_rate").rag is None
    # untouched fields come from the library
    assert reviews.definition == load_library().get("cic_reviews_on_time").measure.definition  # type: ignore[union-attr]
    assert catalogue.indicator("council_tax_exemptions").basis == "Local measure"
    assert report.local_ids == {"council_tax_exemptions"}
    assert not report.built_in and len(report.sha256) == 64


def test_unknown_id_is_named_with_its_line_and_a_suggestion(tmp_path: Path) -> None:
    message = _error(
        tmp_path,
        """
        title: A report
        sections:
          - title: Care
            measures:
              - cic_count
              - cic_reviews_on_tme
        """,
    )
    assert message == "report.yaml, line 6: unknown measure id 'cic_reviews_on_tme'; did you mean 'cic_reviews_on_time'?"


def test_local_measure_without_definition_or_unit_is_named(tmp_path: Path) -> None:
    text = """
        title: A report
        sections:
          - title: Care
            measures: [cic_count]
        local_measures:
          - id: my_measure
            title: Something local
            polarity: neutral
            rag: null
            why: Because.
            owner: Someone
            source: Somewhere
        """
    message = _error(tmp_path, text)
    assert "report.yaml, line 6: 'my_measure': unit: Field required" in message
    assert "report.yaml, line 6: 'my_measure': definition: Field required" in message


def test_two_measures_with_one_code_are_refused(tmp_path: Path) -> None:
    message = _error(
        tmp_path,
        """
        title: A report
        sections:
          - title: Care
            measures:
              - {id: cic_count, code: "1"}
              - {id: cic_rate, code: "1"}
        """,
    )
    assert message == "report.yaml, line 6: code '1' is already used at line 5"


def test_a_section_with_no_measures_is_refused(tmp_path: Path) -> None:
    message = _error(
        tmp_path,
        """
        title: A report
        sections:
          - title: Care
            measures: [cic_count]
          - title: Leavers
            measures: []
        """,
    )
    assert message == "report.yaml, line 6: sections.measures: a section needs at least one measure"


def test_the_same_measure_twice_and_unknown_keys_are_refused(tmp_path: Path) -> None:
    message = _error(
        tmp_path,
        """
        title: A report
        colour: blue
        sections:
          - title: Care
            measures: [cic_count, cic_count]
        """,
    )
    assert "report.yaml, line 2: colour: Extra inputs are not permitted" in message


def test_a_repeated_measure_names_both_lines(tmp_path: Path) -> None:
    message = _error(
        tmp_path,
        """
        title: A report
        sections:
          - title: Care
            measures:
              - cic_count
              - cic_count
        """,
    )
    assert message == "report.yaml, line 6: measure 'cic_count' is already in the report at line 5"


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    message = _error(tmp_path, "title: A report\nsections:\n  - title: Care\n    measures: [cic_count\n")
    assert message.startswith("report.yaml, line ") and "is not valid YAML" in message


def test_a_local_measure_cannot_take_a_library_id(tmp_path: Path) -> None:
    text = "title: R\nsections:\n  - title: S\n    measures: [cic_count]\n" + textwrap.dedent(LOCAL).replace(
        "council_tax_exemptions", "cic_count"
    )
    message = _error(tmp_path, text)
    assert "local measure 'cic_count' has the id of a library measure" in message


def test_a_library_id_defined_twice_is_refused(tmp_path: Path) -> None:
    for path in LIBRARY_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "zz_extra.yaml").write_text((LIBRARY_DIR / "workforce.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    first_id = next(line for line in (LIBRARY_DIR / "workforce.yaml").read_text().splitlines() if "- id:" in line).split()[-1]
    with pytest.raises(ReportFileError) as caught:
        load_library(tmp_path)
    assert f"zz_extra.yaml, line 3: measure id '{first_id}' is already defined at workforce.yaml, line 3" in str(caught.value)


def test_settings_only_report_file_keeps_the_bradford_report(tmp_path: Path) -> None:
    _report(tmp_path, "authority: A council\nboard: A board\n")
    assert report_for(tmp_path).path == DEFAULT_REPORT
    own = _report(tmp_path, "authority: A council\ntitle: Own\nsections:\n  - title: S\n    measures: [cic_count]\n")
    assert report_for(tmp_path).path == own
    assert report_for(None).built_in


def test_report_yaml_may_name_the_file_that_defines_the_report(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    own = _report(shared, "title: Shared\nsections:\n  - title: S\n    measures: [cic_count]\n", "team.yaml")
    folder = tmp_path / "extracts"
    folder.mkdir()
    _report(folder, "authority: A council\nreport_file: ../shared/team.yaml\n")
    assert report_for(folder).path == folder / "../shared/team.yaml"
    assert report_for(folder).catalogue.report.title == "Shared" and own.is_file()
    _report(folder, "authority: A council\nreport_file: missing.yaml\n")
    with pytest.raises(ReportFileError, match=r"report\.yaml, line 2: report_file: there is no file .*missing\.yaml"):
        report_for(folder)
