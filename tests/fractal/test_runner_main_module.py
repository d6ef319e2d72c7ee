"""MultiprocessingRunner with compute code defined in `__main__` (0.10 contract).

0.10 forked the caller, so a compute function (and a loader class) defined in a
script, a notebook or `python -` worked in the workers. This runner starts its
workers fresh (fork-safety), and sends such code by value instead. Each test
runs a real interpreter on `_main_module_converter.py`, which converts two
wells with a loader class and a compute function of its own `__main__`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("_main_module_converter.py")
EXPECTED_MAX = 7 * 3  # pixel value x the loader's `scale`, applied in the worker
TIMEOUT = 300


def _run(args: list[str], cwd: Path, *, stdin: str | None = None) -> dict[str, int]:
    done = subprocess.run(
        [sys.executable, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _check(maxima: dict[str, int], out: Path) -> None:
    assert sorted(maxima) == [
        f"{out}/out/P.zarr/A/01/0",
        f"{out}/out/P.zarr/B/01/0",
    ]
    assert set(maxima.values()) == {EXPECTED_MAX}
    assert not (out / "out" / "_tmp_json").exists()


@pytest.mark.parametrize(
    "how", ["script file", "python - (stdin)", "exec in __main__ (notebook)"]
)
def test_compute_code_defined_in_main_runs_in_worker_processes(tmp_path, how):
    out = tmp_path / "run"
    source = SCRIPT.read_text()
    if how == "script file":
        script = tmp_path / "convert.py"
        script.write_text(source)
        maxima = _run([str(script), str(out)], tmp_path)
    elif how == "python - (stdin)":
        maxima = _run(["-", str(out)], tmp_path, stdin=source)
    else:
        # What a notebook kernel does with a cell: exec in the namespace of
        # __main__, which has no file a worker could import.
        cell = (
            "import __main__, sys\n"
            "source = sys.stdin.read()\n"
            "exec(compile(source, '<cell>', 'exec'), __main__.__dict__)\n"
        )
        maxima = _run(["-c", cell, str(out)], tmp_path, stdin=source)
    _check(maxima, out)
