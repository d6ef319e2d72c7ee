"""Collection handler for `ImageInPlate`: create, recreate or extend HCS plates.

The init task prepares every plate before any compute job writes an image:
plate document, wells and image lists, and the plate condition table. Each
plate document and each well document is written **once**, whatever the number
of images (0.10 rewrote the plate document per image, FEATURES §6 item 22),
and every check runs before the first byte is written.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from ngio import ImageInWellPath, NgffVersions
from ngio.hcs import OmeZarrPlate, open_ome_zarr_plate
from ngio.ome_zarr_meta import NgioWellMeta
from ngio.utils import ZarrGroupHandler

from ome_zarr_converters_tools.core.collection import ImageInPlate
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsDamagedOutputError,
    ConvertersToolsInternalError,
    ConvertersToolsOutputExistsError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.locks import output_lock
from ome_zarr_converters_tools.core.ngio_compat import (
    plate_image_paths,
    read_well_meta,
)
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.core.url_guard import check_removable, join_below
from ome_zarr_converters_tools.core.urls import filesystem_for_url, join_url_paths
from ome_zarr_converters_tools.models.modes import OverwriteMode
from ome_zarr_converters_tools.pipelines.collection_setup.base import check_unique_paths
from ome_zarr_converters_tools.pipelines.collection_setup.journal import (
    PlateJournal,
    apply_journal,
    recover_plate,
)
from ome_zarr_converters_tools.pipelines.collection_setup.plate_meta import (
    build_plate_meta,
    column_name,
)
from ome_zarr_converters_tools.pipelines.ome_zarr.container import store_url
from ome_zarr_converters_tools.pipelines.ome_zarr.layout import check_ngff_version
from ome_zarr_converters_tools.pipelines.ome_zarr.tables import (
    CONDITION_TABLE_NAME,
    build_plate_condition_frame,
    merge_condition_frames,
)

__all__ = ["setup_plates"]

logger = logging.getLogger(__name__)

AnyTiledImage = TiledImage[Any, Any]

_NON_ALPHANUMERIC_NOTICE = "contains non-alphanumeric characters"


@contextmanager
def _per_fov_paths_logged(
    plate_url: str, images: Sequence[AnyTiledImage]
) -> Iterator[None]:
    """Turn ngio's per-image warning about `_` in image paths into one log line.

    Per-FOV images are named `<acquisition>_<fov>` in their well (the 0.10 layout
    that converters and their users rely on); NGFF asks for alphanumeric names.
    ngio warns once per image, which floods logs (and fails test suites run with
    warnings as errors) for a naming the user chose; one log line per plate says
    the same.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=f".*{_NON_ALPHANUMERIC_NOTICE}")
        yield
    odd = sorted(
        {
            _collection(image).path_in_well()
            for image in images
            if not _collection(image).path_in_well().isalnum()
        }
    )
    if odd:
        logger.warning(
            "Plate %s: image paths %s inside wells are not alphanumeric as NGFF "
            "recommends (per-FOV images are named <acquisition>_<fov>); some "
            "viewers and validators reject them. Convert with ngff_names=True "
            "(or OZCT_NGFF_NAMES=1) for names of letters and digits only.",
            plate_url,
            odd,
        )


@dataclass
class _PlatePlan:
    """What to do with one plate, decided before anything is written."""

    path: str
    url: str
    root: str
    images: list[AnyTiledImage]
    exists: bool
    condition_frame: pl.DataFrame | None
    existing: OmeZarrPlate | None = None
    missing: list[AnyTiledImage] = field(default_factory=list)


def _collection(image: AnyTiledImage) -> ImageInPlate:
    """The plate placement of an image; the handler only receives plate images."""
    collection = image.collection
    if not isinstance(collection, ImageInPlate):
        raise ConvertersToolsInternalError(
            f"The plate setup handler received image {image.path!r} whose collection "
            f"is a {type(collection).__name__}, not an ImageInPlate; "
            "setup_ome_zarr_collection dispatched it to the wrong handler."
        )
    return collection


def _image_in_well(image: AnyTiledImage) -> ImageInWellPath:
    """Placement of an image in its plate, in the form ngio takes."""
    collection = _collection(image)
    return ImageInWellPath(
        row=collection.row,
        column=collection.column,
        path=collection.path_in_well(),
        acquisition_id=collection.acquisition,
        acquisition_name=str(collection.acquisition),
    )


def _group_by_plate(
    tiled_images: Sequence[AnyTiledImage],
) -> dict[str, list[AnyTiledImage]]:
    """Images grouped by plate folder, plates and images in first-seen order."""
    plates: dict[str, list[AnyTiledImage]] = {}
    for image in tiled_images:
        plates.setdefault(_collection(image).plate_path(), []).append(image)
    return plates


