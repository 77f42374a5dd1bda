# The two commands the README promises: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint bench docs macros clean

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## Build the example June 2020 workbook from examples/ into out/.
run: $(STAMP)
	$(BIN)/vitalsigns build examples --out out/VitalSigns_2020-06.xlsx
	$(BIN)/vitalsigns build examples --xlsm --out out/VitalSigns_2020-06.xlsm
	$(BIN)/vitalsigns build examples/corporate_parenting --out out/CorporateParenting_2020-06.xlsx

## Run the whole test suite (installs LibreOffice Calc first where the machine allows).
test: $(STAMP)
	-@bash tools/install-system-packages.sh
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/build.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache

## Render the Summary sheet to docs/summary.png (needs LibreOffice and poppler-utils).
docs: $(STAMP)
	$(BIN)/python tools/summary_png.py

## Regenerate macros/VitalSignsUDFs.bas from the Excel functions in vitalsigns_xl/udfs.py.
macros: $(STAMP)
	$(BIN)/python -m vitalsigns_xl.udfs
