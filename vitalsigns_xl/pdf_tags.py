"""Alternative text for the charts of a tagged PDF that LibreOffice printed.

LibreOffice 7.4 tags each chart of a Calc sheet as a Figure in the PDF's structure tree but
leaves out the chart's description, so a screen reader meets an unnamed figure. The
workbook's charts carry their alt text; this copies it onto the Figures, in order. It
changes nothing unless there is exactly one Figure per chart, so it never labels the wrong one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject


def _figures(node: Any) -> Iterator[DictionaryObject]:
    """Figure elements of the structure tree, in reading order."""
    node = node.get_object()
    if not isinstance(node, DictionaryObject):
        return
    if node.get("/S") == "/Figure":
        yield node
    kids = node.get("/K")
    if kids is None:
        return
    kids = kids.get_object()
    for kid in kids if isinstance(kids, ArrayObject) else [kids]:
        if hasattr(kid, "get_object"):
            yield from _figures(kid)


def add_figure_alt_text(source: Path, target: Path, alt_texts: Sequence[str]) -> bool:
    """Write ``source`` to ``target`` with the n-th Figure described by ``alt_texts[n]``; False if they do not match up."""
    writer = PdfWriter(clone_from=source)
    tree = writer.root_object.get("/StructTreeRoot")
    figures = list(_figures(tree)) if tree is not None else []
    if not figures or len(figures) != len(alt_texts):
        return False
    for figure, text in zip(figures, alt_texts, strict=True):
        figure[NameObject("/Alt")] = TextStringObject(text)
    with target.open("wb") as out:
        writer.write(out)
    return True
