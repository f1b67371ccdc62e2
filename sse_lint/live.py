"""One live check: capture, record as bytes arrive, lint in the same pass."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import redact
from .client import RequestSpec, capture, redact_response, redact_url
from .engine import Linter, Options
from .findings import Report
from .sources.jsonl import TranscriptWriter
from .sources.model import End


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
               progress: Callable[[str], None] | None = None) -> LiveResult:
    """Capture ``spec`` and lint it; with ``record``, every chunk is on disk before it is linted."""
    exchange = capture(spec)
    request = spec.request(redacted=not keep_secrets)
    response = exchange.response if keep_secrets else redact_response(exchange.response)
    linter = Linter(redact_url(spec.url), options, request=request, response=exchange.response, timed=True)
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
        events = 0
        nbytes = 0
        try:
            for t, data in exchange.chunks:
                if writer is not None:
                    writer.chunk(t, data)
                if ttfb is None:
                    ttfb = t
                last_t = t
                events += len(linter.feed(data, t))
                nbytes += len(data)
                if progress is not None:
                    progress(f"{t:6.1f} s  {nbytes} bytes  {events} events")
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
