"""UserFacingModel: the base of every option model shown in the Fractal UI."""

from __future__ import annotations

from pydantic import ConfigDict

from ome_zarr_converters_tools.core.api_line import WarnOnUnknownKeys

__all__ = ["UserFacingModel"]


class UserFacingModel(WarnOnUnknownKeys):
    """Base for models that appear in a converter task's parameters.

    Subclass it for custom parameter models so they behave like the shipped
    ones:

    - `extra="forbid"`: a typo in a parameter file fails loudly instead of
      being ignored. The library's models whose 0.10 counterpart ignored
      unknown keys set `extra="ignore"` (see `core.api_line`); they, and their
      subclasses, then warn about each ignored key instead of failing.
    - `use_attribute_docstrings=True`: field docstrings become the UI help
      text, whatever the import order of fractal-task-tools.
    - `populate_by_name=True`: fields with an input alias (a 1.x or 0.10
      spelling) still accept their own name.

    Models are not frozen: converters assign attributes after construction.
    """

    model_config = ConfigDict(
        extra="forbid", use_attribute_docstrings=True, populate_by_name=True
    )
