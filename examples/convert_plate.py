"""Convert the bundled example plate to OME-Zarr and print the image-list updates.

Runs the example Fractal converter (`tiles_table_converter`) locally through
`exec_compound_task`: its init task reads `data/example_plate/tiles.csv`, sets up
the plate and plans one job per well; its compute task writes each well image.

Usage:
    python examples/convert_plate.py [--output DIR] [--runner NAME]

NAME is sequential (default), threaded or processes.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "example_plate"

# Use the example package next to this script (installed or not); the folder of
# this script would otherwise shadow it as an empty namespace package.
sys.path.insert(0, str(HERE / "tiles_table_converter" / "src"))

from tiles_table_converter.convert_tiles_table_compute import (  # noqa: E402
    convert_tiles_table_compute,
)
from tiles_table_converter.convert_tiles_table_init import (  # noqa: E402
    convert_tiles_table_init,
)

from ome_zarr_converters_tools import (  # noqa: E402
    ConverterOptions,
    MultiprocessingRunner,
    OverwriteMode,
    SequentialRunner,
    ThreadedRunner,
    exec_compound_task,
)

RUNNERS = {
    "sequential": SequentialRunner(),
    "threaded": ThreadedRunner(num_threads=2),
    "processes": MultiprocessingRunner(num_processes=2),
}


def convert(output: Path, runner: str = "sequential") -> list[dict]:
    """Convert the example plate into `output` and return the compute results."""
    init_kwargs = {
        "zarr_dir": str(output.resolve()),
        "acquisitions": [
            {
                "tiles_table_path": str(DATA / "tiles.csv"),
                "acquisition_details_path": str(DATA / "acquisition_details.json"),
                "plate_name": "ExamplePlate",
            }
        ],
        "converter_options": ConverterOptions(),
        "overwrite": OverwriteMode.OVERWRITE,
    }
    return exec_compound_task(
        convert_tiles_table_init,
        convert_tiles_table_compute,
        init_kwargs,
        runner=RUNNERS[runner],
    )


def main() -> None:
    """Parse the command line, convert, print the updates as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, help="output folder (default: temp)")
    parser.add_argument("--runner", choices=sorted(RUNNERS), default="sequential")
    args = parser.parse_args()
    output = args.output or Path(tempfile.mkdtemp(prefix="example-plate-"))
    results = convert(output, args.runner)
    updates = [u for result in results for u in result["image_list_updates"]]
    print(json.dumps(updates, indent=2))
    print(f"Wrote {len(updates)} image(s) to {output / 'ExamplePlate.zarr'}")


if __name__ == "__main__":
    main()
