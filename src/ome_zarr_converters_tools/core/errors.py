"""Error and warning classes shared by every layer of the library.

The hierarchy sorts failures by who can fix them:

- `ConvertersToolsUserError` (also a `ValueError`): the input, the options or the
  converter code are wrong; the message says what is wrong and how to fix it.
- `ConvertersToolsOutputExistsError` (also a `FileExistsError`): the output is
  already there and the overwrite mode forbids touching it.
- `ConvertersToolsFileNotFoundError` (also a `FileNotFoundError`): a source file
  or an init-to-compute hand-off file is missing.
- `ConvertersToolsUnsupportedUrlError` (a user error that is also a
  `NotImplementedError`): a URL scheme or relative path the library cannot read
  or write; 0.10 callers catch `NotImplementedError` for this.
- `ConvertersToolsMissingDependencyError` (also an `ImportError`): an option needs
  an optional package that is not installed. Deliberately not a `ValueError`, so
  that pydantic lets it out of a model validator unchanged, as 0.10 did.
- `ConvertersToolsNameError` (a user error): a name that becomes part of an
  output path, table or file (plate, well, image, FOV, attribute column) breaks
  the naming rules of `core/names.py`; raised at init, before anything is written.
- `ConvertersToolsUnsafePathError` (a user error): the library was asked to
  create, overwrite or remove a location that is not below the output folder
  (`core/url_guard.py`); nothing is written.
- `ConvertersToolsInternalError` (also a `RuntimeError`): an invariant of the
  library broke; the message ends with a request to report it.

Every class also derives from the builtin it stands for, so code written against
the builtins (`except ValueError`) keeps working. This module imports only the
standard library so that every other module can import it without cycles.
"""

from __future__ import annotations

__all__ = [
    "ConvertersToolsDamagedOutputError",
    "ConvertersToolsError",
    "ConvertersToolsFileNotFoundError",
    "ConvertersToolsInternalError",
    "ConvertersToolsMissingDependencyError",
    "ConvertersToolsNameError",
    "ConvertersToolsOutputExistsError",
    "ConvertersToolsUnknownKeyWarning",
    "ConvertersToolsUnsafePathError",
    "ConvertersToolsUnsupportedUrlError",
    "ConvertersToolsUserError",
    "ConvertersToolsWarning",
    "ConvertersToolsWriteError",
]

_REPORT_FOOTER = (
    "This is a bug in ome-zarr-converters-tools, not in your data. Please report it "
    "with the full traceback and the converter options you used."
)


class ConvertersToolsError(Exception):
    """Root of every error raised on purpose by the library."""

    def __reduce__(self) -> tuple[object, ...]:
        # Errors cross process boundaries (MultiprocessingRunner, dask workers).
        # Classes that also derive from OSError cannot be rebuilt by the default
        # protocol once tblib's pickler is installed (dask.distributed does that),
        # so rebuild every library error from its args.
        return (type(self), self.args, self.__dict__ or None)


class ConvertersToolsUserError(ConvertersToolsError, ValueError):
    """The input, the options or the converter code need a change.

    The message names the image, tile and file concerned, the expected and the
    actual values, and how to fix the problem.
    """


class ConvertersToolsOutputExistsError(ConvertersToolsUserError, FileExistsError):
    """The output exists and the overwrite mode forbids replacing it."""


class ConvertersToolsFileNotFoundError(ConvertersToolsUserError, FileNotFoundError):
    """A source file or an init-to-compute hand-off file does not exist."""


class ConvertersToolsUnsupportedUrlError(ConvertersToolsUserError, NotImplementedError):
    """A URL uses a scheme (or is a relative path) the library cannot handle.

    Also a `NotImplementedError`, because code written for 0.10 catches that.
    """


class ConvertersToolsMissingDependencyError(ConvertersToolsError, ImportError):
    """An option needs an optional package that is not installed.

    Also an `ImportError` (what 0.10 raised); not a `ValueError`, so pydantic
    does not fold it into a `ValidationError` when a validator raises it.
    """


class ConvertersToolsNameError(ConvertersToolsUserError):
    """A name that becomes a path, table or file name breaks the naming rules.

    The message names the kind of name (plate name, well row, FOV name, ...),
    the value, the tiles-table row when known, and what is allowed.
    """


class ConvertersToolsUnsafePathError(ConvertersToolsUserError):
    """A location to create, overwrite or remove is not below the output folder.

    Raised before acting, so nothing outside `zarr_dir` is ever written or
    deleted; the message names the location, the folder and the action.
    """


class ConvertersToolsDamagedOutputError(ConvertersToolsUserError):
    """Existing output is damaged and the library may not repair it itself.

    Raised by `Extend` for an image or plate it did not write (or cannot tell
    that it wrote) whose metadata, levels or tables do not open; redoing it
    could destroy data the library does not own. The message names the file
    and says how to proceed.
    """


class ConvertersToolsWriteError(ConvertersToolsError, OSError):
    """The file system refused a write (disk full, quota, permissions).

    The message names the file that could not be written. What was written
    before stays recognisably unfinished, so rerunning with `Extend` or
    `Overwrite` after fixing the cause completes the conversion.
    """


class ConvertersToolsInternalError(ConvertersToolsError, RuntimeError):
    """An invariant of the library broke; the text asks for a bug report."""

    def __str__(self) -> str:
        base = super().__str__()
        return f"{base}\n\n{_REPORT_FOOTER}" if base else _REPORT_FOOTER


class ConvertersToolsWarning(UserWarning):
    """Base of the warnings the library emits (suffix fallbacks, preflight)."""


class ConvertersToolsUnknownKeyWarning(ConvertersToolsWarning):
    """An option model ignored a key it does not know (likely a typo).

    Emitted by the models that ignore unknown keys for compatibility with 0.10;
    the message names the key and the closest valid one.
    """
