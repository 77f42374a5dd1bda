"""The report definition: its sections and the indicators in them, each a measure with its code.

It is data, so adding a measure needs a YAML entry and no code: the measures are defined in
the library (``workbook_templates/library/``, read by ``library.py``) and a report picks them.
A catalogue is validated on load: a typo in a unit, a duplicate id or a missing "why" text
must stop the run with a message naming the entry, before any extract is read.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache, cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from vitalsigns_xl.contract import (
    CHART_DATA,
    COMMENTARY,
    CONTENTS,
    COVER,
    DATA,
    DEFINITIONS,
    SETTINGS,
    SHEET_NAME_FORBIDDEN,
    SHEET_NAME_LIMIT,
    SUMMARY,
    XLWINGS_CONF,
)
from vitalsigns_xl.errors import VitalSignsError
from vitalsigns_xl.resources import templates_folder

TEMPLATES_DIR = templates_folder()  # workbook_templates/, installed as package data
SOURCES_FILE = TEMPLATES_DIR / "sources.yaml"


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be blank")
    return text.strip()


RESERVED_SHEETS = (COVER, CONTENTS, SUMMARY, COMMENTARY, DATA, DEFINITIONS, CHART_DATA, SETTINGS, XLWINGS_CONF)


def _sheet_name(title: str) -> str:
    """A section title is its sheet's name, so it must be one Excel accepts and the workbook does not use itself."""
    if len(title) > SHEET_NAME_LIMIT:
        raise ValueError(f"'{title}' is {len(title)} characters; a sheet name holds at most {SHEET_NAME_LIMIT}")
    bad = sorted({ch for ch in title if ch in SHEET_NAME_FORBIDDEN})
    if bad:
        raise ValueError(f"'{title}' contains {' '.join(bad)}, which a sheet name cannot hold")
    if title.startswith("'") or title.endswith("'"):
        raise ValueError(f"'{title}' starts or ends with an apostrophe, which a sheet name cannot")
    if title.casefold() in {name.casefold() for name in RESERVED_SHEETS}:  # Excel compares sheet names without case
        raise ValueError(f"'{title}' is the name of one of the workbook's own sheets ({', '.join(RESERVED_SHEETS)})")
    return title


NonBlank = Annotated[str, AfterValidator(_not_blank)]
SheetTitle = Annotated[str, AfterValidator(_not_blank), AfterValidator(_sheet_name)]
Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]*$")]
MonthText = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
SINGLE_SERIES_CHARTS = ("line", "column")
BenchmarkSource = Literal["statistical_neighbours", "england", "region"]


class Unit(StrEnum):
    PERCENT = "percent"
    COUNT = "count"
    RATE_PER_10K = "rate_per_10k"
    DAYS = "days"
    FTE = "fte"
    RATIO = "ratio"

    @property
    def scale(self) -> float | None:
        """Factor turning numerator/denominator into the value, or None where a value stands alone."""
        return {Unit.PERCENT: 100.0, Unit.RATE_PER_10K: 10_000.0, Unit.RATIO: 1.0, Unit.DAYS: 1.0}.get(self)


