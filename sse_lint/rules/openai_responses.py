"""R: OpenAI Responses API sequence rules (``openai-responses`` profile)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..findings import Severity
from ..schemas import load
from .base import Rule
from .llm_schema import _explain

if TYPE_CHECKING:
    from ..sse import Event

HELPER = "openai/lib/streaming/responses/_responses.py"


def _meta() -> dict[str, dict[str, Any]]:
    return load("openai-responses").meta["types"]  # type: ignore[no-any-return]


class ResponsesRule(Rule):
    profiles = ("openai-responses",)


class FirstEventNotCreated(ResponsesRule):
    code = "R102"
    name = "first-event-not-created"
    severity = Severity.ERROR
    summary = "the first event is not response.created"
    explain = _explain(
        "The stream does not start with `response.created` (`response.queued` in background mode).",
        f"The SDK's stream helper raises `RuntimeError(\"Expected to have received `response.created` before "
        f"...\")` ({HELPER}); clients that build the response from the created event have nothing to update.",
        "Emit `response.created` with the initial `response` object first, `sequence_number` 0.")

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.done = False

    def on_event(self, event: Event) -> None:
        if self.done or event.kind == "[DONE]":
            return
        self.done = True
        if event.kind not in ("response.created", "response.queued"):
            self.report(f"the first event is {event.kind or event.type!r}, not response.created", event=event)


class SequenceGap(ResponsesRule):
    code = "R103"
    name = "sequence-gap"
    severity = Severity.ERROR
    summary = "sequence_number not increasing by one"
    explain = _explain(
        "`sequence_number` does not go up by exactly one from event to event (it starts at 0).",
        "Clients use it to order events and to resume after a disconnect (`starting_after`); a gap or a repeat "
        "means lost, duplicated or reordered events — usually two producers writing one stream.",
        "Number events from one counter per response, in the order they are written.")

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.prev: tuple[int, Event] | None = None
        self.count = 0

    def on_event(self, event: Event) -> None:
        payload = event.payload
        n = payload.get("sequence_number") if isinstance(payload, dict) else None
        if not isinstance(n, int) or isinstance(n, bool):
            return
        prev = self.prev
        self.prev = (n, event)
        if prev is not None and n != prev[0] + 1 and self.count < 20:
            self.count += 1
            self.report(f"sequence_number {n} at event {event.index} follows {prev[0]} (event {prev[1].index}); "
                        f"expected {prev[0] + 1}", event=event)


class ItemLifecycle(ResponsesRule):
    code = "R104"
    name = "item-lifecycle"
    severity = Severity.ERROR
    summary = "output items and content parts out of order by index and id"
    explain = _explain(
        "Output items (`response.output_item.added`/`.done`), content parts (`response.content_part.*`) and "
        "reasoning summary parts do not pair up by `output_index` / `content_index` / `summary_index`, an index is "
        "reused, or a delta arrives for an item or part that is not open.",
        f"The SDK's stream helper raises (`Duplicate response output index`, `Received a content event for output "
        f"index k before receiving its output item`, {HELPER}); UIs attach text to the wrong item.",
        "Add an item before any of its events, close it with `.done`, never reuse an `output_index`.")

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.meta = _meta()
        self.items: dict[int, Event] = {}
        self.done_items: set[int] = set()
        self.parts: dict[tuple[str, int, int], Event] = {}

    def on_event(self, event: Event) -> None:
        info = self.meta.get(event.kind or "")
        payload = event.payload
        if info is None or not isinstance(payload, dict):
            return
        if event.kind == "response.created":
            self.items, self.done_items, self.parts = {}, set(), {}
            return
        index = payload.get("output_index")
        if not isinstance(index, int):
            return
        opens, closes, requires = info.get("opens"), info.get("closes"), info.get("requires")
        if opens == "item":
            if index in self.items or index in self.done_items:
                self.report(f"{event.kind} (event {event.index}) reuses output_index {index}", event=event)
            self.items[index] = event
            return
        if closes == "item":
            if self.items.pop(index, None) is None:
                self.report(f"{event.kind} (event {event.index}) for output_index {index}, which is not open",
                            event=event)
            self.done_items.add(index)
            return
        if requires in ("item", "part", "summaryPart") and index not in self.items:
            self.report(f"{event.kind} (event {event.index}) for output_index {index} before its "
                        "response.output_item.added", event=event)
            return
        kind = "summaryPart" if "summary" in (opens or closes or requires or "") else "part"
        sub = payload.get("summary_index" if kind == "summaryPart" else "content_index")
        if not isinstance(sub, int):
            return
        key = (kind, index, sub)
        if opens in ("part", "summaryPart"):
            if key in self.parts:
                self.report(f"{event.kind} (event {event.index}) reopens {kind} {sub} of output_index {index}",
                            event=event)
            self.parts[key] = event
        elif closes in ("part", "summaryPart"):
            if self.parts.pop(key, None) is None:
                self.report(f"{event.kind} (event {event.index}) closes {kind} {sub} of output_index {index}, "
                            "which is not open", event=event)
        elif requires in ("part", "summaryPart") and key not in self.parts:
            self.report(f"{event.kind} (event {event.index}) for {kind} {sub} of output_index {index}, which is not "
                        "open", event=event)


class StatusMismatch(ResponsesRule):
    code = "R105"
    name = "status-mismatch"
    severity = Severity.ERROR
    summary = "a lifecycle event's response.status disagrees with its type"
    explain = _explain(
        "`response.completed` carries a `response.status` other than `completed` (likewise `failed`, "
        "`incomplete`, `created`), or `response.failed` has no `response.error`.",
        "Clients decide by the event type, SDK helpers by the object: `get_final_response()` returns a \"completed\" "
        "response whose status is `incomplete`, so truncation is shown as success.",
        "Send the terminal event that matches the final status, with `error` / `incomplete_details` filled.")

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.meta = _meta()

    def on_event(self, event: Event) -> None:
        info = self.meta.get(event.kind or "")
        expected = info.get("expectStatus") if info else None
        resp = event.payload.get("response") if isinstance(event.payload, dict) else None
        if not expected or not isinstance(resp, dict):
            return
        status = resp.get("status")
        if status is not None and status not in expected:
            self.report(f"{event.kind} (event {event.index}) carries response.status {status!r}", event=event)
        if event.kind == "response.failed" and not resp.get("error"):
            self.report(f"response.failed (event {event.index}) has no response.error", event=event)


RULES: tuple[type[Rule], ...] = (FirstEventNotCreated, SequenceGap, ItemLifecycle, StatusMismatch)
