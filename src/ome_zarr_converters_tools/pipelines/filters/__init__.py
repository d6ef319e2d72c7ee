"""Tile filters: the `ImplementedFilters` union, filter registry and filter pipeline.

Filters run before tiles are grouped into images and remove tiles one filter at
a time (logical AND). Built-in filters carry their own logic (`FilterModel.keep`);
custom filters are either `FilterModel` subclasses implementing `matches`, or a
function `(tile, filter_params) -> bool` registered with `add_filter` under the
`name` of its config model (the 0.10 mechanism). A function registered with
`overwrite=True` under a built-in name replaces the built-in logic.

Both wire spellings validate through `ImplementedFilters`: the 0.10 filters
(`"Path Regex Include Filter"`, `"Well Include Filter"`, ...) and the 1.x ones
(`"Path Regex Filter"` with a `mode`, `"FOV Name Filter"`, ...), so saved 0.10
task arguments keep working. Its JSON schema, and so the Fractal task form,
offers only the four 0.10 filters, in 0.10's order, on the 0.10 line, and the
eight 1.x filters in 1.x's order on the 1.x line (`core.api_line`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, TypeAlias, get_args

from pydantic import (
    Field,
    SerializeAsAny,
    TypeAdapter,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)

from ome_zarr_converters_tools.core.api_line import PresentedType
from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.registry import ModelRegistry
from ome_zarr_converters_tools.pipelines.filters.attributes import (
    AttributeFilter,
    AttributeValue,
    BoolValue,
    FloatValue,
    IntValue,
    IsNoneValue,
    IsNotNoneValue,
    StringValue,
)
from ome_zarr_converters_tools.pipelines.filters.base import (
    FilterMode,
    FilterModel,
    ModeFilterModel,
)
from ome_zarr_converters_tools.pipelines.filters.channels import ChannelFilter
from ome_zarr_converters_tools.pipelines.filters.fov import FovNameFilter
from ome_zarr_converters_tools.pipelines.filters.path import (
    RegexExcludeFilter,
    RegexFilter,
    RegexIncludeFilter,
)
from ome_zarr_converters_tools.pipelines.filters.plate import (
    AcquisitionFilter,
    WellExcludeFilter,
    WellFilter,
    WellIncludeFilter,
)
from ome_zarr_converters_tools.pipelines.filters.ranges import (
    RangeFilter,
    TRangeFilter,
    ZRangeFilter,
)

if TYPE_CHECKING:
    from ome_zarr_converters_tools.core.tile import Tile

__all__ = [
    "AcquisitionFilter",
    "AttributeFilter",
    "AttributeValue",
    "BoolValue",
    "ChannelFilter",
    "FilterFunction",
    "FilterMode",
    "FilterModel",
    "FilterOutcome",
    "FloatValue",
    "FovNameFilter",
    "ImplementedFilters",
    "IntValue",
    "IsNoneValue",
    "IsNotNoneValue",
    "ModeFilterModel",
    "RangeFilter",
    "RegexExcludeFilter",
    "RegexFilter",
    "RegexIncludeFilter",
    "StringValue",
    "TRangeFilter",
    "WellExcludeFilter",
    "WellFilter",
    "WellIncludeFilter",
    "ZRangeFilter",
    "add_filter",
    "apply_filter_pipeline",
    "apply_filter_pipeline_with_outcomes",
    "built_in_filter_models",
]

logger = logging.getLogger(__name__)

FilterFunction: TypeAlias = Callable[..., bool]
"""A custom filter: called as `function(tile, filter_params=config)`, returns
True to keep the tile."""

_AnyBuiltInFilter: TypeAlias = Annotated[
    RegexIncludeFilter
    | RegexExcludeFilter
    | WellIncludeFilter
    | WellExcludeFilter
    | RegexFilter
    | WellFilter
    | FovNameFilter
    | AcquisitionFilter
    | AttributeFilter
    | ChannelFilter
    | ZRangeFilter
    | TRangeFilter,
    Field(discriminator="name"),
]
"""Every built-in filter, discriminated on `name` (0.10 and 1.x wire values)."""

_BUILT_IN_MODELS: tuple[type[FilterModel], ...] = get_args(
    get_args(_AnyBuiltInFilter)[0]
)
"""The same filters as classes, in the same order (read off the union)."""

_FILTER_ADAPTER: TypeAdapter[FilterModel] = TypeAdapter(_AnyBuiltInFilter)

_FILTERS: ModelRegistry[FilterFunction] = ModelRegistry("filter", _BUILT_IN_MODELS)


_Union010: TypeAlias = (
    RegexExcludeFilter | RegexIncludeFilter | WellExcludeFilter | WellIncludeFilter
)
"""The filters of the 0.10 union, in 0.10's order (the order of the task form)."""
_UNION_MODELS: tuple[type[FilterModel], ...] = get_args(_Union010)
_OTHER_BUILT_IN_NAMES: frozenset[str] = frozenset(
    name for name, model in _FILTERS.models.items() if model not in _UNION_MODELS
)


