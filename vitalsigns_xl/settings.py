"""Who the report is for: read from ``report.yaml`` beside the extracts, overridable on the command line."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from vitalsigns_xl.analysis.periods import Month
from vitalsigns_xl.errors import VitalSignsError

SETTINGS_FILE = "report.yaml"


class ReportSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    authority: str = "Local authority"
    board: str = "Children's Improvement Board"
    protective_marking: str = "OFFICIAL-SENSITIVE"


class SettingsError(VitalSignsError, ValueError):
    """``report.yaml`` is not readable or has unknown keys."""


def load_settings(folder: Path) -> ReportSettings:
    path = folder / SETTINGS_FILE
    if not path.is_file():
        return ReportSettings()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if isinstance(raw, dict) and ("sections" in raw or "report_file" in raw):  # the library module checks the rest
            raw = {key: value for key, value in raw.items() if key in ReportSettings.model_fields}
        return ReportSettings.model_validate(raw)
    except (yaml.YAMLError, ValidationError) as exc:
        raise SettingsError(f"{path.name}: {exc}") from None


def default_generated(period: Month) -> datetime:
    """The first day after the report month: a fixed date, so the same inputs give the same file."""
    return datetime.combine(period.shift(1).first_day, datetime.min.time())
