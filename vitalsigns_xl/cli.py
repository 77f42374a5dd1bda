"""The ``vitalsigns`` command.

Each command imports the job it runs inside its own body, so printing help or validating
extracts never loads pandas' writers, the mail code, encryption or xlwings.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from typer import _click as click
from typer.core import TyperCommand

from vitalsigns_xl.errors import VitalSignsError

if TYPE_CHECKING:
    from vitalsigns_xl.analysis.periods import Month
    from vitalsigns_xl.analysis.spc import SpcResult
    from vitalsigns_xl.catalogue import Catalogue
    from vitalsigns_xl.extracts import Extracts
    from vitalsigns_xl.jobs.build import Outcome
    from vitalsigns_xl.model import IndicatorReport, Report

from vitalsigns_xl.jobs.passwords import PACK_PASSWORD_ENV, SMTP_PASSWORD_ENV


class _Command(TyperCommand):
    """Help an officer can read at 80 columns: ``FOLDER`` rather than ``{folder} <path>``, examples kept line by line."""

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        arguments = [_argument_name(p) for p in self.get_params(ctx) if p.param_type_name == "argument"]
        return [self.options_metavar or "[OPTIONS]", *arguments]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        params = self.get_params(ctx)
        arguments = [(_argument_name(p), getattr(p, "help", None) or "") for p in params if p.param_type_name == "argument"]
        options = [r for p in params if p.param_type_name == "option" and (r := p.get_help_record(ctx)) is not None]
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _argument_name(param: click.Parameter) -> str:
    return (param.metavar or param.name or "").upper()


app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Vital Signs: turn a month's children's social care extracts into the board's workbook.\n\n"
    "\b\nStart with:\n  vitalsigns validate FOLDER   check the extracts\n  vitalsigns build FOLDER      make the workbook\n"
    "  vitalsigns COMMAND --help    what a command does, with examples",
)
command = partial(app.command, cls=_Command)
console = Console()
err = Console(stderr=True)

ExtractsDir = Annotated[
    Path, typer.Argument(metavar="FOLDER", help="Folder holding the month's extracts (measures*, targets*, benchmarks*).")
]
CatalogueOption = Annotated[
    Path | None,
    typer.Option(
        "--report",
        "--catalogue",
        metavar="FILE",
        help="The council's report file (YAML); default: report.yaml in the extracts folder if it defines the report, "
        "else the Bradford report shipped with the package (a workbook keeps the one it was built from).",
    ),
]
PeriodOption = Annotated[
    str | None, typer.Option(metavar="YYYY-MM", help="Report month; default: the latest month in the extracts.")
]
WorkbookArg = Annotated[Path, typer.Argument(metavar="WORKBOOK", help="The Vital Signs workbook (.xlsx or .xlsm).")]
ExtractsOption = Annotated[
    Path | None,
    typer.Option("--extracts", metavar="FOLDER", help="Folder of extracts; default: the one the workbook was built from."),
]


def _version(show: bool) -> None:
    if show:
        from importlib.metadata import version

        console.print(f"vitalsigns {version('vitalsigns_xl')}", highlight=False)
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Vital Signs: turn a month's children's social care extracts into the board's workbook."""


def _must_be_file(path: Path, what: str) -> None:
    """Refuse, before any work, a path that names a folder where a file is wanted (or nothing at all)."""
    if path.is_dir():
        raise _fail(f"{path} is a folder; {what} is a file.")
    if not path.exists():
        raise _fail(f"{path} does not exist; {what} is a file.")


def _must_be_folder(path: Path | None, what: str) -> None:
    if path is not None and path.exists() and not path.is_dir():
        raise _fail(f"{path} is a file; {what} is a folder. Give the folder that holds it: {path.parent}")


def _must_not_be_folder(path: Path | None, what: str, example: str) -> None:
    if path is not None and path.is_dir():
        raise _fail(f"{path} is a folder; {what} is a file, for example {path / example}")


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
    """Catalogue, extracts and report model, or a clean exit naming every problem. The commands that use it
    (validate, summary) show no forecast, so none is fitted."""
    from vitalsigns_xl.jobs.inputs import load_inputs

    month = _parse_period(period)
    try:
        inputs = load_inputs(folder, catalogue_path, month, forecasts=False)
    except VitalSignsError as exc:
        raise _fail(str(exc)) from None
    return inputs.catalogue, inputs.extracts, inputs.report


