"""The board PDF as LibreOffice prints it, read back with pdfplumber: length, legibility, layout, tags.

Every check reads the PDF itself (characters, their sizes and boxes, the structure tree), not
the page settings that were meant to produce it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pdfplumber
import pytest

from tests.conftest import EXAMPLES
from vitalsigns_xl.catalogue import Catalogue
from vitalsigns_xl.contract import officer_cell_name, section_sheet_name
from vitalsigns_xl.extracts import Extracts
from vitalsigns_xl.jobs.board_pack import board_pack
from vitalsigns_xl.jobs.build import build
from vitalsigns_xl.libreoffice import soffice
from vitalsigns_xl.model import Comparators, Report, build_report
from vitalsigns_xl.render import lay_out
from vitalsigns_xl.render.charts import alt_text
from vitalsigns_xl.render.layout import layout_section
from vitalsigns_xl.settings import load_settings

pytestmark = [
    pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed"),
    pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported"),
]
OFFICER_TEXT = "June: audit complete, 12 plans stepped down and a new panel chairs every review."
SMALLEST_POINTS = 8.0
A4_LANDSCAPE = (841.89, 595.28)
MARGINS = (0.4 * 72 * 2, 0.6 * 72 * 2)  # left + right, top + bottom, as every sheet sets them


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The board PDF of the June 2020 example, from an officer workbook with one measure's text typed in.

    Small numbers are suppressed, so the charts read the Chart data sheet, which must not print either.
    """
    folder = tmp_path_factory.mktemp("print")
    workbook = folder / "VitalSigns.xlsx"
    build(EXAMPLES, workbook)
    book = openpyxl.load_workbook(workbook)
    ((sheet, coordinate),) = book.defined_names[officer_cell_name("cp_rate")].destinations
    book[sheet][coordinate.replace("$", "")] = OFFICER_TEXT
    book.save(workbook)
    made = board_pack(workbook, folder / "board", suppress_small=True, pdf=True)
    assert made.pdf is not None
    return made.pdf


@pytest.fixture(scope="module")
def pages(pdf_path: Path) -> Iterator[list[Any]]:
    with pdfplumber.open(pdf_path) as pdf:
        yield list(pdf.pages)


@pytest.fixture(scope="module")
def texts(pages: list[Any]) -> list[str]:
    return [page.extract_text() or "" for page in pages]


def measure_page(texts: list[str], code: str, title: str) -> int:
    """The one measure page (not the contents) with this measure's heading on a line of its own."""
    found = [i for i, text in enumerate(texts) if f"\n{code}. {title}\n" in f"\n{text}\n" and "Why is this important?" in text]
    assert len(found) == 1, (code, found)
    return found[0]


