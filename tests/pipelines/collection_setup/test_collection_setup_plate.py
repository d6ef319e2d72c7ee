"""Plate handler: new plates, overwrite modes, EXTEND and plate condition tables."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import ngio.hcs._plate as ngio_plate_module
import pytest
import zarr
from _zarr_factories import make_image, plate_collection, register
from ngio import ImageInWellPath
from ome_zarr_models.v04.hcs import HCSAttrs
from ome_zarr_models.v04.well import WellAttrs
from ome_zarr_models.v05.hcs import HCSAttrs as HCSAttrs05

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsOutputExistsError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.tiled_image import TiledImage
from ome_zarr_converters_tools.core.urls import join_url_paths
from ome_zarr_converters_tools.models.converter import ConverterOptions
from ome_zarr_converters_tools.models.modes import OverwriteMode
from ome_zarr_converters_tools.pipelines.collection_setup import (
    journal as journal_module,
)
from ome_zarr_converters_tools.pipelines.collection_setup import (
    plate as plate_module,
)
from ome_zarr_converters_tools.pipelines.collection_setup import (
    setup_ome_zarr_collection,
)
from ome_zarr_converters_tools.pipelines.ome_zarr import write_tiled_image_as_zarr

AnyImage = TiledImage[Any, Any]


def _image(
    folder: Path, *, attributes: dict[str, list[Any]] | None = None, **collection: Any
) -> AnyImage:
    return make_image(
        folder,
        collection=plate_collection(**collection),
        fovs=[("FOV_1", 0.0, 0.0)],
        attributes=attributes,
    )


def _setup(zarr_dir: Path, images: list[AnyImage], **kwargs: Any) -> None:
    setup_ome_zarr_collection(
        tiled_images=images,
        collection_type="ImageInPlate",
        zarr_dir=str(zarr_dir),
        **kwargs,
    )


def _attrs(path: Path) -> dict[str, Any]:
    return dict(zarr.open_group(str(path), mode="r").attrs)


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_new_plate_lists_all_wells_and_acquisitions(
    tiles_dir: Path, zarr_dir: Path
) -> None:
    images = [
        _image(tiles_dir, row="B", column=3, attributes={"drug": ["DMSO"]}),
        _image(tiles_dir, row="A", column=12, attributes={"drug": ["X"]}),
        _image(
            tiles_dir, row="B", column=3, acquisition_id=1, attributes={"drug": ["Y"]}
        ),
    ]

    _setup(zarr_dir, images)

    plate = zarr_dir / "P.zarr"
    attrs = _attrs(plate)
    HCSAttrs.model_validate(attrs)
    assert attrs["version"] == "0.4"
    assert attrs["plate"] == {
        "acquisitions": [{"id": 0, "name": "0"}, {"id": 1, "name": "1"}],
        "columns": [{"name": "03"}, {"name": "12"}],
        "name": "P.zarr",
        "rows": [{"name": "A"}, {"name": "B"}],
        "wells": [
            {"path": "B/03", "rowIndex": 1, "columnIndex": 0},
            {"path": "A/12", "rowIndex": 0, "columnIndex": 1},
        ],
        "version": "0.4",
    }
    well = _attrs(plate / "B" / "03")
    WellAttrs.model_validate(well)
    assert well["well"]["images"] == [
        {"path": "0", "acquisition": 0},
        {"path": "1", "acquisition": 1},
    ]
    assert _attrs(plate / "B") == {}
    assert not (plate / "B" / "03" / "0").exists()  # images come from compute
    csv = (plate / "tables" / "condition_table" / "table.csv").read_text()
    assert csv == (
        '"row","column","acquisition","path_in_well","drug"\n'
        '"B",3,0,"0","DMSO"\n"A",12,0,"0","X"\n"B",3,1,"1","Y"\n'
    )
    assert _attrs(plate / "tables") == {"tables": ["condition_table"]}


def test_plate_without_attributes_has_no_condition_table(
    tiles_dir: Path, zarr_dir: Path
) -> None:
    _setup(zarr_dir, [_image(tiles_dir)])
    assert not (zarr_dir / "P.zarr" / "tables").exists()


def test_ngff05_plate(tiles_dir: Path, zarr_dir: Path) -> None:
    _setup(zarr_dir, [_image(tiles_dir)], ngff_version="0.5")

    meta = json.loads((zarr_dir / "P.zarr" / "zarr.json").read_text())
    HCSAttrs05.model_validate(meta["attributes"]["ome"])
    assert meta["attributes"]["ome"]["plate"]["version"] == "0.5"


def test_several_plates_each_get_their_own_images(
    tiles_dir: Path, zarr_dir: Path
) -> None:
    images = [
        _image(tiles_dir, plate="P1", attributes={"d": ["a"]}),
        _image(tiles_dir, plate="P2", column=2, attributes={"d": ["b"]}),
    ]

    _setup(zarr_dir, images)

    assert _attrs(zarr_dir / "P1.zarr")["plate"]["wells"][0]["path"] == "A/01"
    assert _attrs(zarr_dir / "P2.zarr")["plate"]["wells"][0]["path"] == "A/02"
    p2_csv = (zarr_dir / "P2.zarr/tables/condition_table/table.csv").read_text()
    assert p2_csv.splitlines()[1:] == ['"A",2,0,"0","b"']


def test_plate_and_well_documents_are_written_once(
    tiles_dir: Path, zarr_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes: list[str] = []
    for module, name in (
        (journal_module, "update_ngio_plate_meta"),
        (journal_module, "update_ngio_well_meta"),
    ):
        real = getattr(module, name)

        def spy(
            *args: Any, _real: Any = real, _name: str = name, **kwargs: Any
        ) -> None:
            writes.append(_name)
            _real(*args, **kwargs)

        monkeypatch.setattr(module, name, spy)
    images = [
        _image(tiles_dir, column=c, acquisition_id=a) for c in (1, 2, 3) for a in (0, 1)
    ]

    _setup(zarr_dir, images)

    assert writes.count("update_ngio_plate_meta") == 1
    assert writes.count("update_ngio_well_meta") == 3
    assert len(_attrs(zarr_dir / "P.zarr")["plate"]["wells"]) == 3


@pytest.mark.parametrize("ngff_version", ["0.4", "0.5"])
def test_plate_metadata_equals_ngio_add_image_chain(
    tiles_dir: Path, zarr_dir: Path, ngff_version: str
) -> None:
    """Same plate document as ngio's own builder, for scrambled wells."""
    cells = [
        ("C", 2, 1),
        ("A", 11, 0),
        ("C", 2, 0),
        ("B", 1, 3),
        ("A", 2, 1),
        ("P", 24, 0),
    ]
    images = [_image(tiles_dir, row=r, column=c, acquisition_id=a) for r, c, a in cells]
    reference = ngio_plate_module.create_empty_plate(
        store=str(zarr_dir / "ref.zarr"),
        name="P.zarr",
        images=[
            ImageInWellPath(
                row=r, column=c, path=str(a), acquisition_id=a, acquisition_name=str(a)
            )
            for r, c, a in cells
        ],
        ngff_version=ngff_version,
    )
    first, rest = images[:3], images[3:]

    _setup(zarr_dir, first, ngff_version=ngff_version)
    _setup(zarr_dir, images, ngff_version=ngff_version, overwrite_mode="Extend")

    ours = zarr_dir / "P.zarr"
    assert _attrs(ours) == _attrs(zarr_dir / "ref.zarr")
    for well in reference.wells_paths():
        assert _attrs(ours / well) == _attrs(zarr_dir / "ref.zarr" / well)
    assert len(rest) == 3


