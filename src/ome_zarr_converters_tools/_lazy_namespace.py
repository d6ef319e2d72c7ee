"""One list of public names per package, imported on first use.

Each package `__init__` of the library declares its public names once, as a
table `defining module -> names` (`_EXPORTS`), and calls `lazy_package`, which
derives from it the package's `__all__`, the name -> module locations
(`_LOCATIONS`) and the module-level `__getattr__`/`__dir__`. The root package
derives its table from those of `core`, `models`, `pipelines` and `fractal`, so
a name is listed in exactly one place and always points at the module that
defines it.

Why lazy: importing one module (`core.errors` in a converter, `fractal.runners`
in a worker process, the pytest plugin) runs every `__init__` above it; an
eager `__init__` would make each of them pay for ngio, dask and pandas
(`tests/test_public_names.py` pins the module count).

Why a stub beside each lazy `__init__.py`: type checkers and the API
reference (griffe) cannot read a computed `__all__`, so each such package ships
an `__init__.pyi` generated from the same table (run
`python tests/test_public_names.py` to rewrite them); a test fails when a stub
and its table disagree.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["PACKAGE", "lazy_namespace", "lazy_package"]

PACKAGE = "ome_zarr_converters_tools"
"""The top-level package; table keys are module paths relative to it."""


def lazy_namespace(
    namespace: dict[str, Any], locations: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Build the `__getattr__` and `__dir__` of a lazily importing package.

    Each public name is imported from its module on first access and then
    cached in the package namespace.

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


def lazy_package(
    namespace: dict[str, Any], *tables: Mapping[str, Iterable[str]]
) -> None:
    """Make a package export the names of `tables`, each imported on first use.

    Sets `_LOCATIONS` (name -> absolute module), `__all__` (sorted names),
    `__getattr__` and `__dir__` in the package namespace.

    Args:
        namespace: The package's `globals()`.
        tables: Defining module (relative to `PACKAGE`, e.g. `"core.errors"`)
            -> the public names it defines.

    Raises:
        ValueError: If one name is given two different modules (a wrong table
            in the library itself).
    """
    locations: dict[str, str] = {}
    for table in tables:
        for module, names in table.items():
            for name in names:
                location = f"{PACKAGE}.{module}"
                if locations.setdefault(name, location) != location:
                    raise ValueError(
                        f"{namespace['__name__']}: public name {name!r} is listed "
                        f"from {locations[name]!r} and {location!r}; keep the "
                        "module that defines it."
                    )
    namespace["_LOCATIONS"] = locations
    namespace["__all__"] = sorted(locations)
    namespace["__getattr__"], namespace["__dir__"] = lazy_namespace(
        namespace, locations
    )
