"""Officer commentary across refreshes, as an officer works: build, type in Excel, refresh, next month.

Typing is simulated by writing the input cells' XML of a copy as Excel saves it (tests/excel_typing.py);
the refresh then reads that file back. The May workbook is built once per session and copied.
"""

from __future__ import annotations

import csv
import errno
import os
import shutil
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.catalogue_files import default_catalogue_data, write_catalogue
from tests.conftest import EXAMPLES
from tests.excel_typing import type_into
from vitalsigns_xl import files
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.extracts import ExtractError
from vitalsigns_xl.files import WriteError
from vitalsigns_xl.jobs.build import build
from vitalsigns_xl.jobs.commentary import CommentaryFileError, export_commentary, import_commentary
from vitalsigns_xl.jobs.refresh import refresh
from vitalsigns_xl.library import default_report
from vitalsigns_xl.officer_text import EXCEL_CELL_LIMIT
from vitalsigns_xl.workbook_io import WorkbookError, read_workbook

pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported")
MAY, JUNE = Month(2020, 5), Month(2020, 6)
T1, T2, T3 = datetime(2020, 7, 2, 9, 0), datetime(2020, 7, 3, 9, 0), datetime(2020, 8, 3, 9, 0)
MARKER_MAY = "DRAFT carried forward from May 2020: review and update it, then delete this line."


def officer_cell(book: openpyxl.Workbook, indicator: str) -> openpyxl.cell.Cell:
    ((sheet, coordinate),) = book.defined_names[f"vs_officer_{indicator}"].destinations
    return book[sheet][coordinate.replace("$", "")]


def cell_texts(path: Path) -> dict[str, str]:
    return read_workbook(path).inputs


@pytest.fixture
def may_workbook(may_built_once: Path, tmp_path: Path) -> Path:
    """A fresh copy of the May workbook, as if just built in this test's folder."""
    target = tmp_path / "VitalSigns.xlsx"
    shutil.copyfile(may_built_once, target)
    return target


def test_build_writes_the_drafted_sentences_beside_each_measure(may_workbook: Path) -> None:
    book = openpyxl.load_workbook(may_workbook)
    ((sheet, coordinate),) = book.defined_names["vs_drafted_cic_pep_up_to_date"].destinations
    drafted = book[sheet][coordinate.replace("$", "")].value
    assert drafted.startswith(
        "The proportion of school-age children in care with an up-to-date PEP rose from 85.5% in April 2020 to 87.2% in May 2020"
    )
    assert all(officer_cell(book, i).value is None for i in ("contacts", "cic_pep_up_to_date"))


def test_same_period_refresh_keeps_the_text_exactly_and_logs_it(may_workbook: Path) -> None:
    texts = {
        "care_leavers_eet": "Line one\nLine two — with “quotes”, café, 子供, 🙂\n\n  indented",
        "contacts": "=SUM(A1:A3) is not a formula here",
        "cp_rate": "+44 and -3 and @mention",
    }
    type_into(may_workbook, texts)
    outcome = refresh(may_workbook, EXAMPLES, MAY, when=T1)
    assert sorted(outcome.changes.added) == sorted(texts)
    saved = read_workbook(may_workbook)
    assert {k: v for k, v in saved.inputs.items() if v} == texts
    assert {(i, p): e.text for (i, p), e in saved.log.items()} == {(i, MAY): t for i, t in texts.items()}
    assert all(e.changed == T1 for e in saved.log.values())
    book = openpyxl.load_workbook(may_workbook)
    assert officer_cell(book, "contacts").data_type == "s"  # written as text, not as a formula
    assert officer_cell(book, "contacts").protection.locked is False

    again = refresh(may_workbook, EXAMPLES, MAY, when=T2)  # nothing typed since: nothing changes
    assert again.changes.added == again.changes.updated == []
    assert all(e.changed == T1 for e in read_workbook(may_workbook).log.values())


