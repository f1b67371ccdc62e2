"""T: timing rules. They need arrival times (a live check, or a JSONL transcript)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..findings import Location, Severity
from ..profiles.base import CONTENT, ERROR, START, SUCCESS
from .base import Rule
from .lifecycle import describe_end

if TYPE_CHECKING:
    from ..batch import Batch
    from ..sources.model import End, Response
    from ..sse import Event

DEFAULTS = {"first_byte_warn": 10.0, "stall": 15.0, "burst_window": 0.05, "burst_share": 0.9, "burst_silence": 2.0,
            "headers_wait": 1.0}


class _Arrivals:
    """When events arrived, counted per chunk instead of per event.

    Events are dispatched only while a chunk is parsed, and each carries that chunk's arrival time; so at the
    next chunk (before it is parsed) or at the end, the events dispatched since the last chunk all arrived at
    that chunk's time. ``last`` is the arrival time of the last event.
    """

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        self.ctx = ctx
        self.seen = 0
        self.t: float | None = None
        self.last: float | None = None

    def chunk(self, t: float | None, arrived: Callable[[float, int], None] | None = None) -> None:
        parser = self.ctx.parser
        count = parser.events if parser is not None else 0
        n, self.seen = count - self.seen, count
        if n and self.t is not None:
            self.last = self.t
            if arrived is not None:
                arrived(self.t, n)
        self.t = t


class TimingRule(Rule):
    needs = ("timing",)

    def setting(self, key: str) -> float:
        value = self.ctx.settings.get(key, DEFAULTS[key])
        return float(value)


class SlowFirstByte(TimingRule):
    code = "T101"
    name = "slow-first-byte"
    severity = Severity.WARNING
    summary = "no body byte within the first-byte threshold (default 10 s)"
    explain = """\
## What
The first byte of the body arrived later than the threshold (`first-byte-warn`, default 10 s) after the request.

## Why it breaks clients
Users see nothing; proxies and load balancers (often 30–60 s) cut requests that send nothing; clients time out
and retry a request that is still running.

## How to fix
Commit the head and send a first event (`RUN_STARTED`, or a `: comment`) as soon as the request is accepted,
before slow work starts.
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.seen = False

    def on_chunk(self, t: float | None, data: bytes) -> None:
        if self.seen or t is None:
            return
        self.seen = True
        if t > self.setting("first_byte_warn"):
            self.report(f"first body byte after {t:.1f} s (threshold {self.setting('first_byte_warn'):g} s)",
                        location=Location(0, None, None, None))


class Stall(TimingRule):
    code = "T102"
    name = "stall"
    severity = Severity.WARNING
    summary = "a gap with no bytes longer than the idle threshold (default 15 s)"
    explain = """\
## What
No bytes at all (comments and pings count) arrived for longer than the `stall` threshold (default 15 s).

## Why it breaks clients
Proxies, load balancers and browsers cut idle connections (nginx 60 s, many LBs 30 s); clients cannot tell a
slow model from a dead server.

## How to fix
Send a heartbeat (`: ping` comment) every 10–15 s while work is pending.
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.last: float | None = None
        self.offset = 0
        self.count = 0

    def on_head(self, response: Response) -> None:
        self.last = response.t

    def on_chunk(self, t: float | None, data: bytes) -> None:
        if t is None:
            return
        limit = self.setting("stall")
        if self.last is not None and t - self.last > limit and self.count < 20:
            self.count += 1
            self.report(f"no bytes for {t - self.last:.1f} s (from {self.last:.1f} s to {t:.1f} s, threshold "
                        f"{limit:g} s)", location=Location(self.offset, None, None, None),
                        hint="send a `: ping` comment every 10-15 s while work is pending")
        self.last = t
        self.offset += len(data)

    def on_end(self, end: End) -> None:
        limit = self.setting("stall")
        if end.t is not None and self.last is not None and end.t - self.last > limit and self.count < 20:
            self.report(f"no bytes for {end.t - self.last:.1f} s before the stream ended ({end.reason})",
                        location=Location(self.offset, None, None, None))


class Hang(TimingRule):
    code = "T103"
    name = "hang"
    severity = Severity.ERROR
    summary = "the stream was still open with no terminal event when the time or idle limit ran out"
    explain = """\
