import pytest
from pydantic import TypeAdapter, ValidationError

from _api_lines import ON_0_10, per_line
from ome_zarr_converters_tools.core.errors import ConvertersToolsInternalError
from ome_zarr_converters_tools.models import (
    BackendType,
    ChunkingStrategy,
    ChunkMultipleSharding,
    DefaultNgffVersion,
    FixedSizeChunking,
    FovBasedChunking,
    NamedLevels,
    NoSharding,
    NumberOfLevels,
    OmeZarrOptions,
    PyramidLevels,
    Scalings,
    ShardingStrategy,
)


def test_enums():
    assert [b.value for b in BackendType] == ["anndata", "json", "csv", "parquet"]
    assert [s.value for s in Scalings] == ["0.25", "0.5", "1", "2", "4"]
    assert [s.to_float() for s in Scalings] == [0.25, 0.5, 1.0, 2.0, 4.0]
    assert DefaultNgffVersion == "0.4"


def test_fov_based_chunking_defaults_and_shape():
    chunking = FovBasedChunking()
    assert chunking.model_dump() == {
        "mode": "Same as FOV",
        "xy_scaling": "1",
        "z_chunk": 10,
        "c_chunk": 1,
        "t_chunk": 1,
    }
    assert chunking.chunk_shape(["t", "c", "z", "y", "x"], [3, 2, 40, 512, 256]) == (
        1,
        1,
        10,
        512,
        256,
    )
    half = FovBasedChunking(xy_scaling="0.5", z_chunk=2, c_chunk=3, t_chunk=4)
    assert half.chunk_shape(["t", "c", "z", "y", "x"], [9, 9, 9, 101, 1]) == (
        4,
        3,
        2,
        50,
        1,
    )
    assert FovBasedChunking(xy_scaling=Scalings.QUARTER).get_xy_chunk(2) == 1


def test_fixed_size_chunking():
    chunking = FixedSizeChunking()
    assert chunking.xy_chunk == 4096
    assert (chunking.z_chunk, chunking.c_chunk, chunking.t_chunk) == (10, 1, 1)
    assert chunking.chunk_shape(["z", "y", "x"], [5, 10, 10]) == (10, 4096, 4096)
    assert FixedSizeChunking(xy_chunk=64).get_xy_chunk(1000) == 64


def test_chunk_shape_errors():
    with pytest.raises(ConvertersToolsInternalError, match="'q'"):
        FovBasedChunking().chunk_shape(["q", "x"], [1, 2])
    with pytest.raises(ConvertersToolsInternalError, match="2 axes"):
        FovBasedChunking().chunk_shape(["y", "x"], [1, 2, 3])


@pytest.mark.parametrize(
    "data",
    [{"mode": "Fixed Size", "xy_chunk": 0}, {"mode": "Same as FOV", "z_chunk": 0}],
)
def test_chunking_bounds(data):
    with pytest.raises(ValidationError):
        TypeAdapter(ChunkingStrategy).validate_python(data)


def test_chunking_union_discriminates_on_mode():
    adapter = TypeAdapter(ChunkingStrategy)
    assert isinstance(
        adapter.validate_python({"mode": "Fixed Size"}), FixedSizeChunking
    )
    assert isinstance(
        adapter.validate_python({"mode": "Same as FOV"}), FovBasedChunking
    )
    with pytest.raises(ValidationError):
        adapter.validate_python({"mode": "Other"})


def test_sharding_models():
    assert NoSharding().shard_shape(["y", "x"], [4, 4]) is None
    shards = ChunkMultipleSharding()
    assert (shards.xy_factor, shards.z_factor, shards.c_factor, shards.t_factor) == (
        4,
        1,
        1,
        1,
    )
    custom = ChunkMultipleSharding(xy_factor=2, z_factor=3, c_factor=4, t_factor=5)
    assert custom.shard_shape(["t", "c", "z", "y", "x"], [1, 1, 10, 64, 32]) == (
        5,
        4,
        30,
        128,
        64,
    )
    assert custom.get_factor("q") == 1
    adapter = TypeAdapter(ShardingStrategy)
    assert isinstance(adapter.validate_python({"mode": "None"}), NoSharding)
    with pytest.raises(ConvertersToolsInternalError):
        custom.shard_shape(["y", "x"], [1])


def test_levels_models():
    assert NumberOfLevels().num_levels == 5
    assert NumberOfLevels(num_levels=3).level_paths() == ["0", "1", "2"]
    assert NumberOfLevels(num_levels=2).to_ngio_levels() == 2
    named = NamedLevels(level_names=["s0", "s1"])
    assert named.level_paths() == ["s0", "s1"]
    assert named.to_ngio_levels() == ["s0", "s1"]
    adapter = TypeAdapter(PyramidLevels)
    assert isinstance(
        adapter.validate_python({"mode": "Custom Names", "level_names": ["a"]}),
        NamedLevels,
    )


@pytest.mark.parametrize(
    "names", [[], ["a", "a"], ["a/b"], [" a"], [""], ["s0", "s1", "s0"]]
)
def test_named_levels_invalid(names):
    with pytest.raises(ValidationError):
        NamedLevels(level_names=names)


