"""Reading extracts: the example folder, every encoding and format an officer will meet, and the bad corpus."""

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.catalogue import Catalogue
from vitalsigns_xl.extracts import ExtractError, Extracts, read_extracts

BAD = Path(__file__).parent / "bad_extracts"
HEADER = "indicator,period,value,numerator,denominator,breakdown"


def test_example_extracts_read_from_csv_and_xlsx(example_extracts: Extracts) -> None:
    assert set(example_extracts.files) == {
        "measures_case_management.csv",
        "measures_hr.xlsx",
        "targets.csv",
        "benchmarks.csv",
        "councils_2018-19.csv",
        "Annex_A_2020-06.xlsx",
    }
    m = example_extracts.measures
    eet = m[(m.indicator == "care_leavers_eet") & (m.period == Month(2020, 6))]
    assert eet.value.tolist() == [54.3]
    agency = m[(m.indicator == "sw_agency_rate") & (m.period == Month(2020, 6))].iloc[0]
    assert (agency.numerator, agency.denominator) == (138.0, 463.0)  # from the .xlsx (examples/README.md)
    assert example_extracts.latest_period == Month(2020, 6)


def test_values_are_computed_from_numerator_and_denominator(example_extracts: Extracts) -> None:
    m = example_extracts.measures
    rate = m[(m.indicator == "cp_rate") & (m.period == Month(2020, 6))].iloc[0]
    assert rate.numerator == 1012 and rate.value == pytest.approx(1012 / rate.denominator * 10_000)


