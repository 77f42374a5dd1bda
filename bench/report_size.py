"""Report-size benchmark: time per measure of a 150-measure council report against the 35-measure Bradford pack.

Both are built end to end as an officer's `vitalsigns build` does (report file resolved
against the library, extracts read and checked, model, drafted commentary, workbook
written), each from a folder of 13 months of figures. The large report picks every library
measure and defines the rest as local measures in its own report.yaml, so the report-file
path is timed as a council would use it. Printed: seconds (median of 3), seconds per
measure, and the ratio of the two per-measure times (issue 18 asks for at most 2).

    python bench/report_size.py
"""

from __future__ import annotations

import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vitalsigns_xl.analysis.periods import Month, window  # noqa: E402
from vitalsigns_xl.catalogue import Catalogue, Indicator, Unit  # noqa: E402
from vitalsigns_xl.jobs.build import build  # noqa: E402
from vitalsigns_xl.library import default_report, load_library, load_report  # noqa: E402

MONTHS = 13
PERIOD = Month(2020, 6)
LARGE = 150


def _figure(indicator: Indicator, n: int, k: int) -> dict[str, object]:
    if indicator.unit is Unit.PERCENT:
        return {"numerator": 40 + (n * 7 + k * 3) % 50, "denominator": 100}
    return {"value": 10 + (n * 13 + k * 7) % 90}


def write_measures(folder: Path, catalogue: Catalogue) -> int:
    """13 months of made-up figures for every measure of ``catalogue``, breakdowns included; returns the row count."""
    rows: list[dict[str, object]] = []
    for n, indicator in enumerate(catalogue.indicators):
        for k, month in enumerate(window(PERIOD, MONTHS)):
            parts = [b.id for b in indicator.breakdowns] or [""]
            for p, part in enumerate(parts):
                figure = _figure(indicator, n + p, k)
                if indicator.breakdowns and indicator.unit is Unit.PERCENT:
                    figure = {"numerator": 100 // len(parts), "denominator": 100}
                rows.append({"indicator": indicator.id, "period": str(month), "breakdown": part, **figure})
    with (folder / "measures.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["indicator", "period", "value", "numerator", "denominator", "breakdown"])
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def large_report(folder: Path) -> Path:
    """A report.yaml of every library measure plus local measures up to 150, in six sections."""
    library = load_library()
    picked: list[str | dict[str, object]] = [entry.measure.id for entry in library.entries]
    template = library.get("cic_reviews_on_time")
    assert template is not None
    local = [
        {
            **template.measure.model_dump(mode="json", exclude={"counting", "target", "breakdowns"}),
            "id": f"local_{n:03d}",
            "title": f"Local measure {n}",
        }
        for n in range(LARGE - len(picked))
    ]
    picked += [m["id"] for m in local]
    sections = [{"title": f"Section {s + 1}", "measures": picked[s::6]} for s in range(6)]
    path = folder / "report.yaml"
    path.write_text(
        yaml.safe_dump({"title": "A large report", "sections": sections, "local_measures": local}, sort_keys=False),
        encoding="utf-8",
    )
    return path


def timed(folder: Path, out: Path, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        build(folder, out)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        small_dir, large_dir = Path(work) / "bradford", Path(work) / "large"
        small_dir.mkdir()
        large_dir.mkdir()
        small = default_report().catalogue
        small_rows = write_measures(small_dir, small)
        large = load_report(large_report(large_dir)).catalogue
        large_rows = write_measures(large_dir, large)
        build(small_dir, Path(work) / "warm.xlsx")  # imports and caches
        results = []
        for label, folder, catalogue, rows in (
            ("Bradford report", small_dir, small, small_rows),
            ("150-measure report", large_dir, large, large_rows),
        ):
            seconds = timed(folder, Path(work) / f"{folder.name}.xlsx")
            per = seconds / len(catalogue.indicators)
            results.append(per)
            print(
                f"{label:<20} {len(catalogue.indicators):>4} measures {rows:>6} figures ({MONTHS} months): "
                f"{seconds:6.2f} s, {per * 1000:6.1f} ms per measure (median of 3)"
            )
    print(f"time per measure, 150-measure report / Bradford report: {results[1] / results[0]:.2f}x (at most 2x asked)")


if __name__ == "__main__":
    main()
