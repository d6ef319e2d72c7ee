"""Validator pipeline and registry: 1.x models, 0.10 dicts, custom validators."""

from __future__ import annotations

import typing
from typing import Literal

import pytest

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsInternalError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.pipelines import validators as validators_room
from ome_zarr_converters_tools.pipelines.validators import (
    ImplementedValidators,
    ShapeDtypeProbeValidator,
    ValidatorModel,
    ValidatorStep,
    add_validator,
    apply_validator_pipeline,
    built_in_validator_models,
)


@pytest.fixture
def isolated_registry(monkeypatch):
    """Let a test register validators without leaking them into other tests."""
    registry = validators_room._VALIDATORS
    monkeypatch.setattr(registry, "_items", dict(registry._items))
    monkeypatch.setattr(registry, "_aliases", dict(registry._aliases))
    return registry


class MaxTilesValidator(ValidatorModel):
    name: Literal["Max Tiles"] = "Max Tiles"
    max_tiles: int = 1


def _max_tiles(tiled_image, validator_params, resource=None):
    n_tiles = len(tiled_image.regions)
    if n_tiles > validator_params.max_tiles:
        raise ConvertersToolsUserError(
            f"{tiled_image.path}: {n_tiles} tiles > {validator_params.max_tiles} "
            f"(resource={resource})"
        )


def test_union_covers_every_built_in_validator():
    union = typing.get_args(ImplementedValidators)[0]
    assert {union} == set(built_in_validator_models().values())
    assert list(built_in_validator_models()) == ["Shape and Dtype Probe"]


def test_none_or_empty_config_runs_nothing_and_returns_a_new_list(make_image):
    images = [make_image()]
    for config in (None, []):
        result = apply_validator_pipeline(images, config)
        assert result == images
        assert result is not images


def test_1_x_custom_validator_gets_params_and_resource(isolated_registry, make_image):
    add_validator(function=_max_tiles, name="Max Tiles")
    image = make_image(n_tiles=2)
    apply_validator_pipeline([image], [MaxTilesValidator(max_tiles=2)])
    with pytest.raises(ConvertersToolsUserError, match=r"2 tiles > 1 \(resource=/r\)"):
        apply_validator_pipeline(
            [image], validators_config=[MaxTilesValidator()], resource="/r"
        )


def test_0_10_validator_step_dict_calls_function_with_params(
    isolated_registry, make_image
):
    calls = []

    def at_least(tiled_image, n):
        calls.append((tiled_image.path, n))
        if len(tiled_image.regions) < n:
            raise ConvertersToolsUserError(f"{tiled_image.path} has too few tiles")

    add_validator(at_least)  # 0.10: positional, name from __name__
    images = [make_image(row="A", n_tiles=2), make_image(row="B", n_tiles=1)]
    step: ValidatorStep = {"name": "at_least", "params": {"n": 1}}
    assert apply_validator_pipeline(images, [step]) == images
    assert calls == [("P.zarr/A/01/0", 1), ("P.zarr/B/01/0", 1)]
    with pytest.raises(ConvertersToolsUserError, match="B/01/0 has too few"):
        apply_validator_pipeline(images, [{"name": "at_least", "params": {"n": 2}}])


def test_0_10_step_without_params(isolated_registry, make_image):
    seen = []
    add_validator(lambda image: seen.append(image.path), "record")
    apply_validator_pipeline([make_image()], [{"name": "record"}])
    assert seen == ["P.zarr/A/01/0"]


def test_0_10_dict_naming_the_built_in_probe(make_image):
    bad = make_image(data_type="uint16")
    with pytest.raises(ConvertersToolsUserError, match="uint16"):
        apply_validator_pipeline([bad], [{"name": "Shape and Dtype Probe"}])
    apply_validator_pipeline(
        [make_image()], [{"name": "Shape and Dtype Probe", "params": {}}]
    )


def test_unknown_name_lists_available_validators(make_image):
    with pytest.raises(ConvertersToolsUserError) as info:
        apply_validator_pipeline([make_image()], [MaxTilesValidator()])
    assert "'Max Tiles'" in str(info.value)
    assert "'Shape and Dtype Probe'" in str(info.value)
    with pytest.raises(ConvertersToolsUserError, match="'nope'"):
        apply_validator_pipeline([make_image()], [{"name": "nope", "params": {}}])


def test_unknown_name_fails_before_any_validator_runs(make_image):
    bad = make_image(data_type="uint16")
    with pytest.raises(ConvertersToolsUserError, match="No validator named"):
        apply_validator_pipeline([bad], [ShapeDtypeProbeValidator(), {"name": "x"}])


def test_malformed_step_is_a_user_error(make_image):
    with pytest.raises(ConvertersToolsUserError, match="ValidatorStep"):
        apply_validator_pipeline([make_image()], ["Shape and Dtype Probe"])
    with pytest.raises(ConvertersToolsUserError, match="ValidatorStep"):
        apply_validator_pipeline([make_image()], [{"params": {}}])


def test_registering_a_taken_name_needs_overwrite(isolated_registry):
    add_validator(_max_tiles, "Max Tiles")
    with pytest.raises(ConvertersToolsUserError, match="already registered"):
        add_validator(_max_tiles, "Max Tiles")
    with pytest.raises(ConvertersToolsUserError, match="already registered"):
        add_validator(function=_max_tiles, name="Shape and Dtype Probe")
    add_validator(_max_tiles, "Max Tiles", True)  # 0.10 positional overwrite


def test_overwriting_the_built_in_probe(isolated_registry, make_image):
    calls = []

    def lenient(tiled_image, validator_params, resource=None):
        calls.append(validator_params.name)

    add_validator(function=lenient, name="Shape and Dtype Probe", overwrite=True)
    apply_validator_pipeline(
        [make_image(data_type="uint16")], [ShapeDtypeProbeValidator()]
    )
    assert calls == ["Shape and Dtype Probe"]


def test_self_contained_custom_model_needs_no_registration(make_image):
    class SingleTile(ValidatorModel):
        name: Literal["Single Tile"] = "Single Tile"

        def check(self, tiled_image, *, resource=None):
            if len(tiled_image.regions) != 1:
                raise ConvertersToolsUserError("expected exactly one tile")

    apply_validator_pipeline([make_image(n_tiles=1)], [SingleTile()])
    with pytest.raises(ConvertersToolsUserError, match="exactly one"):
        apply_validator_pipeline([make_image(n_tiles=2)], [SingleTile()])


def test_bare_model_has_no_logic(make_image):
    with pytest.raises(ConvertersToolsInternalError):
        ValidatorModel(name="x").check(make_image())
    with pytest.raises(ConvertersToolsUserError, match=r"ShapeDtypeProbeValidator"):
        apply_validator_pipeline(
            [make_image()], [ValidatorModel(name="Shape and Dtype Probe")]
        )


def test_function_without_name_needs_an_explicit_name(isolated_registry):
    import functools

    nameless = functools.partial(_max_tiles)
    with pytest.raises(ConvertersToolsUserError, match="__name__"):
        add_validator(nameless)
