"""Compatibility shim: the 0.10 private path of the converter option models.

Converter test suites import `BackendType` from here; new code should import from
`ome_zarr_converters_tools.models`.
"""

from ome_zarr_converters_tools.models import (
    AutoTiling,
    BackendType,
    ChunkingStrategy,
    ConverterOptions,
    FixedSizeChunking,
    FovBasedChunking,
    InplaceTiling,
    NoTiling,
    OmeZarrOptions,
    SnapToCornersTiling,
    SnapToGridTiling,
    StagePositionCorrections,
    TilingStrategy,
    WriterMode,
)

__all__ = [
    "AutoTiling",
    "BackendType",
    "ChunkingStrategy",
    "ConverterOptions",
    "FixedSizeChunking",
    "FovBasedChunking",
    "InplaceTiling",
    "NoTiling",
    "OmeZarrOptions",
    "SnapToCornersTiling",
    "SnapToGridTiling",
    "StagePositionCorrections",
    "TilingStrategy",
    "WriterMode",
]
