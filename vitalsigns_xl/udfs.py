"""Excel functions for the report's own calculations: ``=VS_RAG(...)`` and friends, through xlwings.

Each is a plain Python function that calls the same analysis functions as the report model,
so a figure worked out in an officer's own sheet can never disagree with the workbook.
The xlwings decorators only mark them for Excel. A bad argument returns an error text that
says what was wrong (``#VALUE! polarity must be …``), never a Python traceback in a cell.

Excel hands every number over as a float (``7.0``), a date cell as a ``datetime``, an empty
cell as ``None`` and a range as a list (one row or column) or a list of lists. xlwings reads
a function's type annotations as converters, so the functions Excel calls are annotated
``Any`` throughout: the values arrive as Excel sent them and each function checks them itself.

The VBA wrapper Excel calls is generated from these definitions into
``macros/VitalSignsUDFs.bas`` by ``python -m vitalsigns_xl.udfs``; a test keeps it in step.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import xlwings as xw

from vitalsigns_xl.analysis.judgements import Band, direction, rag
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.analysis.series import mean_if_complete, rate_per_10k
from vitalsigns_xl.analysis.spc import Improvement, analyse, limits
from vitalsigns_xl.analysis.working_days import working_days_between
from vitalsigns_xl.catalogue import Polarity
from vitalsigns_xl.contract import DATA, DATA_TABLE
from vitalsigns_xl.formatting import assurance_label, direction_label, summary_variation
from vitalsigns_xl.resources import macros_folder

MODULE = "vitalsigns_xl.udfs"
VBA_MODULE_NAME = "VitalSignsUDFs"
VBA_SOURCE = macros_folder() / f"{VBA_MODULE_NAME}.bas"  # in a checkout, macros/ itself
DATA_TABLE_VALUES = f'ThisWorkbook.Worksheets("{DATA}").ListObjects("{DATA_TABLE}").Range.Value'
EXCEL_EPOCH = date(1899, 12, 30)
POLARITY_WORDS = {
    "higher_is_better": Polarity.HIGHER_IS_BETTER,
    "higher": Polarity.HIGHER_IS_BETTER,
    "lower_is_better": Polarity.LOWER_IS_BETTER,
    "lower": Polarity.LOWER_IS_BETTER,
    "neutral": Polarity.NEUTRAL,
}


class ArgumentError(ValueError):
    """An argument an officer gave cannot be used; the message is shown in the cell."""


@dataclass(frozen=True)
class Udf:
    name: str
    function: Callable[..., Any]
    vba_supplied: dict[str, str]  # arguments the VBA wrapper fills in itself, e.g. the Data table


REGISTRY: list[Udf] = []


def excel_function(vba_supplied: dict[str, str] | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a UDF: errors become cell text, and xlwings sees it as an Excel function."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def safe(*args: Any, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except ArgumentError as exc:
                return f"#VALUE! {exc}"
            except Exception as exc:  # a cell must never show a traceback
                return f"#VALUE! {type(exc).__name__}: {exc}"

        # xlwings turns annotations into converters, and has none for "float | str": what Excel
        # sees takes anything and returns a number or an error text, so its annotations say Any.
        safe.__annotations__ = dict.fromkeys(inspect.signature(function).parameters, Any) | {"return": Any}
        REGISTRY.append(Udf(function.__name__, safe, vba_supplied or {}))
        return xw.func(safe)

    return register


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ArgumentError(f"{name} must be a number, not {value!r}")
    return float(value)


def _optional_number(value: Any, name: str) -> float | None:
    return None if value is None or value == "" else _number(value, name)


def _polarity(value: Any) -> Polarity:
    polarity = POLARITY_WORDS.get(str(value or "").strip().lower().replace(" ", "_"))
    if polarity is None:
        raise ArgumentError("polarity must be one of higher_is_better, lower_is_better, neutral")
    return polarity


def _day(value: Any, name: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return EXCEL_EPOCH + timedelta(days=int(value))  # a date cell Excel sent as its serial number
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ArgumentError(f"{name} must be a date, not {value!r}") from None


def _text(value: Any) -> str:
    """A cell's content as text: Excel sends the 7 typed for measure 7 as 7.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _flat(values: Any) -> list[Any]:
    if not isinstance(values, list | tuple):
        return [values]
    return [v for item in values for v in _flat(item)]


