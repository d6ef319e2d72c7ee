"""Draw the layout of tiles: outlines at their positions, overlaps and gaps.

What a converter author checks first is where the tiles land: a stage axis
flipped or swapped, positions in the wrong unit, tiles that overlap more than
expected or leave gaps. `plot_layout` answers that from the metadata alone
(`Tile.to_roi()` or the regions of a `TiledImage`, so the stage orientation and
coordinate spaces are applied exactly as the conversion applies them) without
reading a pixel; `mosaic=True` adds a downsampled picture of the first plane of
every field of view under the outlines.

The y axis points down, as in the written image (row 0 at the top, the way
napari and most viewers show it); the origin and both axis directions are
marked in every panel.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsMissingDependencyError,
    ConvertersToolsUserError,
)
from ome_zarr_converters_tools.core.geometry import axis_interval
from ome_zarr_converters_tools.core.tile import Tile
from ome_zarr_converters_tools.core.tiled_image import TiledImage, TileSlice

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_layout"]

_PANEL_INCHES = 5.0
_MAX_COLUMNS = 4
_GAP_GRID = 400
"""Cells along the longer side of the grid that estimates the uncovered area."""
_MOSAIC_PIXELS = 256
"""Longest side, in screen pixels, of each downsampled field of view."""
_TILE_COLOUR = "tab:blue"
_TILE_FILL = "#c6dbef"
_OVERLAP_COLOUR = "tab:red"
_GAP_COLOUR = "0.85"


@dataclass(frozen=True)
class _Box:
    """One drawn outline: a field of view at one xy position (all planes)."""

    name: str
    x: float
    y: float
    width: float
    height: float


@dataclass
class _Panel:
    """One image or well: its outlines, unit and (for mosaics) how to load them."""

    title: str
    unit: str
    boxes: list[_Box] = field(default_factory=list)
    planes: dict[_Box, int] = field(default_factory=dict)
    loaders: dict[_Box, tuple[TileSlice[Any], list[str]]] = field(default_factory=dict)

    def add(self, box: _Box, region: TileSlice[Any], axes: list[str]) -> None:
        """Add one region; planes of one field of view share one outline."""
        if box not in self.planes:
            self.boxes.append(box)
            self.planes[box] = 0
            self.loaders[box] = (region, axes)
        self.planes[box] += 1


def _import_pyplot() -> Any:
    """Import matplotlib (non-interactive backend unless one is chosen already)."""
    try:
        import matplotlib
    except ImportError as err:
        raise ConvertersToolsMissingDependencyError(
            "Drawing a tile layout needs matplotlib, which is not installed. Install "
            "the 'plot' extra: pip install 'ome-zarr-converters-tools[plot]' (or pip "
            "install matplotlib)."
        ) from err
    from matplotlib.figure import Figure

    return matplotlib, Figure


def _unit(space: str) -> str:
    return "pixels" if space == "pixel" else "µm"


def _box_of(region: TileSlice[Any]) -> _Box:
    x, width = axis_interval(region.roi, "x")
    y, height = axis_interval(region.roi, "y")
    return _Box(str(region.roi.name), x, y, width, height)


def _panels(source: Any) -> list[_Panel]:
    """Sort the regions of the source into one panel per output image."""
    if isinstance(source, TiledImage):
        items: list[Any] = [source]
    elif isinstance(source, Sequence) and not isinstance(source, str):
        items = list(source)
    else:
        raise ConvertersToolsUserError(
            f"plot_layout got a {type(source).__name__}; pass a list of Tile, a "
            "TiledImage or a list of TiledImage."
        )
    if not items:
        raise ConvertersToolsUserError(
            "plot_layout got an empty list: there is nothing to draw. Pass the "
            "tiles (or tiled images) built from your table."
        )
    panels: dict[str, _Panel] = {}
    for item in items:
        if isinstance(item, Tile):
            region = TileSlice.from_tile(item)
            key = item.collection.path()
            panel = panels.setdefault(key, _Panel(key, _unit(region.roi.space)))
            panel.add(_box_of(region), region, list(item.acquisition_details.axes))
        elif isinstance(item, TiledImage):
            spaces = {region.roi.space for region in item.regions}
            space = spaces.pop() if len(spaces) == 1 else "world"
            panel = panels.setdefault(item.path, _Panel(item.path, _unit(space)))
            for region in item.regions:
                panel.add(_box_of(region), region, list(item.axes))
        else:
            raise ConvertersToolsUserError(
                f"plot_layout got a list holding a {type(item).__name__}; every "
                "element must be a Tile or a TiledImage."
            )
    return list(panels.values())


def _overlaps(boxes: Sequence[_Box]) -> list[tuple[float, float, float, float]]:
    """Intersections `(x, y, width, height)` of every pair of outlines (sweep on x)."""
    ordered = sorted(boxes, key=lambda box: box.x)
    found: list[tuple[float, float, float, float]] = []
    for index, first in enumerate(ordered):
        right = first.x + first.width
        for second in ordered[index + 1 :]:
            if second.x >= right:
                break
            x0, x1 = max(first.x, second.x), min(right, second.x + second.width)
            y0 = max(first.y, second.y)
            y1 = min(first.y + first.height, second.y + second.height)
            if x1 > x0 and y1 > y0:
                found.append((x0, y0, x1 - x0, y1 - y0))
    return found


def _bounds(boxes: Sequence[_Box]) -> tuple[float, float, float, float]:
    x0 = min(box.x for box in boxes)
    y0 = min(box.y for box in boxes)
    x1 = max(box.x + box.width for box in boxes)
    y1 = max(box.y + box.height for box in boxes)
    return x0, y0, x1, y1


def _uncovered_fraction(boxes: Sequence[_Box]) -> float:
    """Share of the bounding box no outline covers, on a coarse grid."""
    x0, y0, x1, y1 = _bounds(boxes)
    width, height = x1 - x0, y1 - y0
    if width <= 0 or height <= 0:
        return 0.0
    longest = max(width, height)
    columns = max(1, round(_GAP_GRID * width / longest))
    rows = max(1, round(_GAP_GRID * height / longest))
    cell_x, cell_y = width / columns, height / rows
    covered = np.zeros((rows, columns), dtype=bool)
    for box in boxes:
        # A cell counts as covered when its centre lies in the outline.
        c0 = math.ceil((box.x - x0) / cell_x - 0.5)
        c1 = math.ceil((box.x + box.width - x0) / cell_x - 0.5)
        r0 = math.ceil((box.y - y0) / cell_y - 0.5)
        r1 = math.ceil((box.y + box.height - y0) / cell_y - 0.5)
        covered[max(r0, 0) : max(r1, 0), max(c0, 0) : max(c1, 0)] = True
    return float(1.0 - covered.mean())


def _plane(data: np.ndarray) -> np.ndarray:
    """The first plane of every leading axis, downsampled to about 256 pixels."""
    plane = np.asarray(data)
    while plane.ndim > 2:
        plane = plane[0]
    step = max(1, math.ceil(max(plane.shape) / _MOSAIC_PIXELS))
    return plane[::step, ::step].astype(np.float32)


def _draw_mosaic(ax: Axes, panel: _Panel, resource: Any | None) -> None:
    """Draw the first plane of every field of view under its outline."""
    planes = []
    for box in panel.boxes:
        region, axes = panel.loaders[box]
        planes.append((box, _plane(region.load_data(axes=axes, resource=resource))))
    values = np.concatenate([plane.ravel() for _, plane in planes])
    low, high = (float(v) for v in np.percentile(values, [1.0, 99.5]))
    if high <= low:
        high = low + 1.0
    for box, plane in planes:
        ax.imshow(
            plane,
            cmap="gray",
            vmin=low,
            vmax=high,
            origin="upper",
            extent=(box.x, box.x + box.width, box.y + box.height, box.y),
            interpolation="nearest",
            zorder=1,
        )


def _draw_orientation(ax: Axes, unit: str) -> None:
    """Show the +x / +y directions (y points down) and the origin if in view."""
    from matplotlib.patheffects import withStroke

    # A white rim keeps the marks visible on dark mosaics too.
    rim: list[Any] = [withStroke(linewidth=3.5, foreground="white")]
    style = {"arrowstyle": "->", "color": "black", "lw": 1.5}
    box = {"facecolor": "white", "alpha": 0.8, "lw": 0, "pad": 1}
    corner = (0.84, 0.96)
    for tip, label, vertical, horizontal in (
        ((0.94, 0.96), "+x", "center", "left"),
        ((0.84, 0.86), "+y", "top", "center"),
    ):
        mark = ax.annotate(
            label,
            xy=corner,
            xytext=tip,
            xycoords="axes fraction",
            textcoords="axes fraction",
            arrowprops={**style, "arrowstyle": "<-"},
            fontsize=8,
            bbox=box,
            zorder=7,
            va=vertical,
            ha=horizontal,
        )
        if mark.arrow_patch is not None:
            mark.arrow_patch.set_path_effects(rim)
    (left, right), (bottom, top) = ax.get_xlim(), ax.get_ylim()
    if min(left, right) <= 0 <= max(left, right) and min(bottom, top) <= 0 <= max(
        bottom, top
    ):
        ax.plot(
            [0],
            [0],
            marker="+",
            color="black",
            markersize=10,
            zorder=7,
            path_effects=rim,
        )
        ax.annotate(
            "(0, 0)",
            (0, 0),
            xytext=(4, 4),
            textcoords="offset points",
            fontsize=7,
            zorder=7,
            path_effects=rim,
        )
    ax.set_xlabel(f"x ({unit}) →")
    ax.set_ylabel(f"y ({unit}) ↓")


def _draw_panel(
    ax: Axes, panel: _Panel, *, show_names: bool, mosaic: bool, resource: Any | None
) -> None:
    from matplotlib.patches import Rectangle

    bounds = _bounds(panel.boxes)
    x0, y0, x1, y1 = bounds
    # The bounding box in grey: whatever no tile covers stays grey (a gap).
    ax.add_patch(
        Rectangle(
            (x0, y0),
            x1 - x0,
            y1 - y0,
            facecolor=_GAP_COLOUR,
            edgecolor="none",
            hatch="//",
            zorder=0,
        )
    )
    if mosaic:
        _draw_mosaic(ax, panel, resource)
    # Opaque tiles hide the hatched background: only gaps stay hatched.
    fill = "none" if mosaic else _TILE_FILL
    for box in panel.boxes:
        ax.add_patch(
            Rectangle(
                (box.x, box.y),
                box.width,
                box.height,
                facecolor=fill,
                edgecolor=_TILE_COLOUR,
                linewidth=1.2,
                zorder=3,
            )
        )
        if show_names:
            planes = panel.planes[box]
            label = box.name if planes == 1 else f"{box.name}\n({planes} planes)"
            ax.text(
                box.x + box.width / 2,
                box.y + box.height / 2,
                label,
                ha="center",
                va="center",
                fontsize=7,
                color="black",
                zorder=5,
                bbox={"facecolor": "white", "alpha": 0.6, "lw": 0, "pad": 1},
            )
    overlaps = _overlaps(panel.boxes)
    for x, y, width, height in overlaps:
        ax.add_patch(
            Rectangle(
                (x, y),
                width,
                height,
                facecolor=(*_rgb(_OVERLAP_COLOUR), 0.45),
                edgecolor=_OVERLAP_COLOUR,
                linewidth=1.5,
                zorder=4,
            )
        )
    margin = 0.05 * max(x1 - x0, y1 - y0, 1e-9)
    ax.set_xlim(x0 - margin, x1 + margin)
    ax.set_ylim(y1 + margin, y0 - margin)  # y points down, as in the image
    ax.set_aspect("equal")
    _draw_orientation(ax, panel.unit)
    gaps = _uncovered_fraction(panel.boxes)
    ax.set_title(
        f"{panel.title}\n{len(panel.boxes)} FOV(s), {len(overlaps)} overlap(s), "
        f"{100 * gaps:.1f}% uncovered",
        fontsize=9,
    )


def _rgb(colour: str) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    return to_rgb(colour)


def plot_layout(
    source: Sequence[Tile[Any, Any]] | TiledImage[Any, Any] | Sequence[TiledImage],
    *,
    title: str | None = None,
    show_names: bool = True,
    mosaic: bool = False,
    resource: Any | None = None,
    ax: Axes | None = None,
) -> Figure:
    """Draw where every tile lies: one panel per output image (or well).

    Every field of view is an outline at its position, labelled with its FOV
    name (and its number of planes when it has several); overlaps between
    outlines are red, area of the bounding box that no tile covers stays grey
    and hatched. The panel title counts fields of view and overlaps and gives
    the uncovered share of the bounding box. Positions come from
    `Tile.to_roi()` (stage orientation and coordinate spaces applied) or from a
    `TiledImage`'s regions: in micrometres before registration, in pixels after
    `apply_registration_pipeline`, so the same call shows both.

    Args:
        source: A list of tiles (e.g. from `hcs_images_from_dataframe`; one
            panel per image path), a `TiledImage`, or a list of them.
        title: Figure title (suptitle); None for none.
        show_names: Label every outline with its FOV name.
        mosaic: Also read the first plane of every field of view, downsampled,
            and draw it under the outlines (reads pixels; off by default).
        resource: Passed to the image loaders when `mosaic` is on.
        ax: Draw into these axes (only for a source with one panel); by default
            a new figure is made.

    Returns:
        The matplotlib `Figure` (shown inline in a notebook; save it with
        `fig.savefig("layout.png")`).

    Raises:
        ConvertersToolsMissingDependencyError: If matplotlib is not installed
            (extra `plot`).
        ConvertersToolsUserError: If the source is empty or not tiles/images,
            or `ax` is given for several panels.
    """
    _, figure_class = _import_pyplot()
    panels = _panels(source)
    if ax is not None:
        if len(panels) != 1:
            raise ConvertersToolsUserError(
                f"plot_layout(ax=...) draws one panel, but the source has "
                f"{len(panels)} images ({', '.join(p.title for p in panels[:3])}, "
                "...). Drop ax= to get one panel per image, or pass one image."
            )
        parent: Any = ax.get_figure()
        # A subfigure's root figure is what gets saved (get_figure(root=True)
        # only exists from matplotlib 3.10).
        while parent is not None and not isinstance(parent, figure_class):
            parent = getattr(parent, "figure", None)
        if parent is None:
            raise ConvertersToolsUserError(
                "plot_layout(ax=...) got axes that belong to no figure; create them "
                "with matplotlib (fig, ax = plt.subplots()) and pass ax."
            )
        figure = parent
        axes_list = [ax]
    else:
        columns = min(_MAX_COLUMNS, len(panels))
        rows = math.ceil(len(panels) / columns)
        # Figure() without pyplot: no GUI backend, no global state, no leak.
        figure = figure_class(
            figsize=(_PANEL_INCHES * columns, _PANEL_INCHES * rows),
            layout="constrained",
        )
        grid = figure.subplots(rows, columns, squeeze=False)
        axes_list = list(grid.ravel())
        for unused in axes_list[len(panels) :]:
            unused.set_axis_off()
    for panel, panel_ax in zip(panels, axes_list, strict=False):
        _draw_panel(
            panel_ax,
            panel,
            show_names=show_names,
            mosaic=mosaic,
            resource=resource,
        )
    if title is not None:
        figure.suptitle(title)
    return figure  # type: ignore[no-any-return]
