"""Image loaders: the extension point that turns a tile's source into pixels.

`ImageLoaderInterface` is what converter authors subclass for custom formats;
`DefaultImageLoader` reads one file (TIFF, PNG/JPEG/BMP or NPY) from a local
path or an s3:// URL. Format libraries are imported inside the readers so that
importing the package stays cheap for workers that never touch pixels.
"""

from __future__ import annotations

import contextlib
import logging
import os
import warnings
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from typing import IO, Any, NamedTuple, TypeVar

import numpy as np
from pydantic import ConfigDict

from ome_zarr_converters_tools.core.api_line import WarnOnUnknownKeys
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsFileNotFoundError,
    ConvertersToolsUserError,
    ConvertersToolsWarning,
)
from ome_zarr_converters_tools.core.plain_tiff import (
    plain_tiff_layout,
    read_plain_tiff,
)
from ome_zarr_converters_tools.core.urls import (
    UrlType,
    basename_url,
    filesystem_for_url,
    find_url_type,
    is_absolute_url,
    join_url_paths,
    local_url_to_path,
)

__all__ = [
    "IMAGE_SUFFIXES",
    "NPY_SUFFIXES",
    "TIFF_SUFFIXES",
    "DefaultImageLoader",
    "ImageLoaderInterface",
    "ImageLoaderInterfaceType",
    "LoaderT",
    "SourceHeader",
]

logger = logging.getLogger(__name__)

TIFF_SUFFIXES = frozenset({"tif", "tiff", "tf2", "tf8", "btf", "stk"})
"""Suffixes read with tifffile (`tf2`/`tf8`/`btf` are BigTIFF, `stk` MetaMorph)."""
IMAGE_SUFFIXES = frozenset({"png", "jpg", "jpeg", "bmp"})
"""Suffixes read with Pillow."""
NPY_SUFFIXES = frozenset({"npy"})
"""Suffixes read with `numpy.load`."""

_DESCRIBE_MAX_CHARS = 200
_SUPPORTED = ", ".join(sorted(TIFF_SUFFIXES | IMAGE_SUFFIXES | NPY_SUFFIXES))

# Pillow modes whose numpy dtype is known without decoding the pixels.
_PIL_MODE_DTYPES: dict[str, str] = {
    "1": "bool",
    "L": "uint8",
    "LA": "uint8",
    "P": "uint8",
    "PA": "uint8",
    "RGB": "uint8",
    "RGBA": "uint8",
    "RGBX": "uint8",
    "CMYK": "uint8",
    "YCbCr": "uint8",
    "LAB": "uint8",
    "HSV": "uint8",
    "I;16": "uint16",
    "I": "int32",
    "F": "float32",
}


# Pillow modes whose decoded array has a trailing sample axis, and its size.
_PIL_MODE_SAMPLES: dict[str, int] = {
    "LA": 2,
    "PA": 2,
    "RGB": 3,
    "YCbCr": 3,
    "LAB": 3,
    "HSV": 3,
    "RGBA": 4,
    "RGBX": 4,
    "CMYK": 4,
}


class SourceHeader(NamedTuple):
    """Shape and dtype of a tile's pixels, as its file header states them.

    Init-time checks compare it with the tile's declared size and the image's
    dtype without decoding any pixel (`ImageLoaderInterface.read_header`).
    """

    shape: tuple[int, ...]
    """Shape `load_data` returns (before missing leading axes are padded)."""
    dtype: str
    """Numpy dtype name `load_data` returns, e.g. `"uint16"`."""


class ImageLoaderInterface(WarnOnUnknownKeys, ABC):
    """Base of every image loader; subclass it to support a custom format.

    A loader is a small, picklable description of where one tile's pixels come
    from (it is serialised into the init-to-compute JSON). `resource` is an
    optional per-call context (usually the acquisition base folder) that the
    pipeline passes through unchanged. Unknown keys are ignored with a warning,
    as 0.10 ignored them (see `core.api_line`).
    """

    model_config = ConfigDict(extra="ignore")

    @abstractmethod
    def load_data(self, resource: Any | None = None) -> np.ndarray:
        """Load the tile's pixels.

        Args:
            resource: Per-call context, e.g. the base folder of relative paths.

        Returns:
            The pixels; fewer dimensions than the image axes are left-padded.
        """

    def find_data_type(self, resource: Any | None = None) -> str:
        """Return the numpy dtype name of the pixels (loads them by default).

        Override it when the format header tells the dtype more cheaply.

        Args:
            resource: Per-call context, e.g. the base folder of relative paths.

        Returns:
            The dtype as a string, e.g. `"uint16"`.
        """
        return str(self.load_data(resource).dtype)

    def read_header(self, resource: Any | None = None) -> SourceHeader | None:
        """Return the shape and dtype of the pixels from the header, if cheap.

        Init checks call it on every tile (in parallel threads) to refuse wrong
        sizes, axes and dtypes before anything is written. The default returns
        None ("unknown without loading"), which skips those checks for the tile;
        override it when the format states the shape cheaply.

        Args:
            resource: Per-call context, e.g. the base folder of relative paths.

        Returns:
            The header, or None when it cannot be read without loading pixels.
        """
        return None

    def preflight(self, resource: Any | None = None) -> None:
        """Check cheaply that the source is reachable; warn, never raise.

        Runs at init time so that missing files show up before compute jobs
        start. The default does nothing.

        Args:
            resource: Per-call context, e.g. the base folder of relative paths.
        """

    def describe_source(self, resource: Any | None = None) -> str:
        """Say where the loader reads from, for error messages.

        Args:
            resource: Per-call context, e.g. the base folder of relative paths.

        Returns:
            The loader's repr, shortened to 200 characters.
        """
        text = repr(self)
        if len(text) <= _DESCRIBE_MAX_CHARS:
            return text
        return f"{text[: _DESCRIBE_MAX_CHARS - 3]}..."


