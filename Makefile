# blame-report: `make report` renders the report, `make test` runs the tests.
# Both first run scripts/setup.sh (idempotent): a venv from requirements.lock, TeX via apt.
# Targets are files with their real prerequisites, so a rebuild costs only what changed:
# with nothing changed, `make report` checks timestamps and starts no kernel.
#
# Safety: a variable's text (TITLE, RAW, OUTLET, ...) is never expanded by make ($(value ...)),
# and reaches a shell only through `q`, which leaves a plain word as it is and single-quotes
# anything else, so a crafted value cannot run a command, even under `make -n`. Raw files are
# not prerequisites (any file name works): the CLI says whether the build is stale.

PYTHON ?= python3.11
VENV ?= .venv
# CORPUS=all: the report on every hand-coded article, the seeds (RAW) and the development
# corpus (DEV) joined in place, from curated statements only, in its own processed folder and
# under its own name (reports/blame_report_all.*). The held-out articles never get automatic
# statements there (analysis.build.corpus_all), so SOURCE=auto or combined cannot show them.
CORPUS ?=
CORPUS_V := $(value CORPUS)
ifeq ($(CORPUS_V),all)
PROCESSED ?= data/processed_all
SOURCE ?= curated
TITLE ?= Who blames whom for fentanyl: every hand-coded article
else ifneq ($(CORPUS_V),)
$(error CORPUS: expected all or empty, found $(CORPUS_V))
endif
ALL := $(filter all,$(CORPUS_V))
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