def test_no_overwrite_refuses_before_writing_any_plate(
    tiles_dir: Path, zarr_dir: Path
) -> None:
    (zarr_dir / "P2.zarr").mkdir()
    images = [_image(tiles_dir, plate="P1"), _image(tiles_dir, plate="P2")]

    with pytest.raises(ConvertersToolsOutputExistsError) as info:
        _setup(zarr_dir, images, overwrite_mode=OverwriteMode.NO_OVERWRITE)

    assert str(zarr_dir / "P2.zarr") in str(info.value)
    assert "Extend" in str(info.value)
    assert "Overwrite" in str(info.value)
    assert not (zarr_dir / "P1.zarr").exists()


def test_overwrite_recreates_the_plate(tiles_dir: Path, zarr_dir: Path) -> None:
    _setup(zarr_dir, [_image(tiles_dir, row="C", column=5, attributes={"d": ["x"]})])

    _setup(zarr_dir, [_image(tiles_dir)], overwrite_mode="Overwrite")

    plate = zarr_dir / "P.zarr"
    assert [w["path"] for w in _attrs(plate)["plate"]["wells"]] == ["A/01"]
    assert not (plate / "C").exists()
    assert not (plate / "tables").exists()


def _convert(zarr_dir: Path, tiles_dir: Path, images: list[AnyImage]) -> None:
    options = ConverterOptions(
        omezarr_options={"num_levels": 2, "table_backend": "csv"}
    )
    for image in images:
        write_tiled_image_as_zarr(
            zarr_url=join_url_paths(str(zarr_dir), image.path),
            tiled_image=register(image),
            converter_options=options,
            resource=str(tiles_dir),
        )


