"""The ``vitalsigns`` command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from vitalsigns_xl.analysis.judgements import Comparison, Direction, Rag
from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.catalogue import DEFAULT_CATALOGUE, CatalogueError, load_catalogue
from vitalsigns_xl.extracts import ExtractError, Extracts, read_extracts
from vitalsigns_xl.formatting import MISSING, format_change, format_value
from vitalsigns_xl.model import IndicatorReport, Report, ReportError, build_report

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Vital Signs: monthly children's social care board reports.")
out = Console()
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


def load(folder: Path, catalogue_path: Path, period: str | None) -> tuple[Extracts, Report]:
    """Catalogue, extracts and report model, or a clean exit naming every problem."""
    month = _parse_period(period)
    try:
        catalogue = load_catalogue(catalogue_path)
        extracts = read_extracts(folder, catalogue)
        return extracts, build_report(catalogue, extracts, month)
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
    extracts, report = load(folder, catalogue, None)
    out.print(
        f"OK: {len(extracts.files)} files, {len(extracts.measures):,} figures for {extracts.measures['indicator'].nunique()} "
        f"measures from {extracts.periods[0].long_label} to {report.period.long_label}, "
        f"{len(extracts.targets)} targets, {len(extracts.benchmarks)} benchmarks.",
        highlight=False,
        soft_wrap=True,
    )


@app.command()
def summary(folder: ExtractsDir, period: PeriodOption = None, catalogue: CatalogueOption = DEFAULT_CATALOGUE) -> None:
    """Print every measure's latest figure, change, target, SN average, RAG and direction."""
    _, report = load(folder, catalogue, period)
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
    out.print(table)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