WIDE_SUMMARY = 110  # columns from which the summary also shows the statistical-neighbour average
MIN_TITLE = 16  # characters of a measure's title the summary always shows


NOT_COMPARED_NOTE = "* an SN average counted on another basis than the measure: shown, not compared."


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


@command()
def validate(folder: ExtractsDir, catalogue: CatalogueOption = None) -> None:
    """Check the extracts in FOLDER; list every problem, or say OK.

    Every file is read as build would read it, and report.yaml beside them too.

    \b
    Examples:
      vitalsigns validate examples
      vitalsigns validate "S:/Performance/Vital Signs/2020-06"
    """
    from vitalsigns_xl.library import changed_definitions

    shown, extracts, report = load(folder, catalogue, None)
    console.print(
        f"OK: {len(extracts.files)} files, {len(extracts.measures):,} figures for {extracts.measures['indicator'].nunique()} "
        f"measures from {extracts.periods[0].long_label} to {report.period.long_label}, "
        f"{len(extracts.targets)} targets, {len(extracts.benchmarks)} benchmarks"
        + (f", {len(extracts.councils):,} published figures for all councils." if len(extracts.councils) else "."),
        highlight=False,
        soft_wrap=True,
    )
    for unused in report.unused:  # supplied but shown nowhere: a warning, so that nothing disappears unremarked
        _say(f"Warning: {unused.where}: {unused.reason}.")
    for line in changed_definitions(folder, shown):
        _say(f"Warning: {line}")


@command()
def summary(folder: ExtractsDir, period: PeriodOption = None, catalogue: CatalogueOption = None) -> None:
    """Print every measure's latest figure, change, target and RAG.

    At 80 columns: code, measure, latest, change, target, RAG and direction; a wider
    terminal shows the statistical-neighbour average too. Piped, it is plain text.

    \b
    Examples:
      vitalsigns summary examples
      vitalsigns summary examples --period 2020-05 > summary.txt
    """
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from vitalsigns_xl.analysis.judgements import Rag
    from vitalsigns_xl.formatting import MISSING, format_band, format_change, format_value

    rag_style = {Rag.RED: "bold white on #C00000", Rag.AMBER: "bold black on #FFC000", Rag.GREEN: "bold white on #00703C"}
    _, _, report = load(folder, catalogue, period)
    wide = console.width >= WIDE_SUMMARY  # room for the statistical-neighbour average
    headers = ["Code", "Measure", "Latest", "Change", "Target", *(["SN average"] if wide else []), "RAG", "Direction"]
    rows: list[list[str] | str] = []
    for section in report.sections:
        rows.append(f"[bold]{section.section.number}. {section.section.title}[/]")
        for item in section.indicators:
            ind = item.indicator
            sn = item.benchmark("statistical_neighbours")
            sn_text = format_value(sn.value, ind) if sn and sn.value is not None else MISSING
            sn_text += "*" if sn and sn.mark and sn.value is not None else ""  # on another basis: not compared
            rows.append(
                [
                    ind.code,
                    ind.title,
                    _latest(item),
                    format_change(item.change, ind),
                    format_band(item.band, ind) if item.band else format_value(item.target, ind),
                    *([_judged(sn_text, sn.comparison) if sn else sn_text] if wide else []),
                    f"[{rag_style[item.rag]}]{item.rag}[/]" if item.rag else MISSING,
                    _judged(item.direction, item.direction) if item.direction else MISSING,
                ]
            )
    # Every column but the title as wide as its widest entry; the title gets the rest, cut with an ellipsis.
    widths = [
        max(Text.from_markup(row[i]).cell_len for row in [headers, *rows] if isinstance(row, list)) for i in range(len(headers))
    ]
    gaps = len(headers) - 1  # one space between columns
    widths[1] = max(MIN_TITLE, console.width - gaps - sum(widths) + widths[1])
    table = Table(
        title=f"{report.title} — {report.period.long_label} data",
        title_justify="left",
        box=box.SIMPLE_HEAD if console.is_terminal else None,  # piped to a file: plain columns, no lines
        padding=(0, 1, 0, 0),
        pad_edge=False,
        show_edge=False,
        caption=NOT_COMPARED_NOTE if wide and any("*" in row[5] for row in rows if isinstance(row, list)) else None,
        caption_justify="left",
    )
    for i, name in enumerate(headers):
        justify = "right" if name in ("Latest", "Change", "Target", "SN average") else "left"
        table.add_column(name, justify=justify, width=widths[i], no_wrap=True, overflow="ellipsis")  # type: ignore[arg-type]
    for row in rows:
        if isinstance(row, str):
            table.add_section()
            table.add_row("", row)
        else:
            table.add_row(*row)
    console.print(table)


