"""Laying the report model out as an xlsx workbook with xlsxwriter, written atomically."""

from __future__ import annotations

import gc
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from vitalsigns_xl.catalogue import Catalogue
from vitalsigns_xl.contract import (
    BOARD_COPY_PROPERTY,
    CHART_DATA,
    COMMENTARY,
    COVER,
    DATA,
    DEFINITION_PROPERTY,
    DEFINITION_SHA_PROPERTY,
    FOLDER_PROPERTY,
    FORMAT_PROPERTY,
    FORMAT_VERSION,
    MARKING_PROPERTY,
    PERIOD_PROPERTY,
    SPC_DATA,
    SUMMARY,
    section_sheet_name,
)
from vitalsigns_xl.extracts import Extracts
from vitalsigns_xl.files import write_atomically
from vitalsigns_xl.model import Report
from vitalsigns_xl.officer_text import Commentary
from vitalsigns_xl.render.annex_a_sheets import children_links, write_children, write_data_quality
from vitalsigns_xl.render.chart_data import ChartData
from vitalsigns_xl.render.excel_sheets import add_macros, add_refresh_button, write_settings, write_xlwings_conf
from vitalsigns_xl.render.front import report_heading, write_contents, write_cover
from vitalsigns_xl.render.layout import BlockLayout, layout_section
from vitalsigns_xl.render.page import RenderOptions
from vitalsigns_xl.render.section import write_section
from vitalsigns_xl.render.spc_sheet import layout_spc, write_spc_sheet
from vitalsigns_xl.render.style import Styles
from vitalsigns_xl.render.summary import write_summary
from vitalsigns_xl.render.tables import write_commentary_log, write_data, write_definitions

__all__ = ["RenderOptions", "write_workbook"]

Progress = Callable[[str], None]


def lay_out(report: Report) -> list[tuple[str, list[BlockLayout]]]:
    """Every section sheet's name and where each of its measures' cells go (their SPC data rows too):
    both writers start here."""
    sections = [
        (section_sheet_name(s.section.title), layout_section(s, section_sheet_name(s.section.title))) for s in report.sections
    ]
    spc_rows = layout_spc(list(report.indicators))
    for _, blocks in sections:
        for block in blocks:
            block.spc_rows = spc_rows.get(block.item.indicator.id)
    return sections


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a workbook is written.

    Writing makes hundreds of thousands of small objects that live until the file is closed
    (cells, formats, chart series), and each full collection walks every one of them: about
    2 s of a 400-measure, 120-month build for nothing, as none of them is garbage yet.
    Reference counting still frees everything short-lived; the collector resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@_collector_paused()
