"""Parity with the published 0.10.4 release on a reduced copy of the example plate.

The expected values below were produced by 0.10.4 (ngio 0.5.14, zarr 3.1.6) with
`tests/data/hcs_plate_small/make_reference_0104.py`: the reduced HCS plate
(`DemoPlate`, 3 FOVs x 2 z-planes, FOV_1/FOV_3 overlapping, FOV_2/FOV_3 sharing a
file) and the reduced single image (`cardiomyocyte_scan`, 2 FOVs), default options,
OVERWRITE, NGFF 0.4 and 0.5. 0.10.4 wrote its ROI tables with anndata, so the
tables are compared by content; the options give 0.10.4's defaults explicitly
(`options_0104`), so the 1.x build, whose defaults are 1.1.1's, is compared
too; pixels (every pyramid level, C order), OME metadata, array metadata and the
condition-table CSV bytes must match exactly.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import zarr
from ngio import open_ome_zarr_container
from ome_zarr_models.v04.hcs import HCSAttrs as HCSAttrs04
from ome_zarr_models.v04.image import ImageAttrs as ImageAttrs04
from ome_zarr_models.v04.well import WellAttrs as WellAttrs04
from ome_zarr_models.v05.hcs import HCSAttrs as HCSAttrs05
from ome_zarr_models.v05.image import ImageAttrs as ImageAttrs05

from ome_zarr_converters_tools.core.acquisition import AcquisitionDetails, ChannelInfo
from ome_zarr_converters_tools.core.collection import ImageInPlate, SingleImage
from ome_zarr_converters_tools.core.dataframe import (
    hcs_images_from_dataframe,
    single_images_from_dataframe,
)
from ome_zarr_converters_tools.core.loaders import DefaultImageLoader
from ome_zarr_converters_tools.core.urls import join_url_paths
from ome_zarr_converters_tools.models.converter import ConverterOptions
from ome_zarr_converters_tools.models.corrections import StagePositionCorrections
from ome_zarr_converters_tools.models.modes import OverwriteMode, WriterMode
from ome_zarr_converters_tools.models.runtime import RuntimeSettings
from ome_zarr_converters_tools.models.storage import OmeZarrOptions
from ome_zarr_converters_tools.models.tiling import TilingStrategy
from ome_zarr_converters_tools.pipelines.aggregation import tiles_aggregation_pipeline
from ome_zarr_converters_tools.pipelines.collection_setup import (
    setup_ome_zarr_collection,
)
from ome_zarr_converters_tools.pipelines.creation import tiled_image_creation_pipeline
from ome_zarr_converters_tools.pipelines.registration import (
    build_default_registration_pipeline,
)

pytestmark = pytest.mark.integration

DATA = Path(__file__).resolve().parents[1] / "data" / "hcs_plate_small"
PLATE_IMAGE = "DemoPlate.zarr/A/01/0"
SINGLE_IMAGE = "cardiomyocyte_scan.zarr"

# ---- recorded from 0.10.4 ---------------------------------------------------------

LEVEL_SHA256 = {
    "plate": {
        "0": "054b3d5b9262503132f7f35a794f1a557cd0fda0c6a2b0bc499723c84921d49c",
        "1": "38be8568599471d0fed2fe38b7b987c4d1c1cf5482152bfee5cbf531ffbdcc2e",
        "2": "c6569a33e731021a9b700b11b7f6415b390df35acc079a3c7d4b44bceca5efad",
        "3": "0090b8c5aee4d09fb248978575d487c0e3366537a3a3d9394851570a7e593916",
        "4": "ec41e014ee1e5bc0db37d446d6855a525f3b1eff2efdb98e44720b3c25acd342",
    },
    "single": {
        "0": "aa8426e3a4326b51bb613d9a9ba7207d3e1571b533cd760b1ce4b71139a8038a",
        "1": "6ea1547c45f093a76aae3974e8f446afb5650f5b8a8bbd483d60dd78fbbf5946",
        "2": "9b20b9b334df11901ecb1a4af4e467ef93d93e4d1da1585e45a1cff30cca6a4c",
        "3": "1919452ff67f98661c8444486beb898b01210088df2628b439f311517c77eb15",
        "4": "a3abe9ed42436e3afde30590dade1f1169b4187782adc76998d9da9506adb03c",
    },
}
LEVEL_SHAPES = {
    "0": ((1, 1, 2, 216, 256), (1, 1, 2, 108, 128)),
    "1": ((1, 1, 2, 108, 128), (1, 1, 2, 108, 128)),
    "2": ((1, 1, 2, 54, 64), (1, 1, 2, 54, 64)),
    "3": ((1, 1, 2, 27, 32), (1, 1, 2, 27, 32)),
    "4": ((1, 1, 2, 13, 16), (1, 1, 2, 13, 16)),
}
"""(shape, chunks) per level, identical for both images and both versions."""

LEVEL0_CHUNK_FILES = {
    ("plate", "0.4"): ["0/0/0/0/0", "0/0/0/1/0", "0/0/0/1/1"],
    ("plate", "0.5"): ["c/0/0/0/0/0", "c/0/0/0/1/0", "c/0/0/0/1/1"],
    ("single", "0.4"): ["0/0/0/0/0", "0/0/0/1/1"],
    ("single", "0.5"): ["c/0/0/0/0/0", "c/0/0/0/1/1"],
}
"""Only written chunks exist: the empty cell(s) of the 2x2 mosaic stay implicit."""

LEVEL0_ZARRAY_04 = {
    "shape": [1, 1, 2, 216, 256],
    "chunks": [1, 1, 2, 108, 128],
    "dtype": "<u2",
    "fill_value": 0,
    "order": "C",
    "filters": None,
    "dimension_separator": "/",
    "compressor": {
        "id": "blosc",
        "cname": "lz4",
        "clevel": 5,
        "shuffle": 1,
        "blocksize": 0,
    },
    "zarr_format": 2,
}
LEVEL0_ZARR_JSON_05 = {
    "shape": [1, 1, 2, 216, 256],
    "data_type": "uint16",
    "chunk_grid": {
        "name": "regular",
        "configuration": {"chunk_shape": [1, 1, 2, 108, 128]},
    },
    "chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}},
    "fill_value": 0,
    "codecs": [
        {"name": "bytes", "configuration": {"endian": "little"}},
        {"name": "zstd", "configuration": {"level": 0, "checksum": False}},
    ],
    "attributes": {},
    "dimension_names": ["t", "c", "z", "y", "x"],
    "zarr_format": 3,
    "node_type": "array",
    "storage_transformers": [],
}

AXES = [
    {"name": "t", "type": "time", "unit": "second"},
    {"name": "c", "type": "channel"},
    {"name": "z", "type": "space", "unit": "micrometer"},
    {"name": "y", "type": "space", "unit": "micrometer"},
    {"name": "x", "type": "space", "unit": "micrometer"},
]
SCALES = [
    [1.0, 1.0, 5.0, 0.65, 0.65],
    [1.0, 1.0, 5.0, 1.3, 1.3],
    [1.0, 1.0, 5.0, 2.6, 2.6],
    [1.0, 1.0, 5.0, 5.2, 5.2],
    [1.0, 1.0, 5.0, 10.8, 10.4],
]
MULTISCALE_05 = {
    "axes": AXES,
    "datasets": [
        {
            "path": str(level),
            "coordinateTransformations": [{"type": "scale", "scale": scale}],
        }
        for level, scale in enumerate(SCALES)
    ],
}
MULTISCALE_04 = {**MULTISCALE_05, "version": "0.4"}
OMERO_WINDOW_START = {"plate": 66.0, "single": 61.0}


def omero(kind: str) -> dict[str, Any]:
    return {
        "channels": [
            {
                "color": "0000FF",
                "window": {
                    "max": 65535.0,
                    "min": 0.0,
                    "start": OMERO_WINDOW_START[kind],
                    "end": 395.0,
                },
                "label": "DAPI",
                "wavelength_id": "405",
                "active": True,
            }
        ]
    }


ROI_COLUMNS = [
    "x_micrometer",
    "y_micrometer",
    "z_micrometer",
    "len_x_micrometer",
    "len_y_micrometer",
    "len_z_micrometer",
    "t_second",
    "len_t_second",
]
ORIGINAL_COLUMNS = [
    "z_micrometer_original",
    "y_micrometer_original",
    "x_micrometer_original",
]
FOV_ROI_ROWS = {
    "FOV_1": [0.0, 0.0, 0.0, 83.2, 70.2, 10.0, 0.0, 1.0, 0.0, 0.5, 0.5],
    "FOV_2": [83.2, 70.2, 0.0, 83.2, 70.2, 10.0, 0.0, 1.0, 0.0, 50.0, 50.0],
    "FOV_3": [0.0, 70.2, 0.0, 83.2, 70.2, 10.0, 0.0, 1.0, 0.0, 50.005, 0.505],
}
FOV_NAMES = {"plate": ["FOV_1", "FOV_2", "FOV_3"], "single": ["FOV_1", "FOV_2"]}
WELL_ROI_ROW = [0.0, 0.0, 0.0, 166.4, 140.4, 10.0, 0.0, 1.0]
IMAGE_TABLES = {
    "plate": ["FOV_ROI_table", "well_ROI_table", "condition_table"],
    "single": ["FOV_ROI_table", "well_ROI_table"],
}
IMAGE_CONDITION_CSV = '"drug"\n"DMSO"\n'
PLATE_CONDITION_CSV = (
    '"row","column","acquisition","path_in_well","drug"\n"A",1,0,"0","DMSO"\n'
)
PLATE = {
    "acquisitions": [{"id": 0, "name": "0"}],
    "columns": [{"name": "01"}],
    "name": "DemoPlate.zarr",
    "rows": [{"name": "A"}],
    "wells": [{"path": "A/01", "rowIndex": 0, "columnIndex": 0}],
}
WELL_IMAGES = [{"path": "0", "acquisition": 0}]
UPDATE_ATTRIBUTES = {
    "plate": {
        "drug": "DMSO",
        "plate": "DemoPlate.zarr",
        "well": "A01",
        "acquisition": 0,
    },
    "single": {},
}

# ---- conversion with this library ---------------------------------------------------


def _acquisition() -> AcquisitionDetails:
    return AcquisitionDetails(
        start_x_coo="world",
        start_y_coo="world",
        start_z_coo="pixel",
        start_t_coo="pixel",
        length_x_coo="pixel",
        length_y_coo="pixel",
        length_z_coo="pixel",
        length_t_coo="pixel",
        pixelsize=0.65,
        z_spacing=5.0,
        t_spacing=1.0,
        channels=[ChannelInfo(channel_label="DAPI", wavelength_id="405")],
        axes=["t", "c", "z", "y", "x"],
    )


def _tiles(kind: str) -> list[Any]:
    if kind == "plate":
        return hcs_images_from_dataframe(
            tiles_table=pd.read_csv(DATA / "tiles.csv"),
            acquisition_details=_acquisition(),
            plate_name="DemoPlate",
        )
    return single_images_from_dataframe(
        tiles_table=pd.read_csv(DATA / "single_tiles.csv"),
        acquisition_details=_acquisition(),
    )


def options_0104(
    ngff_version: str = "0.4", tiling_strategy: TilingStrategy | None = None
) -> ConverterOptions:
    """Options with 0.10.4's defaults, whatever line this build is.

    The 1.x line defaults to 1.1.1's CSV tables and xy jitter removal; the
    0.10.4 reference was written with AnnData tables and no jitter removal.
    """
    return ConverterOptions(
        tiling_strategy=tiling_strategy or ConverterOptions().tiling_strategy,
        stage_position_corrections=StagePositionCorrections(align_xy=False),
        omezarr_options=OmeZarrOptions(
            ngff_version=ngff_version, table_backend="anndata"
        ),
    )


def convert(
    zarr_dir: Path, kind: str, version: str, options: ConverterOptions | None = None
) -> None:
    """Init (collection setup) then compute (register + write) for every image."""
    options = options or options_0104(version)
    resource = str(DATA / "data")
    images = tiles_aggregation_pipeline(
        _tiles(kind), converter_options=options, resource=resource
    )
    setup_ome_zarr_collection(
        tiled_images=images,
        collection_type=ImageInPlate if kind == "plate" else SingleImage,
        zarr_dir=str(zarr_dir),
        ngff_version=version,
        overwrite_mode=OverwriteMode.OVERWRITE,
    )
    pipeline = build_default_registration_pipeline(
        options.stage_position_corrections, options.tiling_strategy
    )
    for image in images:
        tiled_image_creation_pipeline(
            zarr_url=join_url_paths(str(zarr_dir), image.path),
            tiled_image=image,
            registration_pipeline=pipeline,
            converter_options=options,
            overwrite_mode=OverwriteMode.OVERWRITE,
            resource=resource,
        )


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    roots = {}
    for version in ("0.4", "0.5"):
        root = tmp_path_factory.mktemp(f"parity_{version}")
        convert(root, "plate", version)
        convert(root, "single", version)
        roots[version] = root
    return roots


CASES = [
    pytest.param(kind, version, id=f"{kind}-{version}")
    for kind in ("plate", "single")
    for version in ("0.4", "0.5")
]


def _image_url(outputs: dict[str, Path], kind: str, version: str) -> Path:
    return outputs[version] / (PLATE_IMAGE if kind == "plate" else SINGLE_IMAGE)


@pytest.mark.parametrize(("kind", "version"), CASES)
def test_every_pyramid_level_is_byte_identical(
    outputs: dict[str, Path], kind: str, version: str
) -> None:
    group = zarr.open_group(str(_image_url(outputs, kind, version)), mode="r")
    hashes = {}
    for level, (shape, chunks) in LEVEL_SHAPES.items():
        array = group[level]
        assert (array.shape, array.chunks) == (shape, chunks)
        assert array.dtype == np.dtype("uint16")
        data = np.ascontiguousarray(array[...])
        hashes[level] = hashlib.sha256(data.tobytes()).hexdigest()
    assert hashes == LEVEL_SHA256[kind]


@pytest.mark.parametrize("mode", list(WriterMode))
@pytest.mark.parametrize("version", ["0.4", "0.5"])
def test_zarrs_codec_writes_the_same_pixels(
    tmp_path: Path, version: str, mode: WriterMode
) -> None:
    # The published converters install zarrs; its codec pipeline has no
    # `encode`, which once crashed every writer mode (the unit writer now
    # takes zarr's public path there). Compressed bytes may differ where the
    # codec libraries do; decoded pixels may not.
    pytest.importorskip("zarrs")
    options = options_0104(version).model_copy(
        update={
            "writer_mode": mode,
            "runtime_settings": RuntimeSettings(use_zarrs_codec=True),
        }
    )
    convert(tmp_path, "plate", version, options)
    group = zarr.open_group(str(tmp_path / PLATE_IMAGE), mode="r")
    hashes = {
        level: hashlib.sha256(np.ascontiguousarray(group[level][...])).hexdigest()
        for level in LEVEL_SHAPES
    }
    assert hashes == LEVEL_SHA256["plate"]


@pytest.mark.parametrize(("kind", "version"), CASES)
def test_array_metadata_and_written_chunks(
    outputs: dict[str, Path], kind: str, version: str
) -> None:
    level0 = _image_url(outputs, kind, version) / "0"
    if version == "0.4":
        assert json.loads((level0 / ".zarray").read_text()) == LEVEL0_ZARRAY_04
    else:
        assert json.loads((level0 / "zarr.json").read_text()) == LEVEL0_ZARR_JSON_05
    chunk_files = sorted(
        str(p.relative_to(level0))
        for p in level0.rglob("*")
        if p.is_file() and not p.name.startswith((".z", "zarr.json"))
    )
    assert chunk_files == LEVEL0_CHUNK_FILES[(kind, version)]


@pytest.mark.parametrize(("kind", "version"), CASES)
def test_multiscales_and_omero(
    outputs: dict[str, Path], kind: str, version: str
) -> None:
    attrs = dict(zarr.open_group(str(_image_url(outputs, kind, version))).attrs)
    if version == "0.4":
        ImageAttrs04.model_validate(attrs)
        assert attrs == {"multiscales": [MULTISCALE_04], "omero": omero(kind)}
    else:
        ImageAttrs05.model_validate(attrs["ome"])
        assert attrs == {
            "ome": {
                "version": "0.5",
                "multiscales": [MULTISCALE_05],
                "omero": omero(kind),
            }
        }


@pytest.mark.parametrize(("kind", "version"), CASES)
def test_tables_content(outputs: dict[str, Path], kind: str, version: str) -> None:
    url = _image_url(outputs, kind, version)
    container = open_ome_zarr_container(str(url))
    assert container.list_tables() == IMAGE_TABLES[kind]

    fov = container.get_table("FOV_ROI_table").dataframe
    assert fov.index.name == "FieldIndex"
    assert list(fov.columns) == ROI_COLUMNS + ORIGINAL_COLUMNS
    assert list(fov.index) == FOV_NAMES[kind]
    for name in FOV_NAMES[kind]:
        assert fov.loc[name].tolist() == FOV_ROI_ROWS[name]
    well = container.get_table("well_ROI_table").dataframe
    assert list(well.columns) == ROI_COLUMNS
    assert list(well.index) == ["image"]
    assert well.loc["image"].tolist() == WELL_ROI_ROW
    for name in ("FOV_ROI_table", "well_ROI_table"):
        table_attrs = dict(zarr.open_group(str(url / "tables" / name)).attrs)
        assert table_attrs == {
            "encoding-type": "anndata",
            "encoding-version": "0.1.0",
            "backend": "anndata",
            "index_key": "FieldIndex",
            "index_type": "str",
            "table_version": "1",
            "type": "roi_table",
        }
    condition = url / "tables" / "condition_table" / "table.csv"
    if kind == "plate":
        assert condition.read_text() == IMAGE_CONDITION_CSV
    else:
        assert not condition.exists()


@pytest.mark.parametrize("version", ["0.4", "0.5"])
def test_plate_well_and_condition_table(outputs: dict[str, Path], version: str) -> None:
    plate_dir = outputs[version] / "DemoPlate.zarr"
    plate = dict(zarr.open_group(str(plate_dir)).attrs)
    well = dict(zarr.open_group(str(plate_dir / "A" / "01")).attrs)
    if version == "0.4":
        HCSAttrs04.model_validate(plate)
        WellAttrs04.model_validate(well)
        assert plate == {"plate": {**PLATE, "version": "0.4"}, "version": "0.4"}
        assert well == {"well": {"images": WELL_IMAGES, "version": "0.4"}}
    else:
        HCSAttrs05.model_validate(plate["ome"])
        assert plate == {
            "ome": {"version": "0.5", "plate": {**PLATE, "version": "0.5"}}
        }
        assert well == {
            "ome": {"version": "0.5", "well": {"images": WELL_IMAGES, "version": "0.5"}}
        }
    assert dict(zarr.open_group(str(plate_dir / "A")).attrs) == {}
    csv = plate_dir / "tables" / "condition_table" / "table.csv"
    assert csv.read_text() == PLATE_CONDITION_CSV
    assert dict(zarr.open_group(str(plate_dir / "tables")).attrs) == {
        "tables": ["condition_table"]
    }


@pytest.mark.parametrize("kind", ["plate", "single"])
def test_fractal_compound_task_matches(tmp_path: Path, kind: str) -> None:
    """The Fractal init/compute helpers produce the same pixels and updates."""
    from ome_zarr_converters_tools.fractal.compute_task import generic_compute_task
    from ome_zarr_converters_tools.fractal.init_task import setup_images_for_conversion
    from ome_zarr_converters_tools.fractal.runners import exec_compound_task

    options = options_0104()
    resource = str(DATA / "data")
    images = tiles_aggregation_pipeline(
        _tiles(kind), converter_options=options, resource=resource
    )
    collection = ImageInPlate if kind == "plate" else SingleImage

    def init() -> dict[str, Any]:
        return {
            "parallelization_list": setup_images_for_conversion(
                images,
                zarr_dir=str(tmp_path),
                collection_type=collection.__name__,
                converter_options=options,
                overwrite_mode=OverwriteMode.OVERWRITE,
            )
        }

    results = exec_compound_task(
        init_task_fn=init,
        compute_task_fn=generic_compute_task,
        init_task_kwargs={},
        compute_task_kwargs={
            "collection_type": collection,
            "image_loader_type": DefaultImageLoader,
            "resource": resource,
        },
    )

    url = tmp_path / (PLATE_IMAGE if kind == "plate" else SINGLE_IMAGE)
    assert results == [
        {
            "image_list_updates": [
                {
                    "zarr_url": str(url),
                    "types": {"is_3D": True},
                    "attributes": UPDATE_ATTRIBUTES[kind],
                }
            ]
        }
    ]
    level0 = np.ascontiguousarray(zarr.open_array(str(url / "0"))[...])
    assert hashlib.sha256(level0.tobytes()).hexdigest() == LEVEL_SHA256[kind]["0"]


# ---- per-FOV output (0.10.4 `NoTiling`, acquisition 1; §3.4) -----------------------

PER_FOV_LEVELS = {
    "1_FOV_1": {
        "0": "1a69b37924005f26b06c7f02c71047671d39bd6072692513fcc642b3959c3a85",
        "1": "a40c4a7e7bcceb725d243433690623031cdc7e6ffa4f0d0222fc14be045f3e0f",
        "4": "e136ce72b9db8eede9df8a885580324caf1e3e38547aeb11025b55c6ba5c0943",
    },
    "1_FOV_2": {
        "0": "82d702b354b6e3488c12c64ee19bd7f454e153fb4bdc4e49c434cfc11a3bd92a",
        "1": "641c8cf1c3e5b582549f5f93f209cb47460c1062c569fa051f327e0947ee1470",
        "4": "e635d8ee271623fa03d14876133312c40a57c519e31b8527c6a8c8c6f48f302e",
    },
}
PER_FOV_LEVELS["1_FOV_3"] = PER_FOV_LEVELS["1_FOV_2"]  # the shared file
PER_FOV_TRANSLATION = {
    "1_FOV_1": [0.0, 0.0, 0.0, 0.5, 0.5],
    "1_FOV_2": [0.0, 0.0, 0.0, 50.0, 50.0],
    "1_FOV_3": [0.0, 0.0, 0.0, 50.0, 0.505],  # per-axis minimum of its two tiles
}
PER_FOV_SCALES_YX = [[0.65, 0.65], [1.3, 1.3], [2.6, 2.6], [5.4, 5.2], [11.7, 10.4]]
PER_FOV_WINDOW = {
    "1_FOV_1": (112.0, 379.0),
    "1_FOV_2": (111.0, 370.0),
    "1_FOV_3": (111.0, 370.0),
}


def test_per_fov_plate(tmp_path: Path) -> None:
    from ome_zarr_converters_tools.models.tiling import NoTiling

    options = options_0104(tiling_strategy=NoTiling())
    resource = str(DATA / "data")
    tiles = hcs_images_from_dataframe(
        tiles_table=pd.read_csv(DATA / "tiles.csv"),
        acquisition_details=_acquisition(),
        plate_name="DemoPlate",
        acquisition_id=1,
    )
    images = tiles_aggregation_pipeline(
        tiles, converter_options=options, resource=resource
    )
    setup_ome_zarr_collection(
        tiled_images=images, collection_type="ImageInPlate", zarr_dir=str(tmp_path)
    )
    pipeline = build_default_registration_pipeline(
        options.stage_position_corrections, options.tiling_strategy
    )
    for image in images:
        tiled_image_creation_pipeline(
            zarr_url=join_url_paths(str(tmp_path), image.path),
            tiled_image=image,
            registration_pipeline=pipeline,
            converter_options=options,
            resource=resource,
        )

    plate_dir = tmp_path / "DemoPlate.zarr"
    plate = dict(zarr.open_group(str(plate_dir)).attrs)
    assert plate["plate"]["acquisitions"] == [{"id": 1, "name": "1"}]
    assert dict(zarr.open_group(str(plate_dir / "A" / "01")).attrs) == {
        "well": {
            "images": [{"path": p, "acquisition": 1} for p in PER_FOV_LEVELS],
            "version": "0.4",
        }
    }
    for path, levels in PER_FOV_LEVELS.items():
        group = zarr.open_group(str(plate_dir / "A" / "01" / path), mode="r")
        for level, digest in levels.items():
            data = np.ascontiguousarray(group[level][...])
            assert hashlib.sha256(data.tobytes()).hexdigest() == digest
        attrs = dict(group.attrs)
        datasets = attrs["multiscales"][0]["datasets"]
        assert [d["coordinateTransformations"][0]["scale"][-2:] for d in datasets] == (
            PER_FOV_SCALES_YX
        )
        assert {
            tuple(d["coordinateTransformations"][1]["translation"]) for d in datasets
        } == {tuple(PER_FOV_TRANSLATION[path])}
        window = attrs["omero"]["channels"][0]["window"]
        assert (window["start"], window["end"]) == PER_FOV_WINDOW[path]
        assert sorted(
            zarr.open_group(str(plate_dir / "A" / "01" / path / "tables")).group_keys()
        ) == [
            "condition_table",
            "well_ROI_table",
        ]