## What
The check gave up (`--max-time` or `--idle-timeout`) while the stream was still open and had sent no terminal
event. (When the stream's protocol has runs, the open run is reported by L101 with the same timings.)

## Why it breaks clients
Clients wait forever: seed 002's setup failure left the client hanging with no error event.

## How to fix
Put a deadline on server-side work and always end the stream — with an error event when the work fails.
"""

    roles = frozenset({START, CONTENT, ERROR, SUCCESS})

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.lifecycle = False
        self.arrivals = _Arrivals(ctx)

    def on_chunk(self, t: float | None, data: bytes) -> None:
        self.arrivals.chunk(t)

    def on_event(self, event: Event) -> None:
        self._has_runs()

    def on_batch(self, batch: Batch) -> bool:
        self._has_runs()
        return True

    def _has_runs(self) -> None:
        self.lifecycle = True  # the stream has runs: L101 reports the open one, so nothing more to see here
        self.ctx.retire(self)

    def on_end(self, end: End) -> None:
        self.arrivals.chunk(None)
        if end.reason in ("timeout", "idle-timeout") and not self.lifecycle:
            self.report(f"the stream hung: {describe_end(end, self.arrivals.last)}, after {self.ctx.report.events} "
                        "events")


class BufferedDelivery(TimingRule):
    code = "T104"
    name = "buffered-delivery"
    severity = Severity.WARNING
    summary = "events produced over time arrived in one burst (a buffering proxy or framework)"
    explain = """\
## What
Most events (by default over 90%) arrived within 50 ms of each other at the end, after a long silence: the
stream was produced over time but delivered at once.

## Why it breaks clients
Streaming is defeated: users wait for the whole answer, and idle timeouts fire during the silence. Typical
causes: a proxy buffering (`X-Accel-Buffering`), compression middleware, a framework collecting the
generator, a missing flush.

## How to fix
Disable buffering for `text/event-stream` (nginx `X-Accel-Buffering: no`, no gzip), flush after each event.
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.times: deque[list[float]] = deque()  # [arrival time, events that arrived then], oldest first
        self.recent = 0  # events in ``times``
        self.total = 0
        self.head = 0.0
        self.window = self.setting("burst_window")
        self.arrivals = _Arrivals(ctx)

    def on_head(self, response: Response) -> None:
        self.head = response.t or 0.0

    def on_chunk(self, t: float | None, data: bytes) -> None:
        self.arrivals.chunk(t, self._arrived)

    def _arrived(self, t: float, n: int) -> None:
        self.total += n
        self.recent += n
        # keep only the events within the window before the newest: the candidate final burst
        times = self.times
        if times and times[-1][0] == t:
            times[-1][1] += n
        else:
            times.append([t, n])
        while times[0][0] < t - self.window:
            self.recent -= int(times.popleft()[1])

    def on_end(self, end: End) -> None:
        self.arrivals.chunk(None, self._arrived)
        if self.total < 10 or not self.times:
            return
        share = self.recent / self.total
        first, last = self.times[0][0], self.times[-1][0]
        silence = first  # since the request: a late head is part of the silence
        if share >= self.setting("burst_share") and silence >= self.setting("burst_silence"):
            self.report(f"{self.recent} of {self.total} events arrived within "
                        f"{(last - first) * 1000:.0f} ms after {silence:.1f} s of silence")


class HeadersWithheld(TimingRule):
    code = "T105"
    name = "headers-withheld"
    severity = Severity.INFO
    summary = "response headers arrived only together with the first body bytes after a long wait"
    explain = """\
## What
The response head arrived late (over 1 s) and only together with the first body bytes.

## Why it breaks clients
The server does not commit the head early, so clients cannot tell "accepted, working" from "not answering";
errors found before streaming and after are indistinguishable.

## How to fix
Send the head (and flush) as soon as the request is accepted.
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.head: float | None = None
        self.done = False

    def on_head(self, response: Response) -> None:
        self.head = response.t

    def on_chunk(self, t: float | None, data: bytes) -> None:
        if self.done or t is None or self.head is None:
            return
        self.done = True
        if self.head >= self.setting("headers_wait") and t - self.head < 0.01:
            self.report(f"the head arrived after {self.head:.1f} s, together with the first body bytes")


class ExpectationMismatch(Rule):
    code = "T106"
    name = "expectation-mismatch"
    severity = Severity.ERROR
    summary = "the stream did not end as --expect said it should"
    roles = frozenset({ERROR, SUCCESS})
    explain = """\
## What
`--expect error` was given (the request is built to fail: a bad model, a bad key) but the stream reported no
error, or claimed success; or `--expect success` was given and the stream carried an error.

## Why it breaks clients
A failure reported as success is the worst streaming bug: seed 003's gateway said `finish_reason: "stop"`
after the agent crashed, so clients showed an empty answer as complete.

## How to fix
Propagate failures to the stream's error event; never fall through to the success path.
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.error: Event | None = None
        self.success: Event | None = None

    def on_event(self, event: Event) -> None:
        if event.role == ERROR and self.error is None:
            self.error = event
        elif event.role == SUCCESS and self.success is None:
            self.success = event

    def on_end(self, end: End) -> None:
        expect = self.ctx.settings.get("expect", "any")
        if expect == "error" and self.error is None:
            if self.success is not None:
                self.report(f"expected an error, but the stream claims success at event {self.success.index}",
                            event=self.success)
            else:
                self.report(f"expected an error event, but none was sent ({describe_end(end)})")
        elif expect == "success" and self.error is not None:
            self.report(f"expected success, but event {self.error.index} is an error", event=self.error)


RULES: tuple[type[Rule], ...] = (SlowFirstByte, Stall, Hang, BufferedDelivery, HeadersWithheld,
                                 ExpectationMismatch)
