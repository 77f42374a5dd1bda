"""A benchmark is compared with the council's figure only where both are counted the same way.

A benchmark row may name its ``basis`` ("19-21 year olds"), and the catalogue names the sources
that share a measure's definition (``comparable_benchmarks``). Any other benchmark is shown,
marked with its basis, and never compared: not in the drafted words, the headline, the Summary
or the email. The decision is taken once, in the model (``is_comparable``); these tests check
that decision and then look for its effects in a board pack as the board receives it.
"""

from __future__ import annotations

import email
import re
import shutil
from email import policy
from pathlib import Path
from typing import Any

import openpyxl
import pdfplumber
import pytest
from pydantic import ValidationError

from tests.conftest import EXAMPLES
from vitalsigns_xl.analysis.judgements import Comparison
from vitalsigns_xl.analysis.periods import Month, window
from vitalsigns_xl.catalogue import Catalogue, Indicator
from vitalsigns_xl.commentary import draft_sentences, load_phrases
from vitalsigns_xl.extracts import read_extracts
from vitalsigns_xl.jobs.board_pack import board_pack
from vitalsigns_xl.jobs.email import write_outbox
from vitalsigns_xl.libreoffice import soffice
from vitalsigns_xl.model import Comparators, IndicatorReport, Report, Stepped, build_indicator, build_report, is_comparable
from vitalsigns_xl.settings import load_settings

JUNE = Month(2020, 6)
PHRASES = load_phrases()
YEAR_2018_19 = (Month(2019, 3),)  # a financial-year benchmark stands from the March that ends it
# Any sentence that sets the council's figure against a benchmark, in the words commentary.yaml uses.
COMPARATIVE = re.compile(
    r"(better|worse|higher|lower) than the (England|statistical neighbour|regional) average"
    r"|in line with the (England|statistical neighbour|regional) average",
    re.IGNORECASE,
)


def indicator(**changes: Any) -> Indicator:
    fields: dict[str, Any] = dict(
        id="eet",
        code="13a",
        section="effectiveness",
        title="Care leavers in EET",
        unit="percent",
        polarity="higher_is_better",
        rag={"tolerance": 5},
        why="Why.",
        definition="Definition.",
        owner="Owner.",
        source="Source.",
    )
    return Indicator.model_validate(fields | changes)


def measure(ind: Indicator, benchmarks: dict[str, Stepped], target: float | None = 65.0) -> IndicatorReport:
    """54.3% in June 2020 after 53.8% in May: the example's care leavers in EET."""
    months = window(JUNE, 2)
    series = {"": dict(zip(months, (53.8, 54.3), strict=True))}
    targets = Stepped((Month(2000, 1),), (target,), ("",)) if target is not None else None
    return build_indicator(ind, JUNE, series, {}, {}, targets, benchmarks)


def with_basis(path: Path, bases: dict[str, str]) -> None:
    """Add a basis column to a CSV extract: each indicator's basis as given, blank for the others."""
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [lines[0] + ",basis"] + [f"{line},{bases.get(line.split(',')[0], '')}" for line in lines[1:]]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


# ------------------------------------------------------------------------------ the decision


def test_a_benchmark_is_comparable_unless_its_row_or_the_catalogue_says_otherwise() -> None:
    every_source = indicator()
    assert all(is_comparable(every_source, kind, "") for kind in ("statistical_neighbours", "england", "region"))
    assert not is_comparable(every_source, "england", "19-21 year olds")  # the row names another basis
    neighbours_only = indicator(comparable_benchmarks=["statistical_neighbours"])
    assert is_comparable(neighbours_only, "statistical_neighbours", "")
    assert not is_comparable(neighbours_only, "england", "")  # the catalogue leaves England out
    assert not is_comparable(neighbours_only, "region", "")
    assert not is_comparable(neighbours_only, "statistical_neighbours", "FTE")  # a listed source, a row on another basis
    assert not is_comparable(indicator(comparable_benchmarks=[]), "statistical_neighbours", "")  # no source shares it


def test_the_catalogue_names_only_known_sources() -> None:
    with pytest.raises(ValidationError, match="comparable_benchmarks"):
        indicator(comparable_benchmarks=["national"])


def test_a_marked_benchmark_is_shown_with_its_basis_and_never_compared() -> None:
    england = Stepped(YEAR_2018_19, (52.0,), ("2018/19",), ("19-21 year olds",))
    neighbours = Stepped(YEAR_2018_19, (50.9,), ("2018/19",), ("",))
    item = measure(indicator(), {"england": england, "statistical_neighbours": neighbours})
    marked, compared = item.benchmark("england"), item.benchmark("statistical_neighbours")
    assert marked is not None and compared is not None
    assert (marked.value, marked.comparable, marked.comparison) == (52.0, False, None)
    assert marked.marked_name == "England: 19-21 year olds"
    assert marked.values[-1] == 52.0  # still drawn on the chart
    assert (compared.comparable, compared.comparison, compared.marked_name) == (True, Comparison.BETTER, "SN average")
    assert item.not_compared == (marked,)
    assert item.benchmark_note == (
        "On another basis than this measure, so shown but never compared: England (2018/19): 19-21 year olds."
    )


