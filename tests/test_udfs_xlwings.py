"""The Excel functions as xlwings itself registers and calls them, not just as Python.

On Windows ``xw.func`` is ``xlwings.udfs.xlfunc``, which turns each function's signature and
annotations into argument and result converters; Excel's calls then arrive through
``xlwings.udfs.call_udf``, which reads every argument through ``xlwings.conversion.read`` and
the result back through ``xlwings.conversion.write``. ``xlwings.udfs`` imports three
Windows-only modules (pythoncom, pywintypes, win32com); stand-ins for them are put on
``sys.path`` so the real module loads here. The value cleaning of xlwings' Excel engine
(empty cells, dates, cell errors) is taken from xlwings' own ``_xlwindows.py`` source, which
cannot be imported on Linux as a whole.

Values are given as Excel hands them over COM: every number a float (``7.0``), a date cell a
``datetime``, an empty cell ``None``, a cell error its integer code, a range a tuple of rows.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy
import openpyxl
import pandas
import pytest
import xlwings
import xlwings.main
from xlwings import conversion

from tests.conftest import EXAMPLES
from tests.test_spc import RNORM_20, WITH_OUTLIER
from vitalsigns_xl import udfs
from vitalsigns_xl.jobs.build import build
from vitalsigns_xl.model import Report

MISSING = -2147352572  # what COM passes for an optional argument left out (call_udf checks for it)
NA_ERROR = -2146826246  # a cell showing #N/A, as COM passes it
STAND_INS = {
    "pythoncom.py": "IID_IDispatch = None\n\ndef CoInitialize():\n    pass\n",
    "pywintypes.py": "import datetime\n\nTimeType = datetime.datetime\n",
    "win32com/__init__.py": "",
    "win32com/client/__init__.py": "def Dispatch(*args, **kwargs):\n    raise RuntimeError('no COM on this machine')\n",
}
ENGINE_PARTS = {"cell_errors", "_com_time_to_datetime", "_clean_value_data_element", "Engine"}
pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported", "ignore:Data Validation")


def _windows_engine() -> Any:
    """xlwings' Excel engine's value cleaning, compiled from its own source file."""
    path = Path(xlwings.__file__).with_name("_xlwindows.py")
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def wanted(node: ast.stmt) -> bool:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            return node.name in ENGINE_PARTS
        return isinstance(node, ast.Assign) and any(getattr(t, "id", None) in ENGINE_PARTS for t in node.targets)

    body = [node for node in tree.body if wanted(node)]
    assert {getattr(n, "name", None) or n.targets[0].id for n in body} == ENGINE_PARTS  # type: ignore[attr-defined]
    namespace: dict[str, Any] = {"dt": dt, "pd": pandas, "np": numpy, "time_types": (dt.date, dt.datetime)}
    exec(compile(ast.Module(body=body, type_ignores=[]), str(path), "exec"), namespace)
    return namespace["Engine"]()


@pytest.fixture(scope="module")
def xlwings_udfs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """``xlwings.udfs`` imported for real, every Vital Signs function registered with its ``xlfunc``."""
    folder = tmp_path_factory.mktemp("windows-stand-ins")
    for name, text in STAND_INS.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    sys.path.insert(0, str(folder))
    engine = xlwings.main.Engine(impl=_windows_engine())
    xlwings.engines.add(engine)
    try:
        module = importlib.import_module("xlwings.udfs")
        for udf in udfs.REGISTRY:
            module.xlfunc(udf.function)
        yield module
    finally:
        xlwings.engines.engines.remove(engine)
        del xlwings.engines.engines_by_name["excel"]
        sys.path.remove(str(folder))
        for name in ("xlwings.udfs", "pythoncom", "pywintypes", "win32com.client", "win32com"):
            sys.modules.pop(name, None)


def excel_cells(name: str, *com_args: Any) -> list[list[Any]]:
    """What ``call_udf`` does for a cell formula (synchronous): the rows of cells Excel shows."""
    function = getattr(udfs, name)  # call_udf finds the function by name in the UDF module
    info = function.__xlfunc__
    args = []
    for i, arg in enumerate(com_args):
        arg_info = info["args"][min(i, len(info["args"]) - 1)]
        args.append(arg_info.get("optional") if arg == MISSING else conversion.read(None, arg, arg_info["options"]))
    result = conversion.write(function(*args), None, info["ret"]["options"])
    assert isinstance(result, list) and all(isinstance(r, list) for r in result), result
    return result


def excel_calls(name: str, *com_args: Any) -> Any:
    """The one value Excel shows for a function that fills one cell."""
    result = excel_cells(name, *com_args)
    assert len(result) == 1 and len(result[0]) == 1, result  # one cell
    value = result[0][0]
    assert isinstance(value, str | int | float) and not isinstance(value, bool), value
    if isinstance(value, str) and value.startswith("#"):
        assert value.startswith("#VALUE! ") and "Traceback" not in value and len(value) < 200, value
    return value


def test_every_function_is_registered_with_converters_xlwings_has(xlwings_udfs: ModuleType) -> None:
    for udf in udfs.REGISTRY:
        info = udf.function.__xlfunc__
        assert info["name"] == udf.name and getattr(udfs, udf.name) is udf.function
        assert [a["name"] for a in info["args"]] == list(udf.function.__wrapped__.__code__.co_varnames)[: len(info["args"])]
        for options in [a["options"] for a in info["args"]] + [info["ret"]["options"]]:
            convert = options.get("convert")
            assert conversion.accessors.get(convert, convert) is conversion.ValueAccessor, (udf.name, convert)


def row(*values: Any) -> tuple[tuple[Any, ...]]:
    return (values,)


def column(*values: Any) -> tuple[tuple[Any, ...], ...]:
    return tuple((v,) for v in values)


MONTHS_12 = tuple(float(v) for v in range(1, 13))  # mean 6.5


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        # RAG against a target: 54.3% against 65% with 5 points' tolerance is Red; 60% is on the Amber edge.
        ("VS_RAG", (0.543, 0.65, "higher_is_better", 0.05), "Red"),
        ("VS_RAG", (0.60, 0.65, "higher", 0.05), "Amber"),
        ("VS_RAG", (0.021, 0.035, "lower_is_better", MISSING), "Green"),
        ("VS_RAG", (12.0, None, "lower", MISSING), ""),  # an empty target cell: nothing to judge against
        ("VS_RAG", (12.0, NA_ERROR, "lower", MISSING), ""),  # a target showing #N/A arrives as no value
        ("VS_RAG", ("lots", 2.0, "higher", MISSING), "#VALUE! value must be a number, not 'lots'"),
        ("VS_RAG", (1.0, 2.0, "sideways", MISSING), "#VALUE! polarity must be one of higher_is_better, lower_is_better, neutral"),
        ("VS_RAG", (True, 2.0, "higher", MISSING), "#VALUE! value must be a number, not True"),
        # RAG against a band (repeat CP plans, 10% to 15% with 2 points' tolerance, on percentage cells):
        # 7.9% is 2.1 points below, Red; 8% exactly 2 below, Amber; 14.9% inside, Green; 15.1% 0.1 above, Amber.
        ("VS_RAG_BAND", (0.079, 0.10, 0.15, 0.02), "Red"),
        ("VS_RAG_BAND", (0.08, 0.10, 0.15, 0.02), "Amber"),
        ("VS_RAG_BAND", (0.149, 0.10, 0.15, 0.02), "Green"),
        ("VS_RAG_BAND", (0.151, 0.10, 0.15, 0.02), "Amber"),
        ("VS_RAG_BAND", (0.18, 0.10, 0.15, MISSING), "Red"),  # no tolerance: outside is red
        ("VS_RAG_BAND", (0.12, None, 0.15, 0.02), ""),  # an empty end: nothing to judge against
        ("VS_RAG_BAND", (None, 0.10, 0.15, 0.02), ""),
        ("VS_RAG_BAND", (0.12, 0.15, 0.10, 0.02), "#VALUE! low (0.15) is above high (0.1); the band runs from low to high"),
        ("VS_RAG_BAND", (0.12, 0.10, 0.15, -1.0), "#VALUE! tolerance must not be negative"),
        ("VS_DIRECTION", (0.149, 0.151, "neutral", 3.0, 0.10, 0.15), "↑ Improving"),  # into the band from above
        ("VS_DIRECTION", (0.021, 0.022, "neutral", 3.0, 0.025, 0.05), "↓ Worsening"),  # further below it
        ("VS_DIRECTION", (0.12, 0.11, "neutral", 3.0, 0.10, 0.15), "Up"),  # within it: neither better nor worse
        ("VS_DIRECTION", (0.543, 0.538, "higher_is_better", 3.0), "↑ Improving"),
        ("VS_DIRECTION", (0.5431, 0.5434, "higher_is_better", 3.0), "→ Stable"),  # both show as 54.3%
        ("VS_DIRECTION", (20.0, 25.0, "lower", MISSING), "↑ Improving"),
        ("VS_DIRECTION", (20.0, None, "lower", MISSING), ""),
        ("VS_DIRECTION", (20.0, 25.0, "lower", "three"), "#VALUE! decimals must be a number, not 'three'"),
        # 412 children in 120,000 aged 0-17: 412 / 120000 * 10000 = 34.333…
        ("VS_RATE_PER_10K", (412.0, 120_000.0), pytest.approx(34.3333333)),
        ("VS_RATE_PER_10K", (5.0, 0.0), "#VALUE! population must be more than 0"),
        ("VS_RATE_PER_10K", (5.0, None), "#VALUE! population must be a number, not None"),
        # 24 Dec 2020 to 4 Jan 2021: Christmas, Boxing Day (moved to the 28th) and New Year out: 4 working days.
        ("VS_WORKING_DAYS", (dt.datetime(2020, 12, 24), dt.datetime(2021, 1, 4)), 4),
        ("VS_WORKING_DAYS", (43983.0, 43985.0), 2),  # serial numbers of 1 and 3 June 2020
        ("VS_WORKING_DAYS", ("soon", dt.datetime(2020, 1, 1)), "#VALUE! start_date must be a date, not 'soon'"),
        ("VS_WORKING_DAYS", (None, dt.datetime(2020, 1, 1)), "#VALUE! start_date must be a date, not None"),
        ("VS_ROLLING12", (row(*MONTHS_12),), 6.5),  # a row of 12 cells arrives as one list
        ("VS_ROLLING12", (column(0.0, *MONTHS_12),), 6.5),  # a column of 13: the last 12 count
        ("VS_ROLLING12", ((MONTHS_12[:6], MONTHS_12[6:]),), 6.5),  # a 2 x 6 block arrives as a list of lists
        ("VS_ROLLING12", (row(*MONTHS_12[:11], None),), "#VALUE! a month in the last 12 has no figure"),
        ("VS_ROLLING12", (row(*MONTHS_12[:11]),), "#VALUE! needs 12 months, the range has 11"),
        ("VS_ROLLING12", (5.0,), "#VALUE! needs 12 months, the range has 1"),
    ],
)
def test_functions_through_xlwings_conversion(xlwings_udfs: ModuleType, name: str, args: tuple[Any, ...], expected: Any) -> None:
    assert excel_calls(name, *args) == expected


@pytest.fixture(scope="module")
def data_table(tmp_path_factory: pytest.TempPathFactory) -> tuple[tuple[Any, ...], ...]:
    """The Data sheet's table as ``ListObjects("DataTable").Range.Value`` hands it over: numbers as floats."""
    path = tmp_path_factory.mktemp("udf-data") / "VitalSigns.xlsx"
    build(EXAMPLES, path)
    sheet = openpyxl.load_workbook(path)["Data"]
    (ref,) = [t.ref for t in sheet.tables.values() if t.name == "DataTable"]
    return tuple(
        tuple(float(v) if isinstance(v, int) else v for v in cells) for cells in sheet.iter_rows(values_only=True, **_bounds(ref))
    )


