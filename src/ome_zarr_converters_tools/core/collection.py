"""Where each image goes: collection models that compute output paths.

A collection is path logic only. The per-FOV suffix is an ordinary field set
through `with_suffix`, which returns a copy, so splitting tiles that share one
collection instance never changes the paths of the other images (0.10 mutated a
private attribute, §6 item 9 of the spec).

Every part of a path is checked by `core/names.py` when the path is computed
(in the init task, when tiles are grouped into images), so a name that would
leave its folder, hold control characters or exceed file-system limits fails
there with `ConvertersToolsNameError`, before anything is written.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from typing import Any, Self, TypeVar

from pydantic import ConfigDict, Field, field_validator
from pydantic.json_schema import SkipJsonSchema

from ome_zarr_converters_tools.core.api_line import WarnOnUnknownKeys
from ome_zarr_converters_tools.core.names import (
    VALID_ZARR_NAME_PATTERN,
    check_path_component,
    check_well_row,
    check_zarr_name,
    describe_name,
)
from ome_zarr_converters_tools.core.urls import join_url_paths

__all__ = [
    "VALID_ZARR_NAME_PATTERN",
    "CollectionInterface",
    "CollectionInterfaceType",
    "CollectionT",
    "ImageInPlate",
    "SingleImage",
    "row_index_to_letter",
    "sanitize_path",
    "validate_zarr_name",
]

logger = logging.getLogger(__name__)

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def validate_zarr_name(name: str, *, what: str = "name") -> str:
    """Check that `name` can be used as a zarr group name.

    Args:
        name: The candidate name (plate name, image path).
        what: What the name is, for the error message.

    Returns:
        `name` unchanged.

    Raises:
        ConvertersToolsNameError: If the name has characters other than
            letters, digits, `_`, `.`, `-` and inner spaces, starts with `__`,
            has leading or trailing spaces, is only dots, or is longer than
            `core.names.MAX_NAME_BYTES` (a `ConvertersToolsUserError`).
    """
    return check_zarr_name(name, what=what)


def sanitize_path(path: str, *, what: str = "image path") -> str:
    """Validate a zarr name and append `.zarr` when it is missing.

    Args:
        path: Name of a plate or stand-alone image.
        what: What the name is, for the error message.

    Returns:
        The name ending in `.zarr`.

    Raises:
        ConvertersToolsNameError: If the name is not a valid zarr name or the
            folder name with `.zarr` is too long (a `ConvertersToolsUserError`).
    """
    written = path if path.endswith(".zarr") else f"{path}.zarr"
    check_zarr_name(path, what=what, written_as=written)
    return written


def row_index_to_letter(index: int) -> str:
    """Turn a 1-based row number into its plate letter (1 -> "A", 26 -> "Z").

    Args:
        index: Row number between 1 and 26.

    Returns:
        The row letter.

    Raises:
        ValueError: If the index is outside 1-26 (used inside validators).
    """
    if not 1 <= index <= len(ALPHABET):
        raise ValueError(
            f"Row index {index} is out of range: expected 1 to {len(ALPHABET)} "
            "(A to Z). Give the row as a letter for larger plates."
        )
    return ALPHABET[index - 1]


class CollectionInterface(WarnOnUnknownKeys, ABC):
    """Base of the models saying where an image is written.

    Subclasses implement `path()`. `suffix` is appended by per-FOV splitting
    through `with_suffix`; converters do not set it themselves, so it is left
    out of the JSON schema (which stays that of 0.10). Unknown keys are ignored
    with a warning, as 0.10 ignored them (see `core.api_line`).
    """

    model_config = ConfigDict(extra="ignore")

    suffix: SkipJsonSchema[str] = ""
    """Per-FOV path suffix (e.g. `_FOV1`); empty for mosaics."""

    @abstractmethod
    def path(self) -> str:
        """Return the output path of the image, relative to the zarr directory."""

    def with_suffix(self, suffix: str) -> Self:
        """Return a copy whose path carries `suffix`; `self` is unchanged.

        Args:
            suffix: The suffix, for example `"_FOV1"`.

        Returns:
            A new collection of the same class.
        """
        return self.model_copy(update={"suffix": suffix})

    def set_suffix(self, suffix: str) -> None:
        """Set the suffix in place (1.x API); prefer `with_suffix`.

        Mutating a collection shared by several tiles changes all their paths,
        which is why the library itself only uses `with_suffix`.

        Args:
            suffix: The suffix, for example `"_FOV1"`.
        """
        self.suffix = suffix


CollectionInterfaceType = TypeVar("CollectionInterfaceType", bound=CollectionInterface)
"""Generic parameter of `Tile` and `TiledImage` (upstream name)."""

CollectionT = TypeVar("CollectionT", bound=CollectionInterface)
"""House-style TypeVar with the same bound as `CollectionInterfaceType`."""


class SingleImage(CollectionInterface):
    """A stand-alone OME-Zarr image at `<image_path><suffix>.zarr`."""

    image_path: str
    """Name of the image inside the zarr directory; `.zarr` is appended if missing."""

    def path(self) -> str:
        """Return `<image_path><suffix>`, with `.zarr` appended when missing.

        Raises:
            ConvertersToolsNameError: If the name (with the per-FOV suffix) is
                not a valid zarr name.
        """
        what = "image path"
        if self.suffix:
            what = f"image path (image_path {self.image_path!r} + per-FOV suffix)"
        return sanitize_path(f"{self.image_path}{self.suffix}", what=what)


class ImageInPlate(CollectionInterface):
    """An image of an HCS plate at `<plate>.zarr/<row>/<column:02d>/<acq><suffix>`."""

    plate_name: str
    """Name of the plate; `.zarr` is appended if missing."""
    row: str
    """Well row letter, e.g. `"B"`; a number 1-26 is converted (2 -> `"B"`)."""
    column: int = Field(ge=1)
    """Well column number, starting at 1."""
    acquisition: int = Field(default=0, ge=0)
    """Acquisition index, used as the image name inside the well."""

    @field_validator("row", mode="before")
    @classmethod
    def _check_row(cls, value: Any) -> Any:
        """Accept a row letter or a 1-based row number (pandas gives integers)."""
        if isinstance(value, str):
            stripped = value.strip()
            if stripped.isdigit():
                return row_index_to_letter(int(stripped))
            return check_well_row(stripped)
        if isinstance(value, bool):
            raise ValueError(f"Row {value!r} must be a letter or a number 1-26.")
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(f"Row {value!r} must be a whole number 1-26 or a letter.")
        try:
            index = int(value)
        except (TypeError, ValueError):
            return value
        return row_index_to_letter(index)

    @property
    def well(self) -> str:
        """Well name such as `"A01"`."""
        return f"{self.row}{self.column:02d}"

    def plate_path(self) -> str:
        """Return the plate folder name ending in `.zarr`.

        Raises:
            ConvertersToolsUserError: If the plate name is not a valid zarr name.
        """
        return sanitize_path(self.plate_name, what="plate name")

    def well_path(self) -> str:
        """Return the well path inside the plate, e.g. `"A/01"`.

        Raises:
            ConvertersToolsNameError: If the row or the column is not a valid
                folder name (e.g. a column number hundreds of digits long).
        """
        row = check_path_component(self.row, what="well row")
        column = check_path_component(
            f"{self.column:02d}", what="well column", fix="Use a real column number."
        )
        return join_url_paths(row, column)

    def path_in_well(self) -> str:
        """Return the image name inside the well, `<acquisition><suffix>`.

        In per-FOV mode the suffix is `_<fov_name>`, so the FOV name becomes part
        of a folder name: it may hold any character a folder name can (0.10
        paths are kept), but no separator or control character.

        Raises:
            ConvertersToolsNameError: If the name cannot be one folder name.
        """
        name = f"{self.acquisition}{self.suffix}"
        if self.suffix:
            acquisition = str(self.acquisition)
            if len(acquisition) > 20:
                acquisition = describe_name(acquisition)
            what = (
                f"per-FOV image name (acquisition {acquisition} + FOV suffix "
                f"{describe_name(self.suffix)})"
            )
            fix = (
                "Rename the FOV (fov_name) so that it fits in one folder name, or "
                "convert in mosaic mode, where FOV names are not part of paths."
            )
        else:
            what, fix = "image name in the well (acquisition)", "Use a real index."
        return check_path_component(name, what=what, fix=fix)

    def image_in_well_path(self) -> str:
        """Return the image path inside the plate, e.g. `"A/01/0"`."""
        return join_url_paths(self.well_path(), self.path_in_well())

    def path(self) -> str:
        """Return the image path inside the zarr directory, e.g. `"P.zarr/A/01/0"`.

        Raises:
            ConvertersToolsNameError: If the plate name is not a valid zarr name
                or a well or image name is not a valid folder name.
        """
        return join_url_paths(self.plate_path(), self.well_path(), self.path_in_well())
