"""The typer app. Commands live one module each; this module only wires them."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from .. import __version__
from ..errors import SseLintError
from .check import check, record
from .fixture import fixture
from .interop import interop
from .lint import events, lint
from .options import err
from .replay import replay
from .rules import config, explain, rules

app = typer.Typer(
    name="sse-lint",
    help="Lint Server-Sent Events streams: WHATWG framing, HTTP heads, AG-UI and LLM wire formats.",
    add_completion=False,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"sse-lint {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """sse-lint: a linter for streaming endpoints."""


app.command()(check)
app.command()(record)
app.command()(lint)
app.command()(replay)
app.command()(fixture)
app.command()(interop)
app.command()(events)
app.command()(rules)
app.command()(explain)
app.command()(config)


def main() -> None:
    """Console entry point: never a traceback; exit 2 with one line on any failure to run."""
    try:
        app()
    except SseLintError as e:
        err(str(e))
        sys.exit(2)
    except KeyboardInterrupt:
        err("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as e:  # noqa: BLE001 - the last line of defence
        err(f"internal error: {type(e).__name__}: {e} (this is a bug in sse-lint; please report it)")
        sys.exit(2)
