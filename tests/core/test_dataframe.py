import pandas as pd
import pytest

from ome_zarr_converters_tools.core import (
    hcs_images_from_dataframe,
    single_images_from_dataframe,
)
from ome_zarr_converters_tools.core.acquisition import AcquisitionDetails
from ome_zarr_converters_tools.core.collection import ImageInPlate, SingleImage
from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.loaders import DefaultImageLoader

DETAILS = AcquisitionDetails(pixelsize=0.65, z_spacing=5.0, start_z_coo="pixel")


def plate_table(**extra_columns):
    data = {
        "file_path": ["a.png", "b.png"],
        "row": ["A", 2],
        "column": [1, 3],
        "fov_name": ["FOV_1", "FOV_2"],
        "start_x": [10.0, 1000.0],
        "start_y": [10.0, 1000.0],
        "start_z": [0, 1],
        "length_x": [2560, 2560],
        "length_y": [2160, 2160],
        **extra_columns,
    }
    return pd.DataFrame(data)


def test_hcs_routing_of_columns():
    tiles = hcs_images_from_dataframe(
        tiles_table=plate_table(drug=["DMSO", "X"], pixelsize=[0.1, 0.1]),
        acquisition_details=DETAILS,
        acquisition_id=2,
    )
    assert len(tiles) == 2
    first, second = tiles
    assert first.image_loader == DefaultImageLoader(file_path="a.png")
    assert first.collection == ImageInPlate(
        plate_name="Plate", row="A", column=1, acquisition=2
    )
    assert second.collection.path() == "Plate.zarr/B/03/2"
    assert (first.fov_name, first.start_x, first.length_y) == ("FOV_1", 10.0, 2160)
    assert second.start_z == 1.0
    assert first.attributes == {"drug": ["DMSO"], "pixelsize": [0.1]}
    assert first.acquisition_details is DETAILS
    assert first.collection is not second.collection


def test_plate_name_argument_and_none_default():
    table = plate_table()
    named = hcs_images_from_dataframe(
        tiles_table=table, acquisition_details=DETAILS, plate_name="Demo"
    )
    assert named[0].collection.path() == "Demo.zarr/A/01/0"
    legacy = hcs_images_from_dataframe(
        tiles_table=table, acquisition_details=DETAILS, plate_name=None
    )
    assert legacy[0].collection.plate_name == "Plate"


@pytest.mark.parametrize(
    ("column", "hint"),
    [
        ("acquisition", "acquisition_id"),
        ("plate_name", "plate_name argument"),
        ("attributes", "filled by the builder"),
        ("collection", "filled by the builder"),
    ],
)
def test_clashing_column_is_user_error(column, hint):
    with pytest.raises(ConvertersToolsUserError, match=hint) as info:
        hcs_images_from_dataframe(
            tiles_table=plate_table(**{column: [1, 1]}),
            acquisition_details=DETAILS,
        )
    assert repr(column) in str(info.value)


def test_missing_required_column_names_column_and_row():
    table = plate_table().drop(columns=["length_x"])
    with pytest.raises(ConvertersToolsUserError, match=r"\['length_x'\].*index 0"):
        hcs_images_from_dataframe(tiles_table=table, acquisition_details=DETAILS)
    empty = pd.DataFrame({"file_path": []})
    with pytest.raises(ConvertersToolsUserError, match="table is empty"):
        single_images_from_dataframe(tiles_table=empty, acquisition_details=DETAILS)


def test_invalid_cell_names_row_column_and_value():
    table = plate_table()
    table.loc[1, "length_x"] = -5
    with pytest.raises(ConvertersToolsUserError) as info:
        hcs_images_from_dataframe(tiles_table=table, acquisition_details=DETAILS)
    message = str(info.value)
    assert "row 1" in message
    assert "'length_x'" in message
    assert "-5" in message
    assert "FOV_2" in message
    assert "b.png" in message
    table = plate_table()
    table.loc[0, "row"] = 27
    with pytest.raises(ConvertersToolsUserError, match=r"row 0.*'row'"):
        hcs_images_from_dataframe(tiles_table=table, acquisition_details=DETAILS)


def test_single_images_routing():
    table = pd.DataFrame(
        {
            "file_path": ["/x/a.tif"],
            "image_path": ["scan"],
            "fov_name": ["FOV_1"],
            "start_x": [0.0],
            "start_y": [0.0],
            "length_x": [10],
            "length_y": [10],
            "length_c": [2],
            "row": ["A"],
        }
    )
    (tile,) = single_images_from_dataframe(
        tiles_table=table, acquisition_details=DETAILS
    )
    assert tile.collection == SingleImage(image_path="scan")
    assert tile.length_c == 2
    assert tile.attributes == {"row": ["A"]}
    assert tile.collection.path() == "scan.zarr"


def test_non_string_column_labels_become_attributes():
    table = plate_table()
    table[7] = ["p", "q"]
    tiles = hcs_images_from_dataframe(tiles_table=table, acquisition_details=DETAILS)
    assert tiles[1].attributes == {"7": ["q"]}


def test_duplicate_columns_are_user_error():
    table = plate_table(drug=["a", "b"])
    table = pd.concat([table, table[["drug"]]], axis=1)
    with pytest.raises(
        ConvertersToolsUserError, match=r"duplicate column names \['drug'\]"
    ):
        hcs_images_from_dataframe(tiles_table=table, acquisition_details=DETAILS)