def test_text_up_to_excels_cell_limit_survives(may_workbook: Path) -> None:
    longest = ("Plan agreed. " * 3000)[: EXCEL_CELL_LIMIT - 1] + "!"
    type_into(may_workbook, {"cic_count": longest})
    refresh(may_workbook, EXAMPLES, MAY, when=T1)
    assert cell_texts(may_workbook)["cic_count"] == longest
    refresh(may_workbook, EXAMPLES, JUNE, when=T3)  # too long to carry a marker line: carried bare, still whole
    assert cell_texts(may_workbook)["cic_count"] == longest
    assert read_workbook(may_workbook).log[("cic_count", MAY)].text == longest


def test_next_period_carries_last_months_text_as_a_marked_draft(may_workbook: Path) -> None:
    type_into(may_workbook, {"care_leavers_eet": "Mentoring scheme starts in July.", "contacts": "Front door review."})
    outcome = refresh(may_workbook, EXAMPLES, when=T1)  # latest month: June
    assert outcome.report.period == JUNE and outcome.previous_period == MAY
    assert sorted(outcome.carried_forward) == ["care_leavers_eet", "contacts"]
    cells = cell_texts(may_workbook)
    assert cells["care_leavers_eet"] == f"{MARKER_MAY}\nMentoring scheme starts in July."
    assert cells["cp_rate"] == ""
    book = openpyxl.load_workbook(may_workbook)
    cell = officer_cell(book, "care_leavers_eet")
    label = book[cell.parent.title].cell(cell.row - 1, cell.column).value
    assert label == "What are we doing about it? DRAFT from May 2020: review and update"
    log = read_workbook(may_workbook).log
    assert set(log) == {("care_leavers_eet", MAY), ("contacts", MAY)}  # an untouched draft is not June's text

    refresh(may_workbook, EXAMPLES, when=T2)  # refreshed again before review: still a draft, still not logged
    assert cell_texts(may_workbook)["care_leavers_eet"] == f"{MARKER_MAY}\nMentoring scheme starts in July."
    assert set(read_workbook(may_workbook).log) == {("care_leavers_eet", MAY), ("contacts", MAY)}

    type_into(may_workbook, {"care_leavers_eet": "Mentoring scheme started; 12 young people matched."})
    outcome = refresh(may_workbook, EXAMPLES, when=T2)
    assert outcome.changes.added == ["care_leavers_eet"]
    log = read_workbook(may_workbook).log
    assert log[("care_leavers_eet", JUNE)].text == "Mentoring scheme started; 12 young people matched."
    assert log[("care_leavers_eet", MAY)].text == "Mentoring scheme starts in July."
    assert cell_texts(may_workbook)["contacts"] == f"{MARKER_MAY}\nFront door review."

    refresh(may_workbook, EXAMPLES, MAY, when=T3)  # back to May: May's own words, not a draft
    assert cell_texts(may_workbook)["care_leavers_eet"] == "Mentoring scheme starts in July."


def test_a_carried_draft_is_never_marked_twice(may_workbook: Path, tmp_path: Path) -> None:
    type_into(may_workbook, {"contacts": "Front door review."})
    refresh(may_workbook, EXAMPLES, JUNE, when=T1)
    edited = f"{MARKER_MAY}\nFront door review, now with partners."  # edited, marker line left in
    type_into(may_workbook, {"contacts": edited})
    refresh(may_workbook, EXAMPLES, JUNE, when=T2)
    assert cell_texts(may_workbook)["contacts"] == edited  # same period: exactly as typed
    extracts = _extracts_with_july(tmp_path)
    refresh(may_workbook, extracts, Month(2020, 7), when=T3)
    assert cell_texts(may_workbook)["contacts"] == (
        "DRAFT carried forward from June 2020: review and update it, then delete this line.\n"
        "Front door review, now with partners."
    )


def _extracts_with_july(tmp_path: Path) -> Path:
    """The examples plus July 2020, a copy of June's case-management rows."""
    folder = tmp_path / "july"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("*.md"))
    measures = folder / "measures_case_management.csv"
    lines = measures.read_text(encoding="utf-8").splitlines()
    july = [line.replace(",2020-06,", ",2020-07,") for line in lines if ",2020-06," in line]
    measures.write_text("\n".join(lines + july) + "\n", encoding="utf-8")
    return folder


