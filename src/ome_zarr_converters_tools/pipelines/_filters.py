"""Compatibility shim: the 0.10 private path of the filter models.

The 0.10 documentation told users to import filters from here; new code should
import from `ome_zarr_converters_tools.pipelines`.
"""

from ome_zarr_converters_tools.pipelines.filters import (
    AcquisitionFilter,
    AttributeFilter,
    BoolValue,
    ChannelFilter,
    FilterModel,
    FloatValue,
    FovNameFilter,
    ImplementedFilters,
    IntValue,
    IsNoneValue,
    IsNotNoneValue,
    RegexExcludeFilter,
    RegexFilter,
    RegexIncludeFilter,
    StringValue,
    TRangeFilter,
    WellExcludeFilter,
    WellFilter,
    WellIncludeFilter,
    ZRangeFilter,
    add_filter,
    apply_filter_pipeline,
)

__all__ = [
    "AcquisitionFilter",
    "AttributeFilter",
    "BoolValue",
    "ChannelFilter",
    "FilterModel",
    "FloatValue",
    "FovNameFilter",
    "ImplementedFilters",
    "IntValue",
    "IsNoneValue",
    "IsNotNoneValue",
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
]
