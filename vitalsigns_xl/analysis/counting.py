"""Counting rules: a measure's ``counting:`` entry names a kind, and the code here implements it once.

A catalogue or library measure that the Ofsted Annex A lists can give says how it is counted,
``counting: {kind: share_within_working_days, list: 4, start: assessment_start, end:
assessment_authorised, days: 45}``, and this registry turns that into monthly figures. Adding a
measure the lists can give is then a YAML entry, not code. The kinds:

- ``rows_in_month``: rows whose date falls in the month (contacts, referrals, entries to care).
- ``open_at_month_end``: distinct children whose episode is open at the end of the month.
- ``share_within_working_days``: of the rows completed in the month, the share completed within
  N working days of their start (weekends and England and Wales bank holidays excluded, counting
  from the day after the start up to and including the end).
- ``rolling_12_months``: of the rows dated in the 12 months to the month, the share meeting a test;
  only for months whose whole 12 months the lists cover.
- ``at_snapshot``: of the rows open on the day the lists were taken, the share meeting a test;
  only for that month, because the lists say nothing about earlier visits or checks.
- ``mean_duration``: the mean days between two dates of the rows that ended in the month.
- ``banded_duration``: episodes open at the month end by how long they have been open.
- ``by_coded_column``: a ``rows_in_month`` or ``open_at_month_end`` count broken down by the codes
  of one column (children leaving care by reason).
- ``ratio``: one counted measure over another (referrals per 100 contacts).

Rows that cannot be counted (an unreadable or missing date, an end before its start, overlapping
episodes of one child) are left out of the measure and reported with the measure's id, so the
officer sees what to fix; a figure is never silently short.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from vitalsigns_xl.analysis.periods import Month

if TYPE_CHECKING:
    import pandas as pd

    from vitalsigns_xl.catalogue import Indicator, Measure
    from vitalsigns_xl.extracts.annex_a import AnnexA

SNAPSHOT = "snapshot"  # in a test, the day the lists were taken
MONTH_END = "month_end"  # in a test, the last day of the month being counted
WORKING_DAY_SETTINGS = ("cp_visit_working_days", "cic_visit_working_days")


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Test(_Params):
    """A condition on one row: a column's value, or the time between two dates.

    ``{column: previous_plans, at_least: 1}``; ``{column: activity, in: [F1, P1]}``;
    ``{from: plan_start, to: plan_end, at_least: 730}`` (calendar days);
    ``{from: last_visit, to: snapshot, unit: working_days, at_most: 10, setting: cp_visit_working_days}``;
    ``{from: last_health_assessment, to: snapshot, unit: months, at_most: 12}`` (on or after the day 12
    months before). ``setting`` names a report.yaml value that replaces ``at_most``. Rows where
    either date is blank fail a test between dates.
    """

    column: str | None = None
    in_: tuple[str, ...] | None = Field(None, alias="in")
    not_in: tuple[str, ...] | None = None
    blank: bool | None = None
    from_: str | None = Field(None, alias="from")
    to: str | None = None
    unit: Literal["days", "working_days", "months"] = "days"
    at_least: float | None = None
    at_most: float | None = None
    setting: Literal["cp_visit_working_days", "cic_visit_working_days"] | None = None

    @model_validator(mode="after")
    def _one_test(self) -> Test:
        if (self.column is None) == (self.from_ is None or self.to is None):
            raise ValueError("a test names either a column, or 'from' and 'to' dates")
        if self.column is not None:
            tests = [t for t in (self.in_, self.not_in, self.blank, self.at_least, self.at_most) if t is not None]
            if not tests:
                raise ValueError(f"the test on '{self.column}' needs one of: in, not_in, blank, at_least, at_most")
        elif self.at_least is None and self.at_most is None and self.setting is None:
            raise ValueError("a test between two dates needs at_least or at_most")
        return self

    @property
    def columns(self) -> tuple[str, ...]:
        named = (self.column,) if self.column else (self.from_ or "", self.to or "")
        return tuple(c for c in named if c and c not in (SNAPSHOT, MONTH_END))


class _Counted(_Params):
    kind: str
    list: int = Field(ge=1, le=11)
    where: tuple[Test, ...] = ()


class RowsInMonth(_Counted):
    kind: Literal["rows_in_month"] = "rows_in_month"
    date: str
    distinct_children: bool = False


class OpenAtMonthEnd(_Counted):
    kind: Literal["open_at_month_end"] = "open_at_month_end"
    start: str
    end: str


class ShareWithinWorkingDays(_Counted):
    kind: Literal["share_within_working_days"] = "share_within_working_days"
    start: str
    end: str
    days: int = Field(ge=0)


class Rolling12Months(_Counted):
    kind: Literal["rolling_12_months"] = "rolling_12_months"
    date: str
    numerator: Test


class AtSnapshot(_Counted):
    kind: Literal["at_snapshot"] = "at_snapshot"
    start: str | None = None
    end: str | None = None
    numerator: Test


class MeanDuration(_Counted):
    kind: Literal["mean_duration"] = "mean_duration"
    start: str
    end: str


class BandedDuration(_Counted):
    kind: Literal["banded_duration"] = "banded_duration"
    start: str
    end: str
    bands: dict[str, tuple[int, int | None]]  # breakdown id → [from day, up to (not including) day]; null = no end


class ByCodedColumn(_Params):
    kind: Literal["by_coded_column"] = "by_coded_column"
    of: RowsInMonth | OpenAtMonthEnd = Field(discriminator="kind")
    column: str
    groups: dict[str, tuple[str, ...] | Test]  # breakdown id → codes, or a test; a row goes to the first group it fits
    rest: str | None = None  # breakdown id of every other row, blank codes included


class Ratio(_Params):
    kind: Literal["ratio"] = "ratio"
    numerator: str
    denominator: str


Params = (
    RowsInMonth
    | OpenAtMonthEnd
    | ShareWithinWorkingDays
    | Rolling12Months
    | AtSnapshot
    | MeanDuration
    | BandedDuration
    | ByCodedColumn
    | Ratio
)
KINDS: dict[str, type[_Params]] = {
    model.model_fields["kind"].default: model
    for model in (
        RowsInMonth,
        OpenAtMonthEnd,
        ShareWithinWorkingDays,
        Rolling12Months,
        AtSnapshot,
        MeanDuration,
        BandedDuration,
        ByCodedColumn,
        Ratio,
    )
}
UNITS = {
    "rows_in_month": ("count", "rate_per_10k"),
    "open_at_month_end": ("count", "rate_per_10k"),
    "share_within_working_days": ("percent",),
    "rolling_12_months": ("percent",),
    "at_snapshot": ("percent",),
    "mean_duration": ("days",),
    "banded_duration": ("count",),
    "by_coded_column": ("count", "percent"),
    "ratio": ("percent", "ratio", "rate_per_10k"),
}


class CountingError(ValueError):
    """A ``counting:`` entry names an unknown kind or gives it wrong parameters."""


def parse(counting: Mapping[str, Any]) -> Params:
    """The typed parameters of a ``counting:`` mapping; CountingError says what is wrong."""
    kind = counting.get("kind")
    model = KINDS.get(str(kind))
    if model is None:
        raise CountingError(f"counting kind '{kind}' is not one of: {', '.join(KINDS)}")
    try:
        return model.model_validate(dict(counting))  # type: ignore[return-value]
    except ValidationError as exc:
        details = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'counting'}: {e['msg']}" for e in exc.errors())
        raise CountingError(f"counting kind '{kind}': {details}") from None


def _list_columns(params: Params) -> tuple[int | None, list[str]]:
    """The list a rule counts from and every column it reads."""
    if isinstance(params, Ratio):
        return None, []
    if isinstance(params, ByCodedColumn):
        number, inner = _list_columns(params.of)
        tests = [c for group in params.groups.values() if isinstance(group, Test) for c in group.columns]
        return number, [*inner, params.column, *tests]
    columns: list[str] = [c for t in params.where for c in t.columns]
    for name in ("date", "start", "end"):
        value = getattr(params, name, None)
        if value:
            columns.append(value)
    numerator = getattr(params, "numerator", None)
    if isinstance(numerator, Test):
        columns += numerator.columns
    return params.list, ["child_id", *columns]


def check(indicator: Measure) -> None:
    """Check an indicator's ``counting:`` against the Annex A spec and the indicator itself.

    Raises CountingError naming what is wrong: an unknown kind, list or column, a unit the kind
    cannot give, a breakdown the indicator does not have.
    """
    from vitalsigns_xl.extracts.annex_a import load_spec

    if indicator.counting is None:
        return
    params = parse(indicator.counting.params)
    if indicator.unit not in UNITS[params.kind]:
        allowed = " or ".join(UNITS[params.kind])
        raise CountingError(f"counting kind '{params.kind}' gives a {allowed}, but the measure's unit is {indicator.unit}")
    number, columns = _list_columns(params)
    if number is not None:
        spec = load_spec().list(number)
        if spec is None:
            known = ", ".join(str(s.number) for s in load_spec().lists)
            raise CountingError(f"counting names Annex A List {number}; the lists counted from are {known}")
        known_columns = {c.id: c for c in spec.columns}
        unknown = [c for c in columns if c not in known_columns]
        if unknown:
            raise CountingError(f"List {number} has no column {', '.join(repr(c) for c in unknown)}")
        for name in ("date", "start", "end"):
            column = getattr(params if not isinstance(params, ByCodedColumn) else params.of, name, None)
            if column and known_columns[column].type != "date":
                raise CountingError(f"'{column}' of List {number} is not a date column")
    breakdowns = set(indicator.breakdown_labels)
    given: set[str] = set()
    if isinstance(params, BandedDuration):
        given = set(params.bands)
    elif isinstance(params, ByCodedColumn):
        given = set(params.groups) | ({params.rest} if params.rest else set())
    if given - breakdowns:
        raise CountingError(f"counting names breakdowns the measure does not have: {', '.join(sorted(given - breakdowns))}")


# --------------------------------------------------------------------------------------------------- the results


@dataclass(frozen=True)
class Figure:
    """One row of a measures extract, as the counting gives it."""

    indicator: str
    period: Month
    breakdown: str  # "" for the headline
    value: float
    numerator: float | None = None
    denominator: float | None = None


@dataclass(frozen=True)
class ChildBehind:
    """A child behind an exception in a month: for the officer's eyes only, never the board's."""

    indicator: str
    period: Month
    child_id: str
    list: int
    row: int
    detail: str


@dataclass(frozen=True)
class Excluded:
    """A row left out of one measure, and why."""

    indicator: str
    list: int
    file: str
    row: int
    column: str
    message: str


@dataclass
class Counted:
    figures: list[Figure] = field(default_factory=list)
    children: list[ChildBehind] = field(default_factory=list)
    excluded: list[Excluded] = field(default_factory=list)
    not_counted: dict[str, str] = field(default_factory=dict)  # indicator → why the lists cannot give it


@dataclass(frozen=True)
class Context:
    """What every rule needs besides its own parameters."""

    annex: AnnexA
    period: Month  # the last month counted; children behind exceptions are listed for it
    first: Month  # the first month whose whole length the lists cover
    snapshot: date  # the day the lists were taken
    population: float | None = None  # children aged 0 to 17, for rates per 10,000
    settings: Mapping[str, int] = field(default_factory=dict)  # practice standards in working days

    @property
    def months(self) -> tuple[Month, ...]:
        return tuple(self.first.shift(i) for i in range(self.period - self.first + 1))

    @property
    def snapshot_month(self) -> Month | None:
        """The month the snapshot figures stand for: the snapshot's own month when it is that month's last day."""
        month = Month.of(self.snapshot)
        last_day = month.shift(1).first_day.toordinal() - 1
        return month if self.snapshot.toordinal() == last_day and month <= self.period else None


DEFAULT_COVER_MONTHS = 12  # an Annex A is usually drawn for the year before the inspection


def last_whole_month(day: date) -> Month:
    """The last month that has ended by ``day``: June 2020 for 30/06/2020, and for 15/07/2020."""
    month = Month.of(day)
    return month if day.toordinal() == month.shift(1).first_day.toordinal() - 1 else month.shift(-1)


def context_for(
    annex: AnnexA,
    period: Month | None = None,
    population: float | None = None,
    settings: Mapping[str, int] | None = None,
) -> Context:
    """The months to count: from the first whole month of the lists' period up to ``period``.

    ``period`` defaults to the last complete month before the latest date in the lists. Where no
    list says when its period began (no contacts, referrals or section 47s), the lists are taken to
    cover the usual year before the latest date.
    """
    snapshot = annex.snapshot
    if snapshot is None:
        raise NotCountable("the lists hold no dates at all")
    period = period or last_whole_month(snapshot)
    start = annex.period_start
    if start is None:
        first = period.shift(1 - DEFAULT_COVER_MONTHS)
    else:
        first = Month.of(start) if start.day == 1 else Month.of(start).shift(1)
    if first > period:
        raise NotCountable(f"the lists cover no whole month up to {period.long_label}")
    return Context(annex, period, first, snapshot, population, dict(settings or {}))


class NotCountable(Exception):
    """The lists cannot give this measure (a list or a column is absent, no population); the message says why."""


# --------------------------------------------------------------------------------------------------- the helpers


def _day(day: date | Month) -> np.datetime64:
    return np.datetime64(day.first_day if isinstance(day, Month) else day, "D")


def _month_end(month: Month) -> np.datetime64:
    return _day(month.shift(1)) - np.timedelta64(1, "D")


def _dates(frame: pd.DataFrame, column: str) -> np.ndarray:
    return frame[column].to_numpy(dtype="datetime64[D]")


def _shown(day: Any) -> str:
    import pandas as pd

    return "blank" if pd.isna(day) else pd.Timestamp(day).strftime("%d/%m/%Y")


class _Measure:
    """Counting one indicator: its list's usable rows, and where its figures and exclusions go."""

    def __init__(self, indicator: Indicator, ctx: Context, out: Counted, number: int, columns: list[str]):
        self.indicator = indicator
        self.ctx = ctx
        self.out = out
        annex_list = ctx.annex.lists.get(number)
        if annex_list is None:
            raise NotCountable(f"Annex A List {number} is absent")
        absent = [annex_list.heading(c) for c in dict.fromkeys(columns) if not annex_list.has(c)]
        if absent:
            raise NotCountable(f"List {number} ({annex_list.source}) has no {', '.join(repr(a) for a in absent)} column")
        self.list = annex_list
        self.usable = self._usable(columns)

    @property
    def frame(self) -> pd.DataFrame:
        return self.list.frame

    def _usable(self, columns: list[str]) -> np.ndarray:
        usable = np.ones(len(self.frame), dtype=bool)
        messages = {(f.row, f.column): f.message for f in self.ctx.annex.findings if f.list == self.list.spec.number}
        for column in dict.fromkeys(columns):
            bad = self.list.unreadable.get(column)
            if bad is None:
                continue
            heading = self.list.heading(column)
            for row in self.frame.loc[bad & usable, "row"]:
                self.exclude(int(row), heading, messages.get((int(row), heading), "cannot be read"))
            usable &= ~bad
        return usable

    def exclude(self, row: int, column: str, message: str) -> None:
        number = self.list.spec.number
        self.out.excluded.append(Excluded(self.indicator.id, number, self.list.source, row, column, message))

    def exclude_where(self, mask: np.ndarray, column: str, message: Callable[[int], str]) -> None:
        """Leave out the usable rows in ``mask``, each with its own message."""
        for index in np.flatnonzero(mask & self.usable):
            self.exclude(int(self.frame["row"].iloc[index]), column, message(int(index)))
        self.usable &= ~mask

    def end_not_before_start(self, start: str, end: str) -> None:
        starts, ends = _dates(self.frame, start), _dates(self.frame, end)
        backwards = ~np.isnat(ends) & (ends < starts)
        start_heading, end_heading = self.list.heading(start), self.list.heading(end)
        self.exclude_where(
            backwards,
            end_heading,
            lambda i: f"{end_heading} {_shown(ends[i])} is before {start_heading} {_shown(starts[i])}",
        )

    def where(self, tests: tuple[Test, ...]) -> np.ndarray:
        mask = self.usable.copy()
        for test in tests:
            mask &= self.test(test, None)
        return mask

    def test(self, test: Test, month: Month | None) -> np.ndarray:
        """Which rows pass ``test``; dates named ``snapshot`` or ``month_end`` are that day."""
        if test.column is not None:
            values = self.frame[test.column]
            passed: np.ndarray = np.ones(len(values), dtype=bool)
            if test.in_ is not None:
                passed &= values.isin(test.in_).to_numpy()
            if test.not_in is not None:
                passed &= ~values.isin(test.not_in).to_numpy()
            if test.blank is not None:
                passed &= values.isna().to_numpy() == test.blank
            if test.at_least is not None or test.at_most is not None:
                numbers = values.to_numpy(dtype=float, na_value=np.nan)
                passed &= ~np.isnan(numbers)
                if test.at_least is not None:
                    passed &= numbers >= test.at_least
                if test.at_most is not None:
                    passed &= numbers <= test.at_most
            return passed
        at_most = self.ctx.settings.get(test.setting, test.at_most) if test.setting else test.at_most
        first, last = self._day_of(test.from_ or "", month), self._day_of(test.to or "", month)
        known: np.ndarray = ~np.isnat(first) & ~np.isnat(last)
        passed = known.copy()
        if test.unit == "months":
            passed &= self._months_test(first, last, test.at_least, at_most)
            return passed
        if test.unit == "working_days":
            from vitalsigns_xl.analysis.working_days import working_days_between_arrays

            span = np.zeros(len(first), dtype=np.int64)
            span[known] = working_days_between_arrays(first[known], last[known])
        else:
            span = (last - first).astype("timedelta64[D]").astype(np.int64)
        if test.at_least is not None:
            passed &= span >= test.at_least
        if at_most is not None:
            passed &= span <= at_most
        return passed

    def _months_test(self, first: np.ndarray, last: np.ndarray, at_least: float | None, at_most: float | None) -> np.ndarray:
        """Whole calendar months from ``first`` to ``last``: 12 months after 29/02/2020 is 28/02/2021, as the calendar has it."""
        import pandas as pd

        starts = pd.Series(first)
        passed: np.ndarray = np.ones(len(first), dtype=bool)
        if at_least is not None:
            passed &= (starts + pd.DateOffset(months=int(at_least))).to_numpy(dtype="datetime64[D]") <= last
        if at_most is not None:
            passed &= (starts + pd.DateOffset(months=int(at_most))).to_numpy(dtype="datetime64[D]") >= last
        return passed

    def _day_of(self, name: str, month: Month | None) -> np.ndarray:
        if name == SNAPSHOT:
            return np.full(len(self.frame), _day(self.ctx.snapshot))
        if name == MONTH_END:
            if month is None:
                raise NotCountable("'month_end' is used outside a monthly count")
            return np.full(len(self.frame), _month_end(month))
        return _dates(self.frame, name)

    def in_month(self, column: str) -> Iterator[tuple[Month, np.ndarray]]:
        """Each counted month with the rows whose ``column`` date falls in it."""
        days = _dates(self.frame, column)
        for month in self.ctx.months:
            yield month, (days >= _day(month)) & (days <= _month_end(month))

    def open_at(self, start: str, end: str, day: np.datetime64) -> np.ndarray:
        starts, ends = _dates(self.frame, start), _dates(self.frame, end)
        opened: np.ndarray = (starts <= day) & (np.isnat(ends) | (ends > day))
        return opened

    def no_overlaps(self, start: str, end: str) -> None:
        """A child's episodes must not overlap; the later of two overlapping episodes is left out."""
        import pandas as pd

        frame = pd.DataFrame(
            {
                "child": self.frame["child_id"],
                "start": _dates(self.frame, start),
                "end": _dates(self.frame, end),
                "index": np.arange(len(self.frame)),
            }
        )[self.usable]
        frame = frame.sort_values(["child", "start", "index"])
        open_end = frame["end"].fillna(pd.Timestamp.max.normalize())
        previous_end = open_end.groupby(frame["child"]).shift(1)
        previous_row = frame["index"].groupby(frame["child"]).shift(1)
        overlapping = (frame["start"] < previous_end).to_numpy()
        mask = np.zeros(len(self.frame), dtype=bool)
        earlier: dict[int, int] = {}
        for index, before in zip(frame["index"][overlapping], previous_row[overlapping], strict=True):
            mask[int(index)] = True
            earlier[int(index)] = int(self.frame["row"].iloc[int(before)])
        heading = self.list.heading(start)
        self.exclude_where(mask, heading, lambda i: f"overlaps this child's episode at row {earlier[i]}")

    def figure(self, month: Month, value: float, numerator: float | None = None, denominator: float | None = None) -> None:
        self.out.figures.append(Figure(self.indicator.id, month, "", value, numerator, denominator))

    def count_figure(self, month: Month, count: int) -> None:
        """A count, or a rate per 10,000 children when the measure is a rate."""
        if self.indicator.unit == "rate_per_10k":
            population = self.ctx.population
            if not population:
                raise NotCountable("no population of children aged 0 to 17 (give --population or population_0_17 in report.yaml)")
            self.figure(month, count * 10_000 / population, float(count), float(population))
        else:
            self.figure(month, float(count))

    def share_figure(self, month: Month, numerator: int, denominator: int) -> None:
        if denominator:
            self.figure(month, numerator / denominator * 100, float(numerator), float(denominator))

    def children(self, mask: np.ndarray, month: Month, detail: Callable[[int], str]) -> None:
        """The children behind an exception in ``month``; the officer's workbook shows its report month's."""
        for index in np.flatnonzero(mask):
            self.out.children.append(
                ChildBehind(
                    self.indicator.id,
                    month,
                    str(self.frame["child_id"].iloc[index]),
                    self.list.spec.number,
                    int(self.frame["row"].iloc[index]),
                    detail(int(index)),
                )
            )

    @property
    def exceptions_are_failures(self) -> bool | None:
        """Which rows are the exceptions: those failing the test (True), those passing it (False), or none.

        A measure rated against a band (repeat plans, plans lasting two years) is neutral, as both ends are a
        concern; the children counted in it are still the ones an officer looks at, as for lower is better.
        """
        polarity = str(self.indicator.polarity)
        if polarity == "higher_is_better":
            return True
        banded = self.indicator.rag is not None and self.indicator.rag.band is not None
        return False if polarity == "lower_is_better" or banded else None


