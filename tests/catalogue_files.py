"""The default report as a complete catalogue file, for tests that load an edited copy of it.

A complete catalogue (``report``, ``sections``, and ``indicators`` each with its code and
section) is a report file the product accepts; a test edits the default report in that form
and loads the copy through the same reading and checking as any council's file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from vitalsigns_xl.library import default_report


def default_catalogue_data() -> dict[str, Any]:
    """The Bradford report resolved against the library: report, sections and indicators, as plain YAML data."""
    return default_report().catalogue.model_dump(mode="json")


def entry(data: dict[str, Any], indicator_id: str) -> dict[str, Any]:
    """The indicator with this id in ``data``, to edit in place."""
    (found,) = [i for i in data["indicators"] if i["id"] == indicator_id]
    return found


def write_catalogue(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
