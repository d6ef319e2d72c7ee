"""Error and warning classes shared by every layer of the library.

The hierarchy sorts failures by who can fix them:

- `ConvertersToolsUserError` (also a `ValueError`): the input, the options or the
  converter code are wrong; the message says what is wrong and how to fix it.
- `ConvertersToolsOutputExistsError` (also a `FileExistsError`): the output is
  already there and the overwrite mode forbids touching it.
- `ConvertersToolsFileNotFoundError` (also a `FileNotFoundError`): a source file
  or an init-to-compute hand-off file is missing.
- `ConvertersToolsInternalError` (also a `RuntimeError`): an invariant of the
  library broke; the message ends with a request to report it.

Every class also derives from the builtin it stands for, so code written against
the builtins (`except ValueError`) keeps working. This module imports only the
standard library so that every other module can import it without cycles.
"""

from __future__ import annotations

__all__ = [
    "ConvertersToolsDeprecationWarning",
    "ConvertersToolsError",
    "ConvertersToolsFileNotFoundError",
    "ConvertersToolsInternalError",
    "ConvertersToolsOutputExistsError",
    "ConvertersToolsUserError",
    "ConvertersToolsWarning",
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


class ConvertersToolsInternalError(ConvertersToolsError, RuntimeError):
    """An invariant of the library broke; the text asks for a bug report."""

    def __str__(self) -> str:
        base = super().__str__()
        return f"{base}\n\n{_REPORT_FOOTER}" if base else _REPORT_FOOTER


class ConvertersToolsWarning(UserWarning):
    """Base of the warnings the library emits (suffix fallbacks, preflight)."""


class ConvertersToolsDeprecationWarning(ConvertersToolsWarning, DeprecationWarning):
    """A renamed option or name was used; the message names the new spelling."""
