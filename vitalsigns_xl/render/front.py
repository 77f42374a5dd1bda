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


def write_contents(
    workbook: Workbook,
    styles: Styles,
    catalogue: Catalogue,
    sections: list[tuple[str, list[BlockLayout]]],
    options: RenderOptions,
) -> None:
    sheet = workbook.add_worksheet(CONTENTS)
    sheet.set_column(0, 0, 100)
    sheet.write_string(0, 0, "Contents", styles("title"))
    sheet.set_row(0, 26)
    row = 2
    sheet.write_url(
        row, 0, f"internal:{sheet_ref(SUMMARY)}", styles("link_bold"), string="Summary dashboard: every measure at a glance"
    )
    row += 2
    for (sheet_name, blocks), section in zip(sections, catalogue.sections, strict=True):
        sheet.write_url(
            row, 0, f"internal:{sheet_ref(sheet_name)}", styles("link_bold"), string=f"Section {section.number}: {section.title}"
        )
        row += 1
        for block in blocks:
            ind = block.item.indicator
            sheet.write_url(
                row,
                0,
                f"internal:{sheet_ref(sheet_name, f'A{block.heading_row + 1}')}",
                styles("link", indent=2),
                string=f"{ind.code}. {ind.title}",
            )
            row += 1
        row += 1
    for name, text in ((DATA, "Data: every figure of every month"), (DEFINITIONS, "Definitions: how each measure is counted")):
        sheet.write_url(row, 0, f"internal:{sheet_ref(name)}", styles("link_bold"), string=text)
        row += 1
    set_up_page(sheet, options, row, 0)
