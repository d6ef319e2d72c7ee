#!/usr/bin/env bash
# Full crash sweep (issue 10 item 3): kill the process, or fill the disk (the mutation fails
# with ENOSPC, or a file keeps half of its first write), at every file-system mutation of a
# small plate conversion (init and compute), rerun with Extend and with Overwrite, and compare
# with an uninterrupted run byte for byte. Slow: ~500 mutations per run (NGFF 0.4, ~290 for
# 0.5) and three runs per point, six scenarios (about 20 min per scenario and NGFF version on
# an idle 2-core machine); the default suite runs a sample (tests/integration/test_crash_safety.py).
# Usage: .ci/crash_sweep.sh [python] [crash_sweep.py options, e.g. --scenario partial]
#        (default python: .venv/bin/python; run it with nice -n 10 on a shared machine)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${1:-.venv/bin/python}
shift || true
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
status=0
for ngff in 0.4 0.5; do
  "$PY" tests/integration/crash_sweep.py --workdir "$WORK/$ngff" --ngff "$ngff" "$@" \
    2> >(grep -v "EXTEND writes it again\|completing a setup\|dropping the journal" >&2) \
    || status=1
done
exit $status
