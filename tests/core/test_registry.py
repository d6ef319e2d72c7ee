from typing import Any, ClassVar

import pytest

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.registry import ModelRegistry, Registry, model_name


def test_add_and_get_with_alias():
    reg: Registry[int] = Registry("step")
    reg.add("new name", 1, aliases=("old name",))
    assert reg.get("new name") == 1
    assert reg.get("old name") == 1
    assert "old name" in reg
    assert reg.names() == ["new name"]
    assert list(reg) == ["new name"]
    assert len(reg) == 1


def test_duplicate_name_needs_overwrite():
    reg: Registry[int] = Registry("filter")
    reg.add("a", 1)
    with pytest.raises(ConvertersToolsUserError, match="already registered"):
        reg.add("a", 2)
    reg.add("a", 2, overwrite=True)
    assert reg.get("a") == 2


def test_alias_collision_needs_overwrite():
    reg: Registry[int] = Registry("filter")
    reg.add("a", 1, aliases=("b",))
    with pytest.raises(ConvertersToolsUserError, match="'b'"):
        reg.add("b", 2)


def test_unknown_name_lists_available():
    reg: Registry[int] = Registry("validator")
    reg.add("x", 1)
    reg.add("y", 2)
    with pytest.raises(ConvertersToolsUserError) as err:
        reg.get("z")
    message = str(err.value)
    assert "validator" in message
    assert "not registered" in message  # the phrase 0.10 callers match on
    assert "'x', 'y'" in message


def test_overwriting_an_alias_with_a_name_promotes_it():
    reg: Registry[str] = Registry("step")
    reg.add("a", "first", aliases=("b",))
    reg.add("b", "second", overwrite=True)
    assert reg.get("b") == "second"
    assert reg.get("a") == "first"


def test_register_takes_the_function_name_unless_given():
    reg: Registry[object] = Registry("filter")

    def keep_all(tile: object) -> bool:
        return True

    named = reg.register(keep_all, overwrite=False, add_fn="add_filter")
    assert named == "keep_all"
    assert reg.register(keep_all, "K", overwrite=False, add_fn="add_filter") == "K"
    with pytest.raises(ConvertersToolsUserError, match=r"__name__.*add_filter"):
        reg.register(object(), overwrite=False, add_fn="add_filter")


class _Model:
    """Stands for a pydantic config model: only `model_fields[...].default` is read."""

    class _Field:
        default = "Odd Filter"

    model_fields: ClassVar[dict[str, Any]] = {"name": _Field()}


def test_model_registry_tells_built_in_logic_from_registered_functions():
    reg: ModelRegistry[Any] = ModelRegistry("filter", [_Model])
    assert model_name(_Model) == "Odd Filter"
    assert reg.models == {"Odd Filter": _Model}
    assert reg.function("Odd Filter") is None  # the model's own logic applies
    with pytest.raises(ConvertersToolsUserError, match="already registered"):
        reg.register(len, "Odd Filter", overwrite=False, add_fn="add_filter")
    reg.register(len, "Odd Filter", overwrite=True, add_fn="add_filter")
    assert reg.function("Odd Filter") is len
    with pytest.raises(ConvertersToolsUserError, match="'Odd Filter'"):
        reg.function("Even Filter")
