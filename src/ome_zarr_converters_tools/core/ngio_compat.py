"""Everything that differs between the two supported ngio lines, in one place.

The library runs on ngio 0.5.x (what the published 0.10 converters pin,
`ngio>=0.5.8,<0.6`; from 0.5.10 here, see the end) and on ngio 1.1.x. Other
modules import the names below instead of the differing ngio ones, and none
of them checks the ngio version.
What differs, and what is done about it:

- **ROIs.** 0.5: `Roi`/`RoiSlice` are mutable and `Roi.slices` is a list.
  1.1: both are frozen and `slices` is a tuple. `roi_slices()` builds the
  container the installed `Roi` declares, so ROIs built without validation
  (`model_construct`, `model_copy(update=...)`) compare equal to validated ones
  and serialise without warnings. `ROI_IS_FROZEN` says whether one `RoiSlice`
  may be shared by many ROIs (done on 1.1 only). `str(roi.slices)` differs in
  its brackets; `slices_repr()` gives 0.10.4's list form on both lines.
- **HCS documents.** 0.5 does not export `get_ngio_well_meta` from
  `ngio.ome_zarr_meta`; `read_well_meta()` uses `WellMetaHandler`, public on
  both lines. Older 0.5 releases (0.5.10 among them) give `NgioPlateMeta` a
  required `version` field of its own, later ones derive it from the plate
  document; `plate_meta()` fills it where needed.
- **Pyramids.** 0.5's `Image.consolidate(mode=)` knows `"dask"` (default),
  `"numpy"` and `"coarsen"`; 1.1 adds `"auto"` and warns when no mode is
  given. `consolidate_image()` calls `"auto"` on 1.1 (as 1.1.x converters do)
  and the dask default on 0.5 (as 0.10.4 does); on the integral-downsample
  pyramids the library writes, both give the pixels of its own block-wise
  pyramid (tests/pipelines/writers pin this on each line). On sharded levels
  ngio 0.5's dask consolidation stores one inner chunk per block, so parallel
  blocks of one shard overwrite each other and pixels are lost (FEATURES §6
  item 2, fixed in ngio 1.1.2); there the same dask zoom is stored here in
  whole-shard blocks. `consolidation_kwargs()` gives the mode argument for
  ngio's own creation helpers.
- **Sharded arrays.** 0.5 clips the requested shard to each level's shape,
  which zarr rejects when the clip is not a whole number of chunks (any odd
  level size); 1.1 rounds the clip down to whole chunks.
  `create_empty_ome_zarr()` applies 1.1's rule (`level_shards()`) on both
  lines, so the same options give the same arrays.
- **Plate listings.** 1.1's `images_paths()`, `get_wells()` and
  `get_images()` take `max_workers`; 0.5's read concurrently with asyncio and
  take none. Use `plate_image_paths()`, `plate_wells()`, `plate_images()`.
- **Private helpers** used for exact parity (`world_to_pixel`,
  `pixel_to_world`, `numpy_zoom`, `dask_zoom`) have the same names and code
  on both lines; they are imported here only, so a move needs one change.
- `Image.write_granularity` is 1.1-only; the writers read the write unit
  (`shards or chunks`) from the zarr array instead.

Not normalised:

- Channel display windows of degenerate channels. Both lines take the 0.1 and
  99.9 percentiles of the non-zero pixels; when they coincide (a constant or
  very sparse channel of value v), ngio 0.5 (and so 0.10.4) writes
  `start=v, end=v+1`, ngio 1.1.3 writes `start=0, end=v` (1.1.2, the 1.x
  floor, still writes 0.5's window). This is ngio's own viewer policy,
  changed on purpose upstream; matching it would mean re-implementing ngio's
  percentile windows. Pixels
  and every other field are the same; tests/core/test_ngio_compat.py pins it.
- 0.5's `Roi.union` orders the resulting axes through a set, and 0.5 joins ROI
  names and labels with `or`. The library never relies on them (it unites
  ROIs with `core.geometry.union_rois`).

Everything else the library writes (array metadata, multiscales, plate and
well documents, ROI and condition tables) is the same on both lines;
tests/integration compares it with 0.10.4 on each.

Supported versions: `ngio>=0.5.10,<1.2` without 1.0.x, 1.1.0 and 1.1.1
(neither line, untested; 1.1.2 has the 1.1 APIs used here and is the floor of
the 1.x release line). The published converters allow 0.5.8, but:

- ngio 0.5.8 cannot write an NGFF 0.5 well: its encoder builds
  `WellAttrsV05` without the `version` that current `ome-zarr-models`
  requires, so every NGFF 0.5 plate fails with a pydantic `ValidationError`
  (fixed in 0.5.9).
- ngio 0.5.9 writes the anndata tables of NGFF 0.5 images without anndata's
  zarr v3 sharding, under a `UserWarning` from anndata >= 0.12.14: a table
  layout different from later 0.5.x and 1.1 (fixed in 0.5.10, which sets
  `auto_shard_zarr_v3`).

pip resolves the published converters to the newest 0.5.x, so the higher
floor does not change what they get.
"""

