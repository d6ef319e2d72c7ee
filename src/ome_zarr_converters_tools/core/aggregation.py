"""Group tiles into `TiledImage`s by output path, optionally one image per FOV.

Three upstream defects are avoided here (FEATURES §6):

- item 9: per-FOV splitting never mutates a tile's collection; each image gets
  its own suffixed copy (`collection.with_suffix`), so tiles sharing one
  collection instance still end up in distinct images;
- item 12: the output dtype is decided per image (the first tile of each image
  is asked), not once for the whole call from `tiles[0]`;
- performance: one pass over the tiles with O(1) work per tile, so 10,000
  tiles aggregate in a fraction of a second.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any

from ome_zarr_converters_tools.core.collection import CollectionInterface, ImageInPlate
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsNameError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.names import ngff_names_enabled, per_fov_suffix
from ome_zarr_converters_tools.core.tile import Tile
from ome_zarr_converters_tools.core.tiled_image import TiledImage

__all__ = ["resolve_split_per_fov", "tiled_image_from_tiles"]

logger = logging.getLogger(__name__)


def resolve_split_per_fov(
    *, converter_options: Any | None = None, split_per_fov: bool | None = None
) -> bool:
    """Decide whether each FOV becomes its own image (0.10 and 1.x call styles).

    0.10 callers pass `converter_options` (split when its `split_per_fov`
    property is true, i.e. `NoTiling` / `PerFovGrouping`); 1.x callers pass
    `split_per_fov` directly. `core` must not import `models`, so the options
    object is duck-typed.

    Args:
        converter_options: A `ConverterOptions`-like object, or None.
        split_per_fov: Explicit choice, or None.

    Returns:
        True to make one image per FOV.

    Raises:
        ConvertersToolsUserError: If both are given and disagree, or the options
            object exposes no `split_per_fov`.
    """
    from_options: bool | None = None
    if converter_options is not None:
        value = getattr(converter_options, "split_per_fov", None)
        if value is None:
            strategy = getattr(converter_options, "tiling_strategy", None)
            value = getattr(strategy, "split_per_fov", None)
        if value is None:
            raise ConvertersToolsUserError(
                f"converter_options of type {type(converter_options).__name__} "
                "has no split_per_fov property; pass a ConverterOptions instance "
                "or use split_per_fov=True/False instead."
            )
        from_options = bool(value)
    if split_per_fov is None:
        return bool(from_options)
    if from_options is not None and from_options != bool(split_per_fov):
        raise ConvertersToolsUserError(
            f"tiled_image_from_tiles got split_per_fov={split_per_fov} but "
            f"converter_options asks for split_per_fov={from_options}; pass only "
            "one of the two."
        )
    return bool(split_per_fov)


def _suffixed(collection: CollectionInterface, suffix: str) -> CollectionInterface:
    """Return a copy of `collection` whose path carries `suffix`."""
    with_suffix = getattr(collection, "with_suffix", None)
    if callable(with_suffix):
        return with_suffix(suffix)  # type: ignore[no-any-return]
    copy = collection.model_copy(deep=True)
    copy.set_suffix(suffix)
    return copy


def _new_image(
    tile: Tile[Any, Any],
    *,
    path: str,
    collection: CollectionInterface,
    resource: Any | None,
) -> TiledImage[Any, Any]:
    """Start an image from its first tile (which fixes dtype, metadata, attributes)."""
    details = tile.acquisition_details
    return TiledImage(
        path=path,
        regions=[],
        data_type=tile.find_data_type(resource),
        channels=None if details.channels is None else list(details.channels),
        pixelsize=details.pixelsize,
        z_spacing=details.z_spacing,
        t_spacing=details.t_spacing,
        axes=list(details.axes),
        collection=collection,
        attributes={key: list(values) for key, values in tile.attributes.items()},
    )


def tiled_image_from_tiles(
    *,
    tiles: Iterable[Tile[Any, Any]],
    converter_options: Any | None = None,
    split_per_fov: bool | None = None,
    resource: Any | None = None,
    ngff_names: bool | None = None,
) -> list[TiledImage[Any, Any]]:
    """Group tiles into images by `collection.path()`, in first-seen order.

    The first tile of each image fixes its channels, axes, spacings,
    attributes and dtype (asked from that tile's loader when the acquisition
    says `autodetect`); every further tile must share channels, axes and
    spacings. In per-FOV mode each tile's collection is copied with the suffix
    `_<fov_name>` and the image's `translation` is the per-axis minimum of its
    tiles' original world origins. Tiles and their collections are not changed.

    With `ngff_names`, per-FOV images in a plate are named with ASCII letters
    and digits only (`0FOV1` instead of `0_FOV_1`), the only names NGFF allows
    inside a well; stand-alone images keep `<image_path>_<fov_name>.zarr`.

    Args:
        tiles: The tiles, e.g. from `hcs_images_from_dataframe` after filters.
        converter_options: 0.10 style: split per FOV when
            `converter_options.split_per_fov` is true.
        split_per_fov: 1.x style explicit choice.
        resource: Passed to loaders asked for their dtype.
        ngff_names: Name per-FOV plate images with letters and digits only.
            None (default) means no unless the environment variable
            `OZCT_NGFF_NAMES` is `1` (0.10 names by default, so existing plates
            keep their paths).

    Returns:
        One `TiledImage` per output path.

    Raises:
        ConvertersToolsUserError: If there are no tiles, or a tile's acquisition
            settings differ from the other tiles of its image.
        ConvertersToolsNameError: With NGFF names, if two FOV names of one well
            differ only in characters other than letters and digits (`FOV_1`
            and `FOV-1`), or a FOV name has no letter or digit.
    """
    split = resolve_split_per_fov(
        converter_options=converter_options, split_per_fov=split_per_fov
    )
    ngff = split and ngff_names_enabled(ngff_names)
    # NGFF names drop characters, so two FOVs could land in one image: the FOV
    # name that first claimed each path, to refuse a second one.
    fov_of_path: dict[str, str] = {}
    started = time.perf_counter()
    images: dict[str, TiledImage[Any, Any]] = {}
    # Paths of collections already seen in this call: a collection shared by
    # many tiles is resolved once. The dict holds the collection itself, so
    # its id cannot be reused by another object while the call runs.
    path_cache: dict[tuple[int, str], tuple[CollectionInterface, str, Any]] = {}
    count = 0
    for tile in tiles:
        count += 1
        original = tile.collection
        plate_ngff = ngff and isinstance(original, ImageInPlate)
        suffix = per_fov_suffix(tile.fov_name, ngff_names=plate_ngff) if split else ""
        key = (id(original), suffix)
        cached = path_cache.get(key)
        if cached is None or cached[0] is not original:
            collection = _suffixed(original, suffix) if split else original
            cached = (original, collection.path(), collection)
            path_cache[key] = cached
        _, path, collection = cached
        if plate_ngff and fov_of_path.setdefault(path, tile.fov_name) != tile.fov_name:
            raise ConvertersToolsNameError(
                f"FOV names {fov_of_path[path]!r} and {tile.fov_name!r} both become "
                f"image {path!r} with NGFF names (ngff_names=True or "
                "OZCT_NGFF_NAMES=1 keep only letters and digits). Rename one of "
                "the FOVs in the converter, or convert with ngff_names=False."
            )
        image = images.get(path)
        if image is None:
            owned = collection if split else collection.model_copy(deep=True)
            image = _new_image(tile, path=path, collection=owned, resource=resource)
            images[path] = image
        image.add_tile(tile, add_translation=split)
    if count == 0:
        raise ConvertersToolsUserError(
            "No tiles provided to build TiledImage. The tile list is empty: if "
            "filters are configured they may have removed every tile, so check "
            "their patterns and include/exclude modes against the parsed "
            "acquisition; otherwise check that the converter found any files."
        )
    logger.debug(
        "Aggregated %s tiles into %s images in %.3f s",
        count,
        len(images),
        time.perf_counter() - started,
    )
    return list(images.values())
