"""OpenAI Responses, Anthropic Messages and Vercel AI UI message stream profiles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import DONE, ERROR, START
from .typed import TypedProfile

if TYPE_CHECKING:
    from ..sources.model import Response
    from ..sse import Event

ANTHROPIC_EVENTS = ("message_start", "content_block_start", "content_block_delta", "content_block_stop",
                    "message_delta", "message_stop", "ping", "error")


def _type_of(event: Event) -> str | None:
    """The ``"type"`` of a JSON object in ``data``, cheaply (detection only)."""
    from ..jsonutil import JSONError, loads

    if not event.data.startswith("{"):
        return None
    try:
        payload = loads(event.data)
    except JSONError:
        return None
    t = payload.get("type") if isinstance(payload, dict) else None
    return t if isinstance(t, str) else None


class OpenAIResponses(TypedProfile):
    name = "openai-responses"
    named_events = True
    sentinels = {"[DONE]": DONE}

    @classmethod
    def detect(cls, response: Response | None, event: Event | None) -> str | None:
        if event is None:
            return None
        t = _type_of(event)
        if event.named and event.type.startswith("response.") and t in (event.type, None):
            return f"openai-responses: event {event.type}"
        if t is not None and t.startswith("response.") and '"sequence_number"' in event.data:
            return f"openai-responses: data type {t}"
        return None

    def __init__(self) -> None:
        super().__init__()
        self.errored = False

    def adjust(self, event: Event) -> None:
        kind = event.kind
        if kind == "response.created":
            self.run = self._response_id(event) or f"response@event{event.index}"
            event.run = self.run
            self.errored = False
        elif kind == "error":
            self.errored = True
        elif kind == "response.failed" and self.errored:
            event.role = DONE  # confirms the `error` event before it: one failure, not two
        elif kind == "response.incomplete":
            event.role = DONE  # a truncated answer (max tokens, filter): a terminal, neither success nor error

    @staticmethod
    def _response_id(event: Event) -> str | None:
        resp = event.payload.get("response") if isinstance(event.payload, dict) else None
        rid = resp.get("id") if isinstance(resp, dict) else None
        return rid if isinstance(rid, str) else None


class Anthropic(TypedProfile):
    name = "anthropic"
    named_events = True

    @classmethod
    def detect(cls, response: Response | None, event: Event | None) -> str | None:
        if event is None:
            return None
        t = _type_of(event)
        if event.named and event.type in ANTHROPIC_EVENTS and t in (event.type, None):
            if event.type == "error" and "_error" not in event.data:
                return None
            return f"anthropic: event {event.type}"
        if not event.named and t in ("message_start", "content_block_start") and '"message' in event.data:
            return f"anthropic: data type {t} (without its event name)"
        return None

    def adjust(self, event: Event) -> None:
        if event.role == START:
            msg = event.payload.get("message") if isinstance(event.payload, dict) else None
            mid = msg.get("id") if isinstance(msg, dict) else None
            self.run = mid if isinstance(mid, str) else f"message@event{event.index}"
            event.run = self.run


class VercelAI(TypedProfile):
    name = "vercel-ai"
    sentinels = {"[DONE]": DONE}

    @classmethod
    def detect(cls, response: Response | None, event: Event | None) -> str | None:
        if response is not None and (response.header("x-vercel-ai-ui-message-stream") or "").strip() == "v1":
            return "vercel-ai: header x-vercel-ai-ui-message-stream: v1"
        if event is not None and not event.named and _type_of(event) in ("start", "start-step", "text-start"):
            return f"vercel-ai: first part {_type_of(event)}"
        return None

    def __init__(self) -> None:
        super().__init__()
        self.errored = False

    def adjust(self, event: Event) -> None:
        kind = event.kind
        if kind == "start":
            self.run = f"message@event{event.index}"
            event.run = self.run
            self.errored = False
        elif kind == "error":
            self.errored = True
        elif kind == "finish" and isinstance(event.payload, dict) and event.payload.get("finishReason") == "error":
            # the SDK's own failure shape is error, finish-step, finish{finishReason:"error"}: the finish confirms
            # the error part (one failure); without an error part before it, it is the error
            event.role = DONE if self.errored else ERROR
        elif kind == "abort":
            event.role = DONE


__all__ = ["Anthropic", "OpenAIResponses", "VercelAI"]
