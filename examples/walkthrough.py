"""Walk through a conversion step by step (run it, or read it cell by cell).

Each `# %%` cell is one step of what a converter's init and compute tasks do,
on the bundled example plate (`data/example_plate`). Run with
`python examples/walkthrough.py [OUTPUT_DIR]`.
"""

# %% Imports and paths
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import ngio
import pandas as pd

from ome_zarr_converters_tools import (
    AcquisitionDetails,
    AcquisitionOptions,
    ChannelInfoUI,
    ConverterOptions,
    DefaultImageLoader,
    ImageInPlate,
    OverwriteMode,
    generic_compute_task,
    setup_images_for_conversion,
    tiles_aggregation_pipeline,
)
from ome_zarr_converters_tools.core import hcs_images_from_dataframe
from ome_zarr_converters_tools.pipelines.filters import WellIncludeFilter

DATA = Path(__file__).resolve().parent / "data" / "example_plate"
OUTPUT = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp()).resolve()


def main() -> None:
    """Run every step and print what each one produced."""
    # %% Step 1: describe the acquisition (what the vendor metadata would say)
    text = (DATA / "acquisition_details.json").read_text()
    details = AcquisitionDetails.model_validate(json.loads(text))
    print("pixel size:", details.pixelsize, "um; axes:", details.axes)

    # %% Step 2: apply the user's overrides (what the Fractal form would send)
    options = AcquisitionOptions(
        channels=[ChannelInfoUI(channel_label="Nuclei", wavelength_id="405")],
        filters=[WellIncludeFilter(wells_to_include=["B03"])],
    )
    details = options.update_acquisition_details(details)
    print("channels:", [c.channel_label for c in details.channels or []])

    # %% Step 3: one Tile per table row (file paths relative to the table)
    table = pd.read_csv(DATA / "tiles.csv")
    tiles = hcs_images_from_dataframe(
        tiles_table=table, acquisition_details=details, plate_name="Walkthrough"
    )
    print(len(tiles), "tiles; first:", tiles[0].fov_name, tiles[0].image_loader)

    # %% Step 4: filter the tiles and group them into one TiledImage per well
    converter_options = ConverterOptions()
    tiled_images = tiles_aggregation_pipeline(
        tiles=tiles,
        converter_options=converter_options,
        filters=options.filters,
        resource=str(DATA),
    )
    for image in tiled_images:
        print(image.path, "-", len(image.regions), "regions, dtype", image.data_type)

    # %% Step 5: create the plate and plan one compute job per image
    parallelization_list = setup_images_for_conversion(
        tiled_images=tiled_images,
        zarr_dir=str(OUTPUT),
        collection_type="ImageInPlate",
        converter_options=converter_options,
        overwrite_mode=OverwriteMode.OVERWRITE,
    )
    print("jobs:", [item["zarr_url"] for item in parallelization_list])

    # %% Step 6: run each compute job (Fractal would run them in parallel)
    for item in parallelization_list:
        update = generic_compute_task(
            zarr_url=item["zarr_url"],
            init_args=item["init_args"],
            collection_type=ImageInPlate,
            image_loader_type=DefaultImageLoader,
            resource=str(DATA),
        )
        print(json.dumps(update["image_list_updates"][0], indent=1))

    # %% Step 7: read the result back with ngio
    plate = ngio.open_ome_zarr_plate(str(OUTPUT / "Walkthrough.zarr"))
    container = plate.get_image("B", "03", "0")
    image = container.get_image()
    print("wells:", plate.wells_paths())
    print("shape:", image.shape, "tables:", container.list_tables())


if __name__ == "__main__":
    main()
