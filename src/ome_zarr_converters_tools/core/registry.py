"""The one name-to-object registry behind every extension point.

Filters, validators, registration steps and collection handlers are all looked up
by a display name that appears in saved task arguments. A `Registry` keeps those
names in one place, accepts aliases (so renamed wire values keep validating), and
raises errors that list what is available.

Registries are per process: register custom extensions at import time of the
module that defines them, so that worker processes (`MultiprocessingRunner`,
dask workers) see them too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError

__all__ = ["Registry"]

T = TypeVar("T")


class Registry(Generic[T]):
    """A named collection of extensions of one kind.

    Args:
        kind: What the registry holds, used in error messages ("filter").
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}
        self._aliases: dict[str, str] = {}

    def add(
        self,
        name: str,
        obj: T,
        *,
        overwrite: bool = False,
        aliases: tuple[str, ...] = (),
    ) -> None:
        """Register `obj` under `name` (and optional aliases).

        Args:
            name: The canonical name.
            obj: The extension.
            overwrite: Replace an existing entry instead of failing.
            aliases: Extra names that resolve to `name` (old wire values).

        Raises:
            ConvertersToolsUserError: If a name is taken and `overwrite` is false.
        """
        for key in (name, *aliases):
            if not overwrite and (key in self._items or key in self._aliases):
                raise ConvertersToolsUserError(
                    f"A {self.kind} named {key!r} is already registered. Pass "
                    "overwrite=True to replace it, or choose another name."
                )
        self._items[name] = obj
        self._aliases.pop(name, None)
        for alias in aliases:
            self._aliases[alias] = name

    def get(self, name: str) -> T:
        """Return the extension registered under `name` or one of its aliases.

        Raises:
            ConvertersToolsUserError: If nothing is registered under `name`; the
                message lists the available names.
        """
        key = self._aliases.get(name, name)
        try:
            return self._items[key]
        except KeyError:
            available = ", ".join(repr(n) for n in sorted(self._items)) or "none"
            raise ConvertersToolsUserError(
                f"No {self.kind} named {name!r}: that name is not registered. "
                f"Available: {available}. Check the spelling, or register a custom "
                f"{self.kind} with the matching add_* function at import time of a "
                "module the task imports."
            ) from None

    def __contains__(self, name: object) -> bool:
        return name in self._items or name in self._aliases

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def names(self) -> list[str]:
        """Return the canonical names, in registration order."""
        return list(self._items)
