"""AG-UI over SSE: one ``data: <json>`` per event, the event type in the JSON's ``type``.

Wire form per the official encoders (``ag_ui.encoder.EventEncoder``: ``data: {json}\\n\\n``;
``@ag-ui/encoder`` the same). The protobuf media type ``application/vnd.ag-ui.event+proto`` is
recognised and reported as not linted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from ..schemas import load
from .base import CONTENT, INVALID, START, UNKNOWN, NotJson, Profile

if TYPE_CHECKING:
    from ..batch import Batch
    from ..sources.model import Response
    from ..sse import Event

PROTO_MEDIA_TYPE = "application/vnd.ag-ui.event+proto"


def agui_types() -> dict[str, dict[str, Any]]:
    return load("agui").meta["types"]


class Agui(Profile):
    name = "agui"
    delta_kinds = {"TEXT_MESSAGE_CONTENT": ("messageId", "delta"), "TEXT_MESSAGE_CHUNK": ("messageId", "delta"),
                   "TOOL_CALL_ARGS": ("toolCallId", "delta"), "TOOL_CALL_CHUNK": ("toolCallId", "delta"),
                   "REASONING_MESSAGE_CONTENT": ("messageId", "delta"),
                   "REASONING_MESSAGE_CHUNK": ("messageId", "delta")}
    delta_closers = {"TEXT_MESSAGE_END": "messageId", "TOOL_CALL_END": "toolCallId",
                     "REASONING_MESSAGE_END": "messageId"}

    def __init__(self) -> None:
        self.schemas = load("agui")
        self.types = self.schemas.meta["types"]
        self.roles = {k: v["role"] for k, v in self.types.items()}
        self.run: str | None = None

    @classmethod
    def detect(cls, response: Response | None, event: Event | None) -> str | None:
        if response is not None:
            ctype = (response.header("content-type") or "").lower()
            if ctype.startswith(PROTO_MEDIA_TYPE):
                return f"agui: Content-Type {PROTO_MEDIA_TYPE}"
        if event is not None and event.data[:1] == "{" and '"type"' in event.data:
            for kind in ("RUN_STARTED", "RUN_ERROR", "TEXT_MESSAGE_START", "STATE_SNAPSHOT", "MESSAGES_SNAPSHOT",
                         "STEP_STARTED", "TOOL_CALL_START", "REASONING_START", "CUSTOM", "RAW"):
                if f'"{kind}"' in event.data:
                    return f"agui: first event {kind}"
        return None

    def batch_kinds(self) -> dict[str, str]:
        """Text, reasoning and tool-argument deltas, where the schema accepts any string id and delta."""
        return {kind: field for kind, (field, text) in self.delta_kinds.items()
                if text == "delta" and self.schemas.accepts_strings(kind, (field, text))}

    def decode_batch(self, batch: Batch) -> None:
        batch.role = self.roles.get(batch.kind, UNKNOWN)
        batch.run = self.run

    @staticmethod
    def is_binary(response: Response | None) -> bool:
        return response is not None and (response.header("content-type") or "").lower().startswith(PROTO_MEDIA_TYPE)

    def decode(self, event: Event) -> None:
        try:  # the common case inline (hot); anything unusual goes through the base class
            payload = event.payload = orjson.loads(event.data) if not event.truncated else None
        except orjson.JSONDecodeError:
            payload = None
        if payload is None:
            super().decode(event)
            payload = event.payload
        kind = payload.get("type") if isinstance(payload, dict) else None
        if not isinstance(kind, str):
            kind = None
        event.kind = kind
        if kind is None:
            role = INVALID if payload.__class__ is NotJson else UNKNOWN
        else:
            role = self.roles.get(kind, UNKNOWN)
        if role == START:
            run_id = payload.get("runId")  # type: ignore[union-attr]
            self.run = run_id if isinstance(run_id, str) else f"run@event{event.index}"
        event.role = role
        event.run = self.run


__all__ = ["CONTENT", "PROTO_MEDIA_TYPE", "Agui", "agui_types"]
