import pytest
from pydantic import Field, ValidationError

from ome_zarr_converters_tools.models import OverwriteMode, UserFacingModel, WriterMode


class _Params(UserFacingModel):
    threshold: int = Field(default=3, alias="limit")
    """Pixels above this value are kept."""


def test_user_facing_model_forbids_extras():
    with pytest.raises(ValidationError, match="typo"):
        _Params(typo=1)


def test_user_facing_model_uses_attribute_docstrings():
    schema = _Params.model_json_schema()
    assert schema["properties"]["limit"]["description"] == (
        "Pixels above this value are kept."
    )


def test_user_facing_model_populates_by_name_and_is_assignable():
    params = _Params(threshold=5)
    assert params.threshold == 5
    assert _Params(limit=6).threshold == 6
    params.threshold = 7
    assert params.threshold == 7


def test_writer_mode_values():
    assert {m.name: m.value for m in WriterMode} == {
        "BY_TILE": "By Tile",
        "BY_FOV": "By FOV",
        "BY_FOV_DASK": "By FOV (Using Dask)",
        "BY_TILE_DASK": "By Tile (Using Dask)",
        "IN_MEMORY": "In Memory",
    }
    assert WriterMode("By FOV") is WriterMode.BY_FOV


def test_overwrite_mode_values():
    assert {m.name: m.value for m in OverwriteMode} == {
        "NO_OVERWRITE": "No Overwrite",
        "OVERWRITE": "Overwrite",
        "EXTEND": "Extend",
    }
    assert str(OverwriteMode.EXTEND) == "Extend"
