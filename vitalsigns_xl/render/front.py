"""The front of the pack: Cover (what this is and why) and Contents (a link to every section and measure)."""

from __future__ import annotations

from xlsxwriter.workbook import Workbook

from vitalsigns_xl.catalogue import Catalogue
from vitalsigns_xl.contract import CONTENTS, COVER, DATA, DEFINITIONS, SUMMARY, sheet_ref
from vitalsigns_xl.render import cells
from vitalsigns_xl.render.layout import BlockLayout
from vitalsigns_xl.render.page import RenderOptions, set_up_page
from vitalsigns_xl.render.style import Styles


def report_heading(title: str, options: RenderOptions) -> str:
    return cells.report_heading(title, options.period)


def write_cover(workbook: Workbook, styles: Styles, catalogue: Catalogue, options: RenderOptions) -> None:
    sheet = workbook.add_worksheet(COVER)
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 100)
    sheet.write_string(0, 0, report_heading(catalogue.report.title, options), styles("title"))
    sheet.set_row(0, 26)
    rows = cells.cover_rows(options.authority, options.board, options.period, options.generated, options.protective_marking)
    for index, (label, text) in enumerate(rows, start=2):
        sheet.write_string(index, 0, label, styles("label"))
        sheet.write_string(index, 1, text, styles("marking", align="left") if label == "Protective marking" else styles("text"))
    purpose = catalogue.report.purpose
    top = len(rows) + 3
    sheet.write_string(top, 0, "Purpose of the Vital Signs report", styles("subtitle"))
    for offset, (label, text) in enumerate((("Why", purpose.why), ("What", purpose.what), ("How", purpose.how)), start=1):
        sheet.write_string(top + offset, 0, label, styles("label"))
        sheet.write_string(top + offset, 1, text, styles("wrap"))
        sheet.set_row(top + offset, 13.0 * max(2, -(-len(text) // 95)))
    note = top + 5
    sheet.write_string(note, 0, "Reading it", styles("label"))
    sheet.write_string(
        note,
        1,
        "Each measure shows its latest figure against target as a RAG status written as a word "
        "(Red, Amber, Green). Arrows show whether a measure is getting better (↑) or worse (↓), "
        "whichever way its figure moves. Start with the Summary sheet.",
        styles("wrap"),
    )
    sheet.set_row(note, 40)
    set_up_page(sheet, options, note, 1)


CONTENTS_ROW_HEIGHT = 14  # points: a 12 pt section line fits; 33 lines a column fill one printed page
CONTENTS_WIDTH = 75  # each of the two columns, in characters: the longest title fits beside the other column


def write_contents(
    workbook: Workbook,
    styles: Styles,
    catalogue: Catalogue,
    sections: list[tuple[str, list[BlockLayout]]],
    options: RenderOptions,
) -> None:
    """Every section and measure as a link, in two columns so that a report of 60 measures has a one-page contents.

    The list is cut in half; when the cut falls inside a section, the second column opens
    with that section's name again, marked "continued".
    """
    sheet = workbook.add_worksheet(CONTENTS)
    sheet.set_column(0, 0, CONTENTS_WIDTH)
    sheet.set_column(1, 1, 2)
    sheet.set_column(2, 2, CONTENTS_WIDTH)
    sheet.write_string(0, 0, "Contents", styles("title"))
    sheet.set_row(0, 26)
    lines: list[tuple[str, str, str, int]] = [  # style, text, link, section number (0 outside a section)
        ("link_bold", "Summary dashboard: every measure at a glance", f"internal:{sheet_ref(SUMMARY)}", 0)
    ]
    for (sheet_name, blocks), section in zip(sections, catalogue.sections, strict=True):
        title = f"Section {section.number}: {section.title}"
        lines.append(("link_bold", title, f"internal:{sheet_ref(sheet_name)}", section.number))
        for block in blocks:
            ind = block.item.indicator
            link = f"internal:{sheet_ref(sheet_name, f'A{block.heading_row + 1}')}"
            lines.append(("link", f"{ind.code}. {ind.title}", link, section.number))
    for name, text in ((DATA, "Data: every figure of every month"), (DEFINITIONS, "Definitions: how each measure is counted")):
        lines.append(("link_bold", text, f"internal:{sheet_ref(name)}", 0))
    half = -(-len(lines) // 2)
    left, right = lines[:half], lines[half:]
    if right and right[0][0] == "link" and right[0][3]:  # the cut falls inside a section
        number = right[0][3]
        header = next(line for line in left if line[0] == "link_bold" and line[3] == number)
        right.insert(0, (header[0], f"{header[1]} (continued)", header[2], number))
    for col, column in ((0, left), (2, right)):
        for row, (style, text, link, _) in enumerate(column, start=2):
            sheet.write_url(row, col, link, styles(style, indent=2) if style == "link" else styles(style), string=text)
    last = 1 + max(len(left), len(right))
    for row in range(2, last + 1):
        sheet.set_row(row, CONTENTS_ROW_HEIGHT)
    set_up_page(sheet, options, last, 2)
