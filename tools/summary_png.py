"""Renders the example pack's Summary sheet to docs/summary.png (LibreOffice → PDF → pdftoppm)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vitalsigns_xl.libreoffice import convert  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        workbook = work / "VitalSigns_2020-06.xlsx"
        subprocess.run(
            [sys.executable, "-m", "vitalsigns_xl.cli", "build", str(ROOT / "examples"), "--out", str(workbook)], check=True
        )
        pdf = convert(workbook, "pdf", work)
        pages = int(
            next(
                line.split()[-1]
                for line in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
                if line.startswith("Pages:")
            )
        )
        page = next(
            n
            for n in range(1, pages + 1)
            if "Summary dashboard —"
            in subprocess.run(
                ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout
        )
        target = ROOT / "docs" / "summary"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "110", "-singlefile", "-f", str(page), "-l", str(page), str(pdf), str(target)], check=True
        )
    print(f"wrote {target}.png from page {page}")


if __name__ == "__main__":
    main()