from __future__ import annotations

import itertools
import typing
from collections.abc import Iterable, Sequence
from importlib.metadata import version
from typing import Any, Final, Literal

from ngio import (
    Image,
    OmeZarrContainer,
    OmeZarrPlate,
    OmeZarrWell,
    Roi,
    RoiSlice,
)
from ngio import create_empty_ome_zarr as _ngio_create_empty_ome_zarr
from ngio.common._roi import pixel_to_world, world_to_pixel
from ngio.common._zoom import numpy_zoom
from ngio.ome_zarr_meta import NgioPlateMeta, NgioWellMeta, WellMetaHandler
from ngio.utils import ZarrGroupHandler

__all__ = [
    "NGIO_LINE",
    "NGIO_VERSION",
    "ROI_IS_FROZEN",
    "consolidate_image",
    "consolidation_kwargs",
    "create_empty_ome_zarr",
    "level_shards",
    "numpy_zoom",
    "pixel_to_world",
    "plate_image_paths",
    "plate_images",
    "plate_meta",
    "plate_wells",
    "read_well_meta",
    "roi_slices",
    "slices_repr",
    "world_to_pixel",
]


def _release(text: str) -> tuple[int, ...]:
    """The leading numeric release of a version string (`"1.1.3"` -> `(1, 1, 3)`)."""
    parts: list[int] = []
    for part in text.split("."):
        digits = ""
        for char in part:
            if not char.isdigit():
                break
            digits += char
        if not digits:
            break
        parts.append(int(digits))
        if len(digits) != len(part):
            break
    return tuple(parts)


NGIO_VERSION: Final[str] = version("ngio")
"""The installed ngio version."""

NGIO_LINE: Final[Literal["0.5", "1.1"]] = (
    "1.1" if _release(NGIO_VERSION) >= (1,) else "0.5"
)
"""Which supported ngio line is installed; the only version switch of the package."""

_SLICES_ARE_TUPLE: Final[bool] = (
    typing.get_origin(Roi.model_fields["slices"].annotation) is tuple
)

ROI_IS_FROZEN: Final[bool] = bool(
    Roi.model_config.get("frozen") and RoiSlice.model_config.get("frozen")
)
"""Whether ngio ROIs are immutable (1.1), so one `RoiSlice` may serve many ROIs."""

_CONSOLIDATION: Final[dict[str, Any]] = {"mode": "auto"} if NGIO_LINE == "1.1" else {}


def consolidation_kwargs(*, prefix: str = "") -> dict[str, Any]:
    """The pyramid-mode keyword arguments, with the name ngio uses at a call site.

    Args:
        prefix: Prepended to each name: `""` for `Image.consolidate`,
            `"consolidation_"` for ngio's creation helpers.

    Returns:
        A fresh dict to splat into the ngio call (empty on ngio 0.5).
    """
    return {f"{prefix}{name}": value for name, value in _CONSOLIDATION.items()}


