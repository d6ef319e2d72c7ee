"""Compatibility shim: the 0.10 private path of the image loader classes.

fractal-lif-converters imports `ImageLoaderInterface` from here; new code should
import from `ome_zarr_converters_tools.models`.
"""

from ome_zarr_converters_tools.core.loaders import (
    DefaultImageLoader,
    ImageLoaderInterface,
    ImageLoaderInterfaceType,
)

__all__ = ["DefaultImageLoader", "ImageLoaderInterface", "ImageLoaderInterfaceType"]
