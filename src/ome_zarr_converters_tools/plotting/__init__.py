"""Pictures of tile layouts, for notebooks and the `preview` command.

`plot_layout` draws where every tile of a list of `Tile`s or of a `TiledImage`
lies, as a matplotlib `Figure`: the stage layout before conversion (world
units) and the pixel layout after registration. matplotlib is optional (extra
`plot`) and imported only when a figure is drawn, so the library works
without it.

This package sits above the four layers (it reads `core` objects only) and is
not re-exported by the root package.
"""

from ome_zarr_converters_tools.plotting.layout import plot_layout

__all__ = ["plot_layout"]
