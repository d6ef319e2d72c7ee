"""The payload the init task hands to each compute job.

Kept apart from the task-form models of `fractal.models` so that a compute job,
which only parses this payload, does not import the filters and the other
init-side models (see "Compute-task start-up" in docs/dev/benchmarks.md).
"""

from __future__ import annotations

from typing import Any

from pydantic import model_validator

from ome_zarr_converters_tools.core.api_line import presentation_config
from ome_zarr_converters_tools.models.base import UserFacingModel
from ome_zarr_converters_tools.models.converter import ConverterOptions
from ome_zarr_converters_tools.models.modes import OverwriteMode

__all__ = ["ConvertParallelInitArgs"]


class ConvertParallelInitArgs(UserFacingModel):
    """Payload the init task hands to one compute job.

    Exactly one JSON source is set: the TiledImage inline
    (`tiled_image_json_str`) or the URL of a hand-off file
    (`tiled_image_json_dump_url`).
    """

    model_config = presentation_config("ConvertParallelInitArgs")

    tiled_image_json_dump_url: str | None = None
    """URL of the hand-off JSON file written by the init task."""
    tiled_image_json_str: str | None = None
    """The TiledImage serialised inline."""
    converter_options: ConverterOptions
    """The converter options of the run."""
    overwrite_mode: OverwriteMode = OverwriteMode.NO_OVERWRITE
    """What to do when the output image already exists."""

    @model_validator(mode="after")
    def _check_one_source(self) -> ConvertParallelInitArgs:
        """Refuse payloads with both or neither JSON source."""
        has_url = self.tiled_image_json_dump_url is not None
        has_str = self.tiled_image_json_str is not None
        if has_url == has_str:
            raise ValueError(
                "Exactly one of tiled_image_json_dump_url or tiled_image_json_str "
                f"must be set (got {'both' if has_url else 'neither'}). Build the "
                "init_args with build_parallelization_list."
            )
        return self

    def to_init_args(self) -> dict[str, Any]:
        """Dump as JSON-ready `init_args`, emitting only the JSON source in use."""
        unused = (
            "tiled_image_json_str"
            if self.tiled_image_json_str is None
            else "tiled_image_json_dump_url"
        )
        return self.model_dump(mode="json", exclude={unused})
