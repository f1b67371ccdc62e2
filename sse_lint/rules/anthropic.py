"""C: Anthropic Messages sequence rules (``anthropic`` profile)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..findings import Severity
from ..jsonutil import syntax_error
from ..schemas import load
from .base import Rule
from .llm_schema import _explain

if TYPE_CHECKING:
    from ..sse import Event

HELPER = "anthropic/lib/streaming/_messages.py"


def _index(event: Event) -> int | None:
    i = event.payload.get("index") if isinstance(event.payload, dict) else None
    return i if isinstance(i, int) and not isinstance(i, bool) else None


class AnthropicRule(Rule):
    profiles = ("anthropic",)


class FirstEventNotMessageStart(AnthropicRule):
    code = "C102"
    name = "first-event-not-message-start"
    severity = Severity.ERROR
    summary = "anything but ping before message_start"
    explain = _explain(
        "An event other than `ping` (or an `error`, which L108 reports) arrives before `message_start`.",
        f"The SDK's `MessageStream` has no message to build on: `get_final_message()` fails its assertion (2.x) or "
        f"`accumulate_event` raises \"Unexpected event order\" ({HELPER}).",
        "Send `message_start` first; heartbeats before it must be `event: ping`.")

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.started = False
        self.reported = False

    def on_event(self, event: Event) -> None:
        if self.started or self.reported or event.kind in ("ping", "error"):
            return
        if event.kind == "message_start":
            self.started = True
            return
        self.reported = True
        self.report(f"{event.kind or event.type!r} (event {event.index}) before message_start", event=event)


class BlockLifecycle(AnthropicRule):
    code = "C103"
    name = "block-lifecycle"
    severity = Severity.ERROR
    summary = "a content block index not open, reused or skipped, or open at message_stop"
    kinds = frozenset({"message_start", "content_block_start", "content_block_delta", "content_block_stop",
                       "message_stop"})
    explain = _explain(
        "Content blocks do not follow `content_block_start` → deltas → `content_block_stop` with indexes 0, 1, "
        "2, ...: a delta or stop for an index that is not open, an index reused or skipped, a block still open at "
        "`message_stop`.",
        f"The SDK indexes `content[event.index]` ({HELPER}): a skipped index raises `IndexError`, a reused one writes "
        "into another block; an unclosed block is never finalised (its tool input is never parsed).",
        "Number blocks from 0 in order and close each before the next and before `message_stop`.")

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.next = 0
        self.open: dict[int, Event] = {}

    def on_event(self, event: Event) -> None:
        kind = event.kind
        if kind == "message_start":
            self.next, self.open = 0, {}
            return
        if kind == "message_stop":
            for i, started in self.open.items():
                self.report(f"content block {i} opened at line {started.line} is still open at message_stop "
                            f"(event {event.index})", event=event)
            self.open = {}
            return
        index = _index(event)
        if index is None:
            return
        if kind == "content_block_start":
            if index != self.next:
                what = "reuses" if index < self.next else "skips to"
                self.report(f"content_block_start (event {event.index}) {what} index {index}; expected {self.next}",
                            event=event)
            self.open[index] = event
            self.next = max(self.next, index + 1)
        elif index not in self.open:
            self.report(f"{kind} (event {event.index}) for block {index}, which is not open", event=event)
        elif kind == "content_block_stop":
            del self.open[index]


class DeltaTypeMismatch(AnthropicRule):
    code = "C104"
    name = "delta-type-mismatch"
    severity = Severity.ERROR
    summary = "a delta whose type does not fit its block"
    kinds = frozenset({"content_block_start", "content_block_delta"})
    explain = _explain(
        "A `content_block_delta` whose `delta.type` does not belong to its block: `input_json_delta` on a text "
        "block, `text_delta` on a tool_use block, ...",
        f"The SDK silently ignores a delta that does not fit ({HELPER}): the text or tool input is lost without an "
        "error.",
        "Send `text_delta`/`citations_delta` on text blocks, `input_json_delta` on tool_use blocks, "
        "`thinking_delta`/`signature_delta` on thinking blocks.")

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.compat: dict[str, list[str]] = dict(load("anthropic").meta["deltaCompat"])
        self.blocks: dict[int, str] = {}

    def on_event(self, event: Event) -> None:
        index = _index(event)
        payload: Any = event.payload
        if index is None:
            return
        if event.kind == "content_block_start":
            block = payload.get("content_block")
            if isinstance(block, dict) and isinstance(block.get("type"), str):
                self.blocks[index] = block["type"]
            return
        block_type = self.blocks.get(index)
        delta = payload.get("delta")
        dtype = delta.get("type") if isinstance(delta, dict) else None
        allowed = self.compat.get(block_type or "")
        if allowed is not None and isinstance(dtype, str) and dtype not in allowed:
            self.report(f"{dtype} (event {event.index}) on {block_type} block {index}", event=event)


class MissingStopReason(AnthropicRule):
    code = "C105"
    name = "missing-stop-reason"
    severity = Severity.WARNING
    summary = "message_stop without a prior message_delta carrying stop_reason"
    kinds = frozenset({"message_start", "message_delta", "message_stop"})
    explain = _explain(
        "`message_stop` arrives without a `message_delta` that set `stop_reason` since `message_start`.",
        "`stop_reason` only arrives in `message_delta`; without it `get_final_message().stop_reason` is None, so "
        "clients cannot tell `end_turn` from `max_tokens` or `tool_use` (the TypeScript SDK now throws).",
        "Send `message_delta` with `delta.stop_reason` and cumulative `usage` before `message_stop`.")

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.reason = False

    def on_event(self, event: Event) -> None:
        if event.kind == "message_start":
            self.reason = False
        elif event.kind == "message_delta":
            delta = event.payload.get("delta") if isinstance(event.payload, dict) else None
            self.reason = self.reason or bool(isinstance(delta, dict) and delta.get("stop_reason"))
        elif not self.reason:
            self.report(f"message_stop (event {event.index}) without a stop_reason", event=event)


class ToolInputNotJson(AnthropicRule):
    code = "C106"
    name = "tool-input-not-json"
    severity = Severity.WARNING
    summary = "a tool_use block's concatenated partial_json is not valid JSON at its stop"
    kinds = frozenset({"content_block_start", "content_block_delta", "content_block_stop"})
    explain = _explain(
        "The `partial_json` fragments of a `tool_use` (or `server_tool_use`, `mcp_tool_use`) block, concatenated, "
        "are not a JSON document at `content_block_stop` (checked strictly; an empty input means `{}`).",
        f"The SDK parses the input with jiter in partial mode and raises `ValueError(\"Unable to parse tool "
        f"parameter JSON from model ...\")` on a syntax error ({HELPER}); a truncated object is accepted silently "
        "and the tool runs with missing arguments.",
        "Forward every `input_json_delta` exactly once and in order.")

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.tool_blocks = frozenset(load("anthropic").meta["toolInputBlocks"])
        self.parts: dict[int, list[str]] = {}

    def on_event(self, event: Event) -> None:
        index = _index(event)
        payload: Any = event.payload
        if index is None:
            return
        if event.kind == "content_block_start":
            block = payload.get("content_block")
            if isinstance(block, dict) and block.get("type") in self.tool_blocks:
                self.parts[index] = []
        elif event.kind == "content_block_delta":
            delta = payload.get("delta")
            if index in self.parts and isinstance(delta, dict) and isinstance(delta.get("partial_json"), str):
                self.parts[index].append(delta["partial_json"])
        elif index in self.parts:
            text = "".join(self.parts.pop(index))
            error = syntax_error(text) if text.strip() else None
            if error:
                self.report(f"tool input of block {index} is not JSON at content_block_stop (event "
                            f"{event.index}): {error}; input {text[:60]!r}", event=event)


RULES: tuple[type[Rule], ...] = (FirstEventNotMessageStart, BlockLifecycle, DeltaTypeMismatch, MissingStopReason,
                                 ToolInputNotJson)
