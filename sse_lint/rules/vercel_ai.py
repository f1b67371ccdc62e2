"""V: Vercel AI SDK UI message stream rules (``vercel-ai`` profile)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..findings import Severity
from .base import Rule
from .llm_schema import _explain

if TYPE_CHECKING:
    from ..sources.model import Response
    from ..sse import Event

CLIENT = "packages/ai/src/ui/process-ui-message-stream.ts"


class MissingProtocolHeader(Rule):
    code = "V102"
    name = "missing-protocol-header"
    severity = Severity.WARNING
    summary = "UI message stream parts without the x-vercel-ai-ui-message-stream: v1 header"
    profiles = ("vercel-ai",)
    needs = ("head",)
    explain = _explain(
        "A response carries UI message stream parts but not the `x-vercel-ai-ui-message-stream: v1` header.",
        "The `ai` client itself does not check it, but proxies, other integrations and the docs' protocol "
        "detection do: without it the stream is taken for the legacy data stream or plain text.",
        "Send the headers of `UI_MESSAGE_STREAM_HEADERS` (or use `toUIMessageStreamResponse()`).")

    def on_head(self, response: Response) -> None:
        if (response.header("x-vercel-ai-ui-message-stream") or "").strip() != "v1":
            self.report("the response has UI message stream parts but no x-vercel-ai-ui-message-stream: v1 header")


class PartLifecycle(Rule):
    code = "V103"
    name = "part-lifecycle"
    severity = Severity.ERROR
    summary = "text, reasoning or tool parts out of order for their id"
    profiles = ("vercel-ai",)
    kinds = frozenset({"start", "text-start", "text-delta", "text-end", "reasoning-start", "reasoning-delta",
                       "reasoning-end", "tool-input-start", "tool-input-delta", "tool-input-available",
                       "tool-input-error", "tool-output-available", "tool-output-error", "tool-output-denied",
                       "tool-approval-request", "finish-step", "finish", "error"})
    explain = _explain(
        "A `text-delta`/`text-end` (or reasoning) part for an id with no open `*-start`, a part still open at "
        "`finish-step`/`finish`, or a tool input delta / output for a `toolCallId` the stream never announced.",
        f"`useChat` throws `UIMessageStreamError: Received text-delta for missing text part with ID ...` or "
        f"\"No tool invocation found for tool call ID\" ({CLIENT}); a part left open stays `streaming` forever in "
        "the UI.",
        "Send `text-start`, the deltas and `text-end` with one id; announce tool calls with `tool-input-start` or "
        "`tool-input-available` before their outputs.")

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.open: dict[tuple[str, str], Event] = {}
        self.tools: set[str] = set()
        self.started_tools: set[str] = set()
        self.errored = False

    def on_event(self, event: Event) -> None:
        kind = event.kind or ""
        payload = event.payload if isinstance(event.payload, dict) else {}
        if kind == "start":
            self.open, self.tools, self.started_tools, self.errored = {}, set(), set(), False
            return
        if kind == "error":
            self.errored = True  # after an error part the SDK itself leaves parts open (finish-step, finish)
            return
        if kind in ("finish-step", "finish"):
            for (family, pid), started in ({} if self.errored else self.open).items():
                self.report(f"{family} part {pid!r} opened at line {started.line} is still open at {kind} "
                            f"(event {event.index})", event=event)
            self.open = {}
            return
        family, _, step = kind.partition("-")
        if family in ("text", "reasoning"):
            pid = payload.get("id")
            if not isinstance(pid, str):
                return
            key = (family, pid)
            if step == "start":
                self.open[key] = event
            elif key not in self.open:
                self.report(f"{kind} (event {event.index}) for {family} part {pid!r}, which is not open", event=event)
            elif step == "end":
                del self.open[key]
            return
        call = payload.get("toolCallId")
        if not isinstance(call, str):
            return
        if kind == "tool-input-start":
            self.tools.add(call)
            self.started_tools.add(call)
        elif kind in ("tool-input-available", "tool-input-error"):
            self.tools.add(call)
        elif kind == "tool-input-delta" and call not in self.started_tools:
            self.report(f"tool-input-delta (event {event.index}) for {call!r} before its tool-input-start",
                        event=event)
        elif call not in self.tools:
            self.report(f"{kind} (event {event.index}) for tool call {call!r}, which the stream never announced",
                        event=event)


RULES: tuple[type[Rule], ...] = (MissingProtocolHeader, PartLifecycle)
