"""Module-level `__getattr__`/`__dir__` for packages that import names on first use."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_namespace"]


def lazy_namespace(
    namespace: dict[str, Any], locations: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Build the `__getattr__` and `__dir__` of a lazily importing package.

    Importing one module of such a package (e.g. `fractal.runners` in a worker
    process) must not pull in everything its `__init__` re-exports, so each
    public name is imported from its module on first access and then cached in
    the package namespace.

    Args:
        namespace: The package's `globals()`; it must define `__name__`, and
            `__all__` before `__dir__` is called.
        locations: Public name -> dotted module that defines it.

    Returns:
        The package's `__getattr__` and `__dir__`.
    """
    module_name = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        """Import a public name from its module on first access."""
        location = locations.get(name)
        if location is None:
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(location), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        """List the loaded names and every public name."""
        return sorted(set(namespace) | set(namespace["__all__"]))

    return __getattr__, __dir__
