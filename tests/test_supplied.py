"""Nothing an officer supplied disappears: a target without a RAG rule is shown and stated, and
whatever the pack does not use is listed by ``validate`` with its file and row."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.test_cli import vitalsigns
from vitalsigns_xl.commentary import draft_sentences, load_phrases
from vitalsigns_xl.jobs.build import build
from vitalsigns_xl.jobs.inputs import load_inputs

pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported")


def _append(path: Path, *lines: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write("".join(f"{line}\n" for line in lines))


def test_a_target_for_a_measure_without_a_rag_rule_is_shown_and_stated(extracts_copy: Path, tmp_path: Path) -> None:
    # The rate of children in care (4b) is neutral, with no RAG rule; another council's report gives it a target of 66.
    _append(extracts_copy / "targets.csv", "cic_rate,66,2019-04")
    item = next(i for i in load_inputs(extracts_copy, None, None).report.indicators if i.indicator.id == "cic_rate")
    # 1,288 children in care per 140,680 children aged 0-17, times 10,000 = 91.555..., shown 91.6; 91.555 - 66 = 25.555 → 25.6
    assert item.latest == pytest.approx(91.555, abs=0.001) and item.target == 66.0 and item.rag is None
    sentences = draft_sentences(item, load_phrases())
    assert "The council's target is 66.0; this is 25.6 above it." in sentences

    out = tmp_path / "VitalSigns.xlsx"
    build(extracts_copy, out)
    book, cached = openpyxl.load_workbook(out), openpyxl.load_workbook(out, data_only=True)
    summary = cached["Summary"]
    row = next(r for r in range(5, summary.max_row + 1) if summary.cell(r, 1).value == "4b")
    assert summary.cell(4, 7).value == "Target" and summary.cell(row, 7).value == 66.0
    page = book["Demand"]
    top = next(c.row for c in page["A"] if c.value == "4b. Rate of children in care (per 10,000 children)")
    assert page.cell(top + 1, 1).value.startswith("91.6 in June 2020 against a target of 66.0: not rated")
    assert page.cell(top + 3, 15).value == "Target" and page.cell(top + 4, 15).value == 66.0
    drafted = " ".join(str(c.value) for r in page.iter_rows(min_row=top, max_row=top + 40) for c in r if c.value)
    assert "The council's target is 66.0; this is 25.6 above it." in drafted

    summary = subprocess.run(
        [sys.executable, "-m", "vitalsigns_xl.cli", "summary", str(extracts_copy)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"COLUMNS": "80", "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"},
    )
    line = next(line for line in summary.stdout.splitlines() if line.startswith("4b "))  # at 80 columns, as a terminal
    assert line.split()[-5:] == ["91.6", "+2.3", "66.0", "–", "Up"]  # latest, change, target, no RAG, direction


def test_validate_lists_what_the_pack_does_not_use(extracts_copy: Path) -> None:
    # targets.csv has 22 rows after its header (rows 2-23); these are rows 24-27
    _append(
        extracts_copy / "targets.csv",
        "cic_rate,60,2017-01",  # replaced by the next one before July 2018, where 4b's 24-month SPC chart starts
        "cic_rate,61,2018-01",  # in force from July 2018 to March 2019: on the SPC chart, so used
        "cic_rate,70,2020-09",  # after June 2020, the report month
        "cic_uasc,3,2019-04",  # a library measure the Bradford report does not pick
    )
    # benchmarks.csv has 5 rows after its header (rows 2-6); these are rows 7-10
    _append(
        extracts_copy / "benchmarks.csv",
        "care_leavers_eet,england,2016/17,50.0",  # replaced by 2018/19's 52.0 before June 2019, the table's first month
        "care_leavers_eet,england,2021/22,55.0",
        "cic_rate,england,2018/19,60.0",  # councils_2018-19.csv gives every council's 2018/19 figure: its mean is used
        "cic_uasc,england,2018/19,5",
    )
    # councils_2018-19.csv has 608 rows after its header; this is row 610
    _append(extracts_copy / "councils_2018-19.csv", "cp_rate,2021/22,E99000001,Sample council 001,E12000001,North East,61.1")
    result = vitalsigns("validate", str(extracts_copy))
    assert result.returncode == 0, result.stderr
    warnings = result.stdout.splitlines()[1:]
    assert warnings == [  # every figure of the examples' own files is used: the Bradford report shows every measure in them
        "Warning: targets.csv row 27: the row of cic_uasc, a library measure this report does not show, is not used.",
        "Warning: benchmarks.csv row 10: the row of cic_uasc, a library measure this report does not show, is not used.",
        "Warning: targets.csv row 24: the target of 60 for cic_rate from January 2017 is not used: the target from "
        "January 2018 replaced it before July 2018, the first month the report shows.",
        "Warning: targets.csv row 26: the target of 70 for cic_rate from September 2020 is not used: it starts after "
        "June 2020, the month of the report.",
        "Warning: benchmarks.csv row 7: the England figure of 50 for care_leavers_eet (2016/17) is not used: the figure "
        "for 2018/19 replaced it before June 2019, the first month the report shows.",
        "Warning: benchmarks.csv row 8: the England figure of 55 for care_leavers_eet (2021/22) is not used: it starts "
        "after June 2020, the month of the report.",
        "Warning: benchmarks.csv row 9: the England figure of 60 for cic_rate (2018/19) is not used: the average of every "
        "council's published figures for that year takes its place.",
        "Warning: councils_2018-19.csv row 610: the councils' published figures for cp_rate (2021/22) are not used: they "
        "are for a period after June 2020, the month of the report.",
    ]
