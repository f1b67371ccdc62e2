"""S112: the SSE ``event:`` name must agree with the payload's ``type`` where a protocol names its events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..findings import Severity
from .base import Rule

if TYPE_CHECKING:
    from ..sse import Event


class EventNameMismatch(Rule):
    code = "S112"
    name = "event-name-mismatch"
    severity = Severity.ERROR
    summary = "the SSE event: field disagrees with the payload's type"
    profiles = ("openai-responses", "anthropic")
    explain = """\
## What
In a protocol that names every event (OpenAI Responses, Anthropic Messages), the `event:` field and the JSON
`type` differ, one of them is missing, or an event has no `event:` line at all.

## Why it breaks clients
Clients dispatch on one or the other: the Anthropic SDK gates on the name (`anthropic/_streaming.py`: events
without a name are dropped, `event: ping` is skipped whatever its data), the OpenAI SDK and Codex on the payload.
Seed 004's swallowed `event: message_start` shows up here: the message start is dispatched as a plain
`message` and the Anthropic SDK never sees it.

## How to fix
Write `event: <type>` followed by `data: {"type": "<type>", ...}` for every event, from one serializer.
"""

    def on_event(self, event: Event) -> None:
        payload = event.payload
        t = payload.get("type") if isinstance(payload, dict) else None
        if payload is None and not event.named:
            return  # a sentinel such as [DONE]
        if not event.named:
            if isinstance(t, str):
                self.report(f"event {event.index} has no event: name; its payload says {t!r}", event=event)
            return
        if t != event.type:
            said = repr(t) if isinstance(t, str) else "no type"
            self.report(f"event {event.index} is named {event.type!r} but its payload has {said}", event=event)


RULES: tuple[type[Rule], ...] = (EventNameMismatch,)
