#!/usr/bin/env bash
# Idempotent setup for `make report` and `make test` (called by the Makefile).
#  1. a virtual environment built with a named interpreter from requirements.lock,
#     stamped with the lock's hash so it is rebuilt only when the lock changes;
#  2. the Debian packages for the PDF (pandoc, XeLaTeX, fonts, poppler) when absent:
#     installed with apt when running as root (unless APT=no), otherwise a clear message
#     (the HTML still builds).
set -euo pipefail

PYTHON="${PYTHON:-python3.11}"
VENV="${VENV:-.venv}"
LOCK="requirements.lock"
APT_PACKAGES=(pandoc texlive-xetex texlive-fonts-recommended texlive-plain-generic lmodern fonts-dejavu-core poppler-utils)

# pip, without the noise of this machine's unused local index folders; keeps pip's exit status.
pip_install() {
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$@" 2> >(grep -v "^WARNING: Location" >&2)
}

# The stamp covers the lock and the [project] table (dependencies, entry points), not tool settings.
lock_hash=$( (cat "$LOCK"; sed -n '/^\[project\]/,/^\[tool/p' pyproject.toml) | sha256sum | cut -c1-16)
stamp="$VENV/.installed-$lock_hash"

# The supported range is pyproject.toml's requires-python (">=3.11,<3.13"), checked before pip.
python_range=$(sed -n 's/^requires-python = "\(.*\)"$/\1/p' pyproject.toml)

if [ ! -f "$stamp" ]; then
  if ! command -v "$PYTHON" >/dev/null 2>&1; then
    echo "setup: $PYTHON not found; install a Python in $python_range or run 'make PYTHON=/path/to/python3'" >&2
    exit 1
  fi
  if ! "$PYTHON" - "$python_range" <<'PY'
import re, sys
low, high = (tuple(map(int, re.search(op + r"(\d+)\.(\d+)", sys.argv[1]).groups())) for op in (">=", "<"))
sys.exit(0 if low <= sys.version_info[:2] < high else 1)
PY
  then
    echo "setup: $PYTHON is Python $("$PYTHON" -c 'import platform; print(platform.python_version())'); this project needs $python_range (run 'make PYTHON=/path/to/python3.12')" >&2
    exit 1
  fi
  echo "setup: building $VENV with $PYTHON from $LOCK"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  pip_install --upgrade "pip==25.3"
  pip_install --require-virtualenv -r "$LOCK"
  # hatchling (the build backend) is in the lock: no build isolation, nothing fetched, no build/ left
  pip_install --require-virtualenv --no-deps --no-build-isolation -e .
  "$VENV/bin/python" -m pip check >/dev/null
  "$VENV/bin/python" -m ipykernel install --sys-prefix --name blame-report --display-name "Python (blame-report)" >/dev/null
  touch "$stamp"
fi

missing=()
command -v pandoc >/dev/null 2>&1 || missing+=(pandoc)
command -v xelatex >/dev/null 2>&1 || missing+=(texlive-xetex texlive-fonts-recommended texlive-plain-generic lmodern)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
fonts=$(fc-list : family 2>/dev/null || true)  # captured: grep -q on a pipe trips pipefail
[[ "$fonts" == *"DejaVu Serif"* ]] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "${APT:-auto}" != "no" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${APT_PACKAGES[*]} with apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}" >/dev/null
  else
    echo "setup: the PDF needs Debian packages that are missing: ${missing[*]}." >&2
    echo "setup: install them with: sudo apt-get install ${APT_PACKAGES[*]}  (the HTML report is still built)" >&2
  fi
fi
