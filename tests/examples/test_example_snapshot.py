"""The example converter checked with the library's own snapshot harness."""

from __future__ import annotations

from pathlib import Path

import pytest

from ome_zarr_converters_tools import ConverterOptions
from ome_zarr_converters_tools.testing import run_converter_test

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "examples" / "data" / "example_plate"
SNAPSHOT = Path(__file__).parent / "snapshots" / "example_plate.json"


@pytest.fixture
def update_snapshots(request) -> bool:
    # The plugin option exists when a conftest loads
    # `ome_zarr_converters_tools.testing.plugin`; default to checking otherwise.
    return bool(request.config.getoption("--update-snapshots", default=False))


@pytest.mark.parametrize("writer_mode", ["By FOV", "By Tile", "In Memory"])
def test_example_plate_matches_its_snapshot(
    tmp_path, update_snapshots, monkeypatch, writer_mode
):
    monkeypatch.syspath_prepend(
        str(REPO / "examples" / "tiles_table_converter" / "src")
    )
    from tiles_table_converter import TilesTableAcquisition, convert_tiles_table

    if update_snapshots and writer_mode != "By FOV":
        pytest.skip("the snapshot is written once, from the default writer")
    run_converter_test(
        tmp_path=tmp_path,
        api_fn=convert_tiles_table,
        api_kwargs={
            "acquisitions": [
                TilesTableAcquisition(
                    tiles_table_path=str(DATA / "tiles.csv"),
                    acquisition_details_path=str(DATA / "acquisition_details.json"),
                    plate_name="ExamplePlate",
                )
            ]
        },
        snapshot_path=SNAPSHOT,
        update_snapshots=update_snapshots,
        converter_options=ConverterOptions(writer_mode=writer_mode),
    )
