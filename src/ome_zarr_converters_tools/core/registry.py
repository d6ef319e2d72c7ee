"""The one name-to-object registry behind every extension point.

Filters, validators, registration steps and collection handlers are all looked up
by a display name that appears in saved task arguments. A `Registry` keeps those
names in one place, accepts aliases (so renamed wire values keep validating), and
raises errors that list what is available. The glue the rooms share lives here too:
`Registry.register` is what every `add_*` function does (name from the function's
`__name__` unless given, one error when there is none), and `ModelRegistry` serves
the rooms whose built-ins are config models (filters, validators): it keeps the
built-in models by wire name (the default of their `name` field) and tells, per
name, whether a registered function or the model's own logic applies.

Registries are per process: register custom extensions at import time of the
module that defines them, so that worker processes (`MultiprocessingRunner`,
dask workers) see them too.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any, Generic, TypeVar

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError

__all__ = ["ModelRegistry", "Registry", "model_name"]

logger = logging.getLogger(__name__)

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

    def register(
        self, function: T, name: str | None = None, *, overwrite: bool, add_fn: str
    ) -> str:
        """Register `function` under `name`, by default its `__name__`.

        Args:
            function: The extension.
            name: The registry name; None takes `function.__name__`.
            overwrite: Replace an existing entry instead of failing.
            add_fn: The public function the user called, named in the error.

        Returns:
            The name registered.

        Raises:
            ConvertersToolsUserError: If no name is given and `function` has no
                `__name__`, or the name is taken and `overwrite` is false.
        """
        key = name if name is not None else getattr(function, "__name__", None)
        if not isinstance(key, str) or not key:
            raise ConvertersToolsUserError(
                f"Cannot register {self.kind} {function!r}: it has no __name__. "
                f"Pass name='<the name your configuration uses>' to {add_fn}."
            )
        self.add(key, function, overwrite=overwrite)
        logger.debug("Registered %s %r", self.kind, key)
        return key

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


class _BuiltIn:
    """Registry entry of a built-in model name: the model holds the logic."""

    def __repr__(self) -> str:
        return "<built-in model>"


def model_name(model: type[Any]) -> str:
    """The wire name of a config model: the default of its `name` field."""
    return str(model.model_fields["name"].default)


class ModelRegistry(Registry[T | _BuiltIn]):
    """A registry whose built-ins are config models (filters, validators).

    Each built-in model is registered under its wire name (`model_name`) with a
    marker, so the name is taken and listed like any other; a function
    registered with `overwrite=True` under a built-in name replaces the model's
    logic.

    Args:
        kind: What the registry holds, used in error messages ("filter").
        models: The built-in models, in the order they are listed.
    """

    def __init__(self, kind: str, models: Iterable[type[Any]]) -> None:
        super().__init__(kind)
        self.models: dict[str, type[Any]] = {model_name(m): m for m in models}
        """Built-in model classes by wire name."""
        for name in self.models:
            self.add(name, _BuiltIn())

    def function(self, name: str) -> T | None:
        """Return the function registered under `name`, or None for a built-in.

        Raises:
            ConvertersToolsUserError: If nothing is registered under `name`; the
                message lists the available names.
        """
        entry = self.get(name)
        return None if isinstance(entry, _BuiltIn) else entry
