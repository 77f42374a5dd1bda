"""The protective marking is printed on every page, whatever the officer typed: an '&' is a header code in
Excel, "&G" a picture placeholder that would make the whole header vanish, and a header over 255
characters is dropped. Read back from the saved sheet XML, where Excel and LibreOffice read it."""

from __future__ import annotations

import re
import warnings
import zipfile
from dataclasses import replace
from pathlib import Path

from tests.test_workbook import options_for
from vitalsigns_xl.catalogue import Catalogue
from vitalsigns_xl.extracts import Extracts
from vitalsigns_xl.model import Report
from vitalsigns_xl.render import write_workbook


def _headers(path: Path) -> list[tuple[str, str]]:
    with zipfile.ZipFile(path) as parts:
        sheets = [parts.read(name).decode() for name in parts.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml", name)]
    found = [(re.search(r"<oddHeader>(.*?)</oddHeader>", xml), re.search(r"<oddFooter>(.*?)</oddFooter>", xml)) for xml in sheets]
    return [(header.group(1), footer.group(1)) for header, footer in found if header and footer]


def test_marking_with_ampersand_codes_and_a_long_authority_is_printed_as_typed(
    tmp_path: Path, example_report: Report, catalogue: Catalogue, example_extracts: Extracts
) -> None:
    options = options_for(example_report)
    options = replace(options, protective_marking="OFFICIAL&G R&D &P", authority="Council " + "of the North " * 25)
    path = tmp_path / "pack.xlsx"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # xlsxwriter only warns when it drops a header
        write_workbook(path, example_report, catalogue, example_extracts, options)
    printed = _headers(path)
    assert len(printed) >= 10  # every printed sheet: cover, contents, summary, sections, ...
    # Excel's codes: '&&' is one '&'; the "&G" is written with a full-width ampersand (U+FF06).
    marking = "OFFICIAL\uff06G R&amp;&amp;D &amp;&amp;P"
    for header, footer in printed:
        assert f'&amp;L&amp;"Arial,Bold"{marking}&amp;R' in header
        assert header.endswith("…")  # the authority cut short, the marking kept
        assert len(header.replace("&amp;", "&")) <= 255
        assert marking in footer
