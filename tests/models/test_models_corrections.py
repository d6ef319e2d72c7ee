import pytest
from pydantic import ValidationError

from _api_lines import ON_0_10, per_line
from ome_zarr_converters_tools.models import StagePositionCorrections


def test_defaults_and_dump_are_the_line_ones():
    corrections = StagePositionCorrections()
    # 1.1.1 removes the xy jitter by default, 0.10 does not.
    jitter = per_line(v0_10=False, v1=True)
    assert corrections.model_dump() == per_line(
        v0_10={"align_xy": False, "align_z": False, "align_t": False},
        v1={
            "remove_xy_offset": "Global",
            "remove_z_offset": "Global",
            "remove_t_offset": "Global",
            "remove_xy_jitter": True,
            "reindex_channels": True,
        },
    )
    assert corrections.remove_xy_offset == "Global"
    assert corrections.remove_z_offset == "Global"
    assert corrections.remove_t_offset == "Global"
    assert corrections.reindex_channels is True
    assert corrections.remove_xy_jitter is jitter
    assert corrections.align_xy is jitter


def test_schema_shows_only_the_line_fields():
    properties = StagePositionCorrections.model_json_schema()["properties"]
    if ON_0_10:
        assert list(properties) == ["align_xy", "align_z", "align_t"]
        assert properties["align_xy"]["title"] == "Align XY"
    else:
        assert list(properties) == [
            "remove_xy_offset",
            "remove_z_offset",
            "remove_t_offset",
            "remove_xy_jitter",
            "reindex_channels",
        ]
        assert properties["remove_xy_jitter"]["title"] == "Remove XY Jitter"
        assert properties["remove_xy_jitter"]["default"] is True


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
    if ON_0_10:
        assert "remove_xy_jitter" not in dumped
        assert dumped["align_xy"] is True
    else:
        assert "align_xy" not in dumped
        assert dumped["remove_xy_jitter"] is True
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
