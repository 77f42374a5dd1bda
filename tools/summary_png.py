"""Renders pages of the example board PDF for the README: docs/summary.png and docs/measure_page.png.

The pack is made and printed exactly as an officer would (`vitalsigns board-pack examples
--pdf`, LibreOffice), then pdftoppm draws the Summary page and one measure's page (13a, care
leavers in education, employment or training, as in the hand-made Bradford pack).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {  # file name: what only that page holds
    "summary": ("Summary dashboard — ",),
    "measure_page": ("13a. Care leavers in education, employment or training", "Why is this important?"),
}
RESOLUTION = 110


def _page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        command = [sys.executable, "-m", "vitalsigns_xl.cli", "board-pack", str(ROOT / "examples"), "--out", str(work), "--pdf"]
        subprocess.run(command, check=True)
        (pdf,) = work.glob("*.pdf")
        texts = _page_texts(pdf)
        for name, markers in PAGES.items():
            page = next(n for n, text in enumerate(texts, start=1) if all(marker in text for marker in markers))
            target = ROOT / "docs" / name
            pages = ["-f", str(page), "-l", str(page)]
            subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), "-singlefile", *pages, str(pdf), str(target)], check=True)
            print(f"wrote {target}.png from page {page} of {len(texts) - 1}")


if __name__ == "__main__":
    main()