class ImprovementChoice(StrEnum):
    increase = "increase"
    decrease = "decrease"
    neither = "neither"


@command()
def spc(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="CSV of period,value rows (YYYY-MM, oldest first) or one column of values.")
    ],
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


@command()
def measures(
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON, for other tools.")] = False,
    report: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Show the codes this report file gives (default: the Bradford report)."),
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


@command("new-report")
def new_report_command(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="Report file to write, e.g. extracts/report.yaml; never overwritten.")
    ],
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


@command()
def build(
    folder: ExtractsDir,
    period: PeriodOption = None,
    out: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Workbook to write; default: VitalSigns_<month>.xlsx (.xlsm with --xlsm) in out/."),
    ] = None,
    authority: Annotated[
        str | None, typer.Option(metavar="TEXT", help="Authority named on the cover; default: from report.yaml.")
    ] = None,
    marking: Annotated[
        str | None,
        typer.Option(metavar="TEXT", help="Protective marking; default: from report.yaml, else OFFICIAL-SENSITIVE."),
    ] = None,
    generated: Annotated[
        datetime | None,
        typer.Option(
            formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"],
            metavar="YYYY-MM-DD",
            help="Date printed as generated; default: the day after the report month.",
        ),
    ] = None,
    xlsm: Annotated[
        bool, typer.Option("--xlsm", help="Make the officer's .xlsm, with a Refresh button and Excel functions.")
    ] = False,
    interpreter: Annotated[
        str,
        typer.Option(
            metavar="PATH", help="With --xlsm: python.exe for xlwings on Windows; default there: the Python running this."
        ),
    ] = "",
    pythonpath: Annotated[
        str, typer.Option(metavar="FOLDERS", help="With --xlsm: folders to add to PYTHONPATH in xlwings.conf.")
    ] = "",
    catalogue: CatalogueOption = None,
) -> None:
    """Build the Vital Signs workbook from the extracts in FOLDER.

    Building over an existing workbook keeps its officer commentary.

    \b
    Examples:
      vitalsigns build examples
      vitalsigns build extracts --period 2020-05 --out VitalSigns_2020-05.xlsx
      vitalsigns build extracts --xlsm --out VitalSigns.xlsm
    """
    _must_be_folder(folder, "the extracts folder")
    _must_not_be_folder(out, "--out", "VitalSigns.xlsm" if xlsm else "VitalSigns.xlsx")
    from vitalsigns_xl.jobs.build import build as build_workbook
    from vitalsigns_xl.jobs.inputs import Overrides
    from vitalsigns_xl.render.excel_sheets import MacroOptions

    month = _parse_period(period)
    macros = MacroOptions.for_build(interpreter, pythonpath) if xlsm else None
    with _job(out) as progress:
        outcome = build_workbook(folder, out, month, catalogue, Overrides(authority, marking, generated), progress, macros)
    _report_outcome("Wrote", outcome)


