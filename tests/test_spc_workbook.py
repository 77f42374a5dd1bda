"""SPC in the workbook, the board pack and its PDF: Summary columns, the SPC data sheet, the XmR chart.

The renderer lays out what the model worked out, so the expected values here are the model's
(checked against NHSRplotthedots and by hand in test_spc.py), read back from the files.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import EXAMPLES
from tests.test_workbook import build
from vitalsigns_xl.analysis.spc import Assurance, Variation
from vitalsigns_xl.catalogue import Catalogue
from vitalsigns_xl.contract import SPC_DATA
from vitalsigns_xl.extracts import Extracts
from vitalsigns_xl.formatting import assurance_label, variation_label
from vitalsigns_xl.libreoffice import soffice
from vitalsigns_xl.model import IndicatorReport, Report
from vitalsigns_xl.render.style import SPC_COLOURS, contrast_ratio

pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported")


@pytest.fixture(scope="module")
def workbook(
    tmp_path_factory: pytest.TempPathFactory, example_report: Report, catalogue: Catalogue, example_extracts: Extracts
) -> Path:
    return build(tmp_path_factory.mktemp("spc") / "VitalSigns_2020-06.xlsx", example_report, catalogue, example_extracts)


@pytest.fixture(scope="module")
def book(workbook: Path) -> Any:
    return openpyxl.load_workbook(workbook)


def _item(report: Report, indicator_id: str) -> IndicatorReport:
    return next(i for i in report.indicators if i.indicator.id == indicator_id)


def _summary_row(book: Any, code: str) -> dict[str, Any]:
    sheet = book["Summary"]
    header = [c.value for c in sheet[4]]
    row = next(r for r in sheet.iter_rows(min_row=5) if r[0].value == code)
    return dict(zip(header, row, strict=True))


def test_summary_variation_and_assurance_in_words_symbol_and_colour(book: Any, example_report: Report) -> None:
    visits = _item(example_report, "visits_cic_on_time")
    assert visits.spc is not None
    assert (visits.spc.result.variation, visits.spc.result.assurance) == (Variation.IMPROVEMENT, Assurance.FAIL)
    row = _summary_row(book, visits.indicator.code)
    assert row["Variation (SPC)"].value == "▲ Improvement"  # the symbol says high; the note above the table says so
    assert row["Assurance (SPC)"].value == "F Fails"
    fill, text = SPC_COLOURS["special_cause_improvement"]
    assert row["Variation (SPC)"].fill.fgColor.rgb.endswith(fill[1:]) and row["Variation (SPC)"].font.color.rgb.endswith(text[1:])
    for item in example_report.indicators:
        cells = _summary_row(book, item.indicator.code)
        if item.spc is None:  # 13 months of figures, or a chart by category: no SPC
            assert cells["Variation (SPC)"].value is None and cells["Assurance (SPC)"].value is None
        else:
            label = variation_label(item.spc.result.variation, item.spc.result.latest_high, short=True)
            assert cells["Variation (SPC)"].value == label
            expected = assurance_label(item.spc.result.assurance, short=True) if item.spc.result.assurance else None
            assert cells["Assurance (SPC)"].value == expected


def test_spc_colours_meet_wcag_aa_contrast() -> None:
    for kind, (fill, text) in SPC_COLOURS.items():
        assert contrast_ratio(text, fill) >= 4.5, kind


def _spc_block(sheet: Any, heading: str) -> dict[str, list[Any]]:
    """One measure's rows on the SPC data sheet, by the label each row has in the layout (a row with nothing to
    draw has its label left blank), each with its 24 months' cells."""
    from vitalsigns_xl.render.spc_sheet import LINES, SPECIAL

    top = next(c[0].row for c in sheet.iter_rows() if c[0].value == heading)
    labels = (*LINES, *SPECIAL.values(), "Rules broken")
    cells = sheet.iter_rows(min_row=top + 1, max_row=top + len(labels), max_col=25)
    return {label: list(row) for label, row in zip(labels, cells, strict=True)}