def _bounds(ref: str) -> dict[str, int]:
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref)
    return {"min_col": min_col, "min_row": min_row, "max_col": max_col, "max_row": max_row}


def test_vs_value_as_excel_calls_it(xlwings_udfs: ModuleType, data_table: Any, example_report: Report) -> None:
    by_code = {item.indicator.code: item for item in example_report.indicators}
    june = dt.datetime(2020, 6, 1)  # "2020-06" typed into a cell: Excel keeps it as a date
    # Measure 7 typed as a number arrives as 7.0; the figure must be the report's own for June 2020.
    assert by_code["7"].latest is not None
    assert excel_calls("VS_VALUE", 7.0, "2020-06", MISSING, data_table) == pytest.approx(by_code["7"].latest)
    assert excel_calls("VS_VALUE", 7.0, june, MISSING, data_table) == pytest.approx(by_code["7"].latest)
    assert excel_calls("VS_VALUE", "13a", june, None, data_table) == 54.3  # the README's figure for 13a in June 2020
    may = by_code["13a"].values[-2]
    assert may is not None
    assert excel_calls("VS_VALUE", "care_leavers_eet", dt.datetime(2020, 5, 31), MISSING, data_table) == pytest.approx(may)
    assert excel_calls("VS_VALUE", "cic_placement_mix", "2020-06", "foster", data_table) == pytest.approx(40.9, abs=0.05)
    assert excel_calls("VS_VALUE", 99.0, "2020-06", MISSING, data_table) == "#VALUE! no figure for 99 in June 2020"
    assert excel_calls("VS_VALUE", "13a", "June", MISSING, data_table) == (
        "#VALUE! expected a month as YYYY-MM (for example 2020-06), found 'June'"
    )
    assert excel_calls("VS_VALUE", "13a", None, MISSING, data_table).startswith("#VALUE! expected a month")
    assert excel_calls("VS_VALUE", "13a", "2020-06", MISSING, None) == "#VALUE! the Data table is empty"


