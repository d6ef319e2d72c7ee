"""The public API: upstream names keep working, and every `__all__` is pinned."""

import importlib

import pytest

import ome_zarr_converters_tools as root
from upstream_exports import UPSTREAM_EXPORTS

SUBPACKAGES = ("core", "models", "pipelines", "fractal", "testing")


def _module(place: str):
    if place == "root":
        return root
    return importlib.import_module(f"ome_zarr_converters_tools.{place}")


@pytest.mark.parametrize(
    ("name", "place"),
    [(name, place) for name, places in UPSTREAM_EXPORTS.items() for place in places],
)
def test_upstream_name_is_exported_where_upstream_had_it(name, place):
    module = _module(place)
    assert name in module.__all__, f"{name} missing from {place}.__all__"
    assert getattr(module, name) is not None


@pytest.mark.parametrize("sub", ["core", "models", "pipelines"])
def test_root_reexports_every_public_name_of_the_layers(sub):
    module = _module(sub)
    missing = sorted(set(module.__all__) - set(root.__all__))
    assert not missing


@pytest.mark.parametrize("place", ["root", *SUBPACKAGES])
def test_every_listed_name_resolves_and_all_is_sorted_unique(place):
    module = _module(place)
    names = list(module.__all__)
    assert len(names) == len(set(names))
    for name in names:
        assert getattr(module, name, None) is not None, f"{place}.{name}"


def test_root_exports_resolve_to_the_same_objects_as_the_subpackages():
    for sub in ("core", "models", "pipelines", "fractal"):
        module = _module(sub)
        for name in set(module.__all__) & set(root.__all__):
            assert getattr(root, name) is getattr(module, name), name


def test_version_metadata():
    assert root.__version__.count(".") >= 2
    assert isinstance(root.__author__, str)


def test_compatibility_shims_reexport_the_real_classes():
    from ome_zarr_converters_tools.models import _converter_options, _loader
    from ome_zarr_converters_tools.pipelines import _filters

    assert _loader.ImageLoaderInterface is root.ImageLoaderInterface
    assert _converter_options.BackendType is root.BackendType
    assert _filters.RegexIncludeFilter is root.RegexIncludeFilter