def test_extend_adds_missing_images_and_keeps_existing_ones(
    tiles_dir: Path, zarr_dir: Path
) -> None:
    first = _image(tiles_dir, attributes={"drug": ["DMSO"]})
    _setup(zarr_dir, [first])
    _convert(zarr_dir, tiles_dir, [first])
    existing = zarr_dir / "P.zarr" / "A" / "01" / "0"
    before = _digest(existing)
    added = [
        _image(tiles_dir, acquisition_id=1, attributes={"drug": ["X"]}),
        _image(tiles_dir, row="B", column=2, attributes={"drug": ["Y"]}),
    ]

    _setup(zarr_dir, [first, *added], overwrite_mode=OverwriteMode.EXTEND)

    assert _digest(existing) == before
    plate = _attrs(zarr_dir / "P.zarr")["plate"]
    assert [w["path"] for w in plate["wells"]] == ["A/01", "B/02"]
    assert plate["acquisitions"] == [{"id": 0, "name": "0"}, {"id": 1, "name": "1"}]
    assert _attrs(zarr_dir / "P.zarr/A/01")["well"]["images"] == [
        {"path": "0", "acquisition": 0},
        {"path": "1", "acquisition": 1},
    ]
    assert _attrs(zarr_dir / "P.zarr/B/02")["well"]["images"] == [
        {"path": "0", "acquisition": 0}
    ]
    assert _attrs(zarr_dir / "P.zarr/B") == {}
    csv = (zarr_dir / "P.zarr/tables/condition_table/table.csv").read_text()
    assert csv == (
        '"row","column","acquisition","path_in_well","drug"\n'
        '"A",1,0,"0","DMSO"\n"A",1,1,"1","X"\n"B",2,0,"0","Y"\n'
    )


def test_extend_with_nothing_new_touches_nothing(
    tiles_dir: Path, zarr_dir: Path
) -> None:
    images = [_image(tiles_dir, attributes={"drug": ["DMSO"]})]
    _setup(zarr_dir, images)
    before = _digest(zarr_dir / "P.zarr")

    _setup(zarr_dir, images, overwrite_mode=OverwriteMode.EXTEND)

    assert _digest(zarr_dir / "P.zarr") == before


def test_extend_creates_a_missing_plate(tiles_dir: Path, zarr_dir: Path) -> None:
    _setup(zarr_dir, [_image(tiles_dir)], overwrite_mode=OverwriteMode.EXTEND)
    assert _attrs(zarr_dir / "P.zarr")["plate"]["wells"][0]["path"] == "A/01"


def test_extend_refuses_a_corrupt_plate(tiles_dir: Path, zarr_dir: Path) -> None:
    plate = zarr_dir / "P.zarr"
    plate.mkdir()
    (plate / ".zgroup").write_text('{"zarr_format": 2}')
    (plate / ".zattrs").write_text('{"something": "else"}')
    before = _digest(plate)

    with pytest.raises(ConvertersToolsUserError, match="cannot be opened") as info:
        _setup(zarr_dir, [_image(tiles_dir)], overwrite_mode=OverwriteMode.EXTEND)

    assert str(plate) in str(info.value)
    assert _digest(plate) == before


def test_extend_refuses_another_ngff_version(tiles_dir: Path, zarr_dir: Path) -> None:
    _setup(zarr_dir, [_image(tiles_dir)], ngff_version="0.4")

    with pytest.raises(ConvertersToolsUserError, match=r"NGFF 0\.4"):
        _setup(
            zarr_dir,
            [_image(tiles_dir, column=2)],
            ngff_version="0.5",
            overwrite_mode=OverwriteMode.EXTEND,
        )


