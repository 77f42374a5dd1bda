"""The workbook's contract: every name another part of the program reads back is one the contract defines."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.conftest import EXAMPLES
from vitalsigns_xl import contract
from vitalsigns_xl.catalogue import Catalogue
from vitalsigns_xl.jobs.build import build
from vitalsigns_xl.render.excel_sheets import MacroOptions

pytestmark = pytest.mark.filterwarnings("ignore:Sparkline Group extension is not supported")


@pytest.fixture(scope="module")
def officer_book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    """The officer's .xlsm: the workbook with the most named things in it (Settings, xlwings.conf)."""
    path = tmp_path_factory.mktemp("contract") / "VitalSigns.xlsm"
    build(EXAMPLES, path, macros=MacroOptions())
    return openpyxl.load_workbook(path, keep_vba=True)


def test_every_sheet_is_named_by_the_contract(officer_book: openpyxl.Workbook, catalogue: Catalogue) -> None:
    fixed = {
        contract.COVER,
        contract.CONTENTS,
        contract.SUMMARY,
        contract.DATA,
        contract.DEFINITIONS,
        contract.COMMENTARY,
        contract.SETTINGS,
        contract.XLWINGS_CONF,
        contract.CHILDREN,  # the example's extracts hold an Annex A
        contract.DATA_QUALITY,
        contract.SPC_DATA,
    }
    sections = {contract.section_sheet_name(s.title) for s in catalogue.sections}
    assert set(officer_book.sheetnames) == fixed | sections
    assert contract.DATA_TABLE in officer_book[contract.DATA].tables


def test_every_defined_name_has_a_contract_prefix_and_every_measure_its_three(
    officer_book: openpyxl.Workbook, catalogue: Catalogue
) -> None:
    names = set(officer_book.defined_names)
    prefixes = (
        contract.OFFICER_PREFIX,
        contract.DRAFTED_PREFIX,
        contract.RAG_PREFIX,
        contract.SPC_PREFIX,
        contract.SPC_JOINED_PREFIX,
    )
    assert names and all(name.startswith(prefixes) for name in names)
    assert contract.spc_cell_name("visits_cic_on_time") in names  # a measure with an XmR chart: its SPC data rows
    assert contract.spc_joined_name("visits_cic_on_time") in names  # ... whose chart joins blank months
    for indicator in catalogue.indicators:
        for make in (contract.officer_cell_name, contract.drafted_cell_name, contract.rag_cell_name):
            assert make(indicator.id) in names


def test_document_properties_are_the_contract_ones(officer_book: openpyxl.Workbook) -> None:
    properties = {p.name: p.value for p in officer_book.custom_doc_props}
    assert properties[contract.FORMAT_PROPERTY] == contract.FORMAT_VERSION
    assert properties[contract.PERIOD_PROPERTY] == "2020-06"
    assert properties[contract.FOLDER_PROPERTY] == str(EXAMPLES.resolve())
    assert contract.BOARD_COPY_PROPERTY not in properties  # only a board pack says it is one
    assert set(properties) <= {
        contract.FORMAT_PROPERTY,
        contract.PERIOD_PROPERTY,
        contract.FOLDER_PROPERTY,
        contract.MARKING_PROPERTY,
        contract.DEFINITION_PROPERTY,
        contract.DEFINITION_SHA_PROPERTY,
    }


def test_section_sheet_names_follow_excels_rules() -> None:
    assert contract.section_sheet_name("Children: in/need [2020]?") == "Children inneed 2020"
    assert len(contract.section_sheet_name("x" * 40)) == contract.SHEET_NAME_LIMIT


def test_the_contract_imports_nothing_of_the_program() -> None:
    """The Excel functions and the command line import it; it must not pull in pandas or xlsxwriter."""
    source = Path(contract.__file__).read_text(encoding="utf-8")
    assert [line for line in source.splitlines() if line.startswith(("import ", "from "))] == [
        "from __future__ import annotations"
    ]
