"""Fractal task glue: init/compute helpers, hand-off, runners and UI models.

Names are imported from their modules on first access, so that importing one
module of this package (e.g. `fractal.runners` in a worker process) does not pull
in the writing pipelines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ome_zarr_converters_tools._lazy_namespace import lazy_namespace

if TYPE_CHECKING:
    from ome_zarr_converters_tools.fractal.compute_task import (
        ImageListUpdateDict,
        UpdateDict,
        generic_compute_task,
    )
    from ome_zarr_converters_tools.fractal.distributed import DaskDistributedRunner
    from ome_zarr_converters_tools.fractal.handoff import (
        cleanup_if_exists,
        dump_json_str,
        dump_to_json,
        remove_json,
        tiled_image_from_json,
        tiled_image_from_json_str,
    )
    from ome_zarr_converters_tools.fractal.init_task import (
        build_parallelization_list,
        setup_images_for_conversion,
    )
    from ome_zarr_converters_tools.fractal.manifest import converters_tools_models
    from ome_zarr_converters_tools.fractal.models import (
        AcquisitionOptions,
        ChannelInfoUI,
        ColorMenu,
        ConvertParallelInitArgs,
        PixelSizeModel,
    )
    from ome_zarr_converters_tools.fractal.runners import (
        MultiprocessingRunner,
        RunnerType,
        SequentialRunner,
        ThreadedRunner,
        exec_compound_task,
    )

_LOCATIONS: dict[str, str] = {
    "AcquisitionOptions": "ome_zarr_converters_tools.fractal.models",
    "ChannelInfoUI": "ome_zarr_converters_tools.fractal.models",
    "ColorMenu": "ome_zarr_converters_tools.fractal.models",
    "ConvertParallelInitArgs": "ome_zarr_converters_tools.fractal.models",
    "DaskDistributedRunner": "ome_zarr_converters_tools.fractal.distributed",
    "ImageListUpdateDict": "ome_zarr_converters_tools.fractal.compute_task",
    "MultiprocessingRunner": "ome_zarr_converters_tools.fractal.runners",
    "PixelSizeModel": "ome_zarr_converters_tools.fractal.models",
    "RunnerType": "ome_zarr_converters_tools.fractal.runners",
    "SequentialRunner": "ome_zarr_converters_tools.fractal.runners",
    "ThreadedRunner": "ome_zarr_converters_tools.fractal.runners",
    "UpdateDict": "ome_zarr_converters_tools.fractal.compute_task",
    "build_parallelization_list": "ome_zarr_converters_tools.fractal.init_task",
    "cleanup_if_exists": "ome_zarr_converters_tools.fractal.handoff",
    "converters_tools_models": "ome_zarr_converters_tools.fractal.manifest",
    "dump_json_str": "ome_zarr_converters_tools.fractal.handoff",
    "dump_to_json": "ome_zarr_converters_tools.fractal.handoff",
    "exec_compound_task": "ome_zarr_converters_tools.fractal.runners",
    "generic_compute_task": "ome_zarr_converters_tools.fractal.compute_task",
    "remove_json": "ome_zarr_converters_tools.fractal.handoff",
    "setup_images_for_conversion": "ome_zarr_converters_tools.fractal.init_task",
    "tiled_image_from_json": "ome_zarr_converters_tools.fractal.handoff",
    "tiled_image_from_json_str": "ome_zarr_converters_tools.fractal.handoff",
}

__all__ = [
    "AcquisitionOptions",
    "ChannelInfoUI",
    "ColorMenu",
    "ConvertParallelInitArgs",
    "DaskDistributedRunner",
    "ImageListUpdateDict",
    "MultiprocessingRunner",
    "PixelSizeModel",
    "RunnerType",
    "SequentialRunner",
    "ThreadedRunner",
    "UpdateDict",
    "build_parallelization_list",
    "cleanup_if_exists",
    "converters_tools_models",
    "dump_json_str",
    "dump_to_json",
    "exec_compound_task",
    "generic_compute_task",
    "remove_json",
    "setup_images_for_conversion",
    "tiled_image_from_json",
    "tiled_image_from_json_str",
]

__getattr__, __dir__ = lazy_namespace(globals(), _LOCATIONS)
