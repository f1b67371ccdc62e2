"""OpenAI Chat Completions streams: ``data: {chat.completion.chunk}`` lines, ``data: [DONE]`` last.

Roles only (this profile's schemas and O-rules are not written yet): a top-level ``error`` object is the
error the official SDK raises on (``openai/_streaming.py``: ``if sse.data.startswith("[DONE]")`` ends the
stream; a mapping with ``error`` raises ``APIError``); a ``finish_reason`` of stop/length/tool_calls/
function_call is a success terminal; ``[DONE]`` closes the stream.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import CONTENT, DONE, ERROR, INVALID, META, OTHER, SUCCESS, NotJson, Profile

if TYPE_CHECKING:
    from ..sources.model import Response
    from ..sse import Event

SUCCESS_REASONS = frozenset({"stop", "length", "tool_calls", "function_call"})


class OpenAIChat(Profile):
    name = "openai-chat"

    @classmethod
    def detect(cls, response: Response | None, event: Event | None) -> str | None:
        if event is not None and '"chat.completion.chunk"' in event.data:
            return "openai-chat: object chat.completion.chunk"
        return None

    def decode(self, event: Event) -> None:
        if event.data == "[DONE]":
            event.payload, event.kind, event.role, event.run = None, "[DONE]", DONE, "completion"
            return
        super().decode(event)
        payload = event.payload
        event.run = "completion"
        if payload.__class__ is NotJson:
            event.kind, event.role = None, INVALID
            return
        if not isinstance(payload, dict):
            event.kind, event.role = None, OTHER
            return
        if "error" in payload or payload.get("object") == "error":
            event.kind, event.role = "error", ERROR
            return
        event.kind = "chunk"
        choices = payload.get("choices")
        if choices == [] and payload.get("usage") is not None:
            event.kind, event.role = "usage", META  # stream_options.include_usage: the last chunk before [DONE]
            return
        role = OTHER
        for choice in payload.get("choices") or ():
            if not isinstance(choice, dict):
                continue
            reason = choice.get("finish_reason")
            if reason in SUCCESS_REASONS or reason == "error":
                role = SUCCESS if reason in SUCCESS_REASONS else ERROR
                event.kind = f"finish_reason {reason!r}"
                break
            delta = choice.get("delta") or {}
            if isinstance(delta, dict) and (delta.get("content") or delta.get("tool_calls")
                                            or delta.get("reasoning_content")):
                role = CONTENT
        event.role = role
