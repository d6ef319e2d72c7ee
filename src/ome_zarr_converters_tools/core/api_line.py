"""How the models present themselves on this API line: titles and unknown keys.

A converter's Fractal task form is generated from the JSON schema of the
library's models, so the schema is part of the public contract: a changed model
title or a new `"additionalProperties": false` is a different form for Fractal
users, and stricter key handling breaks stored workflows. This module is the one
place that says, per model, what the schema shows as the model's title and what
happens to keys the model does not know. Behaviour (validation, pixels,
metadata) does not depend on it.

This build presents the 0.10 API line (`API_LINE`). Models that 0.10 does not
have (the 1.x-only ones) keep their 1.x presentation. A second line would add its
own table next to `_PRESENTATION_0_10` and pick it by `API_LINE`.

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
import warnings
from collections.abc import Mapping
from functools import cache
from typing import Any, ClassVar, Final, Literal, NamedTuple

from pydantic import AliasChoices, AliasPath, BaseModel, ConfigDict, model_validator

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsInternalError,
    ConvertersToolsUnknownKeyWarning,
)

__all__ = [
    "API_LINE",
    "Presentation",
    "UnknownKeys",
    "WarnOnUnknownKeys",
    "accepted_input_keys",
    "presentation",
    "presentation_config",
]

API_LINE: Final = "0.10"
"""The published API line whose schemas this build reproduces."""

UnknownKeys = Literal["forbid", "warn"]
"""Policy for keys a model does not know: refuse them, or ignore them with a
warning."""


class Presentation(NamedTuple):
    """How one model appears in JSON schemas and treats unknown keys."""

    title: str
    """Schema title of the model (the form section name in Fractal). When it
    is the class name, subclasses show their own class name instead."""
    unknown_keys: UnknownKeys
    """`forbid`: validation error; `warn`: ignored with a warning."""


def _only_1x(title: str) -> Presentation:
    """Presentation of a model the 0.10 API does not have: as in 1.x (strict)."""
    return Presentation(title, "forbid")


_PRESENTATION_0_10: Final[Mapping[str, Presentation]] = {
    # Conversion options (models/). 0.10 shows the class name as title.
    "ConverterOptions": Presentation("ConverterOptions", "forbid"),
    "StagePositionCorrections": Presentation("StagePositionCorrections", "forbid"),
    "OmeZarrOptions": Presentation("OmeZarrOptions", "forbid"),
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
    # Acquisition (core/acquisition.py).
    "ChannelInfo": Presentation("ChannelInfo", "warn"),
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

_PRESENTATIONS: Final[Mapping[str, Mapping[str, Presentation]]] = {
    "0.10": _PRESENTATION_0_10,
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


def presentation_config(model_name: str, **config: Any) -> ConfigDict:
    """Return the `model_config` entries for title and unknown keys of a model.

    Args:
        model_name: Class name of the model (looked up in this module).
        **config: Further `ConfigDict` entries of the model.

    Returns:
        A `ConfigDict` with `title`, `extra` and `config`.
    """
    shown = presentation(model_name)
    result = ConfigDict(
        # A title equal to the class name is left to pydantic (`None`), which
        # shows each class under its own name: a converter's subclass such as
        # `LifAcquisitionOptions` must not inherit `AcquisitionOptions`.
        title=None if shown.title == model_name else shown.title,
        extra="forbid" if shown.unknown_keys == "forbid" else "ignore",
    )
    result.update(config)  # type: ignore[typeddict-item]
    return result


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

    Field names, their aliases and validation aliases, and the extra spellings
    a model declares in `input_aliases` (keys its own validators translate,
    such as 1.x names).

    Args:
        model: The model class.
    """
    keys: set[str] = set()
    for name, field in model.model_fields.items():
        keys.add(name)
        keys |= _alias_keys(field.alias)
        keys |= _alias_keys(field.validation_alias)
    keys |= set(getattr(model, "input_aliases", ()))
    return frozenset(keys)


def _unknown_key_message(model: type[BaseModel], key: str) -> str:
    """Build the warning text for one ignored key."""
    valid = sorted(accepted_input_keys(model))
    closest = difflib.get_close_matches(key, valid, n=1, cutoff=0.0)
    hint = f"the closest valid key is {closest[0]!r}" if closest else "it has no keys"
    return (
        f"{model.__name__} ignores the unknown key {key!r}; {hint}. Valid keys: "
        f"{', '.join(valid) or 'none'}. Fix or remove the key (it has no effect)."
    )


class WarnOnUnknownKeys(BaseModel):
    """Base that warns about every key a model ignores (`extra="ignore"`).

    Models that must ignore unknown keys (because 0.10 did, and stored Fractal
    workflows may hold keys of older versions) derive from it, so a typo is
    still reported. Nothing happens for models that forbid or allow extra keys.
    """

    input_aliases: ClassVar[frozenset[str]] = frozenset()
    """Extra input keys a subclass's own validators translate (e.g. 1.x names);
    listed so that they are not reported as unknown."""

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
