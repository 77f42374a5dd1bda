"""Turning the cells of one extract row into typed values, collecting a Problem for each bad one."""

from __future__ import annotations

import difflib
import math
import re
from datetime import date, datetime

from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.catalogue import Catalogue, Indicator
from vitalsigns_xl.extracts.problems import Problem
from vitalsigns_xl.extracts.tables import Cell, Row

_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")


def _shown(cell: Cell) -> str:
    return str(cell).strip()


def _in_library(measure_id: str) -> bool:
    from vitalsigns_xl.library import load_library  # the library is read only when an id is not in the report

    try:
        return load_library().get(measure_id) is not None
    except ValueError:  # a broken library is reported where it is loaded, not row by row
        return False


class RowParser:
    """Parses cells of one file; every failure becomes a Problem naming file, row and column."""

    def __init__(self, file: str, catalogue: Catalogue):
        self.file = file
        self.catalogue = catalogue
        self.problems: list[Problem] = []
        self.skipped: dict[str, list[int]] = {}  # library measures this report does not show → their rows here

    def problem(self, row: Row, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, row.number, column, message))

    def text(self, row: Row, column: str) -> str:
        cell = row.cells.get(column)
        return "" if cell is None else _shown(cell)

    def required_text(self, row: Row, column: str, what: str) -> str | None:
        text = self.text(row, column)
        if not text:
            self.problem(row, column, f"is empty; expected {what}")
            return None
        return text

    def number(self, row: Row, column: str, *, percent_allowed: bool = False) -> float | None:
        """A number, or None for a blank cell. Accepts "1,012" and, where allowed, "54.3%"."""
        cell = row.cells.get(column)
        if cell is None or isinstance(cell, bool):
            if cell is not None:
                self._not_a_number(row, column, cell)
            return None
        if isinstance(cell, int | float):
            if math.isfinite(cell):
                return float(cell)
            self._not_a_number(row, column, cell)
            return None
        text = _shown(cell)
        if not text:
            return None
        if percent_allowed and text.endswith("%"):
            text = text[:-1].strip()
        if not _NUMBER.match(text) or not any(ch.isdigit() for ch in text):
            self._not_a_number(row, column, cell)
            return None
        return float(text.replace(",", ""))

    def _not_a_number(self, row: Row, column: str, cell: Cell) -> None:
        self.problem(row, column, f"expected a number, found '{_shown(cell)}'")

    def month(self, row: Row, column: str) -> Month | None:
        cell = row.cells.get(column)
        if isinstance(cell, datetime | date):  # Excel turns a typed 2020-06 into a date
            return Month.of(cell)
        text = "" if cell is None else _shown(cell)
        if not text:
            self.problem(row, column, "is empty; expected a month as YYYY-MM (for example 2020-06)")
            return None
        try:
            return Month.parse(text)
        except ValueError as exc:
            self.problem(row, column, str(exc))
            return None

    def indicator(self, row: Row, column: str = "indicator") -> Indicator | None:
        text = self.required_text(row, column, "an indicator id from the catalogue")
        if text is None:
            return None
        if text in self.catalogue.ids:
            return self.catalogue.indicator(text)
        if _in_library(text):  # one extract can feed several reports; this one leaves the measure out
            self.skipped.setdefault(text, []).append(row.number)
            return None
        guess = difflib.get_close_matches(text, sorted(self.catalogue.ids), n=1, cutoff=0.6)
        hint = f"; did you mean '{guess[0]}'?" if guess else " (the report definition lists them)"
        self.problem(row, column, f"'{text}' is not an indicator in the catalogue{hint}")
        return None

    def in_unit_range(
        self, row: Row, column: str, value: float | None, indicator: Indicator, *, is_figure: bool = True
    ) -> float | None:
        """Check a number against what its unit allows: never negative, and a percentage figure at most 100.

        ``is_figure`` is False for a numerator or denominator, which are counts whatever the unit.
        """
        if value is None:
            return None
        if value < 0:
            noun = "count" if indicator.unit == "count" or not is_figure else "value"
            self.problem(row, column, f"negative {noun} {value:g}; {indicator.id} cannot be below zero")
            return None
        if is_figure and indicator.unit == "percent" and value > 100:
            self.problem(row, column, f"percentage {value:g} is outside 0-100 (percentages are given in points: 54.3 for 54.3%)")
            return None
        return value
