"""The `ome-zarr-converters-tools` command line (`python -m ome_zarr_converters_tools`).

Commands: `convert` (a tiles table to OME-Zarr, through the same init/compute
tasks Fractal runs), `preview` (the tile layout as a PNG), `inspect` (what an
OME-Zarr plate or image holds) and `validate` (against the NGFF specification).
docs/cli.md is the user's page.

Built on click: small, stable for a decade, typed, with testable commands,
generated help and shell completion, and already installed with dask and
distributed (which this library requires), so it adds no new package to most
environments. argparse would need hand-written sub-command dispatch and help;
typer and rich would add dependencies for looks only.

Exit codes (also in docs/cli.md):

| code | meaning |
| --- | --- |
| 0 | success |
| 1 | `validate` found the data invalid |
| 2 | usage error: unknown option, missing argument, bad option value |
| 3 | wrong input, options or output; missing optional package (the message |
|   | says how to fix it: every `ConvertersTools*` error but internal ones)  |
| 4 | internal error: a bug in the library or an unexpected failure |
| 130 | interrupted (Ctrl-C) |

Errors are printed as one readable message without a traceback; `--debug`
shows the traceback too.
"""

from __future__ import annotations

import importlib
import traceback
import warnings
from collections.abc import Sequence
from typing import Any

import click

from ome_zarr_converters_tools.cli._common import DEBUG_KEY, common_options
from ome_zarr_converters_tools.core.errors import (
    ConvertersToolsError,
    ConvertersToolsInternalError,
    ConvertersToolsOutputExistsError,
    ConvertersToolsWarning,
)

__all__ = [
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "EXIT_USER",
    "cli",
    "main",
]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_USER = 3
EXIT_INTERNAL = 4
EXIT_INTERRUPTED = 130


def _one_line(message: str) -> str:
    """Join a multi-line message into one line (blank lines dropped)."""
    return " ".join(part.strip() for part in message.splitlines() if part.strip())


def _report(error: BaseException, *, debug: bool) -> int:
    """Print an error the way a user can act on it; return its exit code."""
    if debug:
        traceback.print_exception(error)
    if isinstance(error, ConvertersToolsInternalError) or not isinstance(
        error, ConvertersToolsError
    ):
        code = EXIT_INTERNAL
        text = (
            f"Internal error: {type(error).__name__}: {_one_line(str(error))}"
            if not isinstance(error, ConvertersToolsInternalError)
            else f"Internal error: {_one_line(str(error))}"
        )
        if not isinstance(error, ConvertersToolsInternalError):
            text += (
                " This is likely a bug in ome-zarr-converters-tools; please report "
                "it with the traceback of --debug."
            )
    else:
        code = EXIT_USER
        text = f"Error: {_one_line(str(error))}"
        if isinstance(error, ConvertersToolsOutputExistsError):
            text += " On the command line: --overwrite overwrite or --overwrite extend."
    if not debug:
        text += " (--debug shows the traceback)"
    click.echo(text, err=True)
    return code


_COMMANDS = {
    "convert": "convert:convert",
    "preview": "preview:preview",
    "inspect": "inspect:inspect_command",
    "validate": "validate:validate",
}
"""Command name -> `module:attribute` in this package, imported on first use.

`inspect` and `validate` need zarr only; importing `convert` (which reads its
defaults from the option models) would add ngio and about 1.5 s to each call.
"""


class _Group(click.Group):
    """The command group: commands load lazily; errors become one line + a code."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = _COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attribute = target.split(":")
        command: click.Command = getattr(
            importlib.import_module(f"{__name__}.{module}"), attribute
        )
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None
        except Exception as error:
            code = _report(error, debug=bool(ctx.meta.get(DEBUG_KEY)))
            raise click.exceptions.Exit(code) from None


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """Print a warning as one line; the library's own without a source location."""
    if issubclass(category, ConvertersToolsWarning):
        click.echo(f"Warning: {_one_line(str(message))}", err=True)
    else:
        click.echo(
            f"Warning ({category.__name__}, {filename}:{lineno}): "
            f"{_one_line(str(message))}",
            err=True,
        )


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ome-zarr-converters-tools")
@common_options
def cli() -> None:
    """Convert microscope tiles tables to OME-Zarr, preview, inspect and validate.

    Exit codes: 0 success, 1 invalid data (validate), 2 usage error, 3 wrong
    input/options/output (the message says how to fix it), 4 internal error,
    130 interrupted. Run a command with -h for its options.
    """


def main(argv: Sequence[str] | None = None) -> None:
    """Run the command line (the console script's entry point).

    Args:
        argv: The arguments; None reads `sys.argv`.
    """
    warnings.showwarning = _show_warning
    cli.main(
        args=list(argv) if argv is not None else None,
        prog_name="ome-zarr-converters-tools",
    )
