"""Problems found in extracts, worded for the officer who has to fix them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
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


LISTED = 12  # problems listed one by one; past that they are summarised and counted
SUMMARISED = 10  # this many rows of one file with one kind of problem get a summary line first
REPEATS = re.compile(r"^repeats the .* row at (?P<other>.+) row \d+$")
DETAIL = re.compile(r"'[^']*'|\d[\d,.]*")


def _kind(problem: Problem) -> str:
    """What a problem is, without the cell's own value: rows with the same kind are one mistake, many times."""
    return DETAIL.sub("…", problem.message.split(", found ")[0])


def summarise(problems: Sequence[Problem]) -> list[str]:
    """One line for each mistake repeated over many rows of a file, e.g. a stray copy of an extract."""
    repeats: Counter[tuple[str, str]] = Counter()
    kinds: Counter[tuple[str, str | None, str]] = Counter()
    for problem in problems:
        copied = REPEATS.match(problem.message)
        if copied:
            repeats[(problem.file, copied["other"])] += 1
        else:
            kinds[(problem.file, problem.column, _kind(problem))] += 1
    lines = [
        f"{count:,} rows of {file} repeat rows of {other}: is one of them a stray copy? Move it out of the folder."
        for (file, other), count in repeats.items()
        if count >= SUMMARISED
    ]
    for (file, column, kind), count in kinds.items():
        if count >= SUMMARISED:
            example = next(p for p in problems if p.file == file and p.column == column and _kind(p) == kind)
            place = f", column '{column}'" if column else ""
            lines.append(f"{count:,} rows of {file}{place} have the same problem, e.g. {example.message}")
    return lines


class ExtractError(VitalSignsError):
    """The extracts cannot be used; carries every problem found, so they can be fixed in one pass.

    The message lists them all when there are few; when there are many (a stray copy of a file,
    a column of text where numbers belong) it says what they have in common, lists the first
    few and counts the rest, so that the cause is on the screen rather than scrolled away.
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or "", p.message))
        count = len(self.problems)
        lines = [f"{count:,} problem{'s' if count != 1 else ''} in the extracts; nothing was written:"]
        if count > LISTED:
            lines += [f"  {line}" for line in summarise(self.problems)]
            lines.append(f"  The first {LISTED}:")
        lines += [f"  {p}" for p in self.problems[:LISTED]]
        if count > LISTED:
            lines.append(f"  … and {count - LISTED:,} more.")
        super().__init__("\n".join(lines))
