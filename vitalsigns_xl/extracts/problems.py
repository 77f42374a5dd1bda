"""Problems found in extracts, worded for the officer who has to fix them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vitalsigns_xl.errors import VitalSignsError


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an extract, placed as the officer sees it in Excel (header is row 1)."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class ExtractError(VitalSignsError):
    """The extracts cannot be used; carries every problem found, so they can be fixed in one pass."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or "", p.message))
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in the extracts; nothing was written:"]
        super().__init__("\n".join(lines + [f"  {p}" for p in self.problems]))
