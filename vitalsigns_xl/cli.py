"""The ``vitalsigns`` command.

Each command imports the job it runs inside its own body, so printing help or validating
extracts never loads pandas' writers, the mail code, encryption or xlwings.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from vitalsigns_xl.errors import VitalSignsError

if TYPE_CHECKING:
    from vitalsigns_xl.analysis.periods import Month
    from vitalsigns_xl.analysis.spc import SpcResult
    from vitalsigns_xl.catalogue import Catalogue
    from vitalsigns_xl.extracts import Extracts
    from vitalsigns_xl.jobs.build import Outcome
    from vitalsigns_xl.model import IndicatorReport, Report

from vitalsigns_xl.jobs.passwords import PACK_PASSWORD_ENV, SMTP_PASSWORD_ENV

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Vital Signs: monthly children's social care board reports.")
console = Console()
err = Console(stderr=True)

ExtractsDir = Annotated[Path, typer.Argument(help="Folder holding the month's extracts (measures*, targets*, benchmarks*).")]
CatalogueOption = Annotated[
    Path | None,
    typer.Option(
        "--report",
        "--catalogue",
        help="The council's report file (YAML); default: report.yaml in the extracts folder if it defines the report, "
        "else the Bradford report shipped with the package (a workbook keeps the one it was built from).",
    ),
]
PeriodOption = Annotated[str | None, typer.Option(help="Report month as YYYY-MM; default: the latest month in the extracts.")]
WorkbookArg = Annotated[Path, typer.Argument(help="The Vital Signs workbook (.xlsx).")]
ExtractsOption = Annotated[
    Path | None, typer.Option("--extracts", help="Folder of extracts; default: the folder the workbook was built from.")
]


def _fail(message: str) -> typer.Exit:
    err.print(message, markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code=1)


def _parse_period(text: str | None) -> Month | None:
    from vitalsigns_xl.analysis.periods import Month

    if text is None:
        return None
    try:
        return Month.parse(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--period") from None


def load(folder: Path, catalogue_path: Path | None, period: str | None) -> tuple[Catalogue, Extracts, Report]:
    """Catalogue, extracts and report model, or a clean exit naming every problem."""
    from vitalsigns_xl.jobs.inputs import load_inputs

    month = _parse_period(period)
    try:
        inputs = load_inputs(folder, catalogue_path, month)
    except VitalSignsError as exc:
        raise _fail(str(exc)) from None
    return inputs.catalogue, inputs.extracts, inputs.report


def _judged(text: str, judgement: object) -> str:
    from vitalsigns_xl.analysis.judgements import Comparison, Direction

    good = {Direction.IMPROVING, Comparison.BETTER}
    bad = {Direction.WORSENING, Comparison.WORSE}
    style = "green" if judgement in good else "red" if judgement in bad else ""
    return f"[{style}]{text}[/]" if style else text


def _latest(item: IndicatorReport) -> str:
    from vitalsigns_xl.formatting import format_value

    if item.latest is not None:
        return format_value(item.latest, item.indicator)
    by_category = any(b.values[-1] is not None for b in item.breakdowns)
    return "[dim]by category[/]" if by_category else "[dim]no figure[/]"


@app.command()
def validate(folder: ExtractsDir, catalogue: CatalogueOption = None) -> None:
    """Check every extract in FOLDER; list every problem, or say OK."""
    from vitalsigns_xl.library import changed_definitions

    shown, extracts, report = load(folder, catalogue, None)
    console.print(
        f"OK: {len(extracts.files)} files, {len(extracts.measures):,} figures for {extracts.measures['indicator'].nunique()} "
        f"measures from {extracts.periods[0].long_label} to {report.period.long_label}, "
        f"{len(extracts.targets)} targets, {len(extracts.benchmarks)} benchmarks.",
        highlight=False,
        soft_wrap=True,
    )
    if extracts.skipped:
        ids = sorted(extracts.skipped)
        _say(f"Warning: figures for {len(ids)} library measures not in this report are not used: {', '.join(ids)}.")
    for line in changed_definitions(folder, shown):
        _say(f"Warning: {line}")


@app.command()
def summary(folder: ExtractsDir, period: PeriodOption = None, catalogue: CatalogueOption = None) -> None:
    """Print every measure's latest figure, change, target, SN average, RAG and direction."""
    from rich.table import Table

    from vitalsigns_xl.analysis.judgements import Rag
    from vitalsigns_xl.formatting import MISSING, format_change, format_value

    rag_style = {Rag.RED: "bold white on #C00000", Rag.AMBER: "bold black on #FFC000", Rag.GREEN: "bold white on #00703C"}
    _, _, report = load(folder, catalogue, period)
    table = Table(title=f"{report.title} — {report.period.long_label} data", title_justify="left")
    for name, justify in (
        ("Code", "left"),
        ("Measure", "left"),
        ("Latest", "right"),
        ("Change", "right"),
        ("Target", "right"),
        ("SN average", "right"),
        ("RAG", "center"),
        ("Direction", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for section in report.sections:
        table.add_section()
        table.add_row("", f"[bold]{section.section.number}. {section.section.title}[/]")
        for item in section.indicators:
            ind = item.indicator
            sn = item.benchmark("statistical_neighbours")
            sn_text = format_value(sn.value, ind) if sn and sn.value is not None else MISSING
            table.add_row(
                ind.code,
                ind.title,
                _latest(item),
                format_change(item.change, ind),
                format_value(item.target, ind),
                _judged(sn_text, sn.comparison) if sn else sn_text,
                f"[{rag_style[item.rag]}] {item.rag} [/]" if item.rag else MISSING,
                _judged(item.direction, item.direction) if item.direction else MISSING,
            )
    console.print(table)


class ImprovementChoice(StrEnum):
    increase = "increase"
    decrease = "decrease"
    neither = "neither"


@app.command()
def spc(
    file: Annotated[Path, typer.Argument(help="CSV of period,value rows (YYYY-MM, oldest first) or one column of values.")],
    improvement: Annotated[
        ImprovementChoice, typer.Option(help="Which way is better; 'neither' flags changes without judging them.")
    ] = ImprovementChoice.increase,
    target: Annotated[float | None, typer.Option(help="Target, for the assurance: will the process meet it?")] = None,
    no_screen: Annotated[
        bool, typer.Option("--no-screen", help="Keep moving ranges of 3.267 × their mean or more in the limits.")
    ] = False,
    fix_after: Annotated[
        int | None, typer.Option(min=12, help="Fix the limits on the first N points (12 or more) of each period.")
    ] = None,
    rebase: Annotated[
        list[str] | None, typer.Option(help="Recalculate the limits from this month (YYYY-MM); repeat for several.")
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of a table.")] = False,
) -> None:
    """Statistical process control (an XmR chart) of a monthly series: mean, process limits, special causes,
    and the latest point's variation and assurance, as NHS Making Data Count reads them."""
    import json

    from vitalsigns_xl.analysis.periods import Month
    from vitalsigns_xl.analysis.spc import Improvement
    from vitalsigns_xl.jobs.spc import as_json, run

    try:
        months = [Month.parse(text) for text in rebase or []]
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--rebase") from None
    try:
        series, result = run(file, Improvement(improvement.value), target, not no_screen, fix_after, months)
    except VitalSignsError as exc:
        raise _fail(str(exc)) from None
    data = as_json(series, result)
    if json_output:
        print(json.dumps(data, indent=2))
        return
    _print_spc(data, result)


def _print_spc(data: dict[str, Any], result: SpcResult) -> None:
    from rich.table import Table

    from vitalsigns_xl.formatting import MISSING, assurance_label, variation_label

    def number(value: float | None) -> str:
        return MISSING if value is None else f"{value:,.4f}".rstrip("0").rstrip(".")

    table = Table(title_justify="left")
    for name in ("Period", "Value", "Mean", "Lower limit", "Upper limit", "Special cause", "Rules", "Type"):
        table.add_column(name, justify="left" if name in ("Period", "Rules", "Type", "Special cause") else "right")
    for position, point in enumerate(data["points"], start=1):
        table.add_row(
            point["period"] or f"#{position}",
            number(point["value"]),
            number(point["mean"]),
            number(point["lpl"]),
            number(point["upl"]),
            "yes" if point["special_cause"] else "",
            ", ".join(point["rules"]),
            point["type"] or "",
        )
    console.print(table)
    console.print(f"Variation: {variation_label(result.variation, result.latest_high)}", highlight=False)
    console.print(f"Assurance: {assurance_label(result.assurance)}", highlight=False)
    if result.provisional:
        console.print("The limits are provisional: they rest on fewer than 12 points.", highlight=False)


@app.command()
def measures(
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON, for other tools.")] = False,
    report: Annotated[
        Path | None, typer.Option(help="Show the codes this report file gives (default: the Bradford report).")
    ] = None,
) -> None:
    """List the measure library: id, code, title, unit, polarity, basis and the Annex A lists it counts from."""
    import json

    from rich.table import Table

    from vitalsigns_xl.library import load_report, measure_listing

    try:
        rows = measure_listing(load_report(report) if report else None)
    except VitalSignsError as exc:
        raise _fail(str(exc)) from None
    if as_json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    wide = console.width >= 140  # the basis column only where it can be read
    table = Table(title=f"The measure library: {len(rows)} measures", title_justify="left")
    for name in ("Id", "Code", "Title", "Unit", "Polarity", *(["Basis"] if wide else []), "Annex A"):
        table.add_column(name, overflow="fold")
    theme = None
    for row in rows:
        if row["theme"] != theme:
            theme = row["theme"]
            table.add_section()
            table.add_row(f"[bold]{theme.replace('_', ' ').capitalize()}[/]")
        polarity = row["polarity"].removesuffix("_is_better")
        lists = ", ".join(str(n) for n in row["annex_a_lists"])
        basis = [row["basis"]] if wide else []
        table.add_row(row["id"], row["code"], row["title"], row["unit"], polarity, *basis, lists)
    console.print(table)


@app.command("new-report")
def new_report_command(
    file: Annotated[Path, typer.Argument(help="Report file to write, e.g. extracts/report.yaml; never overwritten.")],
) -> None:
    """Write a starting report file, commented, with the Bradford report as its content."""
    from vitalsigns_xl.jobs.report_file import new_report

    with _job() as _:
        written = new_report(file)
    _say(f"Wrote {written}. Edit it, then build with: vitalsigns build FOLDER --report {written}")


@contextmanager
def _job(unchanged: Path | None = None) -> Iterator[Callable[[str], None]]:
    """Progress on stderr while a job runs; any problem it reports becomes a clean exit with the reason."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task("Starting", total=None)
        try:
            yield lambda step: bar.update(task, description=step[:1].upper() + step[1:])
        except VitalSignsError as exc:
            bar.stop()
            note = f"\n{unchanged.name} was not changed." if unchanged is not None and unchanged.exists() else ""
            raise _fail(f"{exc}{note}") from None


def _say(text: str) -> None:
    console.print(text, highlight=False, soft_wrap=True, markup=False)


def _report_outcome(verb: str, outcome: Outcome) -> None:
    from vitalsigns_xl.formatting import rag_counts

    report = outcome.report
    _say(f"{verb} {outcome.path}: {len(report.indicators)} measures for {report.period.long_label} ({rag_counts(report)}).")
    changes = outcome.changes
    for label, ids in (
        ("Officer commentary added", changes.added),
        ("Officer commentary updated", changes.updated),
        ("Officer commentary cleared in the workbook (kept in the backup)", changes.cleared),
        ("Existing commentary kept where the file's text was blank", changes.kept),
        ("Last month's commentary carried forward as a draft to review", outcome.carried_forward),
    ):
        if ids:
            _say(f"{label}: {len(ids)} ({', '.join(ids[:6])}{', …' if len(ids) > 6 else ''}).")
    if outcome.rag_changes:
        since = outcome.previous_period.long_label if outcome.previous_period else "the last build"
        _say(f"Changed colour since the workbook showed {since}:")
    for item, before, now in outcome.rag_changes:
        _say(f"  {item.indicator.code} {item.indicator.title}: {before or 'not rated'} → {now or 'not rated'}.")
    for note in outcome.notes:
        _say(note)
    if outcome.backup:
        _say(f"The previous file is kept as {outcome.backup}.")


@app.command()
def build(
    folder: ExtractsDir,
    period: PeriodOption = None,
    out: Annotated[Path | None, typer.Option(help="Workbook to write; default: out/VitalSigns_YYYY-MM.xlsx.")] = None,
    authority: Annotated[str | None, typer.Option(help="Authority named on the cover (default: report.yaml).")] = None,
    marking: Annotated[
        str | None, typer.Option(help="Protective marking (default: report.yaml, else OFFICIAL-SENSITIVE).")
    ] = None,
    generated: Annotated[
        datetime | None,
        typer.Option(
            formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"], help="Date printed as generated (default: the day after the period)."
        ),
    ] = None,
    xlsm: Annotated[
        bool, typer.Option("--xlsm", help="The officer's workbook with a Refresh button and Excel functions.")
    ] = False,
    interpreter: Annotated[
        str,
        typer.Option(help="--xlsm: python.exe for xlwings to run on Windows (default on Windows: the Python running this)."),
    ] = "",
    pythonpath: Annotated[str, typer.Option(help="--xlsm: folders to add to PYTHONPATH in xlwings.conf.")] = "",
    catalogue: CatalogueOption = None,
) -> None:
    """Build the Vital Signs workbook from the extracts in FOLDER (over an existing one, its commentary is kept)."""
    from vitalsigns_xl.jobs.build import build as build_workbook
    from vitalsigns_xl.jobs.inputs import Overrides
    from vitalsigns_xl.render.excel_sheets import MacroOptions

    month = _parse_period(period)
    macros = MacroOptions.for_build(interpreter, pythonpath) if xlsm else None
    with _job(out) as progress:
        outcome = build_workbook(folder, out, month, catalogue, Overrides(authority, marking, generated), progress, macros)
    _report_outcome("Wrote", outcome)


@app.command()
def refresh(
    workbook: WorkbookArg,
    extracts: ExtractsOption = None,
    period: PeriodOption = None,
    catalogue: CatalogueOption = None,
) -> None:
    """Regenerate WORKBOOK from the extracts, keeping the officer commentary; the old file goes to backups/."""
    from vitalsigns_xl.jobs.refresh import refresh as refresh_workbook

    month = _parse_period(period)
    with _job(workbook) as progress:
        outcome = refresh_workbook(workbook, extracts, month, catalogue, progress=progress)
    _report_outcome("Refreshed", outcome)


commentary_app = typer.Typer(no_args_is_help=True, help="Officer commentary in a CSV file, for writing outside Excel.")
app.add_typer(commentary_app, name="commentary")


@commentary_app.command("export")
def commentary_export(
    workbook: WorkbookArg, target: Annotated[Path, typer.Argument(help="CSV file to write (indicator, period, text).")]
) -> None:
    """Write this period's officer commentary, one row per measure, to a CSV file."""
    from vitalsigns_xl.jobs.commentary import export_commentary

    with _job() as _:
        count = export_commentary(workbook, target)
    _say(f"Wrote {target}: {count} measures. Edit the text column, then run: vitalsigns commentary import {workbook} {target}")


@commentary_app.command("import")
def commentary_import(
    workbook: WorkbookArg,
    source: Annotated[Path, typer.Argument(help="CSV file with columns indicator, period, text.")],
    extracts: ExtractsOption = None,
    catalogue: CatalogueOption = None,
) -> None:
    """Take officer commentary from a CSV file into WORKBOOK; blank text never removes what is there."""
    from vitalsigns_xl.jobs.commentary import import_commentary

    with _job(workbook) as progress:
        outcome = import_commentary(workbook, source, extracts, catalogue, progress)
    _report_outcome("Updated", outcome)


def _pack_password() -> str:
    """From the environment, or typed twice without echo: never an argument, which shell history would keep."""
    password = os.environ.get(PACK_PASSWORD_ENV)
    if password:
        return password
    typed: str = typer.prompt("Password for the board pack", hide_input=True, confirmation_prompt=True, err=True)
    if len(typed) < 8:
        raise _fail("Use a password of at least 8 characters.")
    return typed


@app.command("board-pack")
def board_pack_command(
    source: Annotated[Path, typer.Argument(help="The officer workbook, or a folder of extracts.")],
    out: Annotated[Path, typer.Option("--out", help="Folder to write the board pack into.")],
    period: PeriodOption = None,
    extracts: ExtractsOption = None,
    suppress: Annotated[
        bool, typer.Option("--suppress-small-numbers", help='Show counts of 1 to 5, and figures built on them, as "c".')
    ] = False,
    encrypt: Annotated[
        bool, typer.Option("--encrypt", help=f"Password-protect the pack (password from {PACK_PASSWORD_ENV}, or asked for).")
    ] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also print the pack to PDF with LibreOffice.")] = False,
    catalogue: CatalogueOption = None,
) -> None:
    """Make the board's copy: aggregates only, no macros, this period's commentary, protected against edits."""
    from vitalsigns_xl.formatting import rag_counts
    from vitalsigns_xl.jobs.board_pack import board_pack

    month = _parse_period(period)
    password = _pack_password() if encrypt else None
    with _job() as progress:
        pack = board_pack(source, out, month, extracts, suppress, password, pdf, catalogue, progress)
    _say(f"Wrote {pack.path}: the board pack for {pack.report.period.long_label} ({rag_counts(pack.report)}).")
    if pack.report.small_numbers_suppressed:
        _say('Counts of 1 to 5, and figures built on them, are shown as "c".')
    if pack.encrypted:
        _say("It is encrypted. Send the password separately (by phone or text message), never in the same email.")
    if pack.pdf:
        _say(f"Wrote {pack.pdf}.")
    if pack.manifest:
        _say(f"Recorded its SHA-256 and headline in {pack.manifest.name}: `vitalsigns email` sends only this pack.")
    if pack.drafts_left_out:
        _say(
            f"Left out carried-forward commentary nobody has reviewed ({len(pack.drafts_left_out)}): "
            f"{', '.join(pack.drafts_left_out)}. Review them in the officer workbook and make the pack again."
        )


@app.command()
def email(
    pack: Annotated[Path, typer.Argument(help="The board pack to send (.xlsx, encrypted or not).")],
    recipients: Annotated[Path, typer.Option("--recipients", help="CSV of board members: name, email, optional role.")],
    sender: Annotated[str, typer.Option("--from", help="Address the messages come from.")],
    smtp_host: Annotated[str, typer.Option(help="Mail server.")] = "localhost",
    smtp_port: Annotated[int | None, typer.Option(help="Port; default 25, 587 with --starttls, 465 with --tls.")] = None,
    starttls: Annotated[bool, typer.Option("--starttls", help="Upgrade the connection with STARTTLS.")] = False,
    tls: Annotated[bool, typer.Option("--tls", help="Connect over TLS from the start.")] = False,
    smtp_user: Annotated[str | None, typer.Option(help=f"Login name; the password is read from {SMTP_PASSWORD_ENV}.")] = None,
    dry_run: Annotated[
        Path | None, typer.Option("--dry-run", help="Write the messages as .eml files into this folder instead of sending.")
    ] = None,
    new_issue: Annotated[bool, typer.Option("--new-issue", help="Send a pack that changed since it was last sent.")] = False,
) -> None:
    """Email the board pack, one message per recipient; safe to run again after a failure (see the send log)."""
    from vitalsigns_xl.jobs.email import Smtp, log_path, send, write_outbox

    if starttls and tls:
        raise typer.BadParameter("choose one of --starttls and --tls", param_hint="--tls")
    security = "tls" if tls else "starttls" if starttls else "none"
    port = smtp_port or {"tls": 465, "starttls": 587}.get(security, 25)
    smtp = Smtp(smtp_host, port, security, smtp_user)
    with _job() as progress:
        if dry_run is not None:  # the same checks, problems and exit code as a real send; only delivery differs
            written, report = write_outbox(pack, recipients, sender, dry_run, new_issue, smtp)
        else:
            report = send(pack, recipients, sender, smtp, new_issue, progress)
    issue = f" (issue {report.issue})" if report.issue > 1 else ""
    if dry_run is not None:
        _say(f"Dry run: would send {pack.name}{issue} to {len(report.sent)} recipient(s); nothing was sent.")
        _say(f"Wrote {len(written)} messages to {dry_run}.")
    else:
        _say(f"Sent {pack.name}{issue} to {len(report.sent)} recipient(s).")
    if report.already:
        _say(f"Already sent earlier, so not sent again: {len(report.already)}.")
    for address, reason in report.refused:
        _say(f"Refused by the server: {address} ({reason}).")
    for _, reason in report.invalid:
        _say(f"Not sent, not a usable address: {reason}.")
    if report.stopped:
        _say(f"Stopped: {report.stopped}. Not yet sent to {len(report.not_attempted)}: {', '.join(report.not_attempted)}.")
        _say("Run the same command again to send to them; nobody gets a second copy.")
    if dry_run is None:
        _say(f"Send log: {log_path(pack)}")
    if not report.complete:
        raise typer.Exit(code=1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
