"""Reading the published figures of every English council: the extract the LAIT-style comparison needs.

DfE's local-authority tables give one row per council and year; this reader takes them as
``indicator, year, la_code, la_name, value`` (``period`` instead of ``year`` for a monthly
figure, and optional ``region_code`` and ``region`` so that a regional average can be
computed: councils of one region code, or of one region name when the codes are not given).
Every figure is checked like a benchmark: a known indicator, a number in the measure's
range, a financial year such as 2018/19; a region code is ONS's (E12000003). Like a
benchmark row, a row may name its ``basis`` where the published figure is counted another
way than the measure (the averages computed from it are then shown marked and never compared).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.extracts.cells import RowParser
from vitalsigns_xl.extracts.readers import Located, benchmark_period
from vitalsigns_xl.extracts.tables import Row

COUNCIL_COLUMNS = (("indicator", "la_code", "value"), ("year", "period", "la_name", "region_code", "region", "basis"))
COUNCIL_FIELDS = ("indicator", "period", "label", "la_code", "la_name", "region_code", "region", "value", "basis")
REGION_CODE = re.compile(r"E12\d{6}")  # ONS codes of the nine English regions, E12000001 to E12000009


@dataclass(frozen=True)
class CouncilRecord:
    indicator: str
    period: Month  # the month the figure stands for; a financial year ends in March
    label: str  # "2018/19"
    la_code: str  # "E08000032"
    la_name: str
    region_code: str  # "E12000003"; "" when the extract does not say
    region: str  # "Yorkshire and The Humber"; "" when the extract does not say
    value: float
    source: Located
    basis: str = ""  # as a benchmark's: "" where counted as the measure is, else how ("19-21 year olds")


def parse_council(parser: RowParser, row: Row) -> CouncilRecord | None:
    indicator = parser.indicator(row)
    code = parser.required_text(row, "la_code", "the council's code (such as E08000032)")
    when = benchmark_period(parser, row)
    if indicator is None:
        return None
    value = parser.number(row, "value", percent_allowed=indicator.unit == "percent")
    if value is None and not parser.text(row, "value"):
        parser.problem(row, "value", "is empty; leave out a council without a published figure")
    value = parser.in_unit_range(row, "value", value, indicator)
    region_code = parser.text(row, "region_code")
    if region_code and not REGION_CODE.fullmatch(region_code):
        parser.problem(row, "region_code", f"'{region_code}' is not a region's code; expected one such as E12000003")
        return None
    if code is None or when is None or value is None:
        return None
    return CouncilRecord(
        indicator.id,
        when[0],
        when[1],
        code,
        parser.text(row, "la_name"),
        region_code,
        parser.text(row, "region"),
        value,
        Located(parser.file, row.number),
        parser.text(row, "basis"),
    )
