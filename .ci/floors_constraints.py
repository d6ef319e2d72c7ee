"""Print a pip constraints file that pins every declared floor exactly.

The floors leg (.ci/floors.sh) installs this checkout with each dependency at
the lowest version pyproject.toml admits, so a floor that no longer works (an
API the code uses appeared later, or the floors do not install together) fails
CI instead of a user's install. The dependencies are declared per release line
(`[tool.hatch.metadata.hooks.custom]`, see hatch_build.py): the shared list plus
the chosen line's list, plus the extras named on the command line.

Usage: python .ci/floors_constraints.py [--line 0.10|1] [--extra NAME ...]
Every requirement with a `>=` floor becomes `name==floor`; requirements without
one (stub packages) are left out. A package declared twice (a line raising a
shared floor) gets the higher floor, and the packages that pin a partner to
their own release (distributed -> dask, s3fs -> fsspec) follow the partner.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# name, then the whole version specifier up to an environment marker
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*([^;]*)")
_FLOOR = re.compile(r">=\s*([0-9][A-Za-z0-9.+!-]*)")
# Releases of these pin their partner to the same version.
_LOCKSTEP = {"distributed": "dask", "s3fs": "fsspec"}


def declared(line: str, extras: list[str]) -> list[str]:
    """Return the requirement strings of `line` plus `extras`, as pip sees them.

    Raises:
        SystemExit: For a line or extra that pyproject.toml does not declare.
    """
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    hook = project["tool"]["hatch"]["metadata"]["hooks"]["custom"]
    if line not in hook["lines"]:
        raise SystemExit(
            f"unknown release line {line!r}; one of {sorted(hook['lines'])}"
        )
    requirements = [*hook["dependencies"], *hook["lines"][line]["dependencies"]]
    optional = project["project"]["optional-dependencies"]
    for extra in extras:
        if extra not in optional:
            raise SystemExit(f"unknown extra {extra!r}; one of {sorted(optional)}")
        requirements += optional[extra]
    return requirements


def _release(version: str) -> tuple[int, ...]:
    """Numeric release of a floor (`2024.2.0` -> (2024, 2)), to compare floors.

    Runs on the bare interpreter (no `packaging`); floors here are plain
    releases, and trailing zeros do not count (`2.0` equals `2`).
    """
    parts = [int(part) for part in re.findall(r"\d+", version.split("+")[0])]
    while parts and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def floors(requirements: list[str]) -> dict[str, str]:
    """Map each requirement's normalised name to its (highest) `>=` floor.

    Raises:
        SystemExit: For a requirement that cannot be read.
    """
    pins: dict[str, str] = {}
    for requirement in requirements:
        match = _REQUIREMENT.match(requirement)
        if match is None:
            raise SystemExit(f"cannot read the requirement {requirement!r}")
        name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
        floor = _FLOOR.search(match.group(3))
        if floor is None:
            continue
        if name not in pins or _release(floor.group(1)) > _release(pins[name]):
            pins[name] = floor.group(1)
    for follower, partner in _LOCKSTEP.items():
        if follower in pins and partner in pins:
            pins[follower] = max(pins[follower], pins[partner], key=_release)
    return pins


def main(argv: list[str]) -> int:
    """Print the constraints, one `name==floor` per line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--line", default="0.10")
    parser.add_argument("--extra", action="append", default=[])
    args = parser.parse_args(argv)
    for name, floor in sorted(floors(declared(args.line, args.extra)).items()):
        print(f"{name}=={floor}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