@pytest.mark.parametrize("name", ["..", ".", "a\\b", "s\x000", "s0\n", "x" * 256])
def test_named_levels_follow_the_output_naming_rules(name):
    # Each level is a folder of the image: nothing that could climb out of it.
    with pytest.raises(ValidationError, match="pyramid level name"):
        NamedLevels(level_names=["s0", name])


def test_num_levels_must_be_positive():
    with pytest.raises(ValidationError):
        NumberOfLevels(num_levels=0)
    with pytest.raises(ValidationError):
        OmeZarrOptions(num_levels=0)


def test_ome_zarr_options_defaults_and_dump():
    options = OmeZarrOptions()
    chunks = {
        "mode": "Same as FOV",
        "xy_scaling": "1",
        "z_chunk": 10,
        "c_chunk": 1,
        "t_chunk": 1,
    }
    assert options.model_dump(mode="json") == per_line(
        v0_10={
            "num_levels": 5,
            "chunks": chunks,
            "ngff_version": "0.4",
            "table_backend": "anndata",
        },
        v1={
            "levels": {"mode": "Number of Levels", "num_levels": 5},
            "chunks": chunks,
            "shards": {"mode": "None"},
            "ngff_version": "0.4",
            "table_backend": "csv",
        },
    )
    # 1.1.1 writes CSV tables by default, 0.10 AnnData.
    assert options.table_backend == per_line(v0_10="anndata", v1="csv")
    assert isinstance(options.shards, NoSharding)
    assert options.level_paths() == ["0", "1", "2", "3", "4"]
    assert options.to_ngio_levels() == 5
    assert options.levels == NumberOfLevels(num_levels=5)


def test_ome_zarr_options_schema_is_the_line_one():
    properties = OmeZarrOptions.model_json_schema()["properties"]
    assert list(properties) == per_line(
        v0_10=["num_levels", "chunks", "ngff_version", "table_backend"],
        v1=["levels", "chunks", "shards", "ngff_version", "table_backend"],
    )
    assert properties["table_backend"]["default"] == per_line(v0_10="anndata", v1="csv")


@pytest.mark.parametrize(
    ("levels", "paths", "ngio"),
    [
        (NumberOfLevels(num_levels=3), ["0", "1", "2"], 3),
        ({"mode": "Number of Levels", "num_levels": 2}, ["0", "1"], 2),
        (NamedLevels(level_names=["s0", "s1"]), ["s0", "s1"], ["s0", "s1"]),
        ({"mode": "Custom Names", "level_names": ["a"]}, ["a"], ["a"]),
        (4, ["0", "1", "2", "3"], 4),
    ],
)
def test_levels_alias(levels, paths, ngio):
    options = OmeZarrOptions(levels=levels)
    assert options.level_paths() == paths
    assert options.to_ngio_levels() == ngio
    assert options.num_levels == len(paths)
    again = OmeZarrOptions.model_validate_json(options.model_dump_json())
    assert again.level_paths() == paths


def test_named_levels_property_and_dump():
    options = OmeZarrOptions(levels=NamedLevels(level_names=["s0", "s1"]))
    assert options.levels == NamedLevels(level_names=["s0", "s1"])
    dumped = options.model_dump(mode="json")
    if ON_0_10:
        assert dumped["level_names"] == ["s0", "s1"]
        assert "levels" not in dumped
    else:
        assert dumped["levels"] == {"mode": "Custom Names", "level_names": ["s0", "s1"]}
        assert "level_names" not in dumped


@pytest.mark.parametrize(
    "data",
    [
        {"levels": NumberOfLevels(num_levels=3), "num_levels": 4},
        {"levels": "many"},
        {"levels": {"mode": "Custom Names", "level_names": ["a", "a"]}},
        {"num_levels": 3, "level_names": ["a", "b"]},
        {"level_names": ["a/b"], "num_levels": 1},
    ],
)
def test_levels_errors(data):
    with pytest.raises(ValidationError):
        OmeZarrOptions.model_validate(data)


def test_sharding_requires_ngff_05():
    with pytest.raises(ValidationError, match=r"0\.5"):
        OmeZarrOptions(shards=ChunkMultipleSharding())
    options = OmeZarrOptions(shards=ChunkMultipleSharding(), ngff_version="0.5")
    assert options.shard_shape(["y", "x"], [10, 10]) == (40, 40)
    dumped = options.model_dump()
    assert dumped["shards"]["mode"] == "Multiple of Chunks"
    assert OmeZarrOptions.model_validate(dumped) == options


def test_ome_zarr_options_chunk_shape_delegates():
    options = OmeZarrOptions(chunks=FixedSizeChunking(xy_chunk=16))
    assert options.chunk_shape(["c", "y", "x"], [1, 100, 100]) == (1, 16, 16)
    assert options.shard_shape(["c", "y", "x"], [1, 16, 16]) is None


@pytest.mark.parametrize(
    "data",
    [
        {"ngff_version": "0.3"},
        {"table_backend": "xml"},
        {"chunk": {}},
    ],
)
def test_ome_zarr_options_invalid(data):
    with pytest.raises(ValidationError):
        OmeZarrOptions.model_validate(data)


def test_input_dict_not_mutated():
    data = {"levels": {"mode": "Number of Levels", "num_levels": 2}}
    OmeZarrOptions.model_validate(data)
    assert data == {"levels": {"mode": "Number of Levels", "num_levels": 2}}
