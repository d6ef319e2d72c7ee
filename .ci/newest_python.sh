#!/usr/bin/env bash
# Newest-Python leg (issue 15): the whole suite on the newest CPython this
# machine has (3.13 here), where pip resolves the newest zarr (3.2+ changed
# internals the writers once relied on) and numpy. The main leg in .ci/run runs
# the oldest supported Python (3.11).
#
# Usage: bash .ci/newest_python.sh   (from anywhere)
# Environment:
#   NEWEST_PYTHON   interpreter to use (default: python3.14, then python3.13,
#                   from PATH or pyenv)
#   NEWEST_VENV     where to build the virtualenv (default <checkout>/.ci-venv-newest)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PIP_DISABLE_PIP_VERSION_CHECK=1
VENV="${NEWEST_VENV:-$ROOT/.ci-venv-newest}"

find_python() {
  local minor candidate
  for minor in 3.14 3.13; do
    # A pyenv shim exists for versions that are not the active one and then
    # fails: try PATH first, then pyenv's own folders, and keep what runs.
    for candidate in $(command -v "python$minor" 2>/dev/null) \
        $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$minor".*/bin/python 2>/dev/null \
          | sort -V -r); do
      if "$candidate" -c "import sys" >/dev/null 2>&1; then
        echo "$candidate"
        return 0
      fi
    done
  done
  return 1
}

PY="${NEWEST_PYTHON:-$(find_python || true)}"
if [[ -z "$PY" ]]; then
  echo "newest-python leg: no Python 3.13 or 3.14 on this machine; leg not run" >&2
  exit 0
fi
echo "newest-python leg: $("$PY" --version) ($PY)"
rm -rf "$VENV"
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q -e ".[test]"
"$VENV/bin/python" - <<'PY'
import importlib.metadata as md

for name in ("zarr", "ngio", "numpy", "pydantic", "dask", "zarrs"):
    print(f"    {name:10s} {md.version(name)}")
PY
"$VENV/bin/python" -m pytest -n auto -p no:cacheprovider
