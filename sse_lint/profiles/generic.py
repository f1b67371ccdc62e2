"""The generic profile: any SSE stream. JSON data is decoded when it looks like JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import INVALID, OTHER, NotJson, Profile

if TYPE_CHECKING:
    from ..sse import Event


class Generic(Profile):
    name = "generic"
    expects_json = False

    def __init__(self) -> None:
        self.json_events = 0  # events whose data parsed as JSON (non-json-data compares against it)

    def decode(self, event: Event) -> None:
        if event.data == "[DONE]":  # the common end sentinel of LLM streams is not a JSON error
            event.payload = None
        else:
            super().decode(event)
        payload = event.payload
        if payload.__class__ is NotJson:
            event.role = INVALID
        else:
            event.role = OTHER
            if payload is not None:
                self.json_events += 1
        if isinstance(payload, dict):
            t = payload.get("type")
            event.kind = t if isinstance(t, str) else event.type
        else:
            event.kind = event.type