def test_root_and_plugin_import_cheaply():
    """Worker processes and the pytest plugin must not import the whole stack."""
    import subprocess
    import sys

    code = (
        "import sys; import ome_zarr_converters_tools; "
        "import ome_zarr_converters_tools.testing.plugin; "
        "print('ngio' in sys.modules, 'dask' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["False", "False"]


def test_unknown_root_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = root.no_such_name
    assert "Tile" in dir(root)


# The public surface, pinned: a change here is an API change and must be deliberate.
PINNED_ALL: dict[str, list[str]] = {
    "root": [
        "API_LINE",
        "AcquisitionDetails",
        "AcquisitionFilter",
        "AcquisitionOptions",
        "AttributeFilter",
        "AttributeType",
        "AutoTiling",
        "BackendType",
        "ChannelFilter",
        "ChannelInfo",
        "ChannelInfoUI",
        "ChunkMultipleSharding",
        "ChunkingStrategy",
        "CollectionInterface",
        "CollectionInterfaceType",
        "ColorMenu",
        "ConvertParallelInitArgs",
        "ConverterOptions",
        "ConvertersToolsError",
        "ConvertersToolsFileNotFoundError",
        "ConvertersToolsInternalError",
        "ConvertersToolsOutputExistsError",
        "ConvertersToolsUserError",
        "ConvertersToolsWarning",
        "DaskDistributedRunner",
        "DaskScheduler",
        "DataTypeEnum",
        "DefaultImageLoader",
        "DefaultNgffVersion",
        "DefaultScheduler",
        "FilterModel",
        "FixedSizeChunking",
        "FovBasedChunking",
        "FovNameFilter",
        "Grouping",
        "ImageInPlate",
        "ImageListUpdateDict",
        "ImageLoaderInterface",
        "ImageLoaderInterfaceType",
        "ImplementedFilters",
        "ImplementedValidators",
        "InplaceTiling",
        "MosaicGrouping",
        "MultiprocessingRunner",
        "NamedLevels",
        "NgffVersions",
        "NoSharding",
        "NoTiling",
        "NumberOfLevels",
        "OmeZarrOptions",
        "OverwriteMode",
        "PerFovGrouping",
        "PixelSizeModel",
        "ProcessScheduler",
        "PyramidLevels",
        "RegexExcludeFilter",
        "RegexFilter",
        "RegexIncludeFilter",
        "RegistrationStep",
        "RunnerType",
        "RuntimeSettings",
        "Scalings",
        "SequentialRunner",
        "ShapeDtypeProbeValidator",
        "ShardingStrategy",
        "SingleImage",
        "SnapToCornersTiling",
        "SnapToGridTiling",
        "StageOrientation",
        "StagePositionCorrections",
        "SynchronousScheduler",
        "TRangeFilter",
        "TempJsonOptions",
        "ThreadScheduler",
        "ThreadedRunner",
        "Tile",
        "TileFOVGroup",
        "TileSlice",
        "TiledImage",
        "TilingStrategy",
        "UrlType",
        "UserFacingModel",
        "ValidatorModel",
        "ValidatorStep",
        "WellExcludeFilter",
        "WellFilter",
        "WellIncludeFilter",
        "WriterMode",
        "ZRangeFilter",
        "add_collection_handler",
        "add_filter",
        "add_registration_func",
        "add_validator",
        "apply_filter_pipeline",
        "apply_registration_pipeline",
        "apply_validator_pipeline",
        "basename_url",
        "build_default_registration_pipeline",
        "build_dummy_tile",
        "converters_tools_models",
        "default_axes_builder",
        "exec_compound_task",
        "filesystem_for_url",
        "find_url_type",
        "generic_compute_task",
        "glob_url_paths",
        "hcs_images_from_dataframe",
        "is_absolute_url",
        "join_url_paths",
        "local_url_to_path",
        "parent_url",
        "setup_images_for_conversion",
        "setup_ome_zarr_collection",
        "setup_singleimage",
        "single_images_from_dataframe",
        "tiled_image_creation_pipeline",
        "tiled_image_from_tiles",
        "tiles_aggregation_pipeline",
        "write_tiled_image_as_zarr",
    ],
    "core": [
        "AttributeType",
        "Tile",
        "TileFOVGroup",
        "TileSlice",
        "TiledImage",
        "build_dummy_tile",
        "find_url_type",
        "hcs_images_from_dataframe",
        "join_url_paths",
        "local_url_to_path",
        "single_images_from_dataframe",
        "tiled_image_from_tiles",
    ],
    "models": [
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
    ],
    "pipelines": [
        "AcquisitionFilter",
        "AttributeFilter",
        "ChannelFilter",
        "FilterModel",
        "FovNameFilter",
        "ImplementedFilters",
        "ImplementedValidators",
        "RegexExcludeFilter",
        "RegexFilter",
        "RegexIncludeFilter",
        "RegistrationStep",
        "ShapeDtypeProbeValidator",
        "TRangeFilter",
        "ValidatorModel",
        "ValidatorStep",
        "WellExcludeFilter",
        "WellFilter",
        "WellIncludeFilter",
        "ZRangeFilter",
        "add_collection_handler",
        "add_filter",
        "add_registration_func",
        "add_validator",
        "apply_filter_pipeline",
        "apply_registration_pipeline",
        "apply_validator_pipeline",
        "build_default_registration_pipeline",
        "setup_ome_zarr_collection",
        "setup_singleimage",
        "tiled_image_creation_pipeline",
        "tiles_aggregation_pipeline",
        "write_tiled_image_as_zarr",
    ],
    "fractal": [
        "AcquisitionOptions",
        "ChannelInfoUI",
        "ColorMenu",
        "ConvertParallelInitArgs",
        "DaskDistributedRunner",
        "ImageListUpdateDict",
        "MultiprocessingRunner",
        "PixelSizeModel",
        "RunnerType",
        "SequentialRunner",
        "ThreadedRunner",
        "UpdateDict",
        "build_parallelization_list",
        "cleanup_if_exists",
        "converters_tools_models",
        "dump_json_str",
        "dump_to_json",
        "exec_compound_task",
        "generic_compute_task",
        "remove_json",
        "setup_images_for_conversion",
        "tiled_image_from_json",
        "tiled_image_from_json_str",
    ],
    # not re-exported by the root: matplotlib is an optional extra
    "plotting": ["plot_layout"],
    "testing": [
        "FingerprintModel",
        "ImageAssertionModel",
        "ImageLoaderContract",
        "MultiPlateAssertionModel",
        "MultiSingleImageAssertionModel",
        "PlateAssertionModel",
        "RoiAssertionModel",
        "TableAssertionModel",
        "build_snapshot",
        "compare_snapshots",
        "run_converter_test",
    ],
}


@pytest.mark.parametrize("place", sorted(PINNED_ALL))
def test_all_is_pinned(place):
    assert sorted(_module(place).__all__) == PINNED_ALL[place]
