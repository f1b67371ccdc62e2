"""``sse-lint check URL`` and ``sse-lint record URL``: live endpoints."""

from __future__ import annotations

import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from enum import Enum
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.console import Console
from rich.text import Text

from ..client import RequestSpec, parse_header
from ..engine import Options
from ..errors import ConnectError, UsageError
from ..findings import Report, Severity
from ..live import LiveResult, Progress, check_once
from ..report import emit
from ..report.escape import terminal
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

REQ = "Request"
LIM = "Limits"


class Expect(str, Enum):
    any = "any"
    success = "success"
    error = "error"


def agui_input() -> bytes:
    """A minimal valid AG-UI RunAgentInput (accepted by every SDK version)."""
    return orjson.dumps({
        "threadId": f"sse-lint-{uuid.uuid4().hex[:12]}", "runId": f"run-{uuid.uuid4().hex[:12]}",
        "state": {}, "messages": [{"id": "msg-1", "role": "user", "content": "Hello"}],
        "tools": [], "context": [], "forwardedProps": {},
    })


def _body(data: str | None, json_body: str | None) -> tuple[bytes | None, str | None]:
    def read(value: str) -> bytes:
        if value.startswith("@"):
            try:
                return Path(value[1:]).read_bytes()
            except OSError as e:
                raise UsageError(f"cannot read {value[1:]}: {e.strerror or e}") from None
        return value.encode()

    if json_body is not None:
        return read(json_body), "application/json"
    if data is not None:
        return read(data), None
    return None, None


def build_spec(url: str, method: str | None, headers: list[str], data: str | None, json_body: str | None,
               agui: bool, agui_input_file: str | None, timeouts: tuple[float, float, float, float],
               insecure: bool, http2: bool) -> RequestSpec:
    body, ctype = _body(data, json_body)
    if agui or agui_input_file:
        body, ctype = (_body(None, "@" + agui_input_file)[0] if agui_input_file else agui_input()), "application/json"
    parsed = [parse_header(h) for h in headers]
    names = {k.lower() for k, _ in parsed}
    if "accept" not in names:
        parsed.append(("Accept", "text/event-stream"))
    if ctype and "content-type" not in names:
        parsed.append(("Content-Type", ctype))
    connect, first, idle, max_time = timeouts
    return RequestSpec(url=url, method=(method or ("POST" if body is not None else "GET")).upper(), headers=parsed,
                       body=body, connect_timeout=connect, first_byte_timeout=first, idle_timeout=idle,
                       max_time=max_time, insecure=insecure, http2=http2)


def _percentiles(values: list[float]) -> str:
    if not values:
        return "n/a"
    values = sorted(values)

    def p(q: float) -> float:
        return values[min(len(values) - 1, int(q * len(values)))]

    return f"p50 {p(0.5):.3f} s, p90 {p(0.9):.3f} s, p99 {p(0.99):.3f} s"


def repeat(spec: RequestSpec, options: Options, n: int, k: int, record: Path | None, limit) -> tuple[  # type: ignore[no-untyped-def]
        list[LiveResult], list[str]]:
    """Run the same request ``n`` times, ``k`` at a time; keep the first failing recording."""
    results: list[LiveResult | None] = [None] * n
    errors: list[str] = []
    tmp = None
    if record is not None:
        tmp = record.parent / f".{record.stem}-runs"
        tmp.mkdir(parents=True, exist_ok=True)

    def one(i: int) -> None:
        path = tmp / f"run-{i + 1:03d}.jsonl" if tmp is not None else None
        try:
            results[i] = check_once(spec, options, path)
        except ConnectError as e:
            errors.append(f"run {i + 1}: {e}")

    with ThreadPoolExecutor(max_workers=max(1, k)) as pool:
        list(pool.map(one, range(n)))
    done = [r for r in results if r is not None]
    notes: list[str] = []
    if tmp is not None:
        kept = False
        for i, r in enumerate(results):
            if r is None or r.recorded is None:
                continue
            if not kept and r.report.fails(limit):
                target = record.parent / f"{record.stem}-run-{i + 1:03d}.jsonl"  # type: ignore[union-attr]
                r.recorded.replace(target)
                notes.append(f"first failing run saved as {target}")
                kept = True
            else:
                r.recorded.unlink(missing_ok=True)
        try:
            tmp.rmdir()
        except OSError:
            pass
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    for r in done:
        for code in {f.code for f in r.report.findings}:
            counts[code] += 1
        for f in r.report.findings:
            names[f.code] = f.name
    summary = [f"{code} {names[code]}: {c} of {n} runs ({100 * c / n:.1f}%)" for code, c in sorted(counts.items())]
    summary.append(f"time to first byte: {_percentiles([r.ttfb for r in done if r.ttfb is not None])}")
    summary.append(f"duration: {_percentiles([r.duration for r in done if r.duration is not None])}")
    if errors:
        summary.append(f"{len(errors)} of {n} runs could not connect; first: {errors[0]}")
    return done, summary + notes


