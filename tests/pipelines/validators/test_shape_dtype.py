"""The built-in "Shape and Dtype Probe" validator."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsUserError,
    ConvertersToolsWarning,
)
from ome_zarr_converters_tools.pipelines.validators import (
    ImplementedValidators,
    ShapeDtypeProbeValidator,
    apply_validator_pipeline,
)


def test_matching_image_passes(make_image):
    image = make_image()
    before = image.model_dump()
    assert apply_validator_pipeline([image], [ShapeDtypeProbeValidator()]) == [image]
    assert image.model_dump() == before


def test_2d_loader_data_is_left_padded_before_comparing(make_image):
    image = make_image(shape=(1, 1, 8, 8))
    ShapeDtypeProbeValidator().check(image)


def test_world_lengths_with_non_unit_pixel_size(make_image):
    image = make_image(pixelsize=0.325, length=(8, 8), shape=(8, 8))
    ShapeDtypeProbeValidator().check(image)


def test_shape_mismatch_names_image_tile_source_and_both_shapes(make_image):
    image = make_image(length=(8, 10), shape=(8, 8))
    with pytest.raises(ConvertersToolsUserError) as info:
        apply_validator_pipeline([image], [ShapeDtypeProbeValidator()])
    message = str(info.value)
    assert "'P.zarr/A/01/0'" in message
    assert "'FOV_0'" in message
    assert "/data/A_0.tif" in message
    assert "(1, 1, 8, 10)" in message
    assert "(1, 1, 8, 8)" in message
    assert "length_*" in message


def test_dtype_mismatch_names_both_dtypes(make_image):
    image = make_image(data_type="uint16", dtype="uint8")
    with pytest.raises(ConvertersToolsUserError) as info:
        ShapeDtypeProbeValidator().check(image)
    message = str(info.value)
    assert "'uint16'" in message
    assert "'uint8'" in message
    assert "'P.zarr/A/01/0'" in message
    assert "/data/A_0.tif" in message
    assert "data_type" in message


def test_too_many_dimensions_is_a_user_error(make_image):
    image = make_image(shape=(2, 1, 1, 8, 8))
    with pytest.raises(ConvertersToolsUserError, match="5 axes"):
        ShapeDtypeProbeValidator().check(image)


def test_preflight_runs_on_every_loader(make_image):
    image = make_image(n_tiles=3, missing=True)
    with pytest.warns(ConvertersToolsWarning) as record:
        ShapeDtypeProbeValidator().check(image, resource="/base")
    assert sorted(str(w.message) for w in record) == [
        f"/data/A_{i}.tif does not exist (resource='/base')" for i in range(3)
    ]


def test_every_image_is_probed(make_image):
    good = make_image(row="A")
    bad = make_image(row="B", data_type="uint16")
    with pytest.raises(ConvertersToolsUserError, match=r"P\.zarr/B/01/0"):
        apply_validator_pipeline([good, bad], [ShapeDtypeProbeValidator()])


def test_wire_name_and_strictness():
    adapter = TypeAdapter(ImplementedValidators)
    probe = adapter.validate_python({"name": "Shape and Dtype Probe"})
    assert isinstance(probe, ShapeDtypeProbeValidator)
    with pytest.raises(ValidationError):
        adapter.validate_python({"name": "Shape and Dtype Probe", "sample": 3})
    with pytest.raises(ValidationError):
        adapter.validate_python({"name": "Other"})
    assert ShapeDtypeProbeValidator.model_json_schema()["title"] == (
        "Shape and Dtype Probe"
    )
