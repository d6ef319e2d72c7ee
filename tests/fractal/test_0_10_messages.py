"""Error texts that converter code written for 0.10 matches on.

0.10.4 raised `ValueError("... is not registered.")`, `ValueError("DefaultImageLoader
cannot handle file type ...")` and reported `"snapshot type mismatch: ..."`;
callers test for those phrases (`match=`, `in str(err)`). The library's own
messages say more, but keep each phrase inside, and its errors stay
`ValueError`s.
"""

from __future__ import annotations

import pytest
from _fractal_factories import make_tiled_images, make_tiles

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsUserError,
    ConvertersToolsWarning,
)
from ome_zarr_converters_tools.core.loaders import DefaultImageLoader
from ome_zarr_converters_tools.pipelines import (
    apply_filter_pipeline,
    apply_registration_pipeline,
    apply_validator_pipeline,
    setup_ome_zarr_collection,
)
from ome_zarr_converters_tools.pipelines.filters import FilterModel
from ome_zarr_converters_tools.pipelines.validators import ValidatorModel
from ome_zarr_converters_tools.testing import (
    MultiPlateAssertionModel,
    MultiSingleImageAssertionModel,
    compare_snapshots,
)

UNKNOWN_NAMES = {
    "filter": lambda: apply_filter_pipeline(
        make_tiles(), filters_config=[FilterModel(name="Nope Filter")]
    ),
    "validator": lambda: apply_validator_pipeline(
        make_tiled_images(), [ValidatorModel(name="Nope Validator")]
    ),
    "registration step": lambda: apply_registration_pipeline(
        make_tiled_images()[0], [{"name": "nope_step"}]
    ),
    "collection handler": lambda: setup_ome_zarr_collection(
        tiled_images=make_tiled_images(),
        collection_type="NopeCollection",
        zarr_dir="/nonexistent/out",
    ),
}


@pytest.mark.parametrize("kind", UNKNOWN_NAMES, ids=str)
def test_unknown_registry_name_says_not_registered(kind):
    with pytest.raises(ValueError, match="not registered") as info:
        UNKNOWN_NAMES[kind]()
    assert isinstance(info.value, ConvertersToolsUserError)
    message = str(info.value)
    assert kind in message
    assert "Nope" in message or "nope" in message  # names what was asked for
    assert "Available:" in message  # and what exists


def test_unsupported_loader_extension_says_cannot_handle_file_type(tmp_path):
    path = tmp_path / "scan.xyz"
    path.write_bytes(b"not an image")
    loader = DefaultImageLoader(file_path=str(path))
    with (
        pytest.warns(ConvertersToolsWarning),
        pytest.raises(ValueError, match="cannot handle file type 'xyz'") as info,
    ):
        loader.load_data()
    assert isinstance(info.value, ConvertersToolsUserError)
    assert str(path) in str(info.value)


def test_plate_against_single_image_snapshot_says_type_mismatch():
    plate = MultiPlateAssertionModel(plates={})
    single = MultiSingleImageAssertionModel(images={})
    for expected, actual in ((plate, single), (single, plate)):
        (difference,) = compare_snapshots(expected, actual)
        assert difference.startswith("snapshot type mismatch")
        assert type(expected).__name__ in difference
        assert "output_type" in difference  # says how to fix it
