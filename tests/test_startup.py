"""The command line starts fast because each command imports only what it uses.

Timings belong in bench/ (bench/build.py prints the import time of the command line and of the
Refresh entry point); here the test is what gets imported, which does not depend on the machine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES
from vitalsigns_xl import udfs
from vitalsigns_xl.render.excel_sheets import UDF_MODULE

PROBE = """
import runpy, sys
sys.argv = ["vitalsigns", *sys.argv[1:]]
try:
    runpy.run_module("vitalsigns_xl.cli", run_name="__main__")
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + " ".join(sorted({m.split(".")[0] for m in sys.modules} | set(sys.modules))))
"""
NEVER_FOR_HELP = {
    "pandas", "numpy", "openpyxl", "xlsxwriter", "msoffcrypto", "pyopenvba", "xlwings", "smtplib", "vitalsigns_xl.jobs.email"
}  # fmt: skip
NEVER_FOR_VALIDATE = {"msoffcrypto", "pyopenvba", "xlwings", "smtplib", "vitalsigns_xl.jobs.email", "vitalsigns_xl.live"}


def _imported(*args: str) -> set[str]:
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "\nMODULES " in result.stderr, "the probe did not run to the end"
    line = result.stderr.rsplit("\nMODULES ", 1)[-1]
    return set(line.split())


def test_help_imports_no_job() -> None:
    assert _imported("--help") & NEVER_FOR_HELP == set()


def test_validate_imports_no_excel_mail_or_encryption_code() -> None:
    modules = _imported("validate", str(EXAMPLES))
    assert "pandas" in modules  # it did read the extracts
    assert modules & NEVER_FOR_VALIDATE == set()


def test_validate_and_summary_fit_no_forecast() -> None:
    """The example report forecasts children in care, which needs statsmodels; validate and summary show no forecast,
    so they neither fit one nor import statsmodels (and the scipy under it)."""
    for command in ("validate", "summary"):
        modules = _imported(command, str(EXAMPLES))
        assert "vitalsigns_xl.model" in modules  # the report model was built
        assert modules & {"statsmodels", "scipy"} == set(), command


def test_the_udf_module_named_in_workbooks_is_the_udf_module() -> None:
    assert UDF_MODULE == udfs.MODULE == udfs.__name__


def test_a_build_without_a_forecast_does_not_import_statsmodels(tmp_path: Path) -> None:
    """statsmodels (and the scipy under it) is imported only to fit a forecast; the corporate-parenting report has none."""
    modules = _imported("build", str(EXAMPLES / "corporate_parenting"), "--out", str(tmp_path / "VitalSigns.xlsx"))
    assert "xlsxwriter" in modules and (tmp_path / "VitalSigns.xlsx").is_file()  # it did build the workbook
    assert modules & {"statsmodels", "scipy"} == set()
