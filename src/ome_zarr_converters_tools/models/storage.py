"""Storage layout options: chunks, shards, pyramid levels, NGFF version, table backend.

Each strategy computes its own shapes (`chunk_shape`, `shard_shape`,
`level_paths`) so the writer never has to switch on the option type.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from ngio import DefaultNgffVersion, NgffVersions
from pydantic import Field, field_validator, model_validator

from ome_zarr_converters_tools.core.api_line import (
    PresentedType,
    line_default,
    line_default_spec,
    presentation_config,
)
from ome_zarr_converters_tools.core.errors import ConvertersToolsInternalError
from ome_zarr_converters_tools.core.names import check_path_component
from ome_zarr_converters_tools.models.base import UserFacingModel

__all__ = [
    "BackendType",
    "ChunkMultipleSharding",
    "ChunkingStrategy",
    "DefaultNgffVersion",
    "FixedSizeChunking",
    "FovBasedChunking",
    "NamedLevels",
    "NgffVersions",
    "NoSharding",
    "NumberOfLevels",
    "OmeZarrOptions",
    "PyramidLevels",
    "Scalings",
    "ShardingStrategy",
]

logger = logging.getLogger(__name__)

_XY_AXES = ("x", "y")


class BackendType(StrEnum):
    """File format of the tables (ROI tables) stored in the OME-Zarr."""

    ANNDATA = "anndata"
    JSON = "json"
    CSV = "csv"
    PARQUET = "parquet"


class Scalings(StrEnum):
    """Factor between the field-of-view size and the xy chunk size."""

    QUARTER = "0.25"
    HALF = "0.5"
    ONE = "1"
    DOUBLE = "2"
    QUADRUPLE = "4"

    def to_float(self) -> float:
        """Return the factor as a number."""
        return float(self.value)


def _non_xy_chunk(strategy: FovBasedChunking | FixedSizeChunking, axis: str) -> int:
    """Return the z, c or t chunk of a strategy.

    Raises:
        ConvertersToolsInternalError: For an axis outside t, c, z, y, x (the
            acquisition validators make this impossible).
    """
    if axis == "z":
        return strategy.z_chunk
    if axis == "c":
        return strategy.c_chunk
    if axis == "t":
        return strategy.t_chunk
    raise ConvertersToolsInternalError(
        f"Cannot compute a chunk size for the unknown axis {axis!r}; expected one "
        "of t, c, z, y, x."
    )


def _chunk_shape(
    strategy: FovBasedChunking | FixedSizeChunking,
    axes: Sequence[str],
    fov_shape: Sequence[int],
) -> tuple[int, ...]:
    """Compute the chunk shape of `strategy` from the first FOV's shape."""
    if len(axes) != len(fov_shape):
        raise ConvertersToolsInternalError(
            f"Chunk computation got {len(axes)} axes {list(axes)} but a FOV shape "
            f"with {len(fov_shape)} entries {list(fov_shape)}."
        )
    return tuple(
        strategy.get_xy_chunk(int(size))
        if axis in _XY_AXES
        else _non_xy_chunk(strategy, axis)
        for axis, size in zip(axes, fov_shape, strict=True)
    )


class FovBasedChunking(UserFacingModel):
    """Chunks sized like the fields of view (scaled by `xy_scaling`)."""

    model_config = presentation_config("FovBasedChunking")

    mode: Literal["Same as FOV"] = "Same as FOV"
    """Discriminator: xy chunks follow the size of the first field of view."""
    xy_scaling: Scalings = Field(default=Scalings.ONE, title="XY Scaling Factor")
    """Chunk xy size relative to the FOV: `1` matches it, `0.5` halves it (more,
    smaller files), `2` doubles it (fewer, larger files)."""
    z_chunk: int = Field(default=10, ge=1, title="Chunk Size for Z")
    """Chunk size along z (clipped to the image by ngio)."""
    c_chunk: int = Field(default=1, ge=1, title="Chunk Size for C")
    """Chunk size along c."""
    t_chunk: int = Field(default=1, ge=1, title="Chunk Size for T")
    """Chunk size along t."""

    def get_xy_chunk(self, fov_xy_shape: int) -> int:
        """Return `int(fov_xy_shape * xy_scaling)`, at least 1.

        Args:
            fov_xy_shape: Size of the first FOV along x or y, in pixels.
        """
        return max(1, int(fov_xy_shape * self.xy_scaling.to_float()))

    def chunk_shape(
        self, axes: Sequence[str], fov_shape: Sequence[int]
    ) -> tuple[int, ...]:
        """Return the chunk shape in `axes` order.

        Args:
            axes: Image axes, e.g. `["c", "z", "y", "x"]`.
            fov_shape: Pixel shape of the first field of view, same order.
        """
        return _chunk_shape(self, axes, fov_shape)


