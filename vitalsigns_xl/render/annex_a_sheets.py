"""The officer's sheets from an Annex A: the children behind each exception, and the rows that could not be counted.

"Children behind figures" lists, for the report month, each child behind an exception (an
assessment over 45 working days, a conference out of time, a plan over two years, three or more
placements, a visit out of time …) with the dates that make it so, one group per measure, and
each measure's block links to its group. It names children, so it is written only into the
officer's workbook: never into a board pack (the caller checks ``options.board_pack``).

"Data quality" counts the rows left out by problem and by measure, then lists each one with
its list, row as Excel shows it, column and what is wrong, so the officer can put them right
in the case-management system.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from vitalsigns_xl.analysis.counting import ChildBehind
from vitalsigns_xl.catalogue import Catalogue
from vitalsigns_xl.contract import CHILDREN, DATA_QUALITY
from vitalsigns_xl.extracts.annex_a import AnnexAFigures
from vitalsigns_xl.render.page import RenderOptions, set_up_page
from vitalsigns_xl.render.style import Styles

FIRST_GROUP_ROW = 3
CHILD_COLUMNS = (("Child Unique ID", 20), ("Annex A list", 12), ("Row", 8), ("Why", 90))


def _groups(catalogue: Catalogue, figures: AnnexAFigures) -> list[tuple[str, list[ChildBehind]]]:
    by_measure: dict[str, list[ChildBehind]] = defaultdict(list)
    for child in figures.counted.children:
        by_measure[child.indicator].append(child)
    return [(ind.id, by_measure[ind.id]) for ind in catalogue.indicators if by_measure.get(ind.id)]


def children_links(catalogue: Catalogue, figures: AnnexAFigures | None) -> dict[str, str]:
    """Each measure with children behind it → the link to its group on the Children sheet."""
    if figures is None:
        return {}
    links: dict[str, str] = {}
    row = FIRST_GROUP_ROW
    for indicator, children in _groups(catalogue, figures):
        links[indicator] = f"internal:'{CHILDREN}'!A{row + 1}"
        row += len(children) + 3  # heading, column headings, the children, a blank row
    return links


def write_children(
    workbook: Workbook, styles: Styles, catalogue: Catalogue, figures: AnnexAFigures, options: RenderOptions
) -> None:
    sheet: Worksheet = workbook.add_worksheet(CHILDREN)
    sheet.write_string(0, 0, f"Children behind the figures, {options.period.long_label}", styles("title"))
    sheet.write_string(
        1,
        0,
        "For the officer only: these rows name children. Never copy them into the board pack, an email or the commentary.",
        styles("note", text_wrap=False),
    )
    for col, (_, width) in enumerate(CHILD_COLUMNS):
        sheet.set_column(col, col, width)
    row = FIRST_GROUP_ROW
    for indicator_id, children in _groups(catalogue, figures):
        indicator = catalogue.indicator(indicator_id)
        count = len(children)
        sheet.write_string(
            row, 0, f"{indicator.code}. {indicator.title}: {count} child{'ren' if count != 1 else ''}", styles("label")
        )
        for col, (heading, _) in enumerate(CHILD_COLUMNS):
            sheet.write_string(row + 1, col, heading, styles("header_left"))
        for offset, child in enumerate(children, start=row + 2):
            sheet.write_string(offset, 0, child.child_id, styles("text"))  # text, never a formula
            sheet.write_number(offset, 1, child.list, styles("text"))
            sheet.write_number(offset, 2, child.row, styles("text"))
            sheet.write_string(offset, 3, child.detail, styles("text"))
        row += count + 3
    sheet.freeze_panes(FIRST_GROUP_ROW, 0)
    set_up_page(sheet, options, max(row, FIRST_GROUP_ROW), len(CHILD_COLUMNS) - 1)


def write_data_quality(
    workbook: Workbook, styles: Styles, catalogue: Catalogue, figures: AnnexAFigures, options: RenderOptions
) -> None:
    sheet: Worksheet = workbook.add_worksheet(DATA_QUALITY)
    rows = figures.quality_rows()
    sheet.write_string(0, 0, "Data quality: Annex A rows that could not be counted", styles("title"))
    for col, width in enumerate((10, 28, 8, 34, 70, 40)):
        sheet.set_column(col, col, width)
    if not rows:
        sheet.write_string(2, 0, f"Every row of {', '.join(figures.files)} could be counted.", styles("note", text_wrap=False))
        set_up_page(sheet, options, 2, 5)
        return
    r = 2
    sheet.write_string(r, 0, "Rows", styles("header_left"))
    sheet.write_string(r, 1, "Problem", styles("header_left"))
    for kind, n in Counter(q.kind for q in rows).most_common():
        r += 1
        sheet.write_number(r, 0, n, styles("text"))
        sheet.write_string(r, 1, kind, styles("text"))
    r += 2
    sheet.write_string(r, 0, "Rows", styles("header_left"))
    sheet.write_string(r, 1, "Left out of", styles("header_left"))
    order = {ind.id: i for i, ind in enumerate(catalogue.indicators)}
    by_measure = Counter(m for q in rows for m in q.measures)
    for measure, n in sorted(by_measure.items(), key=lambda item: order.get(item[0], len(order))):
        r += 1
        title = f"{catalogue.indicator(measure).code}. {catalogue.indicator(measure).title}" if measure in order else measure
        sheet.write_number(r, 0, n, styles("text"))
        sheet.write_string(r, 1, title, styles("text"))
    r += 2
    for col, heading in enumerate(("List", "File", "Row", "Column", "Problem", "Measures")):
        sheet.write_string(r, col, heading, styles("header_left"))
    for q in rows:
        r += 1
        sheet.write_number(r, 0, q.list, styles("text"))
        sheet.write_string(r, 1, q.file, styles("text"))
        if q.row is not None:
            sheet.write_number(r, 2, q.row, styles("text"))
        sheet.write_string(r, 3, q.column or "", styles("text"))
        sheet.write_string(r, 4, q.problem, styles("text"))
        sheet.write_string(r, 5, " ".join(q.measures), styles("text"))
    set_up_page(sheet, options, r, 5)
