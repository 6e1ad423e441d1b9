# blame-report: `make report` renders the report, `make test` runs the tests.
# Both first run scripts/setup.sh (idempotent): a venv from requirements.lock, TeX via apt.
# Targets are files with their real prerequisites, so a rebuild costs only what changed:
# with nothing changed, `make report` checks timestamps and starts no kernel.

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
RAW ?= data/raw
PROCESSED ?= data/processed
REPORTS ?= reports
CURATED ?= data/annotations/statements.csv
TITLE ?= Who blames whom for fentanyl
OUTLET ?=
LEVEL ?= bloc
SOURCE ?= combined
ENGINE ?= local
SCHEDULER ?=
APT ?= auto

# A variant gets its own file name, so it never overwrites the default report.
NAME := blame_report$(if $(OUTLET),_outlet-$(OUTLET))$(if $(filter-out bloc,$(LEVEL)),_level-$(LEVEL))$(if $(filter-out combined,$(SOURCE)),_source-$(SOURCE))
export PYTHONHASHSEED := 0
export SOURCE_DATE_EPOCH := 0

RAW_FILES := $(shell find $(RAW) -type f 2>/dev/null)
CODE_FILES := $(shell find src -type f -not -path '*/__pycache__/*' 2>/dev/null)
NOTEBOOKS := $(wildcard notebooks/[0-9][0-9]_*.ipynb)
BUILD_STAMP := $(PROCESSED)/.build-stamp
DEV ?= data/dev
QUALITY := $(PROCESSED)/quality.csv
DEV_FILES := $(wildcard $(DEV)/*.txt $(DEV)/*.csv $(DEV)/annotations/*.csv)
PARAMS := raw=$(RAW) processed=$(PROCESSED) title=$(TITLE) outlet=$(OUTLET) level=$(LEVEL) source=$(SOURCE)
PARAMS_STAMP := $(REPORTS)/.params-$(NAME)
REPORT_HTML := $(REPORTS)/$(NAME).html
REPORT_PDF := $(REPORTS)/$(NAME).pdf
REPORT_ARGS = --raw-dir $(RAW) --processed-dir $(PROCESSED) --reports-dir $(REPORTS) --name $(NAME) \
  --title "$(TITLE)" --level $(LEVEL) --outlet "$(OUTLET)" --source $(SOURCE) --curated $(CURATED)

.PHONY: setup report data quality test test-fast lint lab bench clean dictionary

setup:
	@PYTHON="$(PYTHON)" VENV="$(VENV)" APT="$(APT)" bash scripts/setup.sh

report: setup $(REPORT_HTML) $(REPORT_PDF)

data: setup $(BUILD_STAMP)

$(BUILD_STAMP): $(RAW_FILES) $(CODE_FILES) $(wildcard $(CURATED)) requirements.lock | setup
	$(BIN)/python -m analysis build --raw-dir $(RAW) --processed-dir $(PROCESSED) --curated $(CURATED) \
	  --engine $(ENGINE) $(if $(SCHEDULER),--scheduler $(SCHEDULER))
	@touch $@

# The parameter stamp is rewritten (when reading this Makefile) only when the parameters
# change, so a new parameter value reruns the report and `make -n` tells the truth.
$(shell mkdir -p $(REPORTS) && (echo '$(PARAMS)' | cmp -s - $(PARAMS_STAMP) || echo '$(PARAMS)' > $(PARAMS_STAMP)))

# The notebooks run once, for the HTML; the PDF is its own target, rendered from the executed
# notebooks. Whether XeLaTeX is there is asked when the recipe runs (after setup installed it),
# and a missing PDF is rendered by the next `make report` without re-running the notebooks.
# Extraction quality on the development corpus: held-out and development splits, the seeds,
# the baseline and the inter-coder agreement, as aggregate tables (never per statement).
quality: setup
	$(BIN)/python -m analysis quality --dev-dir "$(DEV)" --raw-dir "$(RAW)" --curated "$(CURATED)" \
	  --processed-dir "$(PROCESSED)"

$(QUALITY): $(BUILD_STAMP) $(DEV_FILES) $(CODE_FILES) | setup
	$(BIN)/python -m analysis quality --dev-dir "$(DEV)" --raw-dir "$(RAW)" --curated "$(CURATED)" \
	  --processed-dir "$(PROCESSED)" > /dev/null

$(REPORT_HTML): $(BUILD_STAMP) $(QUALITY) $(NOTEBOOKS) $(CODE_FILES) $(PARAMS_STAMP) | setup
	$(BIN)/python -m analysis report $(REPORT_ARGS) --no-pdf

$(REPORT_PDF): $(REPORT_HTML) | setup
	@if command -v xelatex >/dev/null 2>&1; then \
	  $(BIN)/python -m analysis report $(REPORT_ARGS) --pdf-only; \
	else echo "report: HTML only ($(REPORT_HTML)); for the PDF install XeLaTeX (run 'make setup' as root, or: sudo apt-get install pandoc texlive-xetex texlive-fonts-recommended texlive-plain-generic lmodern fonts-dejavu-core), then run 'make report' again"; fi

test: setup
	$(BIN)/ruff check src tests benchmarks notebooks
	$(BIN)/python -m pytest

# The unit tests only: no full build, no report rendering (see the `build` marker).
test-fast: setup
	$(BIN)/ruff check src tests benchmarks notebooks
	$(BIN)/python -m pytest -m "not build"

lint: setup
	$(BIN)/ruff check src tests benchmarks notebooks

dictionary: setup
	$(BIN)/python -m analysis dictionary --out docs/data_dictionary.md

# JupyterLab on the notebooks with the project's kernel; as root (containers, CI) it needs
# --allow-root. The URL with its token is printed below.
lab: setup
	$(BIN)/jupyter lab --notebook-dir=notebooks --no-browser $(if $(filter 0,$(shell id -u)),--allow-root)

bench: setup
	$(BIN)/python benchmarks/bench.py --sizes 1000 10000 100000 --workdir /tmp/blame-report-bench \
	  --out benchmarks/RESULTS.md

clean: setup
	$(BIN)/python -m analysis clean --raw-dir "$(RAW)" --processed-dir "$(PROCESSED)" --reports-dir "$(REPORTS)"
	rm -f "$(BUILD_STAMP)" "$(REPORTS)"/.params-*
