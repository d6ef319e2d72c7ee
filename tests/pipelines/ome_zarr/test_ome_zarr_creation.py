"""tiled_image_creation_pipeline: register, then write, under the runtime settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dask
import numpy as np
import pytest
import zarr
from _zarr_factories import make_image

from ome_zarr_converters_tools.models.converter import ConverterOptions
from ome_zarr_converters_tools.models.modes import OverwriteMode
from ome_zarr_converters_tools.models.runtime import (
    RuntimeSettings,
    SynchronousScheduler,
    job_dask_options,
)
from ome_zarr_converters_tools.pipelines import creation
from ome_zarr_converters_tools.pipelines.registration import (
    build_default_registration_pipeline,
)


def _options() -> ConverterOptions:
    return ConverterOptions(
        omezarr_options={"num_levels": 2, "table_backend": "csv"},
        runtime_settings=RuntimeSettings(dask_scheduler=SynchronousScheduler()),
    )


def _run(tmp_path: Path, image: Any, **kwargs: Any) -> Any:
    options = kwargs.pop("converter_options", _options())
    return creation.tiled_image_creation_pipeline(
        zarr_url=str(tmp_path / "img.zarr"),
        tiled_image=image,
        registration_pipeline=build_default_registration_pipeline(
            options.stage_position_corrections, options.tiling_strategy
        ),
        converter_options=options,
        resource=str(tmp_path / "tiles"),
        **kwargs,
    )


def test_registers_then_writes_the_snapped_mosaic(
    tmp_path: Path, tiles_dir: Path
) -> None:
    # FOVs 2 um apart from the origin and overlapping: snapping spreads them.
    image = make_image(tiles_dir, fovs=[("A", 2.0, 3.0), ("B", 9.0, 3.0)])
    before = image.model_dump_json()

    container = _run(tmp_path, image)

    assert image.model_dump_json() == before
    level0 = zarr.open_array(str(tmp_path / "img.zarr" / "0"))[...]
    assert level0.shape == (1, 2, 16, 40)
    np.testing.assert_array_equal(
        level0[..., 20:], np.load(tiles_dir / "img.zarr_B_0.npy")
    )
    fov = container.get_table("FOV_ROI_table").dataframe
    assert fov["x_micrometer"].tolist() == [0.0, 10.0]
    assert fov["x_micrometer_original"].tolist() == [2.0, 9.0]


def test_registration_runs_inside_the_runtime_settings(
    tmp_path: Path, tiles_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schedulers = []
    real = creation.apply_registration_pipeline

    def spy(*args: Any, **kwargs: Any) -> Any:
        schedulers.append(job_dask_options()["scheduler"])
        return real(*args, **kwargs)

    monkeypatch.setattr(creation, "apply_registration_pipeline", spy)

    _run(tmp_path, make_image(tiles_dir))

    assert schedulers == ["synchronous"]
    # The job's choice never became process-wide configuration.
    assert dask.config.get("scheduler", None) != "synchronous"
    assert job_dask_options()["scheduler"] != "synchronous"


def test_extend_returns_the_existing_image(tmp_path: Path, tiles_dir: Path) -> None:
    _run(tmp_path, make_image(tiles_dir))
    other = make_image(tiles_dir, seed=5, fovs=[("Z", 0.0, 0.0)])

    container = _run(tmp_path, other, overwrite_mode=OverwriteMode.EXTEND)

    assert container.list_tables() == ["FOV_ROI_table", "well_ROI_table"]
