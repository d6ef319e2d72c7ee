"""UserFacingModel: the base of every option model shown in the Fractal UI."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["UserFacingModel"]


class UserFacingModel(BaseModel):
    """Base for models that appear in a converter task's parameters.

    Subclass it for custom parameter models so they behave like the shipped
    ones:

    - `extra="forbid"`: a typo in a parameter file fails loudly instead of
      being ignored.
    - `use_attribute_docstrings=True`: field docstrings become the UI help
      text, whatever the import order of fractal-task-tools.
    - `populate_by_name=True`: fields with an input alias (a 1.x or 0.10
      spelling) still accept their own name.

    Models are not frozen: converters assign attributes after construction.
    """

    model_config = ConfigDict(
        extra="forbid", use_attribute_docstrings=True, populate_by_name=True
    )
