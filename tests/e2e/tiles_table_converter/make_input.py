"""Copy the example plate (tiles table, details, images) into the given folder.

The e2e script calls it with the task environment's Python; the copy keeps the
job's input apart from the repository, as a real acquisition folder would be.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "data" / "example_plate"


def main() -> None:
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted(EXAMPLE.iterdir()):
        if source.is_file():
            shutil.copy2(source, target / source.name)
    print(f"copied {EXAMPLE} -> {target}")


if __name__ == "__main__":
    main()
