"""S: SSE framing rules. They need only the body bytes; the parser reports the anomalies."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from .. import sse
from ..findings import Severity
from .base import Rule

if TYPE_CHECKING:
    from ..sources.model import End
    from ..sse import Anomaly, Event

SPEC = "https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream"


class AnomalyRule(Rule):
    """A framing rule that reports each parser anomaly of its kind, at most ``limit`` times."""

    limit: ClassVar[int] = 50
    hint: ClassVar[str | None] = None

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.count = 0

    def on_anomaly(self, anomaly: Anomaly) -> None:
        self.count += 1
        if self.count <= self.limit:
            self.report(anomaly.detail, anomaly=anomaly, hint=self.hint)

    def on_end(self, end: End) -> None:
        if self.count > self.limit:
            self.report(f"{self.count - self.limit} more {self.name} findings not shown")


class StrayJson(AnomalyRule):
    code = "S101"
    name = "stray-json"
    severity = Severity.ERROR
    summary = "a JSON value written outside any SSE field"
    anomalies = (sse.STRAY_JSON,)
    hint = "write errors as an SSE event (`event: error` + `data: {...}`) or as a non-2xx response before streaming"
    explain = f"""\
## What
A line outside any field starts a JSON value (`{{` or `[`): a JSON body was written into the event stream.
When SSE text follows the JSON on the same line, that field is swallowed too.

## Why it breaks clients
The SSE algorithm treats the whole line as a field with an unknown name and ignores it ({SPEC}).
The JSON (often an error) never reaches the application, and a glued-on `event: message_start` is lost,
so the next `data:` line is dispatched as a plain `message` and typed clients drop or misread it.

## How to fix
Commit the SSE response head before writing anything, and send errors as events. If the failure happens
before streaming, answer with a non-2xx JSON response and no SSE at all. Guard concurrent writers of one
response (seed 004 was a race between two goroutines).

## Example
```
{{"error":{{"message":"all configured keys are rate-limited"}}}}event: message_start
data: {{"type":"message_start","message":{{...}}}}
```
"""


class UnknownField(AnomalyRule):
    code = "S102"
    name = "unknown-field"
    severity = Severity.WARNING
    summary = "a field name other than data, event, id or retry"
    anomalies = (sse.UNKNOWN_FIELD,)
    hint = "use only data, event, id and retry; put everything else inside the data payload"
    explain = f"""\
## What
A line's field name is not `data`, `event`, `id` or `retry` (the name is everything before the first colon).

## Why it breaks clients
Spec-following clients ignore the whole line ({SPEC}), so whatever it carried is lost. It often means a
typo (`Data:`, `data :`), a missing `data:` prefix, or text from another format leaking into the stream.

## How to fix
Prefix every payload line with `data: `; field names are case-sensitive and take no space before the colon.

## Example
```
message: hello        <- ignored
data: hello           <- dispatched
```
"""


class UnterminatedEvent(AnomalyRule):
    code = "S103"
    name = "unterminated-event"
    severity = Severity.ERROR
    summary = "the stream ends inside an event (no blank line after its last field)"
    anomalies = (sse.UNTERMINATED,)
    hint = "end every event with a blank line (\\n\\n), the last one too, and flush before closing"
    explain = f"""\
## What
The stream ended after data lines that were never followed by a blank line.

## Why it breaks clients
"If the file ends in the middle of an event, before the final empty line, the incomplete event is not
dispatched" ({SPEC}). Browsers, httpx-sse and the OpenAI SDK drop it; some other clients dispatch it, so
clients disagree about the last event, which is often the terminal one.

## How to fix
Terminate every event with an empty line and flush it before closing the connection.

## Example
```
data: {{"type":"RUN_FINISHED"}}     <- no blank line follows: dropped
```
"""


class InvalidUtf8(AnomalyRule):
    code = "S104"
    name = "invalid-utf8"
    severity = Severity.ERROR
    summary = "bytes that are not UTF-8"
    anomalies = (sse.INVALID_UTF8,)
    hint = "encode the stream as UTF-8; never split a multi-byte character across writes of different encoders"
    explain = f"""\
## What
The stream contains bytes that are not valid UTF-8.

## Why it breaks clients
Event streams are always UTF-8 ({SPEC}); browsers replace bad bytes with U+FFFD, corrupting the text and any
JSON string in it, while sseclient-py and aiohttp-sse-client raise and end the stream.

## How to fix
Encode everything as UTF-8, whatever the platform default or the upstream encoding.

## Example
```
data: caf\\xe9     <- Latin-1 "é"
```
"""


class MixedLineEndings(AnomalyRule):
    code = "S105"
    name = "mixed-line-endings"
    severity = Severity.WARNING
    summary = "more than one of CRLF, LF and CR used as line ends"
    anomalies = (sse.MIXED_ENDINGS,)
    hint = "use one line ending throughout, preferably LF"
    explain = f"""\
## What
The stream uses more than one line ending style.

## Why it breaks clients
The spec accepts CRLF, LF and CR ({SPEC}), but many clients do not: `@ag-ui/client` splits events on
`\\n\\n` only, sseclient-py misses boundaries like `\\n\\r\\n`, aiohttp-sse-client ignores lone CR. Mixed
endings usually mean two writers (a framework and hand-written frames) share a response.

## How to fix
Pick one ending (LF is the safest) for every writer of the stream.
"""


class MisplacedBom(AnomalyRule):
    code = "S106"
    name = "misplaced-bom"
    severity = Severity.WARNING
    summary = "a byte order mark after the first bytes, or more than one"
    anomalies = (sse.MISPLACED_BOM,)
    hint = "write no BOM at all, or exactly one as the very first bytes"
    explain = f"""\
