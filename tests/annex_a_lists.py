"""Writing small Annex A workbooks and CSVs by hand, for tests that read them back through the real reader."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

import openpyxl

Rows = Sequence[Sequence[object]]


def write_workbook(path: Path, lists: Mapping[str, tuple[Sequence[str], Rows]]) -> Path:
    """One sheet per list, named as given ("List 7"); dates go in as real Excel dates."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet_name, (headings, rows) in lists.items():
        sheet = book.create_sheet(sheet_name)
        sheet.append(list(headings))
        for row in rows:
            sheet.append(list(row))
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, date):
                    cell.number_format = "dd/mm/yyyy"
    book.save(path)
    return path


def write_csv(path: Path, headings: Sequence[str], rows: Rows) -> Path:
    """A list as CSV, dates written as dd/mm/yyyy text the way Excel saves them on a UK machine."""
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(headings)
        for row in rows:
            writer.writerow([value.strftime("%d/%m/%Y") if isinstance(value, date) else value for value in row])
    return path