class FixedSizeChunking(UserFacingModel):
    """Chunks of a fixed xy size, whatever the field-of-view size."""

    model_config = presentation_config("FixedSizeChunking")

    mode: Literal["Fixed Size"] = "Fixed Size"
    """Discriminator: xy chunks have the fixed size `xy_chunk`."""
    xy_chunk: int = Field(default=4096, ge=1, title="Chunk Size for XY")
    """Chunk size along x and y, in pixels."""
    z_chunk: int = Field(default=10, ge=1, title="Chunk Size for Z")
    """Chunk size along z (clipped to the image by ngio)."""
    c_chunk: int = Field(default=1, ge=1, title="Chunk Size for C")
    """Chunk size along c."""
    t_chunk: int = Field(default=1, ge=1, title="Chunk Size for T")
    """Chunk size along t."""

    def get_xy_chunk(self, fov_xy_shape: int) -> int:
        """Return `xy_chunk`; the FOV size does not matter.

        Args:
            fov_xy_shape: Size of the first FOV along x or y (ignored).
        """
        return self.xy_chunk

    def chunk_shape(
        self, axes: Sequence[str], fov_shape: Sequence[int]
    ) -> tuple[int, ...]:
        """Return the chunk shape in `axes` order.

        Args:
            axes: Image axes, e.g. `["c", "z", "y", "x"]`.
            fov_shape: Pixel shape of the first field of view, same order.
        """
        return _chunk_shape(self, axes, fov_shape)


ChunkingStrategy = Annotated[
    FovBasedChunking | FixedSizeChunking, Field(discriminator="mode")
]
"""How the image is split into storage chunks, selected by `mode`."""


class NoSharding(UserFacingModel):
    """One stored object per chunk."""

    model_config = presentation_config("NoSharding")

    mode: Literal["None"] = "None"
    """Discriminator: no shards."""

    def shard_shape(
        self, axes: Sequence[str], chunks: Sequence[int]
    ) -> tuple[int, ...] | None:
        """Return None: the array is not sharded.

        Args:
            axes: Image axes.
            chunks: Chunk shape in `axes` order.
        """
        return None


class ChunkMultipleSharding(UserFacingModel):
    """Shards made of a fixed number of chunks per axis (zarr v3, NGFF 0.5)."""

    model_config = presentation_config("ChunkMultipleSharding")

    mode: Literal["Multiple of Chunks"] = "Multiple of Chunks"
    """Discriminator: shard = chunk times a factor per axis."""
    xy_factor: int = Field(default=4, ge=1, title="Chunks per Shard in XY")
    """Chunks per shard along x and along y."""
    z_factor: int = Field(default=1, ge=1, title="Chunks per Shard in Z")
    """Chunks per shard along z."""
    c_factor: int = Field(default=1, ge=1, title="Chunks per Shard in C")
    """Chunks per shard along c."""
    t_factor: int = Field(default=1, ge=1, title="Chunks per Shard in T")
    """Chunks per shard along t."""

    def get_factor(self, axis: str) -> int:
        """Return the chunks per shard along `axis` (1 for unknown axes).

        Args:
            axis: One of t, c, z, y, x.
        """
        factors = {
            "x": self.xy_factor,
            "y": self.xy_factor,
            "z": self.z_factor,
            "c": self.c_factor,
            "t": self.t_factor,
        }
        return factors.get(axis, 1)

    def shard_shape(
        self, axes: Sequence[str], chunks: Sequence[int]
    ) -> tuple[int, ...] | None:
        """Return the shard shape, a whole multiple of `chunks` per axis.

        A whole multiple is what zarr requires; ngio clips shards larger than
        the array.

        Args:
            axes: Image axes.
            chunks: Chunk shape in `axes` order.
        """
        if len(axes) != len(chunks):
            raise ConvertersToolsInternalError(
                f"Shard computation got {len(axes)} axes {list(axes)} but "
                f"{len(chunks)} chunk sizes {list(chunks)}."
            )
        return tuple(
            int(chunk) * self.get_factor(axis)
            for axis, chunk in zip(axes, chunks, strict=True)
        )


