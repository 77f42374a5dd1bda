"""Calendar months, the unit of time of every monthly measure.

Extracts name a month as ``YYYY-MM``. Anything looser ("June 2020", "06/2020") is
refused rather than guessed, because a wrong guess would move a figure silently into
another month of a board report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not between 1 and 12")

    @classmethod
    def parse(cls, text: str) -> Month:
        """Parse ``YYYY-MM``; raise ValueError with the expected form otherwise."""
        match = _PATTERN.match(text.strip())
        if not match or not 1 <= int(match[2]) <= 12:
            raise ValueError(f"expected a month as YYYY-MM (for example 2020-06), found '{text}'")
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    def shift(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def __sub__(self, other: Month) -> int:
        """Whole months from ``other`` to ``self``."""
        return (self.year - other.year) * 12 + self.month - other.month

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def short_label(self) -> str:
        """Column heading as the report prints it: ``Jun-20``."""
        return f"{MONTH_NAMES[self.month - 1][:3]}-{self.year % 100:02d}"

    @property
    def long_label(self) -> str:
        """Month in running text: ``June 2020``."""
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)


def window(end: Month, length: int = 13) -> tuple[Month, ...]:
    """The ``length`` months ending with ``end``, oldest first (13 gives the same month last year too)."""
    return tuple(end.shift(offset) for offset in range(1 - length, 1))
