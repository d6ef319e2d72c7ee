"""The one place for the differences between the API lines: names, titles, defaults.

A converter's Fractal task form is generated from the JSON schema of the
library's models, so the schema is part of the public contract: a changed model
title or a new `"additionalProperties": false` is a different form for Fractal
users, and stricter key handling breaks stored workflows. This module is the one
place that says, per model, what the schema shows as the model's title and what
happens to keys the model does not know. Behaviour (validation, pixels,
metadata) does not depend on it.

Two release lines are built from one source tree (see docs/release-lines.md):
the 0.10 line (versions 0.10.x, for converters written against 0.10, the
default) and the 1.x line (versions 1.2.x, for converters written against
1.1.1, built with `OZCT_API_LINE=1`). The build writes the chosen line into the
generated module `ome_zarr_converters_tools._build_line`; without that module the
line is 0.10. `API_LINE` says which line this installation is. Each line has its
own table below (`_PRESENTATION_0_10`, `_PRESENTATION_1`): besides the model's
title and unknown-key policy, a line may present a field under another name,
title or schema default, hide it, show it with the schema of another type
(`PresentedType`, for the 1.x unions such as `grouping` and `levels`) or order
the properties differently. That is all that differs between the lines: field
values, validation, pixels and metadata are the same code. Models that 0.10
does not have (the 1.x-only ones) keep their 1.x presentation on the 0.10 line.

Options the two APIs spell differently are declared once, as data, in
`_SPELLINGS` (the 0.10 field, its 1.x name and title, and for the 1.x unions
built on a 0.10 field the function that translates them). Both spellings are
input on both lines (`LinePresentedDump` translates the 1.x one before
validation; both given with different values is an error naming both); the
1.x line's schema and dumps use the 1.x name. Defaults that differ are in
`_DEFAULTS`. Nothing is deprecated: neither published API warns about the
other's spelling, so neither line does.

Unknown keys are either refused (`"forbid"`, pydantic `extra="forbid"`, shown as
`"additionalProperties": false`) or, where 0.10 silently ignored them, ignored
with a `ConvertersToolsUnknownKeyWarning` naming the key and the closest valid
key (`"warn"`); the warning comes from `WarnOnUnknownKeys`, a base every such
model derives from. Subclasses (for example a converter's own
`AcquisitionOptions`) inherit the policy of their parent.

This module imports only pydantic and the standard library, so that models of
every layer can use it.
"""

from __future__ import annotations

import difflib
import importlib
import os
import warnings
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, ClassVar, Final, Literal, NamedTuple

from pydantic import (
    AliasChoices,
    AliasPath,
    BaseModel,
    ConfigDict,
    GetJsonSchemaHandler,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    TypeAdapter,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsInternalError,
    ConvertersToolsUnknownKeyWarning,
)

__all__ = [
    "API_LINE",
    "API_LINES",
    "TEST_OVERRIDE_ENV",
    "Presentation",
    "PresentedType",
    "Shown",
    "Spelling",
    "UnknownKeys",
    "WarnOnUnknownKeys",
    "accept_spellings",
    "accepted_input_keys",
    "presentation",
    "presentation_config",
]

API_LINES: Final = ("0.10", "1")
"""The API lines this source tree builds: `0.10` (default) and `1`."""

TEST_OVERRIDE_ENV: Final = "_OZCT_TEST_API_LINE"
"""Test-only: an environment variable that replaces the built-in line at import.

The test suite uses it to check the 1.x presentation in a subprocess without
reinstalling the package. Never set it for real use: `__version__`, the
installed dependencies and the line would disagree.
"""


def _selected_line() -> str:
    """Return the line baked in by the build (or the test-only override).

    Raises:
        ConvertersToolsInternalError: For a value outside `API_LINES`.
    """
    line = os.environ.get(TEST_OVERRIDE_ENV)
    if not line:
        try:
            built = importlib.import_module("ome_zarr_converters_tools._build_line")
            line = str(built.API_LINE)
        except ImportError:  # a checkout or build without the generated module
            line = "0.10"
    if line not in API_LINES:
        raise ConvertersToolsInternalError(
            f"Unknown API line {line!r} (from {TEST_OVERRIDE_ENV} or the generated "
            f"_build_line module); expected one of {API_LINES}. Rebuild with "
            "OZCT_API_LINE=0.10 or OZCT_API_LINE=1."
        )
    return str(line)