ImageLoaderInterfaceType = TypeVar(
    "ImageLoaderInterfaceType", bound=ImageLoaderInterface
)
"""Generic parameter of `Tile`, `TileSlice` and `TiledImage` (upstream name)."""

LoaderT = TypeVar("LoaderT", bound=ImageLoaderInterface)
"""House-style TypeVar with the same bound as `ImageLoaderInterfaceType`."""


def _file_suffix(path: str) -> str:
    """Return the lower-cased text after the last dot of the file name."""
    name = basename_url(path)
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


@contextlib.contextmanager
def _open_source(path: str) -> Iterator[str | IO[bytes]]:
    """Yield a local path as a string, or an open binary handle for s3://.

    Local files are handed to the readers by name so tifffile and numpy can
    seek and memory-map them; remote files go through fsspec.

    Raises:
        ConvertersToolsFileNotFoundError: If the file does not exist.
        ConvertersToolsUserError: If the URL kind is unsupported.
    """
    fs = filesystem_for_url(path, error_msg_prefix="Loading an image file")
    if find_url_type(path) is UrlType.LOCAL:
        local = local_url_to_path(path)
        if not local.is_file():
            raise ConvertersToolsFileNotFoundError(
                f"Image file not found: {str(local)!r} (file_path resolved to "
                f"{path!r}). Check that the file exists and that file_path, "
                "joined with the resource base folder if any, points to it."
            )
        yield str(local)
        return
    try:
        handle = fs.open(path, "rb")
    except FileNotFoundError as exc:
        raise ConvertersToolsFileNotFoundError(
            f"Image file not found: {path!r}. Check that the object exists and "
            "that file_path, joined with the resource base folder if any, points "
            "to it."
        ) from exc
    with handle as stream:
        yield stream


def _read_tiff(source: str | IO[bytes]) -> np.ndarray:
    """Read the first series of a TIFF file."""
    if isinstance(source, str):
        # A plain plane (the common microscope tile) is read without tifffile.
        layout = plain_tiff_layout(source)
        if layout is not None:
            pixels = read_plain_tiff(source, layout)
            if pixels is not None:
                return pixels
    import tifffile

    with tifffile.TiffFile(source) as tif:
        return np.asarray(tif.asarray())


def _tiff_dtype(source: str | IO[bytes]) -> str:
    """Read the dtype of the first TIFF series from the header only."""
    return _tiff_header(source).dtype


def _tiff_header(source: str | IO[bytes]) -> SourceHeader:
    """Read shape and dtype of the first TIFF series (what `_read_tiff` returns)."""
    if isinstance(source, str):
        layout = plain_tiff_layout(source)
        if layout is not None:
            return SourceHeader(layout.shape, str(layout.dtype))
    import tifffile

    with tifffile.TiffFile(source) as tif:
        series = tif.series[0]
        return SourceHeader(
            tuple(int(n) for n in series.shape), str(np.dtype(series.dtype))
        )


def _pillow_header(source: str | IO[bytes]) -> SourceHeader | None:
    """Read shape and dtype from the Pillow size and mode; None if unknown."""
    from PIL import Image

    with Image.open(source) as image:
        dtype = _PIL_MODE_DTYPES.get(image.mode)
        if dtype is None:
            return None
        width, height = image.size
        samples = _PIL_MODE_SAMPLES.get(image.mode)
        shape = (height, width) if samples is None else (height, width, samples)
        return SourceHeader(shape, dtype)


