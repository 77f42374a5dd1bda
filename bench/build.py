"""Workbook build benchmark: prints figures from one run.

Times the start of the command line and of the Refresh entry point (whole processes), the
example pack in-process, the in-place writer of Refresh on the example report (through the
in-memory implementation of its interface), then synthetic packs of 25, 100 and 400 measures over
13, 60 and 120 months, each against pandas.DataFrame.to_excel (xlsxwriter engine) dumping
the same tidy table. Each synthetic pack is built in a fresh process so that its peak
memory (VmHWM on Linux) is its own.

    python bench/build.py            # full grid
    python bench/build.py --quick    # example pack and the smallest and largest sizes
    python bench/build.py --spc      # only what SPC adds to the build (CPU s), 400 measures over 120 months
    python bench/build.py --startup  # only the start-up and in-place refresh figures
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vitalsigns_xl.analysis.periods import Month, window  # noqa: E402
from vitalsigns_xl.catalogue import Catalogue, Indicator  # noqa: E402
from vitalsigns_xl.extracts import Extracts, read_extracts  # noqa: E402
from vitalsigns_xl.jobs.board_pack import board_pack  # noqa: E402
from vitalsigns_xl.jobs.build import build  # noqa: E402
from vitalsigns_xl.jobs.refresh import refresh  # noqa: E402
from vitalsigns_xl.library import default_report  # noqa: E402
from vitalsigns_xl.model import build_report  # noqa: E402
from vitalsigns_xl.render import RenderOptions, write_workbook  # noqa: E402
from vitalsigns_xl.render.excel_sheets import MacroOptions  # noqa: E402

UNITS = ("percent", "count", "rate_per_10k", "days")


def synthetic(measures: int, months: int) -> tuple[Catalogue, Extracts]:
    """A catalogue of ``measures`` copies of real entries, and ``months`` months of figures for each."""
    base = default_report().catalogue
    templates = [i for i in base.indicators if not i.breakdowns and i.unit in UNITS]
    sections = base.sections
    indicators: list[Indicator] = []
    for n in range(measures):
        template = templates[n % len(templates)]
        indicators.append(
            template.model_copy(update={"id": f"m{n:03d}", "code": f"{n + 1}", "section": sections[n % len(sections)].id})
        )
    catalogue = Catalogue(report=base.report, sections=sections, indicators=tuple(indicators))
    period = Month(2020, 6)
    rows = []
    for n, ind in enumerate(indicators):
        for k, month in enumerate(window(period, months)):
            value = 50 + 30 * ((n * 7 + k * 3) % 11) / 11 if ind.unit == "percent" else 100 + (n * 13 + k * 7) % 97
            rows.append(
                {"indicator": ind.id, "period": month, "breakdown": "", "value": value, "numerator": None, "denominator": None}
            )
    measures_df = pd.DataFrame(rows)
    targets = pd.DataFrame(
        [
            {"indicator": i.id, "from_period": period.shift(-months), "target": 70.0, "target_low": None, "target_high": None}
            for i in indicators
            if i.rag
        ],
        columns=["indicator", "from_period", "target", "target_low", "target_high"],
    )
    benchmarks = pd.DataFrame(columns=["indicator", "benchmark", "period", "label", "value"])
    return catalogue, Extracts(measures_df, targets, benchmarks, ("synthetic",))


def build_once(catalogue: Catalogue, extracts: Extracts, out_dir: Path) -> tuple[float, float]:
    """Seconds to build the pack (model and workbook), and seconds for to_excel of the same tidy data."""
    start = time.perf_counter()
    report = build_report(catalogue, extracts)
    options = RenderOptions("Bench", "Board", "OFFICIAL", datetime(2020, 7, 1), report.period)
    write_workbook(out_dir / "pack.xlsx", report, catalogue, extracts, options)
    pack = time.perf_counter() - start
    start = time.perf_counter()
    extracts.measures.assign(period=extracts.measures["period"].astype(str)).to_excel(
        out_dir / "dump.xlsx", engine="xlsxwriter", index=False
    )
    return pack, time.perf_counter() - start


def median_seconds(job: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return sorted(times)[runs // 2]


def jobs(pack_seconds: float) -> None:
    """The officer's jobs on the example extracts, end to end (reading, drafting, writing), against the bare pack."""
    examples = ROOT / "examples"
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        timings = {
            "build (.xlsx, with drafted commentary)": median_seconds(lambda: build(examples, out / "a.xlsx")),
            "build --xlsm (VBA project, buttons)": median_seconds(lambda: build(examples, out / "a.xlsm", macros=MacroOptions())),
            "refresh (read back, regenerate, backup)": median_seconds(lambda: refresh(out / "a.xlsx", examples)),
            "board-pack --suppress-small-numbers": median_seconds(
                lambda: board_pack(out / "a.xlsx", out / "b", suppress_small=True)
            ),
            "board-pack --encrypt": median_seconds(lambda: board_pack(examples, out / "c", password="bench password")),
        }
    for name, seconds in timings.items():
        print(f"  {name:<42} {seconds:6.3f} s  ({seconds / pack_seconds:.1f}x the bare pack)")


