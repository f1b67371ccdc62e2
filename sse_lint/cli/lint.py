"""``sse-lint lint`` and ``sse-lint events``: recorded transcripts."""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Annotated

import orjson
import typer

from ..config import Config
from ..engine import Options, lint_transcript
from ..errors import InputError
from ..findings import Report
from ..report import emit
from ..sources import iter_paths, open_path
from ..sse import DEFAULT_MAX_LINE
from .options import (
    AguiVersionOpt,
    ClientsOpt,
    ConfigOpt,
    ExitZeroOpt,
    ExtendSelectOpt,
    FailOnOpt,
    FormatOpt,
    IgnoreOpt,
    IsolatedOpt,
    MaxLineOpt,
    OutputOpt,
    ProfileOpt,
    SelectOpt,
    StatisticsOpt,
    build_options,
    cli_errors,
    client_settings,
    err,
    output_plan,
    selected_rules,
)

PathsArg = Annotated[list[str], typer.Argument(help="Transcript files or folders; - for stdin.",
                                               show_default=False)]


def lint_paths(paths: list[str], options: Options, config: Config | None = None) -> tuple[list[Report], bool]:
    """Lint every transcript under ``paths``; the bool says whether an input could not be read."""
    reports: list[Report] = []
    failed = False
    for path in iter_paths(paths):
        extra = config.ignores_for(path) if config is not None and path != "-" else []
        opts = replace(options, ignore=(*options.ignore, *extra)) if extra else options
        try:
            for transcript in open_path(path):
                reports.append(lint_transcript(transcript, opts))
        except InputError as e:
            err(str(e))
            failed = True
    return reports, failed


@cli_errors
def lint(
    paths: PathsArg,
    format: FormatOpt = None,
    output: OutputOpt = None,
    statistics: StatisticsOpt = False,
    select: SelectOpt = None,
    extend_select: ExtendSelectOpt = None,
    ignore: IgnoreOpt = None,
    fail_on: FailOnOpt = None,
    exit_zero: ExitZeroOpt = False,
    agui_version: AguiVersionOpt = 1,
    clients: ClientsOpt = None,
    profile: ProfileOpt = None,
    max_line_bytes: MaxLineOpt = None,
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
) -> None:
    """Lint recorded streams: raw SSE, `curl -i` dumps, sse-lint JSONL transcripts, HAR files."""
    options, limit, cfg = build_options(config, isolated, profile=profile, select=select,
                                        extend_select=extend_select, ignore=ignore, fail_on=fail_on,
                                        exit_zero=exit_zero, max_line_bytes=max_line_bytes,
                                        settings={"agui_version": agui_version, **client_settings(clients)})
    formats, files = output_plan(format, output, statistics)
    reports, failed = lint_paths(paths, options, cfg)
    emit(reports, formats, files, fail_on=limit, rules=selected_rules(options))
    if failed:
        raise typer.Exit(2)
    raise typer.Exit(1 if any(r.fails(limit) for r in reports) else 0)


@cli_errors
def events(
    path: Annotated[str, typer.Argument(help="A transcript file; - for stdin.", show_default=False)],
    max_line_bytes: MaxLineOpt = None,
) -> None:
    """Print the events a browser EventSource would dispatch, as JSON Lines."""
    out = sys.stdout.buffer
    options = Options(profile="generic", select=("S",), max_line_bytes=max_line_bytes or DEFAULT_MAX_LINE)

    def show(ev) -> None:  # type: ignore[no-untyped-def]
        out.write(orjson.dumps(ev.to_dict()) + b"\n")

    for transcript in open_path(path):
        lint_transcript(transcript, options, on_event=show)
    out.flush()
