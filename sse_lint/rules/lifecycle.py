"""L: lifecycle rules written once against event roles, for every profile that assigns roles.

Roles (``sse_lint.profiles.base``): start, content, error, success (a terminal that claims success),
heartbeat, other. ``event.run`` names the run an event belongs to.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..findings import Location, Severity
from ..profiles.base import CONTENT, DONE, ERROR, HEARTBEAT, META, START, SUCCESS, error_facts
from .base import Rule

if TYPE_CHECKING:
    from ..batch import Batch
    from ..sources.model import End
    from ..sse import Event

TERMINAL = (ERROR, SUCCESS)


def describe_end(end: End, last_time: float | None = None) -> str:
    how = {
        "eof": "the server closed the stream",
        "reset": "the connection was reset",
        "timeout": "the stream was cut by the time limit",
        "idle-timeout": "the stream was cut by the idle timeout",
        "aborted": "the recording was aborted",
        "unknown": "the transcript ends without an end record",
    }.get(end.reason, end.reason)
    if end.error:
        how += f" ({end.error})"
    if end.t is not None and end.reason in ("timeout", "idle-timeout"):
        how += f": still open after {end.t:.1f} s"
        if last_time is not None:
            how += f", idle for {max(0.0, end.t - last_time):.1f} s"
    return how


class NoTerminalEvent(Rule):
    code = "L101"
    name = "no-terminal-event"
    severity = Severity.ERROR
    summary = "the stream ended without a terminal event for the open run"
    explain = """\
## What
A run was started (or content was sent) and the stream ended — closed, reset or timed out — without a
terminal event (AG-UI `RUN_FINISHED`/`RUN_ERROR`, OpenAI `[DONE]`/`finish_reason`, Anthropic `message_stop`,
Responses `response.completed`/`failed`).

## Why it breaks clients
Clients cannot tell a finished answer from a dropped connection: they show a truncated answer as complete,
spin forever, or retry a request that had side effects (seed 002: a setup failure left the client hanging
with no error event).

## How to fix
Wrap the stream in a `try/finally` that always sends a terminal event — `RUN_ERROR` with a code on failure —
before closing, and send heartbeats while work is pending.
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.open: Event | None = None
        self.ended = False  # content after a terminal is event-after-terminal's, not a new run
        self.last_time: float | None = None

    def on_event(self, event: Event) -> None:
        self.last_time = event.time if event.time is not None else self.last_time
        role = event.role
        if self.ctx.profile.is_terminal(event):  # type: ignore[union-attr]
            self.open = None
            self.ended = True
        elif role == START or (role == CONTENT and self.open is None and not self.ended):
            self.open = event

    def on_batch(self, batch: Batch) -> bool:
        if batch.role != CONTENT or (self.open is None and not self.ended):
            return False  # the first content of a stream without a start opens the run at its first event
        if batch.time is not None:
            self.last_time = batch.time
        return True

    def on_end(self, end: End) -> None:
        if self.open is None:
            if self.ctx.report.events == 0 and self.ctx.profile is not None and self.ctx.profile.name != "generic":
                self.report(f"the stream ended without any event: {describe_end(end, None)}",
                            hint="always end a run with a success or error terminal event, even when the server fails")
            return
        run = f" {self.open.run}" if self.open.run and not self.open.run.startswith("run@") else ""
        self.report(f"run{run} opened at line {self.open.line} (event {self.open.index}) never got a terminal "
                    f"event: {describe_end(end, self.last_time)}", event=self.open,
                    hint="always end a run with a success or error terminal event, even when the server fails")


class DuplicateError(Rule):
    code = "L102"
    name = "duplicate-error"
    severity = Severity.ERROR
    summary = "a second error event for the same run"
    roles = frozenset({START, ERROR})
    explain = """\
## What
One run carries two error events (AG-UI `RUN_ERROR`, `event: error`, ...).

## Why it breaks clients
An error is terminal: the official AG-UI client fails the run on the second one ("The run has already
errored with 'RUN_ERROR'"), UIs show the failure twice, and retry logic counts two failures. Seed 000: a
service emitted `RUN_ERROR`, re-threw, and the controller emitted another.

## How to fix
Emit the error event in exactly one place (the outermost handler) and do not re-throw into a layer that
reports it again; or mark the exception as already reported.
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.first: dict[str | None, Event] = {}

    def on_event(self, event: Event) -> None:
        if event.role == START:
            self.first.pop(event.run, None)
        elif event.role == ERROR:
            first = self.first.get(event.run)
            if first is None:
                self.first[event.run] = event
            else:
                self.report(f"second error event (event {event.index}, line {event.line}) for the run that already "
                            f"failed at line {first.line} (event {first.index})", event=event)


class EventAfterTerminal(Rule):
    code = "L103"
    name = "event-after-terminal"
    severity = Severity.ERROR
    summary = "an event after the run's terminal event"
    explain = """\