def _write(folder: Path, name: str, text: str, encoding: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(text.encode(encoding))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_encodings_excel_writes(tmp_path: Path, catalogue: Catalogue, encoding: str) -> None:
    # cp1252 is Excel's plain "CSV (Comma delimited)"; utf-8-sig is "CSV UTF-8" with its byte-order mark.
    _write(tmp_path / "x", "measures.csv", f"{HEADER}\ncontacts,2020-06,1305,,,\n", encoding)
    _write(tmp_path / "x", "targets.csv", "indicator,target,from_period\ncare_leavers_eet,65.0%,2019-04\n", encoding)
    extracts = read_extracts(tmp_path / "x", catalogue)
    assert extracts.measures.value.tolist() == [1305.0]
    assert extracts.targets.target.tolist() == [65.0]


def test_cp1252_text_in_an_error_is_shown_as_typed(tmp_path: Path, catalogue: Catalogue) -> None:
    _write(tmp_path / "x", "measures.csv", f"{HEADER}\ncontacts,2020-06,£12,,,\n", "cp1252")
    with pytest.raises(ExtractError) as caught:
        read_extracts(tmp_path / "x", catalogue)
    assert [str(p) for p in caught.value.problems] == ["measures.csv, row 2, column 'value': expected a number, found '£12'"]


def test_semicolon_csv_and_thousands_separators(tmp_path: Path, catalogue: Catalogue) -> None:
    _write(tmp_path / "x", "measures.csv", 'indicator;period;value\ncontacts;2020-06;"1,305"\n', "utf-8")
    assert read_extracts(tmp_path / "x", catalogue).measures.value.tolist() == [1305.0]


def test_blank_lines_do_not_shift_row_numbers(tmp_path: Path, catalogue: Catalogue) -> None:
    _write(tmp_path / "x", "measures.csv", f"{HEADER}\n\ncontacts,2020-06,1305,,,\n,,,,,\ncontacts,2020-05,n/a,,,\n", "utf-8")
    with pytest.raises(ExtractError) as caught:
        read_extracts(tmp_path / "x", catalogue)
    assert [p.row for p in caught.value.problems] == [5]


def test_xlsx_as_excel_stores_it(tmp_path: Path, catalogue: Catalogue) -> None:
    """Excel turns a typed 2020-06 into a date and keeps a typed 54.3% as 0.543 with a % format."""
    folder = tmp_path / "x"
    folder.mkdir()
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Indicator", "Period", "Value"])
    sheet.append(["care_leavers_eet", datetime(2020, 6, 1), 0.543])
    sheet["C2"].number_format = "0.0%"
    sheet.append(["contacts", "2020-06", 1305])
    sheet.append(["contacts", "2020-05", "lots"])
    book.save(folder / "measures.xlsx")
    with pytest.raises(ExtractError) as caught:
        read_extracts(folder, catalogue)
    assert [str(p) for p in caught.value.problems] == ["measures.xlsx, row 4, column 'value': expected a number, found 'lots'"]
    sheet.delete_rows(4)
    book.save(folder / "measures.xlsx")
    m = read_extracts(folder, catalogue).measures
    assert m.value.tolist() == pytest.approx([54.3, 1305.0])
    assert m.period.tolist() == [Month(2020, 6), Month(2020, 6)]


def test_excel_lock_files_are_ignored(extracts_copy: Path, catalogue: Catalogue, example_extracts: Extracts) -> None:
    (extracts_copy / "~$measures_hr.xlsx").write_bytes(b"owner file Excel leaves while a workbook is open")
    with_lock_file = read_extracts(extracts_copy, catalogue)
    assert "~$measures_hr.xlsx" not in with_lock_file.files
    assert set(with_lock_file.files) == set(example_extracts.files)
    assert len(with_lock_file.measures) == len(example_extracts.measures) == 2530  # every figure, none lost or doubled
    # (2,629 before agency FTE by role, 150 rows, became the agency rate, 25, and care leavers aged 17 to 18 added 26)


@pytest.mark.parametrize("case", sorted(p.name for p in BAD.iterdir() if p.is_dir()))
def test_bad_extract_gives_exactly_the_expected_errors(case: str, catalogue: Catalogue) -> None:
    folder = BAD / case
    expected = (folder / "expected_errors.txt").read_text(encoding="utf-8").format(folder=folder).splitlines()
    with pytest.raises(ExtractError) as caught:
        read_extracts(folder, catalogue)
    assert [str(p) for p in caught.value.problems] == expected
    assert str(caught.value).startswith(f"{len(expected)} problem")


def test_every_problem_of_every_file_is_reported_together(catalogue: Catalogue) -> None:
    with pytest.raises(ExtractError) as caught:
        read_extracts(BAD / "many_problems_in_two_files", catalogue)
    assert {p.file for p in caught.value.problems} == {"measures_a.csv", "measures_b.csv"}


def test_an_xlsx_whose_stored_size_is_stale_is_read_to_its_last_row(extracts_copy: Path, catalogue: Catalogue) -> None:
    """Some systems write a sheet's size once and then add rows; every row there is must be read."""
    import re
    import zipfile

    hr = extracts_copy / "measures_hr.xlsx"
    with zipfile.ZipFile(hr) as source:
        parts = {info: source.read(info) for info in source.infolist()}
    with zipfile.ZipFile(hr, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts.items():
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:F10"/>', data)  # claims 9 rows of 238
            target.writestr(info, data)
    assert len(read_extracts(extracts_copy, catalogue).measures) == 2530  # as validate counts the examples


def test_a_file_far_larger_than_any_extract_is_refused_before_it_is_read(extracts_copy: Path, catalogue: Catalogue) -> None:
    huge = extracts_copy / "measures_archive.csv"
    with huge.open("wb") as handle:
        handle.truncate(200_000_000)  # 200 MB, as in the reliability review (sparse: nothing is written)
    with pytest.raises(ExtractError) as caught:
        read_extracts(extracts_copy, catalogue)
    assert [str(p) for p in caught.value.problems] == [
        "measures_archive.csv: is 200 MB; an extract may be at most 50 MB. Is it the right file?"
    ]


def test_an_extract_with_too_many_rows_is_refused_with_the_limit(extracts_copy: Path, catalogue: Catalogue) -> None:
    from vitalsigns_xl.extracts.tables import MAX_ROWS

    (extracts_copy / "measures_log.csv").write_text(HEADER + "\n" + "contacts,2019-01,1,,,\n" * MAX_ROWS, encoding="utf-8")
    with pytest.raises(ExtractError) as caught:
        read_extracts(extracts_copy, catalogue)
    assert str(caught.value.problems[0]) == (
        f"measures_log.csv: has more than {MAX_ROWS:,} rows, the most an extract may have; is it the right file?"
    )
