"""`python -m ome_zarr_converters_tools`: the command line (see `cli`)."""

from ome_zarr_converters_tools.cli import main

if __name__ == "__main__":
    main()
