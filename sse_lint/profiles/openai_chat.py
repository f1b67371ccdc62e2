"""OpenAI Chat Completions streams: ``data: {chat.completion.chunk}`` lines, ``data: [DONE]`` last.

Classification follows the official SDK (``openai/_streaming.py``): data starting with ``[DONE]`` ends the
stream; a mapping with a truthy ``error`` raises ``APIError`` (with the message when ``error.message`` is a
string); every other payload is constructed as a chunk without validation. Error shapes the SDK does not
raise on are kind ``nonstandard-error`` (O108); named events and payloads that are neither chunk nor error
are kind ``foreign`` (O109).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import CONTENT, DONE, ERROR, INVALID, META, OTHER, SUCCESS, UNKNOWN, NotJson, Profile

if TYPE_CHECKING:
    from ..sources.model import Response
    from ..sse import Event

SUCCESS_REASONS = frozenset({"stop", "length", "tool_calls", "function_call"})
CONTENT_KEYS = ("content", "refusal", "tool_calls", "function_call", "audio", "reasoning_content", "reasoning")


def is_sdk_error(payload: dict[str, Any]) -> bool:
    err = payload.get("error")
    return isinstance(err, dict) and bool(err)


def is_nonstandard_error(payload: dict[str, Any]) -> bool:
    if "choices" in payload:
        return False
    return (isinstance(payload.get("error"), str) or payload.get("object") == "error"
            or ("error_type" in payload and "error_message" in payload)
            or ("code" in payload and ("details" in payload or "message" in payload)))


def is_annotation(payload: dict[str, Any]) -> bool:
    """Azure's prompt-filter / content-filter annotation chunks (``id: ""``, ``prompt_filter_results``)."""
    return payload.get("id") == "" or "prompt_filter_results" in payload or "prompt_annotations" in payload


class OpenAIChat(Profile):
    name = "openai-chat"

    @classmethod
    def detect(cls, response: Response | None, event: Event | None) -> str | None:
        if event is None or event.named:
            return None
        data = event.data
        if '"chat.completion.chunk"' in data:
            return "openai-chat: object chat.completion.chunk"
        if '"prompt_filter_results"' in data:
            return "openai-chat: Azure prompt_filter_results"
        if data.startswith("{") and '"error"' in data[:16]:
            from ..jsonutil import JSONError, loads

            try:
                payload = loads(data)
            except JSONError:
                return None
            if isinstance(payload, dict) and is_sdk_error(payload) and isinstance(payload["error"].get("message"), str):
                return "openai-chat: an OpenAI error object"
        return None

    def describe(self, event: Event) -> str:
        reason = self._finish(event.payload) if event.kind == "chunk" else None
        return f"finish_reason {reason!r}" if reason else super().describe(event)

    @staticmethod
    def _finish(payload: Any) -> str | None:
        for choice in payload.get("choices") or ():
            if isinstance(choice, dict) and choice.get("finish_reason"):
                return choice["finish_reason"]  # type: ignore[no-any-return]
        return None

    def decode(self, event: Event) -> None:
        event.run = "completion"
        if event.data.startswith("[DONE]"):
            event.payload, event.kind, event.role = None, "[DONE]", DONE
            return
        super().decode(event)
        payload = event.payload
        if payload.__class__ is NotJson:
            event.kind, event.role = None, INVALID
            return
        if not isinstance(payload, dict):
            event.kind, event.role = None, UNKNOWN
            return
        if is_sdk_error(payload):
            event.kind, event.role = "error", ERROR
        elif is_nonstandard_error(payload):
            event.kind, event.role = "nonstandard-error", ERROR
        elif event.named or not ("choices" in payload or payload.get("object") == "chat.completion.chunk"):
            event.kind, event.role = "foreign", OTHER
        else:
            event.kind = "chunk"
            event.role = self._chunk_role(payload)

    @staticmethod
    def _chunk_role(payload: dict[str, Any]) -> str:
        choices = payload.get("choices")
        if choices == [] and (payload.get("usage") is not None or is_annotation(payload)):
            return META  # the usage chunk before [DONE], or an Azure annotation
        role = META if is_annotation(payload) else OTHER
        for choice in choices or ():
            if not isinstance(choice, dict):
                continue
            reason = choice.get("finish_reason")
            if reason in SUCCESS_REASONS:
                return SUCCESS
            if reason == "error":
                return ERROR
            if reason == "content_filter":
                return DONE  # the choice ends, but not as a success
            delta = choice.get("delta")
            if isinstance(delta, dict) and any(delta.get(k) for k in CONTENT_KEYS):
                role = CONTENT
        return role
