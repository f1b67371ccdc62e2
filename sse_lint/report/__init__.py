"""Reporters: one module per output format; :func:`emit` writes several formats from one run."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from rich.console import Console

from ..errors import UsageError
from ..findings import Report, Severity
from ..rules import Rule

Renderer = Callable[..., str]
FORMATS = ("text", "json", "junit", "sarif", "github", "markdown", "statistics")


def _renderer(fmt: str) -> Renderer:
    if fmt == "json":
        from . import json as json_report

        return lambda reports, **_: json_report.render(reports)
    if fmt == "text":
        from . import text

        def render_text(reports: Sequence[Report], *, verbose: bool = False, file_out: bool = False,
                        **_: object) -> str:
            if not file_out:  # the terminal: rich decides on colour (TTY, NO_COLOR)
                text.write(reports, Console(highlight=False), verbose=verbose)
                return ""
            out = io.StringIO()
            text.write(reports, Console(file=out, width=200, no_color=True, highlight=False), verbose=verbose)
            return out.getvalue()

        return render_text
    from importlib import import_module

    render = import_module(f"{__name__}.{fmt}").render
    return lambda reports, *, fail_on, rules, **_: render(reports, fail_on=fail_on, rules=rules)


def parse_outputs(items: Sequence[str] | None) -> dict[str, Path]:
    """``FMT=PATH`` pairs for --output."""
    out: dict[str, Path] = {}
    for item in items or ():
        fmt, sep, path = item.partition("=")
        if not sep or fmt not in FORMATS or not path:
            raise UsageError(f"--output {item!r}: expected FORMAT=PATH with FORMAT one of {', '.join(FORMATS)}")
        out[fmt] = Path(path)
    return out


def default_formats(formats: Sequence[str] | None) -> list[str]:
    """The formats for stdout: as given; else text, plus GitHub annotations inside GitHub Actions."""
    if formats:
        return list(formats)
    return ["text", "github"] if os.environ.get("GITHUB_ACTIONS") == "true" else ["text"]


def emit(reports: Sequence[Report], formats: Sequence[str], outputs: dict[str, Path], *,
         fail_on: Severity | None, rules: Sequence[type[Rule]], verbose: bool = False) -> None:
    """Write ``formats`` (those with an --output path go to their file, the rest to stdout)."""
    for fmt in formats:
        if fmt in outputs:
            continue
        text = _renderer(fmt)(reports, fail_on=fail_on, rules=rules, verbose=verbose)
        if text:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
    for fmt, path in outputs.items():
        text = _renderer(fmt)(reports, fail_on=fail_on, rules=rules, file_out=True)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as e:
            raise UsageError(f"--output {fmt}={path}: {e.strerror or e}") from None
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and os.environ.get("GITHUB_ACTIONS") == "true":
        text = _renderer("markdown")(reports, fail_on=fail_on, rules=rules)
        try:
            with open(summary, "a", encoding="utf-8") as f:
                f.write(text[: 1 << 20])  # GitHub caps a step summary at 1 MiB
        except OSError:
            pass