def test_text_for_a_measure_no_longer_in_the_report_stays_in_the_log(may_workbook: Path, tmp_path: Path) -> None:
    type_into(may_workbook, {"cic_missing_episodes": "Return interviews now within 72 hours.", "contacts": "Steady."})
    refresh(may_workbook, EXAMPLES, MAY, when=T1)
    definition = default_catalogue_data()
    definition["indicators"] = [i for i in definition["indicators"] if i["id"] != "cic_missing_episodes"]
    smaller = write_catalogue(tmp_path / "catalogue" / "catalogue.yaml", definition)
    extracts = tmp_path / "extracts"
    shutil.copytree(EXAMPLES, extracts, ignore=shutil.ignore_patterns("*.md"))
    measures = extracts / "measures_case_management.csv"
    measures.write_text(
        "".join(line for line in measures.read_text(encoding="utf-8").splitlines(True) if "cic_missing_episodes" not in line),
        encoding="utf-8",
    )
    refresh(may_workbook, extracts, JUNE, catalogue_path=smaller, when=T2)
    saved = read_workbook(may_workbook)
    assert "cic_missing_episodes" not in saved.inputs
    assert saved.log[("cic_missing_episodes", MAY)].text == "Return interviews now within 72 hours."
    book = openpyxl.load_workbook(may_workbook)
    rows = [r for r in book["Commentary"].iter_rows(values_only=True) if r[0] == "cic_missing_episodes"]
    assert rows[0][2] == "(no longer in the report)"


def test_cleared_cell_wins_over_the_log_and_the_backup_keeps_the_words(may_workbook: Path) -> None:
    type_into(may_workbook, {"contacts": "Temporary note."})
    refresh(may_workbook, EXAMPLES, MAY, when=T1)
    type_into(may_workbook, {"contacts": ""})
    outcome = refresh(may_workbook, EXAMPLES, MAY, when=T2)
    assert outcome.changes.cleared == ["contacts"]
    assert ("contacts", MAY) not in read_workbook(may_workbook).log
    assert outcome.backup is not None and read_workbook(outcome.backup).log[("contacts", MAY)].text == "Temporary note."


def test_refresh_keeps_a_backup_of_the_previous_file(may_workbook: Path) -> None:
    before = may_workbook.read_bytes()
    outcome = refresh(may_workbook, EXAMPLES, when=T1)
    assert outcome.backup == may_workbook.parent / "backups" / "VitalSigns 2020-07-02 090000.xlsx"
    assert outcome.backup.read_bytes() == before


def test_refresh_finds_the_extracts_the_workbook_was_built_from(may_workbook: Path) -> None:
    assert read_workbook(may_workbook).extracts_folder == str(EXAMPLES.resolve())
    assert refresh(may_workbook, when=T1).report.period == JUNE


def test_build_over_an_existing_workbook_keeps_its_commentary(may_workbook: Path) -> None:
    type_into(may_workbook, {"contacts": "Keep me."})
    build(EXAMPLES, may_workbook, MAY)
    assert cell_texts(may_workbook)["contacts"] == "Keep me."


# ---------------------------------------------------------------- nothing is lost on failure


def _unchanged(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".")) == []  # no temporary left


def test_a_bad_extract_changes_nothing(may_workbook: Path, extracts_copy: Path) -> None:
    type_into(may_workbook, {"contacts": "Typed today."})
    before = may_workbook.read_bytes()
    extract = extracts_copy / "measures_case_management.csv"
    bad_row = len(extract.read_text(encoding="utf-8").splitlines()) + 1  # the row appended below, as Excel numbers it
    with extract.open("a", encoding="utf-8") as handle:
        handle.write("contacts,2020-13,12,,,\n")
    with pytest.raises(ExtractError, match=f"row {bad_row}, column 'period'"):
        refresh(may_workbook, extracts_copy, when=T1)
    _unchanged(may_workbook, before)
    assert not (may_workbook.parent / "backups").exists()


def test_an_unreadable_workbook_changes_nothing(tmp_path: Path) -> None:
    damaged = tmp_path / "VitalSigns.xlsx"
    damaged.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(WorkbookError, match="cannot be opened as an Excel workbook"):
        refresh(damaged, EXAMPLES, when=T1)
    _unchanged(damaged, b"PK\x03\x04 this is not really a zip")


