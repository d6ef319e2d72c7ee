"""Import cost of a compute task and of a leaf module, against importing ngio alone.

Usage (from the repository root):

    .venv/bin/python benchmarks/bench_import.py [--runs 9] [--before OTHER_TREE/src]

Each statement runs in a fresh interpreter, interleaved with the others, `--runs`
times; the report gives medians of process CPU time (steadier than wall time on a
shared machine), wall time and the number of loaded modules, then the difference
"compute task - ngio alone" (target: under 0.2 s) and, from `python -X importtime`
runs, the library modules with the largest median self time. `--before` measures
a second source tree (e.g. an older checkout's `src`) in the same run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[1] / "src")
STATEMENTS = {
    "ngio alone": "import ngio",
    "compute task": (
        "import ngio; from ome_zarr_converters_tools import generic_compute_task; "
        "import ome_zarr_converters_tools.pipelines.writers"
    ),
    "core.errors": "import ome_zarr_converters_tools.core.errors",
}
PROBE = (
    "import sys, time; w = time.perf_counter(); c = time.process_time(); {}; "
    "print(time.process_time() - c, time.perf_counter() - w, len(sys.modules))"
)


def _run(statement: str, src: str, *importtime: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=src)
    command = [sys.executable, *importtime, "-c", PROBE.format(statement)]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=True)


def main() -> None:
    """Measure and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--before", help="another tree's src folder, measured too")
    args = parser.parse_args()
    trees = {"now": SRC, **({"before": args.before} if args.before else {})}
    cases = [("ngio alone", "now")] + [
        (name, tree) for tree in trees for name in STATEMENTS if name != "ngio alone"
    ]
    samples: dict[tuple[str, str], list[list[float]]] = defaultdict(list)
    self_us: dict[str, list[int]] = defaultdict(list)
    for _ in range(args.runs):
        for name, tree in cases:
            out = _run(STATEMENTS[name], trees[tree]).stdout.split()
            samples[name, tree].append([float(value) for value in out])
        stderr = _run(STATEMENTS["compute task"], SRC, "-X", "importtime").stderr
        for line in stderr.splitlines():
            parts = line.split("|")
            if len(parts) == 3 and "ome_zarr_converters_tools" in parts[2]:
                self_us[parts[2].strip()].append(int(parts[0].split(":")[1]))
    medians = {
        key: [statistics.median(column) for column in zip(*rows, strict=True)]
        for key, rows in samples.items()
    }
    print(f"{'statement':28s} {'CPU s':>7s} {'wall s':>7s} {'modules':>8s}")
    for (name, tree), (cpu, wall, modules) in medians.items():
        print(f"{name + ' (' + tree + ')':28s} {cpu:7.3f} {wall:7.3f} {modules:8.0f}")
    ngio_cpu, ngio_wall, _ = medians["ngio alone", "now"]
    for tree in trees:
        cpu, wall, _ = medians["compute task", tree]
        print(
            f"compute task - ngio alone ({tree}): CPU {cpu - ngio_cpu:.3f} s, "
            f"wall {wall - ngio_wall:.3f} s"
        )
    print("largest median self time (-X importtime, now):")
    ranked = sorted(self_us.items(), key=lambda item: -statistics.median(item[1]))
    for module, values in ranked[:8]:
        print(f"  {statistics.median(values) / 1000:6.1f} ms  {module}")


if __name__ == "__main__":
    main()
