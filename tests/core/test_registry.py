import pytest

from ome_zarr_converters_tools.core.errors import ConvertersToolsUserError
from ome_zarr_converters_tools.core.registry import Registry


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
