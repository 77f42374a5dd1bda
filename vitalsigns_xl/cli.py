"""The ``vitalsigns`` command."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from vitalsigns_xl.analysis.judgements import Comparison, Direction, Rag
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.catalogue import DEFAULT_CATALOGUE, Catalogue, CatalogueError, load_catalogue
from vitalsigns_xl.extracts import ExtractError, Extracts, read_extracts
from vitalsigns_xl.formatting import MISSING, format_change, format_value
from vitalsigns_xl.model import IndicatorReport, Report, ReportError, build_report
from vitalsigns_xl.render import RenderOptions, write_workbook
from vitalsigns_xl.settings import SettingsError, default_generated, load_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Vital Signs: monthly children's social care board reports.")
console = Console()
err = Console(stderr=True)

RAG_STYLE = {Rag.RED: "bold white on #C00000", Rag.AMBER: "bold black on #FFC000", Rag.GREEN: "bold white on #00703C"}
GOOD = {Direction.IMPROVING, Comparison.BETTER}
BAD = {Direction.WORSENING, Comparison.WORSE}

ExtractsDir = Annotated[Path, typer.Argument(help="Folder holding the month's extracts (measures*, targets*, benchmarks*).")]
CatalogueOption = Annotated[Path, typer.Option(help="Report definition (YAML).")]
PeriodOption = Annotated[str | None, typer.Option(help="Report month as YYYY-MM; default: the latest month in the extracts.")]


def _fail(message: str) -> typer.Exit:
    err.print(message, markup=False, highlight=False)
    return typer.Exit(code=1)


def _parse_period(text: str | None) -> Month | None:
    if text is None:
        return None
    try:
        return Month.parse(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--period") from None


def load(folder: Path, catalogue_path: Path, period: str | None) -> tuple[Catalogue, Extracts, Report]:
    """Catalogue, extracts and report model, or a clean exit naming every problem."""
    month = _parse_period(period)
    try:
        catalogue = load_catalogue(catalogue_path)
        extracts = read_extracts(folder, catalogue)
        return catalogue, extracts, build_report(catalogue, extracts, month)
    except (CatalogueError, ExtractError, ReportError) as exc:
        raise _fail(str(exc)) from None


def _judged(text: str, judgement: object) -> str:
    style = "green" if judgement in GOOD else "red" if judgement in BAD else ""
    return f"[{style}]{text}[/]" if style else text


def _latest(item: IndicatorReport) -> str:
    if item.latest is not None:
        return format_value(item.latest, item.indicator)
    by_category = any(b.values[-1] is not None for b in item.breakdowns)
    return "[dim]by category[/]" if by_category else "[dim]no figure[/]"


@app.command()
def validate(folder: ExtractsDir, catalogue: CatalogueOption = DEFAULT_CATALOGUE) -> None:
    """Check every extract in FOLDER; list every problem, or say OK."""
    _, extracts, report = load(folder, catalogue, None)
    console.print(
        f"OK: {len(extracts.files)} files, {len(extracts.measures):,} figures for {extracts.measures['indicator'].nunique()} "
        f"measures from {extracts.periods[0].long_label} to {report.period.long_label}, "
        f"{len(extracts.targets)} targets, {len(extracts.benchmarks)} benchmarks.",
        highlight=False,
        soft_wrap=True,
    )


@app.command()
def summary(folder: ExtractsDir, period: PeriodOption = None, catalogue: CatalogueOption = DEFAULT_CATALOGUE) -> None:
    """Print every measure's latest figure, change, target, SN average, RAG and direction."""
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
                f"[{RAG_STYLE[item.rag]}] {item.rag} [/]" if item.rag else MISSING,
                _judged(item.direction, item.direction) if item.direction else MISSING,
            )
    console.print(table)


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
    catalogue: CatalogueOption = DEFAULT_CATALOGUE,
) -> None:
    """Build the Vital Signs workbook from the extracts in FOLDER."""
    definition, extracts, report = load(folder, catalogue, period)
    try:
        settings = load_settings(folder)
    except SettingsError as exc:
        raise _fail(str(exc)) from None
    target = out or Path("out") / f"VitalSigns_{report.period}.xlsx"
    options = RenderOptions(
        authority=authority or settings.authority,
        board=settings.board,
        protective_marking=marking or settings.protective_marking,
        generated=generated or default_generated(report.period),
        period=report.period,
    )
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task("Building", total=None)
        try:
            write_workbook(
                target, report, definition, extracts, options, lambda step: bar.update(task, description=f"Writing {step}")
            )
        except OSError as exc:
            raise _fail(
                f"Could not write {target}: {exc.strerror or exc}. If it is open in Excel, close it and try again."
            ) from None
    rags = [i.rag for i in report.indicators if i.rag]
    counts = ", ".join(f"{sum(r == status for r in rags)} {status.value.lower()}" for status in (Rag.RED, Rag.AMBER, Rag.GREEN))
    console.print(
        f"Wrote {target}: {len(report.indicators)} measures for {report.period.long_label} ({counts}).",
        highlight=False,
        soft_wrap=True,
    )


def main() -> None:
    app()


if __name__ == "__main__":
    main()
