"""SPC in the report model: when the catalogue turns it on, its chart window, fixed limits and rebasing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.catalogue_files import default_catalogue_data, entry, write_catalogue
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.analysis.spc import Assurance, Rule, Variation
from vitalsigns_xl.catalogue import Indicator
from vitalsigns_xl.model import Report, Stepped, spc_view

JUNE = Month(2020, 6)


def indicator(**changes: Any) -> Indicator:
    fields: dict[str, Any] = dict(
        id="visits",
        code="2a",
        section="timeliness",
        title="Visits on time",
        unit="percent",
        polarity="higher_is_better",
        decimals=1,
        chart="line",
        rag={"tolerance": 5},
        why="Why.",
        definition="Definition.",
        owner="Owner.",
        source="Source.",
    )
    return Indicator.model_validate(fields | changes)


def series(values: list[float]) -> dict[Month, float]:
    """The values as the months ending June 2020."""
    return {JUNE.shift(i - len(values) + 1): v for i, v in enumerate(values)}


TARGET_20 = Stepped((Month(2019, 1), Month(2020, 1)), (25.0, 20.0), ("", ""))  # 25 in 2019, then 20
ALTERNATING = [10.0, 12.0] * 8  # 16 months: mean 11, every moving range 2, limits 11 ± 5.32 (by hand)


def test_on_by_default_from_fifteen_months_of_figures() -> None:
    assert spc_view(indicator(), series(ALTERNATING[:14]), JUNE, None) is None
    view = spc_view(indicator(), series(ALTERNATING[:15]), JUNE, None)
    assert view is not None and view.history_months == 15 and view.months[-1] == JUNE
    assert spc_view(indicator(spc=False), series(ALTERNATING), JUNE, None) is None
    short = spc_view(indicator(spc=True), series(ALTERNATING[:6]), JUNE, TARGET_20)
    assert short is not None and short.result.provisional and short.result.assurance is None


def test_not_for_measures_charted_by_category() -> None:
    stacked = indicator(chart="stacked_column", rag=None, polarity="neutral", breakdowns=[{"id": "a", "label": "A"}])
    assert spc_view(stacked, series(ALTERNATING), JUNE, None) is None
    with pytest.raises(ValueError, match="spc needs a single-series chart"):
        indicator(chart="stacked_column", spc=True, breakdowns=[{"id": "a", "label": "A"}])


def test_the_chart_shows_24_months_of_a_longer_history() -> None:
    view = spc_view(indicator(), series(ALTERNATING * 2), JUNE, TARGET_20)  # 32 months
    assert view is not None and view.history_months == 32
    assert len(view.months) == len(view.result.points) == 24 and view.months[0] == Month(2018, 7)
    latest = view.result.points[-1]
    assert (latest.value, latest.mean, latest.lpl, latest.upl) == (12.0, 11.0, pytest.approx(5.68), pytest.approx(16.32))
    # A target of 20 is above the upper limit of a higher-is-better measure: it will not be met.
    assert view.result.variation is Variation.COMMON_CAUSE and view.result.assurance is Assurance.FAIL
    assert view.targets == (None,) * 6 + (25.0,) * 12 + (20.0,) * 6  # the trajectory month by month, for the chart


def test_a_rebase_month_in_the_catalogue_recalculates_the_limits() -> None:
    # By hand: 8 months alternating 10, 12 then 8 alternating 20, 22. Unrebased, the mean is 16; the moving
    # ranges are fourteen 2s and one 8 (mean 2.4), and 8 ≥ 3.267 × 2.4 = 7.84 is screened, so limits 16 ± 5.32:
    # the last 8 months are a shift above the mean and the 22s are beyond 21.32.
    values = [10.0, 12.0] * 4 + [20.0, 22.0] * 4
    whole = spc_view(indicator(), series(values), JUNE, None)
    assert whole is not None and whole.result.points[-1].mean == 16.0
    assert whole.result.points[-1].rules == (Rule.OUTSIDE_LIMITS, Rule.SHIFT)
    assert whole.result.variation is Variation.IMPROVEMENT
    # Rebased at the 9th month (November 2019): the later months have their own mean, 21, and limits 21 ± 5.32.
    rebased = spc_view(indicator(spc_rebase=["2019-11"]), series(values), JUNE, None)
    assert rebased is not None
    assert [p.mean for p in rebased.result.points] == [11.0] * 8 + [21.0] * 8
    assert rebased.result.variation is Variation.COMMON_CAUSE and rebased.result.provisional


def test_fixed_limits_from_the_catalogue() -> None:
    values = [10.0, 12.0] * 6 + [17.0, 17.0, 17.0]  # fixed on the first 12: 17 is beyond 16.32 (by hand)
    view = spc_view(indicator(spc_fix_after=12), series(values), JUNE, None)
    assert view is not None and view.result.points[-1].upl == pytest.approx(16.32)
    assert all(p.rules == (Rule.OUTSIDE_LIMITS,) for p in view.result.points[-3:])


@pytest.mark.parametrize(
    ("change", "message"),
    [({"spc_fix_after": 6}, "greater than or equal to 12"), ({"spc_rebase": ["2020-13"]}, "should match pattern")],
)
def test_bad_spc_settings_are_refused(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        indicator(**change)


def test_the_example_pack(example_report: Report) -> None:
    by_id = {i.indicator.id: i for i in example_report.indicators}
    assert by_id["care_leavers_eet"].spc is None  # 13 months of figures only
    contacts = by_id["contacts"].spc
    assert contacts is not None and contacts.history_months == 25 and len(contacts.months) == 24


def test_catalogue_file_accepts_the_fields(tmp_path: Path) -> None:
    from vitalsigns_xl.catalogue import load_catalogue

    raw = default_catalogue_data()
    entry(raw, "contacts").update(spc_fix_after=12, spc_rebase=["2019-04"])
    contacts = load_catalogue(write_catalogue(tmp_path / "catalogue.yaml", raw)).indicator("contacts")
    assert (contacts.spc_fix_after, contacts.spc_rebase) == (12, ("2019-04",))