def test_the_spc_data_sheet_holds_what_the_chart_draws(book: Any, example_report: Report) -> None:
    from vitalsigns_xl.render.spc_sheet import MONTH_ROW

    sheet = book[SPC_DATA]
    item = _item(example_report, "visits_cic_on_time")
    assert item.spc is not None
    block = _spc_block(sheet, "5a. Children in care visits completed on time")
    drawn = ["Value", "Mean", "Lower process limit", "Upper process limit", "Target"]
    assert [block[label][0].value for label in drawn] == drawn
    assert block["England"][0].value is None  # no benchmark for this measure: its row is left unnamed
    months = [c.value for c in sheet[MONTH_ROW + 1]]  # the one row of months that every chart's axis reads
    assert months[0] == "Month" and months[1:25] == [m.short_label for m in item.spc.months]
    values = {label: [c.value for c in row[1:25]] for label, row in block.items()}
    points = item.spc.result.points
    assert values["Value"] == [pytest.approx(p.value / 100) for p in points]  # percentages as fractions
    latest = points[-1]
    assert values["Upper process limit"][23] == pytest.approx((latest.upl or 0) / 100)
    improvement = [v for v in values["Special cause: improvement"] if v is not None]
    assert len(improvement) == sum(p.type == "improvement" for p in points)


def test_a_steady_line_is_written_at_the_ends_of_its_stretch_and_the_chart_joins_them(
    book: Any, workbook: Path, example_report: Report
) -> None:
    """The mean and limits of 5a hold one value over all 24 months (one set of limits for the whole history, no
    rebase), so only the first and last month are written; the chart spans the blanks between and draws the same
    line. The figure itself is written every month."""
    item = _item(example_report, "visits_cic_on_time")
    assert item.spc is not None
    points = item.spc.result.points
    assert len({p.mean for p in points}) == 1 and len({p.upl for p in points}) == 1  # steady over the window
    block = _spc_block(book[SPC_DATA], "5a. Children in care visits completed on time")
    mean = [c.value for c in block["Mean"][1:25]]
    assert mean == [pytest.approx(points[0].mean / 100)] + [None] * 22 + [pytest.approx(points[-1].mean / 100)]
    with zipfile.ZipFile(workbook) as z:
        charts = [z.read(n).decode() for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    chart = next(xml for xml in charts if "Upper process limit" in xml and "Children in care visits" in xml)
    assert '<c:dispBlanksAs val="span"/>' in chart
    assert "vs_spcjoin_visits_cic_on_time" in book.defined_names  # for a refresh in place to check (live.check_shape)

    from tests.uno_calc import uno_available

    if uno_available():  # LibreOffice continues each line across the blank months (MissingValueTreatment CONTINUE)
        section = next(name for name, blocks in lay_out_sections(example_report) if item.indicator.id in blocks)
        treatments = _uno_charts(workbook, section, lambda c: c.getFirstDiagram().MissingValueTreatment)
        from com.sun.star.chart.MissingValueTreatment import CONTINUE  # type: ignore[import-not-found]

        assert CONTINUE in treatments


def test_a_line_with_a_month_missing_is_written_in_full_and_the_chart_leaves_the_gap(
    tmp_path: Path, example_report: Report, catalogue: Catalogue, example_extracts: Extracts
) -> None:
    """With a month of the figure missing inside the window, spanning would draw across it: every month of every
    line is written and blanks are gaps."""
    from dataclasses import replace

    from vitalsigns_xl.render.spc_sheet import SpcRows

    visits = _item(example_report, "visits_cic_on_time")
    assert visits.spc is not None
    points = list(visits.spc.result.points)
    points[10] = points[10]._replace(value=None)  # a month the extract left out
    holed = replace(visits, spc=replace(visits.spc, result=replace(visits.spc.result, points=tuple(points))))
    assert not SpcRows(holed, 3).joined
    sections = tuple(
        replace(section, indicators=tuple(holed if i is visits else i for i in section.indicators))
        for section in example_report.sections
    )
    path = build(tmp_path / "VitalSigns.xlsx", replace(example_report, sections=sections), catalogue, example_extracts)
    written = openpyxl.load_workbook(path)
    assert "vs_spcjoin_visits_cic_on_time" not in written.defined_names and "vs_spc_visits_cic_on_time" in written.defined_names
    block = _spc_block(written[SPC_DATA], "5a. Children in care visits completed on time")
    assert [c.value for c in block["Mean"][1:25]] == [pytest.approx(p.mean / 100) for p in points]
    assert block["Value"][11].value is None  # the missing 11th month (cell 0 is the label)
    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    chart = next(xml for xml in charts if "Upper process limit" in xml and "Children in care visits" in xml)
    # Blanks left as gaps: xlsxwriter writes no dispBlanksAs element for "gap", which Excel and LibreOffice read so.
    assert "dispBlanksAs" not in chart
    assert '<c:dispBlanksAs val="span"/>' in next(x for x in charts if "Upper process limit" in x and "3a. " in x)


def test_the_chart_is_an_xmr_chart_with_marked_special_causes_and_alt_text(workbook: Path) -> None:
    with zipfile.ZipFile(workbook) as z:
        charts = {n: z.read(n).decode() for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)}
        drawings = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/drawings/drawing"))
    xmr = [xml for xml in charts.values() if "Upper process limit" in xml]
    assert xmr, "no XmR chart"
    visits = next(xml for xml in xmr if "Children in care visits" in xml)
    assert "'SPC data'!" in visits
    for name, shape in (("Special cause: improvement", "triangle"), ("Special cause: concern", "diamond")):
        series = next(s for s in visits.split("<c:ser>") if name in s)
        assert f'<c:symbol val="{shape}"/>' in series  # a shape each, not colour alone
    descriptions = re.findall(r'descr="([^"]*)"', drawings)
    alt = next(d for d in descriptions if d.startswith("XmR chart (statistical process control) of Children in care visits"))
    assert "Variation: ▲ Special cause: improvement (high)." in alt
    assert "Assurance: F Consistently fails the target." in alt


