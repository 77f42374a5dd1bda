"""``vitalsigns annex-a``: the month's figures counted from an Ofsted Annex A, as a measures extract.

The output has the columns of every other measures file, so it can sit in the extracts folder
beside the HR figures. Writing into an existing measures file replaces the months it can count
again and keeps the rest: the snapshot figures of earlier months' runs (visits on time, health
checks), which the lists can no longer give, stay in the file.

Beside it goes a data-quality CSV listing every row that could not be counted (list, row as
Excel shows it, column, what is wrong, and the measures it was left out of). With ``strict``
any such row is an error and nothing is written. Child-level detail never goes into the
measures file: it holds counts only.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from vitalsigns_xl.analysis.counting import Figure
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.extracts.annex_a import AnnexAFigures, count_annex_a
from vitalsigns_xl.extracts.problems import ExtractError, Problem
from vitalsigns_xl.extracts.readers import MEASURE_COLUMNS
from vitalsigns_xl.files import write_atomically
from vitalsigns_xl.jobs.inputs import JobError, Progress, no_progress
from vitalsigns_xl.settings import load_settings

COLUMNS = ("indicator", "period", "value", "numerator", "denominator", "breakdown")
QUALITY_COLUMNS = ("list", "file", "row", "column", "problem", "measures")


@dataclass(frozen=True)
class AnnexAOutcome:
    path: Path
    quality_path: Path
    figures: AnnexAFigures
    rows_written: int
    rows_kept: int  # from an earlier run, for months this one cannot count

    @property
    def period(self) -> Month:
        return self.figures.context.period


def quality_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}_data_quality.csv")


def _number(value: float | None) -> str:
    """A figure as text: whole numbers without a decimal point, others to 6 places (ample for 3 shown)."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.6f}".rstrip("0")


def figure_row(figure: Figure) -> dict[str, str]:
    """A measures-extract row; a share is given by its numerator and denominator so the reader computes it exactly."""
    given = figure.numerator is not None and figure.denominator is not None
    return {
        "indicator": figure.indicator,
        "period": str(figure.period),
        "value": "" if given else _number(figure.value),
        "numerator": _number(figure.numerator) if given else "",
        "denominator": _number(figure.denominator) if given else "",
        "breakdown": figure.breakdown,
    }


def _kept_rows(out: Path, recounted: set[tuple[str, str]]) -> list[dict[str, str]]:
    """Rows of an earlier measures file at ``out`` for (measure, month) pairs this run does not count."""
    if not out.exists():
        return []
    try:
        text = out.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise JobError(f"{out.name} exists but cannot be read as the measures CSV to add to ({exc})") from None
    reader = csv.DictReader(io.StringIO(text))
    required = MEASURE_COLUMNS[0]
    if reader.fieldnames is None or not set(required) <= set(reader.fieldnames):
        raise JobError(f"{out.name} exists but is not a measures extract (it needs the columns {', '.join(required)})")
    return [
        {c: (row.get(c) or "") for c in COLUMNS}
        for row in reader
        if (row.get("indicator", ""), row.get("period", "")) not in recounted
    ]


def _csv_bytes(columns: tuple[str, ...], rows: Sequence[Mapping[str, object]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")  # the byte-order mark makes Excel read UTF-8


def run(
    source: Path,
    out: Path,
    period: Month | None = None,
    population: float | None = None,
    strict: bool = False,
    catalogue_path: Path | None = None,
    settings_folder: Path | None = None,
    progress: Progress = no_progress,
) -> AnnexAOutcome:
    """Count the figures from the Annex A at ``source`` into the measures CSV ``out``, and its data-quality CSV.

    The measures counted are those of the report (``catalogue_path``, else the folder's report.yaml,
    else the Bradford report). The population and visit standards come from ``report.yaml`` in
    ``settings_folder`` (default: the Annex A's folder) unless ``population`` is given.
    """
    from vitalsigns_xl.library import report_for

    folder = settings_folder or (source if source.is_dir() else source.parent)
    catalogue = report_for(folder, catalogue_path).catalogue
    settings = load_settings(folder)
    progress("reading the Annex A lists")
    figures = count_annex_a(source, catalogue, period, population or settings.population_0_17, settings.visit_standards)
    quality = figures.quality_rows()
    if strict and quality:
        raise ExtractError(Problem(r.file, r.row, r.column, r.problem) for r in quality)
    rows = [figure_row(f) for f in figures.counted.figures]
    recounted = {(row["indicator"], row["period"]) for row in rows}
    kept = _kept_rows(out, recounted)
    everything = sorted(kept + rows, key=lambda r: (r["indicator"], r["period"], r["breakdown"]))
    progress("writing the figures")
    write_atomically(out, lambda temporary: temporary.write_bytes(_csv_bytes(COLUMNS, everything)))
    target = quality_path(out)
    quality_rows = [r.as_row() for r in quality]
    write_atomically(target, lambda temporary: temporary.write_bytes(_csv_bytes(QUALITY_COLUMNS, quality_rows)))
    return AnnexAOutcome(out, target, figures, len(rows), len(kept))


def summary_lines(outcome: AnnexAOutcome) -> list[str]:
    """What the officer reads at the end: what was written, what could not be counted, and the data quality."""
    figures = outcome.figures
    counted = figures.counted
    measures = sorted({f.indicator for f in counted.figures})
    context = figures.context
    lines = [
        f"Wrote {outcome.path}: {outcome.rows_written:,} figures for {len(measures)} measures, "
        f"{context.first.long_label} to {context.period.long_label}, from {', '.join(figures.files)} "
        f"(lists taken {context.snapshot:%d/%m/%Y})."
    ]
    if outcome.rows_kept:
        lines.append(f"Kept {outcome.rows_kept:,} figures already in the file for months these lists cannot count.")
    if counted.not_counted:
        lines.append("Not counted from these lists (they keep coming from the other extracts):")
        lines += [f"  {indicator}: {why}" for indicator, why in counted.not_counted.items()]
    quality = figures.quality_rows()
    if quality:
        by_problem = Counter(r.kind for r in quality)
        by_measure = Counter(m for r in quality for m in r.measures)
        lines.append(f"{len(quality):,} rows could not be counted; they are listed in {outcome.quality_path}:")
        lines += [f"  {n:,} × {problem}" for problem, n in by_problem.most_common()]
        if by_measure:
            lines.append("  left out of: " + ", ".join(f"{m} ({n:,})" for m, n in sorted(by_measure.items())))
    else:
        lines.append(f"Every row could be counted ({outcome.quality_path} is empty).")
    return lines
