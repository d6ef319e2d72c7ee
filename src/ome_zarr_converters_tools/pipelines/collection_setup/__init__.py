"""Collection setup room: the handler registry and `setup_ome_zarr_collection`.

A collection handler prepares, in the init task, whatever the images of one
collection type need on disk before compute jobs write them (plates, wells),
and enforces the overwrite mode early. Handlers are registered under the name
of the collection class they serve (`"ImageInPlate"`, `"SingleImage"`), which is
the `collection_type` string converters pass.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Protocol

from ome_zarr_converters_tools.core.collection import ImageInPlate, SingleImage
from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.registry import Registry
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.models.modes import OverwriteMode
from ome_zarr_converters_tools.pipelines.collection_setup.base import (
    check_output_locations,
    check_unique_paths,
)
from ome_zarr_converters_tools.pipelines.collection_setup.plate import setup_plates
from ome_zarr_converters_tools.pipelines.collection_setup.single_image import (
    setup_singleimage,
)

__all__ = [
    "COLLECTION_HANDLERS",
    "CollectionHandler",
    "SetupCollectionFunction",
    "add_collection_handler",
    "setup_ome_zarr_collection",
    "setup_plates",
    "setup_singleimage",
]

logger = logging.getLogger(__name__)


class CollectionHandler(Protocol):
    """A collection setup handler, called with keyword arguments only."""

    __name__: str

    def __call__(
        self,
        *,
        zarr_dir: str,
        tiled_images: Sequence[TiledImage[Any, Any]],
        ngff_version: str,
        overwrite_mode: OverwriteMode,
    ) -> None:
        """Prepare the collection of `tiled_images` below `zarr_dir`."""
        ...


SetupCollectionFunction = CollectionHandler
"""0.10 name of `CollectionHandler`."""

COLLECTION_HANDLERS: Registry[CollectionHandler] = Registry("collection handler")
COLLECTION_HANDLERS.add(ImageInPlate.__name__, setup_plates)
COLLECTION_HANDLERS.add(SingleImage.__name__, setup_singleimage)


def _collection_key(collection_type: str | type[Any]) -> str:
    """Registry key of a collection type given by name or by class."""
    if isinstance(collection_type, str):
        return collection_type
    return collection_type.__name__


def add_collection_handler(
    *,
    function: CollectionHandler,
    collection_type: str | type[Any] | None = None,
    overwrite: bool = False,
) -> None:
    """Register the setup handler of a custom collection type.

    Register at import time of the module defining the collection, so worker
    processes see the handler too.

    Args:
        function: `fn(*, zarr_dir, tiled_images, ngff_version, overwrite_mode)`.
        collection_type: The collection class or its name; by convention the
            class name (`"ImageInPlate"`). Defaults to `function.__name__`.
        overwrite: Replace a handler already registered under that name.

    Raises:
        ConvertersToolsUserError: If the name is taken and `overwrite` is false,
            or no name is given and the function has no `__name__`.
    """
    key = None if collection_type is None else _collection_key(collection_type)
    COLLECTION_HANDLERS.register(
        function, key, overwrite=overwrite, add_fn="add_collection_handler"
    )


def setup_ome_zarr_collection(
    *,
    tiled_images: Sequence[TiledImage[Any, Any]],
    collection_type: str | type[Any],
    zarr_dir: str,
    ngff_version: str = "0.4",
    overwrite_mode: OverwriteMode | str = OverwriteMode.NO_OVERWRITE,
) -> None:
    """Prepare the output collection of `tiled_images` with its registered handler.

    Args:
        tiled_images: All images of the conversion.
        collection_type: The collection class or its name (`"ImageInPlate"`,
            `"SingleImage"` or a custom registered name).
        zarr_dir: Absolute URL of the output folder.
        ngff_version: NGFF version of the collection; use the one of
            `ConverterOptions.omezarr_options` so plates and images agree.
        overwrite_mode: What to do with existing output.

    Raises:
        ConvertersToolsUserError: If no handler is registered for the type, if
            there are no images, if an image has another collection class, or if
            two images share an output path.
        ConvertersToolsNameError: If a name of an image breaks the naming rules
            (`core/names.py`).
        ConvertersToolsUnsafePathError: If an image would lie outside
            `zarr_dir` (`core/url_guard.py`).
    """
    key = _collection_key(collection_type)
    handler = COLLECTION_HANDLERS.get(key)
    images = list(tiled_images)
    if not images:
        raise ConvertersToolsUserError(
            f"No images to set up in {zarr_dir!r} (collection type {key!r}). Check "
            "the tiles table and the filters: they may have removed every tile."
        )
    if isinstance(collection_type, type):
        for image in images:
            if not isinstance(image.collection, collection_type):
                raise ConvertersToolsUserError(
                    f"Image {image.path!r} has a {type(image.collection).__name__} "
                    f"collection, but collection_type is {key!r}. Convert images "
                    "of different collection types in separate calls."
                )
    check_unique_paths(images)
    check_output_locations(
        zarr_dir, images, overwrite_mode=OverwriteMode(overwrite_mode)
    )
    logger.info(
        "Setting up %d image(s) of type %s in %s (%s, NGFF %s)",
        len(images),
        key,
        zarr_dir,
        OverwriteMode(overwrite_mode).value,
        ngff_version,
    )
    handler(
        zarr_dir=zarr_dir,
        tiled_images=images,
        ngff_version=ngff_version,
        overwrite_mode=OverwriteMode(overwrite_mode),
    )