ALTERNATING_LOW = (*(10.0, 12.0) * 6, 3.0)
# By hand: 10, 12 six times and then 3. Mean 135 / 13 = 10.385; moving ranges eleven 2s and a 9, average
# 31 / 12 = 2.583; 9 ≥ 3.267 × 2.583 = 8.44 is screened out, leaving 2, so the limits are 10.385 ± 5.32
# and 3 is below the lower limit of 5.065: a special cause, low.


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # NHSRplotthedots snapshot r1 (test_spc.py): set.seed(123); rnorm(20) is common cause throughout.
        ((column(*RNORM_20),), "● Common cause"),
        ((row(*RNORM_20), "higher_is_better"), "● Common cause"),
        # Its limits are (-3.01, 3.29): a target of 5 above them is failed every month by a rising-is-better
        # measure and passed by a falling one; 0 inside them is hit and miss (NHSRplotthedots' assurance rule).
        ((column(*RNORM_20), "higher", 5.0), "● Common cause; F Fails"),
        ((column(*RNORM_20), "lower", 5.0), "● Common cause; P Passes"),
        ((column(*RNORM_20), "lower", 0.0), "● Common cause; ~ Hit and miss"),
        ((column(*RNORM_20), "neutral", 5.0), "● Common cause"),  # no better way, no assurance
        # Blank cells before and after the figures are the range reaching beyond them; a blank inside is a gap.
        ((column(None, *RNORM_20, None, None),), "● Common cause"),
        ((column(*RNORM_20[:5], None, *RNORM_20[5:]), "higher", 5.0), "● Common cause; F Fails"),
        # Fewer than 12 figures: provisional limits and no assurance, as test_spc.py's 11 points of rnorm(20).
        ((column(*RNORM_20[:11]), "higher", 5.0), "● Common cause (provisional)"),
        # NHSRplotthedots' ptd_seven_point_trend: 1 to 7 after a 2 is a rising trend; 8 points are provisional.
        ((row(2.0, *(float(v) for v in range(1, 8))), "higher"), "▲ Improvement (provisional)"),
        ((row(2.0, *(float(v) for v in range(1, 8))), "lower_is_better"), "▲ Concern (provisional)"),
        ((column(*ALTERNATING_LOW), "lower"), "▼ Improvement"),
        ((row(*ALTERNATING_LOW), "higher"), "▼ Concern"),
        ((column(*ALTERNATING_LOW),), "▼ Special cause"),  # no polarity given: only a change
        ((column(*ALTERNATING_LOW), "neutral"), "▼ Special cause"),
        ((column(*ALTERNATING_LOW), MISSING, MISSING), "▼ Special cause"),
        ((column(*RNORM_20[:3], "c", *RNORM_20[3:]),), "#VALUE! each month must be a number, not 'c'"),
        ((column(*RNORM_20), "sideways"), "#VALUE! polarity must be one of higher_is_better, lower_is_better, neutral"),
        ((column(*RNORM_20), "higher", "ten"), "#VALUE! target must be a number, not 'ten'"),
        ((column(None, None),), "#VALUE! the range has no figures"),
        ((5.0,), "#VALUE! needs two neighbouring months with figures to set the process limits"),
        ((column(5.0, None, 6.0),), "#VALUE! needs two neighbouring months with figures to set the process limits"),
    ],
)
def test_vs_spc_through_xlwings_conversion(xlwings_udfs: ModuleType, args: tuple[Any, ...], expected: str) -> None:
    assert excel_calls("VS_SPC", *args) == expected


