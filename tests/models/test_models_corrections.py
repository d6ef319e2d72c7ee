import pytest
from pydantic import ValidationError

from ome_zarr_converters_tools.models import StagePositionCorrections


def test_defaults_and_dump_are_the_010_ones():
    corrections = StagePositionCorrections()
    assert corrections.model_dump() == {
        "align_xy": False,
        "align_z": False,
        "align_t": False,
    }
    assert corrections.remove_xy_offset == "Global"
    assert corrections.remove_z_offset == "Global"
    assert corrections.remove_t_offset == "Global"
    assert corrections.reindex_channels is True
    assert corrections.remove_xy_jitter is False


def test_schema_shows_only_010_fields():
    properties = StagePositionCorrections.model_json_schema()["properties"]
    assert list(properties) == ["align_xy", "align_z", "align_t"]
    assert properties["align_xy"]["title"] == "Align XY"


def test_1x_fields_accepted_and_kept_through_json():
    corrections = StagePositionCorrections(
        remove_xy_offset="Keep",
        remove_z_offset="Per-FOV",
        remove_t_offset="Keep",
        remove_xy_jitter=True,
        reindex_channels=False,
    )
    assert corrections.align_xy is True
    assert corrections.remove_xy_jitter is True
    dumped = corrections.model_dump()
    assert dumped["remove_z_offset"] == "Per-FOV"
    assert "remove_xy_jitter" not in dumped
    again = StagePositionCorrections.model_validate_json(corrections.model_dump_json())
    assert again == corrections


def test_jitter_alias_agreeing_with_align_xy():
    corrections = StagePositionCorrections(align_xy=True, remove_xy_jitter=True)
    assert corrections.align_xy is True


def test_input_dict_not_mutated():
    data = {"remove_xy_jitter": True}
    StagePositionCorrections.model_validate(data)
    assert data == {"remove_xy_jitter": True}


@pytest.mark.parametrize(
    "kwargs",
    [
        {"align_xy": True, "remove_xy_jitter": False},
        {"remove_xy_offset": "Per-FOV"},
        {"remove_z_offset": "False"},
        {"remove_t_offset": "Per-FOV"},
        {"align_q": True},
    ],
)
def test_invalid_values(kwargs):
    with pytest.raises(ValidationError):
        StagePositionCorrections(**kwargs)
