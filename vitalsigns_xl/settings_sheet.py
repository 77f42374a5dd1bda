"""The Settings sheet of the officer's workbook, read as an officer types it.

Excel turns a period typed as ``2020-05`` or ``May 2020`` into a date; Windows' "Copy as
path" puts quotes round a folder; people add a trailing backslash or give a folder relative
to the workbook. Each of those means one thing, so each is read as it is meant. Anything
else is refused with the forms that are understood, never guessed.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path, PureWindowsPath

from vitalsigns_xl.analysis.periods import MONTH_NAMES, Month

MONTHS = {name.lower(): number for number, full in enumerate(MONTH_NAMES, start=1) for name in (full, full[:3])} | {"sept": 9}
ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-\d{1,2}(?:[T ][\d:.]+)?)?$")  # 2020-05, or a date in it
NAMED_MONTH = re.compile(r"^([A-Za-z]+)\.?[\s\-/]*(\d{4}|\d{2})$")  # May 2020, May-20, Sept 2020
PERIOD_FORMS = "2020-05, May 2020 or a date in the month"


class SettingError(ValueError):
    """A Settings value that cannot be read; the message says which forms are understood."""


def period_setting(value: object) -> Month | None:
    """The report month from the Settings sheet: None when blank (the latest month in the extracts)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime | date):  # what Excel made of 2020-05 or May 2020
        return Month.of(value)
    text = str(value).strip()
    iso = ISO_MONTH.match(text)
    if iso and 1 <= int(iso[2]) <= 12:
        return Month(int(iso[1]), int(iso[2]))
    named = NAMED_MONTH.match(text)
    if named and named[1].lower() in MONTHS:
        year = int(named[2]) + (2000 if len(named[2]) == 2 else 0)
        return Month(year, MONTHS[named[1].lower()])
    raise SettingError(f"'{text}' is not a month: type it as {PERIOD_FORMS}, or leave it blank for the latest month")


def folder_setting(value: object, workbook: Path) -> Path | None:
    """The extracts folder from the Settings sheet: quotes and a trailing slash removed, relative to the workbook."""
    text = "" if value is None else str(value).strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1].strip()
    if not text:
        return None
    if re.match(r"^https?://", text, re.IGNORECASE):
        raise SettingError(
            f"'{text}' is a web address; give the folder as your PC sees it (a OneDrive or SharePoint folder synced "
            "to this PC has a path such as C:\\Users\\you\\OneDrive - Council\\Vital Signs)"
        )
    if len(text) > 1 and text[-1] in "\\/" and not re.fullmatch(r"[A-Za-z]:[\\/]", text):
        text = text.rstrip("\\/") or text[0]
    folder = Path(text)
    if folder.is_absolute() or PureWindowsPath(text).is_absolute():  # C:\… or \\server\… also on a Mac or Linux
        return folder
    return workbook.parent / folder
