"""H: HTTP response head rules. They run only when the response head is known."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import sse
from ..findings import Severity
from .base import Rule

if TYPE_CHECKING:
    from ..sources.model import End, Response
    from ..sse import Anomaly

SSE_TYPE = "text/event-stream"


def media_type(value: str | None) -> tuple[str, dict[str, str]]:
    """``text/event-stream; charset=utf-8`` -> ("text/event-stream", {"charset": "utf-8"})."""
    if not value:
        return "", {}
    parts = value.split(";")
    params = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        params[k.strip().lower()] = v.strip().strip('"')
    return parts[0].strip().lower(), params


class HeadRule(Rule):
    needs = ("head",)

    def is_stream(self) -> bool:
        resp = self.ctx.response
        return resp is not None and media_type(resp.header("content-type"))[0] == SSE_TYPE


class WrongContentType(HeadRule):
    code = "H101"
    name = "wrong-content-type"
    severity = Severity.ERROR
    summary = "a 2xx response whose Content-Type is not text/event-stream although the body is SSE"
    explain = """\
## What
The response status is 2xx and the body holds SSE events, but `Content-Type` is not `text/event-stream`.

## Why it breaks clients
Browsers' `EventSource` fails the connection for any other type ("fail the connection" step), and fetch-based
clients (`@ag-ui/client`, the Vercel AI SDK) pick their parser by Content-Type: a JSON type makes them
parse the whole body as one JSON document. Proxies may buffer non-streaming types.

## How to fix
Send `Content-Type: text/event-stream` (optionally `; charset=utf-8`) before the first byte of the body.
"""

    def on_end(self, end: End) -> None:
        resp = self.ctx.response
        if resp is None or not 200 <= resp.status < 300 or self.ctx.report.events == 0:
            return
        ctype = resp.header("content-type")
        if media_type(ctype)[0] != SSE_TYPE:
            shown = repr(ctype) if ctype else "missing"
            self.report(f"Content-Type is {shown} but the body carries {self.ctx.report.events} SSE events",
                        hint="send Content-Type: text/event-stream")


class MixedBody(HeadRule):
    code = "H102"
    name = "mixed-body"
    severity = Severity.ERROR
    summary = "the body mixes a non-SSE document (JSON, HTML) with SSE events"
    anomalies = (sse.STRAY_JSON, sse.UNKNOWN_FIELD)
    explain = """\
## What
The body holds a JSON (or HTML) document and SSE events: the document before or between events, or a
non-SSE Content-Type with SSE events after the document.

## Why it breaks clients
The response was committed for one format and written in two, typically an error handler writing
`{"error": ...}` while the streaming path writes events on the same response (seed 004). Whatever the
client picks by Content-Type, half of the body is garbage to it: a JSON client fails on the events, an SSE
client silently drops the error.

## How to fix
Decide the outcome before committing the head: a non-2xx JSON error, or a 200 event stream whose errors
are events. Serialise writers of one response.
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.first: Anomaly | None = None
        self.what = ""

    def on_anomaly(self, anomaly: Anomaly) -> None:
        if self.first is not None:
            return
        if anomaly.kind == sse.STRAY_JSON:
            self.first, self.what = anomaly, "a JSON document"
        elif anomaly.raw[:1] == b"<":
            self.first, self.what = anomaly, "HTML"

    def on_end(self, end: End) -> None:
        if self.first is None or self.ctx.report.events == 0:
            return
        resp = self.ctx.response
        ctype = resp.header("content-type") if resp is not None else None
        where = "before" if self.first.event in (None, 0) else f"after event {self.first.event - 1} and before"
        self.report(f"{self.what} is written {where} SSE events in one body (Content-Type {ctype!r}); "
                    f"{self.ctx.report.events} events follow", anomaly=self.first)


