"""A: AG-UI scopes that open and close by name or id: steps, reasoning spans and messages, subagents.

Same conventions as ``agui_sequence``: checks and order mirror ``verifyEvents`` of ``@ag-ui/client`` 1.0;
ids are scoped to a run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..findings import Severity
from .agui_sequence import SequenceRule, _id, _opened
from .base import Rule

if TYPE_CHECKING:
    from ..batch import Batch
    from ..sse import Event


class StepLifecycle(SequenceRule):
    code = "A110"
    name = "step-lifecycle"
    severity = Severity.ERROR
    summary = "a step finished that was not started, started twice, or open at RUN_FINISHED"
    explain = """\
## What
`STEP_FINISHED` for a step name that is not active, `STEP_STARTED` for a name already active, or steps still
active at `RUN_FINISHED`.

## Why it breaks clients
`@ag-ui/client` fails the run ("Cannot send 'STEP_FINISHED' for step ... that was not started", "Cannot send
'RUN_FINISHED' while steps are still active").

## How to fix
Finish every step you start, in a `finally`, with the same `stepName`.
"""

    def reset(self) -> None:
        self.active: dict[str, Event] = {}

    def on_STEP_STARTED(self, event: Event) -> None:  # noqa: N802
        name = _id(event, "stepName")
        if name is None:
            return
        if name in self.active:
            self.report(f"STEP_STARTED (event {event.index}): step {name!r} is already active (line "
                        f"{self.active[name].line})", event=event)
        self.active[name] = event

    def on_STEP_FINISHED(self, event: Event) -> None:  # noqa: N802
        name = _id(event, "stepName")
        if name is not None and self.active.pop(name, None) is None:
            self.report(f"STEP_FINISHED (event {event.index}) for step {name!r}, which was not started", event=event)

    def on_RUN_FINISHED(self, event: Event) -> None:  # noqa: N802
        if self.active:
            self.report(f"RUN_FINISHED (event {event.index}) while steps are still active: {_opened(self.active)}",
                        event=event)
        self.active = {}



class ReasoningLifecycle(SequenceRule):
    code = "A111"
    name = "reasoning-lifecycle"
    severity = Severity.ERROR
    summary = "reasoning or thinking events out of order"
    explain = """\
## What
Reasoning spans (`REASONING_START`/`END`) or reasoning messages (`REASONING_MESSAGE_START`/`CONTENT`/`END`)
out of order for their `messageId`, still open at `RUN_FINISHED`; or the deprecated `THINKING_*` events
out of order (content without start, end without start, nested starts).

## Why it breaks clients
The 1.0 client fails the run ("No active reasoning message found with ID ...", "Cannot send 'RUN_FINISHED'
while reasoning messages are still active").

## How to fix
Open and close reasoning spans and messages in pairs with fresh ids, and close them before the run ends.
"""

    def reset(self) -> None:
        self.spans: dict[str, Event] = {}
        self.msgs: dict[str, Event] = {}
        self.thinking: Event | None = None
        self.thinking_msg: Event | None = None

    def _open(self, table: dict[str, Event], event: Event, noun: str) -> None:
        key = _id(event, "messageId")
        if key is None:
            return
        if key in table:
            self.report(f"{event.kind} (event {event.index}): {noun} {key!r} is already in progress (line "
                        f"{table[key].line})", event=event)
        table[key] = event

    def _need(self, table: dict[str, Event], event: Event, noun: str, pop: bool) -> None:
        key = _id(event, "messageId")
        if key is None:
            return
        found = table.pop(key, None) if pop else table.get(key)
        if found is None:
            self.report(f"{event.kind} (event {event.index}): no active {noun} with id {key!r}", event=event)

    def on_REASONING_START(self, event: Event) -> None:  # noqa: N802
        self._open(self.spans, event, "reasoning span")

    def on_REASONING_END(self, event: Event) -> None:  # noqa: N802
        self._need(self.spans, event, "reasoning span", pop=True)

    def on_REASONING_MESSAGE_START(self, event: Event) -> None:  # noqa: N802
        self._open(self.msgs, event, "reasoning message")

    def on_REASONING_MESSAGE_CONTENT(self, event: Event) -> None:  # noqa: N802
        self._need(self.msgs, event, "reasoning message", pop=False)

    def batch_REASONING_MESSAGE_CONTENT(self, batch: Batch) -> bool:  # noqa: N802
        return batch.key in self.msgs

    def on_REASONING_MESSAGE_END(self, event: Event) -> None:  # noqa: N802
        self._need(self.msgs, event, "reasoning message", pop=True)

    def on_THINKING_START(self, event: Event) -> None:  # noqa: N802
        if self.thinking is not None:
            self.report(f"THINKING_START (event {event.index}): a thinking step is already in progress (line "
                        f"{self.thinking.line})", event=event)
        self.thinking = event

    def on_THINKING_END(self, event: Event) -> None:  # noqa: N802
        if self.thinking is None:
            self.report(f"THINKING_END (event {event.index}): no active thinking step", event=event)
        self.thinking = None

    def on_THINKING_TEXT_MESSAGE_START(self, event: Event) -> None:  # noqa: N802
        if self.thinking is None:
            self.report(f"THINKING_TEXT_MESSAGE_START (event {event.index}): no thinking step in progress",
                        event=event)
        elif self.thinking_msg is not None:
            self.report(f"THINKING_TEXT_MESSAGE_START (event {event.index}): a thinking message is already in "
                        "progress", event=event)
        self.thinking_msg = event

    def on_THINKING_TEXT_MESSAGE_CONTENT(self, event: Event) -> None:  # noqa: N802
        if self.thinking_msg is None:
            self.report(f"THINKING_TEXT_MESSAGE_CONTENT (event {event.index}): no active thinking message",
                        event=event)

    def on_THINKING_TEXT_MESSAGE_END(self, event: Event) -> None:  # noqa: N802
        if self.thinking_msg is None:
            self.report(f"THINKING_TEXT_MESSAGE_END (event {event.index}): no active thinking message", event=event)
        self.thinking_msg = None

    def on_RUN_FINISHED(self, event: Event) -> None:  # noqa: N802
        for table, noun in ((self.msgs, "reasoning messages"), (self.spans, "reasoning spans")):
            if table:
                self.report(f"RUN_FINISHED (event {event.index}) while {noun} are still active: {_opened(table)}",
                            event=event)
        self.spans, self.msgs = {}, {}



class SubagentLifecycle(SequenceRule):
    code = "A119"
    name = "subagent-lifecycle"
    severity = Severity.ERROR
    summary = "subagent events out of order"
    explain = """\
## What
`SUBAGENT_FINISHED`/`SUBAGENT_ERROR` for a subagent that is not active, `SUBAGENT_STARTED` for an id that is
active or already finished in the run, a `parentSubagentRunId` never started, subagents still active at
`RUN_FINISHED`, or a message, tool call or reasoning message event whose `subagentRunId` differs from the
subagent that opened it.

## Why it breaks clients
The 1.0 client fails the run with the matching verifier error ("no active subagent found with ID ...",
"Subagent IDs are per-invocation and cannot be reused").

## How to fix
Give each subagent invocation a fresh `subagentRunId`, start it before its events, and finish it before the
parent run ends.
"""

    def reset(self) -> None:
        self.active: dict[str, Event] = {}
        self.done: set[str] = set()
        self.owners: dict[tuple[str, str], str | None] = {}  # (noun, id) -> subagentRunId of the opener

    # Ownership (1.0 verify): a message, tool call or reasoning message belongs to whoever opened it; a later
    # event of it that names another subagentRunId is rejected.
    def _own(self, event: Event, noun: str, field: str) -> None:
        key = _id(event, field)
        if key is not None:
            self.owners[(noun, key)] = _id(event, "subagentRunId")

    def _check_owner(self, event: Event, noun: str, field: str) -> None:
        if "subagentRunId" not in event.payload:  # type: ignore[operator]
            return  # an untagged event inherits its opener's owner
        key = _id(event, field)
        tag = _id(event, "subagentRunId")
        if key is None or tag is None or (noun, key) not in self.owners:
            return
        owner = self.owners[(noun, key)]
        if owner != tag:
            self.report(f"{event.kind} (event {event.index}): subagentRunId {tag!r} does not match the {noun} {key!r} "
                        f"opener's subagent {owner or '(the parent agent)'!r}", event=event)

    def on_TEXT_MESSAGE_START(self, event: Event) -> None:  # noqa: N802
        self._own(event, "message", "messageId")

    def on_TEXT_MESSAGE_CONTENT(self, event: Event) -> None:  # noqa: N802
        self._check_owner(event, "message", "messageId")

    def _untagged(self, batch: Batch) -> bool:
        return True  # batched events carry no subagentRunId: they inherit their opener's owner

    batch_TEXT_MESSAGE_CONTENT = batch_TOOL_CALL_ARGS = batch_REASONING_MESSAGE_CONTENT = _untagged  # noqa: N815

    on_TEXT_MESSAGE_END = on_TEXT_MESSAGE_CONTENT  # noqa: N815

    def on_TOOL_CALL_START(self, event: Event) -> None:  # noqa: N802
        self._own(event, "tool call", "toolCallId")

    def on_TOOL_CALL_ARGS(self, event: Event) -> None:  # noqa: N802
        self._check_owner(event, "tool call", "toolCallId")

    on_TOOL_CALL_END = on_TOOL_CALL_ARGS  # noqa: N815

    def on_REASONING_MESSAGE_START(self, event: Event) -> None:  # noqa: N802
        self._own(event, "reasoning message", "messageId")

    def on_REASONING_MESSAGE_CONTENT(self, event: Event) -> None:  # noqa: N802
        self._check_owner(event, "reasoning message", "messageId")

    on_REASONING_MESSAGE_END = on_REASONING_MESSAGE_CONTENT  # noqa: N815

    def on_SUBAGENT_STARTED(self, event: Event) -> None:  # noqa: N802
        key = _id(event, "subagentRunId")
        if key is None:
            return
        if key in self.active:
            self.report(f"SUBAGENT_STARTED (event {event.index}): subagent {key!r} is already active", event=event)
        elif key in self.done:
            self.report(f"SUBAGENT_STARTED (event {event.index}): subagent {key!r} already finished in this run; "
                        "subagent ids cannot be reused", event=event)
        parent = _id(event, "parentSubagentRunId")
        if parent is not None and parent not in self.active and parent not in self.done:
            self.report(f"SUBAGENT_STARTED (event {event.index}): parentSubagentRunId {parent!r} has not been "
                        "started in this run", event=event)
        self.active[key] = event

    def _finish(self, event: Event) -> None:
        key = _id(event, "subagentRunId")
        if key is None:
            return
        if self.active.pop(key, None) is None:
            self.report(f"{event.kind} (event {event.index}): no active subagent with id {key!r}", event=event)
        self.done.add(key)

    on_SUBAGENT_FINISHED = _finish  # noqa: N815
    on_SUBAGENT_ERROR = _finish  # noqa: N815

    def on_RUN_FINISHED(self, event: Event) -> None:  # noqa: N802
        if self.active:
            self.report(f"RUN_FINISHED (event {event.index}) while subagents are still active: "
                        f"{_opened(self.active)}", event=event)
        self.active = {}


RULES: tuple[type[Rule], ...] = (StepLifecycle, ReasoningLifecycle, SubagentLifecycle)
