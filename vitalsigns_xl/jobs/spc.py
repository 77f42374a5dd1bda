"""``vitalsigns spc``: the XmR chart of any monthly series in a CSV file, as a table or JSON.

The file holds ``period,value`` rows (months as YYYY-MM, oldest first; a month left out or a
blank value is a gap) or a single column of values. Every problem in it is listed at once,
by row and column as a spreadsheet shows them, before anything is worked out.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.analysis.spc import Improvement, SpcResult, analyse
from vitalsigns_xl.errors import VitalSignsError
from vitalsigns_xl.extracts.problems import Problem


class SeriesFileError(VitalSignsError):
    """The series file cannot be used; lists every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        lines = [f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the series file:"]
        super().__init__("\n".join(lines + [f"  {p}" for p in problems]))


@dataclass(frozen=True)
class MonthlySeries:
    periods: tuple[Month, ...] | None  # None for a single column of values
    values: tuple[float | None, ...]


def _number(text: str) -> float:
    value = float(text.replace(",", ""))
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def read_series(path: Path) -> MonthlySeries:
    """``period,value`` rows or one column of values, with or without a header row."""
    name = path.name
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [(number, [cell.strip() for cell in row]) for number, row in enumerate(csv.reader(handle), start=1)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SeriesFileError([Problem(name, None, None, f"cannot be read: {exc}")]) from None
    rows = [(number, row) for number, row in rows if any(row)]
    if not rows:
        raise SeriesFileError([Problem(name, None, None, "holds no values")])
    width = max(len(row) for _, row in rows)
    if width > 2:
        raise SeriesFileError([Problem(name, None, None, "expected two columns (period,value) or one column of values")])
    columns = ("period", "value") if width == 2 else ("value",)
    first = rows[0][1]
    if [cell.lower() for cell in first] == list(columns):
        rows = rows[1:]
    problems: list[Problem] = []
    periods: list[Month] = []
    values: list[float | None] = []
    for number, row in rows:
        cells = dict(zip(columns, [*row, "", ""], strict=False))
        if width == 2:
            try:
                month = Month.parse(cells["period"])
            except ValueError as exc:
                problems.append(Problem(name, number, "period", str(exc)))
            else:
                if periods and month <= periods[-1]:
                    order = f"{month} does not come after {periods[-1]}: list months oldest first, once each"
                    problems.append(Problem(name, number, "period", order))
                else:
                    if periods:  # months left out are gaps
                        last = periods[-1]
                        periods.extend(last.shift(k) for k in range(1, month - last))
                        values.extend([None] * (month - last - 1))
                    periods.append(month)
        text = cells["value"]
        try:
            values.append(_number(text) if text else None)
        except ValueError:
            problems.append(Problem(name, number, "value", f"expected a number, found '{text}'"))
    if problems:
        raise SeriesFileError(problems)
    if not any(v is not None for v in values):
        raise SeriesFileError([Problem(name, None, "value", "holds no values")])
    return MonthlySeries(tuple(periods) if width == 2 else None, tuple(values))


def rebase_positions(series: MonthlySeries, months: Sequence[Month]) -> list[int]:
    """Positions of the rebase months in the series; a month outside it is an error, not ignored."""
    if not months:
        return []
    if series.periods is None:
        raise VitalSignsError("--rebase needs months: give the file a period column (period,value)")
    outside = [str(m) for m in months if not series.periods[0] < m <= series.periods[-1]]
    if outside:
        raise VitalSignsError(
            f"--rebase {', '.join(outside)}: a rebase month must come after the first month of the series "
            f"({series.periods[0]}) and not after its last ({series.periods[-1]})"
        )
    return [m - series.periods[0] for m in months]


def run(
    path: Path,
    improvement: Improvement,
    target: float | None,
    screen: bool,
    fix_after: int | None,
    rebase: Sequence[Month],
) -> tuple[MonthlySeries, SpcResult]:
    series = read_series(path)
    positions = rebase_positions(series, rebase)
    return series, analyse(series.values, improvement, target, screen, fix_after, positions)


def as_json(series: MonthlySeries, result: SpcResult) -> dict[str, Any]:
    """The result as the command's --json prints it."""
    periods = series.periods or (None,) * len(result.points)
    return {
        "points": [
            {
                "period": None if period is None else str(period),
                "value": p.value,
                "mean": p.mean,
                "lpl": p.lpl,
                "upl": p.upl,
                "special_cause": p.special_cause,
                "rules": [str(rule) for rule in p.rules],
                "type": None if p.type is None else str(p.type),
            }
            for period, p in zip(periods, result.points, strict=True)
        ],
        "variation": None if result.variation is None else str(result.variation),
        "assurance": None if result.assurance is None else str(result.assurance),
        "provisional": result.provisional,
    }
