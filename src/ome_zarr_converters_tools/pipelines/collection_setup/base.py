"""Checks shared by every collection handler and by the setup dispatcher."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.tiled_image import TiledImage

__all__ = ["check_unique_paths"]


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
            f"Several images would be written to the same output path: {details}. "
            "Give each image its own collection (another acquisition index, well "
            "or image_path), or split them per FOV."
        )