def _read_pillow(source: str | IO[bytes]) -> np.ndarray:
    """Decode a PNG/JPEG/BMP file with Pillow."""
    from PIL import Image

    with Image.open(source) as image:
        return np.array(image)


def _pillow_dtype(source: str | IO[bytes]) -> str | None:
    """Read the dtype from the Pillow mode; None for modes needing a decode."""
    from PIL import Image

    with Image.open(source) as image:
        return _PIL_MODE_DTYPES.get(image.mode)


def _read_npy(source: str | IO[bytes]) -> np.ndarray:
    """Load a `.npy` array (pickled objects are refused)."""
    return np.asarray(np.load(source, allow_pickle=False))


def _npy_dtype(source: str | IO[bytes]) -> str:
    """Read the dtype from the `.npy` header only."""
    return _npy_header(source).dtype


def _npy_header(source: str | IO[bytes]) -> SourceHeader:
    """Read shape and dtype from the `.npy` header only."""
    with contextlib.ExitStack() as stack:
        stream: IO[bytes] = (
            stack.enter_context(open(source, "rb"))
            if isinstance(source, str)
            else source
        )
        version = np.lib.format.read_magic(stream)
        if version == (1, 0):
            shape, _, dtype = np.lib.format.read_array_header_1_0(stream)
        else:
            shape, _, dtype = np.lib.format.read_array_header_2_0(stream)
        return SourceHeader(tuple(int(n) for n in shape), str(np.dtype(dtype)))


def _check_resource_folder(resource: Any, file_path: str) -> None:
    """Name a missing local `resource` folder instead of every file below it.

    Raises:
        ConvertersToolsFileNotFoundError: If `resource` is a local path that is
            not an existing folder.
    """
    base = os.fspath(resource)
    if isinstance(base, bytes):
        base = base.decode()
    if not base or find_url_type(base) is not UrlType.LOCAL:
        return
    folder = local_url_to_path(base)
    if not folder.is_dir():
        state = "is a file" if folder.exists() else "does not exist"
        raise ConvertersToolsFileNotFoundError(
            f"The resource folder {str(folder)!r} {state}; relative file paths "
            f"such as {file_path!r} are read below it. Pass the folder that holds "
            "the acquisition as `resource` (or use absolute file paths)."
        )


