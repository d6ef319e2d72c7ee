"""Option and data models: acquisition, collections, loaders and conversion options.

Re-exports the core data models users configure (acquisition details,
collections, loaders), the URL helpers and error classes, and every option
model, under the names both the 0.10 and 1.x APIs export from `models`.
"""

from ome_zarr_converters_tools.core.acquisition import (
    AcquisitionDetails,
    ChannelInfo,
    DataTypeEnum,
    StageOrientation,
    default_axes_builder,
)
from ome_zarr_converters_tools.core.collection import (
    CollectionInterface,
    CollectionInterfaceType,
    ImageInPlate,
    SingleImage,
)
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsError,
    ConvertersToolsFileNotFoundError,
    ConvertersToolsInternalError,
    ConvertersToolsOutputExistsError,
    ConvertersToolsUserError,
    ConvertersToolsWarning,
)
from ome_zarr_converters_tools.core.loaders import (
    DefaultImageLoader,
    ImageLoaderInterface,
    ImageLoaderInterfaceType,
)
from ome_zarr_converters_tools.core.urls import (
    UrlType,
    basename_url,
    filesystem_for_url,
    find_url_type,
    glob_url_paths,
    is_absolute_url,
    join_url_paths,
    local_url_to_path,
    parent_url,
)
from ome_zarr_converters_tools.models.base import UserFacingModel
from ome_zarr_converters_tools.models.converter import ConverterOptions
from ome_zarr_converters_tools.models.corrections import StagePositionCorrections
from ome_zarr_converters_tools.models.grouping import (
    Grouping,
    MosaicGrouping,
    PerFovGrouping,
)
from ome_zarr_converters_tools.models.modes import OverwriteMode, WriterMode
from ome_zarr_converters_tools.models.runtime import (
    DaskScheduler,
    DefaultScheduler,
    ProcessScheduler,
    RuntimeSettings,
    SynchronousScheduler,
    TempJsonOptions,
    ThreadScheduler,
)
from ome_zarr_converters_tools.models.storage import (
    BackendType,
    ChunkingStrategy,
    ChunkMultipleSharding,
    DefaultNgffVersion,
    FixedSizeChunking,
    FovBasedChunking,
    NamedLevels,
    NgffVersions,
    NoSharding,
    NumberOfLevels,
    OmeZarrOptions,
    PyramidLevels,
    Scalings,
    ShardingStrategy,
)
from ome_zarr_converters_tools.models.tiling import (
    AutoTiling,
    InplaceTiling,
    NoTiling,
    SnapToCornersTiling,
    SnapToGridTiling,
    TilingStrategy,
)

__all__ = [
    "AcquisitionDetails",
    "AutoTiling",
    "BackendType",
    "ChannelInfo",
    "ChunkMultipleSharding",
    "ChunkingStrategy",
    "CollectionInterface",
    "CollectionInterfaceType",
    "ConverterOptions",
    "ConvertersToolsError",
    "ConvertersToolsFileNotFoundError",
    "ConvertersToolsInternalError",
    "ConvertersToolsOutputExistsError",
    "ConvertersToolsUserError",
    "ConvertersToolsWarning",
    "DaskScheduler",
    "DataTypeEnum",
    "DefaultImageLoader",
    "DefaultNgffVersion",
    "DefaultScheduler",
    "FixedSizeChunking",
    "FovBasedChunking",
    "Grouping",
    "ImageInPlate",
    "ImageLoaderInterface",
    "ImageLoaderInterfaceType",
    "InplaceTiling",
    "MosaicGrouping",
    "NamedLevels",
    "NgffVersions",
    "NoSharding",
    "NoTiling",
    "NumberOfLevels",
    "OmeZarrOptions",
    "OverwriteMode",
    "PerFovGrouping",
    "ProcessScheduler",
    "PyramidLevels",
    "RuntimeSettings",
    "Scalings",
    "ShardingStrategy",
    "SingleImage",
    "SnapToCornersTiling",
    "SnapToGridTiling",
    "StageOrientation",
    "StagePositionCorrections",
    "SynchronousScheduler",
    "TempJsonOptions",
    "ThreadScheduler",
    "TilingStrategy",
    "UrlType",
    "UserFacingModel",
    "WriterMode",
    "basename_url",
    "default_axes_builder",
    "filesystem_for_url",
    "find_url_type",
    "glob_url_paths",
    "is_absolute_url",
    "join_url_paths",
    "local_url_to_path",
    "parent_url",
]
