"""LibreOffice Calc, headless: render a workbook to PDF, or recalculate and re-save it.

Each call gets its own user profile, so concurrent conversions do not collide, and the
profile tells Calc to recalculate every formula on load (it trusts cached values otherwise)
and that documents are in British English (a PDF records that as its language).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from vitalsigns_xl.errors import VitalSignsError

RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <item oor:path="/org.openoffice.Office.Calc/Formula/Load">
    <prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop>
  </item>
  <item oor:path="/org.openoffice.Setup/L10N">
    <prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>en-GB</value></prop>
  </item>
  <item oor:path="/org.openoffice.Setup/L10N">
    <prop oor:name="ooLocale" oor:op="fuse"><value>en-GB</value></prop>
  </item>
  <item oor:path="/org.openoffice.Office.Linguistic/General">
    <prop oor:name="DefaultLocale" oor:op="fuse"><value>en-GB</value></prop>
  </item>
</oor:items>
"""


class LibreOfficeError(VitalSignsError, RuntimeError):
    """LibreOffice is missing or could not convert the file."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, target_format: str, out_dir: Path, timeout: float = 180) -> Path:
    """Convert ``source`` with LibreOffice (formulas recalculated on load); return the new file."""
    program = soffice()
    if program is None:
        raise LibreOfficeError("LibreOffice is not installed (install libreoffice-calc, or skip the PDF)")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vitalsigns-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
        env = {**os.environ, "HOME": profile}
        result = subprocess.run(
            [
                program,
                "--headless",
                "--norestore",
                f"-env:UserInstallation=file://{profile}",
                "--convert-to",
                target_format,
                "--outdir",
                str(out_dir),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    produced = out_dir / f"{source.stem}.{target_format.split(':')[0]}"
    if result.returncode != 0 or not produced.is_file():
        raise LibreOfficeError(f"LibreOffice could not convert {source.name}: {result.stderr.strip() or result.stdout.strip()}")
    return produced
