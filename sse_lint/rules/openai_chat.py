"""O: OpenAI Chat Completions sequence rules (``openai-chat`` profile)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..findings import Location, Severity
from ..jsonutil import syntax_error
from ..profiles.openai_chat import CONTENT_KEYS, is_annotation
from .base import Rule
from .llm_schema import _explain

if TYPE_CHECKING:
    from ..sources.model import End
    from ..sse import Event

SDK = "openai/_streaming.py"


def _choices(event: Event) -> list[dict[str, Any]]:
    choices = event.payload.get("choices") if isinstance(event.payload, dict) else None
    return [c for c in choices or () if isinstance(c, dict)]


class ChatRule(Rule):
    profiles = ("openai-chat",)


class MissingDone(ChatRule):
    code = "O102"
    name = "missing-done"
    severity = Severity.WARNING
    summary = "the stream closed without data: [DONE]"
    explain = _explain(
        "The server closed a chat completions stream without the final `data: [DONE]` line.",
        f"The official SDK stops at `[DONE]` ({SDK}: `if sse.data.startswith(\"[DONE]\"): break`) and does not "
        "notice its absence, but many clients and proxies (LangChain, open-webui, gateways) wait for it, treat the "
        "close as a dropped connection and retry, or hang until a timeout.",
        "Always end the stream with `data: [DONE]` followed by a blank line, after the finish (and usage) chunk.")

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.done = False
        self.chunks = 0

    def on_event(self, event: Event) -> None:
        if event.kind == "[DONE]":
            self.done = True
        else:
            self.chunks += 1

    def on_end(self, end: End) -> None:
        if not self.done and self.chunks and end.reason == "eof":
            self.report(f"the stream closed after {self.chunks} events without data: [DONE]",
                        location=Location(self.ctx.report.bytes, None, None, self.ctx.report.events))


class _ChoiceState(ChatRule):
    kinds = frozenset({"chunk"})

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.finished: dict[int, Event] = {}


class DuplicateFinish(_ChoiceState):
    code = "O103"
    name = "duplicate-finish"
    severity = Severity.ERROR
    summary = "a second finish_reason for the same choice index"
    explain = _explain(
        "A choice gets a non-null `finish_reason` twice (`\"\"` is treated as null, as Ollama sends it).",
        "Clients take the first or the last one: one shows a tool call, the other a finished answer; the SDK's "
        "stream helper keeps the last and silently changes the outcome.",
        "Send exactly one `finish_reason` per choice, on its last chunk.")

    def on_event(self, event: Event) -> None:
        for choice in _choices(event):
            reason = choice.get("finish_reason")
            if not reason:
                continue
            index = choice.get("index", 0)
            first = self.finished.get(index)
            if first is not None:
                self.report(f"choice {index} finishes again with {reason!r} (event {event.index}); it finished at line "
                            f"{first.line} (event {first.index})", event=event)
            else:
                self.finished[index] = event


class DeltaAfterFinish(_ChoiceState):
    code = "O104"
    name = "delta-after-finish"
    severity = Severity.ERROR
    summary = "a delta with content or tool calls for a choice after its finish_reason"
    explain = _explain(
        "A chunk carries content, a refusal or tool calls for a choice that already has its `finish_reason`.",
        "Clients stop assembling a choice at its finish: the late text is dropped by some, appended by others, and "
        "a tool call after `finish_reason: \"stop\"` is never executed.",
        "Flush all content before the finishing chunk; put `finish_reason` on the last chunk of the choice.")

    def on_event(self, event: Event) -> None:
        if is_annotation(event.payload):  # type: ignore[arg-type]
            return
        for choice in _choices(event):
            index = choice.get("index", 0)
            delta = choice.get("delta")
            first = self.finished.get(index)
            if first is not None and isinstance(delta, dict) and any(delta.get(k) for k in CONTENT_KEYS):
                self.report(f"choice {index} gets content at event {event.index} after it finished at line "
                            f"{first.line} (event {first.index})", event=event)
            if choice.get("finish_reason") and index not in self.finished:
                self.finished[index] = event


class ChunkIdentityChanged(ChatRule):
    code = "O105"
    name = "chunk-identity-changed"
    severity = Severity.WARNING
    summary = "id, model or created change between chunks of one completion"
    kinds = frozenset({"chunk"})
    explain = _explain(
        "`id`, `model`, `created` or `system_fingerprint` differ between chunks of one stream (Azure's annotation "
        "chunks with an empty `id` are exempt).",
        "The API documents them as constant (\"each chunk has the same ID\"); clients key the message by `id`, so a "
        "change splits one answer into two, and usage accounting per model goes wrong. Usually a gateway fell back "
        "to another model mid-stream.",
        "Keep the identity of the first chunk for the whole stream, even across provider fallbacks.")

    FIELDS = ("id", "model", "created", "system_fingerprint")

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.first: dict[str, Any] | None = None
        self.first_event: Event | None = None
        self.reported: set[str] = set()

    def on_event(self, event: Event) -> None:
        payload = event.payload
        if is_annotation(payload):  # type: ignore[arg-type]
            return
        if self.first is None:
            self.first = {k: payload.get(k) for k in self.FIELDS}  # type: ignore[union-attr]
            self.first_event = event
            return
        for k in self.FIELDS:
            value = payload.get(k)  # type: ignore[union-attr]
            if value is not None and self.first[k] is not None and value != self.first[k] and k not in self.reported:
                self.reported.add(k)
                self.report(f"{k} changes from {self.first[k]!r} to {value!r} at event {event.index}", event=event)


class ToolArgsNotJson(ChatRule):
    code = "O106"
    name = "tool-args-not-json"
    severity = Severity.WARNING
    summary = "a tool call's concatenated function.arguments is not valid JSON when its choice finishes"
    kinds = frozenset({"chunk"})
    explain = _explain(
        "The `function.arguments` fragments of a tool call, concatenated by `index`, are not a JSON document when "
        "the choice finishes.",
        "Agents `json.loads` the arguments to call the tool: the call fails or the model is re-prompted. The SDK "
        "parses them only for `strict` tools, so non-strict callers find out later.",
        "Forward every argument fragment exactly once, in order, with its tool call `index`.")

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.args: dict[tuple[int, int], list[str]] = {}
        self.names: dict[tuple[int, int], str] = {}

    def on_event(self, event: Event) -> None:
        for choice in _choices(event):
            cindex = choice.get("index", 0)
            delta = choice.get("delta")
            calls = delta.get("tool_calls") if isinstance(delta, dict) else None
            for call in calls or ():
                if not isinstance(call, dict):
                    continue
                key = (cindex, call.get("index", 0) if isinstance(call.get("index"), int) else 0)
                fn = call.get("function") if isinstance(call.get("function"), dict) else {}
                if isinstance(fn.get("arguments"), str):
                    self.args.setdefault(key, []).append(fn["arguments"])
                if isinstance(fn.get("name"), str):
                    self.names[key] = fn["name"]
            if choice.get("finish_reason"):
                self._check(cindex, event)

    def _check(self, cindex: int, event: Event) -> None:
        for key in [k for k in self.args if k[0] == cindex]:
            text = "".join(self.args.pop(key))
            error = syntax_error(text) if text.strip() else None
            if error:
                self.report(f"tool call {key[1]} ({self.names.get(key, '?')}) arguments are not JSON when choice "
                            f"{cindex} finishes (event {event.index}): {error}; arguments {text[:60]!r}", event=event)


class UsageChunkMisplaced(ChatRule):
    code = "O107"
    name = "usage-chunk-misplaced"
    severity = Severity.WARNING
    summary = "a usage-only chunk that is not the last chunk before [DONE]"
    explain = _explain(
        "A chunk with empty `choices` and a `usage` object (`stream_options.include_usage`) is followed by more "
        "chunks; it must be the last chunk before `[DONE]`.",
        "Clients read usage from the last chunk and stop accounting there; content after it is billed wrongly or "
        "dropped by clients that end the stream at the usage chunk.",
        "Send the usage chunk after the finish chunk, immediately before `data: [DONE]`.")

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.usage: Event | None = None
        self.reported = False

    def on_event(self, event: Event) -> None:
        if event.kind == "[DONE]":
            return
        payload = event.payload
        if self.usage is not None and not self.reported and not (
                isinstance(payload, dict) and is_annotation(payload)):
            self.reported = True
            self.report(f"the usage chunk at line {self.usage.line} (event {self.usage.index}) is followed by "
                        f"event {event.index}", event=self.usage)
        if isinstance(payload, dict) and payload.get("choices") == [] and payload.get("usage") is not None:
            self.usage = event


class NonstandardErrorShape(ChatRule):
    code = "O108"
    name = "nonstandard-error-shape"
    severity = Severity.WARNING
    summary = "an error in a shape the official SDK does not raise on"
    kinds = frozenset({"nonstandard-error"})
    explain = _explain(
        "An error is sent as something other than `{\"error\": {\"message\": ...}}`: vLLM's flat "
        "`{\"object\": \"error\", \"message\": ...}`, `{\"code\": ..., \"details\": ...}`, `{\"error_type\": ..., "
        "\"error_message\": ...}`, DashScope's `{\"code\", \"message\"}`, or `{\"error\": \"text\"}`.",
        f"The SDK raises only on a mapping with a truthy `error` ({SDK}); other shapes become a chunk with "
        "`choices=None` and the consumer crashes with `TypeError: 'NoneType' object is not iterable`; a string "
        "error raises the generic \"An error occurred during streaming\" and the text is lost.",
        "Send `data: {\"error\": {\"message\": \"...\", \"type\": \"...\", \"code\": \"...\"}}` (and preferably "
        "a non-2xx status before streaming starts).")

    def on_event(self, event: Event) -> None:
        payload = event.payload
        keys = ", ".join(sorted(payload)[:6]) if isinstance(payload, dict) else "?"
        self.report(f"error event {event.index} has keys {{{keys}}}: the official SDK does not raise on this shape",
                    event=event)


class ForeignEvent(ChatRule):
    code = "O109"
    name = "foreign-event"
    severity = Severity.ERROR
    summary = "a named event or a payload that is neither a chunk nor an error in a chat completions stream"
    kinds = frozenset({"foreign"})
    explain = _explain(
        "An `event: <name>` frame, or a JSON payload without `choices` that is not an error, inside a chat "
        "completions stream (progress events, tool traces, custom metadata).",
        f"The SDKs ignore `event:` names ({SDK} special-cases only `thread.*`) and construct the payload as a chunk "
        "with `choices=None`; consumer code iterating `chunk.choices` crashes.",
        "Send extensions inside the chunk (a vendor field), or as SSE comments, never as separate events.")

    def on_event(self, event: Event) -> None:
        what = f"named event {event.type!r}" if event.named else "a payload that is neither a chunk nor an error"
        self.report(f"event {event.index} is {what}", event=event)


RULES: tuple[type[Rule], ...] = (MissingDone, DuplicateFinish, DeltaAfterFinish, ChunkIdentityChanged, ToolArgsNotJson,
                                 UsageChunkMisplaced, NonstandardErrorShape, ForeignEvent)
