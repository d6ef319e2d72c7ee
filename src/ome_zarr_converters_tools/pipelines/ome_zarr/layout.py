"""Storage layout of an OME-Zarr image: chunk and shard shapes, channel metadata.

Everything here is a pure function of a `TiledImage` and the user's
`OmeZarrOptions`; nothing touches a store. `check_layout` gathers the user
errors that must surface *before* the container writes its first byte (a
half-created image is worse than none: EXTEND would later keep it as is).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
from ngio import NgffVersions
from ngio.ome_zarr_meta import Channel, ChannelsMeta

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.models.storage import OmeZarrOptions

__all__ = [
    "build_channels_meta",
    "check_layout",
    "check_ngff_version",
    "compute_chunk_shape",
    "compute_shard_shape",
    "zarr_format_for",
]

logger = logging.getLogger(__name__)

AnyTiledImage = TiledImage[Any, Any]


def check_ngff_version(ngff_version: str) -> NgffVersions:
    """Return `ngff_version` as one of the versions ngio writes.

    Args:
        ngff_version: The requested version.

    Returns:
        `"0.4"` or `"0.5"`.

    Raises:
        ConvertersToolsUserError: For any other version string.
    """
    if ngff_version == "0.4":
        return "0.4"
    if ngff_version == "0.5":
        return "0.5"
    raise ConvertersToolsUserError(
        f"NGFF version {ngff_version!r} is not supported: expected '0.4' (zarr v2) "
        "or '0.5' (zarr v3). Set OmeZarrOptions(ngff_version=...) to one of them."
    )


def zarr_format_for(ngff_version: str) -> Literal[2, 3]:
    """Return the zarr format that carries an NGFF version (0.4 -> 2, 0.5 -> 3).

    Args:
        ngff_version: `"0.4"` or `"0.5"`.

    Returns:
        The zarr format number.

    Raises:
        ConvertersToolsUserError: For any other version string.
    """
    return 2 if check_ngff_version(ngff_version) == "0.4" else 3


def _first_fov_shape(tiled_image: AnyTiledImage) -> tuple[int, ...]:
    """Shape of the first FOV group, the unit FOV-based chunking is sized on."""
    groups = tiled_image.group_by_fov()
    if not groups:
        raise ConvertersToolsUserError(
            f"Image {tiled_image.path!r} has no tiles, so there is nothing to write "
            "and no FOV to size chunks on. Check the filters of the conversion: "
            "they may have removed every tile of this image."
        )
    return tuple(int(size) for size in groups[0].shape())


def compute_chunk_shape(
    tiled_image: AnyTiledImage,
    *,
    omezarr_options: OmeZarrOptions,
    shape: Sequence[int],
) -> tuple[int, ...]:
    """Chunk shape of level 0: xy from the first FOV (or fixed), z/c/t fixed.

    The xy size follows the **first** FOV group of the registered image (FEATURES
    §8 item 5), so a mosaic of equal tiles gets one chunk per tile. Every size is
    clipped to the array shape, as ngio does, so the result is what lands on
    disk and shard shapes can be derived from it.

    Args:
        tiled_image: The (registered) image to write.
        omezarr_options: The layout options (chunking strategy).
        shape: The array shape, in `tiled_image.axes` order.

    Returns:
        One chunk size per axis.

    Raises:
        ConvertersToolsUserError: If the image has no tiles.
    """
    chunks = omezarr_options.chunk_shape(
        list(tiled_image.axes), _first_fov_shape(tiled_image)
    )
    return tuple(
        max(min(int(chunk), int(size)), 1)
        for chunk, size in zip(chunks, shape, strict=True)
    )


def compute_shard_shape(
    chunks: Sequence[int],
    *,
    axes: Sequence[str],
    omezarr_options: OmeZarrOptions,
    shape: Sequence[int],
) -> tuple[int, ...] | None:
    """Shard shape as a per-axis multiple of the chunk shape, or `None`.

    A shard is a whole multiple of the chunk by construction (zarr requires it).
    A shard larger than the array is cut down to the smallest multiple of the
    chunk that still covers the axis, so no shard asks for chunks that cannot
    exist.

    Args:
        chunks: The chunk shape.
        axes: Axis names, same order.
        omezarr_options: The layout options (sharding strategy).
        shape: The array shape, same order.

    Returns:
        The shard shape, or `None` for unsharded output.
    """
    shards = omezarr_options.shard_shape(list(axes), list(chunks))
    if shards is None:
        return None
    clipped = []
    for shard, chunk, size in zip(shards, chunks, shape, strict=True):
        covering = -(-int(size) // int(chunk)) * int(chunk)
        clipped.append(max(min(int(shard), covering), int(chunk)))
    return tuple(clipped)


def _hex_color(color: str | None) -> str | None:
    """Normalise `#RGB` / `#RRGGBB` to the `RRGGBB` form OMERO metadata uses."""
    if color is None:
        return None
    value = color.removeprefix("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    return value


def build_channels_meta(
    tiled_image: AnyTiledImage, *, shape: Sequence[int]
) -> list[Channel]:
    """Translate the image's channels into ngio channel metadata.

    The display range (`window.min/max`) is the full range of the image dtype,
    so 8-bit images get `max=255` instead of ngio's fixed 65535 (FEATURES §6
    item 19); `start/end` are replaced by percentiles once pixels are written.

    Args:
        tiled_image: The image to write.
        shape: The array shape; sizes the default channel list when the image
            declares none.

    Returns:
        One ngio `Channel` per declared channel (label, wavelength id, colour
        without `#`). Without declared channels, ngio's defaults: `channel_0`,
        `channel_1`, ... with the label as wavelength id and cycling colours, one
        per index of the `c` axis (one channel for images without `c`).
    """
    data_type = np.dtype(tiled_image.data_type)
    if tiled_image.channels is None:
        axes = list(tiled_image.axes)
        n_channels = int(shape[axes.index("c")]) if "c" in axes else 1
        defaults = ChannelsMeta.default_init(labels=n_channels, data_type=data_type)
        return list(defaults.channels)
    return [
        Channel.default_init(
            label=info.channel_label,
            wavelength_id=info.wavelength_id,
            color=_hex_color(info.color),
            data_type=data_type,
        )
        for info in tiled_image.channels
    ]


def check_layout(
    tiled_image: AnyTiledImage,
    *,
    omezarr_options: OmeZarrOptions,
    shape: Sequence[int],
    shards: Sequence[int] | None,
) -> None:
    """Raise the user errors of an image layout before anything is written.

    Args:
        tiled_image: The image to write.
        omezarr_options: The layout options.
        shape: The array shape.
        shards: The computed shard shape (`None` when unsharded).

    Raises:
        ConvertersToolsUserError: If channels are declared but the image has no
            `c` axis or a `c` axis of another size, if sharding is requested with
            NGFF 0.4, or if the dtype is not an integer or floating point type.
    """
    axes = list(tiled_image.axes)
    channels = tiled_image.channels
    if channels is not None and "c" not in axes:
        labels = ", ".join(repr(info.channel_label) for info in channels)
        raise ConvertersToolsUserError(
            f"Image {tiled_image.path!r} declares {len(channels)} channel(s) "
            f"({labels}) but its axes {axes} have no 'c' axis, so the channel "
            "metadata would describe nothing. Add 'c' to AcquisitionDetails.axes, "
            "or set channels=None."
        )
    if channels is not None and int(shape[axes.index("c")]) != len(channels):
        raise ConvertersToolsUserError(
            f"Image {tiled_image.path!r} declares {len(channels)} channel(s) but "
            f"its 'c' axis has {shape[axes.index('c')]} index(es). Make "
            "AcquisitionDetails.channels list exactly the channels the tiles cover "
            "(start_c/length_c)."
        )
    if shards is not None and omezarr_options.ngff_version != "0.5":
        raise ConvertersToolsUserError(
            f"Image {tiled_image.path!r}: sharding ({list(shards)}) needs NGFF 0.5 "
            f"(zarr v3), but ngff_version is {omezarr_options.ngff_version!r}. Set "
            "OmeZarrOptions(ngff_version='0.5') or shards=NoSharding()."
        )
    try:
        dtype = np.dtype(tiled_image.data_type)
    except TypeError as exc:
        raise ConvertersToolsUserError(
            f"Image {tiled_image.path!r} has data type {tiled_image.data_type!r}, "
            "which is not a numpy dtype. Set AcquisitionDetails.data_type to "
            "'uint8', 'uint16' or 'uint32', or fix the loader's find_data_type."
        ) from exc
    if not (np.issubdtype(dtype, np.integer) or np.issubdtype(dtype, np.floating)):
        raise ConvertersToolsUserError(
            f"Image {tiled_image.path!r} has data type {dtype.name!r}; OME-Zarr "
            "images need an integer or floating point type such as 'uint16'."
        )