def test_vs_spc_on_the_data_sheet_says_what_the_summary_says(
    xlwings_udfs: ModuleType, data_table: Any, example_report: Report
) -> None:
    """Each measure's whole history from the Data sheet, as an officer would select it, gives the Summary's
    Variation and Assurance cells, which the model worked out from the extracts."""
    header = list(data_table[0])
    at = {name: header.index(name) for name in ("Indicator", "Period", "Breakdown", "Value")}
    compared = 0
    for item in example_report.indicators:
        ind, view = item.indicator, item.spc
        if view is None or view.result.variation is None or ind.spc_fix_after or ind.spc_rebase:
            continue
        figures = {
            udfs._period(r[at["Period"]]): r[at["Value"]]
            for r in data_table[1:]
            if r[at["Indicator"]] == ind.id and r[at["Breakdown"]] in (None, "")
        }
        months = sorted(m for m in figures if m <= example_report.period)
        span = [months[0].shift(k) for k in range(view.history_months)]
        assert span[-1] == example_report.period
        history = column(*(figures.get(m) for m in span))  # a month missing from the Data sheet is a blank cell
        target = MISSING if item.target is None else item.target
        expected = summary_cells_text(item)
        assert excel_calls("VS_SPC", history, ind.polarity.value, target) == expected, ind.id
        compared += 1
    assert compared >= 10


