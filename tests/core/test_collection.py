import pytest
from pydantic import ValidationError

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsUnknownKeyWarning,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.models import (
    CollectionInterface,
    ImageInPlate,
    SingleImage,
)


def test_collection_interface_is_abstract():
    with pytest.raises(TypeError):
        CollectionInterface()


def test_custom_collection_subclass():
    class Folder(CollectionInterface):
        name: str

        def path(self) -> str:
            return f"{self.name}{self.suffix}.zarr"

    with pytest.warns(ConvertersToolsUnknownKeyWarning, match="'ignored'"):
        folder = Folder(name="f", ignored="extra keys are ignored")
    assert folder.path() == "f.zarr"
    assert folder.with_suffix("_A").path() == "f_A.zarr"


def test_single_image_path():
    assert SingleImage(image_path="img").path() == "img.zarr"
    assert SingleImage(image_path="img.zarr").path() == "img.zarr"
    assert SingleImage(image_path="my image-1.v2").path() == "my image-1.v2.zarr"


def test_single_image_suffix():
    image = SingleImage(image_path="img")
    split = image.with_suffix("_FOV1")
    assert split.path() == "img_FOV1.zarr"
    assert image.path() == "img.zarr"
    assert image.suffix == ""


@pytest.mark.parametrize("bad", ["a/b", "__x", " x", "x ", "..", "a*b", ""])
def test_single_image_invalid_name(bad):
    image = SingleImage(image_path=bad)
    with pytest.raises(ConvertersToolsUserError, match="Invalid Zarr name") as info:
        image.path()
    assert repr(bad) in str(info.value)


def test_single_image_requires_image_path():
    with pytest.raises(ValidationError):
        SingleImage()


def test_image_in_plate_paths():
    image = ImageInPlate(plate_name="Plate", row="B", column=3, acquisition=1)
    assert image.well == "B03"
    assert image.plate_path() == "Plate.zarr"
    assert image.well_path() == "B/03"
    assert image.path_in_well() == "1"
    assert image.image_in_well_path() == "B/03/1"
    assert image.path() == "Plate.zarr/B/03/1"


def test_image_in_plate_defaults():
    image = ImageInPlate(plate_name="P.zarr", row="A", column=12)
    assert image.acquisition == 0
    assert image.suffix == ""
    assert image.path() == "P.zarr/A/12/0"


@pytest.mark.parametrize(
    ("row", "letter"),
    [(1, "A"), (2, "B"), (26, "Z"), ("3", "C"), ("H", "H"), (4.0, "D")],
)
def test_row_conversion(row, letter):
    assert ImageInPlate(plate_name="P", row=row, column=1).row == letter


def test_row_from_numpy_integer():
    np = pytest.importorskip("numpy")
    assert ImageInPlate(plate_name="P", row=np.int64(5), column=1).row == "E"


@pytest.mark.parametrize("row", [0, 27, -1, "27", 1.5, True, "A/1", ""], ids=repr)
def test_row_out_of_range(row):
    with pytest.raises(ValidationError):
        ImageInPlate(plate_name="P", row=row, column=1)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"plate_name": "P", "row": "A", "column": 0},
        {"plate_name": "P", "row": "A", "column": 1, "acquisition": -1},
        {"row": "A", "column": 1},
        {"plate_name": "P", "column": 1},
    ],
)
def test_image_in_plate_validation(kwargs):
    with pytest.raises(ValidationError):
        ImageInPlate(**kwargs)


def test_image_in_plate_invalid_plate_name():
    image = ImageInPlate(plate_name="my/plate", row="A", column=1)
    with pytest.raises(ConvertersToolsUserError, match="plate name"):
        image.path()


def test_with_suffix_never_mutates_a_shared_collection():
    shared = ImageInPlate(plate_name="P", row="A", column=1)
    first = shared.with_suffix("_FOV1")
    second = shared.with_suffix("_FOV2")
    assert shared.path() == "P.zarr/A/01/0"
    assert first.path() == "P.zarr/A/01/0_FOV1"
    assert second.path() == "P.zarr/A/01/0_FOV2"
    assert type(first) is ImageInPlate


def test_set_suffix_is_in_place():
    image = ImageInPlate(plate_name="P", row="A", column=1)
    image.set_suffix("_X")
    assert image.path_in_well() == "0_X"


def test_suffix_survives_json_round_trip():
    image = ImageInPlate(plate_name="P", row=2, column=1).with_suffix("_F")
    again = ImageInPlate.model_validate_json(image.model_dump_json())
    assert again.path() == "P.zarr/B/01/0_F"


def test_extra_keys_are_ignored_with_a_warning():
    # 0.10 ignores unknown keys here; this library also says so.
    with pytest.warns(ConvertersToolsUnknownKeyWarning, match="'file_path'"):
        image = ImageInPlate(plate_name="P", row="A", column=1, file_path="x.png")
    assert not hasattr(image, "file_path")
