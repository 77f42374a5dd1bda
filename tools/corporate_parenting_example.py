"""Writes the made-up figures of the corporate-parenting example: examples/corporate_parenting/*.csv.

The example shows a second council's pack defined only by its report file, so its figures
only need to be plausible, not real. They are generated from the report itself (every
measure it picks, with the unit and breakdowns the library gives it), from a random
generator seeded by each measure's id: the same report always gives the same files, and a
test checks that the committed files are exactly what this script writes.

    python tools/corporate_parenting_example.py            # rewrite the files
    python tools/corporate_parenting_example.py --check    # exit 1 if they differ
"""

from __future__ import annotations

import csv
import io
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vitalsigns_xl.analysis.periods import Month  # noqa: E402
from vitalsigns_xl.catalogue import Indicator, Unit  # noqa: E402
from vitalsigns_xl.library import load_report  # noqa: E402

FOLDER = ROOT / "examples" / "corporate_parenting"
FIRST, LAST = Month(2018, 7), Month(2020, 6)
CHILDREN_AGED_0_17 = 64_250  # the example council's population, for the rates per 10,000
CHILDREN_IN_CARE = -1  # a percentage's cohort that is every child in care that month

# Levels that make the example read like a council of about 420 children in care. A measure not
# named here gets a level from its unit. (level, change per month, noise, cohort for percentages)
PROFILES: dict[str, tuple[float, float, float, int]] = {
    "cic_count": (405, 0.9, 4, 0),
    "cic_started": (14, 0.0, 3, 0),
    "cic_ceased": (13, 0.0, 3, 0),
    "cic_uasc": (21, 0.1, 1, 0),
    "cic_missing_children": (11, 0.0, 3, 0),
    "cic_missing_episodes": (26, 0.1, 6, 0),
    "foster_households_approved": (2, 0.0, 1, 0),
    "adoption_children_waiting": (17, -0.1, 2, 0),
    "care_leavers_count": (236, 0.6, 2, 0),
    "adoption_days_entering_care_to_placement": (512, -3.0, 12, 0),
    "cic_sdq_average": (14.6, -0.02, 0.2, 0),
    "cic_ks4_attainment_8": (19.8, 0.0, 0.0, 0),
    "iro_caseload": (66, 0.1, 1.5, 0),
    "cic_second_period": (6, 0.0, 3, 14),
    "cic_return_interviews_72h": (84, 0.3, 4, 26),
    "cic_initial_health_assessments_20wd": (71, 0.6, 6, 14),
    "cic_ks2_expected_standard": (32, 0.0, 0, 22),
    "cic_camhs_seen_18_weeks": (78, 0.2, 7, 9),
    "cic_reviews_on_time": (96.5, 0.05, 1.5, 88),
    "cic_review_participation_rate": (91, 0.1, 2, 80),
    "iro_escalations_resolved_informally": (88, 0.0, 5, 12),
    "complaints_stage_1_on_time": (74, 0.4, 8, 9),
    "care_leavers_in_touch": (93, 0.1, 1.5, 236),
    "care_leavers_pathway_plan": (86, 0.3, 2, 236),
    "care_leavers_eet": (52, 0.2, 2, 150),
    "care_leavers_suitable_accommodation": (87, 0.1, 2, 150),
    "care_leavers_staying_put": (31, 0.2, 5, 34),
    "care_leavers_personal_adviser": (97, 0.0, 1, 190),
    "care_leavers_council_tax_exempt": (81, 0.5, 3, 64),
    "cic_three_placements": (10.5, -0.05, 1, CHILDREN_IN_CARE),
    "cic_long_term_stability": (66, 0.2, 2, 118),
    "cic_placed_out_of_area": (27, -0.1, 1.5, CHILDREN_IN_CARE),
    "cic_placed_over_20_miles": (13.5, -0.05, 1, CHILDREN_IN_CARE),
    "cic_in_house_foster": (64, 0.2, 1.5, 260),
    "cic_ceased_adopted": (11, 0.0, 2, 150),
    "cic_ceased_sgo": (13, 0.0, 2, 150),
    "cic_convicted": (4.5, 0.0, 0.8, 190),
    "cic_16_17_neet": (14, -0.1, 2.5, 70),
    "cic_ehc_plans": (29, 0.05, 0.8, 290),
    "cic_persistent_absence": (13, 0.1, 1.5, 290),
    "cic_suspensions": (9, 0.0, 1.2, 290),
}
BY_UNIT: dict[Unit, tuple[float, float, float, int]] = {
    Unit.PERCENT: (85, 0.2, 2.5, 300),
    Unit.COUNT: (40, 0.1, 4, 0),
    Unit.DAYS: (400, -1.0, 15, 0),
    Unit.RATIO: (20, 0.0, 1, 0),
    Unit.FTE: (120, 0.0, 2, 0),
    Unit.RATE_PER_10K: (60, 0.1, 1, 0),
}
# Typical shares of the parts of a breakdown, in the library's order of its categories.
SHARES: dict[str, list[float]] = {
    "cic_placement_mix": [52, 18, 10, 9, 7, 4, 1],
    "cic_by_legal_status": [22, 55, 8, 14, 1],
    "cic_by_age": [5, 14, 19, 39, 23],
    "cic_started": [30, 45, 8, 7, 10],
    "cic_ceased": [30, 12, 30, 14, 14],
    "cic_review_participation": [45, 8, 3, 6, 12, 17, 9],
}
ANNUAL = {"cic_ks2_expected_standard", "cic_ks4_attainment_8"}  # results arrive once a year, in October
COLUMNS = ("indicator", "period", "value", "numerator", "denominator", "breakdown")