# ------------------------------------------------------------------------------------------------------ the kinds


def _rows_in_month(m: _Measure, p: RowsInMonth) -> None:
    chosen = m.where(p.where)
    for month, in_month in m.in_month(p.date):
        rows = chosen & in_month
        count = m.frame.loc[rows, "child_id"].nunique() if p.distinct_children else int(rows.sum())
        m.count_figure(month, count)


def _open_at_month_end(m: _Measure, p: OpenAtMonthEnd) -> None:
    m.end_not_before_start(p.start, p.end)
    m.no_overlaps(p.start, p.end)
    chosen = m.where(p.where)
    for month in m.ctx.months:
        rows = chosen & m.open_at(p.start, p.end, _month_end(month))
        m.count_figure(month, m.frame.loc[rows, "child_id"].nunique())


def _share_within_working_days(m: _Measure, p: ShareWithinWorkingDays) -> None:
    from vitalsigns_xl.analysis.working_days import working_days_between_arrays

    m.end_not_before_start(p.start, p.end)
    chosen = m.where(p.where)
    starts, ends = _dates(m.frame, p.start), _dates(m.frame, p.end)
    span = np.full(len(m.frame), -1, dtype=np.int64)
    known = chosen & ~np.isnat(ends)
    span[known] = working_days_between_arrays(starts[known], ends[known])
    start_heading = m.list.heading(p.start)
    for month, in_month in m.in_month(p.end):
        rows = known & in_month
        within = rows & (span <= p.days)
        m.share_figure(month, int(within.sum()), int(rows.sum()))
        m.children(
            rows & ~within,
            month,
            lambda i: f"{_shown(ends[i])}: {span[i]} working days after {start_heading} {_shown(starts[i])}",
        )


