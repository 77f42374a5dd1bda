"""``vitalsigns new-report``: a council's starting report file, written without touching an existing one."""

from __future__ import annotations

from pathlib import Path

from vitalsigns_xl.files import write_atomically
from vitalsigns_xl.jobs.inputs import JobError
from vitalsigns_xl.library import starting_report_text


def new_report(path: Path) -> Path:
    """Write the starting report file at ``path``; an existing file is never overwritten."""
    if path.exists():
        raise JobError(f"{path} already exists; give a new file name, or edit that file")
    text = starting_report_text()
    write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))
    return path
