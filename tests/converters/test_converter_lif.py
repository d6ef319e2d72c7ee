"""A real conversion through the public tasks of fractal-lif-converters.

The test writes a small LIF file itself (`_lif_writer`: the LIF container that
liffile, the converter's reader, parses): one image "Scan1" of 2 channels x
32 x 48 uint16 pixels, pixel size 0.5 um. It is read back with liffile first,
so the converter gets a file its own reader accepts, then converted with the
init task and `single_image_compute_task` (arguments through JSON, as Fractal
passes them) and checked with zarr and ome-zarr-models.
"""

from __future__ import annotations

import gc
import json
from pathlib import Path

import numpy as np
import pytest
from _converter_packages import require
from _lif_writer import write_lif

SHAPE = (2, 32, 48)  # (c, y, x)
PIXEL_SIZE = 0.5


@pytest.mark.integration
# fractal-lif-converters 0.7.0 opens the LIF file in its metadata parser and never
# closes it; the unclosed-file warning is the converter's, not this library's.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_lif_image_conversion(tmp_path: Path) -> None:
    require("fractal_lif_converters")
    import liffile
    import zarr
    from fractal_lif_converters.common.single_image_compute_task import (
        single_image_compute_task,
    )
    from fractal_lif_converters.lif_image.convert_lif_image_init_task import (
        convert_lif_image_init_task,
    )
    from ome_zarr_models.v04.image import ImageAttrs

    data = np.random.default_rng(7).integers(1, 60_000, size=SHAPE, dtype=np.uint16)
    lif_path = tmp_path / "sample.lif"
    write_lif(lif_path, {"Scan1": data}, PIXEL_SIZE)
    with liffile.LifFile(lif_path, squeeze=False) as lif:
        (image,) = lif.images
        assert (image.path, image.sizes) == ("Scan1", {"C": 2, "Y": 32, "X": 48})
        np.testing.assert_array_equal(image.asarray().reshape(SHAPE), data)

    zarr_dir = tmp_path / "zarr"
    init_args = {"zarr_dir": str(zarr_dir), "acquisitions": [{"path": str(lif_path)}]}
    result = convert_lif_image_init_task(**json.loads(json.dumps(init_args)))
    items = json.loads(json.dumps(result["parallelization_list"]))
    zarr_url = f"{zarr_dir}/sample_Scan1.zarr"
    assert [item["zarr_url"] for item in items] == [zarr_url]
    updates = [single_image_compute_task(**item) for item in items]
    assert [u["image_list_updates"] for u in updates] == [
        [{"zarr_url": zarr_url, "types": {"is_3D": False}, "attributes": {}}]
    ]

    group = zarr.open_group(zarr_url, mode="r")
    attrs = dict(group.attrs)
    multiscale = ImageAttrs.model_validate(attrs).multiscales[0]
    assert [a.name for a in multiscale.axes] == ["c", "z", "y", "x"]
    scale0 = multiscale.datasets[0].coordinateTransformations[0].scale
    assert list(scale0) == [1.0, 1.0, PIXEL_SIZE, PIXEL_SIZE]
    assert [c["label"] for c in attrs["omero"]["channels"]] == [
        "channel_0",
        "channel_1",
    ]
    level0 = group[multiscale.datasets[0].path]
    assert level0.dtype == np.uint16
    assert level0.shape == (2, 1, 32, 48)
    np.testing.assert_array_equal(level0[:, 0], data)
    # Collect the converter's unclosed LifFile here, under this test's filters,
    # not in whichever test the worker runs next.
    gc.collect()
