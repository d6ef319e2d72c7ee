import ome_zarr_converters_tools.models as models

# Every name FEATURES.md §10 lists as exported from `models` in 0.10.4 or 1.1.1.
EXPECTED = {
    "AcquisitionDetails",
    "AutoTiling",
    "BackendType",
    "basename_url",
    "ChannelInfo",
    "ChunkingStrategy",
    "ChunkMultipleSharding",
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
    "default_axes_builder",
    "DefaultImageLoader",
    "DefaultNgffVersion",
    "DefaultScheduler",
    "filesystem_for_url",
    "find_url_type",
    "FixedSizeChunking",
    "FovBasedChunking",
    "glob_url_paths",
    "Grouping",
    "ImageInPlate",
    "ImageLoaderInterface",
    "ImageLoaderInterfaceType",
    "InplaceTiling",
    "is_absolute_url",
    "join_url_paths",
    "local_url_to_path",
    "MosaicGrouping",
    "NamedLevels",
    "NgffVersions",
    "NoSharding",
    "NoTiling",
    "NumberOfLevels",
    "OmeZarrOptions",
    "OverwriteMode",
    "parent_url",
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
}


def test_all_matches_export_matrix():
    assert set(models.__all__) == EXPECTED
    assert len(models.__all__) == len(set(models.__all__))


def test_every_name_resolves():
    for name in models.__all__:
        assert getattr(models, name) is not None, name


def test_error_classes_are_the_core_ones():
    from ome_zarr_converters_tools.core import errors

    assert models.ConvertersToolsUserError is errors.ConvertersToolsUserError
    assert issubclass(models.ConvertersToolsUserError, ValueError)
