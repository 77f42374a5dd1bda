"""``vitalsigns board-pack``: the board's copy of the report, aggregates only, optionally encrypted and in PDF."""

from __future__ import annotations

import io
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from vitalsigns_xl.analysis.headline import pack_headline
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.commentary import draft
from vitalsigns_xl.files import write_atomically
from vitalsigns_xl.jobs.inputs import JobError, Progress, extracts_folder, load_inputs, no_progress, now, report_of
from vitalsigns_xl.jobs.manifest import write_manifest
from vitalsigns_xl.libreoffice import LibreOfficeError, convert
from vitalsigns_xl.model import Report
from vitalsigns_xl.officer_text import Commentary, Log, absorb_inputs, officer_cells, ordered
from vitalsigns_xl.pdf_tags import add_figure_alt_text
from vitalsigns_xl.render import lay_out, workbook_bytes, write_workbook
from vitalsigns_xl.render.charts import alt_text
from vitalsigns_xl.workbook_io import SavedWorkbook, read_workbook


@dataclass(frozen=True)
class BoardPack:
    """The board's copy of the report, and what was left out of it."""

    path: Path
    report: Report
    pdf: Path | None = None
    encrypted: bool = False
    drafts_left_out: tuple[str, ...] = ()  # carried-forward text nobody has reviewed yet
    manifest: Path | None = None  # its SHA-256 and headline, which `email` checks and reads


class BoardPackError(JobError):
    """The board pack cannot be made as asked."""


def board_pack_name(period: Month) -> str:
    return f"VitalSigns_{period}_board.xlsx"


def encrypt(plain: bytes, target: Path, password: str) -> None:
    """Agile (AES-256) encryption of an xlsx, as Excel itself applies with a password to open."""
    import msoffcrypto.format.ooxml

    with target.open("wb") as out:
        msoffcrypto.format.ooxml.OOXMLFile(io.BytesIO(plain)).encrypt(password, out)


def _pdf(pack: Path, write_print_copy: Callable[[Path], object], alt_texts: list[str]) -> Path:
    """A PDF of the pack beside it, rendered by LibreOffice and renamed into place when complete.

    LibreOffice prints a twin of the pack whose reference sheets (Data, Commentary) are hidden,
    so the PDF holds cover, contents, summary, a page per measure and the definitions while the
    pack itself keeps every sheet visible. The PDF is tagged, for screen readers, and each
    chart's alt text is written onto its Figure (LibreOffice leaves it out).
    """
    with tempfile.TemporaryDirectory(dir=pack.parent, prefix=".pdf-") as scratch:
        twin = Path(scratch) / pack.name
        write_print_copy(twin)
        try:
            produced = convert(twin, TAGGED_PDF, Path(scratch) / "pdf")
        except LibreOfficeError as exc:
            raise BoardPackError(f"{exc}. The workbook {pack.name} was written; only the PDF is missing.") from None
        described = Path(scratch) / "described.pdf"
        if add_figure_alt_text(produced, described, alt_texts):
            produced = described
        target = pack.with_suffix(".pdf")
        write_atomically(target, lambda temporary: shutil.copyfile(produced, temporary))
    return target


TAGGED_PDF = 'pdf:calc_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'


def board_pack(
    source: Path,
    out_dir: Path,
    period: Month | None = None,
    folder: Path | None = None,
    suppress_small: bool = False,
    password: str | None = None,
    pdf: bool = False,
    catalogue_path: Path | None = None,
    progress: Progress = no_progress,
) -> BoardPack:
    """The board's copy, from an officer workbook (with its commentary) or straight from a folder of extracts.

    Aggregates only, no macros or settings, this period's commentary only (an unreviewed
    carried-forward draft is left out), every sheet protected against accidental edits, no
    user names or paths in the document properties. Optionally small numbers suppressed,
    password-encrypted, and printed to PDF.
    """
    if pdf and password:
        raise BoardPackError(
            "A PDF cannot carry the workbook's password, so it would undo the encryption. Make the encrypted pack and "
            "the PDF separately, and send the PDF only where the authority allows it."
        )
    saved: SavedWorkbook | None = None
    if source.is_dir():
        folder = folder or source
    else:
        progress("reading the officer workbook")
        saved = read_workbook(source)
        folder = extracts_folder(saved, folder)
        period = period or saved.period
    progress("reading the extracts")
    inputs = load_inputs(folder, report_of(saved, catalogue_path) if saved else catalogue_path, period, suppress_small)
    report, catalogue = inputs.report, inputs.catalogue
    log: Log = {}
    if saved is not None:
        log, _ = absorb_inputs(saved.inputs, saved.period, saved.log, inputs.phrases, now())
    cells = officer_cells(catalogue.ids, report.period, log, inputs.phrases)
    commentary = Commentary(
        drafted={item.indicator.id: draft(item, inputs.phrases) for item in report.indicators},
        officer={i: cell for i, cell in cells.items() if cell.carried_from is None},
        log=tuple(e for e in ordered(log, (i.id for i in catalogue.indicators)) if e.period == report.period),
    )
    options = inputs.render_options(board_pack=True)
    target = out_dir / board_pack_name(report.period)

    def render(temporary: Path) -> None:
        if password is None:
            write_workbook(temporary, report, catalogue, inputs.extracts, options, commentary, progress)
            return
        plain = workbook_bytes(report, catalogue, inputs.extracts, options, commentary, progress)
        progress("encrypting")
        encrypt(plain, temporary, password)

    out_dir.mkdir(parents=True, exist_ok=True)
    write_atomically(target, render)
    manifest = write_manifest(target, password is not None, pack_headline(report, options.protective_marking))
    pdf_path = None
    if pdf:
        progress("printing to PDF")
        print_options = replace(options, print_copy=True)
        alt_texts = [alt_text(block) for _, blocks in lay_out(report) for block in blocks]
        pdf_path = _pdf(
            target,
            lambda twin: write_workbook(twin, report, catalogue, inputs.extracts, print_options, commentary),
            alt_texts,
        )
    left_out = tuple(i for i, cell in cells.items() if cell.carried_from is not None)
    return BoardPack(target, report, pdf_path, password is not None, left_out, manifest)
