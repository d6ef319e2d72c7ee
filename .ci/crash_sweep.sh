#!/usr/bin/env bash
# Full crash sweep (issue 10 item 3): kill the process, or fail a write with ENOSPC, at every
# file-system mutation of a small plate conversion (init and compute), rerun with Extend and
# with Overwrite, and compare with an uninterrupted run byte for byte. Slow: ~500 mutations per
# run and three runs per kill point (about 15-20 min per scenario and NGFF version on 2 cores);
# the default suite runs a sample (tests/integration/test_crash_safety.py).
# Usage: .ci/crash_sweep.sh [python]   (default: .venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${1:-.venv/bin/python}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
status=0
for ngff in 0.4 0.5; do
  "$PY" tests/integration/crash_sweep.py --workdir "$WORK/$ngff" --ngff "$ngff" \
    2> >(grep -v "EXTEND writes it again\|completing a setup\|dropping the journal" >&2) \
    || status=1
done
exit $status