def run_scenarios(path: Path, base: Options, limit: Severity | None) -> list[Report]:
    """Every scenario of a TOML file, one report each (repeated scenarios: the first failing run, with the
    per-rule counts as notes)."""
    from dataclasses import replace

    from ..scenarios import load

    reports: list[Report] = []
    for sc in load(path):
        t = sc.timeouts
        spec = build_spec(sc.url, sc.method, sc.headers, sc.body.decode() if sc.body is not None else None,
                          sc.json_body.decode() if sc.json_body is not None else None, sc.agui, None,
                          (t.get("connect-timeout", 10.0), t.get("first-byte-timeout", 30.0),
                           t.get("idle-timeout", 30.0), t.get("max-time", 300.0)), sc.insecure, False)
        options = replace(base, profile=sc.profile or ("agui" if sc.agui else base.profile),
                          select=tuple(sc.select) or base.select, ignore=(*base.ignore, *sc.ignore),
                          settings={**base.settings, "expect": sc.expect})
        try:
            if sc.repeat > 1:
                results, summary = repeat(spec, options, sc.repeat, sc.concurrency, None, limit)
                chosen = next((r.report for r in results if r.report.fails(limit)), results[0].report if results
                              else None)
                if chosen is None:
                    raise ConnectError(summary[-1])
                chosen.notes.extend(summary)
            else:
                chosen = check_once(spec, options).report
        except ConnectError as e:
            chosen = Report(source=sc.url, end=f"error: {e}")
            chosen.notes.append(str(e))
        chosen.source = f"{sc.name} ({chosen.source})"
        reports.append(chosen)
    return reports


@cli_errors
def check(
    url: Annotated[str | None, typer.Argument(help="The endpoint to check.", show_default=False)] = None,
    request: Annotated[str | None, typer.Option("-X", "--request", help="HTTP method.", rich_help_panel=REQ)] = None,
    header: Annotated[list[str] | None, typer.Option("-H", "--header", help="'Name: value'; $ENV expanded.",
                                                     rich_help_panel=REQ)] = None,
    data: Annotated[str | None, typer.Option("-d", "--data", help="Body, or @file.", rich_help_panel=REQ)] = None,
    json_body: Annotated[str | None, typer.Option("--json", help="JSON body, or @file.", rich_help_panel=REQ)] = None,
    agui: Annotated[bool, typer.Option("--agui", help="POST a minimal AG-UI RunAgentInput; AG-UI profile.",
                                       rich_help_panel=REQ)] = False,
    agui_input_file: Annotated[str | None, typer.Option("--agui-input", help="RunAgentInput JSON file.",
                                                        rich_help_panel=REQ)] = None,
    profile: ProfileOpt = None,
    expect: Annotated[Expect, typer.Option("--expect", help="What this request should end in.")] = Expect.any,
    connect_timeout: Annotated[float, typer.Option("--connect-timeout", rich_help_panel=LIM)] = 10.0,
    first_byte_timeout: Annotated[float, typer.Option("--first-byte-timeout", rich_help_panel=LIM)] = 30.0,
    idle_timeout: Annotated[float, typer.Option("--idle-timeout", rich_help_panel=LIM)] = 30.0,
    max_time: Annotated[float, typer.Option("--max-time", rich_help_panel=LIM)] = 300.0,
    record: Annotated[Path | None, typer.Option("--record", help="Write the JSONL transcript here.")] = None,
    repeat_n: Annotated[int, typer.Option("--repeat", min=1, help="Run the request N times (race hunting).")] = 1,
    concurrency: Annotated[int, typer.Option("--concurrency", min=1, help="Runs at a time.")] = 1,
    insecure: Annotated[bool, typer.Option("--insecure", help="Accept any TLS certificate.")] = False,
    http2: Annotated[bool, typer.Option("--http2", help="Use HTTP/2 (needs httpx[http2]).")] = False,
    demo: Annotated[bool, typer.Option("--demo", help="Check a bundled local endpoint that reproduces the "
                                                      "seed bugs.")] = False,
    scenarios: Annotated[Path | None, typer.Option("--scenarios", help="A TOML file of named requests.")] = None,
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
    config: ConfigOpt = None,
    isolated: IsolatedOpt = False,
) -> None:
    """Check a live streaming endpoint: HTTP head, SSE framing, timing, protocol events."""
    options, limit, cfg = build_options(
        config, isolated, profile=profile or ("agui" if agui or agui_input_file else None), select=select,
        extend_select=extend_select, ignore=ignore, fail_on=fail_on, exit_zero=exit_zero,
        settings={"expect": expect.value, "agui_version": agui_version, **client_settings(clients)})
    formats, files = output_plan(format, output, statistics)
    rules = selected_rules(options)

    def show(reports: list[Report]) -> None:
        emit(reports, formats, files, fail_on=limit, rules=rules, verbose=True)

    options.settings.setdefault("first_byte_warn", min(10.0, first_byte_timeout))
    options.settings.setdefault("stall", min(15.0, idle_timeout))
    if demo:
        from ..demo import run_demo

        reports = run_demo(options)
        show(reports)
        raise typer.Exit(1 if any(r.fails(limit) for r in reports) else 0)
    if scenarios is not None:
        reports = run_scenarios(scenarios, options, limit)
        show(reports)
        if any((r.end or "").startswith("error:") for r in reports):
            raise typer.Exit(2)
        raise typer.Exit(1 if any(r.fails(limit) for r in reports) else 0)
    if url is None:
        raise UsageError("check needs a URL (or --demo, or --scenarios FILE)")
    spec = build_spec(url, request, header or [], data, json_body, agui, agui_input_file,
                      (connect_timeout, first_byte_timeout, idle_timeout, max_time), insecure, http2)
    if repeat_n > 1:
        results, summary = repeat(spec, options, repeat_n, concurrency, record, limit)
        reports = [r.report for r in results]
        failing = [r for r in reports if r.fails(limit)]
        shown = failing[:1] or reports[:1]
        for r in shown:
            r.notes.extend(summary)
        show(shown if formats == ["text"] and not files else reports)
        if not results:
            raise typer.Exit(2)
        raise typer.Exit(1 if failing else 0)
    console = Console(stderr=True)
    if console.is_terminal and "text" in formats:
        with console.status("connecting…") as status:
            def progress(p: Progress) -> None:
                for f in p.new:  # findings as they are found, above the status line
                    console.print(Text(f"found: {f.code} [{f.severity.value}] ") + Text(terminal(f.message, 200)))
                status.update(Text(p.line()))

            result = check_once(spec, options, record, progress=progress)
    else:
        result = check_once(spec, options, record)
    show([result.report])
    raise typer.Exit(1 if result.report.fails(limit) else 0)


