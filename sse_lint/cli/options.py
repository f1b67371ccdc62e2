"""Option definitions shared by commands, and the selection/threshold plumbing behind them."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from ..config import Config
from ..config import load as load_config
from ..engine import Options
from ..errors import SseLintError, UsageError
from ..findings import Severity
from ..sse import DEFAULT_MAX_LINE

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


def threshold(fail_on: FailOn | str, exit_zero: bool) -> Severity | None:
    value = fail_on.value if isinstance(fail_on, FailOn) else fail_on
    if exit_zero or value == "never":
        return None
    return Severity(value)


def build_options(config_path: Path | None, isolated: bool, *, profile: str | None, select: list[str] | None,
                  extend_select: list[str] | None, ignore: list[str] | None, fail_on: FailOn | None,
                  exit_zero: bool, max_line_bytes: int | None = None,
                  settings: dict[str, Any] | None = None) -> tuple[Options, Severity | None, Config]:
    """Options from the configuration file, overridden by the flags the user gave."""
    config = load_config(config_path, isolated)
    sel = list(select) if select else list(config.get("select") or [])
    sel += list(config.get("extend-select") or []) + list(extend_select or [])
    if sel and not (select or config.get("select")):
        sel = ["ALL", *sel]
    merged = {"first_byte_warn": config.get("first-byte-warn"), "stall": config.get("stall")}
    merged = {k: v for k, v in merged.items() if v is not None}
    merged.update(settings or {})
    options = Options(profile=profile or config.get("profile") or "auto", select=tuple(sel),
                      ignore=tuple([*(config.get("ignore") or []), *(ignore or [])]),
                      max_line_bytes=max_line_bytes or config.get("max-line-bytes") or DEFAULT_MAX_LINE,
                      severity=dict(config.get("severity") or {}), settings=merged)
    options.selection()  # validate codes early
    return options, threshold(fail_on or config.get("fail-on") or "error", exit_zero), config


FormatOpt = Annotated[list[str] | None, typer.Option(
    "--format", "-f", help="Output format(s): text, json, junit, sarif, github, markdown, statistics "
    "[default: text; plus github inside GitHub Actions].", rich_help_panel="Output", show_default=False)]
OutputOpt = Annotated[list[str] | None, typer.Option(
    "--output", "-o", help="FORMAT=PATH: write that format to a file (repeatable).", rich_help_panel="Output")]
StatisticsOpt = Annotated[bool, typer.Option("--statistics", help="Counts per rule, like ruff.",
                                             rich_help_panel="Output")]


def output_plan(formats: list[str] | None, outputs: list[str] | None, statistics: bool) -> tuple[list[str],
                                                                                                   dict[str, Path]]:
    from ..report import FORMATS, default_formats, parse_outputs

    for fmt in formats or ():
        if fmt not in FORMATS:
            raise UsageError(f"--format {fmt!r}: choose from {', '.join(FORMATS)}")
    files = parse_outputs(outputs)
    chosen = default_formats(formats)
    if statistics and "statistics" not in chosen:
        chosen.append("statistics")
    for fmt in files:
        if fmt not in chosen:
            chosen.append(fmt)
    return chosen, files
SelectOpt = Annotated[list[str] | None, typer.Option(
    "--select", help="Only these codes or prefixes (repeatable or comma-separated; ALL).",
    rich_help_panel="Rules")]
IgnoreOpt = Annotated[list[str] | None, typer.Option(
    "--ignore", help="Skip these codes or prefixes (the most specific of select/ignore wins).",
    rich_help_panel="Rules")]
FailOnOpt = Annotated[FailOn | None, typer.Option(
    "--fail-on", help="Exit 1 when a finding is at or above this severity [default: error].",
    rich_help_panel="Rules", show_default=False)]
ExtendSelectOpt = Annotated[list[str] | None, typer.Option(
    "--extend-select", help="Codes or prefixes to enable in addition to the selection.", rich_help_panel="Rules")]
ConfigOpt = Annotated[Path | None, typer.Option(
    "--config", help="Configuration file (default: nearest sse-lint.toml or pyproject.toml [tool.sse-lint]).",
    rich_help_panel="Configuration")]
IsolatedOpt = Annotated[bool, typer.Option("--isolated", help="Ignore configuration files.",
                                           rich_help_panel="Configuration")]
AguiVersionOpt = Annotated[int, typer.Option(
    "--agui-version", min=0, max=1, help="AG-UI rules to apply: 1 (1.0, default) or 0 (0.0.x clients: RUN_ERROR "
    "permanently terminal, THINKING events current, empty delta rejected).", rich_help_panel="Rules")]
ClientsOpt = Annotated[list[str] | None, typer.Option(
    "--clients", help="Clients I101 compares with (default: the profile's reference client, httpx-sse, "
    "sseclient-py, eventsource); `sse-lint interop` lists them.", rich_help_panel="Rules")]
ExitZeroOpt = Annotated[bool, typer.Option("--exit-zero", help="Alias of --fail-on never.",
                                           rich_help_panel="Rules")]
ProfileOpt = Annotated[str | None, typer.Option(
    "--profile", help="Protocol profile: auto (default), agui, openai-chat, generic.", rich_help_panel="Rules",
    show_default=False)]
MaxLineOpt = Annotated[int | None, typer.Option(
    "--max-line-bytes", min=16, help="Longest line checked in full (S110 beyond it) [default: 1 MiB].",
    rich_help_panel="Rules", show_default=False)]


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


def selected_rules(options: Options) -> list[Any]:
    """The rule classes a run with ``options`` selects (for reports that list rules: SARIF, JUnit)."""
    from ..rules import REGISTRY

    sel = options.selection()
    return [r for r in REGISTRY if sel.enabled(r.code)]


def client_settings(clients: list[str] | None) -> dict[str, Any]:
    """``--clients a,b`` as the I101 setting (validated)."""
    if not clients:
        return {}
    from ..interop import DIALECTS

    names = [n.strip() for c in clients for n in c.split(",") if n.strip()]
    for n in names:
        if n not in DIALECTS:
            raise UsageError(f"--clients: unknown client {n!r} (known: {', '.join(DIALECTS)})")
    return {"clients": names}
