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


def excel_calls(name: str, *com_args: Any) -> Any:
    """What ``call_udf`` does for a cell formula (synchronous, not a dynamic array): the one value Excel shows."""
    function = getattr(udfs, name)  # call_udf finds the function by name in the UDF module
    info = function.__xlfunc__
    args = []
    for i, arg in enumerate(com_args):
        arg_info = info["args"][min(i, len(info["args"]) - 1)]
        args.append(arg_info.get("optional") if arg == MISSING else conversion.read(None, arg, arg_info["options"]))
    result = conversion.write(function(*args), None, info["ret"]["options"])
    assert isinstance(result, list) and len(result) == 1 and len(result[0]) == 1, result  # one cell
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
