"""Time ``vitalsigns annex-a`` on a large council's year of Annex A lists, beside reading the same files with pandas.

Synthetic lists over 13 months: 100,000 contacts, 40,000 referrals, 35,000 assessments, 8,000
section 47 enquiries, 3,000 child protection plans and 2,000 children in care, as one CSV per
list (``--xlsx`` writes one workbook instead). Prints the time to read the files with
``pandas.read_csv``/``read_excel`` alone, the time of the whole count, the difference, and the
peak memory of the count. Run: ``python bench/annex_a.py [--xlsx]``.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vitalsigns_xl.extracts.annex_a import count_annex_a  # noqa: E402
from vitalsigns_xl.library import default_report  # noqa: E402

START = date(2019, 6, 1)
DAYS = 395  # 13 months


def _dates(rng: np.random.Generator, n: int, low: int = 0, high: int = DAYS) -> np.ndarray:
    return np.datetime64(START) + rng.integers(low, high, n).astype("timedelta64[D]")


def _text(days: np.ndarray) -> list[str]:
    return [pd.Timestamp(d).strftime("%d/%m/%Y") if not np.isnat(d) else "" for d in days]


def lists(seed: int = 7) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)

    def ids(n: int) -> list[str]:
        return [f"B{i:07d}" for i in rng.integers(0, 400_000, n)]

    starts = _dates(rng, 35_000, -60, DAYS - 30)
    authorised = starts + rng.integers(0, 70, 35_000).astype("timedelta64[D]")
    visits = np.datetime64(START) + DAYS - rng.integers(0, 20, 3_000).astype("timedelta64[D]")
    s47 = _dates(rng, 8_000)
    plan_start = _dates(rng, 3_000, -800, DAYS)
    nat = np.datetime64("NaT", "D")
    plan_end = np.where(rng.random(3_000) < 0.4, plan_start + rng.integers(30, 700, 3_000).astype("timedelta64[D]"), nat)
    plan_end = np.where(plan_end <= np.datetime64(START) + DAYS, plan_end, nat)  # NaT compares False, so stays NaT
    care_start = _dates(rng, 2_000, -2000, DAYS)
    care_end = np.array(
        [s + np.timedelta64(int(rng.integers(20, 900)), "D") if rng.random() < 0.3 else np.datetime64("NaT") for s in care_start]
    )
    care_end = np.where(care_end > np.datetime64(START) + DAYS, np.datetime64("NaT"), care_end)
    return {
        "List 1": pd.DataFrame(
            {"Child Unique ID": ids(100_000), "Gender": "a) Male", "Date of Contact": _text(_dates(rng, 100_000))}
        ),
        "List 3": pd.DataFrame({"Child Unique ID": ids(40_000), "Date of referral": _text(_dates(rng, 40_000))}),
        "List 4": pd.DataFrame(
            {
                "Child Unique ID": ids(35_000),
                "Continuous Assessment Start Date": _text(starts),
                "Continuous Assessment Date of Authorisation": _text(authorised),
            }
        ),
        "List 5": pd.DataFrame(
            {
                "Child Unique ID": ids(8_000),
                "Strategy discussion initiating Section 47 Enquiry Start Date": _text(s47),
                "Date of Initial Child Protection Conference": _text(s47 + rng.integers(0, 25, 8_000).astype("timedelta64[D]")),
            }
        ),
        "List 7": pd.DataFrame(
            {
                "Child Unique ID": [f"P{i:06d}" for i in range(3_000)],
                "Child Protection Plan Start Date": _text(plan_start),
                "Child Protection Plan End Date": _text(plan_end),
                "Number of Previous Child Protection Plans": rng.integers(0, 3, 3_000),
                "Date of the Last Statutory Visit": _text(visits),
            }
        ),
        "List 8": pd.DataFrame(
            {
                "Child Unique ID": [f"L{i:06d}" for i in range(2_000)],
                "Date of Birth": _text(_dates(rng, 2_000, -6000, -400)),
                "Date Started to be Looked After": _text(care_start),
                "Date Ceased to be Looked After": _text(care_end),
                "Reason Ceased to be Looked After": np.where(np.isnat(care_end), "", "E4A"),
                "Child's Legal Status": "C2",
                "Placement Type": "U4",
                "Number of Placements in the Last 12 months": rng.integers(1, 5, 2_000),
                "Date of Last Health Assessment": _text(_dates(rng, 2_000, 0, DAYS)),
                "Date of Last Dental Check": _text(_dates(rng, 2_000, 0, DAYS)),
                "Date of Last Social Work Visit": _text(_dates(rng, 2_000, DAYS - 60, DAYS)),
            }
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--xlsx", action="store_true", help="one workbook with a sheet per list instead of CSVs")
    args = parser.parse_args()
    catalogue = default_report().catalogue
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        frames = lists()
        if args.xlsx:
            source = folder / "Annex_A.xlsx"
            with pd.ExcelWriter(source) as writer:
                for name, frame in frames.items():
                    frame.to_excel(writer, sheet_name=name, index=False)
        else:
            for name, frame in frames.items():
                frame.to_csv(folder / f"{name}.csv", index=False)
            source = folder
        rows = sum(len(f) for f in frames.values())
        began = time.perf_counter()
        if args.xlsx:
            pd.read_excel(source, sheet_name=None, dtype=object)
        else:
            for name in frames:
                pd.read_csv(folder / f"{name}.csv", dtype=object)
        reading = time.perf_counter() - began
        began = time.perf_counter()
        figures = count_annex_a(source, catalogue, population=150_000)
        counting = time.perf_counter() - began
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kind = "one workbook" if args.xlsx else "CSVs"
    print(f"Annex A, {rows:,} rows in {kind} over 13 months ({timedelta(days=DAYS).days} days):")
    print(f"  pandas reading alone      {reading:6.2f} s")
    print(f"  vitalsigns annex-a count  {counting:6.2f} s ({len(figures.counted.figures):,} figures)")
    print(f"  beyond the reading        {counting - reading:6.2f} s  (aim: under 5 s)")
    print(f"  peak memory               {peak_mb:6.0f} MB (aim: under 1,024 MB)")


if __name__ == "__main__":
    main()
