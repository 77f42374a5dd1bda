"""`vitalsigns spc` as an officer runs it: a real process on a CSV file, as a table and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.test_cli import vitalsigns
from tests.test_spc import RNORM_20, WITH_OUTLIER
from vitalsigns_xl.analysis.spc import analyse
from vitalsigns_xl.jobs.spc import SeriesFileError, as_json, read_series


def write(tmp_path: Path, text: str, name: str = "series.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def monthly(values: list[float]) -> str:
    """period,value rows from January 2019, one a month."""
    months = [f"{2019 + i // 12}-{i % 12 + 1:02d}" for i in range(len(values))]
    return "period,value\n" + "".join(f"{m},{v}\n" for m, v in zip(months, values, strict=True))


def test_json_matches_the_reference_with_one_extreme_point(tmp_path: Path) -> None:
    # NHSRplotthedots snapshot (see tests/test_spc.py): screened limits -2.383666 to 3.722497, the 10 above them.
    result = vitalsigns("spc", str(write(tmp_path, monthly(WITH_OUTLIER))), "--json", "--target", "5")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"points", "variation", "assurance"}
    assert len(data["points"]) == 20
    outlier = data["points"][14]
    assert outlier["period"] == "2020-03" and outlier["value"] == 10.0
    assert (round(outlier["lpl"], 6), round(outlier["upl"], 6)) == (-2.383666, 3.722497)
    assert (outlier["special_cause"], outlier["rules"], outlier["type"]) == (True, ["outside_limits"], "improvement")
    assert data["variation"] == "common_cause"
    assert data["assurance"] == "fail"  # a target of 5 above the upper limit of an increasing measure
    unscreened = json.loads(vitalsigns("spc", str(write(tmp_path, monthly(WITH_OUTLIER))), "--json", "--no-screen").stdout)
    assert round(unscreened["points"][0]["upl"], 6) == 5.935457 and unscreened["assurance"] is None


def test_one_column_of_values_and_the_options(tmp_path: Path) -> None:
    path = write(tmp_path, "\n".join(str(v) for v in [10, 12] * 6 + [5]) + "\n")
    data = json.loads(vitalsigns("spc", str(path), "--json", "--improvement", "decrease", "--fix-after", "12").stdout)
    latest = data["points"][-1]
    assert latest["period"] is None and latest["mean"] == 11.0 and latest["type"] == "improvement"
    assert data["variation"] == "special_cause_improvement"
    table = vitalsigns("spc", str(path), "--improvement", "decrease", "--fix-after", "12")
    assert table.returncode == 0, table.stderr
    assert "Variation: ▼ Special cause: improvement (low)" in table.stdout
    assert "outside_limits" in table.stdout and "16.32" in table.stdout  # the fixed upper limit, 11 + 2.66 × 2


def test_rebase_by_month(tmp_path: Path) -> None:
    # As NHSRplotthedots' summary snapshot with two facets of 10 points: the second has mean 0.209, limits -3.28 to 3.70.
    path = write(tmp_path, monthly(RNORM_20))
    data = json.loads(vitalsigns("spc", str(path), "--json", "--rebase", "2019-11").stdout)
    assert round(data["points"][-1]["mean"], 3) == 0.209 and round(data["points"][-1]["upl"], 2) == 3.70
    assert data["provisional"] is True
    outside = vitalsigns("spc", str(path), "--rebase", "2021-01")
    assert outside.returncode == 1 and "a rebase month must come after the first month" in outside.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("period,value\n2019-01,1\n2019-02,x\n", "series.csv, row 3, column 'value': expected a number, found 'x'"),
        ("period,value\n2019-02,1\n2019-01,2\n", "row 3, column 'period': 2019-01 does not come after 2019-02"),
        ("period,value\nJune 2019,1\n", "row 2, column 'period': expected a month as YYYY-MM"),
        ("a,b,c\n1,2,3\n", "expected two columns (period,value) or one column of values"),
        ("", "holds no values"),
    ],
)
def test_bad_files_are_refused_naming_row_and_column(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SeriesFileError) as refused:
        read_series(write(tmp_path, text))
    assert message in str(refused.value)


def test_the_command_reports_a_bad_file_and_fails(tmp_path: Path) -> None:
    result = vitalsigns("spc", str(write(tmp_path, "period,value\n2019-01,1\n2019-02,x\n2019-03,\n2019-03,4\n")))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "2 problems in the series file:",
        "  series.csv, row 3, column 'value': expected a number, found 'x'",
        "  series.csv, row 5, column 'period': 2019-03 does not come after 2019-03: list months oldest first, once each",
    ]


def test_a_month_left_out_is_a_gap(tmp_path: Path) -> None:
    series = read_series(write(tmp_path, "2019-01,1\n2019-02,2\n2019-04,4\n2019-05,5\n"))
    data = as_json(series, analyse(series.values))
    assert [p["period"] for p in data["points"]] == ["2019-01", "2019-02", "2019-03", "2019-04", "2019-05"]
    assert data["points"][2]["value"] is None
    assert data["points"][0]["mean"] == 3.0  # (1 + 2 + 4 + 5) / 4, by hand