def test_cover_contents_summary_a_page_per_measure_and_definitions_only(
    texts: list[str], catalogue: Catalogue, example_report: Report
) -> None:
    # cover, contents, the Summary (two pages past 40 measures), a page a measure, then the Definitions
    assert len(texts) <= 2 + 2 + len(catalogue.indicators) + -(-len(catalogue.indicators) // 10) + 1
    assert "Purpose of the Vital Signs report" in texts[0]
    assert texts[1].splitlines()[1] == "Contents"
    summary = [i for i, t in enumerate(texts) if "Summary dashboard — June 2020 data" in t]
    assert len(summary) == 1  # its title once; a report of over 40 measures continues on a second page
    measure_pages = [measure_page(texts, ind.code, ind.title) for ind in catalogue.indicators]
    summary_pages = texts[summary[0] : measure_pages[0]]
    assert 1 <= len(summary_pages) <= -(-len(catalogue.indicators) // 40)
    assert all(f"\n{ind.code} " in "\n".join(summary_pages) for ind in catalogue.indicators)
    assert measure_pages == list(range(measure_pages[0], measure_pages[0] + len(catalogue.indicators)))
    definitions = texts[measure_pages[-1] + 1 :]
    assert definitions and "Definitions" in definitions[0]
    # about ten definitions a page, and the list of sources they cite (61 measures: 7 pages)
    assert len(definitions) <= -(-len(catalogue.indicators) // 10) + 1
    assert all("Code Measure Definition Basis Rating" in t for t in definitions)
    everything = "\n".join(texts)
    for not_printed in ("Data: every figure in the extracts", "Commentary: what the service said", "Chart data: the figures"):
        assert not_printed not in everything


def test_no_figure_prints_as_hashes(texts: list[str]) -> None:
    """A number too wide for its column prints as ### in Excel and LibreOffice alike."""
    for number, text in enumerate(texts, start=1):
        assert "##" not in text, f"page {number}: {[line for line in text.splitlines() if '##' in line]}"


def test_no_text_below_8_points_at_the_printed_scale(pages: list[Any]) -> None:
    for number, page in enumerate(pages, start=1):
        small = [c["text"] for c in page.chars if c["size"] < SMALLEST_POINTS - 0.05 and c["text"].strip()]
        assert not small, f"page {number}: {''.join(small)[:80]}"


def test_printed_in_the_metric_compatible_fonts(pages: list[Any]) -> None:
    """Arial prints as Liberation Sans and Calibri as Carlito (same widths), not a wider fallback font.

    tools/install-system-packages.sh installs them; without them every column is wider and the pages shrink.
    """
    fonts = {c["fontname"].split("+")[-1].split("-")[0] for page in pages for c in page.chars}
    assert fonts <= {"LiberationSans", "Carlito"}, fonts


def _overlap(a: dict[str, float], b: dict[str, float]) -> float:
    width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return min(width, height)


def test_no_two_pieces_of_text_overlap(pages: list[Any]) -> None:
    """Word boxes may touch (a line's descenders meet the next line's ascenders) but never cross by a point."""
    for number, page in enumerate(pages, start=1):
        words = sorted(page.extract_words(use_text_flow=False, keep_blank_chars=False), key=lambda w: w["x0"])
        for i, word in enumerate(words):
            for other in words[i + 1 :]:
                if other["x0"] >= word["x1"]:
                    break
                assert _overlap(word, other) < 1.0, f"page {number}: {word['text']!r} over {other['text']!r}"


def test_each_measure_page_has_headline_table_why_and_both_commentaries(texts: list[str], catalogue: Catalogue) -> None:
    eet = texts[measure_page(texts, "13a", "Care leavers aged 19 to 21 in education, employment or training")]
    # The published June 2020 figure is 54.3% against a 65.0% target (Bradford's pack, seed 000): Red,
    # and up from 53.8% in May (the Data sheet), which for a higher-is-better measure is improving.
    assert "54.3% in June 2020 against a target of 65.0%: Red, improving since May 2020." in eet
    assert "Why is this important?" in eet
    assert "Jun-19 Jul-19 Aug-19" in eet and "May-20 Jun-20" in eet
    assert "What the figures say (drafted from the data)" in eet and "What are we doing about it?" in eet
    cp = texts[measure_page(texts, "3a", "Rate of children subject to a child protection plan (per 10,000 children)")]
    # The chart's axis labels ("30.0") sit level with the officer's lines and come between them in the page's text.
    words = [word for word in cp.split() if not re.fullmatch(r"\d+\.0", word)]
    assert " ".join(OFFICER_TEXT.split()) in " ".join(words)


def test_the_chart_takes_at_least_40_percent_of_the_printable_area(
    pages: list[Any], texts: list[str], example_report: Report
) -> None:
    """Chart size from the layout, at the scale LibreOffice printed (measured from the 10 pt "Why is this important?")."""
    printable = (A4_LANDSCAPE[0] - MARGINS[0]) * (A4_LANDSCAPE[1] - MARGINS[1])
    for section in example_report.sections:
        for block in layout_section(section, section_sheet_name(section.section.title)):
            ind = block.item.indicator
            page = pages[measure_page(texts, ind.code, ind.title)]
            heading = f"{ind.code}. {ind.title}"
            (label,) = page.search("Why is this important?", regex=False, return_chars=True)
            scale = label["chars"][0]["size"] / 10
            assert 0.75 < scale <= 1, (heading, scale)
            width, height = block.chart_size()
            area = (width * 0.75 * scale) * (height * 0.75 * scale)
            assert area >= 0.4 * printable, (heading, round(area / printable, 3))


def test_tagged_with_title_and_language(pdf_path: Path, pages: list[Any], texts: list[str]) -> None:
    with pdfplumber.open(pdf_path) as pdf:
        catalog = pdf.doc.catalog
        assert catalog["MarkInfo"]["Marked"] is True
        assert catalog["Lang"] == b"en-GB"
        assert pdf.metadata["Title"] == "Vital Signs report — June 2020 data"


def _figures(nodes: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for node in nodes:
        if node["type"] == "Figure":
            yield node
        yield from _figures(node.get("children", []))


def test_each_chart_is_a_figure_with_its_alt_text(
    pages: list[Any], texts: list[str], catalogue: Catalogue, example_extracts: Extracts
) -> None:
    """The same words as the workbook's chart description, on the page of that measure's chart."""
    settings = load_settings(EXAMPLES)  # the council and its neighbours, for the averages the pack computes
    assert settings.la_code is not None
    comparators = Comparators(settings.la_code, settings.statistical_neighbours)
    suppressed = build_report(catalogue, example_extracts, None, True, comparators)  # as the pack printed here
    for section in suppressed.sections:
        for block in layout_section(section, section_sheet_name(section.section.title)):
            ind = block.item.indicator
            figures = list(_figures(pages[measure_page(texts, ind.code, ind.title)].structure_tree))
            assert [f.get("alt_text") for f in figures] == [alt_text(block)], ind.code
    eet = next(i for i in suppressed.indicators if i.indicator.code == "13a")
    assert alt_text(next(b for _, bs in lay_out(suppressed) for b in bs if b.item is eet)).startswith(
        "Line chart of Care leavers aged 19 to 21 in education, employment or training, June 2019 to June 2020. "
        "Latest figure 54.3%"
    )
