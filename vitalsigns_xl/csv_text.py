"""Text in the CSV files the product writes for people to open (the commentary export, the email send
log): a cell that starts with = + - or @ is written with a leading apostrophe, so that Excel shows it as
text instead of running it as a formula, and reading the file back removes the apostrophe again."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@")


def to_csv_cell(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def from_csv_cell(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text
