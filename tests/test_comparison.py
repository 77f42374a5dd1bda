"""Rank, quartile band and averages among all councils, worked out by hand on small tables."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import EXAMPLES
from tests.test_workbook import build
from vitalsigns_xl.analysis.comparison import band_of, rank_of, standing
from vitalsigns_xl.catalogue import Catalogue, Polarity
from vitalsigns_xl.commentary import draft_sentences, load_phrases
from vitalsigns_xl.extracts import Extracts
from vitalsigns_xl.formatting import standing_label
from vitalsigns_xl.model import Comparators, IndicatorReport, Report, build_report
from vitalsigns_xl.settings import load_settings

pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported")

# Eight councils; "us" is E1. Regions: North (E1, E2, E3), South (the rest). Neighbours: E2, E4, E9 (no figure).
FIGURES = {"E1": 60.0, "E2": 70.0, "E3": 60.0, "E4": 50.0, "E5": 80.0, "E6": 40.0, "E7": 60.0, "E8": 90.0}
REGIONS = {"E1": "North", "E2": "North", "E3": "North", **{c: "South" for c in ("E4", "E5", "E6", "E7", "E8")}}


def test_higher_is_better_ranks_from_the_top_and_ties_share_the_better_rank() -> None:
    # Better than 60: 90, 80, 70 → rank 4, shared with E3 and E7; the next value down (50) is rank 7.
    assert rank_of(60.0, list(FIGURES.values()), Polarity.HIGHER_IS_BETTER) == 4
    assert rank_of(50.0, list(FIGURES.values()), Polarity.HIGHER_IS_BETTER) == 7
    assert rank_of(90.0, list(FIGURES.values()), Polarity.HIGHER_IS_BETTER) == 1


def test_lower_is_better_ranks_from_the_bottom() -> None:
    # Lower than 60: 50, 40 → rank 3.
    assert rank_of(60.0, list(FIGURES.values()), Polarity.LOWER_IS_BETTER) == 3


@pytest.mark.parametrize(
    ("rank", "councils", "band"),
    [(1, 152, "A"), (38, 152, "A"), (39, 152, "B"), (76, 152, "B"), (77, 152, "C"), (114, 152, "C"), (115, 152, "D"),
     (152, 152, "D"), (41, 152, "B"), (58, 152, "B"), (1, 2, "B")],
)  # fmt: skip
def test_quartile_bands_split_the_ranks_into_four(rank: int, councils: int, band: str) -> None:
    # ceil(4 x 38 / 152) = 1 (A); ceil(4 x 39 / 152) = ceil(1.03) = 2 (B); ceil(4 x 115 / 152) = ceil(3.03) = 4 (D).
    assert band_of(rank, councils) == band


def test_standing_computes_every_average() -> None:
    result = standing("2018/19", FIGURES, "E1", ["E2", "E4", "E9"], REGIONS, Polarity.HIGHER_IS_BETTER)
    assert result is not None
    assert (result.value, result.rank, result.councils, result.band) == (60.0, 4, 8, "B")  # ceil(4 x 4 / 8) = 2
    assert result.england == pytest.approx(510 / 8)  # 60+70+60+50+80+40+60+90 = 510
    assert result.region == pytest.approx(190 / 3)  # North: 60+70+60
    assert result.statistical_neighbours == pytest.approx(60.0) and result.neighbours_with_figures == 2  # (70+50)/2
    assert result.label == "2018/19"


def test_a_neutral_measure_gets_averages_but_no_rank() -> None:
    result = standing("2018/19", FIGURES, "E1", ["E2"], REGIONS, Polarity.NEUTRAL)
    assert result is not None and result.rank is None and result.band is None and result.england == pytest.approx(63.75)


def test_a_council_without_a_figure_gets_averages_but_no_rank() -> None:
    result = standing("2018/19", FIGURES, "E99", ["E2"], REGIONS, Polarity.HIGHER_IS_BETTER)
    assert result is not None and result.value is None and result.rank is None and result.region is None


def test_no_figures_no_standing() -> None:
    assert standing("2018/19", {}, "E1", [], {}, Polarity.HIGHER_IS_BETTER) is None


# ---------------------------------------------------------------- in the example pack
#
# examples/councils_2018-19.csv holds made-up 2018/19 figures for 152 councils, made so that the
# means equal the averages the example used to type by hand (assessments: England 82.7%, SN 83.1%).


@pytest.fixture(scope="module")
def assessments(example_report: Report) -> IndicatorReport:
    return next(i for i in example_report.indicators if i.indicator.id == "assessments_45wd")


def _sample() -> list[dict[str, str]]:
    with (EXAMPLES / "councils_2018-19.csv").open(encoding="utf-8", newline="") as f:
        return [row for row in csv.DictReader(f) if row["indicator"] == "assessments_45wd"]


def test_the_example_standing_is_worked_out_from_the_sample_file(assessments: IndicatorReport) -> None:
    rows = _sample()
    ours = next(float(r["value"]) for r in rows if r["la_code"] == "E08000032")
    # Independently: count the councils with a strictly higher percentage (higher is better) in the file itself.
    better = sum(float(r["value"]) > ours for r in rows)
    # The region: the councils sharing Bradford's region code (Yorkshire and The Humber, E12000003), in the file itself.
    yorkshire = [float(r["value"]) for r in rows if r["region_code"] == "E12000003"]
    found = assessments.standing
    assert found is not None
    assert (found.value, found.rank, found.councils) == (58.8, better + 1, 152)
    assert found.band == "ABCD"[-(-4 * found.rank // 152) - 1]
    assert found.england == pytest.approx(82.7) and found.statistical_neighbours == pytest.approx(83.1)
    assert len(yorkshire) == 15 and found.region == pytest.approx(sum(yorkshire) / len(yorkshire))
    region = assessments.benchmark("region")
    assert region is not None and region.value == pytest.approx(found.region) and region.label == "2018/19"


def test_computed_averages_replace_typed_ones_and_typed_ones_stay_elsewhere(example_report: Report) -> None:
    by_id = {i.indicator.id: i for i in example_report.indicators}
    sn = by_id["cic_three_placements"].benchmark("statistical_neighbours")
    assert sn is not None and sn.value == 8.9  # as printed in the Bradford report, no council file for it
    assert by_id["cic_three_placements"].standing is None
    cp = by_id["cp_rate"]
    assert cp.standing is not None and cp.standing.rank is None  # neutral: averages, no rank


def test_the_drafted_words_give_rank_and_band(assessments: IndicatorReport) -> None:
    found = assessments.standing
    assert found is not None and found.rank is not None
    assert (
        f"Its published figure for 2018/19 ranked {found.rank} of the 152 councils with one (1 is best): "
        f"quartile {found.band}, where A is the best quarter and D the worst."
    ) in draft_sentences(assessments, load_phrases())


def test_standing_labels_read_as_lait_printed_them(assessments: IndicatorReport, example_report: Report) -> None:
    found = assessments.standing
    assert found is not None
    assert standing_label(found) == f"Quartile {found.band}, rank {found.rank} of 152, 2018/19"
    cp = next(i for i in example_report.indicators if i.indicator.id == "cp_rate")
    assert standing_label(cp.standing) == "Not ranked (neither higher nor lower is better), 2018/19"
    assert standing_label(None) == ""


def test_the_pack_shows_the_standing_and_the_region_on_the_page_the_summary_and_the_chart(
    tmp_path_factory: pytest.TempPathFactory,
    example_report: Report,
    catalogue: Catalogue,
    example_extracts: Extracts,
    assessments: IndicatorReport,
) -> None:
    path = build(tmp_path_factory.mktemp("cmp") / "VitalSigns_2020-06.xlsx", example_report, catalogue, example_extracts)
    label = standing_label(assessments.standing)
    book = openpyxl.load_workbook(path)
    summary = book["Summary"]
    header = [c.value for c in summary[4]]
    row = next(r for r in summary.iter_rows(min_row=5, values_only=True) if r[header.index("Code")] == assessments.indicator.code)
    assert row[header.index("Among all councils")] == label
    page = [c for r in book["Timeliness"].iter_rows(values_only=True) for c in r if isinstance(c, str)]
    assert any(c.startswith("80.4% in June 2020") and c.endswith(f". Among all English councils: {label}.") for c in page)
    assert "Region" in page  # the regional average's row in the 13-month table
    with zipfile.ZipFile(path) as z:
        charts = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart"))
    assert '<a:prstDash val="sysDash"/>' in charts or '<a:prstDash val="lgDash"/>' in charts  # England's line


def test_a_line_chart_draws_the_regional_average(tmp_path: Path, catalogue: Catalogue, example_extracts: Extracts) -> None:
    """The example's four measures with published figures have XmR charts, which draw no benchmarks; without SPC
    the line chart draws the region as a dash-dot line beside the England and SN lines."""
    entries = catalogue.model_dump()
    entries["indicators"] = [dict(i, spc=False) if i["id"] == "assessments_45wd" else i for i in entries["indicators"]]
    plain = Catalogue.model_validate(entries)
    settings = load_settings(EXAMPLES)
    assert settings.la_code is not None
    report = build_report(plain, example_extracts, None, False, Comparators(settings.la_code, settings.statistical_neighbours))
    path = build(tmp_path / "VitalSigns_2020-06.xlsx", report, plain, example_extracts)
    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    (chart,) = [c for c in charts if "7. Single assessments completed within 45 working days" in c]
    assert '<a:prstDash val="dashDot"/>' in chart and "Timeliness!$A$" in chart  # the Region row of its table