def test_a_source_the_catalogue_leaves_out_is_marked_without_a_basis_of_its_own() -> None:
    ind = indicator(comparable_benchmarks=["statistical_neighbours"])
    item = measure(ind, {"england": Stepped(YEAR_2018_19, (52.0,), ("2018/19",))})
    england = item.benchmark("england")
    assert england is not None and england.comparison is None
    assert england.marked_name == "England: another basis"


def test_the_basis_in_force_at_the_report_month_decides() -> None:
    """2017/18's figure was on another basis, 2018/19's is on the measure's: June 2020 compares with 2018/19's."""
    england = Stepped((Month(2018, 3), Month(2019, 3)), (40.0, 52.0), ("2017/18", "2018/19"), ("16-21 year olds", ""))
    item = measure(indicator(), {"england": england})
    view = item.benchmark("england")
    assert view is not None and (view.label, view.comparable, view.comparison) == ("2018/19", True, Comparison.BETTER)
    earlier = build_indicator(indicator(), Month(2019, 1), {"": {Month(2019, 1): 45.0}}, {}, {}, None, {"england": england})
    view = earlier.benchmark("england")
    assert view is not None and (view.label, view.comparable, view.comparison) == ("2017/18", False, None)


def test_rag_and_direction_are_the_same_with_or_without_a_marked_benchmark() -> None:
    """RAG is against the target and direction against last month; a benchmark on another basis changes neither."""
    plain = measure(indicator(), {})
    marked = measure(indicator(), {"england": Stepped(YEAR_2018_19, (60.0,), ("2018/19",), ("19-21 year olds",))})
    assert (marked.rag, marked.direction) == (plain.rag, plain.direction)
    assert marked.rag is not None and marked.rag.value == "Red"  # 54.3 is 10.7 short of 65, beyond the 5 tolerance


def test_drafted_words_compare_only_with_a_comparable_benchmark() -> None:
    """The SN average is marked, so the words turn to England's; with both marked there is no comparison at all."""
    neighbours = Stepped(YEAR_2018_19, (50.9,), ("2018/19",), ("FTE",))
    england = Stepped(YEAR_2018_19, (52.0,), ("2018/19",), ("",))
    words = " ".join(draft_sentences(measure(indicator(), {"statistical_neighbours": neighbours, "england": england}), PHRASES))
    assert "It is better than the England average of 52.0% (2018/19)." in words
    assert "50.9" not in words
    marked = Stepped(YEAR_2018_19, (52.0,), ("2018/19",), ("19-21 year olds",))
    words = " ".join(draft_sentences(measure(indicator(), {"statistical_neighbours": neighbours, "england": marked}), PHRASES))
    assert not COMPARATIVE.search(words) and "52.0" not in words and "50.9" not in words


# ------------------------------------------------------------------------------ the extracts


def test_the_basis_column_is_read_from_benchmarks_and_councils(tmp_path: Path, catalogue: Catalogue) -> None:
    folder = tmp_path / "extracts"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("*.md", "Annex_A*", "corporate_parenting"))
    with_basis(folder / "benchmarks.csv", {"care_leavers_eet": "=19-21 year olds"})
    with_basis(folder / "councils_2018-19.csv", {"assessments_45wd": "from referral"})
    extracts = read_extracts(folder, catalogue)
    bases = dict(zip(extracts.benchmarks["indicator"], extracts.benchmarks["basis"], strict=True))
    assert bases["care_leavers_eet"] == "=19-21 year olds"  # text as typed, never a formula
    assert bases["cp_repeat_plans"] == ""
    settings = load_settings(folder)
    assert settings.la_code is not None
    report = build_report(catalogue, extracts, comparators=Comparators(settings.la_code, settings.statistical_neighbours))
    by_id = {item.indicator.id: item for item in report.indicators}
    assessments = by_id["assessments_45wd"]
    # Every average computed from the councils' figures of a year is on that year's basis.
    assert [(b.kind, b.comparable, b.basis) for b in assessments.benchmarks] == [
        ("statistical_neighbours", False, "from referral"),
        ("england", False, "from referral"),
        ("region", False, "from referral"),
    ]
    assert assessments.standing is not None and assessments.standing.rank == 151  # published against published: still ranked
    assert [b.comparable for b in by_id["icpc_15wd"].benchmarks] == [True, True, True]


# ------------------------------------------------------------------------------ the board pack


