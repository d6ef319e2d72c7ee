"""Which tiling strategies assemble a mosaic and which split the FOVs."""

from __future__ import annotations

import pytest

from ome_zarr_converters_tools.models.tiling import (
    AutoTiling,
    InplaceTiling,
    NoTiling,
    SnapToCornersTiling,
    SnapToGridTiling,
)


@pytest.mark.parametrize(
    ("strategy", "fields"),
    [
        (AutoTiling(), ["mode", "tolerance"]),
        (SnapToGridTiling(), ["mode", "tolerance"]),
        (SnapToCornersTiling(), ["mode"]),
        (InplaceTiling(), ["mode"]),
    ],
)
def test_mosaic_strategies_do_not_split_and_keep_their_own_fields(
    strategy: object, fields: list[str]
) -> None:
    assert strategy.split_per_fov is False  # type: ignore[attr-defined]
    assert list(type(strategy).model_fields) == fields  # type: ignore[attr-defined]


def test_no_tiling_splits_per_fov() -> None:
    assert NoTiling().split_per_fov is True
