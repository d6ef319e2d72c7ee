"""Compute part of the example converter: write one OME-Zarr image."""

from __future__ import annotations

from pydantic import validate_call

from ome_zarr_converters_tools import (
    ConvertParallelInitArgs,
    DefaultImageLoader,
    ImageInPlate,
    ImageListUpdateDict,
    generic_compute_task,
)


@validate_call
def convert_tiles_table_compute(
    *,
    zarr_url: str,
    init_args: ConvertParallelInitArgs,
) -> ImageListUpdateDict:
    """Convert one image of the plate planned by the init task.

    Args:
        zarr_url: URL of the image to write (set by Fractal).
        init_args: The image and options handed over by the init task (set by
            Fractal).
    """
    return generic_compute_task(
        zarr_url=zarr_url,
        init_args=init_args,
        collection_type=ImageInPlate,
        image_loader_type=DefaultImageLoader,
    )


if __name__ == "__main__":
    from fractal_task_tools.task_wrapper import run_fractal_task

    run_fractal_task(task_function=convert_tiles_table_compute)
