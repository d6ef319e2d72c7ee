"""Model dumps use the names of the line's published reference.

A dump is what crosses the init-to-compute boundary, what stored workflows and
parameter files hold and what Fractal shows as a default, so each line dumps
the names its reference dumps: 0.10.4's on the 0.10 line (`pixelsize`,
`start_x_coo`, `tiling_strategy`), 1.1.1's on the 1.x line (`xy_pixel_size`,
`start_x_space`, `grouping`). A pydantic model dumps exactly the properties of
its serialization-mode JSON schema, in order, so the reference schemas written
by `tests/data/generate_schemas.py` (`schemas_0104`, `schemas_111`) list the
keys a dump of the published model has. Both spellings stay valid input, so
every dump validates back on both lines.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from _api_lines import per_line
from ome_zarr_converters_tools import (
    AcquisitionDetails,
    ConverterOptions,
    DefaultImageLoader,
    ImageInPlate,
    OmeZarrOptions,
    RuntimeSettings,
    StagePositionCorrections,
    Tile,
    TiledImage,
)
from ome_zarr_converters_tools.fractal.models import (
    AcquisitionOptions,
    PixelSizeModel,
)
from ome_zarr_converters_tools.models import (
    DefaultScheduler,
    ProcessScheduler,
    SynchronousScheduler,
    TempJsonOptions,
    ThreadScheduler,
)

FIXTURE = per_line(v0_10="schemas_0104", v1="schemas_111")
REFERENCE: dict[str, Any] = json.loads(
    (Path(__file__).parents[1] / "data" / FIXTURE / "schemas.json").read_text()
)["models"]


def _tile() -> Tile[Any, Any]:
    return Tile[ImageInPlate, DefaultImageLoader](
        fov_name="FOV_1",
        start_x=0.0,
        start_y=0.0,
        length_x=8,
        length_y=8,
        collection=ImageInPlate(plate_name="P", row="A", column=1),
        image_loader=DefaultImageLoader(file_path="a.png"),
        acquisition_details=AcquisitionDetails(xy_pixel_size=0.5),
    )


def _tiled_image() -> TiledImage[Any, Any]:
    return TiledImage[ImageInPlate, DefaultImageLoader](
        path="P.zarr/A/01/0",
        data_type="uint16",
        axes=["c", "z", "y", "x"],
        collection=ImageInPlate(plate_name="P", row="A", column=1),
        xy_pixel_size=0.5,
    )


INSTANCES: dict[str, Callable[[], BaseModel]] = {
    "AcquisitionDetails": lambda: AcquisitionDetails(
        pixelsize=0.65, start_z_coo="pixel"
    ),
    "Tile": _tile,
    "TiledImage": _tiled_image,
    "PixelSizeModel": lambda: PixelSizeModel(
        xy_pixel_size=0.5, z_spacing=1.0, t_spacing=1.0
    ),
    "AcquisitionOptions": AcquisitionOptions,
    "ConverterOptions": ConverterOptions,
    "StagePositionCorrections": StagePositionCorrections,
    "OmeZarrOptions": OmeZarrOptions,
    "RuntimeSettings": RuntimeSettings,
    "TempJsonOptions": TempJsonOptions,
    "ThreadScheduler": ThreadScheduler,
    "ProcessScheduler": ProcessScheduler,
    "SynchronousScheduler": SynchronousScheduler,
    "DefaultScheduler": DefaultScheduler,
}


def _shown_keys(name: str) -> list[str]:
    return list(REFERENCE[name]["serialization"].get("properties", {}))


@pytest.mark.parametrize("name", list(INSTANCES))
def test_dump_keys_are_the_references(name: str) -> None:
    instance = INSTANCES[name]()
    assert list(instance.model_dump()) == _shown_keys(name)
    assert list(instance.model_dump(mode="json")) == _shown_keys(name)


@pytest.mark.parametrize("name", list(INSTANCES))
def test_schema_properties_are_the_dump_keys(name: str) -> None:
    model = type(INSTANCES[name]())
    for mode in ("validation", "serialization"):
        schema = model.model_json_schema(mode=mode)
        assert list(schema.get("properties", {})) == _shown_keys(name), mode


@pytest.mark.parametrize("name", list(INSTANCES))
def test_dumps_validate_back(name: str) -> None:
    instance = INSTANCES[name]()
    model = type(instance)
    assert model.model_validate(instance.model_dump()) == instance
    assert model.model_validate_json(instance.model_dump_json()) == instance


def test_nested_dumps_use_the_line_names() -> None:
    dump = _tile().model_dump(mode="json")
    assert (
        dump["acquisition_details"][per_line(v0_10="pixelsize", v1="xy_pixel_size")]
        == 0.5
    )
    options = ConverterOptions().model_dump(mode="json")
    assert per_line(v0_10="tiling_strategy", v1="grouping") in options
    scheduler = options["runtime_settings"]["dask_scheduler"]
    assert scheduler == per_line(v0_10={"type": "Default"}, v1={"mode": "Default"})
