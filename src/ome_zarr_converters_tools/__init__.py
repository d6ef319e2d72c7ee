"""Build OME-Zarr images and HCS plates from microscope tiles."""
