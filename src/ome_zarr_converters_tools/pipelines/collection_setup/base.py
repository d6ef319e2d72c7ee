"""Checks shared by every collection handler and by the setup dispatcher."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.names import check_image_names
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.core.url_guard import check_removable, join_below
from ome_zarr_converters_tools.models.modes import OverwriteMode

__all__ = ["check_output_locations", "check_unique_paths"]


def check_unique_paths(tiled_images: Sequence[TiledImage[Any, Any]]) -> None:
    """Refuse two images with one output path.

    0.10 let both compute jobs write the same group (FEATURES §6 item 8), and a
    plate handler would otherwise fail deep inside ngio ("Image at path ...
    already exists in the well").

    Args:
        tiled_images: The images of one conversion.

    Raises:
        ConvertersToolsUserError: Naming each shared path and how many images
            share it.
    """
    counts = Counter(image.path for image in tiled_images)
    duplicates = sorted(path for path, count in counts.items() if count > 1)
    if duplicates:
        details = ", ".join(f"{path!r} ({counts[path]} images)" for path in duplicates)
        raise ConvertersToolsUserError(
            f"Several images would be written to the same output path: {details}; "
            "their compute jobs would write the same OME-Zarr group. Give each "
            "image its own collection (another acquisition index, well or "
            "image_path), or split them per FOV."
        )


def check_output_locations(
    zarr_dir: str,
    tiled_images: Sequence[TiledImage[Any, Any]],
    *,
    overwrite_mode: OverwriteMode,
) -> None:
    """Check every name and output location before anything is written.

    Runs for every collection type, custom ones included: the names each image
    carries to disk (`core.names.check_image_names`) and its URL, which must lie
    below `zarr_dir` (`core.url_guard`). When the mode may replace images, each
    image must also be safe to remove, so a refusal comes now and not from a
    compute job after other images were written.

    Args:
        zarr_dir: The output folder.
        tiled_images: The images of one conversion.
        overwrite_mode: What the run does with existing output.

    Raises:
        ConvertersToolsNameError: If a name breaks the naming rules.
        ConvertersToolsUnsafePathError: If an image would lie outside
            `zarr_dir` or could not be removed safely.
    """
    check_image_names(tiled_images)
    for image in tiled_images:
        what = f"image {image.path!r}"
        url = join_below(zarr_dir, image.path, what=what)
        if overwrite_mode is not OverwriteMode.NO_OVERWRITE:
            check_removable(url, root=zarr_dir, what=what)
