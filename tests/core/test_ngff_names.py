"""NGFF-valid per-FOV image names (`ngff_names=True` / `OZCT_NGFF_NAMES=1`)."""

from __future__ import annotations

import pytest

from ome_zarr_converters_tools.core.acquisition import AcquisitionDetails
from ome_zarr_converters_tools.core.aggregation import tiled_image_from_tiles
from ome_zarr_converters_tools.core.collection import ImageInPlate, SingleImage
from ome_zarr_converters_tools.core.dummy import (
    StartPosition,
    TileShape,
    build_dummy_tile,
)
from ome_zarr_converters_tools.core.errors import ConvertersToolsNameError
from ome_zarr_converters_tools.core.names import (
    NGFF_NAMES_ENV,
    ngff_names_enabled,
    per_fov_suffix,
)

DETAILS = AcquisitionDetails(pixelsize=1.0, z_spacing=1.0)
WELL = ImageInPlate(plate_name="P", row="A", column=1, acquisition=0)


def tiles(*fov_names: str, collection: object = WELL) -> list[object]:
    return [
        build_dummy_tile(
            fov_name=name,
            start=StartPosition(x=40 * index, y=0),
            shape=TileShape(x=8, y=8),
            collection=collection,
            acquisition_details=DETAILS,
        )
        for index, name in enumerate(fov_names)
    ]


def paths(*fov_names: str, **kwargs: object) -> list[str]:
    images = tiled_image_from_tiles(
        tiles=tiles(*fov_names, collection=kwargs.pop("collection", WELL)),
        split_per_fov=True,
        **kwargs,
    )
    return [image.path for image in images]


@pytest.fixture(autouse=True)
def no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(NGFF_NAMES_ENV, raising=False)


def test_default_keeps_the_0_10_names() -> None:
    assert paths("FOV_1", "FOV_2") == ["P.zarr/A/01/0_FOV_1", "P.zarr/A/01/0_FOV_2"]


def test_ngff_names_keep_letters_and_digits_only() -> None:
    assert paths("FOV_1", "fov-2.b", ngff_names=True) == [
        "P.zarr/A/01/0FOV1",
        "P.zarr/A/01/0fov2b",
    ]


def test_the_environment_variable_switches_them_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(NGFF_NAMES_ENV, "1")
    assert paths("FOV_1") == ["P.zarr/A/01/0FOV1"]
    # an explicit argument wins over the environment
    assert paths("FOV_1", ngff_names=False) == ["P.zarr/A/01/0_FOV_1"]


@pytest.mark.parametrize(
    ("argument", "environment", "expected"),
    [
        (None, None, False),
        (None, "1", True),
        (None, " TRUE ", True),
        (None, "0", False),
        (False, "1", False),
        (True, None, True),
    ],
)
def test_ngff_names_enabled(
    argument: bool | None,
    environment: str | None,
    expected: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if environment is not None:
        monkeypatch.setenv(NGFF_NAMES_ENV, environment)
    assert ngff_names_enabled(argument) is expected


def test_mosaics_and_single_images_are_not_renamed() -> None:
    mosaic = tiled_image_from_tiles(
        tiles=tiles("FOV_1", "FOV_2"), split_per_fov=False, ngff_names=True
    )
    assert [image.path for image in mosaic] == ["P.zarr/A/01/0"]
    single = SingleImage(image_path="scan")
    assert paths("FOV_1", collection=single, ngff_names=True) == ["scan_FOV_1.zarr"]


def test_fov_names_that_become_one_image_are_refused() -> None:
    with pytest.raises(ConvertersToolsNameError) as caught:
        paths("FOV_1", "FOV-1", ngff_names=True)
    message = str(caught.value)
    assert "'FOV_1' and 'FOV-1' both become image 'P.zarr/A/01/0FOV1'" in message
    assert "ngff_names=False" in message


def test_a_fov_name_without_letters_or_digits_is_refused() -> None:
    with pytest.raises(ConvertersToolsNameError, match="has none"):
        per_fov_suffix("__", ngff_names=True)
    assert per_fov_suffix("__") == "___"