def test_a_workbook_that_is_not_a_vital_signs_workbook_changes_nothing(tmp_path: Path) -> None:
    other = tmp_path / "Budget.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "Budget 2020/21"
    book.save(other)
    before = other.read_bytes()
    with pytest.raises(WorkbookError, match="is not a Vital Signs workbook"):
        refresh(other, EXAMPLES, when=T1)
    _unchanged(other, before)


def test_a_full_disk_changes_nothing(may_workbook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    type_into(may_workbook, {"contacts": "Typed today."})
    before = may_workbook.read_bytes()

    def disk_full(self: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("xlsxwriter.workbook.Workbook.close", disk_full)
    with pytest.raises(WriteError, match="The disk is full"):
        refresh(may_workbook, EXAMPLES, when=T1)
    _unchanged(may_workbook, before)


def test_a_workbook_open_in_excel_changes_nothing(may_workbook: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = may_workbook.read_bytes()

    def locked(source: object, target: object) -> None:  # what Windows does while Excel holds the file
        raise PermissionError(errno.EACCES, "The process cannot access the file because it is being used by another process")

    monkeypatch.setattr(files.os, "replace", locked)
    with pytest.raises(WriteError, match="If it is open in Excel, close it and try again"):
        refresh(may_workbook, EXAMPLES, when=T1)
    _unchanged(may_workbook, before)


def test_the_command_says_what_happened_and_that_nothing_changed(may_workbook: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    before = may_workbook.read_bytes()
    result = subprocess.run(
        [sys.executable, "-m", "vitalsigns_xl.cli", "refresh", str(may_workbook), "--extracts", str(tmp_path / "nowhere")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "is not a folder of extracts" in result.stderr
    assert "VitalSigns.xlsx was not changed." in result.stderr
    assert "Traceback" not in result.stderr
    _unchanged(may_workbook, before)


# ---------------------------------------------------------------- commentary outside Excel


def test_export_lists_every_measure_of_the_period(may_workbook: Path, tmp_path: Path) -> None:
    type_into(may_workbook, {"contacts": "=1+1 stays words", "cp_rate": "Two\nlines"})
    out = tmp_path / "commentary.csv"
    assert export_commentary(may_workbook, out) == len(default_report().catalogue.indicators)  # the pack's report
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with the byte-order mark
    import io

    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r["indicator"] for r in rows][:3] == ["contacts", "contact_outcomes", "referrals"]
    assert {r["period"] for r in rows} == {"2020-05"}
    texts = {r["indicator"]: r["text"] for r in rows}
    assert texts["contacts"] == "'=1+1 stays words"  # the apostrophe stops Excel running it as a formula
    assert texts["cp_rate"] == "Two\nlines"
    assert texts["cic_count"] == ""


def test_import_round_trip_adds_and_never_drops_silently(may_workbook: Path, tmp_path: Path) -> None:
    type_into(may_workbook, {"contacts": "Officer's words.", "cp_rate": "Keep this."})
    out = tmp_path / "commentary.csv"
    export_commentary(may_workbook, out)
    text = out.read_text(encoding="utf-8-sig")
    text = text.replace('"cp_rate","2020-05","Keep this."', '"cp_rate","2020-05",""')
    text = text.replace('"cic_count","2020-05",""', '"cic_count","2020-05","Head of service: ""on track"".\nSecond line."')
    text += '"contacts","2020-04","April words, written late."\r\n'
    out.write_text(text, encoding="utf-8-sig")
    outcome = import_commentary(may_workbook, out, when=T1)
    assert outcome.changes.kept == ["cp_rate"]
    assert sorted(outcome.changes.added) == ["cic_count", "contacts", "contacts", "cp_rate"]  # May cells, then the file
    saved = read_workbook(may_workbook)
    assert saved.inputs["cp_rate"] == "Keep this."
    assert saved.inputs["cic_count"] == 'Head of service: "on track".\nSecond line.'
    assert saved.inputs["contacts"] == "Officer's words."
    assert saved.log[("contacts", Month(2020, 4))].text == "April words, written late."


def test_import_checks_every_row_and_imports_nothing_when_any_is_wrong(may_workbook: Path, tmp_path: Path) -> None:
    before = may_workbook.read_bytes()
    bad = tmp_path / "commentary.csv"
    bad.write_text(
        "indicator,period,text\n"
        "contacts,2020-05,Fine\n"
        "contactz,2020-05,Typo in the id\n"
        "cp_rate,June 2020,Loose period\n"
        "contacts,2020-05,Again\n",
        encoding="utf-8",
    )
    with pytest.raises(CommentaryFileError) as caught:
        import_commentary(may_workbook, bad, when=T1)
    assert str(caught.value).splitlines() == [
        "3 problems in commentary.csv; nothing was imported:",
        "  commentary.csv, row 3, column 'indicator': 'contactz' is not a measure of this workbook",
        "  commentary.csv, row 4, column 'period': expected a month as YYYY-MM (for example 2020-06), found 'June 2020'",
        "  commentary.csv, row 5, column 'indicator': repeats contacts for 2020-05 from row 2",
    ]
    _unchanged(may_workbook, before)
    bad.write_text("indicator,month,text\ncontacts,2020-05,Fine\n", encoding="utf-8")
    with pytest.raises(CommentaryFileError, match="column 'period': required column is missing"):
        import_commentary(may_workbook, bad, when=T1)
    _unchanged(may_workbook, before)


def test_carriage_returns_tabs_and_escape_lookalikes_come_back_exactly(may_workbook: Path, tmp_path: Path) -> None:
    text = "Windows line\r\nnext\tcolumn, a bell\x07, and the literal text _x0041_ and _x000d"
    source = tmp_path / "commentary.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([("indicator", "period", "text"), ("contacts", "2020-05", text)])
    import_commentary(may_workbook, source, when=T1)
    assert cell_texts(may_workbook)["contacts"] == text
    refresh(may_workbook, EXAMPLES, MAY, when=T2)
    assert cell_texts(may_workbook)["contacts"] == text


def test_an_untouched_draft_in_an_import_stays_a_draft(may_workbook: Path, tmp_path: Path) -> None:
    type_into(may_workbook, {"contacts": "Front door review."})
    refresh(may_workbook, EXAMPLES, JUNE, when=T1)
    out = tmp_path / "commentary.csv"
    export_commentary(may_workbook, out)
    import_commentary(may_workbook, out, when=T2)
    assert ("contacts", JUNE) not in read_workbook(may_workbook).log
    assert cell_texts(may_workbook)["contacts"] == f"{MARKER_MAY}\nFront door review."


# ---------------------------------------------------------------- any text comes back unchanged

XML_ILLEGAL = "".join(chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(
        # Excel stores a typed carriage return as _x000D_, which tests/excel_typing.py does not; it is left out.
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=XML_ILLEGAL + "\r"),
        min_size=1,
        max_size=400,
    )
)
def test_any_unicode_text_survives_build_edit_refresh(
    may_built_once: Path, tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    assume(text.strip())
    workbook = tmp_path_factory.mktemp("edit") / "VitalSigns.xlsx"
    shutil.copyfile(may_built_once, workbook)
    type_into(workbook, {"cic_pep_up_to_date": text})
    refresh(workbook, EXAMPLES, MAY, when=T1)
    saved = read_workbook(workbook)
    assert saved.inputs["cic_pep_up_to_date"] == text
    assert saved.log[("cic_pep_up_to_date", MAY)].text == text


def test_identical_rebuilds_do_not_fill_the_backups(may_workbook: Path) -> None:
    first = refresh(may_workbook, EXAMPLES, JUNE, when=T1)
    assert first.backup is not None
    for when in (T2, T3, datetime(2020, 8, 4, 9, 0)):  # nothing changed since: the same bytes every time
        again = refresh(may_workbook, EXAMPLES, JUNE, when=when)
        assert again.backup is None
    assert [p.name for p in (may_workbook.parent / "backups").iterdir()] == [first.backup.name]
    assert first.backup.read_bytes() != may_workbook.read_bytes()  # the real previous version, May's, is still there
