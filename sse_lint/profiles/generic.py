"""The generic profile: any SSE stream. JSON data is decoded when it looks like JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import OTHER, Profile

if TYPE_CHECKING:
    from ..sse import Event


class Generic(Profile):
    name = "generic"
    expects_json = False

    def decode(self, event: Event) -> None:
        if event.data == "[DONE]":  # the common end sentinel of LLM streams is not a JSON error
            event.payload = None
        else:
            super().decode(event)
        event.role = OTHER
        payload = event.payload
        if isinstance(payload, dict):
            t = payload.get("type")
            event.kind = t if isinstance(t, str) else event.type
        else:
            event.kind = event.type
