"""X: secrets and security."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import redact, sse
from ..findings import Location, Severity
from .base import Rule

if TYPE_CHECKING:
    from ..sources.model import End
    from ..sse import Anomaly, Event


class LeakedCredential(Rule):
    code = "X101"
    name = "leaked-credential"
    severity = Severity.ERROR
    summary = "an event payload or stream line contains what looks like a credential"
    anomalies = (sse.STRAY_JSON, sse.UNKNOWN_FIELD)
    limit = 20
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

    def on_event(self, event: Event) -> None:
        for label, s, e in redact.find(event.data):
            self._report(label, event.data[s:e], event.data, Location(event.offset, event.line, 1, event.index),
                         f"event {event.index}")

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
        if self.count > self.limit:
            self.report(f"{self.count - self.limit} more credential findings not shown", location=Location())


RULES: tuple[type[Rule], ...] = (LeakedCredential,)
