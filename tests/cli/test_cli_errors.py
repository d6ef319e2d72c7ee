"""How the command line reports problems (in process, fast): codes, lines, warnings."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from ome_zarr_converters_tools import cli as cli_module
from ome_zarr_converters_tools.cli import (
    EXIT_INTERNAL,
    EXIT_USAGE,
    EXIT_USER,
    cli,
    main,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "data" / "example_plate"


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_unexpected_exception_is_an_internal_error_in_one_line(monkeypatch, tmp_path):
    from ome_zarr_converters_tools.cli import inspect as inspect_module

    def broken(path):
        raise KeyError("boom")

    monkeypatch.setattr(inspect_module, "describe", broken)
    result = CliRunner().invoke(cli, ["inspect", str(tmp_path)])
    assert result.exit_code == EXIT_INTERNAL
    (line,) = _lines(result.output)
    assert line.startswith("Internal error: KeyError: 'boom'")
    assert "please report it" in line

    debug = CliRunner().invoke(cli, ["inspect", str(tmp_path), "--debug"])
    assert debug.exit_code == EXIT_INTERNAL
    assert "Traceback (most recent call last)" in debug.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--space", "start_q=pixel"], "expected FIELD=SPACE"),
        (["--space", "start_z=microns"], "expected FIELD=SPACE"),
        (["--channel", "A:1:2:3"], "expected LABEL"),
        (["--pixel-size", "0"], "--pixel-size"),
    ],
)
def test_bad_table_options_are_usage_errors(args, message, tmp_path):
    result = CliRunner().invoke(
        cli, ["preview", str(EXAMPLE / "tiles.csv"), str(tmp_path / "a.png"), *args]
    )
    assert result.exit_code == EXIT_USAGE, result.output
    assert message in result.output


def test_invalid_acquisition_details_file_names_the_field(tmp_path):
    details = tmp_path / "details.json"
    details.write_text('{"pixelsize": -1}')
    result = CliRunner().invoke(
        cli,
        [
            "preview",
            str(EXAMPLE / "tiles.csv"),
            str(tmp_path / "a.png"),
            "--acquisition-details",
            str(details),
        ],
    )
    assert result.exit_code == EXIT_USER
    (line,) = _lines(result.output)
    assert "is not a valid AcquisitionDetails: pixelsize:" in line


def test_library_warnings_are_one_line(monkeypatch, capsys, tmp_path):
    table = tmp_path / "tiles.csv"
    # "start_zz" is not a tile field: it becomes an attribute, with a warning.
    table.write_text(
        "file_path,row,column,fov_name,start_x,start_y,length_x,length_y,start_zz\n"
        "/no/a.png,B,3,FOV_1,0,0,8,8,1\n"
    )
    monkeypatch.setattr(warnings, "showwarning", warnings.showwarning)
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        with pytest.raises(SystemExit) as exit_info:
            main(["preview", str(table), str(tmp_path / "a.png")])
    assert exit_info.value.code == 0
    err = capsys.readouterr().err
    warning_lines = [line for line in _lines(err) if line.startswith("Warning:")]
    assert len(warning_lines) == 1
    assert "'start_zz'" in warning_lines[0]
    assert "did you mean 'start_z'" in warning_lines[0]
    assert (tmp_path / "a.png").stat().st_size > 1000


def test_exit_codes_are_the_documented_ones():
    text = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text()
    for code, meaning in [
        (cli_module.EXIT_OK, "success"),
        (cli_module.EXIT_INVALID, "`validate` found the data invalid"),
        (cli_module.EXIT_USAGE, "usage error"),
        (cli_module.EXIT_USER, "the input, options or output are wrong"),
        (cli_module.EXIT_INTERNAL, "internal error"),
        (cli_module.EXIT_INTERRUPTED, "interrupted"),
    ]:
        assert f"| {code} | {meaning}" in text