# `$(call q,NAME)`: the variable NAME's raw text as one shell word.
_unsafe = $(subst %,,$(subst +,,$(subst @,,$(subst :,,$(subst /,,$(subst .,,$(subst -,,$(subst _,,$(subst 9,,$(subst 8,,$(subst 7,,$(subst 6,,$(subst 5,,$(subst 4,,$(subst 3,,$(subst 2,,$(subst 1,,$(subst 0,,$(subst Z,,$(subst Y,,$(subst X,,$(subst W,,$(subst V,,$(subst U,,$(subst T,,$(subst S,,$(subst R,,$(subst Q,,$(subst P,,$(subst O,,$(subst N,,$(subst M,,$(subst L,,$(subst K,,$(subst J,,$(subst I,,$(subst H,,$(subst G,,$(subst F,,$(subst E,,$(subst D,,$(subst C,,$(subst B,,$(subst A,,$(subst z,,$(subst y,,$(subst x,,$(subst w,,$(subst v,,$(subst u,,$(subst t,,$(subst s,,$(subst r,,$(subst q,,$(subst p,,$(subst o,,$(subst n,,$(subst m,,$(subst l,,$(subst k,,$(subst j,,$(subst i,,$(subst h,,$(subst g,,$(subst f,,$(subst e,,$(subst d,,$(subst c,,$(subst b,,$(subst a,,$(value $(1))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))
q = $(if $(value $(1)),$(if $(_unsafe),'$(subst ','\'',$(value $(1)))',$(value $(1))),'')

VENV_V := $(value VENV)
RAW_V := $(value RAW)
PROCESSED_V := $(value PROCESSED)
REPORTS_V := $(value REPORTS)
OUTLET_V := $(value OUTLET)
LEVEL_V := $(value LEVEL)
SOURCE_V := $(value SOURCE)
BIN := $(call q,VENV_V)/bin

# A variant gets its own file name, so it never overwrites the default report.
DEFAULT_SOURCE := $(if $(ALL),curated,combined)
NAME := blame_report$(if $(ALL),_all)$(if $(OUTLET_V),_outlet-$(OUTLET_V))$(if $(filter-out bloc,$(LEVEL_V)),_level-$(LEVEL_V))$(if $(filter-out $(DEFAULT_SOURCE),$(SOURCE_V)),_source-$(SOURCE_V))
export PYTHONHASHSEED := 0
export SOURCE_DATE_EPOCH := 0

CODE_FILES := $(shell find src -type f -not -path '*/__pycache__/*' 2>/dev/null)
NOTEBOOKS := $(wildcard notebooks/[0-9][0-9]_*.ipynb)
BUILD_STAMP := $(PROCESSED_V)/.build-stamp
PARAMS := $(if $(ALL),corpus=all )raw=$(RAW_V) processed=$(PROCESSED_V) title=$(value TITLE) outlet=$(OUTLET_V) level=$(LEVEL_V) source=$(SOURCE_V)
PARAMS_STAMP := $(REPORTS_V)/.params-$(NAME)
REPORT_HTML := $(REPORTS_V)/$(NAME).html
REPORT_PDF := $(REPORTS_V)/$(NAME).pdf
REPORT_ARGS = --raw-dir $(call q,RAW) --processed-dir $(call q,PROCESSED) --reports-dir $(call q,REPORTS) \
  --name $(call q,NAME) --title $(call q,TITLE) --level $(call q,LEVEL) --outlet $(call q,OUTLET) \
  --source $(call q,SOURCE) --curated $(call q,CURATED) $(ALL_REPORT_ARGS)
DEV ?= data/dev
DEV_V := $(value DEV)
DEV_CURATED_V := $(DEV_V)/annotations/statements.csv
PERIODS_NOTEBOOK := notebooks/05b_periods.ipynb
ALL_BUILD_ARGS = $(if $(ALL),--extra-raw-dir $(call q,DEV_V) --extra-curated $(call q,DEV_CURATED_V))
ALL_REPORT_ARGS = $(if $(ALL),$(ALL_BUILD_ARGS) --extra-notebook $(PERIODS_NOTEBOOK))
QUALITY := $(PROCESSED_V)/quality.csv
DEV_FILES := $(wildcard $(DEV_V)/*.txt $(DEV_V)/*.csv $(DEV_V)/annotations/*.csv)
QUALITY_ARGS = --dev-dir $(call q,DEV) --raw-dir $(call q,RAW) --curated $(call q,CURATED) \
  --processed-dir $(call q,PROCESSED)
STAMP_ARGS = --stamp $(call q,BUILD_STAMP) --raw-dir $(call q,RAW) --input $(call q,CURATED) \
  $(if $(ALL),--extra-raw-dir $(call q,DEV_V))

# Is the build stale? The CLI compares the raw folder's entries and the curated file (names,
# sizes, modification times) with what the stamp recorded; asked once, when reading this file.
BUILD_STALE := $(shell $(BIN)/python -m analysis stale $(STAMP_ARGS) >/dev/null 2>&1 || echo stale)

.PHONY: setup lock report data quality test test-fast lint lab bench clean dictionary FORCE

setup:
	@PYTHON=$(call q,PYTHON) VENV=$(call q,VENV) APT=$(call q,APT) bash scripts/setup.sh

# Re-pin requirements.lock with hashes from pyproject.toml (dependencies and the dev extra) with uv,
# keeping every version already pinned unless pyproject.toml needs another. Needs `uv` on PATH
# (`pip install uv`); `make setup` then rebuilds .venv from the new lock.
lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-unknown-linux-gnu --custom-compile-command "make lock" -o requirements.lock

report: setup $(REPORT_HTML) $(REPORT_PDF)

data: setup $(BUILD_STAMP)

FORCE:

$(BUILD_STAMP): $(if $(BUILD_STALE),FORCE) $(CODE_FILES) requirements.lock | setup
	$(BIN)/python -m analysis build --raw-dir $(call q,RAW) --processed-dir $(call q,PROCESSED) \
	  --curated $(call q,CURATED) --engine $(call q,ENGINE) $(if $(value SCHEDULER),--scheduler $(call q,SCHEDULER)) \
	  $(ALL_BUILD_ARGS)
	@$(BIN)/python -m analysis stale --write $(STAMP_ARGS)

# The parameter stamp is rewritten (when reading this Makefile, by make itself: no shell sees
# the values) only when the parameters change, so a new value reruns the report and
# `make -n` tells the truth.
$(shell mkdir -p $(call q,REPORTS_V))
ifneq ($(file <$(PARAMS_STAMP)),$(PARAMS))
$(file >$(PARAMS_STAMP),$(PARAMS))
endif

# Extraction quality on the development corpus: held-out and development splits, the seeds,
# the baseline and the inter-coder agreement, as aggregate tables (never per statement).
quality: setup
	$(BIN)/python -m analysis quality $(QUALITY_ARGS)

$(QUALITY): $(BUILD_STAMP) $(DEV_FILES) $(CODE_FILES) | setup
	$(BIN)/python -m analysis quality $(QUALITY_ARGS) > /dev/null

# The notebooks run once, for the HTML; the PDF is its own target, rendered from the executed
# notebooks. Whether XeLaTeX is there is asked when the recipe runs (after setup installed it),
# and a missing PDF is rendered by the next `make report` without re-running the notebooks.
$(REPORT_HTML): $(BUILD_STAMP) $(QUALITY) $(NOTEBOOKS) $(if $(ALL),$(PERIODS_NOTEBOOK)) $(CODE_FILES) $(PARAMS_STAMP) | setup
	$(BIN)/python -m analysis report $(REPORT_ARGS) --no-pdf

$(REPORT_PDF): $(REPORT_HTML) | setup
	@if command -v xelatex >/dev/null 2>&1; then \
	  $(BIN)/python -m analysis report $(REPORT_ARGS) --pdf-only; \
	else echo "report: HTML only ("$(call q,REPORT_HTML)"); for the PDF install XeLaTeX (run 'make setup' as root, or: sudo apt-get install pandoc texlive-xetex texlive-fonts-recommended texlive-plain-generic lmodern fonts-dejavu-core), then run 'make report' again"; fi

test: setup
	$(BIN)/ruff check src tests benchmarks experiments notebooks
	$(BIN)/python -m pytest

# The unit tests only: no full build, no report rendering (see the `build` marker).
test-fast: setup
	$(BIN)/ruff check src tests benchmarks experiments notebooks
	$(BIN)/python -m pytest -m "not build"

lint: setup
	$(BIN)/ruff check src tests benchmarks experiments notebooks

dictionary: setup
	$(BIN)/python -m analysis dictionary --out docs/data_dictionary.md

# JupyterLab on the notebooks with the project's kernel; as root (containers, CI) it needs
# --allow-root. The URL with its token is printed below.
lab: setup
	$(BIN)/jupyter lab --notebook-dir=notebooks --no-browser $(if $(filter 0,$(shell id -u)),--allow-root)

# `make bench`: sizes come from variables, so a quick run stays quick (whole numbers only):
# BENCH_SIZES for bench.py (stages, quality), SCALE_SIZES for the memory points (cold builds),
# MILLION_SIZES (empty by default; e.g. 10000 50000 100000) for the cold, warm and Dask points
# behind the estimate at a million articles, SPEED_ARTICLES for the per-core speed run and
# its time share (where `extract`'s time goes).
BENCH_SIZES ?= 1000 10000
SCALE_SIZES ?= 5000 20000
MILLION_SIZES ?=
SPEED_ARTICLES ?= 4000
BENCH_DIR ?= /tmp/blame-report-bench
_space := $(subst ,, )
_nondigit = $(subst $(_space),,$(subst 0,,$(subst 1,,$(subst 2,,$(subst 3,,$(subst 4,,$(subst 5,,$(subst 6,,$(subst 7,,$(subst 8,,$(subst 9,,$(value $(1)))))))))))))
_sizes = $(if $(call _nondigit,$(1)),$(error $(1): whole numbers only),$(value $(1)))

bench: setup
	$(BIN)/python benchmarks/bench.py --sizes $(call _sizes,BENCH_SIZES) --workdir $(call q,BENCH_DIR) \
	  --out benchmarks/RESULTS.md
	$(BIN)/python benchmarks/scale.py builds --sizes $(call _sizes,SCALE_SIZES) --kinds cold --workdir $(call q,BENCH_DIR)
	$(if $(value MILLION_SIZES),$(BIN)/python benchmarks/scale.py builds --sizes $(call _sizes,MILLION_SIZES) \
	  --kinds cold warm dask --workdir $(call q,BENCH_DIR))
	$(BIN)/python benchmarks/scale.py cluster --size 2000 --workdir $(call q,BENCH_DIR)
	$(BIN)/python benchmarks/scale.py speed --articles $(call _sizes,SPEED_ARTICLES) --workdir $(call q,BENCH_DIR) \
	  --spacy-python $(call q,BENCH_DIR)/spacy-venv/bin/python
	$(BIN)/python benchmarks/scale.py budget --articles $(call _sizes,SPEED_ARTICLES) --workdir $(call q,BENCH_DIR)
	$(BIN)/python benchmarks/scale.py write --workdir $(call q,BENCH_DIR) --out benchmarks/RESULTS.md

# spaCy for the speed peer, in the benchmark's own environment (never in the project's lock).
$(value BENCH_DIR)/spacy-venv/bin/python:
	$(call q,PYTHON) -m venv $(call q,BENCH_DIR)/spacy-venv && $(call q,BENCH_DIR)/spacy-venv/bin/pip install -q spacy

bench: $(value BENCH_DIR)/spacy-venv/bin/python

clean: setup
	$(BIN)/python -m analysis clean --raw-dir $(call q,RAW) --processed-dir $(call q,PROCESSED) --reports-dir $(call q,REPORTS)
	rm -f $(call q,BUILD_STAMP) $(call q,REPORTS_V)/.params-*