## What
A UTF-8 byte order mark (EF BB BF) appears somewhere other than the first three bytes of the stream.

## Why it breaks clients
Only one leading BOM is stripped ({SPEC}); any other becomes part of the next field name, which is then
unknown, so the line is ignored. Some clients (npm `eventsource`) strip two, others none.

## How to fix
Do not write a BOM; never concatenate streams or files that each start with one.
"""


class BadRetry(AnomalyRule):
    code = "S107"
    name = "bad-retry"
    severity = Severity.WARNING
    summary = "a retry value that is not all ASCII digits"
    anomalies = (sse.BAD_RETRY,)
    hint = "send the reconnection time as a whole number of milliseconds: `retry: 3000`"
    explain = f"""\
## What
A `retry` field whose value is not made only of ASCII digits.

## Why it breaks clients
Browsers ignore it ({SPEC}); httpx-sse and others parse it with `int()` and accept `-5` or ` 8`, so
clients reconnect on different schedules.

## How to fix
Write `retry: <milliseconds>` with digits only.
"""


class NulInId(AnomalyRule):
    code = "S108"
    name = "nul-in-id"
    severity = Severity.WARNING
    summary = "an id value containing NUL"
    anomalies = (sse.NUL_IN_ID,)
    hint = "use printable ids"
    explain = f"""\
## What
An `id` field whose value contains U+0000 NULL.

## Why it breaks clients
Spec-following clients ignore the field ({SPEC}), so the last event id stays as it was and a reconnect
resumes from the wrong place; sseclient-py accepts it, so clients disagree.

## How to fix
Use ids without NUL (and without CR/LF).
"""


class UndispatchedEvent(AnomalyRule):
    code = "S109"
    name = "undispatched-event"
    severity = Severity.WARNING
    summary = "fields sent for an event that is never dispatched because it has no data"
    anomalies = (sse.UNDISPATCHED,)
    hint = "give the event a data line (`data: {}`), or send a comment (`: ping`) as a heartbeat"
    explain = f"""\
## What
An event block set `event:` but had no `data` line.

## Why it breaks clients
"If the data buffer is an empty string, set the data buffer and the event type buffer to the empty string
and return" ({SPEC}): browsers never dispatch it. httpx-sse dispatches it, and the OpenAI SDK then fails
to parse its empty data as JSON, so the same bytes are a no-op in one client and a crash in another.

## How to fix
For heartbeats use a comment line (`: ping`). For named events always send a data line.

## Example
```
event: ping

```
"""


class OversizedLine(AnomalyRule):
    code = "S110"
    name = "oversized-line"
    severity = Severity.WARNING
    summary = "a line longer than the limit (default 1 MiB)"
    anomalies = (sse.OVERSIZED,)
    hint = "split large payloads, or raise --max-line-bytes if the size is intended"
    explain = """\
## What
A line (or one event's data) is longer than `--max-line-bytes` (default 1 MiB).

## Why it breaks clients
Clients buffer whole events: `@ag-ui/client` stops at 10 MB, proxies and SDK line readers have limits, and
a stream that never sends a line end exhausts client memory. sse-lint checks only the first bytes of such a
line and keeps going with bounded memory; events whose data was cut are not schema-checked.

## How to fix
Send large state as deltas or in smaller events; make sure every line ends.
"""


class NonJsonData(Rule):
    code = "S111"
    name = "non-json-data"
    severity = Severity.ERROR
    summary = "data that does not parse as JSON in a stream whose events carry JSON"
    explain = """\
## What
An event's `data` is not valid JSON, in a profile that expects JSON (AG-UI, OpenAI, Anthropic, Vercel), or
in a generic stream where every other event's data is JSON. `[DONE]` is not reported.

## Why it breaks clients
Typed clients call `JSON.parse` on every event; one bad event ends the whole run with a parse error
(`@ag-ui/client`: "Unexpected token"), losing everything after it.

## How to fix
Serialise every payload with a JSON encoder; never write partial JSON or Python reprs
(`{'a': 1}`, `True`, `None`).

## Example
```
data: {'type': 'TEXT_MESSAGE_CONTENT'}
```
"""
    limit = 20

    roles = frozenset({"invalid"})

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.bad: list[tuple[Event, str]] = []
        self.bad_count = 0

    def on_event(self, event: Event) -> None:
        err = self.ctx.json_error(event) or "not JSON"
        if self.ctx.expects_json:
            self._report(event, err)
            return
        self.bad_count += 1
        if len(self.bad) < self.limit:
            self.bad.append((event, err))

    def _report(self, event: Event, err: str) -> None:
        shown = event.data[:60]
        self.report(f"event {event.index} data is not JSON ({err}): {shown!r}", event=event)

    def on_end(self, end: End) -> None:
        if self.ctx.expects_json or not self.bad:
            return
        # generic profile: only a minority of non-JSON events among JSON ones is a finding
        json_events = getattr(self.ctx.profile, "json_events", 0)
        if json_events >= 2 and self.bad_count * 4 <= json_events:
            for event, err in self.bad:
                self._report(event, err)


RULES: tuple[type[Rule], ...] = (StrayJson, UnknownField, UnterminatedEvent, InvalidUtf8, MixedLineEndings,
                                 MisplacedBom, BadRetry, NulInId, UndispatchedEvent, OversizedLine, NonJsonData)
