import numpy as np
import pytest
from ngio import PixelSize
from pydantic import ValidationError

from _api_lines import per_line
from ome_zarr_converters_tools.core import TiledImage, TileFOVGroup, TileSlice
from ome_zarr_converters_tools.core.acquisition import ChannelInfo
from ome_zarr_converters_tools.core.aggregation import tiled_image_from_tiles
from ome_zarr_converters_tools.core.collection import ImageInPlate
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsInternalError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.geometry import axis_interval
from ome_zarr_converters_tools.core.loaders import DefaultImageLoader
from ome_zarr_converters_tools.core.tile import Tile


def empty_image(tile, **overrides):
    details = tile.acquisition_details
    params = {
        "path": "P.zarr/A/01/0",
        "data_type": "uint16",
        "axes": details.axes,
        "collection": tile.collection,
        "channels": details.channels,
        "pixelsize": details.pixelsize,
        "z_spacing": details.z_spacing,
        "t_spacing": details.t_spacing,
    }
    params.update(overrides)
    return TiledImage(**params)


def test_pixelsize_alias_and_pixel_size(make_tile):
    tile = make_tile()
    image = TiledImage(
        path="p",
        data_type="uint8",
        axes=["y", "x"],
        collection=tile.collection,
        xy_pixel_size=0.25,
        z_spacing=2.0,
        t_spacing=3.0,
    )
    assert image.pixelsize == 0.25
    assert image.xy_pixel_size == 0.25
    assert image.pixel_size == PixelSize(x=0.25, y=0.25, z=2.0, t=3.0)
    # Dumped under the line's name (0.10.4: pixelsize, 1.1.1: xy_pixel_size).
    name = per_line(v0_10="pixelsize", v1="xy_pixel_size")
    assert f'"{name}":0.25' in image.model_dump_json()
    with pytest.raises(ValidationError):
        TiledImage(
            path="p",
            data_type="uint8",
            axes=["y", "x"],
            collection=tile.collection,
            unknown=1,
        )


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("pixelsize", 0.5, "0.5"),
        ("z_spacing", 3.0, "3.0"),
        ("t_spacing", 9.0, "9.0"),
        ("axes", ["c", "y", "x"], "['c', 'y', 'x']"),
        ("channels", [ChannelInfo(channel_label="GFP")], "['GFP']"),
    ],
)
def test_add_tile_refuses_mismatch_naming_both_tiles(
    make_tile, make_details, field, value, shown
):
    first = make_tile("FOV_1", value=1)
    image = empty_image(first)
    image.add_tile(first)
    other = make_tile("FOV_2", value=2, details=make_details(**{field: value}))
    with pytest.raises(ConvertersToolsUserError) as info:
        image.add_tile(other)
    message = str(info.value)
    assert "FOV_2" in message
    assert "array-2.npy" in message
    assert "FOV_1" in message
    assert "array-1.npy" in message
    assert field in message
    assert shown in message
    assert "P.zarr/A/01/0" in message
    assert len(image.regions) == 1


def test_add_tile_translation_is_min_original_origin(make_tile):
    a = make_tile("F", x=10.0, y=5.0, z=2.0)
    b = make_tile("F", x=4.0, y=8.0, z=1.0)
    image = empty_image(a)
    image.add_tile(a, add_translation=True)
    image.add_tile(b, add_translation=True)
    # axes c, z, y, x; z start is a pixel index (spacing 1 here)
    assert image.translation == [0.0, 1.0, 5.0, 4.0]
    plain = empty_image(a)
    plain.add_tile(a)
    assert plain.translation is None