def _open_existing_plate(url: str, *, ngff_version: str) -> OmeZarrPlate:
    """Open a plate EXTEND adds to; unreadable or mismatched plates are errors.

    0.10 silently replaced a plate it could not open by an empty one (FEATURES
    §6 item 7), and let the plate and its images use different NGFF versions
    (item 16).
    """
    try:
        plate = open_ome_zarr_plate(url, cache=True)
        version = plate.meta.plate.version
    except Exception as exc:
        raise ConvertersToolsDamagedOutputError(
            f"The plate at {url!r} exists but cannot be opened as an OME-Zarr "
            f"plate ({type(exc).__name__}: {exc}). overwrite_mode="
            f"{OverwriteMode.EXTEND.value!r} never replaces existing data: inspect "
            "or delete it, or rerun with overwrite_mode="
            f"{OverwriteMode.OVERWRITE.value!r} to recreate the plate."
        ) from exc
    if version != ngff_version:
        raise ConvertersToolsUserError(
            f"The plate at {url!r} is NGFF {version}, but the images are to be "
            f"added as NGFF {ngff_version}. Extend it with ngff_version={version!r} "
            "(in the converter options too), or use overwrite_mode="
            f"{OverwriteMode.OVERWRITE.value!r} to recreate it."
        )
    return plate


def _plan(
    plate_path: str,
    images: list[AnyTiledImage],
    *,
    zarr_dir: str,
    ngff_version: str,
    overwrite_mode: OverwriteMode,
) -> _PlatePlan:
    """Check one plate and decide what to write, without writing anything."""
    url = join_below(zarr_dir, plate_path, what=f"plate {plate_path!r}")
    fs = filesystem_for_url(url, error_msg_prefix=f"Setting up plate {plate_path!r}")
    url = store_url(url)
    # An interrupted setup is completed first, from its journal.
    recover_plate(url, root=zarr_dir)
    exists = bool(fs.exists(url))
    if exists and overwrite_mode is OverwriteMode.EXTEND and not fs.find(url):
        # Empty folders (a setup killed before its journal) hold no data.
        exists = False
    if exists and overwrite_mode is OverwriteMode.NO_OVERWRITE:
        raise ConvertersToolsOutputExistsError(
            f"A plate already exists at {url!r} (overwrite_mode="
            f"{OverwriteMode.NO_OVERWRITE.value!r}). Set overwrite_mode="
            f"{OverwriteMode.OVERWRITE.value!r} to replace it, or "
            f"{OverwriteMode.EXTEND.value!r} to add the missing images to it."
        )
    if exists and overwrite_mode is OverwriteMode.OVERWRITE:
        # Checked now, before any plate is written, not when it is removed.
        check_removable(url, root=zarr_dir, what=f"the existing plate {plate_path!r}")
    plan = _PlatePlan(
        path=plate_path,
        url=url,
        root=zarr_dir,
        images=images,
        exists=exists,
        condition_frame=build_plate_condition_frame(images),
    )
    if exists and overwrite_mode is OverwriteMode.EXTEND:
        plan.existing = _open_existing_plate(url, ngff_version=ngff_version)
        present = _listed_images(plan.existing, url)
        plan.missing = [
            image
            for image in images
            if _collection(image).image_in_well_path() not in present
        ]
    return plan


def _listed_images(plate: OmeZarrPlate, url: str) -> set[str]:
    """Paths of the images the wells of an existing plate list.

    A well document that does not read is named in a library error (0.10 and
    ngio give a bare `JSONDecodeError`).
    """
    try:
        # Concurrent well reads: round-trip bound on remote stores.
        return set(plate_image_paths(plate, concurrent=True))
    except Exception as exc:
        culprit = "one of its wells"
        for well in plate.meta.plate.wells:
            try:
                plate.get_well(*well.path.split("/"))
            except Exception:
                culprit = f"well {well.path!r} ({join_url_paths(url, well.path)!r})"
                break
        raise ConvertersToolsDamagedOutputError(
            f"The plate at {url!r} lists {culprit}, whose metadata cannot be read "
            f"({type(exc).__name__}: {exc}). overwrite_mode="
            f"{OverwriteMode.EXTEND.value!r} never replaces existing data: repair or "
            "delete that well, or rerun with overwrite_mode="
            f"{OverwriteMode.OVERWRITE.value!r} to recreate the plate."
        ) from exc


def _well_documents(
    plan: _PlatePlan,
    placements: Sequence[ImageInWellPath],
    *,
    ngff_version: NgffVersions,
) -> dict[str, dict[str, Any]]:
    """Final metadata of every well the change touches, existing images first."""
    by_well: dict[str, list[ImageInWellPath]] = {}
    for placement in placements:
        well_path = f"{placement.row}/{column_name(placement.column)}"
        by_well.setdefault(well_path, []).append(placement)
    listed = (
        {well.path for well in plan.existing.meta.plate.wells}
        if plan.existing is not None
        else set()
    )
    documents: dict[str, dict[str, Any]] = {}
    plate_handler = (
        ZarrGroupHandler(store=plan.url, cache=False, mode="r") if listed else None
    )
    for well_path, well_images in by_well.items():
        if plate_handler is not None and well_path in listed:
            well_meta = read_well_meta(
                plate_handler.get_handler(well_path, create_mode=False)
            )
        else:
            well_meta = NgioWellMeta.default_init(ngff_version=ngff_version)
        for placement in well_images:
            well_meta = well_meta.add_image(
                path=placement.path,
                acquisition=placement.acquisition_id,
                strict=False,
            )
        documents[well_path] = well_meta.model_dump(mode="json")
    return documents