class Polarity(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    NEUTRAL = "neutral"

    def flipped(self) -> Polarity:
        return {
            Polarity.HIGHER_IS_BETTER: Polarity.LOWER_IS_BETTER,
            Polarity.LOWER_IS_BETTER: Polarity.HIGHER_IS_BETTER,
        }.get(self, self)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


BY_CATEGORY = ("stacked_column", "clustered_bar", "clustered_column", "quarterly_column", "twelve_month_bar")


class RagRule(_Strict):
    """Colour against the target in force; amber when within ``tolerance`` (in the measure's unit).

    With ``band: [low, high]`` the measure is rated against a range instead of one target:
    green inside it, amber within ``tolerance`` outside it on either side, red beyond. It is
    for measures where the guidance calls a very low figure a concern as well as a high one.
    The band given here is the default; the officer's own comes from the targets extract.
    """

    tolerance: float = Field(ge=0)
    band: tuple[float, float] | None = None

    @model_validator(mode="after")
    def _band_in_order(self) -> RagRule:
        if self.band is not None and self.band[0] > self.band[1]:
            raise ValueError(f"band [{self.band[0]:g}, {self.band[1]:g}] runs backwards: give the low end first")
        return self


class Breakdown(_Strict):
    id: Identifier
    label: NonBlank


class Source(_Strict):
    """A publication, law or guidance a definition or a "why" text rests on, cited once on the Definitions sheet."""

    id: Identifier
    cite: NonBlank
    url: NonBlank | None = None


class References(_Strict):
    """The shipped sources and the one statement of how working days are counted."""

    working_days: NonBlank
    sources: tuple[Source, ...]

    def source(self, source_id: str) -> Source:
        return {s.id: s for s in self.sources}[source_id]


@cache
def references() -> References:
    """``workbook_templates/sources.yaml``, checked once; a broken file is a broken install."""
    return References.model_validate(yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8")))


class Counting(BaseModel):
    """How the Annex A lists give a measure: a kind from ``vitalsigns_xl.analysis.counting`` and its parameters."""

    model_config = ConfigDict(extra="allow", frozen=True)

    kind: Identifier

    @property
    def params(self) -> dict[str, Any]:
        return {"kind": self.kind, **(self.model_extra or {})}


MEASURE_WORDS = ("average", "rate", "number", "proportion", "percentage", "median", "total")  # a title that names its figure
SUBJECT_PREFIX = {
    Unit.PERCENT: "The proportion of ",
    Unit.COUNT: "The number of ",
    Unit.FTE: "The number of ",
    Unit.DAYS: "The number of ",
    Unit.RATE_PER_10K: "The rate of ",
    Unit.RATIO: "The ",
}


def in_sentence(phrase: str) -> str:
    """A phrase as it reads inside a sentence: first letter lower case, unless its first word is an acronym (PEP, IRO)."""
    first = phrase.split(" ", 1)[0]
    return phrase if any(ch.isupper() for ch in first[1:]) else phrase[:1].lower() + phrase[1:]


def subject_of(title: str, unit: Unit, by_category: bool) -> str:
    """A sentence's subject made from a title: what the figure counts, not a label.

    "Children who left care, by reason" (a count by category) gives "The number of children who
    left care"; "Contacts that became a referral" (a percentage) "The proportion of contacts that
    became a referral"; "Contacts by outcome" (percentages by category) "The breakdown of contacts
    by outcome"; a title that already names its figure ("Average caseload per social
    worker", "Social worker vacancy rate") only gains "The".
    """
    if by_category and unit is Unit.PERCENT:  # shares of a whole, with no figure of their own
        return "The breakdown of " + in_sentence(title)
    if by_category:
        title = re.sub(r",? by [^,]+(, .*)?$", "", title) or title
    words = title.casefold().replace("(", " ").split()
    if words[0] in MEASURE_WORDS or "rate" in words:
        return "The " + in_sentence(title)
    return SUBJECT_PREFIX[unit] + in_sentence(title)


def _default_decimals(unit: object) -> int:
    return 0 if unit in (Unit.COUNT, Unit.DAYS) else 1


def _default_chart(unit: object, breakdowns: object) -> str:
    if breakdowns:
        return "stacked_column"
    return "column" if unit == Unit.COUNT else "line"


class Measure(_Strict):
    """A measure as the library defines it, before a report gives it a code and a section."""

    id: Identifier
    title: NonBlank
    subject: NonBlank | None = None  # the measure as a sentence's subject; unset: made from the title (subject_of)
    unit: Unit
    polarity: Polarity
    decimals: int = Field(ge=0, le=3)
    chart: Literal[
        "line", "column", "stacked_column", "clustered_bar", "clustered_column", "quarterly_column", "twelve_month_bar"
    ]
    rag: RagRule | None
    why: NonBlank
    definition: NonBlank
    basis: NonBlank = "Local measure"  # the publication and table or data item that defines it, or the local standard
    sources: tuple[Identifier, ...] = ()  # ids in workbook_templates/sources.yaml that the basis and "why" rest on
    # Benchmark sources counted as this measure is; unset: every source. The others are shown, marked, never compared.
    comparable_benchmarks: tuple[BenchmarkSource, ...] | None = None
    owner: NonBlank
    source: NonBlank
    breakdowns: tuple[Breakdown, ...] = ()
    counting: Counting | None = None
    spc: bool | None = None  # SPC (XmR) chart; unset: on for a single-series measure with 15 or more months of figures
    spc_fix_after: int | None = Field(default=None, ge=12)  # limits fixed on the first N figures of each period
    spc_rebase: tuple[MonthText, ...] = ()  # months (YYYY-MM) from which the limits are recalculated
    target: float | None = None
    forecast: bool = False  # forecast the next six months, with an interval, where the history allows
    parts_add_up: bool = True  # False where the categories are not parts of one whole (starters and leavers)
    top: int | None = Field(default=None, ge=1)  # twelve_month_bar: show only the largest few categories

    @model_validator(mode="before")
    @classmethod
    def _defaults_from_unit(cls, data: Any) -> Any:
        """Decimals and chart follow from the unit unless given: 0 and columns for counts, else 1 and a line."""
        if isinstance(data, dict):
            data = dict(data)
            data.setdefault("decimals", _default_decimals(data.get("unit")))
            data.setdefault("chart", _default_chart(data.get("unit"), data.get("breakdowns")))
        return data

    @model_validator(mode="after")
    def _rules_fit_together(self) -> Measure:
        if self.spc and self.chart not in SINGLE_SERIES_CHARTS:
            raise ValueError(f"spc needs a single-series chart ({' or '.join(SINGLE_SERIES_CHARTS)}), not '{self.chart}'")
        if self.rag is not None and self.rag.band is None and self.polarity is Polarity.NEUTRAL:
            raise ValueError("a neutral measure cannot have a RAG rule against one target (set rag: null, or give a band)")
        if self.rag is not None and self.rag.band is not None:
            if self.polarity is not Polarity.NEUTRAL:
                raise ValueError("a measure rated against a band is neither better higher nor lower: set polarity: neutral")
            if self.target is not None:
                raise ValueError("a measure rated against a band takes its default from rag: band, not target")
        ids = [b.id for b in self.breakdowns]
        if len(ids) != len(set(ids)):
            raise ValueError(f"breakdown ids repeat: {', '.join(sorted({i for i in ids if ids.count(i) > 1}))}")
        if self.chart in BY_CATEGORY and not self.breakdowns:
            raise ValueError(f"chart '{self.chart}' needs breakdowns")
        if self.counting is not None:
            from vitalsigns_xl.analysis.counting import check  # here: only catalogues that count need it

            check(self)
        unknown = [s for s in self.sources if s not in {known.id for known in references().sources}]
        if unknown:
            raise ValueError(f"sources {', '.join(unknown)} are not in {SOURCES_FILE.name}")
        if self.top is not None and self.chart != "twelve_month_bar":
            raise ValueError("top applies only to chart 'twelve_month_bar'")
        if self.chart in ("quarterly_column", "twelve_month_bar") and self.unit not in (Unit.COUNT, Unit.DAYS):
            raise ValueError(f"chart '{self.chart}' adds months together, so it needs a count or a number of days")
        if self.forecast and (self.breakdowns or self.unit is Unit.RATIO):
            raise ValueError("only a single monthly count, rate, percentage, number of days or FTE can be forecast")
        return self

    @property
    def banded(self) -> bool:
        """Rated against a range (green inside it) rather than against one target."""
        return self.rag is not None and self.rag.band is not None

    @property
    def breakdown_labels(self) -> dict[str, str]:
        return {b.id: b.label for b in self.breakdowns}

    @property
    def sentence_subject(self) -> str:
        """What the drafted sentences call the measure: "The number of children who left care"."""
        return self.subject or subject_of(self.title, self.unit, bool(self.breakdowns))


class Indicator(Measure):
    """A measure as one report shows it: with the report's code and the section it sits in."""

    code: NonBlank
    section: Identifier


class Section(_Strict):
    id: Identifier
    number: int = Field(ge=1)
    title: SheetTitle  # also the name of the section's sheet


class Purpose(_Strict):
    why: NonBlank
    what: NonBlank
    how: NonBlank


class ReportInfo(_Strict):
    title: NonBlank
    purpose: Purpose


class Catalogue(_Strict):
    report: ReportInfo
    sections: tuple[Section, ...] = Field(min_length=1)
    indicators: tuple[Indicator, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _references_resolve(self) -> Catalogue:
        problems: list[str] = []
        for kind, values in (
            ("section id", [s.id for s in self.sections]),
            ("section title (sheet names ignore case)", [s.title.casefold() for s in self.sections]),
            ("indicator id", [i.id for i in self.indicators]),
            ("indicator code", [i.code for i in self.indicators]),
        ):
            seen: set[str] = set()
            for value in values:
                if value in seen:
                    problems.append(f"duplicate {kind} '{value}'")
                seen.add(value)
        section_ids = {s.id for s in self.sections}
        problems += [
            f"indicator '{i.id}' names section '{i.section}', which is not one of: {', '.join(sorted(section_ids))}"
            for i in self.indicators
            if i.section not in section_ids
        ]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def indicator(self, indicator_id: str) -> Indicator:
        return self._by_id[indicator_id]

    @cached_property
    def _by_id(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicators}

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(i.id for i in self.indicators)

    def indicators_in(self, section_id: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.section == section_id)

    def cited_sources(self) -> tuple[Source, ...]:
        """Every source the report's measures cite, once each, in the order they are first cited."""
        ids = dict.fromkeys(s for i in self.indicators for s in i.sources)
        return tuple(references().source(s) for s in ids)


class CatalogueError(VitalSignsError, ValueError):
    """The catalogue YAML is not a valid report definition."""


def _where(raw: object, loc: tuple[int | str, ...]) -> str:
    """Name a pydantic error location the way an author of the YAML thinks of it."""
    parts: list[str] = []
    node = raw
    for step in loc:
        if isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
            name = node.get("id") if isinstance(node, dict) else None
            parts[-1] = f"{parts[-1]} '{name}'" if name else f"{parts[-1]} #{step + 1}"
        elif isinstance(node, dict):
            node = node.get(step)
            parts.append(str(step).rstrip("s") if isinstance(node, list) else str(step))
        else:
            parts.append(str(step))
    return " → ".join(parts) or "top level"


def load_catalogue(path: Path) -> Catalogue:
    """Read and validate a catalogue, raising CatalogueError listing every problem found.

    A council's report file (sections picking measures from the library, no ``indicators``)
    is resolved against the library; a full catalogue with ``indicators`` is read as it is.
    """
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogueError(f"{path.name}: cannot read the catalogue: {exc}") from exc
    if isinstance(raw, dict) and "indicators" not in raw:
        from vitalsigns_xl.library import load_report

        return load_report(path).catalogue
    try:
        return Catalogue.model_validate(raw)
    except ValidationError as exc:
        lines = [f"{path.name}: {_where(raw, e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise CatalogueError("\n".join(lines)) from None