def roi_slices(slices: Iterable[RoiSlice]) -> Sequence[RoiSlice]:
    """Put ROI slices in the container type the installed `Roi` declares.

    `Roi.model_construct` and `Roi.model_copy(update=...)` skip validation, so
    the container passed there is stored as is; with the wrong one two equal
    ROIs compare unequal and pydantic warns when serialising.

    Args:
        slices: The slices, in axis order.

    Returns:
        A tuple on ngio 1.1, a list on ngio 0.5.
    """
    return tuple(slices) if _SLICES_ARE_TUPLE else list(slices)


def slices_repr(slices: Iterable[RoiSlice]) -> str:
    """Text form of ROI slices, the same on both lines.

    `str(roi.slices)` is `"[x: 0.0->4.0, ...]"` on ngio 0.5 (a list, the form
    0.10.4 snapshots hold) and `"(x: 0.0->4.0, ...)"` on ngio 1.1 (a tuple);
    this always gives the list form.

    Args:
        slices: The slices of one ROI.

    Returns:
        The slices' reprs, comma-separated, in square brackets.
    """
    return "[" + ", ".join(repr(roi_slice) for roi_slice in slices) + "]"


def plate_meta(document: dict[str, Any]) -> NgioPlateMeta:
    """Validate a plate document (the content of its `plate` key) into ngio's model.

    ngio 0.5.8 keeps a required top-level `version` field beside `plate`; later
    releases derive it from `plate.version`.

    Args:
        document: The plate document, with its `version`.

    Returns:
        The validated plate metadata.
    """
    data: dict[str, Any] = {"plate": document}
    if "version" in NgioPlateMeta.model_fields:
        data["version"] = document["version"]
    return NgioPlateMeta.model_validate(data)


def read_well_meta(handler: ZarrGroupHandler) -> NgioWellMeta:
    """Read the well document of an existing well group.

    Args:
        handler: Handler of the well group.

    Returns:
        The validated well metadata.
    """
    return WellMetaHandler(handler).get_meta()


def consolidate_image(image: Image) -> None:
    """Build every pyramid level of `image` from its level 0, as ngio does.

    ngio 1.1: `consolidate(mode="auto")`. ngio 0.5: `consolidate()` (dask),
    except for sharded levels, where ngio 0.5 stores dask blocks of one inner
    chunk each and parallel blocks of one shard overwrite each other (FEATURES
    §6 item 2, fixed in ngio 1.1.2); those levels are built here with the same
    dask zoom, stored in blocks of whole shards.

    Args:
        image: The image whose level 0 is written.
    """
    if NGIO_LINE == "1.1":
        image.consolidate(**consolidation_kwargs())
        return
    paths = list(image.meta.paths)
    handler = image._group_handler  # ngio 0.5 has no public list of level arrays
    levels = [handler.get_array(path) for path in paths[paths.index(image.path) :]]
    if all(level.shards is None for level in levels):
        image.consolidate()
        return
    _consolidate_sharded_legacy(levels)


def _consolidate_sharded_legacy(levels: Sequence[Any]) -> None:
    """The dask pyramid of ngio 0.5, each level from the previous, stored shard-wise."""
    import dask.array as da
    from ngio.common._zoom import dask_zoom

    for source, target in itertools.pairwise(levels):
        zoomed = dask_zoom(
            da.from_zarr(source), target_shape=tuple(target.shape), order="linear"
        )
        unit = target.shards or target.chunks
        da.store(zoomed.rechunk(unit), target, lock=False)


def _plate_kwargs() -> dict[str, Any]:
    """`max_workers=1` on ngio 1.1 (deterministic, serial); nothing on 0.5."""
    return {"max_workers": 1} if NGIO_LINE == "1.1" else {}


