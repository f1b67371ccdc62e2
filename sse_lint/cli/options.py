"""Option definitions shared by commands, and the selection/threshold plumbing behind them."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any, TypeVar

import typer

from ..errors import SseLintError
from ..findings import Severity

F = TypeVar("F", bound=Callable[..., Any])


class Format(str, Enum):
    text = "text"
    json = "json"


class CatalogueFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def threshold(fail_on: FailOn, exit_zero: bool) -> Severity | None:
    if exit_zero or fail_on is FailOn.never:
        return None
    return Severity(fail_on.value)


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.", rich_help_panel="Output")]
SelectOpt = Annotated[list[str] | None, typer.Option(
    "--select", help="Only these codes or prefixes (repeatable or comma-separated; ALL).",
    rich_help_panel="Rules")]
IgnoreOpt = Annotated[list[str] | None, typer.Option(
    "--ignore", help="Skip these codes or prefixes (the most specific of select/ignore wins).",
    rich_help_panel="Rules")]
FailOnOpt = Annotated[FailOn, typer.Option(
    "--fail-on", help="Exit 1 when a finding is at or above this severity.", rich_help_panel="Rules")]
ExitZeroOpt = Annotated[bool, typer.Option("--exit-zero", help="Alias of --fail-on never.",
                                           rich_help_panel="Rules")]
ProfileOpt = Annotated[str, typer.Option(
    "--profile", help="Protocol profile: auto, or one of the names `sse-lint rules` lists.",
    rich_help_panel="Rules")]
MaxLineOpt = Annotated[int, typer.Option(
    "--max-line-bytes", min=16, help="Longest line checked in full (S110 beyond it).", rich_help_panel="Rules")]


def err(message: str) -> None:
    """One line on stderr (control characters escaped)."""
    from ..report.escape import terminal

    sys.stderr.write(f"sse-lint: {terminal(message, 2000)}\n")


def cli_errors(fn: F) -> F:
    """Turn SseLintError into one line on stderr and exit 2."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except SseLintError as e:
            err(str(e))
            raise typer.Exit(2) from None

    return wrapper  # type: ignore[return-value]