@excel_function()
def VS_RAG(value: Any, target: Any, polarity: Any, tolerance: Any = None) -> str:
    """Red, Amber or Green for a figure against its target; blank where there is none to give.

    ``tolerance`` is in the same unit as the figures (0.05 for five points on a percentage cell).
    """
    width = _optional_number(tolerance, "tolerance") or 0.0
    if width < 0:
        raise ArgumentError("tolerance must not be negative")
    status = rag(_optional_number(value, "value"), _optional_number(target, "target"), _polarity(polarity), width)
    return status.value if status else ""


@excel_function()
def VS_RAG_BAND(value: Any, low: Any, high: Any, tolerance: Any = None) -> str:
    """Red, Amber or Green for a figure against a band: Green from ``low`` to ``high``, Amber within
    ``tolerance`` outside it on either side, Red beyond; blank where a figure or an end is missing.

    For measures where too low is a concern as well as too high (repeat child protection plans).
    ``tolerance`` is in the same unit as the figures (0.02 for two points on a percentage cell).
    """
    width = _optional_number(tolerance, "tolerance") or 0.0
    if width < 0:
        raise ArgumentError("tolerance must not be negative")
    figure, bottom, top = _optional_number(value, "value"), _optional_number(low, "low"), _optional_number(high, "high")
    if bottom is None or top is None:
        return ""
    if bottom > top:
        raise ArgumentError(f"low ({bottom:g}) is above high ({top:g}); the band runs from low to high")
    status = rag(figure, Band(bottom, top), Polarity.NEUTRAL, width)
    return status.value if status else ""


@excel_function()
def VS_DIRECTION(current: Any, previous: Any, polarity: Any, decimals: Any = None, low: Any = None, high: Any = None) -> str:
    """↑ Improving, ↓ Worsening or → Stable by the measure's polarity (Up or Down for a neutral one).

    ``decimals``: the places the figures are shown to, so a change that prints as nothing is
    Stable (3 for a percentage cell shown as 54.3%); exact when left out. ``low`` and ``high``:
    the band of a measure rated against one, where coming closer to the band is Improving.
    """
    places = 9 if decimals is None or decimals == "" else int(_number(decimals, "decimals"))
    bottom, top = _optional_number(low, "low"), _optional_number(high, "high")
    band = Band(bottom, top) if bottom is not None and top is not None else None
    result = direction(
        _optional_number(current, "current"), _optional_number(previous, "previous"), _polarity(polarity), places, band
    )
    return direction_label(result) if result else ""


@excel_function()
def VS_RATE_PER_10K(count: Any, population: Any) -> float:
    """Children per 10,000 of the population aged 0 to 17."""
    people = _number(population, "population")
    if people <= 0:
        raise ArgumentError("population must be more than 0")
    rate = rate_per_10k(_number(count, "count"), people)
    if rate is None:
        raise ArgumentError("no rate for these figures")
    return rate


@excel_function()
def VS_WORKING_DAYS(start_date: Any, end_date: Any) -> int:
    """Working days from a start date (day 0) to an end date, without weekends or England and Wales bank holidays."""
    try:
        return working_days_between(_day(start_date, "start_date"), _day(end_date, "end_date"))
    except ValueError as exc:
        raise ArgumentError(str(exc)) from None


@excel_function()
def VS_ROLLING12(values: Any) -> float:
    """Average of the last 12 months in the range; an error if any of them has no figure."""
    figures = [None if v is None or v == "" else _number(v, "each month") for v in _flat(values)]
    if len(figures) < 12:
        raise ArgumentError(f"needs 12 months, the range has {len(figures)}")
    mean = mean_if_complete(figures[-12:])
    if mean is None:
        raise ArgumentError("a month in the last 12 has no figure")
    return mean


def _monthly_figures(values: Any) -> list[float | None]:
    """A range of consecutive months, in reading order: blank cells inside it are months without a
    figure (they break runs and moving ranges); blanks before the first figure or after the last are
    cells the range reaches beyond the figures, and are left out."""
    figures = [None if v is None or v == "" else _number(v, "each month") for v in _flat(values)]
    present = [i for i, v in enumerate(figures) if v is not None]
    if not present:
        raise ArgumentError("the range has no figures")
    return figures[present[0] : present[-1] + 1]