def test_json_round_trip_with_real_files(tmp_path, make_details, two_channels):
    details = make_details(pixelsize=0.5, channels=two_channels)
    collection = ImageInPlate(plate_name="P", row="B", column=3, acquisition=1)
    tiles = []
    for index, (x, c) in enumerate([(0.0, 0), (2.0, 1), (1.0, 0)]):
        path = tmp_path / f"t{index}.npy"
        np.save(path, np.full((4, 4), index + 1, dtype="uint16"))
        tiles.append(
            Tile(
                fov_name=f"FOV_{index}",
                start_x=x,
                start_y=0.5,
                start_c=c,
                length_x=4,
                length_y=4,
                collection=collection,
                image_loader=DefaultImageLoader(file_path=str(path)),
                acquisition_details=details,
                attributes={"drug": ["DMSO"], "dose": [1.5]},
            )
        )
    (image,) = tiled_image_from_tiles(tiles=tiles, split_per_fov=False)
    text = image.model_dump_json()
    rebuilt = TiledImage[ImageInPlate, DefaultImageLoader].model_validate_json(text)
    assert rebuilt == image
    assert rebuilt.model_dump_json() == text
    assert rebuilt.regions[0].roi.model_extra == image.regions[0].roi.model_extra
    assert isinstance(rebuilt.collection, ImageInPlate)
    assert isinstance(rebuilt.regions[0].image_loader, DefaultImageLoader)
    np.testing.assert_array_equal(rebuilt.load_data(), image.load_data())
    keys = list(image.model_dump())
    assert keys == [
        "regions",
        "path",
        "name",
        per_line(v0_10="pixelsize", v1="xy_pixel_size"),
        "z_spacing",
        "t_spacing",
        "data_type",
        "axes",
        "collection",
        "channels",
        "translation",
        "attributes",
    ]


def test_channel_coverage_rechecked_from_json(make_tile, make_details, two_channels):
    tile = make_tile(c=1, details=make_details(channels=two_channels))
    (image,) = tiled_image_from_tiles(tiles=[tile])
    data = image.model_dump()
    data["channels"] = data["channels"][:1]
    with pytest.raises(ValidationError, match=r"channel range \[1.0, 2.0\)"):
        TiledImage[ImageInPlate, type(tile.image_loader)].model_validate(data)


def test_load_data_overlap_and_nonzero_origin(make_tile):
    a = make_tile("A", x=10.0, y=20.0, value=1)
    b = make_tile("B", x=12.0, y=22.0, value=2)
    c = make_tile("C", x=10.0, y=20.0, z=1.0, value=3)
    (image,) = tiled_image_from_tiles(tiles=[a, b, c])
    assert image.shape() == (1, 2, 6, 6)
    assert image.output_shape() == (1, 2, 26, 16)
    data = image.load_data()
    assert data.dtype == np.uint16
    expected = np.zeros((1, 2, 6, 6), dtype="uint16")
    expected[0, 0, 0:4, 0:4] = 1
    expected[0, 0, 2:6, 2:6] = 2
    expected[0, 1, 0:4, 0:4] = 3
    np.testing.assert_array_equal(data, expected)
    for chunks in (None, (1, 1, 3, 3), (1, 2, 6, 6), ((1,), (1, 1), (5, 1), (2, 4))):
        lazy = image.load_data_dask(chunks=chunks)
        np.testing.assert_array_equal(lazy.compute(scheduler="sync"), data)


def test_pattern_placement_in_world_units(make_tile, make_details):
    details = make_details(pixelsize=0.5)
    tile = make_tile("A", x=1.0, y=2.0, lx=6, ly=4, pattern=True, details=details)
    (image,) = tiled_image_from_tiles(tiles=[tile])
    expected = tile.image_loader.load_data().reshape(1, 1, 4, 6)
    np.testing.assert_array_equal(image.load_data(), expected)


def test_load_data_shape_mismatch_is_user_error(make_tile, loader_cls):
    tile = make_tile("A")
    wrong = tile.model_copy(update={"image_loader": loader_cls(value=5, shape=[3, 4])})
    (image,) = tiled_image_from_tiles(tiles=[wrong])
    with pytest.raises(
        ConvertersToolsUserError, match=r"\(1, 1, 3, 4\).*\(1, 1, 4, 4\)"
    ):
        image.load_data()


