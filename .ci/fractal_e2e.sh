#!/usr/bin/env bash
# Fractal end to end: run the example converter task package through a real
# fractal-server (PostgreSQL + local runner, everything on 127.0.0.1) and check
# the dataset image list and the written plate.
#
#   1. PostgreSQL: Debian's packages are installed when initdb is missing; a
#      throw-away cluster owned by `postgres` is created in a temporary folder
#      and started on 127.0.0.1 on a free port (no Unix socket).
#   2. fractal-server (default 2.18.5, the newest release for Python 3.11) is
#      installed in its own virtualenv (in parallel with step 1); `fractalctl
#      set-db` and `fractalctl init-db-data`, then `fractalctl start` with the
#      local runner backend on 127.0.0.1.
#   3. Over the REST API (tests/e2e/fractal_server_driver.py): the example task
#      package is registered from the existing task virtualenv ("custom"
#      collection), a project/dataset/workflow is created, a job converts the
#      example tiles, and the image list (zarr URLs, types, attributes) and the
#      plate (read back with zarr) are checked; the same task pair is rerun
#      locally with exec_compound_task and every array is compared.
#   4. Everything started here is stopped on exit (trap), also on failure.
#
# The closing line is "fractal-e2e: N passed, N failed"; the exit status is
# non-zero when any check failed.
#
# Usage (as the CI does, from the repository root):
#   VENV=/path/to/venv-with-the-package bash .ci/fractal_e2e.sh
# Environment / options:
#   VENV                     virtualenv where ome-zarr-converters-tools and the
#                            example package are installed (the task venv);
#                            default: .ci-venv of the repository, else a new one
#   --task-python PY         interpreter of the task venv (overrides VENV)
#   --pkg DIR                task package folder (default examples/tiles_table_converter)
#   --case DIR               folder with args_non_parallel.json, expect.json and
#                            make_input.py (default tests/e2e/<package folder name>);
#                            each sub-folder with its own args + expect is one more job
#   --server-venv DIR        reuse/create the fractal-server venv there
#                            (env FRACTAL_E2E_SERVER_VENV)
#   --server-version V       fractal-server version (env FRACTAL_SERVER_VERSION)
#   FRACTAL_SERVER_PYTHON    interpreter for the server venv (default: the task
#                            venv's Python; fractal-server 2.18.5 runs on 3.11)
#   --work DIR               working folder (default: mktemp -d)
#   --keep                   keep the working folder (it is kept on failure anyway)
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DRIVER="$ROOT/tests/e2e/fractal_server_driver.py"
SERVER_VERSION="${FRACTAL_SERVER_VERSION:-2.18.5}"
SERVER_VENV="${FRACTAL_E2E_SERVER_VENV:-}"
TASK_PY=""
PKG="$ROOT/examples/tiles_table_converter"
CASE=""
WORK=""
KEEP=0

while [[ $# -gt 0 ]]; do
  case "$1" in
    --task-python) TASK_PY="$2"; shift 2 ;;
    --pkg) PKG="$(cd "$2" && pwd)"; shift 2 ;;
    --case) CASE="$(cd "$2" && pwd)"; shift 2 ;;
    --server-venv) SERVER_VENV="$2"; shift 2 ;;
    --server-version) SERVER_VERSION="$2"; shift 2 ;;
    --work) WORK="$2"; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,40p' "$0"; exit 0 ;;
    *) echo "fractal_e2e.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -n "$CASE" ]] || CASE="$ROOT/tests/e2e/$(basename "$PKG")"

if [[ -z "$WORK" ]]; then WORK="$(mktemp -d /tmp/ozct-fractal-e2e.XXXXXX)"; fi
mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd)"
chmod 755 "$WORK"   # the postgres user must traverse it
LOGS="$WORK/logs"
mkdir -p "$LOGS"
CHECKS="$WORK/checks.jsonl"
: >"$CHECKS"
T0=$SECONDS

say() { printf '[fractal-e2e %4ss] %s\n' "$((SECONDS - T0))" "$*" >&2; }
record() {  # record NAME OK(0|1) [DETAIL]: one check line, same format as the driver
  python3 - "$CHECKS" "$1" "$2" "${3:-}" <<'PY'
import json, sys
path, name, ok, detail = sys.argv[1:5]
with open(path, "a", encoding="utf-8") as handle:
    handle.write(json.dumps({"name": name, "ok": ok == "1", "detail": detail}) + "\n")
PY
  if [[ "$2" == 1 ]]; then say "PASS $1"; else say "FAIL $1 ${3:-}"; fi
}
fail_step() {  # fail_step NAME LOGFILE: record a failed prerequisite and stop
  record "$1" 0 "see $2"
  if [[ -f "$2" ]]; then tail -n 40 "$2" >&2 || true; fi
  exit 1
}

