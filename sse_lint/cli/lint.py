"""``sse-lint lint`` and ``sse-lint events``: recorded transcripts."""

from __future__ import annotations

import sys
from typing import Annotated

import orjson
import typer
from rich.console import Console

from ..engine import Options, lint_transcript
from ..errors import InputError
from ..findings import Report
from ..report import json as json_report
from ..report import text as text_report
from ..sources import iter_paths, open_path
from ..sse import DEFAULT_MAX_LINE
from .options import (
    ExitZeroOpt,
    FailOn,
    FailOnOpt,
    Format,
    FormatOpt,
    IgnoreOpt,
    MaxLineOpt,
    ProfileOpt,
    SelectOpt,
    cli_errors,
    err,
    threshold,
)

PathsArg = Annotated[list[str], typer.Argument(help="Transcript files or folders; - for stdin.",
                                               show_default=False)]


def lint_paths(paths: list[str], options: Options) -> tuple[list[Report], bool]:
    """Lint every transcript under ``paths``; the bool says whether an input could not be read."""
    reports: list[Report] = []
    failed = False
    for path in iter_paths(paths):
        try:
            for transcript in open_path(path):
                reports.append(lint_transcript(transcript, options))
        except InputError as e:
            err(str(e))
            failed = True
    return reports, failed


@cli_errors
def lint(
    paths: PathsArg,
    format: FormatOpt = Format.text,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    fail_on: FailOnOpt = FailOn.error,
    exit_zero: ExitZeroOpt = False,
    profile: ProfileOpt = "auto",
    max_line_bytes: MaxLineOpt = DEFAULT_MAX_LINE,
) -> None:
    """Lint recorded streams: raw SSE, `curl -i` dumps, sse-lint JSONL transcripts, HAR files."""
    options = Options(profile=profile, select=tuple(select or ()), ignore=tuple(ignore or ()),
                      max_line_bytes=max_line_bytes)
    options.selection()  # validate codes before reading anything
    reports, failed = lint_paths(paths, options)
    if format is Format.json:
        json_report.write(reports, sys.stdout)
    else:
        text_report.write(reports, Console(highlight=False))
    if failed:
        raise typer.Exit(2)
    limit = threshold(fail_on, exit_zero)
    raise typer.Exit(1 if any(r.fails(limit) for r in reports) else 0)


@cli_errors
def events(
    path: Annotated[str, typer.Argument(help="A transcript file; - for stdin.", show_default=False)],
    max_line_bytes: MaxLineOpt = DEFAULT_MAX_LINE,
) -> None:
    """Print the events a browser EventSource would dispatch, as JSON Lines."""
    out = sys.stdout.buffer
    options = Options(profile="generic", select=("S",), max_line_bytes=max_line_bytes)

    def show(ev) -> None:  # type: ignore[no-untyped-def]
        out.write(orjson.dumps(ev.to_dict()) + b"\n")

    for transcript in open_path(path):
        lint_transcript(transcript, options, on_event=show)
    out.flush()