ShardingStrategy = Annotated[
    NoSharding | ChunkMultipleSharding, Field(discriminator="mode")
]
"""How chunks are grouped into shards, selected by `mode`."""


class NumberOfLevels(UserFacingModel):
    """A number of resolution levels named `0`, `1`, ..."""

    model_config = presentation_config("NumberOfLevels")

    mode: Literal["Number of Levels"] = "Number of Levels"
    """Discriminator: levels given by count."""
    num_levels: int = Field(default=5, ge=1, title="Number of Resolution Levels")
    """Number of resolution levels of the pyramid."""

    def to_ngio_levels(self) -> int | list[str]:
        """Return the levels as ngio's `create_empty_ome_zarr` accepts them."""
        return self.num_levels

    def level_paths(self) -> list[str]:
        """Return the level paths, `["0", "1", ...]`."""
        return [str(index) for index in range(self.num_levels)]


class NamedLevels(UserFacingModel):
    """Resolution levels with explicit names, highest resolution first."""

    model_config = presentation_config("NamedLevels")

    mode: Literal["Custom Names"] = "Custom Names"
    """Discriminator: levels given by name."""
    level_names: list[str] = Field(min_length=1, title="Level Names")
    """Level names from highest to lowest resolution, e.g. `["s0", "s1"]`; each
    becomes a path inside the image."""

    @field_validator("level_names")
    @classmethod
    def _check_level_names(cls, value: list[str]) -> list[str]:
        """Refuse names that are no safe folder name, have outer spaces or repeat."""
        for name in value:
            # Each level becomes a folder of the image: the naming rules of
            # every output path apply (no `..`, `\\`, control characters...).
            check_path_component(
                name, what="pyramid level name", fix="Use names like 's0', 's1'."
            )
            if name != name.strip():
                raise ValueError(
                    f"Invalid level name {name!r} in {value}: a level name must be "
                    "a non-empty path segment without '/' or surrounding spaces, "
                    "e.g. ['s0', 's1', 's2']."
                )
        duplicates = sorted({name for name in value if value.count(name) > 1})
        if duplicates:
            raise ValueError(
                f"Duplicate level names {duplicates} in {value}: every level needs "
                "its own name, e.g. ['s0', 's1', 's2']."
            )
        return value

    def to_ngio_levels(self) -> int | list[str]:
        """Return the levels as ngio's `create_empty_ome_zarr` accepts them."""
        return list(self.level_names)

    def level_paths(self) -> list[str]:
        """Return the level names."""
        return list(self.level_names)


PyramidLevels = Annotated[NumberOfLevels | NamedLevels, Field(discriminator="mode")]
"""Number and names of the pyramid levels, selected by `mode`."""


def fields_from_levels(value: Any) -> dict[str, Any]:
    """Translate a 1.x `levels` input (model, dict or int) into the fields it sets.

    `NumberOfLevels(num_levels=N)` (or `N`) sets `num_levels`;
    `NamedLevels(level_names=[...])` sets `num_levels` and `level_names` (the
    spelling table of `core.api_line` names this function).

    Raises:
        ValueError: For any other value (pydantic reports it).
    """
    if isinstance(value, int) and not isinstance(value, bool):
        value = NumberOfLevels(num_levels=value)
    if isinstance(value, dict):
        if value.get("mode") == "Custom Names" or "level_names" in value:
            value = NamedLevels.model_validate(value)
        else:
            value = NumberOfLevels.model_validate(value)
    if isinstance(value, NamedLevels):
        names = list(value.level_names)
        return {"num_levels": len(names), "level_names": names}
    if isinstance(value, NumberOfLevels):
        return {"num_levels": value.num_levels}
    raise ValueError(
        f"levels={value!r} is not understood: give NumberOfLevels(num_levels=N), "
        "NamedLevels(level_names=[...]) or an integer."
    )


