"""Option and data models: acquisition, collections, loaders and conversion options.

Re-exports the core data models users configure (acquisition details,
collections, loaders), the URL helpers and error classes, and every option
model, under the names both the 0.10 and 1.x APIs export from `models`. Names
are imported on first access (see `_lazy_namespace`).
"""

from ome_zarr_converters_tools._lazy_namespace import lazy_package

_EXPORTS = {
    "core.acquisition": (
        "AcquisitionDetails",
        "ChannelInfo",
        "DataTypeEnum",
        "StageOrientation",
    ),
    "core.axes": ("default_axes_builder",),
    "core.collection": (
        "CollectionInterface",
        "CollectionInterfaceType",
        "ImageInPlate",
        "SingleImage",
    ),
    "core.errors": (
        "ConvertersToolsError",
        "ConvertersToolsFileNotFoundError",
        "ConvertersToolsInternalError",
        "ConvertersToolsOutputExistsError",
        "ConvertersToolsUserError",
        "ConvertersToolsWarning",
    ),
    "core.loaders": (
        "DefaultImageLoader",
        "ImageLoaderInterface",
        "ImageLoaderInterfaceType",
    ),
    "core.urls": (
        "UrlType",
        "basename_url",
        "filesystem_for_url",
        "find_url_type",
        "glob_url_paths",
        "is_absolute_url",
        "join_url_paths",
        "local_url_to_path",
        "parent_url",
    ),
    "models.base": ("UserFacingModel",),
    "models.converter": ("ConverterOptions",),
    "models.corrections": ("StagePositionCorrections",),
    "models.grouping": ("Grouping", "MosaicGrouping", "PerFovGrouping"),
    "models.modes": ("OverwriteMode", "WriterMode"),
    "models.runtime": (
        "DaskScheduler",
        "DefaultScheduler",
        "ProcessScheduler",
        "RuntimeSettings",
        "SynchronousScheduler",
        "TempJsonOptions",
        "ThreadScheduler",
    ),
    "models.storage": (
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
    ),
    "models.tiling": (
        "AutoTiling",
        "InplaceTiling",
        "NoTiling",
        "SnapToCornersTiling",
        "SnapToGridTiling",
        "TilingStrategy",
    ),
}

lazy_package(globals(), _EXPORTS)