class ErrorStatusStream(HeadRule):
    code = "H103"
    name = "error-status-stream"
    severity = Severity.ERROR
    summary = "a non-2xx status whose body carries SSE events"
    explain = """\
## What
The status is not 2xx, yet the body is an event stream.

## Why it breaks clients
`EventSource` and most SDKs treat a non-2xx status as a failed request and never parse the body, so the
events (often the error detail) are lost; others retry forever.

## How to fix
Either answer the failure with a non-2xx JSON body, or commit a 200 stream and report the error as an event.
"""

    def on_end(self, end: End) -> None:
        resp = self.ctx.response
        if resp is not None and not 200 <= resp.status < 300 and self.ctx.report.events:
            self.report(f"status {resp.status} {resp.reason}".rstrip()
                        + f" with an event stream body ({self.ctx.report.events} events)")


class CacheableStream(HeadRule):
    code = "H104"
    name = "cacheable-stream"
    severity = Severity.WARNING
    summary = "no Cache-Control: no-cache (or no-store) on an event stream"
    explain = """\
## What
An event stream response without `Cache-Control: no-cache` or `no-store`.

## Why it breaks clients
Caches and CDNs may store and replay a stream, or buffer it to compute a cacheable body, so clients see
stale or delayed events. Every SSE guide (and the WHATWG examples) sends `no-cache`.

## How to fix
Send `Cache-Control: no-cache` (add `X-Accel-Buffering: no` behind nginx).
"""

    def on_head(self, response: Response) -> None:
        if not self.is_stream():
            return
        cc = (response.header("cache-control") or "").lower()
        if "no-cache" not in cc and "no-store" not in cc:
            shown = repr(response.header("cache-control")) if cc else "missing"
            self.report(f"Cache-Control is {shown} on an event stream", hint="send Cache-Control: no-cache")


class CompressedStream(HeadRule):
    code = "H105"
    name = "compressed-stream"
    severity = Severity.WARNING
    summary = "Content-Encoding on an event stream"
    explain = """\
## What
The event stream is sent with a `Content-Encoding` (gzip, br, ...).

## Why it breaks clients
Compressors buffer until a block fills, so events arrive late and in bursts; some proxies and clients
wait for the whole body before decompressing.

## How to fix
Exclude `text/event-stream` from compression middleware (e.g. GZipMiddleware minimum size / exclusions).
"""

    def on_head(self, response: Response) -> None:
        enc = response.header("content-encoding")
        if self.is_stream() and enc and enc.strip().lower() != "identity":
            self.report(f"Content-Encoding {enc!r} on an event stream")


class ContentLengthStream(HeadRule):
    code = "H106"
    name = "content-length-stream"
    severity = Severity.WARNING
    summary = "Content-Length on an event stream"
    explain = """\
## What
The event stream response carries `Content-Length`.

## Why it breaks clients
A stream's length is not known in advance; a Content-Length makes clients and proxies wait for that many
bytes (buffering) or cut the stream there, and means the server built the whole body before sending it.

## How to fix
Stream with chunked transfer encoding (HTTP/1.1) or plain DATA frames (HTTP/2), without Content-Length.
"""

    def on_head(self, response: Response) -> None:
        length = response.header("content-length")
        if self.is_stream() and length is not None:
            self.report(f"Content-Length {length} on an event stream")


class NonUtf8Charset(HeadRule):
    code = "H107"
    name = "non-utf8-charset"
    severity = Severity.WARNING
    summary = "a charset parameter other than utf-8"
    explain = """\
## What
`Content-Type` names a charset other than UTF-8.

## Why it breaks clients
Event streams are always decoded as UTF-8 by the spec, whatever the charset says; httpx-sse (and the
OpenAI SDK) decode with the declared charset instead, so the same bytes give different text in
different clients.

## How to fix
Omit the charset or send `charset=utf-8`, and encode as UTF-8.
"""

    def on_head(self, response: Response) -> None:
        mtype, params = media_type(response.header("content-type"))
        charset = params.get("charset")
        if mtype == SSE_TYPE and charset and charset.lower() not in ("utf-8", "utf8"):
            self.report(f"charset {charset!r} on an event stream (streams are always UTF-8)")


RULES: tuple[type[Rule], ...] = (WrongContentType, MixedBody, ErrorStatusStream, CacheableStream,
                                 CompressedStream, ContentLengthStream, NonUtf8Charset)