SPC_TARGET = 0.5  # seconds SPC may add to a build of 400 measures over 120 months (issue 14)


def spc_cost(measures: int = 400, months: int = 120, runs: int = 9, model_runs: int = 9) -> None:
    """What SPC adds to a build, in CPU seconds: the same pack with SPC and with it turned off for every measure.

    CPU time (time.process_time), not wall time, so that another job on the machine counts less.
    Whole builds (report model and workbook) with and without SPC take turns, ``runs`` of each; the
    report model alone, SPC's statistics, is timed the same way ``model_runs`` times, as its share is
    small beside the builds' spread. Each figure is a median. The garbage of one build (a whole
    workbook) is collected before the next is timed, so that no build pays for another's. The
    forecasts, the same with and without SPC, are fitted once beforehand and reused from their cache.
    """
    import gc
    import os
    import statistics

    catalogue, extracts = synthetic(measures, months)
    without = catalogue.model_copy(
        update={"indicators": tuple(i.model_copy(update={"spc": False}) for i in catalogue.indicators)}
    )
    packs = {"with": catalogue, "without": without}
    charted = sum(item.spc is not None for item in build_report(catalogue, extracts).indicators)

    def cpu_seconds(job: Callable[[], object]) -> float:
        gc.collect()
        start = time.process_time()
        job()
        return time.process_time() - start

    def build_pack(cat: Catalogue, folder: Path) -> None:
        report = build_report(cat, extracts)
        options = RenderOptions("Bench", "Board", "OFFICIAL", datetime(2020, 7, 1), report.period)
        write_workbook(folder / "pack.xlsx", report, cat, extracts, options)

    model: dict[str, list[float]] = {name: [] for name in packs}
    whole: dict[str, list[float]] = {name: [] for name in packs}
    for _ in range(model_runs):
        for name, cat in packs.items():
            model[name].append(cpu_seconds(lambda cat=cat: build_report(cat, extracts)))
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(runs):
            for name, cat in packs.items():
                whole[name].append(cpu_seconds(lambda cat=cat: build_pack(cat, Path(folder))))
    (model_with, model_without), (build_with, build_without) = (
        [statistics.median(found[name]) for name in packs] for found in (model, whole)
    )
    # Each build with SPC is set against the build without it that ran next: a pair shares the machine's state at
    # the time, so the median of the pairs' differences moves less from run to run than a difference of medians.
    added = statistics.median(w - wo for w, wo in zip(whole["with"], whole["without"], strict=True))
    spread = max(w - wo for w, wo in zip(whole["with"], whole["without"], strict=True))
    model_added = statistics.median(w - wo for w, wo in zip(model["with"], model["without"], strict=True))
    verdict = "met" if added < SPC_TARGET else f"not met, {added - SPC_TARGET:.2f} s over"
    print(
        f"SPC for {measures} measures x {months} months ({charted} XmR charts), CPU seconds "
        f"(builds: median of {runs}; report model alone: median of {model_runs}):"
    )
    print(f"  build with SPC      {build_with:6.2f} s  (report model {model_with:.2f} s)")
    print(f"  build without SPC   {build_without:6.2f} s  (report model {model_without:.2f} s)")
    print(
        f"  SPC adds            {added:6.2f} s  (median of the {runs} pairs, the largest {spread:.2f} s; "
        f"the report model's statistics {model_added:.2f} s, the workbook the rest)"
    )
    print(f"  target, under {SPC_TARGET} s added: {verdict}")
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end")


def process_seconds(args: list[str], runs: int = 5) -> float:
    """Median wall time of a whole process, as the officer waits for it."""
    return median_seconds(lambda: subprocess.run(args, check=True, capture_output=True), runs)