def _accept_other_filters(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """Let the filters outside the 0.10 union through without changing its schema.

    Instances of the 1.x filters and of custom `FilterModel` subclasses are kept
    as they are; a dict naming a 1.x filter is validated as that filter.
    Everything else goes through the union.
    """
    if isinstance(value, FilterModel) and not isinstance(value, _UNION_MODELS):
        return value
    if isinstance(value, Mapping) and value.get("name") in _OTHER_BUILT_IN_NAMES:
        return _FILTER_ADAPTER.validate_python(dict(value))
    return handler(value)


FilterUnion1x: TypeAlias = Annotated[
    RegexFilter
    | WellFilter
    | FovNameFilter
    | AcquisitionFilter
    | AttributeFilter
    | ChannelFilter
    | ZRangeFilter
    | TRangeFilter,
    Field(discriminator="name"),
]
"""The filter union of the 1.x API, in 1.x's order: the schema the 1.x line
shows for `ImplementedFilters` (validation is the same on both lines)."""

ImplementedFilters: TypeAlias = Annotated[
    _Union010,
    Field(discriminator="name"),
    WrapValidator(_accept_other_filters),
    SerializeAsAny(),
    PresentedType("ImplementedFilters"),
]
"""The filter union of option models such as `AcquisitionOptions.filters`.

Its schema (what a Fractal task form offers) holds the four filters of the 0.10
API, in 0.10's order. It also accepts, without showing them, the 1.x filters
(`RegexFilter`, `WellFilter`, ... as instances or as dicts with their `name`)
and instances of custom `FilterModel` subclasses, so code written for either
API works.
"""


def built_in_filter_models() -> dict[str, type[FilterModel]]:
    """Return the built-in filter models keyed by their wire name.

    Returns:
        A new dict `{name: model class}` in union order.
    """
    return dict(_FILTERS.models)


def add_filter(
    function: FilterFunction,
    name: str | None = None,
    *,
    overwrite: bool = False,
) -> None:
    """Register a custom filter function.

    The function is called as `function(tile, filter_params=config)` for every
    tile, where `config` is the filter model whose `name` equals the registered
    name, and returns True to keep the tile. Register at import time of the
    module defining the function: registries are per process, so functions
    registered inside `main()` are invisible to multiprocessing workers.

    Args:
        function: The filter function.
        name: Registry name; defaults to `function.__name__`.
        overwrite: Replace an existing filter (also a built-in) of that name.

    Raises:
        ConvertersToolsUserError: If the name is taken and `overwrite` is false,
            or no name is given and the function has no `__name__`.
    """
    _FILTERS.register(function, name, overwrite=overwrite, add_fn="add_filter")


def _as_filter_model(step: FilterModel | Mapping[str, Any]) -> FilterModel:
    """Return `step` as a filter model, validating a plain dict of a built-in."""
    if isinstance(step, FilterModel):
        return step
    if isinstance(step, Mapping):
        step_name = step.get("name")
        if step_name not in _FILTERS.models:
            available = ", ".join(repr(n) for n in _FILTERS.models)
            raise ConvertersToolsUserError(
                f"Filter config {dict(step)!r} is a plain dict whose name "
                f"{step_name!r} is not a built-in filter (built-in: {available}). "
                "Pass an instance of your FilterModel subclass for custom filters."
            )
        return _FILTER_ADAPTER.validate_python(dict(step))
    raise ConvertersToolsUserError(
        f"Filter config {step!r} is a {type(step).__name__}, expected a FilterModel "
        "instance (e.g. RegexFilter(regex=...)) or a dict with a 'name' key."
    )


def _filter_callable(step: FilterModel) -> Callable[[Tile[Any, Any]], bool]:
    """Find the logic of one filter step: a registered function, else the model."""
    if step.name not in _FILTERS and type(step).implements_matches():
        return step.keep
    # Raises a user error listing every registered name when `name` is unknown.
    function = _FILTERS.function(step.name)
    if function is not None:
        return lambda tile: bool(function(tile, filter_params=step))
    if type(step).implements_matches():
        return step.keep
    model = _FILTERS.models[step.name]
    raise ConvertersToolsUserError(
        f"Filter {step.name!r} was given as {type(step).__name__}, which has no "
        f"filtering logic. Use {model.__name__}(...) instead."
    )


class FilterOutcome(NamedTuple):
    """How many tiles one filter step received and kept."""

    description: str
    """The filter name and its parameters (`FilterModel.describe()`)."""
    tiles_in: int
    """Number of tiles the step received."""
    tiles_kept: int
    """Number of tiles the step kept."""

    @property
    def tiles_removed(self) -> int:
        """Number of tiles the step removed."""
        return self.tiles_in - self.tiles_kept


def apply_filter_pipeline_with_outcomes(
    tiles: Iterable[Tile[Any, Any]],
    *,
    filters_config: Sequence[FilterModel | Mapping[str, Any]],
) -> tuple[list[Tile[Any, Any]], list[FilterOutcome]]:
    """Apply filters in order and report how many tiles each one removed.

    Args:
        tiles: The tiles to filter (not modified).
        filters_config: Filter models (or dicts of built-in filters), applied
            one after the other.

    Returns:
        The kept tiles (a new list, input order) and one outcome per step.

    Raises:
        ConvertersToolsUserError: If a filter name is not registered (the
            message lists the available names) or a filter refuses a tile.
    """
    steps = [_as_filter_model(step) for step in filters_config]
    functions = [_filter_callable(step) for step in steps]
    kept = list(tiles)
    outcomes: list[FilterOutcome] = []
    for step, function in zip(steps, functions, strict=True):
        tiles_in = len(kept)
        kept = [tile for tile in kept if function(tile)]
        outcomes.append(FilterOutcome(step.describe(), tiles_in, len(kept)))
        logger.info(
            "Filter %s kept %d of %d tiles", step.describe(), len(kept), tiles_in
        )
    return kept, outcomes


def apply_filter_pipeline(
    tiles: Iterable[Tile[Any, Any]],
    *,
    filters_config: Sequence[FilterModel | Mapping[str, Any]],
) -> list[Tile[Any, Any]]:
    """Apply filters in order (logical AND) and return the tiles every one kept.

    Args:
        tiles: The tiles to filter (not modified).
        filters_config: Filter models, e.g. `[WellFilter(wells=["A01"])]`, or
            dicts of built-in filters (`{"name": "Well Filter", ...}`).

    Returns:
        A new list with the kept tiles, in input order (may be empty).

    Raises:
        ConvertersToolsUserError: If a filter name is not registered (the
            message lists the available names) or a filter refuses a tile.
    """
    kept, _ = apply_filter_pipeline_with_outcomes(tiles, filters_config=filters_config)
    return kept
