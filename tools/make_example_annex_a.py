"""Write the example's Ofsted Annex A: made-up children whose counts give the June 2020 example figures.

The lists cover July 2019 to June 2020 (taken on 30 June 2020). From them ``vitalsigns`` counts the
example's contacts, referrals, contacts that became referrals, assessments within 45 working days
and initial conferences within 15 working days for every month; those figures are no longer typed
into ``examples/measures_case_management.csv``. Lists 7, 8 and 9 are not made yet: the published
Effectiveness figures they would give (care leavers' 54.3% and so on) must stay exactly as printed,
and cohorts giving them exactly are still to be designed.

Everything is made from the tables below with a fixed random seed, so the same workbook comes out
every time, and a test can check the counted figures against the same tables without counting the
way the product does. Run: ``python tools/make_example_annex_a.py`` (writes examples/Annex_A_2020-06.xlsx).
"""

from __future__ import annotations

import random
import re
import sys
import zipfile
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import openpyxl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vitalsigns_xl.analysis.working_days import bank_holidays  # noqa: E402

TARGET = ROOT / "examples" / "Annex_A_2020-06.xlsx"
SNAPSHOT = date(2020, 6, 30)
MONTHS = [(2019, m) for m in range(7, 13)] + [(2020, m) for m in range(1, 7)]
# Per month: contacts, referrals, (assessments authorised within 45 working days, all authorised),
# (ICPCs within 15 working days of the strategy discussion, all ICPCs). The example's figures.
FIGURES = {
    (2019, 7): (1461, 444, (223, 375), (43, 67)),
    (2019, 8): (1627, 447, (262, 414), (35, 54)),
    (2019, 9): (1601, 462, (267, 428), (39, 57)),
    (2019, 10): (1334, 413, (238, 373), (34, 55)),
    (2019, 11): (1525, 398, (243, 402), (35, 53)),
    (2019, 12): (1413, 397, (243, 393), (39, 60)),
    (2020, 1): (1487, 419, (256, 387), (42, 57)),
    (2020, 2): (1536, 396, (310, 450), (53, 65)),
    (2020, 3): (1514, 411, (313, 438), (52, 60)),
    (2020, 4): (1207, 313, (308, 412), (57, 65)),
    (2020, 5): (1002, 372, (316, 408), (48, 53)),
    (2020, 6): (1305, 483, (349, 434), (59, 66)),
}
GENDERS = ["a) Male", "b) Female"]


def _calendar() -> np.busdaycalendar:
    return np.busdaycalendar(holidays=np.array(bank_holidays(2018, 2020), dtype="datetime64[D]"))


def _days_in(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return [first + timedelta(days=i) for i in range((following - first).days)]


def _working_days_in(year: int, month: int, calendar: np.busdaycalendar) -> list[date]:
    return [d for d in _days_in(year, month) if np.is_busday(np.datetime64(d), busdaycal=calendar)]


def _back(end: date, working_days: int, calendar: np.busdaycalendar) -> date:
    """The working day ``working_days`` working days before ``end``: counting the days after it up to ``end``."""
    start = np.busday_offset(np.datetime64(end), -working_days, roll="backward", busdaycal=calendar)
    return date.fromisoformat(str(start))


def lists(seed: int = 2020) -> dict[str, tuple[list[str], list[list[object]]]]:
    chooser = random.Random(seed)
    calendar = _calendar()
    children = iter(f"EX{n:06d}" for n in range(1, 10**6))
    contacts: list[list[object]] = []
    referrals: list[list[object]] = []
    assessments: list[list[object]] = []
    enquiries: list[list[object]] = []
    for year, month in MONTHS:
        n_contacts, n_referrals, (within_45, authorised), (within_15, conferences) = FIGURES[(year, month)]
        days = _days_in(year, month)
        dated = sorted(chooser.choice(days) for _ in range(n_contacts))
        if (year, month) == MONTHS[0]:
            dated[0] = days[0]  # the lists' period begins on 1 July 2019
        if (year, month) == MONTHS[-1]:
            dated[-1] = SNAPSHOT  # and the lists were taken on 30 June 2020
        month_children = [next(children) for _ in dated]
        contacts += [[child, chooser.choice(GENDERS), day] for child, day in zip(month_children, dated, strict=True)]
        referred = chooser.sample(range(n_contacts), n_referrals)
        referrals += [[month_children[i], chooser.choice(GENDERS), dated[i]] for i in sorted(referred)]
        working = _working_days_in(year, month, calendar)
        for index in range(authorised):
            end = chooser.choice(working)
            span = chooser.randint(5, 45) if index < within_45 else chooser.randint(46, 80)
            assessments.append([next(children), _back(end, span, calendar), end])
        for index in range(conferences):
            end = chooser.choice(working)
            span = chooser.randint(5, 15) if index < within_15 else chooser.randint(16, 30)
            enquiries.append([next(children), _back(end, span, calendar), end, "b) No"])
        for _ in range(conferences // 4):  # enquiries that needed no conference are not counted
            enquiries.append([next(children), chooser.choice(working), None, "a) Yes"])
    for _ in range(25):  # assessments still open when the lists were taken
        assessments.append([next(children), chooser.choice(_working_days_in(2020, 6, calendar)), None])
    assessments.sort(key=lambda row: (row[2] or SNAPSHOT, row[1]))  # type: ignore[operator]
    enquiries.sort(key=lambda row: row[1])  # type: ignore[arg-type,return-value]
    return {
        "List 1": (["Child Unique ID", "Gender", "Date of Contact"], contacts),
        "List 3": (["Child Unique ID", "Gender", "Date of referral"], referrals),
        "List 4": (
            ["Child Unique ID", "Continuous Assessment Start Date", "Continuous Assessment Date of Authorisation"],
            assessments,
        ),
        "List 5": (
            [
                "Child Unique ID",
                "Strategy discussion initiating Section 47 Enquiry Start Date",
                "Date of Initial Child Protection Conference",
                "Was an Initial Child Protection Conference deemed unnecessary?",
            ],
            enquiries,
        ),
    }


FIXED_TIME = (2020, 6, 30, 0, 0, 0)


def _same_every_time(path: Path) -> None:
    """openpyxl stamps the save time into the document properties and the zip; fix both so reruns match."""
    with zipfile.ZipFile(path) as source:
        parts = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2020-06-30T00:00:00Z", data)
            target.writestr(zipfile.ZipInfo(name, FIXED_TIME), data, zipfile.ZIP_DEFLATED)


def write(path: Path = TARGET) -> Path:
    """The workbook, byte for byte the same each time (fixed seed, fixed document dates).

    Written in openpyxl's normal mode so that each sheet records its size: a reader in read-only
    mode then need not scan a whole sheet to find it.
    """
    from datetime import datetime

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, (headings, rows) in lists().items():
        sheet = book.create_sheet(name)
        sheet.append(headings)
        for row in rows:
            sheet.append(row)
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, date):
                    cell.number_format = "dd/mm/yyyy"
    book.properties.created = datetime(2020, 6, 30)
    book.properties.creator = "vitalsigns example"
    book.save(path)
    _same_every_time(path)
    return path


if __name__ == "__main__":
    print(f"Wrote {write()}")