def _create_plate(plan: _PlatePlan, *, ngff_version: NgffVersions) -> None:
    """Write a new plate (replacing an old one in OVERWRITE mode) in one pass.

    Journalled (`journal.py`): the old plate is only emptied once the whole
    new plate is recorded, so a kill at any moment is completed by a rerun.
    """
    placements = [_image_in_well(image) for image in plan.images]
    meta = build_plate_meta(placements, name=plan.path, ngff_version=ngff_version)
    journal = PlateJournal(
        clear=plan.exists,
        ngff_version=ngff_version,
        plate=meta.model_dump(mode="json"),
        wells=_well_documents(plan, placements, ngff_version=ngff_version),
        condition_table=PlateJournal.encode_frame(plan.condition_frame),
    )
    apply_journal(plan.url, journal, root=plan.root)
    logger.info("Created plate %s with %d image(s)", plan.url, len(plan.images))


def _extend_plate(plan: _PlatePlan, *, ngff_version: NgffVersions) -> None:
    """Add the missing images to an existing plate; existing images stay as they are.

    The plate document and each touched well document are rewritten once; the
    plate condition table keeps its rows and gains those of the new images.
    """
    plate = plan.existing
    if plate is None:
        raise ConvertersToolsInternalError(
            f"Plate {plan.url!r} is to be extended but was not opened first."
        )
    if not plan.missing:
        logger.info("Plate %s already lists every image; nothing to add", plan.url)
        return
    placements = [_image_in_well(image) for image in plan.missing]
    meta = build_plate_meta(
        placements, name=plan.path, ngff_version=ngff_version, existing=plate.meta
    )
    new_rows = build_plate_condition_frame(plan.missing)
    if new_rows is not None and CONDITION_TABLE_NAME in plate.list_tables():
        existing_rows = plate.get_table(CONDITION_TABLE_NAME).lazy_frame.collect()
        new_rows = merge_condition_frames(existing_rows, new_rows, plate=plan.url)
    journal = PlateJournal(
        clear=False,
        ngff_version=ngff_version,
        plate=meta.model_dump(mode="json"),
        wells=_well_documents(plan, placements, ngff_version=ngff_version),
        condition_table=PlateJournal.encode_frame(new_rows),
    )
    apply_journal(plan.url, journal, root=plan.root)
    logger.info("Added %d image(s) to plate %s", len(plan.missing), plan.url)


def setup_plates(
    zarr_dir: str,
    tiled_images: Sequence[AnyTiledImage],
    *,
    ngff_version: str = "0.4",
    overwrite_mode: OverwriteMode | str = OverwriteMode.NO_OVERWRITE,
) -> None:
    """Create the plates, wells and image lists of plate images (`ImageInPlate`).

    Images are grouped by plate. Every plate is checked first (existence under
    `NO_OVERWRITE`, readability and NGFF version under `EXTEND`, condition-table
    attributes), then written:

    - new plate, or `OVERWRITE`: the plate is (re)created with all its wells and
      images in one pass, plus a `tables/condition_table` (CSV) when images
      carry attributes;
    - `EXTEND` on an existing plate: only images not listed yet are added; the
      existing images and their metadata are not touched.

    Image groups themselves are created later, by the compute task.

    Args:
        zarr_dir: Absolute URL of the folder that holds the plates.
        tiled_images: The plate images (collections are `ImageInPlate`).
        ngff_version: NGFF version of new plates; must equal the version of an
            existing plate under `EXTEND`.
        overwrite_mode: What to do with existing plates.

    Raises:
        ConvertersToolsOutputExistsError: If a plate exists under `NO_OVERWRITE`.
        ConvertersToolsUserError: For an unreadable or other-version plate under
            `EXTEND`, images sharing an output path, or inconsistent attributes.
    """
    overwrite_mode = OverwriteMode(overwrite_mode)
    version = check_ngff_version(ngff_version)
    check_unique_paths(tiled_images)
    # Check-then-write is exclusive per zarr_dir (core/locks.py): of two
    # concurrent No Overwrite setups exactly one writes, and Extend setups add
    # their images one after the other.
    with output_lock(zarr_dir, what="plate setup"):
        plans = [
            _plan(
                plate_path,
                images,
                zarr_dir=zarr_dir,
                ngff_version=version,
                overwrite_mode=overwrite_mode,
            )
            for plate_path, images in _group_by_plate(tiled_images).items()
        ]
        for plan in plans:
            extending = plan.existing is not None
            with _per_fov_paths_logged(
                plan.url, plan.missing if extending else plan.images
            ):
                if extending:
                    _extend_plate(plan, ngff_version=version)
                else:
                    _create_plate(plan, ngff_version=version)
