# blame-report: `make report` renders the report, `make test` runs the tests.
# Both first run scripts/setup.sh (idempotent): a venv from requirements.lock, TeX via apt.

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
RAW ?= data/raw
PROCESSED ?= data/processed
REPORTS ?= reports
TITLE ?= Who blames whom for fentanyl
OUTLET ?=
LEVEL ?= bloc
SOURCE ?= combined

# A variant gets its own file name, so it never overwrites the default report.
NAME := blame_report$(if $(OUTLET),_outlet-$(OUTLET))$(if $(filter-out bloc,$(LEVEL)),_level-$(LEVEL))$(if $(filter-out combined,$(SOURCE)),_source-$(SOURCE))
PDF_FLAG := $(if $(shell command -v xelatex 2>/dev/null),,--no-pdf)
export PYTHONHASHSEED := 0
export SOURCE_DATE_EPOCH := 0

.PHONY: setup report data test lint lab bench clean dictionary

setup:
	@PYTHON=$(PYTHON) VENV=$(VENV) bash scripts/setup.sh

data: setup
	$(BIN)/python -m analysis build --raw-dir $(RAW) --processed-dir $(PROCESSED)

report: data
	$(BIN)/python -m analysis report --raw-dir $(RAW) --processed-dir $(PROCESSED) \
	  --reports-dir $(REPORTS) --name $(NAME) --title "$(TITLE)" --level $(LEVEL) \
	  --outlet "$(OUTLET)" --source $(SOURCE) $(PDF_FLAG)

test: setup
	$(BIN)/ruff check src tests tools
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check src tests

dictionary: setup
	$(BIN)/python -m analysis dictionary --out docs/data_dictionary.md

lab: setup
	$(BIN)/jupyter lab --notebook-dir=notebooks

clean:
	rm -rf $(PROCESSED)/*.parquet $(PROCESSED)/cache $(REPORTS)/*.html $(REPORTS)/*.pdf $(REPORTS)/*.log $(REPORTS)/*_notebooks
