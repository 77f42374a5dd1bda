"""The workbook's contract: every name one part of the program writes and another reads back.

The writer (``render``), the reader (``workbook_io``), the email and the Excel functions all
find things in a Vital Signs workbook by name: sheets, Excel Tables, defined names and
document properties. Renaming any of them in one place only would break a refresh or an
email silently, so they are defined here once and imported everywhere. This module imports
nothing, so the command line and the Excel functions can use it without slowing their start.
"""

from __future__ import annotations

# ---------------------------------------------------------------- sheets

COVER = "Cover"
CONTENTS = "Contents"
SUMMARY = "Summary"
DATA = "Data"
DEFINITIONS = "Definitions"
COMMENTARY = "Commentary"
CHART_DATA = "Chart data"
SPC_DATA = "SPC data"  # what each XmR chart draws
SETTINGS = "Settings"  # the officer's .xlsm only
XLWINGS_CONF = "xlwings.conf"  # the officer's .xlsm only: the sheet xlwings reads its settings from
CHILDREN = "Children behind figures"  # the officer's workbook only, from an Annex A: names children, never in a pack
DATA_QUALITY = "Data quality"  # the officer's workbook only: Annex A rows that could not be counted
CHILDREN_TABLE, DATA_QUALITY_TABLE = "ChildrenBehindFigures", "DataQuality"  # their tables (no spaces in a table name)

SHEET_NAME_LIMIT = 31
SHEET_NAME_FORBIDDEN = frozenset("[]:*?/\\")


def section_sheet_name(title: str) -> str:
    """A section's sheet: its title without the characters Excel forbids, cut to Excel's 31 characters."""
    return "".join(ch for ch in title if ch not in SHEET_NAME_FORBIDDEN)[:SHEET_NAME_LIMIT]


def sheet_ref(sheet: str, cell: str = "A1") -> str:
    """A reference to a cell on a sheet as formulas, defined names and links write it: the name in
    apostrophes, an apostrophe inside it doubled ("Children's" → 'Children''s'!A1), as Excel requires."""
    quoted = sheet.replace("'", "''")
    return f"'{quoted}'!{cell}"


# ---------------------------------------------------------------- Excel Tables and their columns


def table_name(sheet: str) -> str:
    """The Excel Table on a reference sheet (Summary, Data, Definitions, Commentary): ``DataTable``."""
    return f"{sheet}Table"


DATA_TABLE = table_name(DATA)
COMMENTARY_COLUMNS = ("Indicator", "Code", "Measure", "Period", "Text", "Last changed")

# Labels in column A of the Settings sheet; the value is in column B.
SETTING_FOLDER = "Extracts folder"
SETTING_PERIOD = "Report period"

# ---------------------------------------------------------------- defined names (one per measure)

OFFICER_PREFIX = "vs_officer_"  # the officer's commentary cell: read back on refresh, never lost
DRAFTED_PREFIX = "vs_drafted_"  # the commentary drafted from the data
RAG_PREFIX = "vs_rag_"  # the RAG cell: a refresh says which measures changed colour
SPC_PREFIX = "vs_spc_"  # the last month of a measure's rows on the SPC data sheet: a refresh in place checks they stay put
# The same cell, named again where the measure's XmR chart joins its lines across blank months (see spc_sheet): a
# refresh in place that needs the chart the other way (a month missing inside a line) refuses and asks for a rebuild.
SPC_JOINED_PREFIX = "vs_spcjoin_"


def officer_cell_name(indicator_id: str) -> str:
    return f"{OFFICER_PREFIX}{indicator_id}"


def drafted_cell_name(indicator_id: str) -> str:
    return f"{DRAFTED_PREFIX}{indicator_id}"


def rag_cell_name(indicator_id: str) -> str:
    return f"{RAG_PREFIX}{indicator_id}"


def spc_cell_name(indicator_id: str) -> str:
    return f"{SPC_PREFIX}{indicator_id}"


def spc_joined_name(indicator_id: str) -> str:
    return f"{SPC_JOINED_PREFIX}{indicator_id}"


# ---------------------------------------------------------------- custom document properties

# How a refresh knows the file is one of ours, and whether its layout is this version's: a refresh in place writes
# into cells by position, so it refuses a workbook of another format (a full rebuild, `vitalsigns refresh`, reads
# any). Raise it whenever a cell a refresh in place writes moves.
#   1: the first layout.
#   2: the SPC data sheet's one row of months for every chart, and steady lines written at their ends.
FORMAT_PROPERTY, FORMAT_VERSION = "Vital Signs workbook", 2
PERIOD_PROPERTY = "Report period"  # YYYY-MM
FOLDER_PROPERTY = "Extracts folder"  # the officer's workbook only; a board pack names no paths
MARKING_PROPERTY = "Protective marking"
BOARD_COPY_PROPERTY = "Board copy"  # True in a pack made by `board-pack`
DEFINITION_PROPERTY = "Report definition"  # the report file's path, or the built-in report's name
DEFINITION_SHA_PROPERTY = "Report definition SHA-256"  # of the report file's bytes
