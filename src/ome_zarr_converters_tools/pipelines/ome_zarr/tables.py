"""ROI and condition tables of converted images and plates.

Three tables accompany every image (FEATURES §3): `FOV_ROI_table` (one row per
field of view, only when there are several), `well_ROI_table` (the whole image,
always, also outside plates) and `condition_table` (the tile attributes, CSV).
Plates carry one more `condition_table` with the well coordinates of each image.
The condition tables are built here, once, with polars so that the CSV bytes
match the ones 0.10 wrote (strings quoted, numbers bare).
"""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl
from ngio import OmeZarrContainer, PixelSize, Roi
from ngio.tables import ConditionTable, RoiTable

from ome_zarr_converters_tools.core.collection import ImageInPlate
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsInternalError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.tiled_image import TiledImage, TileFOVGroup

__all__ = [
    "CONDITION_TABLE_NAME",
    "FOV_ROI_TABLE_NAME",
    "RESERVED_CONDITION_COLUMNS",
    "WELL_ROI_TABLE_NAME",
    "build_condition_frame",
    "build_fov_roi_table",
    "build_plate_condition_frame",
    "merge_condition_frames",
    "write_image_tables",
]

logger = logging.getLogger(__name__)

FOV_ROI_TABLE_NAME = "FOV_ROI_table"
WELL_ROI_TABLE_NAME = "well_ROI_table"
CONDITION_TABLE_NAME = "condition_table"
RESERVED_CONDITION_COLUMNS: tuple[str, ...] = (
    "row",
    "column",
    "acquisition",
    "path_in_well",
)
"""Columns the plate condition table fills itself; attributes may not use them."""

_ANNDATA_V2_NOTICE = "Writing zarr v2 data will no longer be the default"
# anndata consolidates the metadata of every table group it writes; on zarr v3
# (NGFF 0.5) zarr warns that consolidated metadata is not in the v3
# specification yet. The table is read back by ngio and zarr-python, which both
# understand it, and the caller cannot opt out, so the notice (twice per image,
# one per ROI table) is noise. zarr emits it from its event-loop thread, which
# the process-global filter list below also covers.
_ZARR_V3_CONSOLIDATED_NOTICE = "Consolidated metadata is currently not part"
# `warnings.catch_warnings` swaps a process-global filter list: two threads
# interleaving their blocks could restore each other's state and let the notice
# through. ROI tables are tiny, so serialising their writes costs nothing.
_ROI_TABLE_LOCK = threading.Lock()

# Column order of the stage positions in FOV_ROI_table, as 0.10 wrote it.
_ORIGINAL_ORDER = (
    "z_micrometer_original",
    "y_micrometer_original",
    "x_micrometer_original",
)


AnyTiledImage = TiledImage[Any, Any]


def _fov_world_roi(group: TileFOVGroup[Any], *, pixel_size: PixelSize) -> Roi:
    """World-space union ROI of one FOV group, named after the FOV."""
    union = group.roi()
    if union.space == "pixel":
        union = union.to_world(pixel_size=pixel_size)
    # The union keeps the stage position of the FOV's first tile, which is what
    # the published package records in the `*_original` columns.
    extras = union.model_extra or {}
    originals = {
        key: float(extras[key])
        for key in _ORIGINAL_ORDER
        if key in extras and extras[key] is not None
    }
    return Roi(
        name=group.fov_name,
        slices=tuple(union.slices),
        label=union.label,
        space="world",
        **originals,
    )


def build_fov_roi_table(tiled_image: AnyTiledImage) -> RoiTable | None:
    """Build `FOV_ROI_table`: one world-space row per FOV, indexed by FOV name.

    Positions are those of the registered mosaic; the `*_original` columns keep
    the raw stage positions (`z`, `y`, `x` order) of each FOV's reference tile.

    Args:
        tiled_image: The (registered) image.

    Returns:
        The table, or `None` when the image has a single FOV (0.10 writes no
        FOV table then).
    """
    groups = tiled_image.group_by_fov()
    if len(groups) <= 1:
        return None
    pixel_size = tiled_image.pixel_size
    return RoiTable(
        rois=[_fov_world_roi(group, pixel_size=pixel_size) for group in groups]
    )


def _attribute_row_count(attributes: Mapping[str, Sequence[Any]], *, image: str) -> int:
    """Number of condition rows an image's attributes describe (all lists equal)."""
    lengths = {key: len(values) for key, values in attributes.items()}
    if len(set(lengths.values())) > 1:
        raise ConvertersToolsUserError(
            f"The attributes of image {image!r} have lists of different lengths "
            f"{lengths}; each list is one column of the condition table, so all "
            "must be equally long. Pad the shorter lists with None."
        )
    return next(iter(lengths.values()), 0)


def build_condition_frame(
    attributes: Mapping[str, Sequence[Any]], *, image: str
) -> pl.DataFrame | None:
    """Build the image condition table: one column per attribute.

    Args:
        attributes: Attribute name to list of values (one value per row).
        image: Image path, named in errors.

    Returns:
        The table, or `None` when the image has no attributes.

    Raises:
        ConvertersToolsUserError: If the attribute lists differ in length.
    """
    if not attributes:
        return None
    _attribute_row_count(attributes, image=image)
    return pl.DataFrame({key: list(values) for key, values in attributes.items()})