@command("annex-a")
def annex_a(
    source: Annotated[
        Path, typer.Argument(help="Ofsted Annex A: a workbook with 'List N' sheets, a 'List N' CSV, or a folder of them.")
    ],
    out: Annotated[
        Path,
        typer.Option("--out", metavar="FILE", help="Measures CSV to write (an existing one keeps the months not recounted)."),
    ],
    period: Annotated[
        str | None, typer.Option(metavar="YYYY-MM", help="Last month to count; default: the last whole month in the lists.")
    ] = None,
    population: Annotated[
        int | None, typer.Option(min=1, metavar="N", help="Children aged 0-17, for rates per 10,000; default: report.yaml.")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Any row that cannot be counted is an error; nothing is written.")
    ] = False,
    catalogue: CatalogueOption = None,
) -> None:
    """Count the monthly figures from an Ofsted Annex A into a measures extract, with a data-quality list beside it."""
    from vitalsigns_xl.jobs.annex_a import run, summary_lines

    month = _parse_period(period)
    with _job() as progress:
        outcome = run(source, out, month, population, strict, catalogue, progress=progress)
    for line in summary_lines(outcome):
        _say(line)


@command()
def refresh(
    workbook: WorkbookArg,
    extracts: ExtractsOption = None,
    period: PeriodOption = None,
    catalogue: CatalogueOption = None,
) -> None:
    """Regenerate WORKBOOK, keeping every word of officer commentary.

    New figures come from the extracts it was built from (or --extracts). The
    previous file is kept in backups/ beside the workbook (the newest ten).

    \b
    Examples:
      vitalsigns refresh VitalSigns.xlsx
      vitalsigns refresh VitalSigns.xlsx --extracts extracts/2020-07
    """
    _must_be_file(workbook, "WORKBOOK")
    _must_be_folder(extracts, "--extracts")
    from vitalsigns_xl.jobs.refresh import refresh as refresh_workbook

    month = _parse_period(period)
    with _job(workbook) as progress:
        outcome = refresh_workbook(workbook, extracts, month, catalogue, progress=progress)
    _report_outcome("Refreshed", outcome)


commentary_app = typer.Typer(
    no_args_is_help=True, rich_markup_mode=None, help="Officer commentary in a CSV file, for writing outside Excel."
)
app.add_typer(commentary_app, name="commentary")


@commentary_app.command("export", cls=_Command)
def commentary_export(
    workbook: WorkbookArg,
    target: Annotated[Path, typer.Argument(metavar="CSV", help="CSV file to write (indicator, period, text).")],
) -> None:
    """Write this period's officer commentary, one row per measure, to a CSV file.

    \b
    Example:
      vitalsigns commentary export VitalSigns.xlsx commentary.csv
    """
    _must_be_file(workbook, "WORKBOOK")
    _must_not_be_folder(target, "CSV", "commentary.csv")
    from vitalsigns_xl.jobs.commentary import export_commentary

    with _job() as _:
        count = export_commentary(workbook, target)
    _say(f"Wrote {target}: {count} measures. Edit the text column, then run: vitalsigns commentary import {workbook} {target}")


@commentary_app.command("import", cls=_Command)
def commentary_import(
    workbook: WorkbookArg,
    source: Annotated[Path, typer.Argument(metavar="CSV", help="CSV file with columns indicator, period, text.")],
    extracts: ExtractsOption = None,
    catalogue: CatalogueOption = None,
) -> None:
    """Take officer commentary from a CSV file into WORKBOOK.

    A blank text never removes what is already there.

    \b
    Example:
      vitalsigns commentary import VitalSigns.xlsx commentary.csv
    """
    _must_be_file(workbook, "WORKBOOK")
    _must_be_folder(extracts, "--extracts")
    from vitalsigns_xl.jobs.commentary import import_commentary

    with _job(workbook) as progress:
        outcome = import_commentary(workbook, source, extracts, catalogue, progress)
    _report_outcome("Updated", outcome)


MIN_PASSWORD = 8


