# The two commands the README promises: `make run` and `make test`.
#
# .venv/ is rebuilt by itself when it does not work here: made by a Python that is gone or
# unsupported, copied from another clone, or left half-made by an install that failed.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# INSTALL_SYSTEM=no: never install system packages (the tests that need them are then skipped).
INSTALL_SYSTEM ?= yes

.PHONY: run test lint bench docs macros clean

# An environment that does not work here is removed first, with the reason, and made afresh:
# its Python gone or unsupported, no pip, its last install unfinished, or copied from elsewhere.
ifneq ($(wildcard $(VENV)/.),)
  VENV_PROBLEM := $(shell test -x $(BIN)/python || echo "no working $(BIN)/python"; \
    test -x $(BIN)/python && $(BIN)/python tools/check_python.py --venv-of "$(CURDIR)" "$(VENV)" 2>&1)
  ifneq ($(strip $(VENV_PROBLEM)),)
    $(info $(VENV)/ cannot be used ($(strip $(VENV_PROBLEM))): removing it to make it afresh.)
    $(shell rm -rf $(VENV))
  endif
endif

# The stamp is written last and holds the environment's own path, so an install that failed
# leaves none (the next make starts clean) and a copy from another clone is recognised.
$(STAMP): pyproject.toml setup.py
	@$(PYTHON) tools/check_python.py
	@rm -f $(STAMP)
	@if [ ! -x $(BIN)/python ]; then \
	  bash tools/install-system-packages.sh venv "$(PYTHON)" || exit 1; \
	  echo "Making $(VENV)/ with $$($(PYTHON) -c 'import sys; print(sys.executable)')"; \
	  $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }; \
	fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@$(BIN)/python -c 'import os, sys; print(os.path.realpath(sys.argv[1]))' $(VENV) > $(STAMP)

## Build the example June 2020 workbook from examples/ into out/.
run: $(STAMP)
	$(BIN)/vitalsigns build examples --out out/VitalSigns_2020-06.xlsx
	$(BIN)/vitalsigns build examples --xlsm --out out/VitalSigns_2020-06.xlsm
	$(BIN)/vitalsigns build examples/corporate_parenting --out out/CorporateParenting_2020-06.xlsx
	@echo "The command is $(BIN)/vitalsigns (or run 'source $(BIN)/activate' once, then 'vitalsigns --help')."

## Run the whole test suite, installing LibreOffice Calc and fonts first where the machine allows.
## Under CI a failed system install stops here; elsewhere the tests that need it are skipped.
test: $(STAMP)
	@if [ "$(INSTALL_SYSTEM)" != no ]; then \
	  bash tools/install-system-packages.sh tests || [ -z "$$CI" ] || exit 1; \
	fi
	$(BIN)/python -m pytest -n auto

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
