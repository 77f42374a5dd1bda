"""The generated workbook, read back as a file: openpyxl for cells and formats, the zip for charts and sparklines."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from tests.catalogue_files import default_catalogue_data, entry, write_catalogue
from tests.conftest import EXAMPLES
from vitalsigns_xl.analysis.judgements import Rag
from vitalsigns_xl.catalogue import Catalogue, load_catalogue
from vitalsigns_xl.extracts import Extracts, read_extracts
from vitalsigns_xl.files import WriteError
from vitalsigns_xl.model import Report, build_report
from vitalsigns_xl.render import RenderOptions, write_workbook
from vitalsigns_xl.render.layout import layout_section
from vitalsigns_xl.render.style import RAG_COLOURS, contrast_ratio
from vitalsigns_xl.settings import default_generated, load_settings

SHEETS = [
    "Cover",
    "Contents",
    "Summary",
    "Demand",
    "Timeliness",
    "Social Care Management",
    "Effectiveness",
    "Commentary",
    "Data",
    "Definitions",
    "Children behind figures",  # the example has an Annex A; the officer's copy lists the children behind exceptions
    "Data quality",
    "SPC data",
]


def options_for(report: Report) -> RenderOptions:
    settings = load_settings(EXAMPLES)
    return RenderOptions(
        settings.authority, settings.board, settings.protective_marking, default_generated(report.period), report.period
    )


def build(path: Path, report: Report, catalogue: Catalogue, extracts: Extracts) -> Path:
    write_workbook(path, report, catalogue, extracts, options_for(report))
    return path


@pytest.fixture(scope="module")
def workbook_path(
    tmp_path_factory: pytest.TempPathFactory, example_report: Report, catalogue: Catalogue, example_extracts: Extracts
) -> Path:
    return build(tmp_path_factory.mktemp("wb") / "VitalSigns_2020-06.xlsx", example_report, catalogue, example_extracts)


pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported")


@pytest.fixture(scope="module")
def book(workbook_path: Path) -> Iterator[Any]:
    yield openpyxl.load_workbook(workbook_path)


@pytest.fixture(scope="module")
def cached(workbook_path: Path) -> Iterator[Any]:
    yield openpyxl.load_workbook(workbook_path, data_only=True)


def _find(sheet: Worksheet, text: str) -> tuple[int, int]:
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell.row, cell.column
    raise AssertionError(f"{text!r} not on {sheet.title}")


def test_sheets_and_titles_in_a1(book: Any) -> None:
    assert book.sheetnames == SHEETS
    for sheet in book.worksheets:
        assert isinstance(sheet["A1"].value, str) and sheet["A1"].value.strip()
    assert book["Cover"]["A1"].value == "Vital Signs report — June 2020 data"
    cover_text = [c.value for row in book["Cover"].iter_rows() for c in row if c.value]
    assert "City of Bradford Metropolitan District Council" in cover_text and "OFFICIAL-SENSITIVE" in cover_text
    assert "1 July 2020" in cover_text


def test_every_measure_has_its_block_with_the_example_values(book: Any, example_report: Report) -> None:
    for section in example_report.sections:
        sheet = book[section.section.title]
        for item in section.indicators:
            row, col = _find(sheet, f"{item.indicator.code}. {item.indicator.title}")
            assert col == 1
            months = [sheet.cell(row + 3, c).value for c in range(2, 15)]  # title, headline, why, then the table
            assert months == [m.short_label for m in item.months]
            values = [sheet.cell(row + 4, c).value for c in range(2, 15)]
            scale = 100 if item.indicator.unit == "percent" else 1
            assert values == [None if v is None else pytest.approx(v / scale) for v in item.values]


def test_eet_block_as_published(book: Any, cached: Any) -> None:
    sheet, values = book["Effectiveness"], cached["Effectiveness"]
    row, _ = _find(sheet, "13a. Care leavers aged 19 to 21 in education, employment or training")
    value_row = row + 4
    assert [sheet.cell(value_row, c).value for c in (2, 14)] == [pytest.approx(0.626), pytest.approx(0.543)]
    assert sheet.cell(value_row, 14).number_format == "0.0%"
    assert sheet.cell(value_row, 15).value == pytest.approx(0.65)  # target
    rag = sheet.cell(value_row, 18)
    assert rag.value.startswith("=IF(OR($N$") and values.cell(value_row, 18).value == "Red"
    assert sheet.cell(value_row, 19).value == "↑ Improving"
    # the headline in words: the published 54.3% against 65.0% (seed 000), up from 53.8% in May
    assert sheet.cell(row + 1, 1).value == "54.3% in June 2020 against a target of 65.0%: Red, improving since May 2020."
    assert sheet.cell(row + 2, 2).value.startswith("Education, work or training gives care leavers")


def test_rag_conditional_formatting_follows_the_target_cell(book: Any, example_report: Report) -> None:
    sheet = book["Effectiveness"]
    rules = {str(rng.sqref): [r for r in rng.rules] for rng in sheet.conditional_formatting}
    row, _ = _find(sheet, "13a. Care leavers aged 19 to 21 in education, employment or training")
    rag_cell = f"R{row + 4}"
    assert [r.formula for r in rules[rag_cell]] == [['"Red"'], ['"Amber"'], ['"Green"']]
    assert any(f"$R${row + 4}" in r.formula[0] for r in rules[f"N{row + 4}"])  # the latest figure is coloured too
    summary_rules = [r for rng in book["Summary"].conditional_formatting for r in rng.rules]
    assert len(summary_rules) == 3


def test_rag_text_meets_wcag_aa_contrast() -> None:
    for status in Rag:
        fill, text = RAG_COLOURS[status]
        assert contrast_ratio(text, fill) >= 4.5, status


def test_summary_rows(book: Any, cached: Any, example_report: Report) -> None:
    sheet, values = book["Summary"], cached["Summary"]
    header = [c.value for c in sheet[4]]
    assert header == [
        "Code",
        "Measure",
        "Latest",
        "Previous",
        "Change",
        "Direction",
        "Target",
        "SN average",
        "RAG",
        "Variation (SPC)",
        "Assurance (SPC)",
        "Trend (13 months)",
        "Section",
        "Among all councils",
        "Benchmarks on another basis, not compared",
    ]
    assert sheet.max_row == 4 + len(example_report.indicators)
    row = next(r for r in range(5, sheet.max_row + 1) if sheet.cell(r, 1).value == "15a")
    # 15a is rated against the example officer's band, 2.5% to 5.0%: 2.1% is 0.4 points below it, within 1 point
    assert [values.cell(row, c).value for c in (3, 4, 7, 8, 9)] == [
        pytest.approx(0.021),
        pytest.approx(0.022),
        "2.5–5.0%",
        pytest.approx(0.015),
        "Amber",
    ]
    assert sheet.cell(row, 7).value.startswith("=TEXT('Effectiveness'!$O$")  # the band's ends on the measure's page
    assert sheet.cell(row, 9).value.startswith("='Effectiveness'!$R$")
    assert sheet.cell(row, 2).hyperlink.location.startswith("'Effectiveness'!A")
    assert sheet.cell(row, 13).value == "Effectiveness"
    last = 4 + len(example_report.indicators)
    # Code to RAG and SPC's variation and assurance; the sparkline, section and standing stay on screen.
    assert sheet.print_area == f"'Summary'!$A$1:$K${last}"
    assert "SummaryTable" in sheet.tables


def test_charts_sparklines_and_alt_text(workbook_path: Path, catalogue: Catalogue) -> None:
    with zipfile.ZipFile(workbook_path) as z:
        names = z.namelist()
        charts = [n for n in names if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        assert len(charts) == len(catalogue.indicators)
        drawings = "".join(z.read(n).decode() for n in names if n.startswith("xl/drawings/drawing"))
        descriptions = re.findall(r'descr="([^"]*)"', drawings)
        assert len(descriptions) == len(catalogue.indicators)
        assert (
            "Line chart of Care leavers aged 19 to 21 in education, employment or training, June 2019 to June 2020. "
            "Latest figure 54.3% in June 2020. Target 65.0%."
        ) in descriptions
        # 138 agency social workers over 138 + 325 in post = 29.8% (examples/README.md); 25 months: an SPC chart.
        agency = "XmR chart (statistical process control) of Agency social worker rate, July 2018 to June 2020. "
        agency += "Latest figure 29.8%"
        assert any(d.startswith(agency) for d in descriptions)
        kinds = "".join(z.read(n).decode() for n in charts)
        for tag in ("<c:lineChart>", "<c:barChart>", '<c:grouping val="stacked"/>', '<c:grouping val="percentStacked"/>'):
            assert tag in kinds
        sheets = "".join(z.read(n).decode() for n in names if n.startswith("xl/worksheets/sheet"))
        assert sheets.count("<x14:sparkline>") == 2 * len(catalogue.indicators)  # section block and summary row


def test_every_chart_keeps_a_copy_of_exactly_the_figures_its_cells_hold(workbook_path: Path, cached: Any) -> None:
    """A chart file keeps a copy of the figures it draws, which a viewer that does not read the cells (a mail or
    file preview) draws from. Each series' copy must hold each cell's figure and nothing where a cell has none: a
    copied 0 would draw a drop to zero (the forecast chart's months ahead, a category without figures)."""
    from openpyxl.utils.cell import range_boundaries

    with zipfile.ZipFile(workbook_path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    series = blanks = 0
    for xml in charts:
        for reference in re.findall(r"<c:val><c:numRef>(.*?)</c:numRef></c:val>", xml):
            (formula,) = re.findall(r"<c:f>([^<]*)</c:f>", reference)
            sheet_name, cells = formula.rsplit("!", 1)
            first_col, first_row, last_col, last_row = range_boundaries(cells.replace("$", ""))
            sheet = cached[sheet_name.strip("'").replace("''", "'")]
            values = [
                cell.value
                for row in sheet.iter_rows(min_row=first_row, max_row=last_row, min_col=first_col, max_col=last_col)
                for cell in row
            ]
            copied = {int(i): float(v) for i, v in re.findall(r'<c:pt idx="(\d+)"><c:v>([^<]*)</c:v></c:pt>', reference)}
            expected = {i: float(v) for i, v in enumerate(values) if isinstance(v, int | float)}
            assert copied == pytest.approx(expected), formula
            series += 1
            blanks += len(values) - len(expected)
    assert series > 100 and blanks > 100  # every measure's chart, and many months without a figure among them


def test_commentary_cells_exist_and_the_officer_cell_is_an_unlocked_input(book: Any, catalogue: Catalogue) -> None:
    for ind in catalogue.indicators:
        for name in (f"vs_officer_{ind.id}", f"vs_drafted_{ind.id}"):
            sheet_name, ref = next(iter(book.defined_names[name].destinations))
            assert sheet_name == {s.id: s.title for s in catalogue.sections}[ind.section]
        sheet_name, ref = next(iter(book.defined_names[f"vs_officer_{ind.id}"].destinations))
        assert book[sheet_name][ref.replace("$", "")].protection.locked is False


def test_no_merged_cells_inside_data_tables(book: Any, example_report: Report) -> None:
    for section in example_report.sections:
        sheet = book[section.section.title]
        table_rows: set[int] = set()
        for block in layout_section(section, section.section.title):
            table_rows |= set(range(block.header_row + 1, block.value_row + len(block.rows) + 1))
        for merged in sheet.merged_cells.ranges:
            assert not table_rows & set(range(merged.min_row, merged.max_row + 1)), merged


def test_print_setup(book: Any) -> None:
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.paperSize == 9
        # One page wide (fitToWidth absent means 1 in OOXML), as many pages tall as needed; the Summary one page.
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        tall = -(-(book["Summary"].max_row - 4) // 40) if sheet.title == "Summary" else 0  # 40 measures a page
        fit_to_height = sheet.page_setup.fitToHeight
        assert (sheet.page_setup.fitToWidth or 1) == 1 and (1 if fit_to_height is None else fit_to_height) == tall
        assert "OFFICIAL-SENSITIVE" in sheet.oddHeader.left.text
        assert sheet.oddFooter.right.text == "Page &P of &N"
        assert "June 2020" in sheet.oddFooter.left.text
        assert sheet.print_area
    assert book["Summary"].print_title_rows == "$4:$4"


def test_data_sheet_holds_every_figure_as_a_table(book: Any, example_extracts: Extracts) -> None:
    table = book["Data"].tables["DataTable"]
    first, last = table.ref.split(":")
    assert int(re.sub(r"\D", "", last)) - int(re.sub(r"\D", "", first)) == len(example_extracts.measures)
    rows = list(book["Data"].iter_rows(min_row=4, values_only=True))
    assert ("care_leavers_eet", "13a", "2020-06", None, 54.3, None, None, "percent") in rows
    assert "DefinitionsTable" in book["Definitions"].tables


def test_same_inputs_give_a_byte_identical_file(
    tmp_path: Path, example_report: Report, catalogue: Catalogue, example_extracts: Extracts, workbook_path: Path
) -> None:
    again = build(tmp_path / "again.xlsx", example_report, catalogue, example_extracts)
    assert again.read_bytes() == workbook_path.read_bytes()


def test_text_from_data_is_never_a_formula(tmp_path: Path) -> None:
    raw = default_catalogue_data()
    entry(raw, "contacts").update(title='=HYPERLINK("http://example.invalid","click")', why="+44 1274 000000 is the front door")
    entry(raw, "contact_outcomes").update(title="@SUM(A1:A2)", why="-1 means fewer")
    catalogue = load_catalogue(write_catalogue(tmp_path / "catalogue.yaml", raw))
    extracts = read_extracts(EXAMPLES, catalogue)
    out = build(tmp_path / "wb.xlsx", build_report(catalogue, extracts), catalogue, extracts)
    book = openpyxl.load_workbook(out)
    texts = {c.value: c.data_type for s in book.worksheets for row in s.iter_rows() for c in row if isinstance(c.value, str)}
    for text in ("+44 1274 000000 is the front door", "-1 means fewer", "1b. @SUM(A1:A2)"):
        assert texts[text] == "s"
    assert texts['=HYPERLINK("http://example.invalid","click")'] == "s"  # the Summary link text


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, example_report: Report, catalogue: Catalogue, example_extracts: Extracts
) -> None:
    target = tmp_path / "VitalSigns.xlsx"
    target.write_bytes(b"last month's workbook")

    def fail_while_saving(step: str) -> None:
        if step == "saving":
            raise OSError(28, "No space left on device")

    with pytest.raises(WriteError, match="The disk is full"):
        write_workbook(
            target, example_report, catalogue, example_extracts, options_for(example_report), progress=fail_while_saving
        )
    assert target.read_bytes() == b"last month's workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["VitalSigns.xlsx"]