def _pack_password() -> str:
    """From the environment, or typed twice without echo: never an argument, which shell history would keep."""
    password = os.environ.get(PACK_PASSWORD_ENV)
    if password:
        if len(password) < MIN_PASSWORD:
            raise _fail(f"{PACK_PASSWORD_ENV} is shorter than {MIN_PASSWORD} characters; set a longer password.")
        return password
    if not sys.stdin.isatty():
        raise _fail(
            f"--encrypt needs a password, and there is no terminal to type it in: set {PACK_PASSWORD_ENV} "
            "for this command, or run it in a terminal."
        )
    typed: str = typer.prompt("Password for the board pack", hide_input=True, confirmation_prompt=True, err=True)
    if len(typed) < MIN_PASSWORD:
        raise _fail(f"Use a password of at least {MIN_PASSWORD} characters.")
    return typed


@command("board-pack")
def board_pack_command(
    source: Annotated[Path, typer.Argument(metavar="SOURCE", help="The officer workbook, or a folder of extracts.")],
    out: Annotated[Path, typer.Option("--out", metavar="FOLDER", help="Folder to write the board pack into.")],
    period: Annotated[
        str | None,
        typer.Option(
            metavar="YYYY-MM",
            help="Report month; default: the workbook's own month, or for a folder of extracts the latest month in it.",
        ),
    ] = None,
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
    """Make the board's copy: aggregates only, protected, no macros.

    The pack holds this period's reviewed commentary only, no settings or history, and
    every sheet is protected against accidental edits.

    \b
    Examples:
      vitalsigns board-pack VitalSigns.xlsm --out board
      vitalsigns board-pack VitalSigns.xlsm --out board --pdf
      vitalsigns board-pack extracts --out board --suppress-small-numbers
      vitalsigns board-pack VitalSigns.xlsm --out board --encrypt
        (the password from VITALSIGNS_PACK_PASSWORD, or typed when asked)
    """
    if not source.exists():
        raise _fail(f"{source} does not exist; SOURCE is the officer workbook or a folder of extracts.")
    _must_be_folder(extracts, "--extracts")
    if out.suffix.lower() in (".xlsx", ".xlsm", ".pdf") or out.is_file():
        raise _fail(f"--out is the folder to write the board pack into, and {out} names a file. Try: --out {out.parent}")
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


@command()
def email(
    pack: Annotated[Path, typer.Argument(metavar="PACK", help="The board pack to send (.xlsx, encrypted or not).")],
    recipients: Annotated[
        Path, typer.Option("--recipients", metavar="CSV", help="Board members: columns name, email, and role if wanted.")
    ],
    sender: Annotated[str, typer.Option("--from", metavar="ADDRESS", help="Address the messages come from.")],
    smtp_host: Annotated[str, typer.Option(metavar="HOST", help="Mail server.")] = "localhost",
    smtp_port: Annotated[
        int | None, typer.Option(metavar="N", help="Port; default: 25, or 587 with --starttls, 465 with --tls.")
    ] = None,
    starttls: Annotated[bool, typer.Option("--starttls", help="Upgrade the connection with STARTTLS.")] = False,
    tls: Annotated[bool, typer.Option("--tls", help="Connect over TLS from the start.")] = False,
    smtp_user: Annotated[
        str | None, typer.Option(metavar="NAME", help=f"Login name; the password is read from {SMTP_PASSWORD_ENV}.")
    ] = None,
    dry_run: Annotated[
        Path | None,
        typer.Option("--dry-run", metavar="FOLDER", help="Write the messages as .eml files here instead of sending."),
    ] = None,
    new_issue: Annotated[bool, typer.Option("--new-issue", help="Send a pack that changed since it was last sent.")] = False,
) -> None:
    """Email the board pack, one message per recipient.

    Safe to run again after a failure: the send log beside the pack says who has it.

    \b
    Examples:
      vitalsigns email board/VitalSigns_2020-06_board.xlsx \\
          --recipients examples/recipients.csv --from me@council.example \\
          --dry-run outbox
      vitalsigns email board/VitalSigns_2020-06_board.xlsx \\
          --recipients board.csv --from me@council.example \\
          --smtp-host mail.council.example --starttls
    """
    _must_be_file(pack, "PACK")
    _must_be_file(recipients, "--recipients")
    if dry_run is not None and dry_run.is_file():
        raise _fail(f"{dry_run} is a file; --dry-run is the folder to write the messages into.")
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
    app(prog_name="vitalsigns")


if __name__ == "__main__":
    main()