def startup() -> None:
    """How long the command line and the Refresh button's Python take to start, against a bare interpreter."""
    bare = process_seconds([sys.executable, "-c", "pass"])
    command = Path(sys.executable).with_name("vitalsigns")
    timings = {
        "vitalsigns --help (whole process)": process_seconds([str(command), "--help"]),
        "import vitalsigns_xl.cli": process_seconds([sys.executable, "-c", "import vitalsigns_xl.cli"]),
        "import vitalsigns_xl.excel (Refresh entry)": process_seconds([sys.executable, "-c", "import vitalsigns_xl.excel"]),
    }
    print(f"start-up (median of 5 processes; a bare `python -c pass` takes {bare:.3f} s):")
    for name, seconds in timings.items():
        print(f"  {name:<42} {seconds:6.3f} s  ({seconds - bare:+.3f} s over the bare interpreter)")


def in_place(pack_seconds: float | None = None) -> None:
    """Refresh in place: describing the example report and writing it into an open workbook held in memory."""
    from vitalsigns_xl.jobs.build import commentary_for
    from vitalsigns_xl.jobs.inputs import load_inputs
    from vitalsigns_xl.live import MemoryBook, check_shape, describe, expected_names, write_update

    inputs = load_inputs(ROOT / "examples")
    commentary = commentary_for(inputs, {})
    options = inputs.render_options()
    cells = 0

    def refresh_once() -> None:
        nonlocal cells
        sections, update = describe(inputs.report, inputs.catalogue, inputs.extracts, commentary, options)
        book = MemoryBook(names=expected_names(sections))
        check_shape(book, sections)
        cells = write_update(book, update)

    seconds = median_seconds(refresh_once, 5)
    against = f"; {seconds / pack_seconds:.2f}x the bare pack" if pack_seconds else ""
    print(
        f"refresh in place: describe and write {cells:,} cells into a workbook held in memory, {seconds:.3f} s "
        f"(median of 5{against}; in Excel each cell written adds Excel's own time)"
    )


def child(measures: int, months: int) -> None:
    catalogue, extracts = synthetic(measures, months)
    with tempfile.TemporaryDirectory() as folder:
        pack, dump = build_once(catalogue, extracts, Path(folder))
        size = (Path(folder) / "pack.xlsx").stat().st_size
    print(f"{measures},{months},{pack:.3f},{dump:.3f},{peak_megabytes():.0f},{size}")


def peak_megabytes() -> float:
    """This process's peak memory. On Linux, VmHWM: ru_maxrss keeps the peak of the process this one was forked
    from (it survives exec), so a small pack started after a large one would report the large one's peak."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        status = ""
    kilobytes = next((line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")), None)
    return int(kilobytes) / 1024 if kilobytes else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--spc", action="store_true")
    parser.add_argument("--startup", action="store_true")
    parser.add_argument("--child", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if args.spc:
        spc_cost()
        return
    startup()
    if args.startup:
        in_place()
        return
    catalogue = default_report().catalogue
    extracts = read_extracts(ROOT / "examples", catalogue)
    with tempfile.TemporaryDirectory() as folder:
        build_once(catalogue, extracts, Path(folder))  # warm imports and caches
        runs = [build_once(catalogue, extracts, Path(folder)) for _ in range(5)]
    pack = sorted(r[0] for r in runs)[2]
    dump = sorted(r[1] for r in runs)[2]
    print(
        f"example pack ({len(catalogue.indicators)} measures, {len(extracts.measures)} figures): "
        f"{pack:.3f} s in-process (median of 5); to_excel of the same data {dump:.3f} s; ratio {pack / dump:.1f}x"
    )
    in_place(pack)
    print("jobs on the example extracts (median of 3):")
    jobs(pack)
    spc_cost()
    grid = [(25, 13), (400, 120)] if args.quick else [(m, n) for m in (25, 100, 400) for n in (13, 60, 120)]
    headings = (
        ("measures", 8), ("months", 6), ("figures", 8), ("pack s", 8),
        ("to_excel s", 10), ("ratio", 6), ("peak MB", 8), ("file KB", 8),
    )  # fmt: skip
    print(" ".join(f"{name:>{width}}" for name, width in headings))
    for measures, months in grid:
        line = (
            subprocess.run(
                [sys.executable, __file__, "--child", str(measures), str(months)], capture_output=True, text=True, check=True
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        m, n, pack_s, dump_s, peak, size = line.split(",")
        print(
            f"{m:>8} {n:>6} {int(m) * int(n):>8} {float(pack_s):>8.2f} {float(dump_s):>10.2f} "
            f"{float(pack_s) / float(dump_s):>5.1f}x {peak:>8} {int(size) // 1024:>8}"
        )


if __name__ == "__main__":
    main()