@cli_errors
def record(
    url: Annotated[str, typer.Argument(help="The endpoint to record.", show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="The JSONL transcript to write.")],
    request: Annotated[str | None, typer.Option("-X", "--request", help="HTTP method.", rich_help_panel=REQ)] = None,
    header: Annotated[list[str] | None, typer.Option("-H", "--header", help="'Name: value'; $ENV expanded.",
                                                     rich_help_panel=REQ)] = None,
    data: Annotated[str | None, typer.Option("-d", "--data", help="Body, or @file.", rich_help_panel=REQ)] = None,
    json_body: Annotated[str | None, typer.Option("--json", help="JSON body, or @file.", rich_help_panel=REQ)] = None,
    agui: Annotated[bool, typer.Option("--agui", help="POST a minimal AG-UI RunAgentInput.",
                                       rich_help_panel=REQ)] = False,
    connect_timeout: Annotated[float, typer.Option("--connect-timeout", rich_help_panel=LIM)] = 10.0,
    first_byte_timeout: Annotated[float, typer.Option("--first-byte-timeout", rich_help_panel=LIM)] = 30.0,
    idle_timeout: Annotated[float, typer.Option("--idle-timeout", rich_help_panel=LIM)] = 30.0,
    max_time: Annotated[float, typer.Option("--max-time", rich_help_panel=LIM)] = 300.0,
    insecure: Annotated[bool, typer.Option("--insecure", help="Accept any TLS certificate.")] = False,
    no_redact: Annotated[bool, typer.Option("--no-redact", help="Keep credentials in the recording.")] = False,
) -> None:
    """Capture a live stream into a JSONL transcript (flushed chunk by chunk); lint it later."""
    spec = build_spec(url, request, header or [], data, json_body, agui, None,
                      (connect_timeout, first_byte_timeout, idle_timeout, max_time), insecure, False)
    result = check_once(spec, Options(select=("S101",)), output, keep_secrets=no_redact)
    err(f"recorded {result.report.bytes} bytes, {result.report.events} events to {output} "
        f"(ended: {result.report.end})")
