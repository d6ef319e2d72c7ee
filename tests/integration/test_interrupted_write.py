"""An interrupted image write is recognisable and never accepted as finished."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import zarr
from ngio import open_ome_zarr_container
from ome_zarr_models.v04.image import ImageAttrs as ImageAttrs04
from ome_zarr_models.v05.image import ImageAttrs as ImageAttrs05

from ome_zarr_converters_tools import (
    AcquisitionDetails,
    ChannelInfo,
    ConverterOptions,
    ConvertersToolsOutputExistsError,
    ConvertParallelInitArgs,
    DefaultImageLoader,
    OmeZarrOptions,
    OverwriteMode,
    SingleImage,
    Tile,
    build_default_registration_pipeline,
    generic_compute_task,
    tiled_image_creation_pipeline,
    tiled_image_from_tiles,
)
from ome_zarr_converters_tools.pipelines.ome_zarr.container import (
    INCOMPLETE_MARKER,
    is_finished_image,
)

FOVS = (("FOV_1", 0.0, 0.0), ("FOV_2", 10.0, 0.0), ("FOV_3", 0.0, 8.0))
"""(name, start_x, start_y) in micrometres: a 2x2 grid with one cell empty."""


class LoaderCrashError(RuntimeError):
    """Raised by `CrashAfter` to simulate a loader dying mid-write."""


class CrashAfter:
    """Loader resource that lets `n_ok` loads succeed, then fails every load."""

    def __init__(self, folder: Path, *, n_ok: int) -> None:
        self.folder = str(folder)
        self.n_ok = n_ok
        self.calls = 0
        self._lock = threading.Lock()

    def tick(self) -> None:
        with self._lock:
            self.calls += 1
            if self.calls > self.n_ok:
                raise LoaderCrashError(f"simulated crash on load {self.calls}")


class FlakyLoader(DefaultImageLoader):
    """A `.npy` loader that counts its loads against a `CrashAfter` resource."""

    def load_data(self, resource: Any | None = None) -> np.ndarray:
        if isinstance(resource, CrashAfter):
            resource.tick()
            resource = resource.folder
        return super().load_data(resource)


def _image(folder: Path, *, seed: int = 0) -> Any:
    """A 3-FOV czyx uint16 mosaic whose tiles are .npy files in `folder`."""
    acq = AcquisitionDetails(
        pixelsize=0.5,
        z_spacing=2.0,
        channels=[ChannelInfo(channel_label="DAPI", wavelength_id="405")],
        axes=["c", "z", "y", "x"],
        data_type="uint16",
        start_z_coo="pixel",
        start_t_coo="pixel",
    )
    rng = np.random.default_rng(seed)
    tiles = []
    for name, x, y in FOVS:
        file_name = f"{name}_{seed}.npy"
        data = rng.integers(1, 60000, size=(1, 2, 16, 20), dtype="uint16")
        np.save(folder / file_name, data)
        tiles.append(
            Tile(
                fov_name=name,
                start_x=x,
                start_y=y,
                length_x=20,
                length_y=16,
                length_z=2,
                collection=SingleImage(image_path="img"),
                image_loader=FlakyLoader(file_path=file_name),
                acquisition_details=acq,
            )
        )
    (image,) = tiled_image_from_tiles(tiles=tiles, resource=str(folder))
    return image


def _options(ngff: str) -> ConverterOptions:
    return ConverterOptions(omezarr_options=OmeZarrOptions(ngff_version=ngff))


def _convert(
    url: Path, image: Any, ngff: str, *, resource: Any, mode: OverwriteMode
) -> Any:
    options = _options(ngff)
    return tiled_image_creation_pipeline(
        zarr_url=str(url),
        tiled_image=image,
        registration_pipeline=build_default_registration_pipeline(
            options.stage_position_corrections, options.tiling_strategy
        ),
        converter_options=options,
        overwrite_mode=mode,
        resource=resource,
    )


def _files(root: Path) -> dict[str, bytes]:
    """Every stored file under `root`, by relative path."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _levels(root: Path) -> list[np.ndarray]:
    container = open_ome_zarr_container(str(root))
    return [
        np.asarray(container.get_image(path=path).get_array())
        for path in container.level_paths
    ]


