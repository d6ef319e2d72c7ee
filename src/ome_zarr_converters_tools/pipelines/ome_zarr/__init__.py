"""ome_zarr room."""
