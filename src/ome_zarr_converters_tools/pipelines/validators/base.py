"""Base of image validators and the 0.10 `ValidatorStep` description.

Validators run at init time on every aggregated `TiledImage` and raise a user
error when an image would fail later in a compute job. A validator is either a
`ValidatorModel` subclass implementing `check` (built-in and self-contained
custom validators) or a function registered with `add_validator`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from ome_zarr_converters_tools.core.errors import ConvertersToolsInternalError
from ome_zarr_converters_tools.models.base import UserFacingModel

if TYPE_CHECKING:
    from ome_zarr_converters_tools.core.tiled_image import TiledImage

__all__ = ["ValidatorModel", "ValidatorStep"]


class ValidatorStep(TypedDict):
    """0.10 description of a validator: registry name plus keyword parameters.

    The registered function is called as `function(tiled_image, **params)`.
    """

    name: str
    """Name the validator function is registered under."""
    params: dict[str, Any]
    """Keyword arguments passed to the function."""


class ValidatorModel(UserFacingModel):
    """Base of every validator configuration.

    `name` is the discriminator of `ImplementedValidators` and the key under
    which custom validator functions are registered with `add_validator`.
    """

    name: str
    """Name of the validator (wire value; selects the implementation)."""

    def check(
        self, tiled_image: TiledImage[Any, Any], *, resource: Any | None = None
    ) -> None:
        """Raise a user error if `tiled_image` would fail at compute time.

        Args:
            tiled_image: The aggregated image to check (not modified).
            resource: Per-call context handed to the loaders.

        Raises:
            ConvertersToolsInternalError: Always, on the base class: subclasses
                that do not implement it must be applied through a function
                registered with `add_validator`.
        """
        raise ConvertersToolsInternalError(
            f"Validator {self.name!r} ({type(self).__name__}) has no `check` "
            "method; it must be applied through a function registered with "
            "add_validator."
        )

    @classmethod
    def implements_check(cls) -> bool:
        """Tell whether this validator class carries its own checking logic."""
        return cls.check is not ValidatorModel.check