def _rolling_12_months(m: _Measure, p: Rolling12Months) -> None:
    dated = [c for c in (p.numerator.from_, p.numerator.to) if c and c not in (SNAPSHOT, MONTH_END)]
    if len(dated) == 2:
        m.end_not_before_start(dated[0], dated[1])
    chosen = m.where(p.where)
    days = _dates(m.frame, p.date)
    if m.ctx.period.shift(-11) < m.ctx.first:
        raise NotCountable(f"the lists cover fewer than 12 months up to {m.ctx.period.long_label}")
    for month in m.ctx.months:
        if month.shift(-11) < m.ctx.first:
            continue  # the lists do not cover the whole 12 months
        rows = chosen & (days >= _day(month.shift(-11))) & (days <= _month_end(month))
        passed = rows & m.test(p.numerator, month)
        m.share_figure(month, int(passed.sum()), int(rows.sum()))
        if m.exceptions_are_failures is not None:
            exceptions = rows & ~passed if m.exceptions_are_failures else passed
            m.children(exceptions, month, _detail(m, p.numerator, p.date))


def _detail(m: _Measure, test: Test, *also: str) -> Callable[[int], str]:
    columns = [c for c in (*also, *test.columns) if c]
    headings = {c: m.list.heading(c) for c in dict.fromkeys(columns)}

    def detail(index: int) -> str:
        parts = []
        for column, heading in headings.items():
            value = m.frame[column].iloc[index]
            parts.append(f"{heading} {_shown(value) if m.list.spec.column(column).type == 'date' else value}")
        return "; ".join(parts)

    return detail


