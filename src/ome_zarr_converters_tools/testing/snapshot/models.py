"""Snapshot schema: what a converter test pins about each converted image."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic.json_schema import SkipJsonSchema

__all__ = [
    "FINGERPRINT_DECIMALS",
    "FingerprintModel",
    "ImageAssertionModel",
    "MultiPlateAssertionModel",
    "MultiSingleImageAssertionModel",
    "PlateAssertionModel",
    "RoiAssertionModel",
    "TableAssertionModel",
    "merge_common",
]

FINGERPRINT_DECIMALS = 6
"""Decimals kept in fingerprint statistics and before hashing pixel data."""

_CONFIG = ConfigDict(use_attribute_docstrings=True)


class FingerprintModel(BaseModel):
    """Summary of the pixels of one ROI: statistics plus an exact hash."""

    model_config = _CONFIG

    mean: float
    """Mean pixel value, rounded."""
    std: float
    """Standard deviation of the pixel values, rounded."""
    min: float
    """Smallest pixel value, rounded."""
    max: float
    """Largest pixel value, rounded."""
    hash: str
    """sha256 of the rounded array bytes (shape and dtype dependent)."""

    @classmethod
    def from_array(
        cls, arr: np.ndarray, decimals: int = FINGERPRINT_DECIMALS
    ) -> FingerprintModel:
        """Fingerprint a pixel array.

        Args:
            arr: The pixels of one ROI.
            decimals: Rounding of the statistics and of the array before hashing,
                so float noise below that precision does not change the hash.

        Returns:
            The fingerprint.
        """
        data = np.asarray(arr)
        rounded = np.round(data, decimals)
        return cls(
            mean=round(float(np.mean(data)), decimals),
            std=round(float(np.std(data)), decimals),
            min=round(float(np.min(data)), decimals),
            max=round(float(np.max(data)), decimals),
            hash=hashlib.sha256(np.ascontiguousarray(rounded).tobytes()).hexdigest(),
        )


class RoiAssertionModel(BaseModel):
    """Expected pixel position and content of one ROI of a table."""

    model_config = _CONFIG

    slice_repr: str
    """The ROI's pixel slices, as text."""
    finger_print: FingerprintModel
    """Fingerprint of the ROI's pixels at full resolution."""
    yx_origin: list[float] | None = None
    """Original stage position (y, x) in micrometres; checked only when pinned."""


class TableAssertionModel(BaseModel):
    """Expected ROIs of one ROI table, keyed by ROI name."""

    model_config = _CONFIG

    rois: dict[str, RoiAssertionModel] = Field(default_factory=dict)
    """ROIs by name."""


_ATTRIBUTES_SCHEMA_0_10: dict[str, Any] = {
    "additionalProperties": {
        "anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "number"}]
    },
    "type": "object",
}
"""Schema of `ImageAssertionModel.attributes` as 0.10 publishes it."""


class ImageAssertionModel(BaseModel):
    """Expected metadata, image-list entry and tables of one image."""

    model_config = _CONFIG

    axes: tuple[str, ...]
    """Axis names in order."""
    shape: tuple[int, ...]
    """Full-resolution array shape."""
    pixelsize: tuple[float, ...]
    """Pixel size in t, z, y, x order."""
    channel_labels: list[str] = Field(default_factory=list)
    """Channel labels; checked only when pinned (non-empty)."""
    wavelength_ids: list[str | None] = Field(default_factory=list)
    """Wavelength ids; checked only when pinned (non-empty)."""
    types: dict[str, bool] = Field(default_factory=dict)
    """Image-list types returned by the compute task."""
    attributes: Annotated[
        dict[str, str | int | float | bool | None],
        WithJsonSchema(_ATTRIBUTES_SCHEMA_0_10),
    ] = Field(default_factory=dict)
    """Image-list attributes returned by the compute task. Booleans and None
    are accepted too; the JSON schema stays the one of 0.10."""
    tables: dict[str, TableAssertionModel | None] = Field(default_factory=dict)
    """Tables by name; None for tables that are not ROI tables."""


def merge_common(common: dict[str, Any], specific: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge two assertion dicts; `specific` wins on conflicts.

    Args:
        common: Values shared by all images (the base).
        specific: Values of one image (the overrides).

    Returns:
        A new dict; neither input is modified.
    """
    merged = dict(common)
    for key, value in specific.items():
        base = merged.get(key)
        if isinstance(base, dict) and isinstance(value, dict):
            merged[key] = merge_common(base, value)
        else:
            merged[key] = value
    return merged


def _apply_images_common(data: Any) -> Any:
    """Fold an `images_common` block into every image entry of `data`."""
    if not isinstance(data, dict) or "images_common" not in data:
        return data
    result = {key: value for key, value in data.items() if key != "images_common"}
    common = data["images_common"] or {}
    images = data.get("images") or {}
    result["images"] = {
        path: merge_common(common, entry) if isinstance(entry, dict) else entry
        for path, entry in images.items()
    }
    return result


class PlateAssertionModel(BaseModel):
    """Expected wells and images of one plate, images keyed by path in the plate.

    An input-only `images_common` block holds assertions shared by all images; it
    is merged under each image (the image's own values win) and not kept.
    """

    model_config = _CONFIG

    wells: list[str]
    """Well paths (`A/01`)."""
    images: dict[str, ImageAssertionModel]
    """Images by path inside the plate (`A/01/0`)."""

    @model_validator(mode="before")
    @classmethod
    def _merge_images_common(cls, data: Any) -> Any:
        """Apply `images_common` as the base of every image."""
        return _apply_images_common(data)


class MultiPlateAssertionModel(BaseModel):
    """Snapshot of plate output: plates keyed by zarr name (`MyPlate.zarr`)."""

    model_config = _CONFIG

    versions: SkipJsonSchema[dict[str, str | None]] = Field(default_factory=dict)
    """Versions of the software stack that built the snapshot; never compared
    (not in the JSON schema, which stays the one of 0.10)."""
    plates: dict[str, PlateAssertionModel]
    """Plates by zarr name."""


class MultiSingleImageAssertionModel(BaseModel):
    """Snapshot of single-image output: images keyed by zarr name.

    Accepts an `images_common` block like `PlateAssertionModel`.
    """

    model_config = _CONFIG

    versions: SkipJsonSchema[dict[str, str | None]] = Field(default_factory=dict)
    """Versions of the software stack that built the snapshot; never compared
    (not in the JSON schema, which stays the one of 0.10)."""
    images: dict[str, ImageAssertionModel]
    """Images by zarr name (`scan.zarr`)."""

    @model_validator(mode="before")
    @classmethod
    def _merge_images_common(cls, data: Any) -> Any:
        """Apply `images_common` as the base of every image."""
        return _apply_images_common(data)