def summary_cells_text(item: Any) -> str:
    """The Summary's Variation cell, and its Assurance cell after a semicolon when it has one."""
    from vitalsigns_xl.formatting import assurance_label, summary_variation

    result = item.spc.result
    shown = summary_variation(result)
    return shown if result.assurance is None else f"{shown}; {assurance_label(result.assurance, short=True)}"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # NHSRplotthedots snapshot r1: mean 0.1416238, limits -3.01138 and 3.294627.
        (column(*RNORM_20), (0.1416238, -3.01138, 3.294627)),
        (row(*RNORM_20), (0.1416238, -3.01138, 3.294627)),
        # Snapshot r2 (y[15] = 10, outliers screened): mean 0.6694159, limits -2.383666 and 3.722497.
        (column(*WITH_OUTLIER), (0.6694159, -2.383666, 3.722497)),
        (column(None, *WITH_OUTLIER, None), (0.6694159, -2.383666, 3.722497)),
        # By hand (test_spc.py): 1, 2, gap, 4, 5 has moving ranges 1 and 1 only, mean 3, limits 3 ± 2.66.
        (column(1.0, 2.0, None, 4.0, 5.0), (3.0, 0.34, 5.66)),
    ],
)
def test_vs_spc_limits_is_a_row_of_mean_lower_upper(
    xlwings_udfs: ModuleType, values: Any, expected: tuple[float, float, float]
) -> None:
    ((mean, lower, upper),) = excel_cells("VS_SPC_LIMITS", values)  # one row of three cells
    assert mean == pytest.approx(expected[0], abs=5e-7)
    assert (lower, upper) == (pytest.approx(expected[1], abs=5e-6), pytest.approx(expected[2], abs=5e-6))


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (column(1.0, "two", 3.0), "#VALUE! each month must be a number, not 'two'"),
        (column(None, ""), "#VALUE! the range has no figures"),
        (7.0, "#VALUE! needs two neighbouring months with figures to set the process limits"),
    ],
)
def test_vs_spc_limits_bad_ranges_are_one_error_cell(xlwings_udfs: ModuleType, values: Any, expected: str) -> None:
    assert excel_calls("VS_SPC_LIMITS", values) == expected