def _uno_charts(path: Path, sheet_name: str, read: Callable[[Any], Any]) -> list[Any]:
    """What ``read`` finds in each chart on a sheet (its embedded chart document), as LibreOffice opens the file."""
    from tests.uno_calc import calc

    with calc() as calc_app:
        document = calc_app.open(path)
        try:
            charts = document.Sheets.getByName(sheet_name).Charts
            return [read(charts.getByIndex(index).EmbeddedObject) for index in range(charts.Count)]
        finally:
            document.close(True)


def _category_labels(chart: Any) -> list[str]:
    """The labels on the chart's category axis, as LibreOffice reads them from the cells."""
    categories = chart.getFirstDiagram().getCoordinateSystems()[0].getAxisByDimension(0, 0).getScaleData().Categories
    return [] if categories is None else [str(v) for v in categories.getValues().getData()]


def test_the_xmr_charts_months_are_given_once_and_label_its_axis(workbook: Path, example_report: Report) -> None:
    from tests.uno_calc import uno_available

    with zipfile.ZipFile(workbook) as z:
        charts = [z.read(n).decode() for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    xmr = [xml for xml in charts if "Upper process limit" in xml]
    assert xmr, "no XmR chart"
    for xml in xmr:  # the figure's series, first, names the months; the others carry no copy of them
        first, *others = xml.split("<c:ser>")[1:]
        assert "<c:cat>" in first and "'SPC data'!" in first.split("<c:cat>")[1].split("</c:cat>")[0]
        assert not any("<c:cat>" in series for series in others)

    if uno_available():  # LibreOffice labels the whole axis with the months of the figure's series
        visits = _item(example_report, "visits_cic_on_time")
        assert visits.spc is not None
        section = next(name for name, blocks in lay_out_sections(example_report) if visits.indicator.id in blocks)
        months = [m.short_label for m in visits.spc.months]
        assert len(months) == 24
        assert months in _uno_charts(workbook, section, _category_labels)


def test_blank_months_of_the_spc_rows_are_gaps_in_the_chart_and_formatted_by_their_row(
    workbook: Path, example_report: Report
) -> None:
    from vitalsigns_xl.render import lay_out

    visits = _item(example_report, "visits_cic_on_time")
    assert visits.spc is not None
    improvement = [p for p in visits.spc.result.points if p.type == "improvement"]
    assert 0 < len(improvement) < 24  # some months marked, others blank
    with zipfile.ZipFile(workbook) as z:
        charts = [z.read(n).decode() for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    chart = next(xml for xml in charts if "Upper process limit" in xml and "Children in care visits" in xml)
    series = next(s for s in chart.split("<c:ser>") if "Special cause: improvement" in s)
    cache = series.split("<c:numCache>")[1].split("</c:numCache>")[0]
    # The chart's cached figures are the marked months only: a blank month is a gap, never a zero.
    assert len(re.findall(r"<c:pt ", cache)) == len(improvement)
    assert "<c:v>0</c:v>" not in cache

    from tests.uno_calc import UnoBook, calc, uno_available

    if not uno_available():
        return
    block = next(b for _, blocks in lay_out(example_report) for b in blocks if b.item.indicator.id == visits.indicator.id)
    rows = block.spc_rows
    assert rows is not None
    row = rows.row_of("Special cause: improvement")
    blank = next(rows.first_col + i for i, p in enumerate(visits.spc.result.points) if p.type != "improvement")
    with calc() as calc_app:
        document = calc_app.open(workbook)
        try:
            book = UnoBook(document)
            assert book.read(SPC_DATA, row, blank) is None
            book.write(SPC_DATA, row, blank, 0.912)  # as a refresh in place fills a month that became a special cause
            assert document.Sheets.getByName(SPC_DATA).getCellByPosition(blank, row).getString() == "91.2%"
        finally:
            document.close(True)


@pytest.mark.skipif(soffice() is None or shutil.which("pdftotext") is None, reason="LibreOffice and pdftotext needed")
def test_board_pack_and_its_pdf_show_the_spc(tmp_path: Path) -> None:
    from vitalsigns_xl.jobs.board_pack import board_pack

    made = board_pack(EXAMPLES, tmp_path, pdf=True)
    pack = openpyxl.load_workbook(made.path)
    assert SPC_DATA in pack.sheetnames
    assert made.pdf is not None
    text = subprocess.run(["pdftotext", str(made.pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = re.sub(r"\s+", " ", text)  # a sentence may wrap across lines
    assert "Variation (SPC)" in text and "▲ Improvement" in text  # the Summary
    # The measure's page opens with the headline line, the SPC finding beside the RAG word.
    assert "SPC: ▲ Special cause: improvement (high); F Consistently fails the target." in text
    assert "Upper process limit" in text  # a chart's legend: LibreOffice drew the XmR chart from the SPC data rows
    assert "SPC data: what each measure" not in text  # the reference sheet itself is not printed
    assert "is above the upper process limit of 88.8%: a change, not noise." in text  # the drafted sentence


def test_a_refresh_in_place_rewrites_the_spc_rows_and_refuses_when_they_move(
    example_report: Report, catalogue: Catalogue, example_extracts: Extracts
) -> None:
    from tests.test_workbook import options_for
    from vitalsigns_xl.live import ShapeChanged, check_shape, describe, expected_names
    from vitalsigns_xl.officer_text import Commentary

    sections, update = describe(example_report, catalogue, example_extracts, Commentary(), options_for(example_report))
    spc = [c for c in update.cells if c.sheet == SPC_DATA]
    visits = _item(example_report, "visits_cic_on_time")
    assert visits.spc is not None
    assert f"{visits.indicator.code}. {visits.indicator.title}" in {c.value for c in spc}
    summary_texts = {c.value for c in update.cells if c.sheet == "Summary"}
    assert "▲ Improvement" in summary_texts
    # The months move on with the report month, and a steady line is written as the file writer writes it: at the
    # ends of its stretch, the months between emptied (the chart joins them; its defined name says so, below).
    from vitalsigns_xl.render.spc_sheet import MONTH_ROW

    months = sorted((c.col, c.value) for c in spc if c.row == MONTH_ROW and c.col > 0)
    assert [label for _, label in months] == [m.short_label for m in visits.spc.months]
    top = next(c.row for c in spc if c.value == f"{visits.indicator.code}. {visits.indicator.title}")
    mean_row = top + 2  # the figure, then the mean
    assert next(c.value for c in spc if (c.row, c.col) == (mean_row, 0)) == "Mean"
    mean = [c.value for c in sorted(spc, key=lambda c: c.col) if c.row == mean_row and c.col > 0]
    points = visits.spc.result.points
    assert mean == [pytest.approx(points[0].mean / 100)] + [None] * 22 + [pytest.approx(points[-1].mean / 100)]

    names = expected_names(sections)

    class Book:
        def __init__(self, names: dict[str, Any]) -> None:
            self.names = names

        def defined_names(self) -> dict[str, Any]:
            return self.names

    check_shape(Book(names), sections)  # type: ignore[arg-type]  # the same shape: no complaint
    # A workbook built before SPC began for the measure
    before = {n: v for n, v in names.items() if not n.endswith("_visits_cic_on_time") or not n.startswith("vs_spc")}
    with pytest.raises(ShapeChanged, match=r"\(SPC charts begin or end for visits_cic_on_time\)"):
        check_shape(Book(before), sections)  # type: ignore[arg-type]
    # A workbook whose chart leaves blank months as gaps, made when a month was missing inside its lines: writing the
    # ends of steady lines into it would draw them as two dots, so a full rebuild remakes the chart.
    gapped = {n: v for n, v in names.items() if n != "vs_spcjoin_visits_cic_on_time"}
    with pytest.raises(
        ShapeChanged, match="a month is missing, or no longer missing, inside the SPC charts of visits_cic_on_time"
    ):
        check_shape(Book(gapped), sections)  # type: ignore[arg-type]


def test_a_shorter_history_ends_in_the_same_column_so_a_refresh_in_place_finds_it() -> None:
    from tests.test_spc_model import ALTERNATING, JUNE, indicator, series
    from vitalsigns_xl.model import build_indicator
    from vitalsigns_xl.render.spc_sheet import SpcRows, month_cells, spc_cells

    def rows(months: int) -> SpcRows:
        item = build_indicator(indicator(), JUNE, {"": series((ALTERNATING * 2)[:months])}, {}, {}, None, {})
        return SpcRows(item, 3)

    sixteen, seventeen = rows(16), rows(17)
    assert (sixteen.first_col, seventeen.first_col) == (1 + 24 - 16, 1 + 24 - 17)  # the latest month in column Y
    assert sixteen.anchor == seventeen.anchor == (SPC_DATA, sixteen.row_of("Value"), 24)
    figures = {c.col: c.value for c in spc_cells(sixteen) if c.row == sixteen.row_of("Value")}
    assert [figures.get(col) for col in range(1, 9)] == [None] * 8 and figures[24] is not None
    # The shared row of months labels all 24 columns, whatever the measure's history: June 2020 last.
    months = [c.value for c in month_cells(JUNE) if c.col > 0]
    assert len(months) == 24 and (months[0], months[-1]) == ("Jul-18", "Jun-20")


# xlsxwriter reads a chart name or title that looks like "=Sheet!A1" as a reference to that cell.
FORMULA_LIKE_TITLE = '=Demand!A1 + @visits -1 "on time"'


def _title_and_series_labels(chart: Any) -> tuple[str, list[str]]:
    """The chart's title and the name of each of its series, as LibreOffice resolves them."""
    title = chart.getTitleObject()
    text = "" if title is None else "".join(part.getString() for part in title.getText())
    labels = []
    for system in chart.getFirstDiagram().getCoordinateSystems():
        for chart_type in system.getChartTypes():
            for series in chart_type.getDataSeries():
                for sequence in series.getDataSequences():
                    label = sequence.getLabel()
                    if label is not None:
                        labels.append("".join(label.getTextualData()))
    return text, labels


def test_a_measure_title_that_looks_like_a_formula_is_text_in_its_xmr_chart(
    tmp_path: Path, example_report: Report, catalogue: Catalogue, example_extracts: Extracts
) -> None:
    from dataclasses import replace

    from tests.uno_calc import uno_available

    visits = _item(example_report, "visits_cic_on_time")
    renamed = replace(visits, indicator=visits.indicator.model_copy(update={"title": FORMULA_LIKE_TITLE}))
    sections = tuple(
        replace(section, indicators=tuple(renamed if i is visits else i for i in section.indicators))
        for section in example_report.sections
    )
    report = replace(example_report, sections=sections)
    path = build(tmp_path / "VitalSigns.xlsx", report, catalogue, example_extracts)
    heading = f"{visits.indicator.code}. {FORMULA_LIKE_TITLE}"

    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    xmr = next(xml for xml in charts if "Upper process limit" in xml and "@visits" in xml)
    first = xmr.split("<c:ser>")[1]  # the figure's own series: named by a reference to a cell, never a formula of its own
    (reference,) = re.findall(r"<c:tx><c:strRef><c:f>([^<]*)</c:f>", first)
    sheet_name, cell = reference.rsplit("!", 1)
    assert sheet_name.strip("'") == SPC_DATA
    spc = openpyxl.load_workbook(path)[SPC_DATA][cell.replace("$", "")]
    assert (spc.value, spc.data_type) == (heading, "s")  # the cell holds the title as text

    if uno_available():  # LibreOffice opens the file and names the series with the text
        section = next(name for name, blocks in lay_out_sections(report) if renamed.indicator.id in blocks)
        titles, labels = zip(*_uno_charts(path, section, _title_and_series_labels), strict=True)
        xmr = next(i for i, chart in enumerate(labels) if "Upper process limit" in chart)
        assert labels[xmr][0] == heading
        assert titles[xmr] == heading


def lay_out_sections(report: Report) -> list[tuple[str, set[str]]]:
    from vitalsigns_xl.render import lay_out

    return [(sheet, {b.item.indicator.id for b in blocks}) for sheet, blocks in lay_out(report)]


def test_the_xmr_chart_draws_the_benchmarks_in_force_each_month(book: Any, workbook: Path, example_report: Report) -> None:
    """3a's England, SN and region averages are 2018/19 figures: a financial year's figure stands from its
    March, so of the chart's 24 months (July 2018 to June 2020) the first 8 are blank and the last 16 carry it."""
    item = _item(example_report, "cp_rate")
    assert item.spc is not None and item.spc.months[0].long_label == "July 2018"
    block = _spc_block(book[SPC_DATA], f"3a. {item.indicator.title}")  # the measure's own rows
    for name, kind in (("SN average", "statistical_neighbours"), ("England", "england"), ("Region", "region")):
        benchmark = item.benchmark(kind)
        assert benchmark is not None and benchmark.value is not None
        assert block[name][0].value == name
        values = [x.value for x in block[name][1:25]]
        # A steady line, written at the first and last of its 16 months (the chart joins them): a rate per 10,000.
        assert values == [None] * 8 + [pytest.approx(benchmark.value)] + [None] * 14 + [pytest.approx(benchmark.value)]
    with zipfile.ZipFile(workbook) as z:
        charts = [z.read(n).decode() for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
    label_cells = {name: block[name][0].row for name in ("SN average", "England", "Region")}
    xmr = next(x for x in charts if f"'{SPC_DATA}'!$A${label_cells['England']}<" in x)
    names = re.findall(r"<c:tx><c:strRef><c:f>([^<]*)</c:f>", xmr)
    for name, row in label_cells.items():  # each line named by its row's label cell, beside the mean and limits
        assert f"'{SPC_DATA}'!$A${row}" in names, (name, names)
    assert "Upper process limit" in xmr


def test_a_banded_measure_s_xmr_rows_carry_the_band_ends(example_report: Report) -> None:
    """The band in force each month gives the rows of its two ends, drawn as on the measure's line chart."""
    from dataclasses import replace

    from vitalsigns_xl.analysis.judgements import Band
    from vitalsigns_xl.render.spc_sheet import BAND_LINES, SpcRows, spc_cells

    item = _item(example_report, "cp_rate")
    assert item.spc is not None
    months = len(item.spc.months)
    banded = replace(item, spc=replace(item.spc, bands=(None,) * 4 + (Band(40.0, 50.0),) * (months - 4)))
    rows = SpcRows(banded, 3)
    assert all(rows.has(label) for label in BAND_LINES)
    cells = {(c.row, c.col): c.value for c in spc_cells(rows)}
    low = [cells.get((rows.row_of("Target low"), rows.first_col + i)) for i in range(months)]
    high = [cells.get((rows.row_of("Target high"), rows.first_col + i)) for i in range(months)]
    # Steady from the fifth month to the last: written at those two months, which the chart joins.
    assert rows.joined and months == 24
    assert low == [None] * 4 + [40.0] + [None] * 18 + [40.0] and high == [None] * 4 + [50.0] + [None] * 18 + [50.0]
    assert not SpcRows(item, 3).has("Target low")  # no band: no line


def test_a_history_too_short_for_limits_still_gets_the_mean_and_limit_lines() -> None:
    """With `spc: true` and one month of figures there is no mean or limit yet, but next month there is, and a refresh
    in place writes figures into the chart's rows without adding series: so the chart has the mean and limit lines
    from the start, named on their rows, and blank until the figures come."""
    from tests.test_spc_model import JUNE, indicator, series
    from vitalsigns_xl.model import build_indicator
    from vitalsigns_xl.render.spc_sheet import SpcRows, spc_cells

    item = build_indicator(indicator(spc=True), JUNE, {"": series([10.0])}, {}, {}, None, {})
    assert item.spc is not None and [p.mean for p in item.spc.result.points] == [None]
    rows = SpcRows(item, 5)
    lines = ("Value", "Mean", "Lower process limit", "Upper process limit")
    assert all(rows.has(label) for label in lines) and not rows.has("Target")
    labels = {c.row: c.value for c in spc_cells(rows) if c.col == 0}
    assert [labels[rows.row_of(label)] for label in lines] == list(lines)
