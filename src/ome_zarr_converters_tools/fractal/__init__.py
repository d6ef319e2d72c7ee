"""Fractal task glue: init/compute helpers, hand-off, runners and UI models.

Names are imported from their modules on first access (see `_lazy_namespace`),
so that importing one module of this package (e.g. `fractal.runners` in a
worker process) does not pull in the writing pipelines. `_EXPORTS` are the
user-facing names, also exported by the root package; `_PLUMBING` are exported
here only.
"""

from ome_zarr_converters_tools._lazy_namespace import lazy_package

_EXPORTS = {
    "fractal.compute_task": ("ImageListUpdateDict", "generic_compute_task"),
    "fractal.distributed": ("DaskDistributedRunner",),
    "fractal.init_task": ("setup_images_for_conversion",),
    "fractal.manifest": ("converters_tools_models",),
    "fractal.models": (
        "AcquisitionOptions",
        "ChannelInfoUI",
        "ColorMenu",
        "PixelSizeModel",
    ),
    "fractal.payload": ("ConvertParallelInitArgs",),
    "fractal.runners": (
        "MultiprocessingRunner",
        "RunnerType",
        "SequentialRunner",
        "ThreadedRunner",
        "exec_compound_task",
    ),
}
_PLUMBING = {
    "fractal.compute_task": ("UpdateDict",),
    "fractal.handoff": (
        "cleanup_if_exists",
        "dump_json_str",
        "dump_to_json",
        "remove_json",
        "tiled_image_from_json",
        "tiled_image_from_json_str",
    ),
    "fractal.init_task": ("build_parallelization_list",),
}

lazy_package(globals(), _EXPORTS, _PLUMBING)