@excel_function()
def VS_SPC(values: Any, polarity: Any = None, target: Any = None) -> str:
    """SPC's verdict on the latest month of a range of monthly figures, in the Summary's words:
    ``● Common cause``, ``▲ Improvement``, ``▼ Concern`` or ``▲ Special cause`` (a neutral measure),
    with ``(provisional)`` on fewer than 12 figures. With a target, the assurance follows:
    ``; P Passes``, ``; F Fails`` or ``; ~ Hit and miss`` (none on provisional limits).

    ``polarity`` says which way is better; left out, neither is, so a special cause is only a change.
    """
    improvement = Improvement.NEITHER if polarity is None or polarity == "" else Improvement.of(_polarity(polarity))
    result = analyse(_monthly_figures(values), improvement, _optional_number(target, "target"))
    shown = summary_variation(result)
    if shown is None:
        raise ArgumentError("needs two neighbouring months with figures to set the process limits")
    return shown if result.assurance is None else f"{shown}; {assurance_label(result.assurance, short=True)}"


@excel_function()
def VS_SPC_LIMITS(values: Any) -> list[float]:
    """The XmR chart's mean, lower and upper process limits of a range of monthly figures, as a row of
    three cells (mean, lower, upper): enter it across three cells side by side (Excel 365 spills it).

    The limits are the mean ± 2.66 × the average moving range, after moving ranges of 3.267 × their
    average or more are screened out, as the report's SPC charts draw them.
    """
    fitted = limits(_monthly_figures(values))
    if fitted is None:
        raise ArgumentError("needs two neighbouring months with figures to set the process limits")
    return [fitted.mean, fitted.lpl, fitted.upl]


def _period(value: Any) -> Month:
    if isinstance(value, datetime | date):  # "2020-06" typed in a cell, which Excel made a date
        return Month.of(value)
    try:
        return Month.parse(_text(value))
    except ValueError as exc:
        raise ArgumentError(str(exc)) from None


def _period_or_none(value: Any) -> Month | None:
    try:
        return _period(value)
    except ArgumentError:
        return None


def value_in_data(rows: Sequence[Sequence[Any]], indicator: Any, period: Any, breakdown: Any = None) -> float:
    """A figure from the Data table (header row first), found by indicator id or code, month and breakdown."""
    if not rows:
        raise ArgumentError("the Data table is empty")
    header = [str(h) for h in rows[0]]
    try:
        col = {name: header.index(name) for name in ("Indicator", "Code", "Period", "Breakdown", "Value")}
    except ValueError:
        raise ArgumentError("the Data sheet is not a Vital Signs Data table") from None
    month, wanted, part = _period(period), _text(indicator), _text(breakdown)
    for row in rows[1:]:
        if wanted not in (_text(row[col["Indicator"]]), _text(row[col["Code"]])) or _text(row[col["Breakdown"]]) != part:
            continue
        if _period_or_none(row[col["Period"]]) == month:
            value = row[col["Value"]]
            if value == "c":
                raise ArgumentError("the figure is suppressed (c)")
            return _number(value, "the Data sheet's value")
    raise ArgumentError(f"no figure for {wanted}{' / ' + part if part else ''} in {month.long_label}")


@excel_function(vba_supplied={"data": DATA_TABLE_VALUES})
def VS_VALUE(indicator: Any, period: Any, breakdown: Any = None, data: Any = None) -> float:
    """A figure from this workbook's Data sheet: ``=VS_VALUE("care_leavers_eet", "2020-06")`` (percentages in points)."""
    return value_in_data(data or [], indicator, period, breakdown)


def vba_module() -> str:
    """The VBA wrapper for every UDF, in the shape xlwings itself generates, with CRLF line ends as VBA keeps them."""
    lines = [
        f'Attribute VB_Name = "{VBA_MODULE_NAME}"',
        "' Excel functions of Vital Signs. Generated from vitalsigns_xl/udfs.py by",
        "' `python -m vitalsigns_xl.udfs`: change the Python, not this file.",
        "Option Explicit",
        "",
    ]
    for udf in REGISTRY:
        parameters = list(inspect.signature(udf.function).parameters.values())
        declared = ", ".join(
            ("Optional " if p.default is not inspect.Parameter.empty else "") + p.name
            for p in parameters
            if p.name not in udf.vba_supplied
        )
        passed = ", ".join(udf.vba_supplied.get(p.name, p.name) for p in parameters)
        lines += [
            f"Function {udf.name}({declared})",
            "    If TypeOf Application.Caller Is Range Then On Error GoTo failed",
            f'    {udf.name} = XLPy.CallUDF("{MODULE}", "{udf.name}", Array({passed}), ThisWorkbook, Application.Caller)',
            "    Exit Function",
            "failed:",
            f"    {udf.name} = Err.Description",
            "End Function",
            "",
        ]
    return "\r\n".join(lines)


if __name__ == "__main__":
    VBA_SOURCE.write_bytes(vba_module().encode("ascii"))
    print(f"Wrote {VBA_SOURCE}")