def test_extend_refuses_new_attribute_columns(tiles_dir: Path, zarr_dir: Path) -> None:
    _setup(zarr_dir, [_image(tiles_dir, attributes={"drug": ["DMSO"]})])

    with pytest.raises(ConvertersToolsUserError, match="same attributes"):
        _setup(
            zarr_dir,
            [_image(tiles_dir, column=2, attributes={"dose": [1]})],
            overwrite_mode=OverwriteMode.EXTEND,
        )


def test_inconsistent_attributes_fail_before_writing(
    tiles_dir: Path, zarr_dir: Path
) -> None:
    images = [
        _image(tiles_dir, attributes={"drug": ["DMSO"]}),
        _image(tiles_dir, column=2, attributes={"dose": [1]}),
    ]

    with pytest.raises(ConvertersToolsUserError, match="same attributes"):
        _setup(zarr_dir, images)

    assert not (zarr_dir / "P.zarr").exists()


def test_plate_handler_refuses_single_images(tiles_dir: Path, zarr_dir: Path) -> None:
    image = make_image(tiles_dir)

    with pytest.raises(RuntimeError, match="not an ImageInPlate"):
        plate_module.setup_plates(str(zarr_dir), [image])


def test_per_fov_images_share_a_well(tiles_dir: Path, zarr_dir: Path) -> None:
    """NoTiling: one image per FOV, `<acq>_<fov>` in the well, with a translation."""
    from _zarr_factories import make_tiles

    from ome_zarr_converters_tools.core.aggregation import tiled_image_from_tiles

    tiles = make_tiles(
        tiles_dir,
        collection=plate_collection(row="B", column=5, acquisition_id=1),
        fovs=[("FOV0", 3.0, 2.0), ("FOV1", 20.0, 2.0)],
    )
    images = tiled_image_from_tiles(
        tiles=tiles, split_per_fov=True, resource=str(tiles_dir)
    )
    _setup(zarr_dir, images)
    _convert(zarr_dir, tiles_dir, images)

    plate = _attrs(zarr_dir / "P.zarr")["plate"]
    assert plate["acquisitions"] == [{"id": 1, "name": "1"}]
    assert _attrs(zarr_dir / "P.zarr/B/05")["well"]["images"] == [
        {"path": "1_FOV0", "acquisition": 1},
        {"path": "1_FOV1", "acquisition": 1},
    ]
    image = zarr_dir / "P.zarr/B/05/1_FOV1"
    dataset = _attrs(image)["multiscales"][0]["datasets"][0]
    assert dataset["coordinateTransformations"][1] == {
        "type": "translation",
        "translation": [0.0, 0.0, 2.0, 20.0],
    }
    assert sorted(p.name for p in (image / "tables").iterdir()) == [
        ".zattrs",
        ".zgroup",
        "well_ROI_table",
    ]


def test_extend_with_per_fov_names(
    tiles_dir: Path, zarr_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first = _image(tiles_dir, acquisition_id=1)
    second = first.model_copy(
        update={"collection": first.collection.with_suffix("_FOV2")}
    )
    second = second.model_copy(update={"path": second.collection.path()})
    _setup(zarr_dir, [first])

    _setup(zarr_dir, [first, second], overwrite_mode=OverwriteMode.EXTEND)

    assert _attrs(zarr_dir / "P.zarr/A/01")["well"]["images"] == [
        {"path": "1", "acquisition": 1},
        {"path": "1_FOV2", "acquisition": 1},
    ]
    assert "['1_FOV2']" in caplog.text


def test_plate_handler_refuses_duplicate_paths(tiles_dir: Path, zarr_dir: Path) -> None:
    images = [_image(tiles_dir), _image(tiles_dir)]

    with pytest.raises(ConvertersToolsUserError, match="2 images"):
        plate_module.setup_plates(str(zarr_dir), images)

    assert not (zarr_dir / "P.zarr").exists()


def test_home_relative_zarr_dir_is_expanded(
    tiles_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)

    setup_ome_zarr_collection(
        tiled_images=[_image(tiles_dir)], collection_type="ImageInPlate", zarr_dir="~"
    )

    assert (tmp_path / "P.zarr" / "A" / "01").is_dir()
    assert not (tmp_path / "~").exists()
