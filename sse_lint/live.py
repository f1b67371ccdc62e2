"""One live check: capture, record as bytes arrive, lint in the same pass."""

from __future__ import annotations

import shlex
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import redact
from .client import RequestSpec, capture, redact_response, redact_url
from .engine import Linter, Options
from .findings import Finding, Report
from .sources.jsonl import TranscriptWriter
from .sources.model import End


@dataclass
class Progress:
    """What a live status line shows; ``new`` holds the findings found since the last call."""

    elapsed: float
    bytes: int
    events: int
    last_type: str | None
    idle: float
    new: list[Finding]

    def line(self) -> str:
        last = f", last {self.last_type}" if self.last_type else ""
        return (f"{self.elapsed:6.1f} s  {self.bytes:,} bytes  {self.events:,} events{last}  "
                f"idle {self.idle:4.1f} s")


class _Meter:
    """Counts for the live status line; calls ``progress`` on every chunk and while waiting."""

    def __init__(self, progress: Callable[[Progress], None] | None) -> None:
        self.progress = progress
        self.started = self.last = time.perf_counter()
        self.bytes = self.events = self.shown = 0
        self.last_type: str | None = None
        self.findings: list[Finding] = []

    def chunk(self, data: bytes, dispatched: list[Any]) -> None:
        self.bytes += len(data)
        self.events += sum(getattr(x, "count", 1) for x in dispatched)  # a Batch stands for ``count`` events
        self.last = time.perf_counter()
        if dispatched:
            self.last_type = dispatched[-1].kind or dispatched[-1].type
        self.tick()

    def tick(self) -> None:
        if self.progress is None:
            return
        now = time.perf_counter()
        new, self.shown = self.findings[self.shown:], len(self.findings)
        self.progress(Progress(now - self.started, self.bytes, self.events, self.last_type, now - self.last, new))


@dataclass
class LiveResult:
    report: Report
    ttfb: float | None  # first body byte, seconds since the request
    duration: float | None
    recorded: Path | None


def curl_command(spec: RequestSpec) -> str:
    """A ``curl -N`` reproduction; credential headers become ``$VARS``, never their values."""
    parts = ["curl", "-N"]
    if spec.method != "GET":
        parts += ["-X", spec.method]
    for k, v in spec.headers:
        if k.lower() in redact.SENSITIVE_HEADERS:
            var = "$" + "".join(c if c.isalnum() else "_" for c in k.upper())
            parts += ["-H", f"{k}: {var}"]
        else:
            parts += ["-H", f"{k}: {redact.redact_text(v)}"]
    if spec.body is not None:
        parts += ["--data-binary", redact.redact_text(spec.body.decode("utf-8", "replace"))]
    parts.append(redact_url(spec.url))
    return " ".join(shlex.quote(p) if not p.startswith("$") else p for p in parts)


def check_once(spec: RequestSpec, options: Options, record: Path | None = None, keep_secrets: bool = False,
               progress: Callable[[Progress], None] | None = None) -> LiveResult:
    """Capture ``spec`` and lint it; with ``record``, every chunk is on disk before it is linted."""
    meter = _Meter(progress)
    exchange = capture(spec, on_wait=meter.tick)
    request = spec.request(redacted=not keep_secrets)
    response = exchange.response if keep_secrets else redact_response(exchange.response)
    linter = Linter(redact_url(spec.url), options, request=request, response=exchange.response, timed=True)
    meter.findings = linter.report.findings
    meter.tick()
    out = writer = None
    ttfb = None
    last_t = exchange.response.t
    try:
        if record is not None:
            record.parent.mkdir(parents=True, exist_ok=True)
            out = record.open("wb")
            writer = TranscriptWriter(out)
            expect = options.settings.get("expect")
            meta = {"expect": expect} if expect in ("success", "error") else {}
            writer.head(request, response, source="sse-lint check", **meta)
        try:
            for t, data in exchange.chunks:
                if writer is not None:
                    writer.chunk(t, data)
                if ttfb is None:
                    ttfb = t
                last_t = t
                meter.chunk(data, linter.feed(data, t))
        except KeyboardInterrupt:
            exchange.chunks.close()  # type: ignore[attr-defined]
            exchange.end = End("aborted", "interrupted (Ctrl-C)", last_t)
        end = exchange.end or End("unknown")
        if writer is not None:
            writer.end(end)
    finally:
        if out is not None:
            out.close()
    report = linter.close(end)
    if report.findings:
        report.notes.append("reproduce with: " + curl_command(spec))
        if record is not None:
            report.notes.append(f"lint the recording again with: sse-lint lint {shlex.quote(str(record))}")
    return LiveResult(report, ttfb, end.t if end.t is not None else last_t, record)
