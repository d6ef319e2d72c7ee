"""Filters, validators, registration, collection setup and writing, re-exported.

Each extension kind lives in its own room (`filters`, `validators`, `registration`,
`writers`, `ome_zarr`, `collection_setup`); this module re-exports the public names of
the rooms and the two orchestrators, `tiles_aggregation_pipeline` (filter, group,
validate) and `tiled_image_creation_pipeline` (register, write). Names are imported
on first access (see `_lazy_namespace`); importing a room registers its built-ins.
"""

from ome_zarr_converters_tools._lazy_namespace import lazy_package

_EXPORTS = {
    "pipelines.aggregation": ("tiles_aggregation_pipeline",),
    "pipelines.collection_setup": (
        "add_collection_handler",
        "setup_ome_zarr_collection",
        "setup_singleimage",
    ),
    "pipelines.creation": ("tiled_image_creation_pipeline",),
    "pipelines.filters": (
        "AcquisitionFilter",
        "AttributeFilter",
        "ChannelFilter",
        "FilterModel",
        "FovNameFilter",
        "ImplementedFilters",
        "RegexExcludeFilter",
        "RegexFilter",
        "RegexIncludeFilter",
        "TRangeFilter",
        "WellExcludeFilter",
        "WellFilter",
        "WellIncludeFilter",
        "ZRangeFilter",
        "add_filter",
        "apply_filter_pipeline",
    ),
    "pipelines.ome_zarr": ("write_tiled_image_as_zarr",),
    "pipelines.registration": (
        "RegistrationStep",
        "add_registration_func",
        "apply_registration_pipeline",
        "build_default_registration_pipeline",
    ),
    "pipelines.validators": (
        "ImplementedValidators",
        "ShapeDtypeProbeValidator",
        "ValidatorModel",
        "ValidatorStep",
        "add_validator",
        "apply_validator_pipeline",
    ),
}

lazy_package(globals(), _EXPORTS)