def plate_image_paths(plate: OmeZarrPlate, *, concurrent: bool = False) -> list[str]:
    """Paths (`"B/03/0"`) of every image listed in a plate.

    Args:
        plate: The open plate.
        concurrent: Read the well documents concurrently (worth it on remote
            stores). ngio 0.5 always reads them concurrently.

    Returns:
        The image paths.
    """
    kwargs: dict[str, Any] = {}
    if NGIO_LINE == "1.1":
        kwargs["max_workers"] = "auto" if concurrent else 1
    return list(plate.images_paths(**kwargs))


def plate_wells(plate: OmeZarrPlate) -> dict[str, OmeZarrWell]:
    """The wells of a plate, keyed by well path, read one after the other.

    Args:
        plate: The open plate.

    Returns:
        The wells.
    """
    return plate.get_wells(**_plate_kwargs())


def plate_images(plate: OmeZarrPlate) -> dict[str, OmeZarrContainer]:
    """The images of a plate, keyed by image path, opened one after the other.

    Args:
        plate: The open plate.

    Returns:
        The image containers.
    """
    return plate.get_images(**_plate_kwargs())


def level_shards(
    shape: Sequence[int], chunks: Sequence[int], shards: Sequence[int]
) -> tuple[int, ...]:
    """Shard shape of one pyramid level, by ngio 1.1's rule.

    Each axis is clipped to the level size and then rounded down to a whole
    number of (clipped) chunks, never below one chunk.

    Args:
        shape: The level shape.
        chunks: The requested chunk shape.
        shards: The requested shard shape.

    Returns:
        The level's shard shape.
    """
    result = []
    for size, chunk, shard in zip(shape, chunks, shards, strict=True):
        chunk = min(size, chunk)
        clipped = min(size, shard)
        result.append(max(chunk, clipped - clipped % chunk))
    return tuple(result)


def create_empty_ome_zarr(**kwargs: Any) -> OmeZarrContainer:
    """`ngio.create_empty_ome_zarr`, with 1.1's shard rule on both lines.

    Args:
        **kwargs: The keyword arguments of `ngio.create_empty_ome_zarr`.

    Returns:
        The new, empty container.
    """
    shards = kwargs.get("shards")
    if NGIO_LINE == "1.1" or shards is None or isinstance(shards, str):
        return _ngio_create_empty_ome_zarr(**kwargs)
    return _create_sharded_legacy(**kwargs)


def _create_sharded_legacy(**kwargs: Any) -> OmeZarrContainer:
    """On ngio 0.5, create unsharded, then re-create each level with its shards.

    The multiscales metadata does not mention shards, so only the level arrays
    change; each keeps its shape, dtype, chunks, fill value, codecs and
    dimension names.
    """
    import zarr

    shards = tuple(kwargs.pop("shards"))
    chunks = tuple(kwargs["chunks"])
    container = _ngio_create_empty_ome_zarr(shards=None, **kwargs)
    store = kwargs["store"]
    group = (
        store
        if isinstance(store, zarr.Group)
        else zarr.open_group(str(store), mode="r+")
    )
    for path in container.level_paths:
        array = group[path]
        if not isinstance(array, zarr.Array):  # pragma: no cover - ngio layout
            continue
        metadata = array.metadata
        group.create_array(
            name=path,
            shape=array.shape,
            dtype=array.dtype,
            chunks=array.chunks,
            shards=level_shards(array.shape, chunks, shards),
            fill_value=array.fill_value,
            compressors=array.compressors,
            filters=array.filters,
            serializer=array.serializer or "auto",
            dimension_names=getattr(metadata, "dimension_names", None),
            chunk_key_encoding=getattr(metadata, "chunk_key_encoding", None),
            overwrite=True,
        )
    from ngio import open_ome_zarr_container

    return open_ome_zarr_container(
        group if isinstance(store, zarr.Group) else str(store), mode="r+"
    )