def _at_snapshot(m: _Measure, p: AtSnapshot) -> None:
    month = m.ctx.snapshot_month
    if month is None:
        raise NotCountable(f"the lists were taken on {m.ctx.snapshot:%d/%m/%Y}, not at the end of a counted month")
    chosen = m.where(p.where)
    if p.start and p.end:
        m.end_not_before_start(p.start, p.end)
        m.no_overlaps(p.start, p.end)
        chosen = m.where(p.where) & m.open_at(p.start, p.end, _day(m.ctx.snapshot))
    passed = chosen & m.test(p.numerator, month)
    m.share_figure(month, int(passed.sum()), int(chosen.sum()))
    if m.exceptions_are_failures is not None:
        exceptions = chosen & ~passed if m.exceptions_are_failures else passed
        m.children(exceptions, month, _detail(m, p.numerator))


def _mean_duration(m: _Measure, p: MeanDuration) -> None:
    m.end_not_before_start(p.start, p.end)
    chosen = m.where(p.where)
    days = (_dates(m.frame, p.end) - _dates(m.frame, p.start)).astype("timedelta64[D]")
    for month, in_month in m.in_month(p.end):
        rows = chosen & in_month
        count = int(rows.sum())
        if count:
            total = float(days[rows].astype(np.int64).sum())
            m.figure(month, total / count, total, float(count))


