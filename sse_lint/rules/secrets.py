"""X: secrets and security."""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from .. import redact, sse
from ..bytescan import chunk_scan
from ..findings import Location, Severity
from .base import Rule

if TYPE_CHECKING:
    from ..batch import Batch
    from ..sources.model import End
    from ..sse import Anomaly, Event


class LeakedCredential(Rule):
    code = "X101"
    name = "leaked-credential"
    severity = Severity.ERROR
    summary = "an event payload or stream line contains what looks like a credential"
    anomalies = (sse.STRAY_JSON, sse.UNKNOWN_FIELD)
    limit = 20
    markers = frozenset(redact.MARKERS)
    explain = """\
## What
An event (any string, at any depth) or a stray line contains something shaped like a credential: an
`Authorization`/`Bearer` value, `x-api-key`, an OpenAI/Anthropic/Google/AWS/GitHub/Slack/Stripe key, a
JWT, a private key block, a cookie. The finding shows where and a redacted form, never the secret.

## Why it breaks clients
Streams end up in browser consoles, logs, analytics and bug reports. Error paths are the usual culprit:
forwarding the raw SDK error or request (seed 001's constraint) copies the upstream `Authorization` header
into `rawEvent`.

## How to fix
Build error payloads from an allow-list of fields; strip headers and request objects from provider errors
before putting them into `rawEvent` or `message`. Rotate any key that was streamed.
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.count = 0
        self.texts: dict[str, list] = {}  # type: ignore[type-arg]  # streamed text per id: first event, parts, size
        # Byte ranges of chunks that hold a credential marker (found in one pass per chunk, shared with I101):
        # an event whose bytes lie outside all of them cannot contain a credential, so it is not scanned.
        self.scan = chunk_scan(ctx.shared)
        self.scan.want(redact.MARKERS)
        self.seen = 0  # bytes so far
        self.tail = b""  # the last bytes of the previous chunk (a marker across the boundary)
        self.marked: deque[tuple[int, int]] = deque()
        self.deltas: dict[str, tuple[str, str]] | None = None  # the profile's delta kinds and their closers
        self.closers: dict[str, str] = {}

    def on_chunk(self, t: float | None, data: bytes) -> None:
        start = self.seen
        self.seen += len(data)
        edge = self.tail + data[:redact.MARKER_LENGTH - 1]
        if self.scan.found(data) & self.markers or any(m in edge for m in redact.MARKERS):
            self.marked.append((start - len(self.tail), self.seen))
        self.tail = data[-(redact.MARKER_LENGTH - 1):]

    def _marked(self, event: Event) -> bool:
        """Whether the event's bytes overlap a chunk with a marker (no chunks seen: assume so)."""
        marked = self.marked
        while marked and marked[0][1] <= event.offset:  # events come in stream order: passed ranges go
            marked.popleft()
        return (bool(marked) and marked[0][0] <= event.end) or self.seen == 0

    def on_event(self, event: Event) -> None:
        kind = event.kind
        if kind is not None:
            if self.deltas is None:  # events come only once the profile is set: take its tables once
                profile = self.ctx.profile
                self.deltas = profile.delta_kinds if profile is not None else {}
                self.closers = profile.delta_closers if profile is not None else {}
            delta = self.deltas.get(kind)
            if delta is not None:
                self._collect(event, *delta)
                if self.marked:
                    self._marked(event)  # forget the ranges it passed
                return
            closer = self.closers.get(kind)
            if closer is not None:
                key = event.payload.get(closer)  # type: ignore[union-attr]
                if key.__class__ is str and key in self.texts:
                    self._scan_text(key, event)
        data = event.data
        if (self.marked or not self.seen) and self._marked(event) and redact.has_marker(data.encode()):
            for label, s, e in redact.find(data):
                self._report(label, data[s:e], data, Location(event.offset, event.line, 1, event.index),
                             f"event {event.index}")

    def on_batch(self, batch: Batch) -> bool:
        marked = self.marked
        while marked and marked[0][1] <= batch.offset:
            marked.popleft()
        # the batch's events are deltas of one id: collected as one text, unless the size cap would cut it
        entry = self.texts.get(batch.key)
        size = len(batch.text) + (entry[2] if entry is not None else 0)
        if size >= self.TEXT_LIMIT:
            return False
        if entry is None:
            self.texts[batch.key] = [batch, [batch.text], size]  # the batch names its first event's place
        else:
            entry[1].append(batch.text)
            entry[2] = size
        return True

    def _collect(self, event: Event, id_field: str, text_field: str) -> None:
        payload = event.payload
        key = payload.get(id_field)  # type: ignore[union-attr]
        text = payload.get(text_field)  # type: ignore[union-attr]
        if key.__class__ is not str or text.__class__ is not str:
            return
        entry = self.texts.get(key)
        if entry is None:
            self.texts[key] = [event, [text], len(text)]
        elif entry[2] < self.TEXT_LIMIT:
            entry[1].append(text)
            entry[2] += len(text)

    TEXT_LIMIT = 1 << 16

    def _scan_text(self, key: str, closer: Event | None) -> None:
        first, parts, _ = self.texts.pop(key)
        text = "".join(parts)
        if not redact.has_marker(text.encode()):
            return
        where = closer or first
        for label, s, e in redact.find(text):
            self._report(label, text[s:e], text[max(0, s - 40):e + 40],
                         Location(where.offset, where.line, 1, where.index),
                         f"the text streamed for {key!r} (from line {first.line}, event {first.index})")

    def on_anomaly(self, anomaly: Anomaly) -> None:
        text = anomaly.raw.decode("utf-8", "replace")
        for label, s, e in redact.find(text):
            self._report(label, text[s:e], text, Location(anomaly.offset, anomaly.line, s + 1, anomaly.event),
                         f"line {anomaly.line}")

    def _report(self, label: str, secret: str, context: str, loc: Location, where: str) -> None:
        self.count += 1
        if self.count > self.limit:
            return
        self.report(f"{where} contains what looks like a {label} ({redact.shown(secret)})", location=loc,
                    excerpt=redact.redact_text(context)[:160],
                    hint="never forward raw provider errors or request headers into the stream")

    def on_end(self, end: End) -> None:
        for key in list(self.texts):  # text still open at the end of the stream
            self._scan_text(key, None)
        if self.count > self.limit:
            self.report(f"{self.count - self.limit} more credential findings not shown", location=Location())


RULES: tuple[type[Rule], ...] = (LeakedCredential,)