def build_plate_condition_frame(
    tiled_images: Sequence[AnyTiledImage],
) -> pl.DataFrame | None:
    """Build a plate condition table from the images of **one** plate.

    Columns: `row, column, acquisition, path_in_well`, then the attributes in
    the order of the first image; one row per attribute value of each image.
    Images without attributes contribute no rows.

    Args:
        tiled_images: The plate's images (collections are `ImageInPlate`).

    Returns:
        The table, or `None` when no image has attributes.

    Raises:
        ConvertersToolsUserError: If images define different attribute names, if
            an attribute uses a reserved column name, or if one image's attribute
            lists differ in length.
    """
    with_attributes = [image for image in tiled_images if image.attributes]
    if not with_attributes:
        return None
    first = with_attributes[0]
    keys = list(first.attributes)
    for image in with_attributes[1:]:
        if set(image.attributes) != set(keys):
            raise ConvertersToolsUserError(
                "All images of a plate must define the same attributes to build "
                f"its condition table: image {first.path!r} has {sorted(keys)}, "
                f"image {image.path!r} has {sorted(image.attributes)}. Add the "
                "missing columns to the tiles table (None values are allowed) or "
                "drop the extra ones."
            )
    reserved = sorted(set(keys) & set(RESERVED_CONDITION_COLUMNS))
    if reserved:
        raise ConvertersToolsUserError(
            f"Attributes {reserved} of image {first.path!r} collide with the "
            f"plate condition table's own columns {list(RESERVED_CONDITION_COLUMNS)}."
            " Rename these columns in the tiles table."
        )
    columns: dict[str, list[Any]] = {name: [] for name in RESERVED_CONDITION_COLUMNS}
    columns.update({key: [] for key in keys})
    for image in with_attributes:
        n_rows = _attribute_row_count(image.attributes, image=image.path)
        collection = image.collection
        if not isinstance(collection, ImageInPlate):
            raise ConvertersToolsInternalError(
                f"Image {image.path!r} has a {type(collection).__name__} collection; "
                "a plate condition table is only built for ImageInPlate images."
            )
        columns["row"].extend([collection.row] * n_rows)
        columns["column"].extend([int(collection.column)] * n_rows)
        columns["acquisition"].extend([int(collection.acquisition)] * n_rows)
        columns["path_in_well"].extend([collection.path_in_well()] * n_rows)
        for key in keys:
            columns[key].extend(image.attributes[key])
    return pl.DataFrame(columns)


def merge_condition_frames(
    existing: pl.DataFrame, new: pl.DataFrame, *, plate: str
) -> pl.DataFrame:
    """Append the rows of newly added images to a plate's existing condition table.

    EXTEND keeps the rows of images converted earlier (0.10 dropped them,
    FEATURES §6 item 13). Reserved columns are brought back to their types
    (a CSV round trip reads `path_in_well` "0" as a number).

    Args:
        existing: The table read back from the plate.
        new: Rows of the images added by this run.
        plate: Plate path, named in errors.

    Returns:
        The combined table, existing rows first.

    Raises:
        ConvertersToolsUserError: If the two tables have different columns.
    """
    if set(existing.columns) != set(new.columns):
        raise ConvertersToolsUserError(
            f"The condition table of plate {plate!r} has columns "
            f"{existing.columns}, but the images added now define {new.columns}. "
            "Extending a plate needs the same attributes as its first conversion; "
            "use the same tiles-table columns or OVERWRITE the plate."
        )
    reserved_types = {
        "row": pl.Utf8,
        "column": pl.Int64,
        "acquisition": pl.Int64,
        "path_in_well": pl.Utf8,
    }

    def _typed(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.with_columns(
            [pl.col(name).cast(dtype) for name, dtype in reserved_types.items()]
        ).select(new.columns)

    return pl.concat([_typed(existing), _typed(new)], how="vertical_relaxed")


def write_image_tables(
    container: OmeZarrContainer, tiled_image: AnyTiledImage, *, backend: str
) -> list[str]:
    """Write the ROI and condition tables of one image.

    Args:
        container: The image container, pixels already written.
        tiled_image: The (registered) image.
        backend: Table backend of the ROI tables (`anndata`, `csv`, `json`,
            `parquet`); condition tables are always CSV.

    Returns:
        The names of the tables written, in order.
    """
    written = []
    with _ROI_TABLE_LOCK, warnings.catch_warnings():
        # anndata announces that it will stop defaulting to zarr v2; NGFF 0.4
        # *is* zarr v2, so the notice is noise for every 0.4 conversion.
        warnings.filterwarnings(
            "ignore", message=_ANNDATA_V2_NOTICE, category=UserWarning
        )
        warnings.filterwarnings(
            "ignore", message=_ZARR_V3_CONSOLIDATED_NOTICE, category=UserWarning
        )
        fov_table = build_fov_roi_table(tiled_image)
        if fov_table is not None:
            container.add_table(FOV_ROI_TABLE_NAME, fov_table, backend=backend)
            written.append(FOV_ROI_TABLE_NAME)
        container.add_table(
            WELL_ROI_TABLE_NAME, container.build_image_roi_table(), backend=backend
        )
        written.append(WELL_ROI_TABLE_NAME)
    frame = build_condition_frame(tiled_image.attributes, image=tiled_image.path)
    if frame is not None:
        container.add_table(
            CONDITION_TABLE_NAME, ConditionTable(table_data=frame), backend="csv"
        )
        written.append(CONDITION_TABLE_NAME)
    logger.debug("Wrote tables %s of image %s", written, tiled_image.path)
    return written