# ---- cleanup (always) ---------------------------------------------------------
PG_BIN="" ; PG_DATA="" ; SERVER_PID="" ; PIP_PID="" ; AS_PG=()
APT_CLUSTER_STARTED=""
cleanup() {
  local rc=$?
  set +e
  if [[ -n "$PIP_PID" ]] && kill -0 "$PIP_PID" 2>/dev/null; then
    kill "$PIP_PID" 2>/dev/null; wait "$PIP_PID" 2>/dev/null
  fi
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    say "stopping fractal-server (pid $SERVER_PID)"
    kill -TERM -- "-$SERVER_PID" 2>/dev/null || kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$SERVER_PID" 2>/dev/null
  fi
  if [[ -n "$PG_DATA" && -f "$PG_DATA/postmaster.pid" ]]; then
    say "stopping PostgreSQL"
    "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >>"$LOGS/pg_ctl.log" 2>&1
  fi
  if [[ -n "$APT_CLUSTER_STARTED" ]]; then
    # Debian's postinst may have started its default cluster: stop it again.
    pg_ctlcluster $APT_CLUSTER_STARTED stop >/dev/null 2>&1
  fi
  local summary
  summary="$(python3 - "$CHECKS" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
passed = sum(1 for l in lines if l["ok"])
failed = len(lines) - passed
for l in lines:
    if not l["ok"]:
        print(f"  failed: {l['name']}: {l['detail'][:2000]}", file=sys.stderr)
print(f"{passed} {failed}")
PY
)"
  local passed="${summary% *}" failed="${summary#* }"
  if [[ $rc -ne 0 && $failed -eq 0 ]]; then
    failed=1   # an unexpected error outside the recorded checks
    say "FAIL unexpected error (exit status $rc); logs in $LOGS"
  fi
  say "done in $((SECONDS - T0)) s"
  if [[ $failed -eq 0 && $KEEP -eq 0 ]]; then
    rm -rf "$WORK"
  else
    say "work folder kept: $WORK"
  fi
  echo "fractal-e2e: $passed passed, $failed failed"
  [[ $failed -eq 0 ]] && exit 0
  exit 1
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ---- 0. task environment and test case ----------------------------------------
if [[ -z "$TASK_PY" ]]; then
  if [[ -n "${VENV:-}" ]]; then TASK_PY="$VENV/bin/python"
  elif [[ -x "$ROOT/.ci-venv/bin/python" ]]; then TASK_PY="$ROOT/.ci-venv/bin/python"
  fi
fi
if [[ -z "$TASK_PY" ]]; then
  say "no task venv given: creating one with the library and $PKG"
  python3 -m venv "$WORK/venv-tasks"
  TASK_PY="$WORK/venv-tasks/bin/python"
  "$TASK_PY" -m pip install -q -e "$ROOT" -e "$PKG" >"$LOGS/pip-tasks.log" 2>&1 \
    || fail_step "install the task venv" "$LOGS/pip-tasks.log"
fi
TASK_PY="$(cd "$(dirname "$TASK_PY")" && pwd)/$(basename "$TASK_PY")"
[[ -f "$PKG/pyproject.toml" ]] || { record "example package exists" 0 "$PKG/pyproject.toml missing"; exit 1; }
for f in args_non_parallel.json expect.json; do
  [[ -f "$CASE/$f" ]] || { record "test case $CASE complete" 0 "$f missing"; exit 1; }
done
DIST_NAME="$("$TASK_PY" - "$PKG/pyproject.toml" <<'PY'
import sys, tomllib
print(tomllib.load(open(sys.argv[1], "rb"))["project"]["name"])
PY
)"
IMPORT_NAME="$(tr 'A-Z.-' 'a-z__' <<<"$DIST_NAME")"
pkg_info() {
  "$TASK_PY" - "$IMPORT_NAME" "$DIST_NAME" <<'PY' 2>"$LOGS/import-pkg.log"
import importlib, importlib.metadata as md, os, sys
module = importlib.import_module(sys.argv[1])
print(os.path.dirname(module.__file__))
print(md.version(sys.argv[2]))
PY
}
if ! PKG_INFO="$(pkg_info)"; then
  say "installing $PKG into the task venv (pip install --no-deps -e)"
  "$TASK_PY" -m pip install -q --no-deps -e "$PKG" >"$LOGS/pip-pkg.log" 2>&1 \
    || fail_step "install $PKG into the task venv" "$LOGS/pip-pkg.log"
  PKG_INFO="$(pkg_info)" \
    || fail_step "task package $IMPORT_NAME importable with $TASK_PY" "$LOGS/import-pkg.log"
