"""RAG, direction of travel and benchmark comparison: hand-checked cases and invariants."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vitalsigns_xl.analysis.judgements import Band, Comparison, Direction, Rag, compare, direction, rag
from vitalsigns_xl.catalogue import Polarity

HIGHER, LOWER, NEUTRAL = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.NEUTRAL


@pytest.mark.parametrize(
    ("value", "target", "polarity", "tolerance", "expected"),
    [
        (54.3, 65.0, HIGHER, 5, Rag.RED),  # care leavers in EET, June 2020: 10.7 points short
        (90.1, 87.0, HIGHER, 5, Rag.GREEN),  # suitable accommodation: target met
        (91.8, 95.0, HIGHER, 5, Rag.AMBER),  # PEPs: 3.2 points short, within 5
        (65.0, 65.0, HIGHER, 5, Rag.GREEN),  # exactly on target is met
        (60.0, 65.0, HIGHER, 5, Rag.AMBER),  # exactly at the tolerance is amber
        (2.1, 3.5, LOWER, 1, Rag.GREEN),  # CP plans 2 years+: below target is good
        (9.4, 9.0, LOWER, 1, Rag.AMBER),  # 3+ placements: 0.4 above target
        (14.9, 14.0, LOWER, 0.5, Rag.RED),
        (80.0, 70.0, HIGHER, 0, Rag.GREEN),
        (69.9, 70.0, HIGHER, 0, Rag.RED),
    ],
)
def test_rag_hand_checked(value: float, target: float, polarity: Polarity, tolerance: float, expected: Rag) -> None:
    assert rag(value, target, polarity, tolerance) == expected


def test_rag_gives_no_colour_without_target_value_or_polarity() -> None:
    assert rag(54.3, None, HIGHER, 5) is None
    assert rag(None, 65.0, HIGHER, 5) is None
    assert rag(54.3, 65.0, NEUTRAL, 5) is None


@pytest.mark.parametrize(
    ("current", "previous", "polarity", "decimals", "expected"),
    [
        (54.3, 53.8, HIGHER, 1, Direction.IMPROVING),
        (83.0, 84.3, HIGHER, 1, Direction.WORSENING),
        (2.1, 2.2, LOWER, 1, Direction.IMPROVING),
        (9.4, 11.4, LOWER, 1, Direction.IMPROVING),
        (95, 132, LOWER, 0, Direction.IMPROVING),  # fewer missing episodes
        (54.32, 54.28, HIGHER, 1, Direction.STABLE),  # both show as 54.3
        (1012, 1009, NEUTRAL, 0, Direction.UP),
        (1002, 1305, NEUTRAL, 0, Direction.DOWN),
        (20.0, 20.0, LOWER, 1, Direction.STABLE),
    ],
)
def test_direction_hand_checked(current: float, previous: float, polarity: Polarity, decimals: int, expected: Direction) -> None:
    assert direction(current, previous, polarity, decimals) == expected


def test_direction_needs_both_months() -> None:
    assert direction(54.3, None, HIGHER) is None
    assert direction(None, 54.3, HIGHER) is None


@pytest.mark.parametrize(
    ("value", "benchmark", "polarity", "expected"),
    [
        (2.1, 1.5, LOWER, Comparison.WORSE),  # CP 2 years+ against SN 1.5%
        (14.9, 20.0, LOWER, Comparison.BETTER),  # repeat plans against SN 20%
        (9.4, 8.9, LOWER, Comparison.WORSE),
        (80.4, 83.1, HIGHER, Comparison.WORSE),
        (71.9, 52.6, NEUTRAL, Comparison.HIGHER),
        (8.94, 8.9, LOWER, Comparison.SAME),
    ],
)
def test_compare_hand_checked(value: float, benchmark: float, polarity: Polarity, expected: Comparison) -> None:
    assert compare(value, benchmark, polarity, 1) == expected


# Invariants. Values are whole tenths so that mirroring (2t - v) is exact in floating point.
tenths = st.integers(-10_000, 10_000).map(lambda n: n / 10)
tolerances = st.integers(0, 200).map(lambda n: n / 10)
distances = st.integers(0, 20_000).map(lambda n: n / 10)
RANK = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}


@given(tenths, tenths, tolerances)
def test_flipping_polarity_mirrors_rag(value: float, target: float, tolerance: float) -> None:
    mirrored = round(2 * target - value, 1)
    assert rag(value, target, HIGHER, tolerance) == rag(mirrored, target, LOWER, tolerance)


@given(tenths, distances, distances, tolerances, st.sampled_from([HIGHER, LOWER]))
def test_rag_never_improves_moving_away_from_target(
    target: float, first: float, second: float, tolerance: float, polarity: Polarity
) -> None:
    # On the bad side of the target, the further away, the worse (or equal) the colour. The two
    # values are built on the bad side, rather than drawn and filtered, so every example counts.
    towards_bad = -1 if polarity is HIGHER else 1
    near, far = sorted((first, second))
    a, b = round(target + towards_bad * near, 1), round(target + towards_bad * far, 1)
    nearer, further = rag(a, target, polarity, tolerance), rag(b, target, polarity, tolerance)
    assert nearer is not None and further is not None
    assert RANK[further] <= RANK[nearer]


@given(tenths, tenths, tolerances, st.sampled_from([HIGHER, LOWER]))
def test_wider_tolerance_never_worsens_rag(value: float, target: float, tolerance: float, polarity: Polarity) -> None:
    narrow, wide = rag(value, target, polarity, tolerance), rag(value, target, polarity, tolerance + 1)
    assert narrow is not None and wide is not None
    assert RANK[wide] >= RANK[narrow]


@given(tenths, tenths)
def test_swapping_months_reverses_direction(current: float, previous: float) -> None:
    forward, backward = direction(current, previous, HIGHER), direction(previous, current, HIGHER)
    opposite = {
        Direction.IMPROVING: Direction.WORSENING,
        Direction.WORSENING: Direction.IMPROVING,
        Direction.STABLE: Direction.STABLE,
    }
    assert forward is not None
    assert backward == opposite[forward]


@given(tenths, tenths)
def test_flipping_polarity_reverses_comparison(value: float, benchmark: float) -> None:
    swap = {Comparison.BETTER: Comparison.WORSE, Comparison.WORSE: Comparison.BETTER, Comparison.SAME: Comparison.SAME}
    higher = compare(value, benchmark, HIGHER)
    assert higher is not None
    assert compare(value, benchmark, LOWER) == swap[higher]


REPEAT_PLANS = Band(10.0, 15.0)  # LG Inform metric 100: the 2006/07 banding called 10% to 15% good


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # Worked by hand with a tolerance of 2 points: Green 10 to 15 (ends included), Amber 8 to 10
        # and 15 to 17, Red below 8 and above 17.
        (7.9, Rag.RED),  # 2.1 below the low end
        (8.0, Rag.AMBER),  # exactly 2 below: amber, as at a single target's tolerance
        (9.9, Rag.AMBER),
        (10.0, Rag.GREEN),  # on the low end is inside
        (12.5, Rag.GREEN),
        (15.0, Rag.GREEN),  # on the high end is inside
        (15.1, Rag.AMBER),  # 0.1 above
        (17.0, Rag.AMBER),
        (17.1, Rag.RED),
        (0.0, Rag.RED),  # no repeat plans at all: the guidance's warning about a very low level
    ],
)
def test_rag_against_a_band_hand_checked(value: float, expected: Rag) -> None:
    assert rag(value, REPEAT_PLANS, NEUTRAL, 2) == expected
    assert rag(value, REPEAT_PLANS, LOWER, 2) == expected  # the band decides, whatever the polarity


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (14.9, 15.1, Direction.IMPROVING),  # from 0.1 above the band into it
        (9.0, 7.0, Direction.IMPROVING),  # from 3 below to 1 below
        (2.1, 2.2, Direction.WORSENING),  # with a band of 2.5 to 5 (below): from 0.3 below to 0.4 below
        (17.0, 16.0, Direction.WORSENING),  # further above
        (9.0, 12.0, Direction.WORSENING),  # out of the band, below it
        (12.0, 11.0, Direction.UP),  # moving inside the band is neither better nor worse
        (11.0, 12.0, Direction.DOWN),
        (5.0, 20.0, Direction.DOWN),  # from 5 above to 5 below: no nearer, no further
        (12.04, 12.0, Direction.STABLE),  # shows as 12.0 both months
    ],
)
def test_direction_against_a_band_hand_checked(current: float, previous: float, expected: Direction) -> None:
    band = Band(2.5, 5.0) if current < 3 else REPEAT_PLANS
    assert direction(current, previous, NEUTRAL, 1, band) == expected


@given(tenths, distances, distances, tolerances, st.booleans())
def test_rag_against_a_band_never_improves_moving_away_from_it(
    value: float, first: float, second: float, tolerance: float, below: bool
) -> None:
    # Outside the band on either side, the further away, the worse (or equal) the colour.
    band = Band(round(value, 1), round(value + 5, 1))
    near, far = sorted((first, second))
    edge, away = (band.low, -1) if below else (band.high, 1)
    nearer = rag(round(edge + away * near, 1), band, NEUTRAL, tolerance)
    further = rag(round(edge + away * far, 1), band, NEUTRAL, tolerance)
    assert nearer is not None and further is not None
    assert RANK[further] <= RANK[nearer]


@given(tenths, tenths, tolerances)
def test_a_band_of_one_point_rates_as_a_target_would_on_its_bad_side(value: float, target: float, tolerance: float) -> None:
    # A band from the target to far above it is a higher-is-better target; far below to the target, lower-is-better.
    assert rag(value, Band(target, 10_000.0), NEUTRAL, tolerance) == rag(value, target, HIGHER, tolerance)
    assert rag(value, Band(-10_000.0, target), NEUTRAL, tolerance) == rag(value, target, LOWER, tolerance)
