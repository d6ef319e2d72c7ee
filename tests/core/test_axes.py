import pytest

from ome_zarr_converters_tools.core.axes import (
    CANONICAL_AXES,
    check_axes_order,
    default_axes_builder,
    is_canonical_order,
    left_pad_shape,
)


def test_canonical_order():
    assert CANONICAL_AXES == ("t", "c", "z", "y", "x")


@pytest.mark.parametrize(
    ("axes", "ok"),
    [
        (["t", "c", "z", "y", "x"], True),
        (["c", "y", "x"], True),
        (["y", "x"], True),
        (["x", "y"], False),
        (["c", "c", "x"], False),
        (["q", "x"], False),
    ],
)
def test_is_canonical_order(axes, ok):
    assert is_canonical_order(axes) is ok


def test_check_axes_order_returns_new_list():
    axes = ("z", "y", "x")
    result = check_axes_order(axes)
    assert result == ["z", "y", "x"]
    assert isinstance(result, list)


@pytest.mark.parametrize(
    ("axes", "match"),
    [
        (["x"], "between 2 and 5"),
        (["t", "c", "z", "y", "x", "x"], "between 2 and 5"),
        (["q", "x"], "Unknown axes"),
        (["z", "c", "y", "x"], r"canonical order.*\['c', 'z', 'y', 'x'\]"),
    ],
)
def test_check_axes_order_errors(axes, match):
    with pytest.raises(ValueError, match=match):
        check_axes_order(axes)


def test_default_axes_builder():
    assert default_axes_builder(True) == ["t", "c", "z", "y", "x"]
    assert default_axes_builder(False) == ["c", "z", "y", "x"]
    first = default_axes_builder(False)
    first.append("q")
    assert default_axes_builder(False) == ["c", "z", "y", "x"]


def test_left_pad_shape():
    assert left_pad_shape((4, 5), 4) == (1, 1, 4, 5)
    assert left_pad_shape((2, 3, 4), 3) == (2, 3, 4)
    assert left_pad_shape((2, 3, 4), 2) == (2, 3, 4)