fi
PKG_ROOT="$(sed -n 1p <<<"$PKG_INFO")"
PKG_VERSION="$(sed -n 2p <<<"$PKG_INFO")"
MANIFEST="$PKG_ROOT/__FRACTAL_MANIFEST__.json"
[[ -f "$MANIFEST" ]] || fail_step "package ships __FRACTAL_MANIFEST__.json" "$MANIFEST"
TASK_NAME="$("$TASK_PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["task_list"][0]["name"])' "$MANIFEST")"
record "task package $IMPORT_NAME $PKG_VERSION importable, manifest found" 1 "$PKG_ROOT"

# input data: the case's make_input.py writes it into a folder (@INPUT@ in args)
INPUT="$WORK/input"
mkdir -p "$INPUT"
if [[ -f "$CASE/make_input.py" ]]; then
  "$TASK_PY" "$CASE/make_input.py" "$INPUT" >"$LOGS/make-input.log" 2>&1 \
    || fail_step "generate the example input" "$LOGS/make-input.log"
fi
# Jobs: the case folder itself, plus each sub-folder holding its own
# args_non_parallel.json + expect.json (e.g. the same plate as NGFF 0.5).
JOBS=(main)
for sub in "$CASE"/*/; do
  if [[ -f "$sub/args_non_parallel.json" && -f "$sub/expect.json" ]]; then
    JOBS+=("$(basename "$sub")")
  fi
done
for job in "${JOBS[@]}"; do
  src="$CASE"; [[ "$job" == main ]] || src="$CASE/$job"
  mkdir -p "$WORK/jobs/$job"
  for f in args_non_parallel.json args_parallel.json expect.json; do
    if [[ -f "$src/$f" ]]; then
      sed "s#@INPUT@#$INPUT#g" "$src/$f" >"$WORK/jobs/$job/$f"
    fi
  done
done

# ---- 1. fractal-server venv (background) ----------------------------------------
[[ -n "$SERVER_VENV" ]] || SERVER_VENV="$WORK/venv-server"
if [[ -x "$SERVER_VENV/bin/fractalctl" ]] \
   && "$SERVER_VENV/bin/python" -c 'import importlib.metadata as m,sys; sys.exit(m.version("fractal-server") != sys.argv[1])' "$SERVER_VERSION" 2>/dev/null; then
  say "reusing fractal-server $SERVER_VERSION in $SERVER_VENV"
else
  say "installing fractal-server $SERVER_VERSION into $SERVER_VENV (background)"
  ( "${FRACTAL_SERVER_PYTHON:-$TASK_PY}" -m venv "$SERVER_VENV" \
      && "$SERVER_VENV/bin/python" -m pip install -q --disable-pip-version-check \
           "fractal-server==$SERVER_VERSION" ) >"$LOGS/pip-server.log" 2>&1 &
  PIP_PID=$!
fi

# ---- 2. PostgreSQL -------------------------------------------------------------------
find_pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
PG_BIN="$(find_pg_bin || true)"
if [[ -z "$PG_BIN" || ! -x "$PG_BIN/initdb" ]]; then
  say "installing PostgreSQL from Debian's packages"
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql; } \
    >"$LOGS/apt.log" 2>&1 || fail_step "apt-get install postgresql" "$LOGS/apt.log"
  PG_BIN="$(find_pg_bin)"
  if command -v pg_lsclusters >/dev/null; then
    APT_CLUSTER_STARTED="$(pg_lsclusters -h 2>/dev/null | awk '$4 == "online" {print $1" "$2; exit}')"
  fi
fi
if [[ "$(id -u)" == 0 ]]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  AS_PG=(runuser -u postgres --)
fi
PG_DIR="$WORK/pg"
mkdir -p "$PG_DIR"
[[ "$(id -u)" == 0 ]] && chown postgres: "$PG_DIR"
PG_DATA="$PG_DIR/data"
PG_PORT="$(free_port)"
"${AS_PG[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 \
  >"$LOGS/initdb.log" 2>&1 || fail_step "initdb" "$LOGS/initdb.log"
"${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories='' -c fsync=off" \
  start >"$LOGS/pg_ctl.log" 2>&1 || fail_step "PostgreSQL starts" "$PG_DIR/server.log"
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE fractal;" \
  >"$LOGS/psql.log" 2>&1 || fail_step "create database" "$LOGS/psql.log"
record "PostgreSQL cluster on 127.0.0.1:$PG_PORT" 1

if [[ -n "$PIP_PID" ]]; then
  wait "$PIP_PID" || { PIP_PID=""; fail_step "pip install fractal-server==$SERVER_VERSION" "$LOGS/pip-server.log"; }
  PIP_PID=""
fi
record "fractal-server $SERVER_VERSION installed" 1

# ---- 3. fractal-server ----------------------------------------------------------------
SRV="$WORK/server"
mkdir -p "$SRV" "$WORK/projects"
RANDOM_HEX() { python3 -c 'import secrets; print(secrets.token_hex(16))'; }
cat >"$SRV/.fractal_server.env" <<EOF
JWT_SECRET_KEY=$(RANDOM_HEX)
FRACTAL_RUNNER_BACKEND=local
POSTGRES_HOST=127.0.0.1
POSTGRES_PORT=$PG_PORT
POSTGRES_USER=postgres
POSTGRES_DB=fractal
EOF
export FRACTAL_EMAIL="admin@example.org"
FRACTAL_PASSWORD="e2e-$(RANDOM_HEX)"
export FRACTAL_PASSWORD
( cd "$SRV" && "$SERVER_VENV/bin/fractalctl" set-db ) >"$LOGS/set-db.log" 2>&1 \
  || fail_step "fractalctl set-db" "$LOGS/set-db.log"
( cd "$SRV" && "$SERVER_VENV/bin/fractalctl" init-db-data --resource default \
    --profile default --admin-email "$FRACTAL_EMAIL" --admin-pwd "$FRACTAL_PASSWORD" \
    --admin-project-dir "$WORK/projects" ) >"$LOGS/init-db-data.log" 2>&1 \
  || fail_step "fractalctl init-db-data" "$LOGS/init-db-data.log"
record "fractalctl set-db + init-db-data" 1

SRV_PORT="$(free_port)"
export FRACTAL_URL="http://127.0.0.1:$SRV_PORT"
# setsid: the server gets its own process group, so cleanup stops it and the
# task subprocesses of the local runner together.
( cd "$SRV" && exec setsid "$SERVER_VENV/bin/fractalctl" start --host 127.0.0.1 \
    --port "$SRV_PORT" ) >"$LOGS/fractal-server.log" 2>&1 &
SERVER_PID=$!
say "fractal-server starting on $FRACTAL_URL (pid $SERVER_PID)"
"$TASK_PY" "$DRIVER" --checks "$CHECKS" wait-alive --timeout 120 \
  || fail_step "fractal-server start" "$LOGS/fractal-server.log"

# ---- 4. register, run, check --------------------------------------------------------------
"$TASK_PY" "$DRIVER" --checks "$CHECKS" register --manifest "$MANIFEST" \
  --python "$TASK_PY" --package-name "$IMPORT_NAME" --label "$IMPORT_NAME" \
  --version "$PKG_VERSION" >"$LOGS/register.json" \
  || fail_step "register $IMPORT_NAME" "$LOGS/fractal-server.log"

for job in "${JOBS[@]}"; do
  dir="$WORK/jobs/$job"
  ARGS_P=()
  if [[ -f "$dir/args_parallel.json" ]]; then ARGS_P=(--args-parallel "$dir/args_parallel.json"); fi
  say "job '$job': submitting '$TASK_NAME'"
  set +e
  "$TASK_PY" "$DRIVER" --checks "$CHECKS" run --task-name "$TASK_NAME" \
    --pkg-version "$PKG_VERSION" --package-name "$IMPORT_NAME" --manifest "$MANIFEST" \
    --args-non-parallel "$dir/args_non_parallel.json" "${ARGS_P[@]}" \
    --project-dir "$WORK/projects" --zarr-subfolder "zarr_$job" --expect "$dir/expect.json" \
    --compare-local "$dir/local_zarr" --timeout 600 >"$dir/result.json"
  RUN_RC=$?
  set -e
  if [[ $RUN_RC -ne 0 ]]; then
    say "job '$job' result: $dir/result.json, server log: $LOGS/fractal-server.log"
  fi
done
exit 0   # the verdict comes from the recorded checks (see cleanup)
