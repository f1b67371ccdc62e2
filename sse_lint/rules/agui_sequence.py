"""A: AG-UI sequence rules: runs, messages, tool calls, steps, reasoning, subagents.

The checks and their order mirror ``verifyEvents`` of ``@ag-ui/client`` 1.0 (verify.ts); where
sse-lint checks more than the official verifier, the rule's explain text says so. Ids are scoped to
a run: a new ``RUN_STARTED`` resets them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from ..findings import Severity
from ..jsonutil import syntax_error
from .base import Rule

if TYPE_CHECKING:
    from ..batch import Batch
    from ..sse import Event

RUN_BOUNDARY = frozenset({"RUN_STARTED", "RUN_FINISHED", "RUN_ERROR"})


_SNAKE = {"messageId": "message_id", "toolCallId": "tool_call_id", "stepName": "step_name", "threadId": "thread_id",
          "runId": "run_id", "subagentRunId": "subagent_run_id", "parentMessageId": "parent_message_id",
          "parentSubagentRunId": "parent_subagent_run_id", "toolCallName": "tool_call_name"}


def _id(event: Event, field: str) -> str | None:
    """An id field; a snake_case spelling (A103's finding) still counts, so one typo is one finding."""
    payload = event.payload
    value = payload.get(field)  # type: ignore[union-attr]
    if value.__class__ is str:
        return value  # type: ignore[no-any-return]
    if value is None and field in _SNAKE:
        value = payload.get(_SNAKE[field])  # type: ignore[union-attr]
        return value if isinstance(value, str) else None
    return None


def _opened(events: dict[str, Event]) -> str:
    return ", ".join(f"{k!r} (opened at line {e.line}, event {e.index})" for k, e in list(events.items())[:10])


class SequenceRule(Rule):
    """Dispatches events to ``on_<TYPE>`` methods; RUN_STARTED resets per-run state."""

    profiles = ("agui",)
    handles: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        cls.handles = frozenset(n[3:] for n in dir(cls) if n.startswith("on_") and n[3:].isupper())
        cls.kinds = cls.handles | {"RUN_STARTED"}

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.handlers = {kind: getattr(self, "on_" + kind) for kind in self.handles}
        #: ``batch_<TYPE>(batch) -> bool``: the batched form of ``on_<TYPE>`` (see ``Rule.on_batch``)
        self.batch_handlers = {kind: getattr(self, "batch_" + kind) for kind in self.handles
                               if hasattr(self, "batch_" + kind)}
        self.reset()

    def reset(self) -> None: ...

    def kind_hooks(self) -> dict[str, Callable[[Event], None]]:
        # the engine calls on_<TYPE> directly; RUN_STARTED (which resets) and others go through on_event
        return {k: h for k, h in self.handlers.items() if k != "RUN_STARTED"}

    def on_batch(self, batch: Batch) -> bool:
        handler = self.batch_handlers.get(batch.kind)
        return handler is not None and handler(batch)

    def on_event(self, event: Event) -> None:
        kind = event.kind
        if kind == "RUN_STARTED":
            self.reset()
        handler = self.handlers.get(kind)  # type: ignore[arg-type]
        if handler is not None:
            handler(event)


class FirstEventNotRunStarted(Rule):
    code = "A104"
    name = "first-event-not-run-started"
    severity = Severity.ERROR
    summary = "the first event is neither RUN_STARTED nor RUN_ERROR"
    profiles = ("agui",)
    explain = """\
## What
The stream's first event is not `RUN_STARTED` (a `RUN_ERROR` first is accepted).

## Why it breaks clients
`@ag-ui/client` fails the run: "First event must be 'RUN_STARTED'".

## How to fix
Emit `RUN_STARTED` (with `threadId` and `runId`) before anything else, including state snapshots.
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.done = False

    def on_batch(self, batch: Batch) -> bool:
        return self.done

    def on_event(self, event: Event) -> None:
        if self.done:
            return
        self.done = True
        self.ctx.retire(self)  # only the first event counts
        if event.kind not in ("RUN_STARTED", "RUN_ERROR"):
            self.report(f"first event is {event.kind or event.type!r}, not RUN_STARTED", event=event)


class RunAlreadyActive(Rule):
    code = "A105"
    name = "run-already-active"
    severity = Severity.ERROR
    summary = "RUN_STARTED while a run is active"
    profiles = ("agui",)
    kinds = RUN_BOUNDARY
    explain = """\
## What
A `RUN_STARTED` arrives while the previous run has neither finished nor errored.

## Why it breaks clients
`@ag-ui/client`: "Cannot send 'RUN_STARTED' while a run is still active. The previous run must be finished
with 'RUN_FINISHED' before starting a new run."

## How to fix
End each run with `RUN_FINISHED` or `RUN_ERROR` before starting the next.
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.active: Event | None = None

    def on_event(self, event: Event) -> None:
        if event.kind == "RUN_STARTED":
            if self.active is not None:
                self.report(f"RUN_STARTED (event {event.index}) while the run started at line {self.active.line} "
                            f"(event {self.active.index}) is still active", event=event)
            self.active = event
        else:
            self.active = None


class RunIdMismatch(Rule):
    code = "A106"
    name = "run-id-mismatch"
    severity = Severity.ERROR
    summary = "RUN_FINISHED/RUN_ERROR threadId or runId differ from the open run's"
    profiles = ("agui",)
    kinds = RUN_BOUNDARY
    explain = """\
## What
`RUN_FINISHED` (or a `RUN_ERROR` that names ids) carries a `threadId` or `runId` other than the run it ends.
The official verifier does not check this.

## Why it breaks clients
Clients that track runs by id (multi-run UIs, thread stores) leave the real run open and close another, or
attach the result to the wrong thread.

## How to fix
Reuse the ids of `RUN_STARTED` in the terminal event.
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.start: Event | None = None

    def on_event(self, event: Event) -> None:
        if event.kind == "RUN_STARTED":
            self.start = event
            return
        start, self.start = self.start, None
        if start is None:
            return
        for field in ("threadId", "runId"):
            want, got = _id(start, field), _id(event, field)
            if want is not None and got is not None and want != got:
                self.report(f"{event.kind} (event {event.index}) has {field} {got!r} but the run started at line "
                            f"{start.line} has {want!r}", event=event)


PASSTHROUGH = frozenset({"RAW", "ACTIVITY_SNAPSHOT", "ACTIVITY_DELTA", "REASONING_ENCRYPTED_VALUE"})


class _ChunkStream:
    """Whether a ``*_CHUNK`` continues the open chunk stream: any event but a pass-through one in between
    closes it (``client/src/chunks/transform.ts``). Tracked by event index, so the rule needs to see only
    chunks and pass-through events, not every event."""

    def __init__(self) -> None:
        self.key: str | None = None
        self.last = -2
        self.passed = 0

    def passthrough(self) -> None:
        self.passed += 1

    def current(self, event: Event) -> str | None:
        if event.index != self.last + 1 + self.passed:
            self.key = None
        self.last, self.passed = event.index, 0
        return self.key


class _Pairing(SequenceRule):
    """Shared logic of id-paired lifecycles (messages, tool calls)."""

    noun: ClassVar[str]
    id_field: ClassVar[str]
    start_kind: ClassVar[str]
    end_kind: ClassVar[str]

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        cls.kinds = cls.kinds | PASSTHROUGH  # type: ignore[operator]  # chunk streams stay open across these

    def reset(self) -> None:
        self.open: dict[str, Event] = {}
        self.used: dict[str, Event] = {}
        self.chunk = _ChunkStream()

    def on_event(self, event: Event) -> None:
        if event.kind in PASSTHROUGH:
            self.chunk.passthrough()
        else:
            super().on_event(event)

    def _start(self, event: Event) -> None:
        key = _id(event, self.id_field)
        if key is None:
            return  # A101 reports the missing id
        if key in self.open:
            self.report(f"{event.kind} (event {event.index}): {self.noun} {key!r} is already in progress "
                        f"(opened at line {self.open[key].line}); complete it with {self.end_kind} first", event=event)
        elif key in self.used:
            self.report(f"{event.kind} (event {event.index}): {self.noun} id {key!r} was already used in this run "
                        f"(line {self.used[key].line})", event=event)
        self.open[key] = event

    def _continue(self, event: Event) -> None:
        key = _id(event, self.id_field)
        if key is not None and key not in self.open:
            self.report(f"{event.kind} (event {event.index}): no active {self.noun} with id {key!r}; start it with "
                        f"{self.start_kind} first", event=event)

    def _continues(self, batch: Batch) -> bool:
        return batch.key in self.open  # else "no active ...", reported per event

    def _end(self, event: Event) -> None:
        key = _id(event, self.id_field)
        if key is None:
            return
        started = self.open.pop(key, None)
        if started is None:
            self.report(f"{event.kind} (event {event.index}): no active {self.noun} with id {key!r}; a "
                        f"{self.start_kind} must come first", event=event)
        else:
            self.used[key] = started

    def on_RUN_FINISHED(self, event: Event) -> None:  # noqa: N802
        if self.open:
            self.report(f"RUN_FINISHED (event {event.index}) while {self.noun}s are still open: "
                        f"{_opened(self.open)}", event=event)
        self.open = {}


class MessageLifecycle(_Pairing):
    code = "A107"
    name = "message-lifecycle"
    severity = Severity.ERROR
    summary = "text message events out of order for their messageId"
    noun, id_field, start_kind, end_kind = "text message", "messageId", "TEXT_MESSAGE_START", "TEXT_MESSAGE_END"
    explain = """\
## What
`TEXT_MESSAGE_CONTENT`/`END` for a message that is not open, a `TEXT_MESSAGE_START` for an id already open or
already used in the run, a message still open at `RUN_FINISHED`, or a first `TEXT_MESSAGE_CHUNK` without a
`messageId`.

## Why it breaks clients
`@ag-ui/client` fails the run ("No active text message found with ID ...", "Cannot send 'RUN_FINISHED'
while text messages are still active"); reused ids merge two answers into one bubble.

## How to fix
Pair every `TEXT_MESSAGE_START` with one `TEXT_MESSAGE_END` using a fresh `messageId`, and close messages
before `RUN_FINISHED` (also on error paths).
"""

    def on_TEXT_MESSAGE_START(self, event: Event) -> None:  # noqa: N802
        self._start(event)

    def on_TEXT_MESSAGE_CONTENT(self, event: Event) -> None:  # noqa: N802
        self._continue(event)

    batch_TEXT_MESSAGE_CONTENT = _Pairing._continues  # noqa: N815

    def on_TEXT_MESSAGE_END(self, event: Event) -> None:  # noqa: N802
        self._end(event)

    def on_TEXT_MESSAGE_CHUNK(self, event: Event) -> None:  # noqa: N802
        key = _id(event, "messageId")
        if key is None and self.chunk.current(event) is None:
            self.report(f"TEXT_MESSAGE_CHUNK (event {event.index}): the first chunk of a message must have a "
                        "messageId", event=event)
        elif key is not None:
            self.chunk.current(event)
            self.chunk.key = key



class ToolCallLifecycle(_Pairing):
    code = "A108"
    name = "tool-call-lifecycle"
    severity = Severity.ERROR
    summary = "tool call events out of order for their toolCallId, or a result for an unknown call"
    noun, id_field, start_kind, end_kind = "tool call", "toolCallId", "TOOL_CALL_START", "TOOL_CALL_END"
    explain = """\
## What
`TOOL_CALL_ARGS`/`END` for a tool call that is not open, a `TOOL_CALL_START` for an id already open or
already used in the run, a tool call still open at `RUN_FINISHED`, a `TOOL_CALL_RESULT` for a tool call id
never seen, or a first `TOOL_CALL_CHUNK` without `toolCallId`/`toolCallName`.

## Why it breaks clients
`@ag-ui/client` fails the run ("No active tool call found with ID ..."); a result for an unknown call is
attached to nothing, so the UI never shows it and frontend tools never resolve.

## How to fix
Pair every `TOOL_CALL_START` with one `TOOL_CALL_END` using a fresh `toolCallId`; send results only for calls
the stream announced.
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        self.known: set[str] = set()  # every tool call id announced in the stream (results may come later)
        super().__init__(ctx)

    def on_RUN_STARTED(self, event: Event) -> None:  # noqa: N802
        inp = event.payload.get("input")  # type: ignore[union-attr]
        if isinstance(inp, dict):
            self._learn(inp.get("messages"))

    def on_MESSAGES_SNAPSHOT(self, event: Event) -> None:  # noqa: N802
        self._learn(event.payload.get("messages"))  # type: ignore[union-attr]

    def _learn(self, messages: Any) -> None:
        if not isinstance(messages, list):
            return
        for m in messages:
            if isinstance(m, dict):
                if isinstance(m.get("toolCallId"), str):
                    self.known.add(m["toolCallId"])
                for call in m.get("toolCalls") or ():
                    if isinstance(call, dict) and isinstance(call.get("id"), str):
                        self.known.add(call["id"])

    def on_TOOL_CALL_START(self, event: Event) -> None:  # noqa: N802
        self._start(event)
        key = _id(event, "toolCallId")
        if key:
            self.known.add(key)

    def on_TOOL_CALL_ARGS(self, event: Event) -> None:  # noqa: N802
        self._continue(event)

    batch_TOOL_CALL_ARGS = _Pairing._continues  # noqa: N815

    def on_TOOL_CALL_END(self, event: Event) -> None:  # noqa: N802
        self._end(event)

    def on_TOOL_CALL_CHUNK(self, event: Event) -> None:  # noqa: N802
        key = _id(event, "toolCallId")
        open_key = self.chunk.current(event)
        if open_key is None or (key is not None and key != open_key):
            missing = [f for f in ("toolCallId", "toolCallName") if _id(event, f) is None]
            if missing:
                self.report(f"TOOL_CALL_CHUNK (event {event.index}): the first chunk of a tool call must have "
                            f"{' and '.join(missing)}", event=event)
                return
        if key is not None:
            self.chunk.key = key
            self.known.add(key)

    def on_TOOL_CALL_RESULT(self, event: Event) -> None:  # noqa: N802
        key = _id(event, "toolCallId")
        if key is not None and key not in self.known:
            self.report(f"TOOL_CALL_RESULT (event {event.index}) for tool call {key!r}, which no event announced",
                        event=event)



class ToolArgsNotJson(SequenceRule):
    code = "A109"
    name = "tool-args-not-json"
    severity = Severity.WARNING
    summary = "the concatenated TOOL_CALL_ARGS deltas of a tool call are not valid JSON"
    limit: ClassVar[int] = 1 << 20
    explain = """\
## What
The `delta`s of a tool call's `TOOL_CALL_ARGS` events, concatenated, are not a JSON document at
`TOOL_CALL_END`.

## Why it breaks clients
Frontend tools and UIs `JSON.parse` the arguments when the call ends; the tool is never invoked, or the
client shows an error. Usually deltas were dropped, reordered or double-sent.

## How to fix
Forward every argument delta exactly once, in order; when the model emits invalid JSON, send `RUN_ERROR`
instead of an unusable call.
"""

    def reset(self) -> None:
        self.args: dict[str, list[str]] = {}
        self.size: dict[str, int] = {}

    def on_TOOL_CALL_START(self, event: Event) -> None:  # noqa: N802
        key = _id(event, "toolCallId")
        if key is not None:
            self.args[key] = []
            self.size[key] = 0

    def on_TOOL_CALL_ARGS(self, event: Event) -> None:  # noqa: N802
        key = _id(event, "toolCallId")
        parts = self.args.get(key) if key is not None else None
        delta = event.payload.get("delta")  # type: ignore[union-attr]
        if parts is not None and isinstance(delta, str) and self.size[key] <= self.limit:  # type: ignore[index]
            parts.append(delta)
            self.size[key] += len(delta)  # type: ignore[index]

    def batch_TOOL_CALL_ARGS(self, batch: Batch) -> bool:  # noqa: N802
        parts = self.args.get(batch.key)
        if parts is None:
            return True  # arguments of a call that was never started are not collected
        size = self.size[batch.key] + len(batch.text)
        if size > self.limit:
            return False  # the cap falls inside the batch: one by one, as without batches
        parts.append(batch.text)
        self.size[batch.key] = size
        return True

    def on_TOOL_CALL_END(self, event: Event) -> None:  # noqa: N802
        key = _id(event, "toolCallId")
        parts = self.args.pop(key, None) if key is not None else None
        if not parts or self.size.pop(key, 0) > self.limit:  # type: ignore[arg-type]
            return
        text = "".join(parts)
        error = syntax_error(text)
        if error:
            self.report(f"tool call {key!r} arguments are not JSON at TOOL_CALL_END (event {event.index}): {error}; "
                        f"args start {text[:40]!r}", event=event)


class ToolResultBeforeEnd(SequenceRule):
    code = "A115"
    name = "tool-result-before-end"
    severity = Severity.WARNING
    summary = "TOOL_CALL_RESULT before that tool call's TOOL_CALL_END"
    explain = """\
## What
A `TOOL_CALL_RESULT` arrives while its tool call is still open (before `TOOL_CALL_END`). The official verifier
does not check this.

## Why it breaks clients
The client has not finished assembling the call's arguments; UIs render a result for a call that still
streams, and frontend tool runners may execute with partial arguments.

## How to fix
Send `TOOL_CALL_END` before the result.
"""

    def reset(self) -> None:
        self.open: set[str] = set()

    def on_TOOL_CALL_START(self, event: Event) -> None:  # noqa: N802
        key = _id(event, "toolCallId")
        if key is not None:
            self.open.add(key)

    def on_TOOL_CALL_END(self, event: Event) -> None:  # noqa: N802
        self.open.discard(_id(event, "toolCallId"))  # type: ignore[arg-type]

    def on_TOOL_CALL_RESULT(self, event: Event) -> None:  # noqa: N802
        key = _id(event, "toolCallId")
        if key in self.open:
            self.report(f"TOOL_CALL_RESULT (event {event.index}) for tool call {key!r} before its TOOL_CALL_END",
                        event=event)


class UnknownParentMessage(SequenceRule):
    code = "A116"
    name = "unknown-parent-message"
    severity = Severity.INFO
    summary = "parentMessageId naming no message seen in the run"
    explain = """\
## What
A `TOOL_CALL_START` names a `parentMessageId` that no message in the run (text message, snapshot, run input)
carries.

## Why it breaks clients
Clients attach the tool call to its parent message; with an unknown parent they create an empty assistant
message or drop the call from the transcript.

## How to fix
Use the id of the assistant message that carries the call (or omit `parentMessageId`).
"""

    def reset(self) -> None:
        self.ids: set[str] = set()

    def on_RUN_STARTED(self, event: Event) -> None:  # noqa: N802
        inp = event.payload.get("input")  # type: ignore[union-attr]
        if isinstance(inp, dict):
            self._learn(inp.get("messages"))

    def _learn(self, messages: Any) -> None:
        if isinstance(messages, list):
            self.ids.update(m["id"] for m in messages if isinstance(m, dict) and isinstance(m.get("id"), str))

    def on_MESSAGES_SNAPSHOT(self, event: Event) -> None:  # noqa: N802
        self._learn(event.payload.get("messages"))  # type: ignore[union-attr]

    def on_TEXT_MESSAGE_START(self, event: Event) -> None:  # noqa: N802
        key = _id(event, "messageId")
        if key:
            self.ids.add(key)

    on_TEXT_MESSAGE_CHUNK = on_TEXT_MESSAGE_START  # noqa: N815

    def on_TOOL_CALL_START(self, event: Event) -> None:  # noqa: N802
        parent = _id(event, "parentMessageId")
        if parent is not None and parent not in self.ids:
            self.report(f"TOOL_CALL_START (event {event.index}) names parentMessageId {parent!r}, which no message "
                        "in this run has", event=event)

    on_TOOL_CALL_CHUNK = on_TOOL_CALL_START  # noqa: N815


RULES: tuple[type[Rule], ...] = (FirstEventNotRunStarted, RunAlreadyActive, RunIdMismatch, MessageLifecycle,
                                 ToolCallLifecycle, ToolArgsNotJson, ToolResultBeforeEnd, UnknownParentMessage)