API_LINE: Final[str] = _selected_line()
"""The published API line this installation presents: `"0.10"` or `"1"`.

Also exported as `ome_zarr_converters_tools.API_LINE`; the package version
tells the same (0.10.x or 1.2.x).
"""

UnknownKeys = Literal["forbid", "warn"]
"""Policy for keys a model does not know: refuse them, or ignore them with a
warning."""


class _Factory:
    """A default given as a factory (see `_DEFAULTS`)."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __call__(self) -> Any:
        return self.value


_KEEP: Final[Any] = object()
"""Marker: leave the schema default as pydantic generates it."""
_DROP: Final[Any] = object()
"""Marker: show no default (the 1.x unions are built by a default factory)."""


class Shown(NamedTuple):
    """How one field of a model appears in the JSON schema on a line."""

    name: str | None = None
    """Property name (the input key on that line); None keeps the field name.
    Input under this name must be accepted by the model (alias or validator)."""
    title: str | None = None
    """Property title; None keeps the generated one."""
    hidden: bool = False
    """Leave the property out of the schema (still accepted as input)."""
    default: Any = _KEEP
    """Schema default to show; `_DROP` removes it. The real default of the field
    must agree (use `line_default`)."""
    discriminator: str | None = None
    """New `propertyName` of the discriminator of a union field."""
    carried_by: str | None = None
    """For a hidden field: the shown name whose dumped value already holds it
    (1.x `levels` holds `level_names`), so the dump never repeats it."""


class Presentation(NamedTuple):
    """How one model appears in JSON schemas and treats unknown keys."""

    title: str
    """Schema title of the model (the form section name in Fractal). When it
    is the class name, subclasses show their own class name instead."""
    unknown_keys: UnknownKeys
    """`forbid`: validation error; `warn`: ignored with a warning."""
    fields: Mapping[str, Shown] = {}
    """Fields shown differently from their declaration, by field name."""
    order: tuple[str, ...] = ()
    """Property order of the schema (the task form's order), when it is not
    the declaration order; names as shown."""


def _only_1x(title: str) -> Presentation:
    """Presentation of a model the 0.10 API does not have: as in 1.x (strict)."""
    return Presentation(title, "forbid")


_HIDDEN: Final = Shown(hidden=True)
"""A field left out of the schema on a line (still accepted as input)."""

_PRESENTATION_0_10: Final[Mapping[str, Presentation]] = {
    # Conversion options (models/). 0.10 shows the class name as title.
    "ConverterOptions": Presentation("ConverterOptions", "forbid"),
    # The 1.x fields of these two models are accepted but hidden on 0.10.
    "StagePositionCorrections": Presentation(
        "StagePositionCorrections",
        "forbid",
        fields=dict.fromkeys(
            ("remove_xy_offset", "remove_z_offset", "remove_t_offset"), _HIDDEN
        )
        | {"reindex_channels": _HIDDEN},
    ),
    "OmeZarrOptions": Presentation(
        "OmeZarrOptions", "forbid", fields={"level_names": _HIDDEN, "shards": _HIDDEN}
    ),
    "RuntimeSettings": Presentation("RuntimeSettings", "forbid"),
    "ThreadScheduler": Presentation("ThreadScheduler", "forbid"),
    "ProcessScheduler": Presentation("ProcessScheduler", "forbid"),
    "SynchronousScheduler": Presentation("SynchronousScheduler", "forbid"),
    "DefaultScheduler": Presentation("DefaultScheduler", "forbid"),
    "TempJsonOptions": Presentation("TempJsonOptions", "warn"),
    "AutoTiling": Presentation("AutoTiling", "warn"),
    "SnapToGridTiling": Presentation("SnapToGridTiling", "warn"),
    "SnapToCornersTiling": Presentation("SnapToCornersTiling", "warn"),
    "InplaceTiling": Presentation("InplaceTiling", "warn"),
    "NoTiling": Presentation("NoTiling", "warn"),
    "FovBasedChunking": Presentation("FovBasedChunking", "warn"),
    "FixedSizeChunking": Presentation("FixedSizeChunking", "warn"),
    "MosaicGrouping": _only_1x("Mosaic"),
    "PerFovGrouping": _only_1x("Per-FOV"),
    "NoSharding": _only_1x("No Sharding"),
    "ChunkMultipleSharding": _only_1x("Multiple of Chunks"),
    "NumberOfLevels": _only_1x("Number of Levels"),
    "NamedLevels": _only_1x("Custom Names"),
    # Fractal task arguments (fractal/models.py, fractal/runners.py).
    "AcquisitionOptions": Presentation("AcquisitionOptions", "warn"),
    "ChannelInfoUI": Presentation("ChannelInfoUI", "warn"),
    "PixelSizeModel": Presentation("PixelSizeModel", "warn"),
    "ConvertParallelInitArgs": Presentation("ConvertParallelInitArgs", "warn"),
    "SequentialRunner": Presentation("SequentialRunner", "warn"),
    "ThreadedRunner": Presentation("ThreadedRunner", "warn"),
    "MultiprocessingRunner": Presentation("MultiprocessingRunner", "warn"),
    # Acquisition and tiled images (core/).
    "ChannelInfo": Presentation("ChannelInfo", "warn"),
    "AcquisitionDetails": Presentation("AcquisitionDetails", "forbid"),
    "TiledImage": Presentation("TiledImage", "forbid"),
    # Filters (pipelines/filters/). The base and the four 0.10 filters ignore
    # unknown keys as in 0.10; converters' custom filters inherit that.
    "FilterModel": Presentation("FilterModel", "warn"),
    "RegexIncludeFilter": Presentation("RegexIncludeFilter", "warn"),
    "RegexExcludeFilter": Presentation("RegexExcludeFilter", "warn"),
    "WellIncludeFilter": Presentation("WellIncludeFilter", "warn"),
    "WellExcludeFilter": Presentation("WellExcludeFilter", "warn"),
    "RegexFilter": _only_1x("Path Regex Filter"),
    "WellFilter": _only_1x("Well Filter"),
    "FovNameFilter": _only_1x("FOV Name Filter"),
    "AcquisitionFilter": _only_1x("Acquisition Filter"),
    "AttributeFilter": _only_1x("Attribute Filter"),
    "ChannelFilter": _only_1x("Channel Filter"),
    "ZRangeFilter": _only_1x("Z Range Filter"),
    "TRangeFilter": _only_1x("Time Range Filter"),
    "BoolValue": _only_1x("Boolean Value"),
    "StringValue": _only_1x("String Value"),
    "IntValue": _only_1x("Integer Value"),
    "FloatValue": _only_1x("Float Value"),
    "IsNoneValue": _only_1x("Is None"),
    "IsNotNoneValue": _only_1x("Is Not None"),
}


class Spelling(NamedTuple):
    """One option the two APIs spell differently (accepted on both lines)."""

    field: str
    """Name of the model field: the 0.10 spelling."""
    v1: str
    """The 1.x spelling: an input key on both lines, and on the 1.x line the
    property name of the schema and the key of dumps."""
    title: str | None = None
    """Property title on the 1.x line; None keeps the field's title."""
    convert: str | None = None
    """`"module:function"` turning a 1.x value of another type into the
    fields it sets (`{field: value, ...}`), e.g. a 1.x `grouping` into
    `tiling_strategy`; None when the value is the field's value."""


def _spaces() -> tuple[Spelling, ...]:
    """The coordinate-space fields: `start_x_coo` (0.10) is `start_x_space` (1.x)."""
    return tuple(
        Spelling(
            f"{kind}_{axis}_coo",
            f"{kind}_{axis}_space",
            f"{kind.title()} {axis.upper()} Space",
        )
        for kind in ("start", "length")
        for axis in "xyzt"
    )


_SCHEDULER_MODE: Final = (Spelling("type", "mode", "Mode"),)
_MODELS: Final = "ome_zarr_converters_tools.models"

# Every option the two APIs spell differently, by model: the one place that
# knows both spellings. Both are accepted as input on both lines
# (`LinePresentedDump` translates the 1.x one before validation); the 1.x
# line shows and dumps the 1.x one (its `_PRESENTATION_1` entries are derived
# from this table). Values of the same type are passed through; the two 1.x
# unions built on a 0.10 field (`grouping`, `levels`) name a converter.
_SPELLINGS: Final[Mapping[str, tuple[Spelling, ...]]] = {
    "ConverterOptions": (
        Spelling(
            "tiling_strategy",
            "grouping",
            "Grouping",
            f"{_MODELS}.converter:tiling_from_grouping",
        ),
    ),
    "StagePositionCorrections": (
        Spelling("align_xy", "remove_xy_jitter", "Remove XY Jitter"),
    ),
    "OmeZarrOptions": (
        Spelling(
            "num_levels",
            "levels",
            "Resolution Levels",
            f"{_MODELS}.storage:fields_from_levels",
        ),
    ),
    "DaskScheduler": _SCHEDULER_MODE,
    "ThreadScheduler": _SCHEDULER_MODE,
    "ProcessScheduler": _SCHEDULER_MODE,
    "SynchronousScheduler": _SCHEDULER_MODE,
    "DefaultScheduler": _SCHEDULER_MODE,
    "PixelSizeModel": (Spelling("pixelsize", "xy_pixel_size", "XY Pixel Size"),),
    "AcquisitionDetails": (
        *_spaces(),
        Spelling("pixelsize", "xy_pixel_size", "Xy Pixel Size"),
    ),
    "TiledImage": (Spelling("pixelsize", "xy_pixel_size", "Xy Pixel Size"),),
}


def _strict(title: str, **fields: Shown) -> Presentation:
    """Presentation of a 1.x model: refuses unknown keys, as every 1.x model."""
    return Presentation(title, "forbid", fields=fields)


def _with_1x_spellings(name: str, shown: Presentation) -> Presentation:
    """Add the 1.x names and titles of `_SPELLINGS` to a 1.x presentation."""
    renamed = {
        spelling.field: Shown(name=spelling.v1, title=spelling.title)
        for spelling in _SPELLINGS.get(name, ())
    }
    return shown._replace(fields={**renamed, **shown.fields})


# The 1.x line: 1.1.1's titles, field names, defaults and unions; every option
# model refuses unknown keys (1.x's `UserFacingModel` does), the runners ignore
# them as in 1.1.1. Renamed fields come from `_SPELLINGS`.
_PRESENTATION_1_OWN: Final[Mapping[str, Presentation]] = {
    **{
        name: Presentation(shown.title, "forbid")
        for name, shown in _PRESENTATION_0_10.items()
    },
    "StagePositionCorrections": Presentation(
        "StagePositionCorrections",
        "forbid",
        fields={
            "align_z": _HIDDEN,
            "align_t": _HIDDEN,
            "remove_xy_offset": Shown(title="Remove XY Offset"),
            "remove_z_offset": Shown(title="Remove Z Offset"),
            "remove_t_offset": Shown(title="Remove T Offset"),
            "reindex_channels": Shown(title="Reindex Channels"),
        },
        order=(
            "remove_xy_offset",
            "remove_z_offset",
            "remove_t_offset",
            "remove_xy_jitter",
            "reindex_channels",
        ),
    ),
    "OmeZarrOptions": Presentation(
        "OmeZarrOptions",
        "forbid",
        fields={
            "level_names": Shown(hidden=True, carried_by="levels"),
            "shards": Shown(title="Sharding Strategy"),
            "ngff_version": Shown(title="NGFF Version"),
        },
        order=("levels", "chunks", "shards", "ngff_version", "table_backend"),
    ),
    "RuntimeSettings": Presentation(
        "RuntimeSettings",
        "forbid",
        fields={"dask_scheduler": Shown(discriminator="mode")},
    ),
    "ThreadScheduler": _strict("Threads"),
    "ProcessScheduler": _strict("Processes"),
    "SynchronousScheduler": _strict("Synchronous"),
    "DefaultScheduler": _strict("Default"),
    "TempJsonOptions": _strict(
        "TempJsonOptions", temp_url=Shown(title="Temporary Storage URL")
    ),
    "AutoTiling": _strict("Auto"),
    "SnapToGridTiling": _strict("Snap to Grid"),
    "SnapToCornersTiling": _strict("Snap to Corners"),
    "InplaceTiling": _strict("Inplace"),
    "NoTiling": _strict("No Tiling"),
    "FovBasedChunking": _strict("Same as FOV"),
    "FixedSizeChunking": _strict("Fixed Size"),
    "SequentialRunner": Presentation("SequentialRunner", "warn"),
    "ThreadedRunner": Presentation("ThreadedRunner", "warn"),
    "MultiprocessingRunner": Presentation("MultiprocessingRunner", "warn"),
    "ChannelInfoUI": _strict(
        "ChannelInfoUI", wavelength_id=Shown(title="Wavelength ID")
    ),
    "PixelSizeModel": _strict("PixelSizeModel", t_spacing=Shown(title="Time Spacing")),
    "RegexFilter": _strict("Path Regex Filter", field=_HIDDEN),
}
_PRESENTATION_1: Final[Mapping[str, Presentation]] = {
    name: _with_1x_spellings(name, shown) for name, shown in _PRESENTATION_1_OWN.items()
}

# Fields whose 1.x schema is that of another type ("module:attribute"), marked
# with `PresentedType(key)` in the model: the 1.x unions built on the same
# stored value (`grouping` from `tiling_strategy`, `levels` from `num_levels`)
# and the 1.x filter union.
_PRESENTED_TYPES: Final[Mapping[str, Mapping[str, str]]] = {
    "0.10": {},
    "1": {
        "ConverterOptions.tiling_strategy": (
            "ome_zarr_converters_tools.models.grouping:Grouping"
        ),
        "MosaicGrouping.tiling_strategy": (
            "ome_zarr_converters_tools.models.tiling:MosaicTilingStrategy"
        ),
        "OmeZarrOptions.num_levels": (
            "ome_zarr_converters_tools.models.storage:PyramidLevels"
        ),
        "ImplementedFilters": (
            "ome_zarr_converters_tools.pipelines.filters:FilterUnion1x"
        ),
    },
}

# Field defaults that differ between the lines (see `line_default`); a
# `_FACTORY` value is given as a default factory, as 1.1.1 builds it (pydantic's
# own schema then shows no default, fractal-task-tools' shows the built value).
_DEFAULTS: Final[Mapping[str, Mapping[str, Any]]] = {
    "0.10": {
        "OmeZarrOptions.table_backend": "anndata",
        "StagePositionCorrections.align_xy": False,
        "OmeZarrOptions.num_levels": 5,
    },
    "1": {
        # 1.1.1 writes CSV tables and removes xy jitter unless told otherwise.
        "OmeZarrOptions.table_backend": "csv",
        "StagePositionCorrections.align_xy": True,
        "OmeZarrOptions.num_levels": _Factory(5),
    },
}

_PRESENTATIONS: Final[Mapping[str, Mapping[str, Presentation]]] = {
    "0.10": _PRESENTATION_0_10,
    "1": _PRESENTATION_1,
}


def presentation(model_name: str) -> Presentation:
    """Return how `model_name` presents itself on this API line.

    Args:
        model_name: Class name of a library model listed in this module.

    Raises:
        ConvertersToolsInternalError: If the model is not listed (every
            library model shown in a schema must be).
    """
    table = _PRESENTATIONS[API_LINE]
    if model_name not in table:
        raise ConvertersToolsInternalError(
            f"Model {model_name!r} has no presentation for API line {API_LINE!r}; "
            "add it to core/api_line.py."
        )
    return table[model_name]


def line_default(key: str) -> Any:
    """Return the default of a field whose default differs between the lines.

    Args:
        key: `"Model.field"`, listed in this module's `_DEFAULTS`.
    """
    return _DEFAULTS[API_LINE][key]


def line_default_spec(key: str) -> dict[str, Any]:
    """Return `Field` keyword arguments for a line's default (value or factory).

    Args:
        key: `"Model.field"`, listed in this module's `_DEFAULTS`.
    """
    value = _DEFAULTS[API_LINE][key]
    if isinstance(value, _Factory):
        return {"default_factory": value}
    return {"default": value}


def _rename_key(mapping: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    """Return `mapping` with key `old` renamed to `new`, keeping the order."""
    return {new if key == old else key: value for key, value in mapping.items()}


def _view_default(model: type, name: str) -> Any:
    """Return the dumped 1.x view `name` of a default instance of `model`.

    A field shown under the name of a view property (`tiling_strategy` as
    `grouping`) must show the view of its default as the schema default.
    """
    view = getattr(model.model_construct(), name)  # type: ignore[attr-defined]
    return view.model_dump(mode="json") if isinstance(view, BaseModel) else view


def _apply_fields(shown: Presentation) -> Callable[[dict[str, Any], type], None]:
    """Build the `json_schema_extra` hook that applies a line's field table."""

    def present(schema: dict[str, Any], model: type) -> None:
        properties: dict[str, Any] = dict(schema.get("properties", {}))
        required: list[str] = list(schema.get("required", []))
        for field, spec in shown.fields.items():
            if field not in properties:
                continue
            if spec.hidden:
                del properties[field]
                required = [name for name in required if name != field]
                continue
            prop = dict(properties[field])
            if spec.title is not None:
                prop["title"] = spec.title
            if spec.default is _DROP:
                prop.pop("default", None)
            elif spec.default is not _KEEP:
                prop["default"] = spec.default
            renamed = spec.name is not None and spec.name != field
            if (
                renamed
                and "default" in prop
                and isinstance(getattr(model, str(spec.name), None), property)
            ):
                prop["default"] = _view_default(model, str(spec.name))
            if spec.discriminator is not None and "discriminator" in prop:
                prop["discriminator"] = {
                    **prop["discriminator"],
                    "propertyName": spec.discriminator,
                }
            properties[field] = prop
            if spec.name is not None and spec.name != field:
                properties = _rename_key(properties, field, spec.name)
                required = [spec.name if n == field else n for n in required]
        if shown.order:
            first = [name for name in shown.order if name in properties]
            properties = {
                **{name: properties[name] for name in first},
                **{k: v for k, v in properties.items() if k not in first},
            }
        schema["properties"] = properties
        if required:
            schema["required"] = required
        else:
            schema.pop("required", None)

    return present


def presentation_config(model_name: str, **config: Any) -> ConfigDict:
    """Return the `model_config` entries that present a model on this line.

    Args:
        model_name: Class name of the model (looked up in this module).
        **config: Further `ConfigDict` entries of the model.

    Returns:
        A `ConfigDict` with `title`, `extra`, the field presentation hook
        (`json_schema_extra`, inherited by subclasses) and `config`.
    """
    shown = presentation(model_name)
    result = ConfigDict(
        # A title equal to the class name is left to pydantic (`None`), which
        # shows each class under its own name: a converter's subclass such as
        # `LifAcquisitionOptions` must not inherit `AcquisitionOptions`.
        title=None if shown.title == model_name else shown.title,
        extra="forbid" if shown.unknown_keys == "forbid" else "ignore",
    )
    if shown.fields or shown.order:
        result["json_schema_extra"] = _apply_fields(shown)
    result.update(config)  # type: ignore[typeddict-item]
    return result


def _import_attribute(path: str) -> Any:
    """Import `"module:attribute"`."""
    module, _, attribute = path.partition(":")
    return getattr(importlib.import_module(module), attribute)


class PresentedType:
    """Annotation marker: on some lines, show a field with another type's schema.

    `Annotated[int, PresentedType("OmeZarrOptions.num_levels")]` keeps the
    field an `int` (that is what the code stores and reads) but, on the 1.x
    line, shows the schema of the 1.x union `PyramidLevels`, whose members go
    into the schema's `$defs`. The model accepts the 1.x input and converts it.
    """

    def __init__(self, key: str) -> None:
        """Remember the `"Model.field"` key looked up in `_PRESENTED_TYPES`."""
        self.key = key

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """Return the field's schema, or the one of its type on this line."""
        target = _PRESENTED_TYPES[API_LINE].get(self.key)
        if target is None:
            return handler(core_schema)
        shown_type = _import_attribute(target)
        return handler(TypeAdapter(shown_type).core_schema)

    def __repr__(self) -> str:
        return f"PresentedType({self.key!r})"


def _alias_keys(alias: str | AliasPath | AliasChoices | None) -> set[str]:
    """Return the top-level input keys an alias specification accepts."""
    if alias is None:
        return set()
    if isinstance(alias, str):
        return {alias}
    if isinstance(alias, AliasPath):
        return {str(alias.path[0])}
    keys: set[str] = set()
    for choice in alias.choices:
        keys |= _alias_keys(choice)
    return keys


@cache
def accepted_input_keys(model: type[BaseModel]) -> frozenset[str]:
    """Return every top-level key `model` understands as input.

    Field names, their aliases and validation aliases, the 1.x spellings of
    `_SPELLINGS`, and the keys a converter's subclass declares in
    `input_aliases` (keys its own validators translate).

    Args:
        model: The model class.
    """
    keys: set[str] = set()
    for name, field in model.model_fields.items():
        keys.add(name)
        keys |= _alias_keys(field.alias)
        keys |= _alias_keys(field.validation_alias)
    keys |= {spelling.v1 for spelling in _spellings_of(model)}
    keys |= set(getattr(model, "input_aliases", ()))
    return frozenset(keys)


def _listed_base(model: type, table: Mapping[str, Any]) -> Any:
    """Return the entry of `table` for `model` or for its nearest library base."""
    for klass in model.__mro__:
        if klass.__name__ in table and klass.__module__.startswith(
            "ome_zarr_converters_tools."
        ):
            return table[klass.__name__]
    return None


@cache
def _spellings_of(model: type) -> tuple[Spelling, ...]:
    """Return the `_SPELLINGS` of `model` (subclasses inherit their base's)."""
    return tuple(_listed_base(model, _SPELLINGS) or ())


def _translate(data: Any, spellings: tuple[Spelling, ...]) -> Any:
    """Replace the 1.x keys of input `data` by the fields they set.

    Raises:
        ValueError: If both spellings of one option are given with different
            values (pydantic reports it as a validation error).
    """
    if not isinstance(data, Mapping) or not any(s.v1 in data for s in spellings):
        return data
    result = dict(data)
    for spelling in spellings:
        if spelling.v1 not in result:
            continue
        value = result.pop(spelling.v1)
        fields = (
            _import_attribute(spelling.convert)(value)
            if spelling.convert
            else {spelling.field: value}
        )
        for field, translated in fields.items():
            if field in result and result[field] != translated:
                raise ValueError(
                    f"{field}={result[field]!r} and {spelling.v1}={value!r} disagree: "
                    f"{spelling.v1} is the 1.x spelling of {spelling.field}, the "
                    "same option. Give only one of them."
                )
            result[field] = translated
    return result


def accept_spellings(name: str) -> Callable[[Any], Any]:
    """Return a before-validator accepting the 1.x spellings of `name`.

    For unions, whose discriminator must be translated before a member is
    chosen (`DaskScheduler`: 1.x `mode` is 0.10 `type`); models deriving from
    `LinePresentedDump` translate their own input.

    Args:
        name: A key of this module's spelling table.
    """
    spellings = _SPELLINGS[name]
    return lambda data: _translate(data, spellings)


def _unknown_key_message(model: type[BaseModel], key: str) -> str:
    """Build the warning text for one ignored key."""
    valid = sorted(accepted_input_keys(model))
    closest = difflib.get_close_matches(key, valid, n=1, cutoff=0.0)
    hint = f"the closest valid key is {closest[0]!r}" if closest else "it has no keys"
    return (
        f"{model.__name__} ignores the unknown key {key!r}; {hint}. Valid keys: "
        f"{', '.join(valid) or 'none'}. Fix or remove the key (it has no effect)."
    )


def _view(field: str) -> property:
    """Return a read-only property that reads `field` under its 1.x name."""
    return property(lambda self: getattr(self, field), doc=f"1.x name of `{field}`.")


class LinePresentedDump(BaseModel):
    """Base whose dumps use the names the line's schema shows.

    Dumps are what Fractal shows as defaults in the task form (fractal-task-tools
    serialises each default) and what travels from init to compute, so on the
    1.x line `ConverterOptions().model_dump()` holds `grouping`, `levels`,
    `remove_xy_jitter` and `mode`, like 1.1.1's. A renamed field whose shown name
    is a property of the model (the 1.x view, e.g. `grouping`) is dumped from
    that property. A field hidden on the line is dumped only when it differs
    from its default, so no value is lost. Both spellings are valid input: the
    1.x keys of `_SPELLINGS` are translated before validation, and each plain
    1.x name (`xy_pixel_size`, `mode`, ...) is a read-only attribute.
    """

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Add a read-only attribute for each plain 1.x name of the model."""
        super().__pydantic_init_subclass__(**kwargs)
        for spelling in _spellings_of(cls):
            if spelling.convert is None and not hasattr(cls, spelling.v1):
                setattr(cls, spelling.v1, _view(spelling.field))

    @model_validator(mode="before")
    @classmethod
    def _accept_1x_spellings(cls, data: Any) -> Any:
        """Translate the 1.x input keys of the model's `_SPELLINGS` entry."""
        return _translate(data, _spellings_of(cls))

    # No return annotation on purpose: with one, pydantic would take the
    # serialization-mode JSON schema from it instead of from the model's fields.
    @model_serializer(mode="wrap")
    def _present_dump(  # type: ignore[no-untyped-def]
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ):
        """Rename, swap and drop the dumped fields as the line's table says."""
        data = handler(self)
        shown: Presentation | None = _listed_base(type(self), _PRESENTATIONS[API_LINE])
        if shown is None or not shown.fields or not isinstance(data, dict):
            return data
        fields = type(self).model_fields
        for field, spec in shown.fields.items():
            if field not in data or field not in fields:
                continue
            if spec.hidden:
                default = fields[field].get_default(call_default_factory=True)
                if spec.carried_by or getattr(self, field) == default:
                    del data[field]
                continue
            if spec.name is None or spec.name == field:
                continue
            value = data[field]
            if isinstance(getattr(type(self), spec.name, None), property):
                view = getattr(self, spec.name)
                value = (
                    view.model_dump(mode=info.mode)
                    if isinstance(view, BaseModel)
                    else view
                )
            data = _rename_key(data, field, spec.name)
            data[spec.name] = value
        if shown.order:
            first = [name for name in shown.order if name in data]
            data = {
                **{name: data[name] for name in first},
                **{k: v for k, v in data.items() if k not in first},
            }
        return data


class WarnOnUnknownKeys(LinePresentedDump):
    """Base that warns about every key a model ignores (`extra="ignore"`).

    Models that must ignore unknown keys (because 0.10 did, and stored Fractal
    workflows may hold keys of older versions) derive from it, so a typo is
    still reported. Nothing happens for models that forbid or allow extra keys.
    """

    input_aliases: ClassVar[frozenset[str]] = frozenset()
    """Extra input keys a converter's subclass translates in its own
    validators; listed so that they are not reported as unknown."""

    @model_validator(mode="before")
    @classmethod
    def _warn_unknown_keys(cls, data: Any) -> Any:
        """Warn once per key of `data` that the model will drop."""
        if not isinstance(data, Mapping) or cls.model_config.get("extra") not in (
            None,
            "ignore",
        ):
            return data
        accepted = accepted_input_keys(cls)
        for key in data:
            if isinstance(key, str) and key not in accepted:
                warnings.warn(
                    _unknown_key_message(cls, key),
                    ConvertersToolsUnknownKeyWarning,
                    stacklevel=2,
                )
        return data
