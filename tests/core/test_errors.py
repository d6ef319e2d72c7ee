import pytest

from ome_zarr_converters_tools.core import errors
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsError,
    ConvertersToolsFileNotFoundError,
    ConvertersToolsInternalError,
    ConvertersToolsMissingDependencyError,
    ConvertersToolsOutputExistsError,
    ConvertersToolsUnsupportedUrlError,
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
        (
            ConvertersToolsUnsupportedUrlError,
            (ConvertersToolsUserError, ValueError, NotImplementedError),
        ),
        (ConvertersToolsMissingDependencyError, (ConvertersToolsError, ImportError)),
    ],
)
def test_error_hierarchy(cls, builtins):
    for base in builtins:
        assert issubclass(cls, base)
    with pytest.raises(builtins[-1]):
        raise cls("boom")


def test_missing_dependency_is_not_a_value_error():
    # pydantic turns a ValueError raised in a validator into a ValidationError;
    # the ImportError of 0.10 must come out of model validation unchanged.
    assert not issubclass(ConvertersToolsMissingDependencyError, ValueError)


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
    # No deprecation warning class: both lines accept both spellings of every
    # option without a warning, as 0.10.4 and 1.1.1 deprecate nothing.
    assert not any(
        issubclass(getattr(errors, name), DeprecationWarning)
        for name in errors.__all__
        if isinstance(getattr(errors, name), type)
    )


@pytest.mark.parametrize(
    "cls",
    [
        ConvertersToolsUserError,
        ConvertersToolsOutputExistsError,
        ConvertersToolsFileNotFoundError,
        ConvertersToolsInternalError,
        ConvertersToolsUnsupportedUrlError,
        ConvertersToolsMissingDependencyError,
    ],
)
def test_errors_survive_pickling_across_processes(cls):
    import pickle

    err = cls("image A/01/0: missing /data/f.png")
    err.note = "extra"
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is cls
    assert copy.args == err.args
    assert copy.note == "extra"


def test_errors_survive_pickling_with_tblib_installed():
    tblib_pickling = pytest.importorskip("tblib.pickling_support")
    import pickle

    tblib_pickling.install()
    err = ConvertersToolsFileNotFoundError("missing /data/f.png")
    copy = pickle.loads(pickle.dumps(err))
    assert isinstance(copy, FileNotFoundError)
    assert str(copy) == "missing /data/f.png"
