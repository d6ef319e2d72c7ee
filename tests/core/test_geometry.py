import pytest
from ngio import PixelSize, Roi

from ome_zarr_converters_tools.core.errors import ConvertersToolsInternalError
from ome_zarr_converters_tools.core.geometry import (
    axis_interval,
    box_slices,
    intersect_boxes,
    move_roi_to,
    pixel_layout,
    rebuild_roi,
    roi_corners,
    roi_distance,
    roi_distance_to_point,
    roi_extent_shape,
    roi_pixel_bounds,
    round_interval,
    safe_to_world,
    shift_roi,
    union_rois,
    zero_roi,
)
from ome_zarr_converters_tools.core.ngio_compat import roi_slices

PS = PixelSize(x=0.5, y=0.5, z=2.0, t=1.0)


def roi(name="A", x=(0.0, 4.0), y=(0.0, 4.0), space="world", **extra):
    return Roi.from_values(slices={"x": x, "y": y}, name=name, space=space, **extra)


def test_safe_to_world_world_roundtrips_and_pixel_scales():
    assert safe_to_world(start=10.0, spacing=0.5, space="world") == 10.0
    assert safe_to_world(start=10.0, spacing=0.5, space="pixel") == 5.0
    # within ngio's snapping tolerance, world values land on the pixel grid
    assert safe_to_world(start=10.004, spacing=1.0, space="world") == 10.0


def test_shift_and_move_keep_extras_and_do_not_mutate():
    original = roi(x_micrometer_original=7.0)
    shifted = shift_roi(original, {"x": 2.0})
    assert axis_interval(shifted, "x") == (2.0, 4.0)
    assert axis_interval(shifted, "y") == (0.0, 4.0)
    assert shifted.model_extra == {"x_micrometer_original": 7.0}
    assert axis_interval(original, "x") == (0.0, 4.0)
    moved = move_roi_to(original, {"y": 9.0})
    assert axis_interval(moved, "y") == (9.0, 4.0)
    # the container ngio's Roi declares (tuple on 1.1, list on 0.5)
    assert type(moved.slices) is type(roi_slices([]))
    assert zero_roi(shifted) == rebuild_roi(original)


def test_rebuild_roi_equals_validated_roi():
    original = roi(x_micrometer_original=1.0)
    assert rebuild_roi(original) == original
    assert rebuild_roi(original, name="B").name == "B"


def test_axis_interval_missing_axis_is_internal_error():
    with pytest.raises(ConvertersToolsInternalError, match="axis 'z'"):
        axis_interval(roi(), "z")


def test_distances_and_corners():
    a = roi(x=(3.0, 1.0), y=(4.0, 1.0))
    assert roi_distance_to_point(a, {"x": 0.0, "y": 0.0}) == 5.0
    assert roi_distance(a, roi(), axes=["x"]) == 3.0
    corners = roi_corners(a)
    assert corners[0] == {"x": 3.0, "y": 4.0}
    assert corners[3] == {"x": 4.0, "y": 5.0}


def test_union_takes_min_max_and_min_original_positions():
    a = roi("A", x=(2.0, 4.0), y=(5.0, 1.0), x_micrometer_original=2.0)
    b = roi("B", x=(-1.0, 2.0), y=(0.0, 10.0), x_micrometer_original=-1.0)
    union = union_rois([a, b], name="U")
    assert union.name == "U"
    assert axis_interval(union, "x") == (-1.0, 7.0)
    assert axis_interval(union, "y") == (0.0, 10.0)
    assert union.model_extra == {"x_micrometer_original": 2.0}
    assert union_rois([a]).name == "A"


def test_union_errors():
    with pytest.raises(ConvertersToolsInternalError, match="zero ROIs"):
        union_rois([])
    with pytest.raises(ConvertersToolsInternalError, match="pixel space"):
        union_rois([roi(), roi(space="pixel")])


def test_shapes_extent_versus_output():
    a = roi(x=(1.0, 2.0), y=(1.0, 2.0))  # pixels 2..6
    b = roi(x=(2.0, 1.25), y=(1.0, 2.0))  # pixels 4..6.5
    assert roi_extent_shape([a, b], axes=["y", "x"], pixel_size=PS) == (4, 5)
    layout = pixel_layout([a, b], axes=["y", "x"], pixel_size=PS)
    assert layout.extent_shape() == (4, 5)
    assert layout.output_shape() == (6, 7)
    assert layout.lows == (2.0, 2.0)
    # Boxes relative to the union's corner by default, or to any origin.
    assert layout.boxes() == [((0, 4), (0, 4)), ((0, 4), (2, 4))]
    assert layout.boxes((0.0, 0.0)) == [((2, 6), (2, 6)), ((2, 6), (4, 6))]


def test_pixel_layout_of_no_rois_is_internal_error():
    with pytest.raises(ConvertersToolsInternalError, match="zero ROIs"):
        pixel_layout([], axes=["y", "x"], pixel_size=PS)


def test_pixel_space_rois_are_not_rescaled():
    a = roi(x=(3.0, 4.0), y=(0.0, 2.0), space="pixel")
    layout = pixel_layout([a], axes=["y", "x"], pixel_size=PS)
    assert layout.output_shape() == (2, 7)


def test_box_intersection_and_slices():
    assert intersect_boxes(((0, 4), (2, 6)), ((3, 8), (0, 3))) == ((3, 4), (2, 3))
    assert intersect_boxes(((0, 4),), ((4, 8),)) is None
    assert box_slices(((3, 4), (2, 3))) == (slice(3, 4), slice(2, 3))
    assert box_slices(((3, 4), (2, 3)), (1, 2)) == (slice(2, 3), slice(0, 1))


def test_round_interval_rounds_endpoints_half_to_even():
    assert round_interval(0.5, 10.0) == (0, 10)
    assert round_interval(1.5, 10.0) == (2, 12)
    assert round_interval(0.4, 10.2) == (0, 11)


def test_roi_pixel_bounds_relative_to_origin():
    a = roi(x=(1.0, 2.0), y=(2.0, 1.0))
    bounds = roi_pixel_bounds(a, axes=["y", "x"], pixel_size=PS, origin=(2.0, 1.0))
    assert bounds == ((2, 4), (1, 5))