def _render(
    path: Path | io.BytesIO,
    report: Report,
    catalogue: Catalogue,
    extracts: Extracts,
    options: RenderOptions,
    commentary: Commentary,
    progress: Progress,
) -> None:
    in_memory = isinstance(path, io.BytesIO)
    settings = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False, "in_memory": in_memory}
    workbook = Workbook(path if in_memory else str(path), settings)
    workbook.set_properties(
        {
            "title": report_heading(report.title, options),
            "subject": f"Children's social care performance, {options.period.long_label}",
            "author": "Vital Signs",
            "company": options.authority,
            "keywords": f"Vital Signs, {options.protective_marking}",
            "comments": f"Protective marking: {options.protective_marking}",
            "created": options.generated,
        }
    )
    workbook.set_custom_property(MARKING_PROPERTY, options.protective_marking)
    workbook.set_custom_property(PERIOD_PROPERTY, str(options.period))
    workbook.set_custom_property(FORMAT_PROPERTY, FORMAT_VERSION)
    if options.extracts_folder:
        workbook.set_custom_property(FOLDER_PROPERTY, options.extracts_folder)
    if options.board_pack:
        workbook.set_custom_property(BOARD_COPY_PROPERTY, True)
    if options.definition:
        workbook.set_custom_property(DEFINITION_PROPERTY, options.definition)
        workbook.set_custom_property(DEFINITION_SHA_PROPERTY, options.definition_sha256)
    styles = Styles(workbook)
    sections = lay_out(report)
    spc_rows = {b.item.indicator.id: b.spc_rows for _, blocks in sections for b in blocks if b.spc_rows is not None}
    chart_data = ChartData()
    if report.small_numbers_suppressed:
        for _, blocks in sections:
            chart_data.place(blocks)
    progress("cover and contents")
    write_cover(workbook, styles, catalogue, options)
    write_contents(workbook, styles, catalogue, sections, options)
    progress("summary")
    write_summary(workbook, styles, sections, options)
    if options.macros is not None:
        progress("macros")
        add_macros(workbook)
        add_refresh_button(workbook.get_worksheet_by_name(COVER), 2, 2)
        add_refresh_button(workbook.get_worksheet_by_name(SUMMARY), 0, 11)
    annex_a = None if options.board_pack else extracts.annex_a  # child-level detail never goes to the board
    links = children_links(catalogue, annex_a, options.period)
    for section, (_, blocks) in zip(report.sections, sections, strict=True):
        progress(f"section: {section.section.title}")
        write_section(workbook, styles, section, blocks, commentary, chart_data, options, links)
    progress("commentary, data and definitions")
    write_commentary_log(workbook, styles, catalogue, commentary.log, options)
    write_data(workbook, styles, catalogue, extracts, report, options)
    write_definitions(workbook, styles, catalogue, report, options)
    if annex_a is not None:
        progress("the children behind the figures and the data quality")
        write_children(workbook, styles, catalogue, annex_a, options)
        write_data_quality(workbook, styles, catalogue, annex_a, options)
    chart_data.write(workbook, styles, options)
    write_spc_sheet(workbook, styles, spc_rows, options)
    if options.macros is not None:
        write_settings(workbook, styles, options, options.macros)
        write_xlwings_conf(workbook, styles, options.macros)
    if options.print_copy:
        for name in (DATA, COMMENTARY, CHART_DATA, SPC_DATA):
            sheet = workbook.get_worksheet_by_name(name)
            if sheet is not None:
                _leave_out_of_print(sheet)
    if options.board_pack:  # against accidental edits; not a security control
        for sheet in workbook.worksheets():
            sheet.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
        workbook.read_only_recommended()
    progress("saving")
    workbook.close()


def _leave_out_of_print(sheet: Worksheet) -> None:
    """Keep a sheet out of the PDF: LibreOffice prints hidden sheets, but skips a page with nothing visible on it.

    The print copy hides every row of the reference sheets (Data, Commentary, Chart data, SPC data);
    the charts still read their rows, as they are set to show hidden data.
    """
    sheet.hide()
    for row in range(sheet.dim_rowmax + 1 if sheet.dim_rowmax is not None else 0):
        sheet.set_row(row, None, None, {"hidden": True})
    sheet.set_default_row(hide_unused_rows=True)


def write_workbook(
    path: Path,
    report: Report,
    catalogue: Catalogue,
    extracts: Extracts,
    options: RenderOptions,
    commentary: Commentary | None = None,
    progress: Progress = lambda step: None,
    backup_at: datetime | None = None,
) -> Path | None:
    """Write the workbook to a temporary file beside ``path`` and rename it into place.

    A failure part-way leaves any earlier file at ``path`` untouched and no half-written file
    behind. With ``backup_at`` the earlier file is first copied to ``backups/``; that copy's
    path is returned.
    """
    return write_atomically(
        path,
        lambda temporary: _render(temporary, report, catalogue, extracts, options, commentary or Commentary(), progress),
        backup_at,
    )


def workbook_bytes(
    report: Report,
    catalogue: Catalogue,
    extracts: Extracts,
    options: RenderOptions,
    commentary: Commentary | None = None,
    progress: Progress = lambda step: None,
) -> bytes:
    """The workbook in memory, never on disk: the unencrypted board pack exists only here before encryption,
    so a run killed part-way leaves no readable copy behind."""
    buffer = io.BytesIO()
    _render(buffer, report, catalogue, extracts, options, commentary or Commentary(), progress)
    return buffer.getvalue()
