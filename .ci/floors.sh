#!/usr/bin/env bash
# Floors leg (issue 15): every floor that pyproject.toml declares, installed
# exactly, on the oldest supported Python (3.11). A floor that is too low for
# the code (an API used that came later) or that cannot be installed with the
# others fails here instead of at a user's.
#
#   1. .ci/floors_constraints.py turns each `name>=X` of the release line's
#      dependencies (LINE: 0.10, the default, or 1) and of the extras below
#      into `name==X` (a pip constraints file); a fresh virtualenv gets
#      `<checkout>[extras]` built as LINE under it (not editable). pip must
#      resolve everything else around the floors (their own dependencies are
#      not ours to pin).
#   2. The installed versions of the pinned packages are printed, and the stage
#      stops unless each is exactly its floor.
#   3. A fast subset of the suite plus the conversion tests (see TESTS below),
#      `pytest -n auto`; about 3 to 4 minutes on 2 cores.
#
# Usage (as .ci/run does):  bash .ci/floors.sh 0.10|1
# Environment:
#   PYTHON        interpreter for the virtualenv (default python3; must be 3.11)
#   FLOORS_VENV   where to build it (default <checkout>/.ci-venv-floors-LINE; rebuilt)
set -euo pipefail

LINE=${1:-0.10}
case "$LINE" in
  0.10 | 1) ;;
  *) echo "usage: bash .ci/floors.sh 0.10|1" >&2; exit 2 ;;
esac
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY=${PYTHON:-python3}
VENV="${FLOORS_VENV:-$ROOT/.ci-venv-floors-$LINE}"
EXTRAS=(test fractal plot validate distributed s3)
# Library units and models, the runners, and every conversion path (writers,
# parity with the published release of the line; crash safety excluded: it is
# slow and needs nothing version-specific).
TESTS=(
  tests/core
  tests/models
  tests/pipelines
  tests/fractal/test_fractal_runners.py
  tests/fractal/test_runner_errors.py
  tests/fractal/test_fractal_tasks.py
  tests/fractal/test_fractal_models.py
)
if [[ "$LINE" == 0.10 ]]; then
  TESTS+=(tests/integration/test_parity_0104.py tests/integration/test_tiles_parity_0104.py)
else
  TESTS+=(tests/integration/test_parity_111.py)
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1
T0=$SECONDS
say() { printf '[floors %s %4ss] %s\n' "$LINE" "$((SECONDS - T0))" "$*"; }

if ! "$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "floors leg: $("$PY" --version) is not Python 3.11, the oldest supported" >&2
  exit 1
fi

rm -rf "$VENV"
"$PY" -m venv "$VENV"
CONSTRAINTS="$VENV/floors-constraints.txt"
"$PY" .ci/floors_constraints.py --line "$LINE" "${EXTRAS[@]/#/--extra=}" >"$CONSTRAINTS"
say "pinned floors: $(tr '\n' ' ' <"$CONSTRAINTS")"
"$VENV/bin/python" -m pip install -q --upgrade pip
EXTRA_LIST=$(IFS=,; echo "${EXTRAS[*]}")
say "OZCT_API_LINE=$LINE pip install -c floors-constraints.txt .[$EXTRA_LIST]"
OZCT_API_LINE="$LINE" "$VENV/bin/python" -m pip install -q -c "$CONSTRAINTS" "$ROOT[$EXTRA_LIST]"

"$VENV/bin/python" - "$CONSTRAINTS" "$LINE" <<'PY'
import importlib.metadata as md
import sys

from packaging.version import Version

import ome_zarr_converters_tools as lib

wrong = []
if lib.API_LINE != sys.argv[2]:
    wrong.append(f"the library is built as line {lib.API_LINE}, not {sys.argv[2]}")
for line in open(sys.argv[1]):
    name, floor = line.strip().split("==")
    installed = md.version(name)
    print(f"    {name:24s} {installed}")
    if Version(installed) != Version(floor):
        wrong.append(f"{name} {installed} (floor {floor})")
if wrong:
    sys.exit("floors leg: not at the declared floor: " + ", ".join(wrong))
PY

say "pytest: fast subset + conversion tests"
"$VENV/bin/python" -m pytest -n auto -p no:cacheprovider -m "not slow" "${TESTS[@]}"
say "done"
