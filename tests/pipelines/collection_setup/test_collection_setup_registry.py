"""Collection dispatch, the handler registry and the single-image handler."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _zarr_factories import make_image, plate_collection

from ome_zarr_converters_tools.core.collection import ImageInPlate, SingleImage
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsOutputExistsError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.models.modes import OverwriteMode
from ome_zarr_converters_tools.pipelines.collection_setup import (
    COLLECTION_HANDLERS,
    add_collection_handler,
    setup_ome_zarr_collection,
    setup_singleimage,
)


@pytest.fixture
def isolated_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let a test register handlers without leaking them into other tests."""
    monkeypatch.setattr(COLLECTION_HANDLERS, "_items", dict(COLLECTION_HANDLERS._items))
    monkeypatch.setattr(
        COLLECTION_HANDLERS, "_aliases", dict(COLLECTION_HANDLERS._aliases)
    )


def test_builtin_handlers_are_keyed_by_class_name() -> None:
    assert "ImageInPlate" in COLLECTION_HANDLERS
    assert "SingleImage" in COLLECTION_HANDLERS


@pytest.mark.usefixtures("isolated_registry")
def test_custom_handler_by_name_and_by_class(tiles_dir: Path, zarr_dir: Path) -> None:
    calls: list[dict[str, Any]] = []

    def MyCollection(**kwargs: Any) -> None:
        calls.append(kwargs)

    add_collection_handler(function=MyCollection)
    add_collection_handler(
        function=MyCollection, collection_type=SingleImage, overwrite=True
    )
    image = make_image(tiles_dir)

    setup_ome_zarr_collection(
        tiled_images=[image], collection_type="MyCollection", zarr_dir=str(zarr_dir)
    )
    setup_ome_zarr_collection(
        tiled_images=[image],
        collection_type=SingleImage,
        zarr_dir=str(zarr_dir),
        ngff_version="0.5",
        overwrite_mode="Extend",
    )

    assert [c["ngff_version"] for c in calls] == ["0.4", "0.5"]
    assert calls[1]["overwrite_mode"] is OverwriteMode.EXTEND
    assert calls[0]["tiled_images"] == [image]
    assert calls[0]["zarr_dir"] == str(zarr_dir)


@pytest.mark.usefixtures("isolated_registry")
def test_registering_a_taken_name_needs_overwrite() -> None:
    def handler(**kwargs: Any) -> None:
        del kwargs

    with pytest.raises(ConvertersToolsUserError, match="'ImageInPlate'"):
        add_collection_handler(function=handler, collection_type=ImageInPlate)


def test_unknown_collection_type_lists_the_available_ones(
    tiles_dir: Path, zarr_dir: Path
) -> None:
    with pytest.raises(ConvertersToolsUserError, match="'ImageInPlate'"):
        setup_ome_zarr_collection(
            tiled_images=[make_image(tiles_dir)],
            collection_type="Nope",
            zarr_dir=str(zarr_dir),
        )


def test_no_images_is_a_user_error(zarr_dir: Path) -> None:
    with pytest.raises(ConvertersToolsUserError, match="No images"):
        setup_ome_zarr_collection(
            tiled_images=[], collection_type="SingleImage", zarr_dir=str(zarr_dir)
        )


def test_duplicate_output_paths_are_refused(tiles_dir: Path, zarr_dir: Path) -> None:
    collection = plate_collection()
    images = [
        make_image(tiles_dir, collection=collection, fovs=[("FOV_1", 0.0, 0.0)]),
        make_image(tiles_dir, collection=collection, fovs=[("FOV_2", 9.0, 0.0)]),
    ]

    with pytest.raises(ConvertersToolsUserError, match=r"P\.zarr/A/01/0") as info:
        setup_ome_zarr_collection(
            tiled_images=images, collection_type=ImageInPlate, zarr_dir=str(zarr_dir)
        )

    assert "2 images" in str(info.value)
    assert not (zarr_dir / "P.zarr").exists()


def test_collection_class_must_match_the_images(
    tiles_dir: Path, zarr_dir: Path
) -> None:
    with pytest.raises(ConvertersToolsUserError, match="SingleImage collection"):
        setup_ome_zarr_collection(
            tiled_images=[make_image(tiles_dir)],
            collection_type=ImageInPlate,
            zarr_dir=str(zarr_dir),
        )


def test_single_image_handler_only_checks_no_overwrite(
    tiles_dir: Path, zarr_dir: Path
) -> None:
    image = make_image(tiles_dir)

    setup_ome_zarr_collection(
        tiled_images=[image], collection_type="SingleImage", zarr_dir=str(zarr_dir)
    )
    assert list(zarr_dir.iterdir()) == []

    (zarr_dir / "img.zarr").mkdir()
    for mode in (OverwriteMode.OVERWRITE, OverwriteMode.EXTEND):
        setup_singleimage(str(zarr_dir), [image], overwrite_mode=mode)
    with pytest.raises(ConvertersToolsOutputExistsError) as info:
        setup_singleimage(str(zarr_dir), [image])
    assert str(zarr_dir / "img.zarr") in str(info.value)


def test_single_image_handler_refuses_plate_images(
    tiles_dir: Path, zarr_dir: Path
) -> None:
    image = make_image(tiles_dir, collection=plate_collection())

    with pytest.raises(RuntimeError, match="not a SingleImage"):
        setup_singleimage(str(zarr_dir), [image])
