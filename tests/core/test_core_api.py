import ome_zarr_converters_tools.core as core

EXPECTED = {
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
}


def test_core_all_is_exactly_the_public_surface():
    assert set(core.__all__) == EXPECTED
    assert len(core.__all__) == len(EXPECTED)
    for name in core.__all__:
        assert getattr(core, name) is not None
        assert not name.startswith("_")
