import pytest

from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsDeprecationWarning,
    ConvertersToolsError,
    ConvertersToolsFileNotFoundError,
    ConvertersToolsInternalError,
    ConvertersToolsOutputExistsError,
    ConvertersToolsUserError,
    ConvertersToolsWarning,
)


@pytest.mark.parametrize(
    ("cls", "builtins"),
    [
        (ConvertersToolsUserError, (ConvertersToolsError, ValueError)),
        (
            ConvertersToolsOutputExistsError,
            (ConvertersToolsUserError, FileExistsError, ValueError),
        ),
        (
            ConvertersToolsFileNotFoundError,
            (ConvertersToolsUserError, FileNotFoundError, ValueError),
        ),
        (ConvertersToolsInternalError, (ConvertersToolsError, RuntimeError)),
    ],
)
def test_error_hierarchy(cls, builtins):
    for base in builtins:
        assert issubclass(cls, base)
    with pytest.raises(builtins[-1]):
        raise cls("boom")


def test_user_error_is_not_internal():
    assert not issubclass(ConvertersToolsUserError, RuntimeError)
    assert not issubclass(ConvertersToolsInternalError, ValueError)


def test_internal_error_appends_report_footer():
    text = str(ConvertersToolsInternalError("tiling on world ROIs"))
    assert text.startswith("tiling on world ROIs")
    assert "report" in text
    assert "report" in str(ConvertersToolsInternalError())


def test_warning_hierarchy():
    assert issubclass(ConvertersToolsWarning, UserWarning)
    assert issubclass(ConvertersToolsDeprecationWarning, ConvertersToolsWarning)
    assert issubclass(ConvertersToolsDeprecationWarning, DeprecationWarning)
