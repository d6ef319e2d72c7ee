"""plot_layout: tiles and tiled images (before and after registration) as figures."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from ome_zarr_converters_tools import (
    AcquisitionDetails,
    ConverterOptions,
    ConvertersToolsUserError,
    apply_registration_pipeline,
    build_default_registration_pipeline,
    tiles_aggregation_pipeline,
)
from ome_zarr_converters_tools.core import hcs_images_from_dataframe
from ome_zarr_converters_tools.core.errors import ConvertersToolsMissingDependencyError
from ome_zarr_converters_tools.plotting import plot_layout

pytest.importorskip("matplotlib")

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "data" / "example_plate"


def _example_tiles():
    details = AcquisitionDetails.model_validate(
        json.loads((EXAMPLE / "acquisition_details.json").read_text())
    )
    table = pd.read_csv(EXAMPLE / "tiles.csv")
    table["file_path"] = [str(EXAMPLE / name) for name in table["file_path"]]
    return hcs_images_from_dataframe(tiles_table=table, acquisition_details=details)


def _three_tiles():
    """A overlaps B by 10 px in x; C sits apart, leaving a gap."""
    table = pd.DataFrame(
        {
            "file_path": ["/no/a.tif", "/no/b.tif", "/no/c.tif"],
            "row": ["A"] * 3,
            "column": [1] * 3,
            "fov_name": ["A", "B", "C"],
            "start_x": [0.0, 90.0, 0.0],
            "start_y": [0.0, 0.0, 150.0],
            "length_x": [100, 100, 100],
            "length_y": [100, 100, 100],
        }
    )
    details = AcquisitionDetails(pixelsize=1.0, axes=["y", "x"])
    return hcs_images_from_dataframe(tiles_table=table, acquisition_details=details)


def _titles(figure):
    return [ax.get_title() for ax in figure.axes if ax.get_title()]


def test_tiles_give_one_panel_per_well_with_names_overlaps_and_gaps():
    figure = plot_layout(_three_tiles(), title="stage")
    (title,) = _titles(figure)
    assert title.startswith("Plate.zarr/A/01/0\n3 FOV(s), 1 overlap(s), ")
    uncovered = float(title.rsplit(", ", 1)[1].removesuffix("% uncovered"))
    # bounding box 190 x 250; covered 100x100 + 90x100 + 100x100 = 29000 of 47500
    assert uncovered == pytest.approx(100 * (1 - 29000 / 47500), abs=1.0)
    ax = figure.axes[0]
    assert {text.get_text() for text in ax.texts} >= {"A", "B", "C", "+x", "+y"}
    assert ax.get_ylim()[0] > ax.get_ylim()[1]  # y points down, as in the image
    assert ax.get_xlabel() == "x (µm) →"
    assert figure._suptitle.get_text() == "stage"


def test_example_plate_planes_share_one_outline_and_mosaic_reads_pixels():
    tiles = _example_tiles()
    figure = plot_layout(tiles)
    titles = _titles(figure)
    assert [t.split("\n")[0] for t in titles] == [
        "Plate.zarr/B/03/0",
        "Plate.zarr/B/04/0",
    ]
    assert all("4 FOV(s)" in t for t in titles)
    assert "FOV_1\n(2 planes)" in {text.get_text() for text in figure.axes[0].texts}
    assert not figure.axes[0].images
    mosaic = plot_layout(tiles[:2], mosaic=True)
    assert len(mosaic.axes[0].images) == 1


def test_tiled_image_before_and_after_registration(tmp_path):
    tiles = _example_tiles()
    options = ConverterOptions()
    (image, _) = tiles_aggregation_pipeline(tiles, converter_options=options)
    before = plot_layout(image)
    assert before.axes[0].get_xlabel() == "x (µm) →"
    registered = apply_registration_pipeline(
        image,
        build_default_registration_pipeline(
            options.stage_position_corrections, options.tiling_strategy
        ),
    )
    import matplotlib.figure

    figure = matplotlib.figure.Figure()
    left, right = figure.subplots(1, 2)
    plot_layout(image, ax=left)
    returned = plot_layout(registered, ax=right)
    assert returned is figure
    assert right.get_xlabel() == "x (pixels) →"
    # 0.65 µm pixels: the registered layout spans about 160 pixels, not 104 µm.
    assert right.get_xlim()[1] > 150 > left.get_xlim()[1]
    figure.savefig(tmp_path / "before_after.png")
    assert (tmp_path / "before_after.png").stat().st_size > 1000


def test_wrong_sources_are_user_errors():
    with pytest.raises(ConvertersToolsUserError, match="empty list"):
        plot_layout([])
    with pytest.raises(ConvertersToolsUserError, match="Tile or a TiledImage"):
        plot_layout([1, 2])
    import matplotlib.figure

    ax = matplotlib.figure.Figure().subplots()
    with pytest.raises(ConvertersToolsUserError, match="draws one panel"):
        plot_layout(_example_tiles(), ax=ax)


def test_missing_matplotlib_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ConvertersToolsMissingDependencyError, match=r"\[plot\]"):
        plot_layout(_three_tiles())


def test_preview_registered_split_draws_the_written_pixel_layout(monkeypatch, tmp_path):
    from click.testing import CliRunner

    import ome_zarr_converters_tools.plotting as plotting
    from ome_zarr_converters_tools.cli import cli

    figures = []

    def spy(*args, **kwargs):
        figures.append(plot_layout(*args, **kwargs))
        return figures[-1]

    monkeypatch.setattr(plotting, "plot_layout", spy)
    out = tmp_path / "reg.png"
    result = CliRunner().invoke(
        cli,
        [
            "preview",
            str(EXAMPLE / "tiles.csv"),
            str(out),
            "--acquisition-details",
            str(EXAMPLE / "acquisition_details.json"),
            "--registered",
            "--split",
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("reg-*.png")) == [
        "reg-Plate_zarr_B_03_0.png",
        "reg-Plate_zarr_B_04_0.png",
    ]
    assert len(figures) == 2
    ax = figures[0].axes[0]
    assert ax.get_xlabel() == "x (pixels) →"
    # registered: 2 x 2 FOVs of 80 x 64 pixels, abutting, nothing uncovered
    assert ax.get_title().endswith("4 FOV(s), 0 overlap(s), 0.0% uncovered")