## What
An event follows the terminal event of its run. A new run's start event is allowed (AG-UI 1.0 accepts
`RUN_STARTED` after `RUN_FINISHED` or `RUN_ERROR`); a `RUN_ERROR` after `RUN_FINISHED` is two terminals for
one run and is reported even though the official verifier lets it pass.

## Why it breaks clients
Clients stop reading, or fail the run, at the terminal event ("The run has already finished with
'RUN_FINISHED'"); whatever follows is lost or turns a success into a failure.

## How to fix
Send nothing for a run after its terminal event; flush pending output before it.
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.terminal: Event | None = None
        self.reported = False  # one finding per terminal: the first event after it

    def on_event(self, event: Event) -> None:
        role = event.role
        term = self.terminal
        if role == START:
            self.terminal = None
            self.reported = False
            if term is not None and term.role == ERROR and self.ctx.settings.get("agui_version") == 0:
                self.report(f"RUN_STARTED after RUN_ERROR (event {term.index}): 0.x clients treat RUN_ERROR as "
                            "permanently terminal", event=event)
            return
        if term is None:
            if self.ctx.profile.is_terminal(event):  # type: ignore[union-attr]
                self.terminal = event
            return
        if role == HEARTBEAT or role == DONE or role == META:
            return
        if role == ERROR and term.role == ERROR:
            return  # L102 duplicate-error
        if role == SUCCESS and term.role == ERROR:
            return  # L104 success-after-error
        if self.reported:
            return
        self.reported = True
        describe = self.ctx.profile.describe  # type: ignore[union-attr]
        self.report(f"{describe(event)} (event {event.index}) after the run's terminal {describe(term)} at line "
                    f"{term.line} (event {term.index})", event=event)

    def on_batch(self, batch: Batch) -> bool:
        return batch.role == CONTENT and self.terminal is None


class SuccessAfterError(Rule):
    code = "L104"
    name = "success-after-error"
    severity = Severity.ERROR
    summary = "a success terminal after an error in the same run"
    roles = frozenset({START, ERROR, SUCCESS})
    explain = """\
## What
A run reports an error and then a success terminal (`RUN_FINISHED`, `finish_reason: "stop"` + `[DONE]`,
`message_stop`, `response.completed`).

## Why it breaks clients
The stream claims success after a failure: clients that look only at the end (most SDK helpers) report a
successful, possibly empty, answer (seed 003: the agent crashed and the gateway still said `stop`).

## How to fix
After an error, end the stream with the error terminal only; never fall through to the success path.
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.errors: dict[str | None, Event] = {}

    def on_event(self, event: Event) -> None:
        if event.role == START:
            self.errors.pop(event.run, None)
        elif event.role == ERROR:
            self.errors.setdefault(event.run, event)
        elif event.role == SUCCESS and event.run in self.errors:
            err = self.errors[event.run]
            self.report(f"{self.ctx.profile.describe(event)} (event {event.index}) claims success after "  # type: ignore[union-attr]
                        f"the error at line "
                        f"{err.line} (event {err.index})", event=event)


class HollowSuccess(Rule):
    code = "L105"
    name = "hollow-success"
    severity = Severity.WARNING
    summary = "a success terminal for a run that produced nothing"
    explain = """\
## What
A run ends with a success terminal but produced no content: no text, no tool call, no state, and (where the
protocol reports it) zero output usage.

## Why it breaks clients
A "success" with nothing in it is usually a swallowed failure (seed 003: the task crashed, the exception was
caught, and the stream ended normally). Clients show an empty answer and never retry.

## How to fix
Let failures reach the error path; if an empty answer is legitimate, say so in the payload.
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.content = False
        self.started: Event | None = None

    def on_event(self, event: Event) -> None:
        role = event.role
        if role == START:
            self.content = False
            self.started = event
        elif role == CONTENT:
            self.content = True
        elif role == SUCCESS:
            if not self.content and not self._has_output(event):
                self.report(f"{self.ctx.profile.describe(event)} (event {event.index}) ends a run that "  # type: ignore[union-attr]
                            "produced no content",
                            event=event)
            self.content = False

    def on_batch(self, batch: Batch) -> bool:
        if batch.role != CONTENT:
            return False
        self.content = True
        return True

    @staticmethod
    def _has_output(event: Event) -> bool:
        p = event.payload
        return isinstance(p, dict) and p.get("result") not in (None, "", {}, [])


class OpaqueError(Rule):
    code = "L106"
    name = "opaque-error"
    severity = Severity.WARNING
    summary = "an error event with neither a code nor any detail beyond a generic headline"
    roles = frozenset({ERROR})
    explain = """\
## What
An error event carries only a headline ("Provider returned error", "An error occurred"): no `code`, and no
detail (AG-UI `rawEvent`, a provider message) beyond it.

## Why it breaks clients
Nobody can act on it: clients cannot tell a rate limit from a bad request, so they cannot retry sensibly,
and the operator cannot diagnose it (seed 001: the provider's detail was dropped by the adapter).

## How to fix
Send a stable machine-readable `code` and the provider's error detail (`rawEvent` in AG-UI) — with
credentials and internal stack traces removed.
"""

    def on_event(self, event: Event) -> None:
        if event.role != ERROR:
            return
        code, headline, detail = error_facts(event.payload)
        if code is None and not detail:
            shown = headline[:80] if headline else "(empty)"
            self.report(f"error event {event.index} has no code and no detail beyond {shown!r}", event=event)


_SEQ = re.compile(r"^(.*?)(\d{1,18})$")


class IdRegression(Rule):
    code = "L107"
    name = "id-regression"
    severity = Severity.WARNING
    summary = "SSE id values that repeat or go backwards when they look sequential"
    explain = """\
## What
The `id:` values look sequential (numbers, or a common prefix with a number) but one repeats or is lower
than the one before.

## Why it breaks clients
On reconnect, browsers send the last id as `Last-Event-ID` and the server resumes after it; ids that go
backwards make it replay or skip events (seed 002 relied on sequence numbers to resume).

## How to fix
Generate ids from one monotonic counter per stream (or per resumable resource), never per worker or per
retry.
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.prev: tuple[str, int, Event] | None = None
        self.count = 0

    def on_event(self, event: Event) -> None:
        if not event.id_set:
            return
        m = _SEQ.match(event.id)
        if m is None:
            self.prev = None
            return
        prefix, num = m.group(1), int(m.group(2))
        prev = self.prev
        self.prev = (prefix, num, event)
        if prev is None or prev[0] != prefix or num > prev[1]:
            return
        self.count += 1
        if self.count <= 20:
            verb = "repeats" if num == prev[1] else "goes back from"
            self.report(f"event id {event.id!r} {verb} {prev[2].id!r} (event {prev[2].index}, line {prev[2].line})",
                        event=event, hint="resume with Last-Event-ID would replay or skip events")

    def on_batch(self, batch: Batch) -> bool:
        return True  # batched events carry no id field

    def on_end(self, end: End) -> None:
        if self.count > 20:
            self.report(f"{self.count - 20} more id regressions not shown", location=Location())


class ErrorInCommittedStream(Rule):
    code = "L108"
    name = "error-in-committed-stream"
    severity = Severity.WARNING
    summary = "the first meaningful event of a 2xx stream is an error"
    needs = ("head",)
    explain = """\
## What
A `200` event stream whose first meaningful event (heartbeats and a bare start event aside) is an error: the
server committed the status before it knew the outcome.

## Why it breaks clients
Clients that retry or branch on the HTTP status never do: the failure arrives as a 200, often as a generic
`APIError` or `APIStatusError` with status 200 (anthropic-sdk-python #1258), and load balancers count it as
a success.

## How to fix
Start the upstream request (or validate the input) before committing the response; answer early failures with
a non-2xx JSON error, and stream only once the first real token is there.
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.done = False

    def on_event(self, event: Event) -> None:
        if self.done or event.role in (HEARTBEAT, START, META, None) or event.role == "other" and event.kind in (
                "response.in_progress", "response.queued", "start-step"):
            return
        self.done = True
        self.ctx.retire(self)  # only the first meaningful event counts
        resp = self.ctx.response
        if event.role == ERROR and resp is not None and 200 <= resp.status < 300:
            self.report(f"the first meaningful event ({self.ctx.profile.describe(event)}, event {event.index}) is an "  # type: ignore[union-attr]
                        f"error in a {resp.status} response", event=event)

    def on_batch(self, batch: Batch) -> bool:
        if batch.role != CONTENT:
            return False
        self.done = True  # content is meaningful and not an error
        self.ctx.retire(self)
        return True


RULES: tuple[type[Rule], ...] = (NoTerminalEvent, DuplicateError, EventAfterTerminal, SuccessAfterError,
                                 HollowSuccess, OpaqueError, IdRegression, ErrorInCommittedStream)