def test_group_by_fov_order_ref_slice_and_fov_loading(make_tile):
    tiles = [
        make_tile("F2", x=8.0, z=1.0, value=1),
        make_tile("F1", x=0.0, value=2),
        make_tile("F2", x=8.0, z=0.0, value=3),
    ]
    (image,) = tiled_image_from_tiles(tiles=tiles)
    groups = image.group_by_fov()
    assert [g.fov_name for g in groups] == ["F2", "F1"]
    f2 = groups[0]
    assert isinstance(f2, TileFOVGroup)
    assert f2.shape() == (1, 2, 4, 4)
    assert f2.ref_slice() is f2.regions[1]
    assert f2.roi().name == "F2"
    assert axis_interval(f2.roi(), "x") == (8.0, 4.0)
    data = f2.load_data()
    assert data[0, 0, 0, 0] == 3
    assert data[0, 1, 0, 0] == 1
    np.testing.assert_array_equal(
        f2.load_data_dask(chunks=(1, 1, 2, 2)).compute(scheduler="sync"), data
    )
    assert image.roi().name == image.path
    assert image.model_copy(update={"name": "nice"}).roi().name == "nice"


def test_group_types_follow_parametrisation(make_tile):
    (image,) = tiled_image_from_tiles(tiles=[make_tile()])
    typed = TiledImage[ImageInPlate, type(make_tile().image_loader)]
    rebuilt = typed.model_validate_json(image.model_dump_json())
    rebuilt.add_tile(make_tile("G"))
    # serialising a parametrised image with appended slices must not warn
    rebuilt.model_dump_json()
    assert type(rebuilt.regions[-1]) is type(rebuilt.regions[0])
    group = rebuilt.group_by_fov()[0]
    group.model_dump_json()


def test_tile_slice_load_data_pads(make_tile):
    tile = make_tile()
    tile_slice = TileSlice.from_tile(tile)
    assert tile_slice.load_data(axes=["t", "c", "z", "y", "x"]).shape == (
        1,
        1,
        1,
        4,
        4,
    )
    with pytest.raises(ConvertersToolsUserError, match=r"declares only 1 axes"):
        tile_slice.load_data(axes=["x"])


def test_empty_image_geometry_is_internal_error(make_tile):
    image = empty_image(make_tile())
    with pytest.raises(ConvertersToolsInternalError, match="no regions"):
        image.shape()
    assert image.group_by_fov() == []


def test_absolute_file_path_ignores_resource(tmp_path, make_details):
    path = tmp_path / "abs.npy"
    np.save(path, np.full((2, 3), 9, dtype="uint16"))
    relative = tmp_path / "rel.npy"
    np.save(relative, np.full((2, 3), 4, dtype="uint16"))
    details = make_details()
    tiles = [
        Tile(
            fov_name=name,
            start_x=x,
            start_y=0,
            length_x=3,
            length_y=2,
            collection=ImageInPlate(plate_name="P", row="A", column=1),
            image_loader=DefaultImageLoader(file_path=file_path),
            acquisition_details=details,
        )
        for name, x, file_path in (("A", 0, str(path)), ("B", 3, "rel.npy"))
    ]
    (image,) = tiled_image_from_tiles(tiles=tiles)
    data = image.load_data(resource=str(tmp_path))
    assert (data[..., :3] == 9).all()
    assert (data[..., 3:] == 4).all()
    lazy = image.load_data_dask(resource=tmp_path, chunks=(1, 1, 2, 2))
    np.testing.assert_array_equal(lazy.compute(scheduler="sync"), data)


def test_queries_and_loading_leave_the_image_unchanged(make_tile):
    tiles = [make_tile("A", x=3.0), make_tile("B", x=5.0, y=2.0, value=2)]
    (image,) = tiled_image_from_tiles(tiles=tiles)
    before = image.model_dump_json()
    image.shape()
    image.output_shape()
    image.roi()
    image.load_data()
    image.load_data_dask(chunks=(1, 1, 2, 2)).compute(scheduler="sync")
    for group in image.group_by_fov():
        group.load_data()
        group.ref_slice()
    assert image.model_dump_json() == before