class OmeZarrOptions(UserFacingModel):
    """Layout of the output OME-Zarr: pyramid, chunks, shards, version, tables."""

    model_config = presentation_config("OmeZarrOptions")

    # Shown as the 1.x union `levels` on the 1.x line (core/api_line.py).
    num_levels: Annotated[int, PresentedType("OmeZarrOptions.num_levels")] = Field(
        ge=1, **line_default_spec("OmeZarrOptions.num_levels")
    )
    """Number of resolution levels to create (1.x: `levels`)."""
    chunks: ChunkingStrategy = Field(
        default_factory=FovBasedChunking, title="Chunking Strategy"
    )
    """How the image is split into storage chunks."""
    shards: ShardingStrategy = Field(default_factory=NoSharding)
    """How chunks are grouped into shards; needs `ngff_version="0.5"` (1.x)."""
    ngff_version: NgffVersions = DefaultNgffVersion
    """OME-NGFF version to write: `0.4` (zarr v2) or `0.5` (zarr v3)."""
    # anndata on the 0.10 line, csv on the 1.x line (the published defaults).
    table_backend: BackendType = Field(
        default=BackendType(line_default("OmeZarrOptions.table_backend")),
        title="Table Backend",
    )
    """File format of the ROI tables."""
    level_names: list[str] | None = None
    """1.x: explicit level names (set through `levels=NamedLevels(...)`)."""

    @field_validator("level_names")
    @classmethod
    def _check_level_names(cls, value: list[str] | None) -> list[str] | None:
        """Apply the `NamedLevels` rules to names given directly."""
        if value is None:
            return None
        return NamedLevels(level_names=value).level_names

    @model_validator(mode="after")
    def _check_consistency(self) -> Self:
        """Check that level names match the count and shards have NGFF 0.5."""
        if self.level_names is not None and len(self.level_names) != self.num_levels:
            raise ValueError(
                f"num_levels={self.num_levels} but {len(self.level_names)} level "
                f"names were given ({self.level_names}). Drop num_levels or give "
                "one name per level."
            )
        if not isinstance(self.shards, NoSharding) and self.ngff_version != "0.5":
            raise ValueError(
                f"Sharding ({self.shards.mode!r}) needs OME-NGFF 0.5 (zarr v3), but "
                f"ngff_version={self.ngff_version!r}. Set ngff_version='0.5' or "
                "use shards=NoSharding()."
            )
        return self

    @property
    def levels(self) -> NumberOfLevels | NamedLevels:
        """1.x view of the pyramid levels."""
        if self.level_names is not None:
            return NamedLevels(level_names=list(self.level_names))
        return NumberOfLevels(num_levels=self.num_levels)

    def level_paths(self) -> list[str]:
        """Return the path of each resolution level, highest resolution first."""
        return self.levels.level_paths()

    def to_ngio_levels(self) -> int | list[str]:
        """Return the levels as ngio's `create_empty_ome_zarr` accepts them."""
        return self.levels.to_ngio_levels()

    def chunk_shape(
        self, axes: Sequence[str], fov_shape: Sequence[int]
    ) -> tuple[int, ...]:
        """Return the chunk shape for an image whose first FOV has `fov_shape`.

        Args:
            axes: Image axes, e.g. `["c", "z", "y", "x"]`.
            fov_shape: Pixel shape of the first field of view, same order.
        """
        return self.chunks.chunk_shape(axes, fov_shape)

    def shard_shape(
        self, axes: Sequence[str], chunks: Sequence[int]
    ) -> tuple[int, ...] | None:
        """Return the shard shape for `chunks`, or None when not sharded.

        Args:
            axes: Image axes.
            chunks: Chunk shape in `axes` order.
        """
        return self.shards.shard_shape(axes, chunks)
