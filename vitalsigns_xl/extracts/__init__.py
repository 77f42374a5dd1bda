"""Reading a folder of source extracts into validated, tidy tables.

The folder holds files named after their kind: ``measures*.csv|xlsx`` (one or several,
for example one from the case-management system and one from HR), and optionally
``targets*``, ``benchmarks*`` and ``councils*`` (every council's published figures), and an
Ofsted Annex A (a workbook named ``annex…`` or CSVs named ``… List N …``) from which the
measures that say how are counted here. Every file is read and every problem collected before
anything is decided, so an officer sees the whole list at once; if there is any problem the
run stops with an ExtractError and nothing downstream is written.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.catalogue import Catalogue
from vitalsigns_xl.extracts.annex_a import AnnexAFigures, count_annex_a, is_annex_a_file
from vitalsigns_xl.extracts.cells import RowParser
from vitalsigns_xl.extracts.councils import COUNCIL_COLUMNS, COUNCIL_FIELDS, parse_council
from vitalsigns_xl.extracts.problems import ExtractError, Problem
from vitalsigns_xl.extracts.readers import (
    BENCHMARK_COLUMNS,
    MEASURE_COLUMNS,
    TARGET_COLUMNS,
    LeftOut,
    Located,
    MeasureRecord,
    parse_benchmark,
    parse_measure,
    parse_rows,
    parse_target,
)
from vitalsigns_xl.extracts.tables import Row, UnreadableFile, read_table
from vitalsigns_xl.settings import load_settings

__all__ = ["ExtractError", "Extracts", "LeftOut", "Problem", "read_extracts"]


@dataclass(frozen=True)
class Kind:
    prefix: str
    columns: tuple[tuple[str, ...], tuple[str, ...]]
    parse_row: Callable[[RowParser, Row], Any]
    key: Callable[[Any], tuple[Hashable, ...]]
    key_column: str


KINDS = (
    Kind("measures", MEASURE_COLUMNS, parse_measure, lambda r: (r.indicator, r.period, r.breakdown), "period"),
    Kind("targets", TARGET_COLUMNS, parse_target, lambda r: (r.indicator, r.from_period), "from_period"),
    Kind("benchmarks", BENCHMARK_COLUMNS, parse_benchmark, lambda r: (r.indicator, r.benchmark, r.period), "benchmark"),
    Kind("councils", COUNCIL_COLUMNS, parse_council, lambda r: (r.indicator, r.label, r.la_code), "la_code"),
)


@dataclass(frozen=True)
class Extracts:
    """Validated extracts as tidy tables; ``period`` columns hold Month values."""

    measures: pd.DataFrame  # indicator, period, breakdown ("" = headline), value, numerator, denominator
    targets: pd.DataFrame  # indicator, from_period, target (None for a band), target_low, target_high, source (file and row)
    benchmarks: pd.DataFrame  # indicator, benchmark, period, label, value, source, basis ("" on the measure's definition)
    files: tuple[str, ...]
    skipped: tuple[LeftOut, ...] = ()  # rows of library measures that the report does not show
    councils: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=[*COUNCIL_FIELDS, "source"]))  # every council's
    annex_a: AnnexAFigures | None = None  # child-level detail: for the officer's workbook only

    @property
    def latest_period(self) -> Month:
        return max(self.periods)

    @property
    def periods(self) -> tuple[Month, ...]:
        return tuple(sorted(set(self.measures["period"])))


def _files_of(folder: Path, prefix: str) -> list[Path]:
    return sorted(
        path
        for path in folder.iterdir()
        if path.is_file() and path.name.lower().startswith(prefix) and not path.name.startswith(("~$", "."))
    )


def _not_files(folder: Path) -> list[Problem]:
    """Things named like an extract that are not readable files: refused, never silently left out."""
    problems = []
    for path in sorted(folder.iterdir()):
        named_like_an_extract = any(path.name.lower().startswith(kind.prefix) for kind in KINDS)
        if not named_like_an_extract or path.name.startswith(("~$", ".")) or path.is_file():
            continue
        if path.is_symlink():
            message = f"is a link to {os.readlink(path)}, which does not exist: put the file itself here"
        else:
            message = "is a folder, not a file: move it out of the extracts folder, or rename it"
        problems.append(Problem(path.name, None, None, message))
    return problems


def _duplicates(records: Sequence[Any], key: Callable[[Any], tuple[Hashable, ...]], column: str) -> list[Problem]:
    first_seen: dict[Hashable, Located] = {}
    problems = []
    for record in records:
        where = first_seen.setdefault(key(record), record.source)
        if where is not record.source:
            problems.append(
                Problem(
                    record.source.file,
                    record.source.row,
                    column,
                    f"repeats the {' / '.join(str(part) for part in key(record) if part)} row at {where}",
                )
            )
    return problems


def _frame(records: Sequence[Any], columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame([{c: getattr(r, c) for c in columns} for r in records], columns=list(columns))


def read_extracts(folder: Path, catalogue: Catalogue) -> Extracts:
    """Read and validate every extract in ``folder``; raise ExtractError listing all problems."""
    if not folder.is_dir():
        raise ExtractError([Problem(str(folder), None, None, "is not a folder of extracts")])
    problems: list[Problem] = _not_files(folder)
    records: dict[str, list[Any]] = {}
    files: list[str] = []
    skipped: list[LeftOut] = []
    for kind in KINDS:
        records[kind.prefix] = []
        for path in _files_of(folder, kind.prefix):
            files.append(path.name)
            try:
                table, column_problems = read_table(path, *kind.columns)
            except UnreadableFile as exc:
                problems.append(exc.problem)
                continue
            if column_problems:  # rows cannot be checked against a header that is wrong
                problems += column_problems
                continue
            found, row_problems = parse_rows(table, catalogue, kind.parse_row, skipped)
            problems += row_problems
            records[kind.prefix] += found
        problems += _duplicates(records[kind.prefix], kind.key, kind.key_column)
    annex_a = _annex_a(folder, catalogue, problems)
    if annex_a is not None:
        files += annex_a.files
        problems += _counted_twice(records["measures"], annex_a)
        records["measures"] += _annex_a_records(annex_a)
    elif not _files_of(folder, "measures"):
        problems.append(
            Problem(str(folder), None, None, "holds no measures extract (expected a file named measures*.csv or measures*.xlsx)")
        )
    if problems:
        raise ExtractError(problems)
    return Extracts(
        measures=_frame(records["measures"], ("indicator", "period", "breakdown", "value", "numerator", "denominator")),
        targets=_frame(records["targets"], ("indicator", "from_period", "target", "target_low", "target_high", "source")),
        benchmarks=_frame(records["benchmarks"], ("indicator", "benchmark", "period", "label", "value", "source", "basis")),
        files=tuple(files),
        skipped=tuple(skipped),
        councils=_frame(records["councils"], (*COUNCIL_FIELDS, "source")),
        annex_a=annex_a,
    )


def _annex_a(folder: Path, catalogue: Catalogue, problems: list[Problem]) -> AnnexAFigures | None:
    """The figures of an Annex A in the folder, counted with report.yaml's population and visit standards."""
    if not any(is_annex_a_file(path) for path in folder.iterdir()):
        return None
    settings = load_settings(folder)
    try:
        return count_annex_a(folder, catalogue, None, settings.population_0_17, settings.visit_standards)
    except ExtractError as exc:
        problems += exc.problems
        return None


def _annex_a_records(annex_a: AnnexAFigures) -> list[MeasureRecord]:
    where = Located(", ".join(annex_a.files), 0)
    return [
        MeasureRecord(f.indicator, f.period, f.breakdown, f.value, f.numerator, f.denominator, where)
        for f in annex_a.counted.figures
    ]


def _counted_twice(records: Sequence[MeasureRecord], annex_a: AnnexAFigures) -> list[Problem]:
    """A figure given by another extract and counted from the Annex A too: which one is right cannot be guessed."""
    counted = {(f.indicator, f.period, f.breakdown) for f in annex_a.counted.figures}
    lists = ", ".join(annex_a.files)
    return [
        Problem(
            r.source.file,
            r.source.row,
            "indicator",
            f"{r.indicator} for {r.period}{f' ({r.breakdown})' if r.breakdown else ''} is also counted from the Annex A "
            f"in {lists}; give each figure in one place only",
        )
        for r in records
        if (r.indicator, r.period, r.breakdown) in counted
    ]