class DefaultImageLoader(ImageLoaderInterface):
    """Loader for one image file: TIFF, PNG/JPEG/BMP or NPY.

    The reader is chosen by suffix; an unknown suffix warns and is tried as
    TIFF, since many instrument formats are TIFF underneath.
    """

    file_path: str
    """Path or URL of the file; a relative path is resolved against `resource`."""

    def resolve_path(self, resource: Any | None = None) -> str:
        """Return the URL the loader reads.

        An absolute `file_path` (`/...`, `~`, Windows drive, any `proto://`)
        is used as is; a relative one is joined onto `resource`.

        Args:
            resource: Base folder (str or `os.PathLike`) of relative paths.

        Returns:
            The resolved path or URL.

        Raises:
            ConvertersToolsUserError: If `resource` is neither a string nor a
                path-like object.
        """
        if resource is None or is_absolute_url(self.file_path):
            return self.file_path
        if not isinstance(resource, str | os.PathLike):
            raise ConvertersToolsUserError(
                f"DefaultImageLoader(file_path={self.file_path!r}) got a resource "
                f"of type {type(resource).__name__}; expected the base folder of "
                "relative file paths as a str or pathlib.Path, or None. Pass "
                "resource=<folder> or use absolute file paths."
            )
        base = os.fspath(resource)
        if isinstance(base, bytes):
            base = base.decode()
        if not base:
            return self.file_path
        return join_url_paths(base, self.file_path)

    def describe_source(self, resource: Any | None = None) -> str:
        """Return the resolved file path, or `file_path` if it cannot resolve.

        Args:
            resource: Base folder of relative paths.

        Returns:
            The path a user can look up.
        """
        try:
            return self.resolve_path(resource)
        except ConvertersToolsUserError:
            return self.file_path

    def preflight(self, resource: Any | None = None) -> None:
        """Warn when the file is missing or its location cannot be checked.

        Args:
            resource: Base folder of relative paths.
        """
        try:
            path = self.resolve_path(resource)
            fs = filesystem_for_url(path, error_msg_prefix="Preflight check")
            exists = fs.exists(
                str(local_url_to_path(path))
                if find_url_type(path) is UrlType.LOCAL
                else path
            )
        except Exception as exc:  # warn-only by contract: any failure is reported
            warnings.warn(
                f"Could not check the source file {self.file_path!r}: {exc}. It "
                "is checked again when its pixels are loaded.",
                ConvertersToolsWarning,
                stacklevel=2,
            )
            return
        if not exists:
            warnings.warn(
                f"Source file {path!r} does not exist (file_path="
                f"{self.file_path!r}, resource={resource!r}). Check that the file "
                "was not moved and that file_path, joined with the resource base "
                "folder if any, points to it.",
                ConvertersToolsWarning,
                stacklevel=2,
            )

    def load_data(self, resource: Any | None = None) -> np.ndarray:
        """Read the file's pixels.

        Args:
            resource: Base folder of relative paths.

        Returns:
            The pixels as stored (2D planes, RGB last, or whatever the file holds).

        Raises:
            ConvertersToolsFileNotFoundError: If the file does not exist.
            ConvertersToolsUserError: If the file cannot be decoded, or the
                path is relative without a resource.
        """
        return self._read(resource, tiff=_read_tiff, pillow=_read_pillow, npy=_read_npy)

    def read_header(self, resource: Any | None = None) -> SourceHeader | None:
        """Return the shape and dtype `load_data` would give, from the header.

        Args:
            resource: Base folder of relative paths.

        Returns:
            The header; None for Pillow modes whose array needs a decode, and
            for a relative `file_path` without `resource` (the compute task may
            be given the base folder that init did not have).

        Raises:
            ConvertersToolsFileNotFoundError: If the file or the resource folder
                does not exist.
            ConvertersToolsUserError: If the header cannot be decoded.
        """
        if resource is None and not is_absolute_url(self.file_path):
            return None
        return self._read(  # type: ignore[no-any-return]
            resource, tiff=_tiff_header, pillow=_pillow_header, npy=_npy_header
        )

    def _read(self, resource: Any | None, **readers: Callable[[Any], Any]) -> Any:
        """Dispatch to a reader, naming a missing `resource` folder as such.

        The folder is only looked at when the file is missing, so reading
        thousands of headers costs no extra file-system call per tile.
        """
        path = self.resolve_path(resource)
        try:
            return self._dispatch(path, **readers)
        except ConvertersToolsFileNotFoundError:
            if resource is not None and not is_absolute_url(self.file_path):
                _check_resource_folder(resource, self.file_path)
            raise

    def find_data_type(self, resource: Any | None = None) -> str:
        """Return the pixel dtype, reading only the file header when possible.

        Args:
            resource: Base folder of relative paths.

        Returns:
            The dtype name, identical to `str(load_data(resource).dtype)`.

        Raises:
            ConvertersToolsFileNotFoundError: If the file does not exist.
            ConvertersToolsUserError: If the file cannot be decoded.
        """

        def pillow_dtype(source: str | IO[bytes]) -> str:
            dtype = _pillow_dtype(source)
            if dtype is None:
                if not isinstance(source, str):
                    source.seek(0)
                return str(_read_pillow(source).dtype)
            return dtype

        return self._read(  # type: ignore[no-any-return]
            resource, tiff=_tiff_dtype, pillow=pillow_dtype, npy=_npy_dtype
        )

    def _dispatch(
        self,
        path: str,
        *,
        tiff: Callable[[str | IO[bytes]], Any],
        pillow: Callable[[str | IO[bytes]], Any],
        npy: Callable[[str | IO[bytes]], Any],
    ) -> Any:
        """Pick the reader from the suffix and turn reader failures into user errors."""
        suffix = _file_suffix(path)
        if suffix in TIFF_SUFFIXES:
            reader, kind = tiff, "TIFF"
        elif suffix in IMAGE_SUFFIXES:
            reader, kind = pillow, "image (Pillow)"
        elif suffix in NPY_SUFFIXES:
            reader, kind = npy, "NPY"
        else:
            warnings.warn(
                f"DefaultImageLoader does not know the suffix {suffix!r} of "
                f"{path!r}; trying to read it as TIFF. Rename the file or write a "
                "custom ImageLoaderInterface if this is not a TIFF file.",
                ConvertersToolsWarning,
                stacklevel=3,
            )
            try:
                with _open_source(path) as source:
                    return tiff(source)
            except ConvertersToolsUserError:
                raise
            except Exception as exc:
                raise ConvertersToolsUserError(
                    f"DefaultImageLoader cannot handle file type {suffix!r} "
                    f"({path!r}): it is not a known suffix and reading it as TIFF "
                    f"failed ({exc}). Supported suffixes: {_SUPPORTED}; convert the "
                    "file or implement a custom ImageLoaderInterface."
                ) from exc
        try:
            with _open_source(path) as source:
                return reader(source)
        except ConvertersToolsUserError:
            raise
        except Exception as exc:
            raise ConvertersToolsUserError(
                f"DefaultImageLoader could not read {path!r} as {kind}: {exc}. "
                "Check that the file is complete and that its suffix matches its "
                "content."
            ) from exc