@pytest.fixture(scope="module")
def marked_pack(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path | None, Path]:
    """The June 2020 example with both care leavers' England figures and the repeat plans SN average on another basis.

    The example's drafted words compare June's 54.3% and 90.1% with the England 52.0% and 85.0%,
    and 14.9% with the SN 20.0% (see test_the_example_compares_these_benchmarks_when_unmarked).
    """
    folder = tmp_path_factory.mktemp("marked") / "extracts"
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns("*.md"))
    bases = {
        "care_leavers_eet": "19–21 year olds",
        "care_leavers_suitable_accommodation": "19–21 year olds",
        "cp_repeat_plans": "at 31 March",
    }
    with_basis(folder / "benchmarks.csv", bases)
    out = folder.parent / "board"
    made = board_pack(folder, out, pdf=soffice() is not None)
    recipients = folder.parent / "board.csv"
    recipients.write_text("name,email\nChair,chair@board.example\n", encoding="utf-8")
    written, _ = write_outbox(made.path, recipients, "performance@council.example", folder.parent / "outbox")
    return made.path, made.pdf, written[0]


def _cells(path: Path) -> dict[str, list[str]]:
    book = openpyxl.load_workbook(path)
    return {
        sheet.title: [str(c.value) for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
        for sheet in book.worksheets
    }


def test_the_example_compares_these_benchmarks_when_unmarked(example_report: Report) -> None:
    """The control: without a basis the same figures are compared, and the pattern finds those sentences."""
    words = {
        item.indicator.id: " ".join(draft_sentences(item, PHRASES))
        for item in example_report.indicators
        if item.indicator.id in ("care_leavers_eet", "care_leavers_suitable_accommodation", "cp_repeat_plans")
    }
    assert "It is better than the England average of 52.0% (2018/19)." in words["care_leavers_eet"]
    assert "It is better than the England average of 85.0% (2018/19)." in words["care_leavers_suitable_accommodation"]
    assert (
        "It is lower than the statistical neighbour average of 20.0% (2018/19)." in words["cp_repeat_plans"]
    )  # banded: no better or worse
    assert all(COMPARATIVE.search(text) for text in words.values())


def test_no_words_in_the_pack_or_the_email_compare_with_a_marked_benchmark(
    marked_pack: tuple[Path, Path | None, Path],
) -> None:
    pack, _, message_file = marked_pack
    cells = _cells(pack)
    message = email.message_from_bytes(message_file.read_bytes(), policy=policy.default)
    body = message.get_body(("plain",)).get_content()
    texts = [text for sheet in cells.values() for text in sheet] + [body]
    comparisons = [m.group(0) for text in texts for m in COMPARATIVE.finditer(text)]
    # The cp_rate and cic_rate words compare with their SN averages, which stay on the measure's basis;
    # nothing compares with England (both England figures shown are marked) or with the repeat plans' SN.
    assert comparisons and all("statistical neighbour" in c for c in comparisons)
    joined = "\n".join(texts)
    for figure in ("52.0%", "85.0%", "20.0%"):
        assert not re.search(rf"(than|with) the [a-z ]+ average of {re.escape(figure)}", joined)
    assert "England average" not in joined
    assert "June 2020" in body  # the body read is the pack's email


def test_the_marks_are_on_the_page_the_summary_and_the_definitions(marked_pack: tuple[Path, Path | None, Path]) -> None:
    book = openpyxl.load_workbook(marked_pack[0])
    page = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "England: 19–21 year olds" in page  # the table row the chart's legend names
    assert "England 2018/19: 19–21 year olds" in page  # the heading over the figure beside the RAG
    summary = book["Summary"]
    header = [c.value for c in next(summary.iter_rows(min_row=4, max_row=4))]
    column = header.index("Benchmarks on another basis, not compared")
    sn = header.index("SN average")
    rows = {row[1].value: row for row in summary.iter_rows(min_row=5) if row[1].value}
    eet = next(row for title, row in rows.items() if "education, employment or training" in title)
    repeat = next(row for title, row in rows.items() if "second or subsequent" in title)
    assert eet[column].value == "England: 19–21 year olds"
    assert repeat[column].value == "SN average: at 31 March"
    assert repeat[sn].value == pytest.approx(0.20) and repeat[sn].number_format.endswith('"*"')
    assert not any(row[column].value for title, row in rows.items() if "child protection plan (per" in title)
    definitions = book["Definitions"]
    notes = [str(c.value) for row in definitions.iter_rows() for c in row if c.value and "never compared" in str(c.value)]
    # under the measure's basis, in the printed Basis column
    assert any(
        n.endswith("\nOn another basis than this measure, so shown but never compared: England (2018/19): 19–21 year olds.")
        for n in notes
    )
    assert len(notes) == 3


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_the_printed_chart_legend_names_the_basis(marked_pack: tuple[Path, Path | None, Path]) -> None:
    """LibreOffice's print of the pack: the legend of the care leavers' chart says what the England line counts."""
    pdf = marked_pack[1]
    assert pdf is not None
    with pdfplumber.open(pdf) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    flat = " ".join(text.split())
    assert flat.count("Target England: 19–21 year olds") == 2  # the legend of each care leavers' chart
    assert flat.count("Percentage SN average: at 31 March") == 1  # and of the repeat plans' chart (a band, drawn unnamed)