def _banded_duration(m: _Measure, p: BandedDuration) -> None:
    m.end_not_before_start(p.start, p.end)
    m.no_overlaps(p.start, p.end)
    chosen = m.where(p.where)
    starts = _dates(m.frame, p.start)
    for month in m.ctx.months:
        day = _month_end(month)
        rows = chosen & m.open_at(p.start, p.end, day)
        days = np.where(rows, (day - starts).astype("timedelta64[D]").astype(np.int64), -1)
        for band, (low, high) in p.bands.items():
            in_band = rows & (days >= low) & (days < (high if high is not None else np.iinfo(np.int64).max))
            m.out.figures.append(Figure(m.indicator.id, month, band, float(in_band.sum())))


def _by_coded_column(m: _Measure, p: ByCodedColumn) -> None:
    inner = p.of
    chosen = m.where(inner.where)
    if isinstance(inner, OpenAtMonthEnd):
        m.end_not_before_start(inner.start, inner.end)
        m.no_overlaps(inner.start, inner.end)
        chosen = m.where(inner.where)
        cohorts: Iterator[tuple[Month, np.ndarray]] = (
            (month, m.open_at(inner.start, inner.end, _month_end(month))) for month in m.ctx.months
        )
    else:
        cohorts = m.in_month(inner.date)
    codes = m.frame[p.column]
    grouped: dict[str, np.ndarray] = {}
    taken = np.zeros(len(m.frame), dtype=bool)
    for group, members in p.groups.items():
        fits = m.test(members, None) if isinstance(members, Test) else codes.isin(members).to_numpy()
        grouped[group] = fits & ~taken
        taken |= fits
    for month, cohort in cohorts:
        rows = chosen & cohort
        total = int(rows.sum())
        if str(m.indicator.unit) != "percent":
            m.count_figure(month, total)
        counts = {group: int((rows & members).sum()) for group, members in grouped.items()}
        if p.rest:
            counts[p.rest] = total - sum(counts.values())
        for group, count in counts.items():
            value = count / total * 100 if str(m.indicator.unit) == "percent" else float(count)
            if total or str(m.indicator.unit) != "percent":
                m.out.figures.append(Figure(m.indicator.id, month, group, value))


