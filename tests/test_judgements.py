"""RAG, direction of travel and benchmark comparison: hand-checked cases and invariants."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vitalsigns_xl.analysis.judgements import Comparison, Direction, Rag, compare, direction, rag
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
