"""Where the council stands among all English councils: the comparison LAIT used to give.

DfE's local-authority tables publish each measure for every council. From one year's
figures this module computes, never reads, the England, regional and statistical-neighbour
averages, the council's rank and its quartile band:

- averages are plain means of the councils with a figure (LAIT's statistical-neighbour
  average is the mean of the ten neighbours; "England" here is the mean of all councils,
  not DfE's national figure, which weights councils by size);
- rank 1 is the best by the measure's polarity, and councils with the same figure share a
  rank (1, 2, 2, 4), so a rank never flatters a tie;
- quartile bands split the ranks into four: A is the best quarter, D the worst (rank r of n
  is band ceil(4r/n)). A measure where neither higher nor lower is better gets averages
  but no rank and no band.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from vitalsigns_xl.catalogue import Polarity

BANDS = "ABCD"


@dataclass(frozen=True)
class Standing:
    """The council against every council with a figure for one year."""

    label: str  # the year, as published: "2018/19"
    value: float | None  # the council's own published figure
    rank: int | None  # 1 = best; None without a figure or for a neutral measure
    councils: int  # with a figure that year
    band: str | None  # A (best quarter) to D (worst)
    england: float
    region: float | None
    statistical_neighbours: float | None
    neighbours_with_figures: int


def mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def rank_of(value: float, others: Sequence[float], polarity: Polarity) -> int:
    """1 + the number of councils strictly better: ties share the better rank."""
    if polarity is Polarity.HIGHER_IS_BETTER:
        return 1 + sum(v > value for v in others)
    return 1 + sum(v < value for v in others)


def band_of(rank: int, councils: int) -> str:
    return BANDS[min(3, math.ceil(4 * rank / councils) - 1)]


def standing(
    label: str,
    figures: Mapping[str, float],
    council: str,
    neighbours: Sequence[str],
    regions: Mapping[str, str],
    polarity: Polarity,
) -> Standing | None:
    """The council's standing among ``figures`` (council code → value) for one year; None without any figure."""
    if not figures:
        return None
    value = figures.get(council)
    region = regions.get(council)
    in_region = [v for code, v in figures.items() if region and regions.get(code) == region]
    neighbour_values = [figures[code] for code in neighbours if code in figures]
    rank = None
    if value is not None and polarity is not Polarity.NEUTRAL:
        rank = rank_of(value, list(figures.values()), polarity)
    england = mean(list(figures.values()))
    assert england is not None
    return Standing(
        label=label,
        value=value,
        rank=rank,
        councils=len(figures),
        band=None if rank is None else band_of(rank, len(figures)),
        england=england,
        region=mean(in_region),
        statistical_neighbours=mean(neighbour_values),
        neighbours_with_figures=len(neighbour_values),
    )
