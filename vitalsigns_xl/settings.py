"""Who the report is for: read from ``report.yaml`` beside the extracts, overridable on the command line."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.errors import VitalSignsError
from vitalsigns_xl.yaml_files import YamlProblem, explain, read_yaml

SETTINGS_FILE = "report.yaml"
MARKING_LIMIT = 60  # "OFFICIAL-SENSITIVE: PERSONAL" is 28


class ReportSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    authority: str = "Local authority"
    board: str = "Children's Improvement Board"
    protective_marking: str = "OFFICIAL-SENSITIVE"
    la_code: str | None = None  # the council's code in DfE's local-authority tables, for its rank among all councils
    statistical_neighbours: tuple[str, ...] = ()  # the codes of its ten statistical neighbours
    # Counting from Ofsted Annex A: children aged 0 to 17 for rates per 10,000, and the practice
    # standards for statutory visits in working days.
    population_0_17: int | None = Field(default=None, gt=0)
    cp_visit_working_days: int = Field(default=10, ge=1)
    cic_visit_working_days: int = Field(default=30, ge=1)

    @property
    def visit_standards(self) -> dict[str, int]:
        return {"cp_visit_working_days": self.cp_visit_working_days, "cic_visit_working_days": self.cic_visit_working_days}

    @field_validator("authority", "board", "protective_marking")
    @classmethod
    def _one_line_of_text(cls, value: str) -> str:
        """Printed on the cover and in every page's header and footer: blank or broken lines would go unnoticed."""
        if not value.strip():
            raise ValueError("is empty; give the text to print, or leave the line out for the default")
        if any(ch in value for ch in "\r\n\t"):
            raise ValueError("must be one line of text (it has a line break or tab)")
        return value

    @field_validator("protective_marking")
    @classmethod
    def _fits_the_page_header(cls, value: str) -> str:
        """Printed in every page's header and footer, which Excel limits to 255 characters in all."""
        if len(value) > MARKING_LIMIT:
            raise ValueError(f"is {len(value)} characters; a protective marking must be at most {MARKING_LIMIT}")
        return value


class SettingsError(VitalSignsError, ValueError):
    """``report.yaml`` is not readable or has unknown keys."""


def load_settings(folder: Path) -> ReportSettings:
    path = folder / SETTINGS_FILE
    if not path.is_file():
        return ReportSettings()
    try:
        raw = read_yaml(path) or {}
        if isinstance(raw, dict) and ("sections" in raw or "report_file" in raw):  # the library module checks the rest
            raw = {key: value for key, value in raw.items() if key in ReportSettings.model_fields}
        return ReportSettings.model_validate(raw)
    except YamlProblem as exc:
        raise SettingsError(str(exc)) from None
    except ValidationError as exc:
        keys = ", ".join(ReportSettings.model_fields)
        raise SettingsError("\n".join([*explain(path, exc), f"The settings are: {keys}."])) from None


def default_generated(period: Month) -> datetime:
    """The first day after the report month: a fixed date, so the same inputs give the same file."""
    return datetime.combine(period.shift(1).first_day, datetime.min.time())
