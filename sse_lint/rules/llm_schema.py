"""O101, R101, C101, V101: events of the LLM wire formats against their JSON Schemas (``schemas/<profile>/``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ..findings import Severity
from ..schemas import load
from .base import Rule

if TYPE_CHECKING:
    from ..sse import Event


class ProtocolSchemaRule(Rule):
    """Validates each event whose kind has a schema in the profile's folder; per-type dispatch."""

    severity = Severity.ERROR
    name = "schema-violation"
    protocol: ClassVar[str]
    limit: ClassVar[int] = 50

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.schemas = load(self.protocol)
        self.count = 0
        self.schema_kind = getattr(ctx.profile, "schema_kind", lambda k: k)

    def on_event(self, event: Event) -> None:
        kind = event.kind
        if kind is None or not isinstance(event.payload, dict):
            return
        target = self.schema_kind(kind)
        if target not in self.schemas.schemas or self.schemas.is_valid(target, event.payload):
            return
        self.count += 1
        if self.count <= self.limit:
            why = self.schemas.explain(target, event.payload)
            self.report(f"{kind} (event {event.index}) fails its schema: {why}", event=event)


def _explain(what: str, client: str, fix: str) -> str:
    return f"""\
## What
{what}

## Why it breaks clients
{client}

## How to fix
{fix}
"""


class OpenAIChatSchema(ProtocolSchemaRule):
    code = "O101"
    protocol = "openai-chat"
    profiles = ("openai-chat",)
    kinds = frozenset({"chunk", "error"})
    summary = "a chat.completion.chunk (or error object) fails its schema"
    explain = _explain(
        "A chunk does not match `schemas/openai-chat/chunk.schema.json` (the official SDK's `ChatCompletionChunk`, "
        "plus Azure's filter chunks): e.g. `finish_reason: \"\"`, a tool call delta without `index`, a missing `id`.",
        "The Python SDK constructs chunks without validation, so the damage shows later: the stream helper indexes "
        "`tool_calls[index]` (`TypeError` on a missing index), typed clients reject unknown `finish_reason` values "
        "(openai-dotnet: \"Unknown ChatFinishReason value\"), the AI SDK fails with `AI_TypeValidationError`.",
        "Emit chunks exactly as the OpenAI API does: `finish_reason` null until the last chunk, every tool call "
        "delta with its `index`.")


class OpenAIResponsesSchema(ProtocolSchemaRule):
    code = "R101"
    protocol = "openai-responses"
    profiles = ("openai-responses",)
    summary = "a Responses API stream event fails its schema"
    explain = _explain(
        "An event does not match its schema in `schemas/openai-responses/` (one per member of the SDK's "
        "`ResponseStreamEvent` union): a missing `sequence_number`, `output_index`, `item_id`, `delta`, or a "
        "`response` object without `output`.",
        "Typed clients (the SDKs' stream helpers, Codex, serde-tagged Rust clients) fail to deserialize the event or "
        "silently build a wrong response (a missing `output` goes unnoticed until it is read).",
        "Send every field the API reference marks required; keep `type` equal to the event name.")


class AnthropicSchema(ProtocolSchemaRule):
    code = "C101"
    protocol = "anthropic"
    profiles = ("anthropic",)
    summary = "an Anthropic Messages stream event fails its schema"
    explain = _explain(
        "An event does not match its schema in `schemas/anthropic/` (the SDK's `RawMessageStreamEvent` types "
        "plus `ping` and `error`): e.g. a `message_delta` without `usage`, a block without `index`.",
        "The official stream helper reads fields unconditionally: `message_delta` without `usage` raises "
        "`AttributeError: 'NoneType' object has no attribute 'output_tokens'` (`lib/streaming/_messages.py`).",
        "Emit the events exactly as the Messages API does; `message_delta` always carries cumulative `usage`.")


class VercelAISchema(ProtocolSchemaRule):
    code = "V101"
    protocol = "vercel-ai"
    profiles = ("vercel-ai",)
    summary = "a UI message stream part fails its schema"
    explain = _explain(
        "A part does not match its schema in `schemas/vercel-ai/` (the `ai` package's `uiMessageChunkSchema`): an "
        "unknown `type`, an `error` part without `errorText`, a `finishReason` outside the SDK's enum.",
        "`useChat` validates every part with zod; a failure raises `TypeValidationError` and ends the stream, so the "
        "user sees a broken message.",
        "Produce the stream with `toUIMessageStreamResponse()` / `createUIMessageStream` or match their part shapes "
        "exactly (`errorText`, `finishReason: \"tool-calls\"`).")


RULES: tuple[type[Rule], ...] = (OpenAIChatSchema, OpenAIResponsesSchema, AnthropicSchema, VercelAISchema)
