"""Tests of the tiling strategy and grouping models."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from _api_lines import ON_0_10, per_line
from ome_zarr_converters_tools.core.errors import ConvertersToolsUnknownKeyWarning
from ome_zarr_converters_tools.core.grid import NotAGridError, NotTilableError
from ome_zarr_converters_tools.models.grouping import (
    Grouping,
    MosaicGrouping,
    PerFovGrouping,
)
from ome_zarr_converters_tools.models.tiling import (
    AutoTiling,
    InplaceTiling,
    NoTiling,
    SnapToCornersTiling,
    SnapToGridTiling,
    TilingStrategy,
)

STRATEGIES = TypeAdapter(TilingStrategy)
GROUPINGS = TypeAdapter(Grouping)

# Irregular x steps (70, 80): not a grid, but snappable to corners.
IRREGULAR = np.array([[0.0, 0.0], [0.0, 70.0], [0.0, 150.0]])
LENGTHS = np.full((3, 2), 64.0)
NAMES = ["A", "B", "C"]


@pytest.mark.parametrize(
    ("model", "mode", "title"),
    [
        # 0.10 shows the class name as the title of each strategy, 1.1.1 the mode.
        (AutoTiling, "Auto", "AutoTiling"),
        (SnapToGridTiling, "Snap to Grid", "SnapToGridTiling"),
        (SnapToCornersTiling, "Snap to Corners", "SnapToCornersTiling"),
        (InplaceTiling, "Inplace", "InplaceTiling"),
        (NoTiling, "No Tiling", "NoTiling"),
    ],
)
def test_strategy_defaults_and_discriminator(
    model: type[BaseModel], mode: str, title: str
) -> None:
    instance = model()
    assert instance.mode == mode  # type: ignore[attr-defined]
    assert model.model_json_schema()["title"] == per_line(v0_10=title, v1=mode)
    parsed = STRATEGIES.validate_python({"mode": mode})
    assert type(parsed) is model
    assert STRATEGIES.validate_json(instance.model_dump_json()) == instance


@pytest.mark.parametrize("model", [AutoTiling, SnapToGridTiling])
def test_tolerance_default_one_and_non_negative(model: type[BaseModel]) -> None:
    assert model().tolerance == 1  # type: ignore[attr-defined]
    assert model(tolerance=2.5).tolerance == 2.5  # type: ignore[call-arg,attr-defined]
    with pytest.raises(ValidationError):
        model(tolerance=-1)  # type: ignore[call-arg]


def test_unknown_mode_is_rejected_and_extra_keys_warn_or_fail() -> None:
    with pytest.raises(ValidationError):
        STRATEGIES.validate_python({"mode": "Spiral"})
    if not ON_0_10:  # 1.1.1 refuses unknown keys
        with pytest.raises(ValidationError, match="tolerence"):
            STRATEGIES.validate_python({"mode": "Auto", "tolerence": 2})
        return
    # 0.10 ignores unknown keys of the tiling strategies; this library warns.
    with pytest.warns(
        ConvertersToolsUnknownKeyWarning,
        match="'tolerence'.*closest valid key is 'tolerance'",
    ):
        parsed = STRATEGIES.validate_python({"mode": "Auto", "tolerence": 2})
    assert parsed == AutoTiling()


def test_split_per_fov_only_for_no_tiling() -> None:
    assert NoTiling().split_per_fov is True
    for model in (AutoTiling, SnapToGridTiling, SnapToCornersTiling, InplaceTiling):
        assert model().split_per_fov is False


def test_inplace_and_no_tiling_offsets_are_zero() -> None:
    for strategy in (InplaceTiling(), NoTiling()):
        offsets = strategy.compute_offsets(IRREGULAR, LENGTHS, NAMES)
        assert offsets.shape == (3, 2)
        assert not offsets.any()


def test_snap_to_grid_raises_on_irregular_positions() -> None:
    with pytest.raises(NotAGridError, match="'A' -> 'B'"):
        SnapToGridTiling().compute_offsets(IRREGULAR, LENGTHS, NAMES)


def test_auto_falls_back_to_corners_on_not_a_grid() -> None:
    auto = AutoTiling().compute_offsets(IRREGULAR, LENGTHS, NAMES)
    corners = SnapToCornersTiling().compute_offsets(IRREGULAR, LENGTHS, NAMES)
    assert np.array_equal(auto, corners)
    assert (IRREGULAR + auto)[:, 1].tolist() == [0.0, 64.0, 128.0]


def test_auto_uses_grid_when_regular() -> None:
    starts = np.array([[0.0, 0.0], [0.0, 60.0], [0.0, 120.5]])
    auto = AutoTiling().compute_offsets(starts, LENGTHS, NAMES)
    grid = SnapToGridTiling().compute_offsets(starts, LENGTHS, NAMES)
    assert np.array_equal(auto, grid)
    assert (starts + auto)[:, 1].tolist() == [0.0, 64.0, 128.0]


def test_auto_tolerance_decides_grid_or_corners() -> None:
    starts = np.array([[0.0, 0.0], [0.0, 60.0], [0.0, 123.0]])
    # steps 60 and 63: a grid with tolerance 2, not with tolerance 1
    loose = AutoTiling(tolerance=2).compute_offsets(starts, LENGTHS, NAMES)
    assert np.array_equal(
        loose, SnapToGridTiling(tolerance=2).compute_offsets(starts, LENGTHS, NAMES)
    )
    with pytest.raises(NotAGridError):
        SnapToGridTiling(tolerance=1).compute_offsets(starts, LENGTHS, NAMES)


def test_auto_does_not_fall_back_on_not_tilable() -> None:
    lengths = np.array([[64.0, 64.0], [64.0, 60.0], [64.0, 64.0]])
    with pytest.raises(NotTilableError):
        AutoTiling().compute_offsets(IRREGULAR, lengths, NAMES)


def test_mosaic_grouping_defaults_and_strategy() -> None:
    grouping = MosaicGrouping()
    assert grouping.mode == "Mosaic"
    assert grouping.tiling_strategy == AutoTiling()
    assert grouping.split_per_fov is False
    assert grouping.tiling_for_registration() == AutoTiling()
    corners = MosaicGrouping(tiling_strategy=SnapToCornersTiling())
    assert corners.tiling_for_registration() == SnapToCornersTiling()


def test_per_fov_grouping_tiles_in_place() -> None:
    grouping = PerFovGrouping()
    assert grouping.mode == "Per-FOV"
    assert grouping.split_per_fov is True
    assert grouping.tiling_for_registration() == InplaceTiling()


def test_grouping_union_parses_wire_values() -> None:
    mosaic = GROUPINGS.validate_python(
        {"mode": "Mosaic", "tiling_strategy": {"mode": "Snap to Grid", "tolerance": 3}}
    )
    assert isinstance(mosaic, MosaicGrouping)
    assert mosaic.tiling_strategy == SnapToGridTiling(tolerance=3)
    assert isinstance(GROUPINGS.validate_python({"mode": "Per-FOV"}), PerFovGrouping)
    with pytest.raises(ValidationError):
        GROUPINGS.validate_python({"mode": "Per-FOV", "tiling_strategy": {}})


def test_models_do_not_mutate_inputs() -> None:
    starts, lengths = IRREGULAR.copy(), LENGTHS.copy()
    AutoTiling().compute_offsets(starts, lengths, NAMES)
    assert np.array_equal(starts, IRREGULAR)
    assert np.array_equal(lengths, LENGTHS)