RULES: dict[type[_Params], Callable[[_Measure, Any], None]] = {
    RowsInMonth: _rows_in_month,
    OpenAtMonthEnd: _open_at_month_end,
    ShareWithinWorkingDays: _share_within_working_days,
    Rolling12Months: _rolling_12_months,
    AtSnapshot: _at_snapshot,
    MeanDuration: _mean_duration,
    BandedDuration: _banded_duration,
    ByCodedColumn: _by_coded_column,
}


def _parsed(indicator: Indicator) -> Params:
    assert indicator.counting is not None
    return parse(indicator.counting.params)


def _ratio(indicator: Indicator, p: Ratio, out: Counted) -> None:
    scale = {"percent": 100.0, "rate_per_10k": 10_000.0}.get(str(indicator.unit), 1.0)
    headline: dict[str, dict[Month, float]] = defaultdict(dict)
    for figure in out.figures:
        if not figure.breakdown and figure.indicator in (p.numerator, p.denominator):
            headline[figure.indicator][figure.period] = figure.value
    for missing in (p.numerator, p.denominator):
        if missing in out.not_counted:
            raise NotCountable(f"{missing} cannot be counted")
        if missing not in headline:
            raise NotCountable(f"{missing} is not in this report, and this measure is worked out from it")
    for month, denominator in sorted(headline[p.denominator].items()):
        numerator = headline[p.numerator].get(month)
        if numerator is not None and denominator:
            out.figures.append(Figure(indicator.id, month, "", numerator / denominator * scale, numerator, denominator))


def count(indicators: tuple[Indicator, ...] | list[Indicator], ctx: Context) -> Counted:
    """Every figure the lists can give for ``indicators`` over the context's months.

    A measure the lists cannot give (its list absent, a column missing, no population) is named in
    ``not_counted`` with the reason, and keeps coming from the other extracts.
    """
    out = Counted()
    counted = [i for i in indicators if i.counting is not None]
    ratios = [i for i in counted if isinstance(_parsed(i), Ratio)]
    for indicator in counted:
        params = _parsed(indicator)
        if isinstance(params, Ratio):
            continue
        number, columns = _list_columns(params)
        assert number is not None
        before = len(out.figures), len(out.children), len(out.excluded)
        try:
            RULES[type(params)](_Measure(indicator, ctx, out, number, columns), params)
        except NotCountable as exc:
            del out.figures[before[0] :], out.children[before[1] :], out.excluded[before[2] :]
            out.not_counted[indicator.id] = str(exc)
    for indicator in ratios:
        try:
            _ratio(indicator, _parsed(indicator), out)  # type: ignore[arg-type]
        except NotCountable as exc:
            out.not_counted[indicator.id] = str(exc)
    return out