@pytest.fixture(params=["0.4", "0.5"])
def ngff(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def tiles(tmp_path: Path) -> Path:
    folder = tmp_path / "tiles"
    folder.mkdir()
    return folder


@pytest.fixture
def clean(tmp_path: Path, tiles: Path, ngff: str) -> Path:
    """A clean conversion of the test image, the reference for reruns."""
    url = tmp_path / "clean.zarr"
    _convert(
        url, _image(tiles), ngff, resource=str(tiles), mode=OverwriteMode.NO_OVERWRITE
    )
    return url


@pytest.fixture
def crashed(tmp_path: Path, tiles: Path, ngff: str) -> Path:
    """An image whose conversion died on the second tile load."""
    url = tmp_path / "crashed.zarr"
    resource = CrashAfter(tiles, n_ok=1)
    with pytest.raises(LoaderCrashError, match="simulated crash on load 2"):
        _convert(url, _image(tiles), ngff, resource=resource, mode=OverwriteMode.EXTEND)
    return url


def test_a_crash_leaves_the_marker_and_a_valid_group(crashed: Path, ngff: str) -> None:
    assert (crashed / INCOMPLETE_MARKER).is_file()
    # The marker is no zarr member and leaves the OME metadata readable.
    group = zarr.open_group(str(crashed), mode="r")
    assert sorted(group.keys()) == ["0", "1", "2", "3", "4"]
    assert INCOMPLETE_MARKER not in group
    # (Image.from_zarr trips over a pydantic-zarr class clash once ngio is
    # imported; the attribute models validate the same OME metadata.)
    if ngff == "0.4":
        ImageAttrs04.model_validate(dict(group.attrs))
    else:
        ImageAttrs05.model_validate(dict(group.attrs)["ome"])
    assert len(open_ome_zarr_container(str(crashed)).level_paths) == 5


def test_extend_rewrites_an_interrupted_image(
    crashed: Path,
    clean: Path,
    tiles: Path,
    ngff: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        _convert(
            crashed, _image(tiles), ngff, resource=str(tiles), mode=OverwriteMode.EXTEND
        )
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("'img.zarr'" in m for m in warnings), warnings
    assert any("interrupted conversion" in m for m in warnings), warnings
    assert not (crashed / INCOMPLETE_MARKER).exists()
    for got, want in zip(_levels(crashed), _levels(clean), strict=True):
        assert got.dtype == want.dtype
        assert got.tobytes() == want.tobytes()
    assert _files(crashed) == _files(clean)


def test_no_overwrite_refuses_an_interrupted_image(
    crashed: Path, tiles: Path, ngff: str
) -> None:
    before = _files(crashed)
    with pytest.raises(ConvertersToolsOutputExistsError) as info:
        _convert(
            crashed,
            _image(tiles),
            ngff,
            resource=str(tiles),
            mode=OverwriteMode.NO_OVERWRITE,
        )
    message = str(info.value)
    assert "'img.zarr'" in message
    assert "interrupted conversion" in message
    assert INCOMPLETE_MARKER in message
    assert "'Extend'" in message
    assert "'Overwrite'" in message
    assert _files(crashed) == before


def test_overwrite_replaces_an_interrupted_image(
    crashed: Path, clean: Path, tiles: Path, ngff: str
) -> None:
    _convert(
        crashed, _image(tiles), ngff, resource=str(tiles), mode=OverwriteMode.OVERWRITE
    )
    assert _files(crashed) == _files(clean)


def test_a_crash_propagates_unchanged_and_keeps_user_data(
    tmp_path: Path, tiles: Path, ngff: str
) -> None:
    url = tmp_path / "crashed.zarr"
    resource = CrashAfter(tiles, n_ok=0)
    with pytest.raises(LoaderCrashError) as info:
        _convert(url, _image(tiles), ngff, resource=resource, mode=OverwriteMode.EXTEND)
    assert type(info.value) is LoaderCrashError
    assert (url / INCOMPLETE_MARKER).is_file()
    assert (tiles / "FOV_1_0.npy").is_file()


def test_a_finished_image_has_no_marker_and_extend_keeps_it(
    clean: Path, tiles: Path, ngff: str
) -> None:
    assert not (clean / INCOMPLETE_MARKER).exists()
    before = _files(clean)
    other = _image(tiles, seed=1)
    resource = CrashAfter(tiles, n_ok=0)  # any load would fail: nothing is read
    container = _convert(
        clean, other, ngff, resource=resource, mode=OverwriteMode.EXTEND
    )
    assert resource.calls == 0
    assert container.level_paths == open_ome_zarr_container(str(clean)).level_paths
    assert _files(clean) == before


def test_compute_task_rerun_in_extend_rewrites_an_interrupted_image(
    tmp_path: Path, clean: Path, tiles: Path, ngff: str
) -> None:
    url = tmp_path / "task.zarr"
    init_args = ConvertParallelInitArgs(
        tiled_image_json_str=_image(tiles).model_dump_json(),
        converter_options=_options(ngff),
        overwrite_mode=OverwriteMode.EXTEND,
    )
    task = {
        "zarr_url": str(url),
        "init_args": init_args,
        "collection_type": SingleImage,
        "image_loader_type": FlakyLoader,
    }
    with pytest.raises(LoaderCrashError):
        generic_compute_task(**task, resource=CrashAfter(tiles, n_ok=2))
    assert (url / INCOMPLETE_MARKER).is_file()
    generic_compute_task(**task, resource=str(tiles))
    assert not (url / INCOMPLETE_MARKER).exists()
    assert _files(url) == _files(clean)


class SlowThenCrash(CrashAfter):
    """The first load is slow and succeeds; the second fails quickly.

    Both run at once on the writer's threads, so the error reaches the writer
    while other work of the same write is still in flight.
    """

    def tick(self) -> None:
        with self._lock:
            self.calls += 1
            call = self.calls
        if call == 1:
            threading.Event().wait(0.8)
            return
        threading.Event().wait(0.1)
        raise LoaderCrashError(f"simulated crash on load {call}")


def test_no_write_lands_after_the_error_reaches_the_caller(
    tmp_path: Path, ngff: str
) -> None:
    tiles = tmp_path / "tiles"
    tiles.mkdir()
    url = tmp_path / "img.zarr"
    with pytest.raises(LoaderCrashError):
        _convert(
            url,
            _image(tiles),
            ngff,
            resource=SlowThenCrash(tiles, n_ok=1),
            mode=OverwriteMode.NO_OVERWRITE,
        )
    right_after = _files(url)
    threading.Event().wait(1.5)
    assert _files(url) == right_after
    assert (url / INCOMPLETE_MARKER).exists()


def test_is_finished_image_tells_finished_from_interrupted(
    crashed: Path, clean: Path, tmp_path: Path
) -> None:
    assert is_finished_image(str(clean))
    assert not is_finished_image(str(crashed))
    assert not is_finished_image(str(tmp_path / "missing.zarr"))
