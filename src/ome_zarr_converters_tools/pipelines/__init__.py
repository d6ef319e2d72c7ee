"""Filters, validators, registration, collection setup and writing, re-exported.

Each extension kind lives in its own room (`filters`, `validators`, `registration`,
`writers`, `ome_zarr`, `collection_setup`); this module re-exports the public names of
the rooms and the two orchestrators, `tiles_aggregation_pipeline` (filter, group,
validate) and `tiled_image_creation_pipeline` (register, write).
"""

from ome_zarr_converters_tools.pipelines.aggregation import tiles_aggregation_pipeline
from ome_zarr_converters_tools.pipelines.collection_setup import (
    add_collection_handler,
    setup_ome_zarr_collection,
    setup_singleimage,
)
from ome_zarr_converters_tools.pipelines.creation import tiled_image_creation_pipeline
from ome_zarr_converters_tools.pipelines.filters import (
    AcquisitionFilter,
    AttributeFilter,
    ChannelFilter,
    FilterModel,
    FovNameFilter,
    ImplementedFilters,
    RegexExcludeFilter,
    RegexFilter,
    RegexIncludeFilter,
    TRangeFilter,
    WellExcludeFilter,
    WellFilter,
    WellIncludeFilter,
    ZRangeFilter,
    add_filter,
    apply_filter_pipeline,
)
from ome_zarr_converters_tools.pipelines.ome_zarr import write_tiled_image_as_zarr
from ome_zarr_converters_tools.pipelines.registration import (
    RegistrationStep,
    add_registration_func,
    apply_registration_pipeline,
    build_default_registration_pipeline,
)
from ome_zarr_converters_tools.pipelines.validators import (
    ImplementedValidators,
    ShapeDtypeProbeValidator,
    ValidatorModel,
    ValidatorStep,
    add_validator,
    apply_validator_pipeline,
)

__all__ = [
    "AcquisitionFilter",
    "AttributeFilter",
    "ChannelFilter",
    "FilterModel",
    "FovNameFilter",
    "ImplementedFilters",
    "ImplementedValidators",
    "RegexExcludeFilter",
    "RegexFilter",
    "RegexIncludeFilter",
    "RegistrationStep",
    "ShapeDtypeProbeValidator",
    "TRangeFilter",
    "ValidatorModel",
    "ValidatorStep",
    "WellExcludeFilter",
    "WellFilter",
    "WellIncludeFilter",
    "ZRangeFilter",
    "add_collection_handler",
    "add_filter",
    "add_registration_func",
    "add_validator",
    "apply_filter_pipeline",
    "apply_registration_pipeline",
    "apply_validator_pipeline",
    "build_default_registration_pipeline",
    "setup_ome_zarr_collection",
    "setup_singleimage",
    "tiled_image_creation_pipeline",
    "tiles_aggregation_pipeline",
    "write_tiled_image_as_zarr",
]