def _months() -> list[Month]:
    months, month = [], FIRST
    while month <= LAST:
        months.append(month)
        month = month.shift(1)
    return months


def _level(indicator: Indicator, rng: random.Random, step: int) -> float:
    level, trend, noise, _ = PROFILES.get(indicator.id, BY_UNIT[indicator.unit])
    if indicator.id in ANNUAL:
        step = step // 12
        trend = noise = 0.0
        level += rng.uniform(-2, 2) * (step + 1)
    return level + trend * step + rng.gauss(0, noise)


def _shares(rng: random.Random, size: int) -> list[float]:
    weights = [rng.uniform(0.5, 4.0) for _ in range(size)]
    return [w / sum(weights) for w in weights]


def _split(total: int, shares: list[float]) -> list[int]:
    parts = [round(total * s) for s in shares]
    parts[0] += total - sum(parts)
    return parts


def _rows(indicator: Indicator, cic: dict[Month, int]) -> list[tuple[object, ...]]:
    rng = random.Random(f"corporate-parenting:{indicator.id}")
    rows: list[tuple[object, ...]] = []
    shares = _shares(rng, len(indicator.breakdowns)) if indicator.breakdowns else []
    typical = SHARES.get(indicator.id, [])
    if len(typical) == len(shares):
        shares = [share / sum(typical) for share in typical]
    for step, month in enumerate(_months()):
        if indicator.id == "cic_rate":
            rows.append((indicator.id, month, round(cic[month] * 10_000 / CHILDREN_AGED_0_17, 1), "", "", ""))
        elif indicator.breakdowns:
            drifted = [max(0.01, s + rng.gauss(0, 0.01)) for s in shares]
            drifted = [s / sum(drifted) for s in drifted]
            ids = [b.id for b in indicator.breakdowns]
            if indicator.unit is Unit.PERCENT:
                denominator = cic[month] if indicator.id.startswith("cic_") and "review" not in indicator.id else 80 + step % 7
                for part, numerator in zip(ids, _split(denominator, drifted), strict=True):
                    rows.append((indicator.id, month, "", numerator, denominator, part))
            else:
                total = max(0, round(_level(indicator, rng, step)))
                for part, count in zip(ids, _split(total, drifted), strict=True):
                    rows.append((indicator.id, month, count, "", "", part))
        elif indicator.unit is Unit.PERCENT:
            cohort = PROFILES.get(indicator.id, BY_UNIT[Unit.PERCENT])[3]
            denominator = cic[month] if cohort == CHILDREN_IN_CARE else max(1, cohort + (step * cohort) // 200)
            share = min(1.0, max(0.0, _level(indicator, rng, step) / 100))
            rows.append((indicator.id, month, "", round(denominator * share), denominator, ""))
        elif indicator.unit is Unit.COUNT:
            value = cic[month] if indicator.id == "cic_count" else max(0, round(_level(indicator, rng, step)))
            rows.append((indicator.id, month, value, "", "", ""))
        else:
            value = round(max(0.0, _level(indicator, rng, step)), indicator.decimals)
            rows.append((indicator.id, month, value if indicator.decimals else int(value), "", "", ""))
    return rows


def _children_in_care(indicator: Indicator) -> dict[Month, int]:
    rng = random.Random(f"corporate-parenting:{indicator.id}")
    return {month: round(_level(indicator, rng, step)) for step, month in enumerate(_months())}


TARGETS = (
    ("visits_cic_on_time", 90, "2019-04"),
    ("cic_pep_up_to_date", 95, "2019-04"),
    ("cic_health_assessments", 90, "2019-04"),
    ("cic_dental_checks", 85, "2019-04"),
    ("cic_initial_health_assessments_20wd", 80, "2019-04"),
    ("cic_initial_health_assessments_20wd", 85, "2020-04"),
    ("cic_three_placements", 10, "2019-04"),
    ("cic_placed_out_of_area", 25, "2019-04"),
    ("care_leavers_pathway_plan", 90, "2019-04"),
    ("care_leavers_eet", 55, "2019-04"),
    ("care_leavers_suitable_accommodation", 88, "2019-04"),
    ("cic_sdq_completed", 85, "2019-04"),
    ("cic_camhs_seen_18_weeks", 85, "2019-04"),
)


def _csv(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def files() -> dict[str, str]:
    """File name → text of every generated file."""
    catalogue = load_report(FOLDER / "report.yaml").catalogue
    cic = _children_in_care(catalogue.indicator("cic_count"))
    rows = [row for indicator in catalogue.indicators for row in _rows(indicator, cic)]
    return {
        "measures.csv": _csv(COLUMNS, rows),
        "targets.csv": _csv(("indicator", "target", "from_period"), list(TARGETS)),
    }


def main(argv: list[str]) -> int:
    stale = [
        name
        for name, text in files().items()
        if not (FOLDER / name).is_file() or (FOLDER / name).read_text(encoding="utf-8") != text
    ]
    if "--check" in argv:
        for name in stale:
            print(f"examples/corporate_parenting/{name} is not what tools/corporate_parenting_example.py writes")
        return 1 if stale else 0
    for name, text in files().items():
        (FOLDER / name).write_text(text, encoding="utf-8")
    print(f"wrote {', '.join(files())} in {FOLDER.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
