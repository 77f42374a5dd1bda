"""Bradford's hand-made June 2020 pack, side by side with the generated one: no chart or table is missing.

Every chart and table of the Vital Signs report of June 2020 (the board's own pack, which
this project reproduces) is listed here by its heading as printed, with the catalogue
entries whose pages show it. The test checks that each entry is in the catalogue, that the
example pack gives it a page with a chart of the right kind, and, where the report's text
is at hand (the shared seeds folder), that the heading is quoted as printed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vitalsigns_xl.catalogue import Catalogue
from vitalsigns_xl.model import Report
from vitalsigns_xl.render.charts import chart_kind
from vitalsigns_xl.render.layout import layout_section

# Heading in the June 2020 report → the catalogue entries that show it.
SEED_000 = {
    "Children's Social Care Contacts": ("contacts", "contact_outcomes"),
    "Children's Social Care Referrals": ("referrals", "contact_conversion"),
    "Rate of Children Subject to a Child Protection Plan": ("cp_rate", "cp_count"),
    "Current CPP by length of time on plan": ("cp_by_length",),
    "Average time on CP Plan (based on completed cases)": ("cp_average_duration",),
    "Trends in Children In Care numbers and comparison with other authorities": ("cic_count", "cic_rate"),
    "Trend and forecast numbers of children in care": ("cic_count",),
    "% visits completed on time": ("visits_cic_on_time", "visits_cp_on_time"),
    "% of contacts with a decision in one working day": ("contacts_decided_1wd",),
    "% of single assessments completed within 45 days": ("assessments_45wd",),
    "% of Initial Child Protection Conferences within time": ("icpc_15wd",),
    "Average Caseload": ("average_caseload", "caseload_over_26", "caseload_under_10"),
    "Starters & Leavers July 19 - June 20": ("sw_starters", "sw_leavers"),
    "Leavers Under 2 Years Service July 19 - June 20": ("leavers_under_2_years",),
    "Social Worker Starters & Leavers by Quarter": ("sw_starters_leavers_quarter",),
    "HoS/Service/Team Manager Starters & Leavers": ("manager_starters_leavers_quarter",),
    "Gender of Starters July 19 - June 20": ("starters_by_gender",),
    "Gender of Leavers July 19 - June 20": ("leavers_by_gender",),
    "Disabled Starters & Leavers July 19 - June 20": ("starters_by_disability", "leavers_by_disability"),
    "BME Starters & Leavers July 19 - June 20": ("starters_by_ethnicity", "leavers_by_ethnicity"),
    "Social Work Agency Staff": ("sw_agency_rate",),  # now DfE's agency rate, social workers only
    "Childrens Managers & Staff using Evolve to Record Performance Goals/Objectives": ("appraisal_recorded",),
    "Children's Social Care: Discipline, Grievance & Performance (Capability)": ("casework_csc",),
    "Social Work: Discipline, Grievance & Performance (Capability)": ("casework_social_work",),
    "Sickness Absence (BV12*)": ("sickness_days_per_fte",),
    "Top 3 Sickness Reasons": ("sickness_reasons",),
    "Care leavers in education, employment or training": ("care_leavers_eet",),
    "Percentage of Care Leavers aged 16-21 living in suitable accommodation": ("care_leavers_suitable_accommodation",),
    "Percentage of Children in Care who had their teeth checked by a dentist": ("cic_dental_checks",),
    "Percentage of school age Children in Care who have an up to date PEP": ("cic_pep_up_to_date",),
    "Percentage of Child Protection (CP) Plans lasting two years or more": ("cp_plans_2_years",),
    "Percentage of children becoming the subject of a Child Protection Plan for a second or subsequent time": (
        "cp_repeat_plans",
    ),
    "Percentage of Children in Care who had an annual health assessment": ("cic_health_assessments",),
    "Number of episodes of Children in Care going missing during the month": ("cic_missing_episodes",),
    "Percentage of children looked after with three or more placements during the previous year": ("cic_three_placements",),
}

# Pages whose chart must be of a particular kind to show what the report showed.
KINDS = {
    "cic_count": "Line chart with forecast",
    "sw_starters_leavers_quarter": "Clustered column chart by quarter",
    "manager_starters_leavers_quarter": "Clustered column chart by quarter",
    "starters_by_gender": "Bar chart of the last 12 months",
    "sickness_reasons": "Bar chart of the last 12 months",
    "casework_csc": "Clustered column chart",
}

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _seed_text() -> str | None:
    for folder in (SEEDS, Path("/work/shared/seeds")):
        found = sorted(folder.glob("000_*.txt")) if folder.is_dir() else []
        if found:
            return found[0].read_text(encoding="utf-8")
    return None


def test_every_heading_has_an_entry_in_the_default_report(catalogue: Catalogue) -> None:
    """The built-in Bradford report, which a folder without a report file of its own is built with."""
    missing = {heading: [i for i in ids if i not in catalogue.ids] for heading, ids in SEED_000.items()}
    assert {h: ids for h, ids in missing.items() if ids} == {}


def test_every_entry_has_a_page_with_the_right_chart(example_report: Report) -> None:
    """Each entry's page in the default pack has figures and a chart of the kind the report drew."""
    blocks = {b.item.indicator.id: b for s in example_report.sections for b in layout_section(s, s.section.title)}
    for heading, ids in SEED_000.items():
        for indicator_id in ids:
            block = blocks[indicator_id]
            assert block.item.has_data, (heading, indicator_id)
            if indicator_id in KINDS:
                assert chart_kind(block).name == KINDS[indicator_id], (heading, indicator_id)


def test_headings_are_quoted_as_the_report_prints_them() -> None:
    text = _seed_text()
    if text is None:
        pytest.skip("the shared seeds folder is not beside this checkout")
    flat = re.sub(r"\s+", " ", text.replace("\\*", "*"))
    assert [heading for heading in SEED_000 if heading not in flat] == []
