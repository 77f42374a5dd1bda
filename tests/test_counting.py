"""Counting the Vital Signs figures from Annex A lists written by hand, against answers worked out by hand.

Every expected number below is worked out in the comment beside it from the calendar (bank
holidays from gov.uk's list for England and Wales), not by running the code under test.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from tests.annex_a_lists import write_csv, write_workbook
from tests.catalogue_files import default_catalogue_data, entry, write_catalogue
from vitalsigns_xl.analysis.counting import Context, Counted, context_for, count, last_whole_month
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.analysis.working_days import working_days_between, working_days_between_arrays
from vitalsigns_xl.catalogue import Catalogue, CatalogueError, load_catalogue
from vitalsigns_xl.extracts.annex_a import read_annex_a

L4 = ["Child Unique ID", "Continuous Assessment Start Date", "Continuous Assessment Date of Authorisation"]
L5 = [
    "Child Unique ID",
    "Strategy discussion initiating Section 47 Enquiry Start Date",
    "Date of Initial Child Protection Conference",
]
L7 = [
    "Child Unique ID",
    "Child Protection Plan Start Date",
    "Child Protection Plan End Date",
    "Number of Previous Child Protection Plans",
    "Date of the Last Statutory Visit",
]
L8 = [
    "Child Unique ID",
    "Date of Birth",
    "Date Started to be Looked After",
    "Date Ceased to be Looked After",
    "Reason Ceased to be Looked After",
    "Child's Legal Status",
    "Placement Type",
    "Number of Placements in the Last 12 months",
    "Date of Last Health Assessment",
    "Date of Last Dental Check",
    "Date of Last Social Work Visit",
]


def _figures(counted: Counted, indicator: str) -> dict[tuple[Month, str], tuple[float, float | None, float | None]]:
    return {(f.period, f.breakdown): (f.value, f.numerator, f.denominator) for f in counted.figures if f.indicator == indicator}


def _count(
    catalogue: Catalogue, folder: Path, period: Month, first: Month, snapshot: date, population: float | None = None
) -> Counted:
    annex = read_annex_a(folder)
    return count(catalogue.indicators, Context(annex, period, first, snapshot, population, {}))


def test_vectorised_working_days_agree_with_the_day_by_day_count() -> None:
    # The one-pair function walks the calendar; the column version uses numpy's business days. They must agree.
    chooser = random.Random(13)
    pairs = []
    for _ in range(400):
        start = date(2018, 1, 1) + timedelta(days=chooser.randrange(0, 1200))
        pairs.append((start, start + timedelta(days=chooser.randrange(-20, 120))))
    starts = np.array([p[0] for p in pairs], dtype="datetime64[D]")
    ends = np.array([p[1] for p in pairs], dtype="datetime64[D]")
    assert list(working_days_between_arrays(starts, ends)) == [working_days_between(s, e) for s, e in pairs]


def test_assessments_within_45_working_days_across_easter_and_may_bank_holidays(catalogue: Catalogue, tmp_path: Path) -> None:
    # Started Wednesday 1 April 2020. Working days after it: 2-3 Apr (2); 6-9 Apr (6; Good Friday 10 and Easter
    # Monday 13 Apr are bank holidays); 14-17 (10); 20-24 (15); 27 Apr-1 May (20); 4-7 May (24; Friday 8 May 2020
    # was the VE Day bank holiday); 11-15 (29); 18-22 (34); 26-29 (38; 25 May spring bank holiday); 1-5 Jun (43);
    # 8 Jun (44); 9 Jun (45). So authorised on 9 June is within 45 working days and on 10 June is not.
    rows = [
        ["A1", date(2020, 4, 1), date(2020, 6, 9)],
        ["A2", date(2020, 4, 1), date(2020, 6, 10)],
        ["A3", date(2020, 6, 1), None],  # not yet authorised: not counted
        ["A4", date(2020, 6, 20), date(2020, 6, 2)],  # authorised before it started: left out and listed
        ["A5", date(2020, 5, 4), date(2020, 5, 29)],  # a May assessment: counts in May, not June
    ]
    write_workbook(tmp_path / "Annex A.xlsx", {"List 4": (L4, rows)})
    counted = _count(catalogue, tmp_path, Month(2020, 6), Month(2020, 5), date(2020, 6, 30))
    figures = _figures(counted, "assessments_45wd")
    assert figures[(Month(2020, 6), "")] == (50.0, 1.0, 2.0)
    assert figures[(Month(2020, 5), "")] == (100.0, 1.0, 1.0)
    assert [(e.row, e.column) for e in counted.excluded if e.indicator == "assessments_45wd"] == [
        (5, "Continuous Assessment Date of Authorisation")
    ]
    behind = [c for c in counted.children if c.indicator == "assessments_45wd"]
    assert [(c.child_id, c.row) for c in behind] == [("A2", 3)]
    assert "46 working days" in behind[0].detail


def test_icpcs_within_15_working_days_over_christmas(catalogue: Catalogue, tmp_path: Path) -> None:
    # Strategy discussion Friday 20 December 2019. Working days after it: 23, 24 Dec (2); 25 and 26 Dec are bank
    # holidays; 27 Dec (3); 30, 31 Dec (5); 1 Jan is a bank holiday; 2, 3 Jan (7); 6-10 Jan (12); 13, 14, 15 Jan (15).
    rows = [
        ["S1", "20/12/2019", "15/01/2020"],
        ["S2", "20/12/2019", "16/01/2020"],
        ["S3", "10/01/2020", "08/01/2020"],  # the conference before its strategy discussion
    ]
    write_csv(tmp_path / "List 5 section 47s.csv", L5, rows)
    counted = _count(catalogue, tmp_path, Month(2020, 1), Month(2020, 1), date(2020, 1, 31))
    assert _figures(counted, "icpc_15wd") == {(Month(2020, 1), ""): (50.0, 1.0, 2.0)}
    [excluded] = [e for e in counted.excluded if e.indicator == "icpc_15wd"]
    assert (excluded.row, excluded.message) == (
        4,
        "Date of Initial Child Protection Conference 08/01/2020 is before "
        "Strategy discussion initiating Section 47 Enquiry Start Date 10/01/2020",
    )


def test_plans_open_at_the_month_end_durations_bands_and_rates(catalogue: Catalogue, tmp_path: Path) -> None:
    rows = [
        ["P1", date(2019, 12, 2), date(2020, 1, 31), 0, None],  # ends on the last day of January: not open at its end
        ["P2", date(2020, 1, 15), date(2020, 2, 1), 2, None],  # open at the end of January, not of February
        ["P3", date(2018, 1, 31), None, 0, date(2020, 2, 20)],  # open throughout
        ["P4", date(2020, 2, 29), None, 1, date(2020, 2, 29)],  # starts on leap day: open at the end of February
    ]
    write_workbook(tmp_path / "annex_a.xlsx", {"List 7": (L7, rows)})
    counted = _count(catalogue, tmp_path, Month(2020, 2), Month(2020, 1), date(2020, 2, 29), population=20_000)
    # End of January (31/01): P2 and P3 open (P1 ended that day) = 2. End of February (29/02): P3 and P4 = 2.
    assert _figures(counted, "cp_count") == {(Month(2020, 1), ""): (2.0, None, None), (Month(2020, 2), ""): (2.0, None, None)}
    # 2 children × 10,000 ÷ 20,000 children = 1.0 per 10,000.
    assert _figures(counted, "cp_rate")[(Month(2020, 2), "")] == (1.0, 2.0, 20_000.0)
    # Plans ending in January: P1, 2 Dec to 31 Jan = 29 + 31 = 60 days. In February: P2, 15 Jan to 1 Feb = 17 days.
    durations = _figures(counted, "cp_average_duration")
    assert durations[(Month(2020, 1), "")] == (60.0, 60.0, 1.0)
    assert durations[(Month(2020, 2), "")] == (17.0, 17.0, 1.0)
    # Days on plan at 29/02/2020: P3 from 31/01/2018 is 365 (to 31/01/2019) + 365 (to 31/01/2020) + 29 = 759 days,
    # so two years or more; P4 from that day is 0 days, under three months.
    bands = _figures(counted, "cp_by_length")
    assert bands[(Month(2020, 2), "over_24m")][0] == 1.0
    assert bands[(Month(2020, 2), "under_3m")][0] == 1.0
    assert sum(bands[(Month(2020, 2), b)][0] for b in ("3m_to_6m", "6m_to_12m", "12m_to_18m", "18m_to_24m")) == 0
    # Visits at the snapshot (29/02/2020, a Saturday): P3 seen Thursday 20/02 is 6 working days before
    # (21, 24, 25, 26, 27, 28 Feb); P4 seen that day is 0. Both within 10 working days.
    assert _figures(counted, "visits_cp_on_time") == {(Month(2020, 2), ""): (100.0, 2.0, 2.0)}


def test_two_year_plans_and_repeat_plans_over_12_months_across_a_leap_year(catalogue: Catalogue, tmp_path: Path) -> None:
    rows = [
        # Ends 29/02/2020 after 01/03/2018: 365 days to 01/03/2019, 365 to 29/02/2020 = 730 days: two years or more.
        ["R1", date(2018, 3, 1), date(2020, 2, 29), 0, None],
        # Ends 28/02/2020 after 01/03/2018: 729 days, just short of two years.
        ["R2", date(2018, 3, 1), date(2020, 2, 28), 3, None],
        ["R3", date(2019, 6, 1), date(2019, 12, 1), 1, None],  # 183 days; a second plan
        ["R4", date(2019, 3, 5), None, 0, None],  # first plan, still open
        ["R5", date(2019, 2, 28), date(2019, 3, 1), 0, None],  # started and ended before the 12 months to Feb 2020
    ]
    write_workbook(tmp_path / "annex_a.xlsx", {"List 7": (L7, rows)})
    counted = _count(catalogue, tmp_path, Month(2020, 2), Month(2019, 3), date(2020, 2, 29))
    # Plans ending March 2019 to February 2020: R1, R2, R3, R5 (ended 1 March 2019) = 4; lasting 730 days or more: R1.
    assert _figures(counted, "cp_plans_2_years") == {(Month(2020, 2), ""): (25.0, 1.0, 4.0)}
    # Plans starting in the same 12 months: R3 (previous plans 1) and R4 (none) = 2; one repeat = 50%.
    assert _figures(counted, "cp_repeat_plans") == {(Month(2020, 2), ""): (50.0, 1.0, 2.0)}
    # Only February 2020 has 12 whole months of cover (March 2019 onwards); no earlier month is given.
    # The child behind the two-year figure (rated against a band, so the plans that lasted two years):
    assert [c.child_id for c in counted.children if c.indicator == "cp_plans_2_years"] == ["R1"]


def test_children_in_care_in_and_out_twice_in_a_month(catalogue: Catalogue, tmp_path: Path) -> None:
    dob = date(2010, 5, 5)
    rows = [
        # C1 comes into care on 3 Feb, goes home on 10 Feb, comes back on 20 Feb and stays.
        ["C1", dob, date(2020, 2, 3), date(2020, 2, 10), "e) E4A: Returned home to live with parents or relatives",
         "V2", "U4", 2, None, None, None],
        ["C1", dob, date(2020, 2, 20), None, None, "C1: ICO", "U4", 3, None, None, None],
        # C2 in care for years; turns 18 on 15/02/2020 and leaves care that day (code E17 would say staying put, but age wins).
        ["C2", date(2002, 2, 15), date(2015, 6, 1), date(2020, 2, 15), "E17", "C2", "U6", 1, None, None, None],
        # C3 on short breaks: never counted as looked after.
        ["C3", dob, date(2019, 1, 1), None, None, "V3", "U6", 1, None, None, None],
        # C4 adopted on 27/02/2020.
        ["C4", date(2017, 1, 1), date(2018, 1, 1), date(2020, 2, 27), "a) E11: Adopted - application unopposed", "E1", "A4", 1,
         None, None, None],
    ]  # fmt: skip
    write_workbook(tmp_path / "annex_a.xlsx", {"List 8": (L8, rows)})
    counted = _count(catalogue, tmp_path, Month(2020, 2), Month(2020, 1), date(2020, 2, 29), population=10_000)
    # End of January: C2 and C4 (C3 is on short breaks) = 2. End of February: C1 only (C2 and C4 left) = 1.
    assert _figures(counted, "cic_count") == {(Month(2020, 1), ""): (2.0, None, None), (Month(2020, 2), ""): (1.0, None, None)}
    # Started in February: C1 twice (3 Feb and 20 Feb); each start is an entry, as the list records two periods.
    started = _figures(counted, "cic_started")
    assert started[(Month(2020, 2), "")][0] == 2.0
    assert started[(Month(2020, 2), "foster")][0] == 2.0  # U4, long-term foster placement
    # Ceased in February: C1 home (E4A), C2 at 18, C4 adopted = 3.
    ceased = _figures(counted, "cic_ceased")
    assert ceased[(Month(2020, 2), "")][0] == 3.0
    assert {b: ceased[(Month(2020, 2), b)][0] for b in ("age_18", "adoption", "rehabilitation", "sgo", "other")} == {
        "age_18": 1.0,
        "adoption": 1.0,
        "rehabilitation": 1.0,
        "sgo": 0.0,
        "other": 0.0,
    }


def test_snapshot_measures_for_children_in_care(catalogue: Catalogue, tmp_path: Path) -> None:
    snapshot = date(2021, 2, 28)
    dob = date(2010, 1, 1)
    rows = [
        # In care since 28/02/2020: exactly 12 months at 28/02/2021, so in the health cohort; checked on leap day
        # 29/02/2020, which is on or after 28/02/2020 (12 months before the snapshot): within the year.
        ["H1", dob, date(2020, 2, 28), None, None, "C2", "U4", 3, date(2020, 2, 29), date(2020, 2, 29), date(2021, 2, 26)],
        # In care since 01/03/2020: under 12 months, outside the health cohort.
        ["H2", dob, date(2020, 3, 1), None, None, "C2", "U4", 1, None, None, date(2021, 1, 4)],
        # In care for years; last health assessment 27/02/2020, before the year began: not within.
        ["H3", dob, date(2016, 1, 1), None, None, "C2", "U4", 0, date(2020, 2, 27), date(2020, 6, 1), None],
    ]  # fmt: skip
    write_workbook(tmp_path / "annex_a.xlsx", {"List 8": (L8, rows)})
    counted = _count(catalogue, tmp_path, Month(2021, 2), Month(2021, 1), snapshot)
    assert _figures(counted, "cic_health_assessments") == {(Month(2021, 2), ""): (50.0, 1.0, 2.0)}
    assert _figures(counted, "cic_dental_checks") == {(Month(2021, 2), ""): (100.0, 2.0, 2.0)}
    # Three or more placements in the last 12 months: H1 only, of 3 children looked after.
    assert _figures(counted, "cic_three_placements")[(Month(2021, 2), "")][1:] == (1.0, 3.0)
    # Visits within 30 working days of Sunday 28/02/2021: H1, seen Friday 26/02, 0 working days before: within.
    # H2, seen Monday 04/01: 5-8 Jan (4), then seven full weeks to 26 Feb (35): 39 working days, out of time.
    # H3 has no visit recorded: out of time.
    assert _figures(counted, "visits_cic_on_time")[(Month(2021, 2), "")][1:] == (1.0, 3.0)
    assert sorted(c.child_id for c in counted.children if c.indicator == "visits_cic_on_time") == ["H2", "H3"]


def test_headings_codes_and_dates_in_the_spellings_councils_use(tmp_path: Path) -> None:
    headings = ["child unique id ", "GENDER", "date  of  contact"]
    rows = [["K1", "a) Male", "03/02/2020"], ["K2", "Female", "04/02/2020"], ["K3", "M", "2020-02-05"], ["K4", "Maybe", "x"]]
    write_csv(tmp_path / "Annex_A_List_1.csv", headings, rows)
    annex = read_annex_a(tmp_path)
    frame = annex.lists[1].frame
    assert list(frame["gender"][:3]) == ["M", "F", "M"]
    assert [str(d.date()) for d in frame["contact_date"][:3]] == ["2020-02-03", "2020-02-04", "2020-02-05"]
    assert [(f.row, f.column) for f in annex.findings] == [(5, "Gender"), (5, "Date of Contact")]
    assert "found 'Maybe'" in annex.findings[0].message and "found 'x'" in annex.findings[1].message


def test_absent_lists_are_named_and_a_folder_without_annex_a_is_one_error(catalogue: Catalogue, tmp_path: Path) -> None:
    rows = [["K1", "01/02/2020"], ["K2", "29/02/2020"]]
    write_csv(tmp_path / "List 1 contacts.csv", ["Child Unique ID", "Date of Contact"], rows)
    annex = read_annex_a(tmp_path)
    counted = count(catalogue.indicators, context_for(annex))
    assert counted.not_counted["referrals"] == "Annex A List 3 is absent"
    assert counted.not_counted["contact_conversion"] == "referrals cannot be counted"
    assert _figures(counted, "contacts") == {(Month(2020, 2), ""): (2.0, None, None)}
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(Exception, match="is not an Ofsted Annex A"):
        read_annex_a(empty)


def test_a_list_given_twice_names_both(tmp_path: Path) -> None:
    write_csv(tmp_path / "List 1 contacts.csv", ["Child Unique ID", "Date of Contact"], [["K1", "03/02/2020"]])
    write_workbook(tmp_path / "Annex A.xlsx", {"List 1": (["Child Unique ID", "Date of Contact"], [["K1", date(2020, 2, 3)]])})
    with pytest.raises(Exception, match=r"List 1 contacts.csv: gives List 1 again; Annex A.xlsx \[List 1\] gives it"):
        read_annex_a(tmp_path)


def test_a_care_leaver_repeated_is_a_finding(tmp_path: Path) -> None:
    headings = ["Child Unique ID", "Age of Child (Years)", "Activity Status", "Suitability of Accommodation"]
    write_csv(tmp_path / "List 9.csv", headings, [["L1", 19, "F1", "a) Suitable"], ["L1", 20, "G5", "Suitable"]])
    annex = read_annex_a(tmp_path)
    [finding] = annex.findings
    assert finding.row == 3
    assert finding.message == "repeats a Child Unique ID already given at row 2; a child appears once in this list"


def test_default_period_is_the_last_whole_month() -> None:
    assert last_whole_month(date(2020, 6, 30)) == Month(2020, 6)
    assert last_whole_month(date(2020, 7, 15)) == Month(2020, 6)
    assert last_whole_month(date(2020, 2, 29)) == Month(2020, 2)


def test_a_counting_entry_with_a_wrong_column_stops_the_catalogue(tmp_path: Path) -> None:
    raw = default_catalogue_data()
    contacts = entry(raw, "contacts")
    contacts["counting"] = {"kind": "rows_in_month", "list": 1, "date": "contact_day"}
    path = write_catalogue(tmp_path / "catalogue.yaml", raw)
    with pytest.raises(CatalogueError, match="indicator 'contacts': Value error, List 1 has no column 'contact_day'"):
        load_catalogue(path)
    contacts["counting"] = {"kind": "rows_per_month", "list": 1}
    write_catalogue(path, raw)
    with pytest.raises(CatalogueError, match="counting kind 'rows_per_month' is not one of: rows_in_month"):
        load_catalogue(path)


def test_care_leavers_aged_19_to_21_at_the_snapshot(catalogue: Catalogue, tmp_path: Path) -> None:
    headings = ["Child Unique ID", "Age of Child (Years)", "Activity Status", "Suitability of Accommodation", "LA in Touch"]
    rows = [
        ["Y1", 19, "F1: Full time in higher education", "a) Suitable", "a) Yes"],  # EET, suitable
        ["Y2", 21, "G5", "b) Unsuitable", "Yes"],  # not EET, unsuitable
        ["Y3", 20, "", "", "b) No"],  # not in touch: no information, still in the DfE denominator
        ["Y4", 18, "F3", "Suitable", "Y"],  # 18: outside the 19 to 21 cohort
        ["Y5", 22, "P2", "a) Suitable", "a) Yes"],  # 22: outside it too
    ]
    write_csv(tmp_path / "List 9 care leavers.csv", headings, rows)
    counted = _count(catalogue, tmp_path, Month(2020, 3), Month(2020, 3), date(2020, 3, 31))
    # Of the three aged 19 to 21 (Y1, Y2, Y3): one in EET and one suitably housed, one third each.
    assert _figures(counted, "care_leavers_eet")[(Month(2020, 3), "")][1:] == (1.0, 3.0)
    assert _figures(counted, "care_leavers_suitable_accommodation")[(Month(2020, 3), "")][1:] == (1.0, 3.0)


def test_a_visit_typed_a_year_ahead_does_not_move_the_day_the_lists_were_taken(tmp_path: Path) -> None:
    rows = [
        ["P1", date(2020, 3, 2), None, 0, date(2020, 6, 15)],
        ["P2", date(2020, 4, 6), None, 0, date(2021, 6, 29)],  # 29/06/2021 typed for 29/06/2020
    ]
    write_workbook(tmp_path / "annex_a.xlsx", {"List 7": (L7, rows)})
    annex = read_annex_a(tmp_path)
    # The latest date that puts a row in List 7 is P2's plan start, 06/04/2020; the visit is not an event.
    assert annex.snapshot == date(2020, 4, 6)
    assert context_for(annex).period == Month(2020, 3)  # the last whole month before 6 April 2020
    # Both visits come after 06/04/2020, the day the lists say they were taken: each is reported, by row.
    ahead = [(f.list, f.row, f.message) for f in annex.findings]
    assert ahead == [
        (7, 2, "is 15/06/2020, after the lists were taken on 06/04/2020: is the date typed ahead?"),
        (7, 3, "is 29/06/2021, after the lists were taken on 06/04/2020: is the date typed ahead?"),
    ]


def test_a_ratio_without_its_parts_in_the_report_says_why(catalogue: Catalogue, tmp_path: Path) -> None:
    # Lists from 01/02/2020 to 29/02/2020: February is whole, and the ratio could be worked out from its parts.
    contacts = [["K1", "01/02/2020"], ["K2", "29/02/2020"]]
    write_csv(tmp_path / "List 1 contacts.csv", ["Child Unique ID", "Date of Contact"], contacts)
    write_csv(tmp_path / "List 3 referrals.csv", ["Child Unique ID", "Date of referral"], [["K1", "03/02/2020"]])
    annex = read_annex_a(tmp_path)
    ratio_only = [i for i in catalogue.indicators if i.id == "contact_conversion"]
    counted = count(ratio_only, context_for(annex))
    assert counted.figures == []
    assert "not in this report" in counted.not_counted["contact_conversion"]


def test_a_list_below_a_title_and_right_of_a_blank_column_is_read_with_excel_s_row_numbers(
    catalogue: Catalogue, tmp_path: Path
) -> None:
    """Councils' exports often leave blank rows and columns round a title above the headings: every problem and
    every child named must still carry the row number Excel shows (row 1 and column A empty, headings on row 4)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "List 4"
    sheet["B2"] = "Annex A List 4: assessments, exported 1 July 2020"
    for col, heading in enumerate(L4, start=2):
        sheet.cell(4, col, heading)
    listed = [["A1", date(2020, 4, 1), date(2020, 6, 10)], ["A2", "31/02/2020", None], ["A3", date(2020, 6, 30), None]]
    for row, values in enumerate(listed, start=5):
        for col, value in enumerate(values, start=2):
            sheet.cell(row, col, value)
    book.save(tmp_path / "Annex A.xlsx")
    findings = read_annex_a(tmp_path).findings
    assert [(f.file, f.row, f.column, f.message) for f in findings] == [
        ("Annex A.xlsx [List 4]", 6, "Continuous Assessment Start Date", "expected a date (dd/mm/yyyy), found '31/02/2020'")
    ]
    sheet["C6"] = date(2020, 6, 1)  # the date put right: A1's assessment, authorised late, is named on its row
    book.save(tmp_path / "Annex A.xlsx")
    counted = _count(catalogue, tmp_path, Month(2020, 6), Month(2020, 6), date(2020, 6, 30))
    assert [(c.child_id, c.row) for c in counted.children if c.indicator == "assessments_45wd"] == [("A1", 5)]


def test_an_excel_error_in_a_date_is_a_finding_never_a_blank(tmp_path: Path) -> None:
    """A list put together by hand can hold #N/A where a lookup failed. Read as a blank, an authorisation date would
    make the assessment "not yet authorised" without a word; it must be listed as unreadable instead."""
    import openpyxl

    write_workbook(tmp_path / "Annex A.xlsx", {"List 4": (L4, [["A1", date(2020, 6, 1), None], ["A2", date(2020, 6, 2), None]])})
    book = openpyxl.load_workbook(tmp_path / "Annex A.xlsx")
    book["List 4"]["C3"] = "#N/A"  # openpyxl stores this as an error cell, as Excel does
    assert book["List 4"]["C3"].data_type == "e"
    book.save(tmp_path / "Annex A.xlsx")
    annex = read_annex_a(tmp_path)
    assert [(f.row, f.column, f.message) for f in annex.findings] == [
        (3, "Continuous Assessment Date of Authorisation", "expected a date (dd/mm/yyyy), found '#N/A'")
    ]
