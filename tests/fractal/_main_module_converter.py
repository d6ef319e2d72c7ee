"""A converter written where the user works, run by test_runner_main_module.py.

Every function and class lives in `__main__` (run as a script, from stdin or
exec'ed like a notebook cell), and there is no `if __name__ == "__main__":`
guard, as in a notebook. It converts two tiny wells with MultiprocessingRunner
and prints `{zarr_url: max pixel}` as JSON on its last line.
"""

import json
import sys
from pathlib import Path

import numpy as np
import zarr
from PIL import Image

from ome_zarr_converters_tools import (
    AcquisitionDetails,
    ChannelInfo,
    ConverterOptions,
    DefaultImageLoader,
    ImageInPlate,
    MultiprocessingRunner,
    Tile,
    exec_compound_task,
    generic_compute_task,
    setup_images_for_conversion,
    tiles_aggregation_pipeline,
)

OUT = Path(sys.argv[1]).resolve()  # the folder given on the command line
RAW = OUT / "raw"
SCALE = 3


class NotebookLoader(DefaultImageLoader):
    """A loader class defined in __main__ (a worker cannot import it)."""

    scale: int = 1

    def load_data(self, resource=None):
        return super().load_data(resource) * self.scale


def init_task(*, zarr_dir):
    RAW.mkdir(parents=True, exist_ok=True)
    acquisition = AcquisitionDetails(
        channels=[ChannelInfo(channel_label="DAPI", wavelength_id="405")],
        pixelsize=1.0,
        z_spacing=1.0,
        axes=["c", "y", "x"],
        data_type="uint16",
    )
    tiles = []
    for row in ("A", "B"):
        name = f"{row}.png"
        Image.fromarray(np.full((32, 32), 7, dtype=np.uint16)).save(RAW / name)
        tiles.append(
            Tile(
                fov_name="FOV_1",
                start_x=0.0,
                start_y=0.0,
                length_x=32,
                length_y=32,
                collection=ImageInPlate(plate_name="P", row=row, column=1),
                image_loader=NotebookLoader(file_path=name, scale=SCALE),
                acquisition_details=acquisition,
            )
        )
    options = ConverterOptions()
    images = tiles_aggregation_pipeline(tiles=tiles, converter_options=options)
    return {
        "parallelization_list": setup_images_for_conversion(
            images,
            zarr_dir=zarr_dir,
            collection_type="ImageInPlate",
            converter_options=options,
        )
    }


def compute_task(*, zarr_url, init_args):
    return generic_compute_task(
        zarr_url=zarr_url,
        init_args=init_args,
        collection_type=ImageInPlate,
        image_loader_type=NotebookLoader,
        resource=str(RAW),
    )


results = exec_compound_task(
    init_task,
    compute_task,
    {"zarr_dir": str(OUT / "out")},
    runner=MultiprocessingRunner(num_processes=2),
)
urls = [r["image_list_updates"][0]["zarr_url"] for r in results]
print(
    json.dumps(
        {u: int(np.asarray(zarr.open_array(f"{u}/0", mode="r")).max()) for u in urls}
    )
)
