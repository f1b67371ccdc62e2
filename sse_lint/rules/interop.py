"""I101: the stream would be seen differently by a real client than the WHATWG algorithm says.

The client models (``sse_lint.interop``) consume the same chunks in the same pass; each is compared with
the spec parser's events as both advance, so only the events one side is ahead by are kept.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from ..bytescan import chunk_scan
from ..findings import Location, Severity
from .base import Rule

if TYPE_CHECKING:
    from ..batch import Batch
    from ..interop.base import Dialect, View
    from ..sources.model import End, Response
    from ..sse import Event

DEFAULT_CLIENTS = ("httpx-sse", "sseclient-py", "eventsource")
#: clients that read an ordinary stream (see ``ClientDivergence._boring``) exactly as the spec does
FAST_SAFE = frozenset({"agui-client", "httpx-sse", "sseclient-py", "eventsource", "aiohttp-sse-client", "openai-sdk"})
UNSAFE = (b"\r", b"\x00", b"\xef\xbb\xbf", b"\nid", b"\nretry", b"\nevent", b"\n:", b"data:\n", b"data:  ",
          b"\n\n\n", b"[DONE]", b"\ndata\n")
UNSAFE_SET = frozenset(UNSAFE)
LINE_STARTS = (b"id", b"retry", b"event", b":", b"data\n")
PREFIX = 1 << 20  # body bytes kept to explain a divergence (causes are about framing: BOMs, line ends)
HUGE = 1 << 20  # an event this large stops the client models, which would each buffer all of it


class _Track:
    __slots__ = ("dialect", "spec", "seen", "spec_index", "client_index", "done", "roles")

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.spec: deque[View] = deque()
        self.seen: deque[View] = deque()
        self.spec_index = 0  # index (in the spec's events) of spec[0]
        self.client_index = 0
        self.done = False
        self.roles: deque[str | None] = deque()  # the profile's role of each spec event in ``spec``


class ClientDivergence(Rule):
    code = "I101"
    name = "client-divergence"
    severity = Severity.WARNING
    summary = "a real client would see different events than the spec says (error when the reference client fails)"
    explain = """\
## What
A widely used SSE client, modelled from its source and checked against the real library, would deliver
different events than the WHATWG algorithm: `@ag-ui/client` splits events on `\\n\\n` only (CRLF framing fails
the run), httpx-sse and the OpenAI SDK keep a leading BOM and dispatch data-less events, sseclient-py merges
events at mixed line ends and dispatches an unterminated last event, npm `eventsource` strips two BOMs,
the Anthropic SDK drops events without an `event:` name. One finding per client, at the first divergence.
An error when the profile's own reference client (`@ag-ui/client` for AG-UI, the `openai` SDK for OpenAI
formats, the `anthropic` SDK for Anthropic) would fail the run.

## Why it breaks clients
The stream is valid, or nearly, yet the client your users run loses or merges events, or fails the run.
`sse-lint interop FILE` shows the whole matrix.

## How to fix
Frame events with LF and a blank line, no BOM, always `data:` with a JSON payload, the final blank line
included; name events where the protocol names them. `--clients` chooses which clients to consider.
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.tracks: list[_Track] | None = None  # made once the profile is known (its reference clients)
        self.ctype: str | None = None
        self.reference: set[str] = set()
        self.prefix = bytearray()
        # Fast path: while the bytes and events hold nothing any chosen client reads differently (no CR, BOM,
        # NUL, id, retry, event names, comments, empty data, blank-line runs, [DONE], invalid UTF-8, payloads
        # that are not objects or carry `error`), every client sees exactly the spec's events, so the models
        # are not run; only the bytes after the last such event are kept. The first unusual byte or event
        # starts the models there, where each of them is at an event boundary with no state.
        self.fast = ctx.settings.get("interop_fast", True)
        self.window = bytearray()  # bytes from ``window_start`` on, not yet given to the models
        self.window_start = 0  # absolute offset of window[0]
        self.cut_to = 0  # bytes before this offset belong to ordinary events every client saw as the spec
        self.window_events: list[tuple[View, str | None]] = []  # spec events after ``cut_to``
        self.skipped = 0  # spec events before ``cut_to``
        self.last = b""  # the last 8 bytes seen (markers across chunk boundaries)
        self.carry = b""  # an incomplete UTF-8 sequence at a chunk's end
        self.needs_type: bool | None = None
        self.needs_json = False
        self.since_event = 0  # bytes since the last dispatched event (after the models started)
        self.stopped = False
        self.scan = chunk_scan(ctx.shared)  # one pass per chunk for UNSAFE, shared with X101's markers
        self.scan.want(UNSAFE)

    def _clients(self) -> list[str]:
        from ..interop import DIALECTS, for_profile

        profile = self.ctx.profile.name if self.ctx.profile is not None else "generic"
        self.reference = set(for_profile(profile)) - {"browser"}
        wanted = self.ctx.settings.get("clients")
        names = list(wanted) if wanted else [*sorted(self.reference), *DEFAULT_CLIENTS]
        return [n for n in dict.fromkeys(names) if n in DIALECTS and n not in ("spec", "browser")]

    def _trim(self) -> None:
        if self.cut_to > self.window_start:
            del self.window[: self.cut_to - self.window_start]
            self.window_start = self.cut_to

    def _start(self) -> list[_Track]:
        """Run the client models from ``cut_to`` on (the whole stream when nothing was skipped)."""
        from ..interop import DIALECTS

        self._trim()
        tracks = [_Track(DIALECTS[n]()) for n in self._clients()]
        window = bytes(self.window)
        for t in tracks:
            t.dialect.reset(self.ctype)
            t.spec_index = t.client_index = self.skipped
            for view, role in self.window_events:
                if t.dialect.hidden(view):
                    t.spec_index += 1
                else:
                    t.spec.append(view)
                    t.roles.append(role)
            if window:
                t.seen.extend(t.dialect.feed(window))
        self.tracks, self.fast = tracks, False
        self.window, self.window_events = bytearray(), []
        for t in tracks:
            self._compare(t)
        return tracks

    def on_head(self, response: Response) -> None:
        self.ctype = response.header("content-type")
        media, _, params = (self.ctype or "").partition(";")
        if media.strip().lower() != "text/event-stream" or params.strip():
            self.fast = False  # clients check the media type or decode with its charset

    def _boring(self, data: bytes) -> bool:
        edge = self.last + data[:8]  # markers split across chunks (the longest is 7 bytes)
        if self.scan.found(data) & UNSAFE_SET or any(m in edge for m in UNSAFE):
            return False
        if (not self.last or self.last.endswith(b"\n")) and data.startswith(LINE_STARTS):
            return False
        if not data.isascii():
            text = self.carry + data
            try:
                text.decode()
                self.carry = b""
            except UnicodeDecodeError as e:
                if e.start < len(text) - 3 or e.reason != "unexpected end of data":
                    return False
                self.carry = text[e.start:]
        return True

    def on_chunk(self, t: float | None, data: bytes) -> None:
        if len(self.prefix) < PREFIX:
            self.prefix += data[: PREFIX - len(self.prefix)]
        tracks = self.tracks
        if tracks is None:
            if self.fast and not self._boring(data):
                self.fast = False
            self.last = (self.last + data)[-8:]
            self._trim()
            self.window += data
            # models start once the profile names its clients, or when one event outgrows the window
            if len(self.window) > PREFIX or (not self.fast and self.ctx.profile is not None):
                self._start()
            return
        self.since_event += len(data)
        if self.since_event > HUGE:
            self._stop()
            return
        for track in tracks:
            if not track.done:
                result = track.dialect.result
                track.seen.extend(track.dialect.feed(data))
                del result.events[:]  # the model's own record of what it delivered would grow with the stream
                del result.retries[:]
                self._compare(track)

    def _stop(self) -> None:
        """One event larger than any client buffers sensibly (and than the parser keeps): the models would hold
        it all and the spec's copy is cut, so comparing stops here (S110 reports the size)."""
        for track in self.tracks or ():
            if not track.done:
                track.done = True
                track.spec.clear()
                track.roles.clear()
                track.seen.clear()
        if not self.stopped:
            self.stopped = True
            self.ctx.report.notes.append(f"client models (I101) stopped at an event over {HUGE >> 20} MiB")

    def on_event(self, event: Event) -> None:
        self.since_event = 0
        if event.truncated:
            if self.tracks is None:
                self._start()
            self._stop()
            return
        if self.tracks is None:
            if self.needs_type is None:  # the first event: the profile, so the clients, are known now
                from ..interop import DIALECTS

                clients = self._clients()
                self.fast = self.fast and all(n in FAST_SAFE for n in clients)
                self.needs_type = "agui-client" in clients  # it fails on a frame without a string "type"
                self.needs_json = any(DIALECTS[n].json_data for n in clients)  # they parse (and judge) the data
            payload = event.payload
            if self.fast and not event.named and not event.id_set and event.retry is None and (
                    not self.needs_json or (event.role not in ("invalid", "unknown") and payload.__class__ is dict
                                            and "error" not in payload  # type: ignore[operator]
                                            and (not self.needs_type or payload.get("type").__class__ is str))):  # type: ignore[union-attr]
                self.cut_to = event.end + 1  # through the blank line that dispatched it (LF: one byte)
                self.skipped += 1
                return
            self.window_events.append(((event.type, event.data, event.id), event.role))
            self._start()
            return
        view = (event.type, event.data, event.id)
        for track in self.tracks:
            if not track.done:
                if not track.dialect.hidden(view):
                    track.spec.append(view)
                    track.roles.append(event.role)
                else:
                    track.spec_index += 1
                self._compare(track)

    def on_batch(self, batch: Batch) -> bool:
        # batched events are ordinary for every client (message type, no id or retry, a JSON object with a
        # string type and no error): while the models are not running they are skipped as in on_event
        if self.tracks is not None or self.needs_type is None or not self.fast:
            return False
        self.since_event = 0
        self.cut_to = batch.end + 1
        self.skipped += batch.count
        return True

    def _compare(self, track: _Track) -> None:
        from ..interop import same

        while track.spec and track.seen:
            s, c = track.spec[0], track.seen[0]
            if not same(s, c, track.dialect):
                self._diverge(track, s, c)
                return
            track.spec.popleft()
            track.roles.popleft()
            track.seen.popleft()
            track.spec_index += 1
            track.client_index += 1
        if track.spec and track.dialect.result.failure is not None:
            self._diverge(track, track.spec[0], None)

    def on_end(self, end: End) -> None:
        if self.tracks is None and self.fast:
            self._trim()
            if not self.window and not self.window_events:
                return  # every byte and event was ordinary: all clients saw the spec's stream
        for track in self.tracks if self.tracks is not None else self._start():
            if track.done:
                continue
            track.seen.extend(track.dialect.close())
            self._compare(track)
            if track.done:
                continue
            if track.spec:
                self._diverge(track, track.spec[0], None)
            elif track.seen:
                self._diverge(track, None, track.seen[0])
            elif track.dialect.result.failure is not None:
                self._diverge(track, None, None)

    def _diverge(self, track: _Track, spec_view: View | None, client_view: View | None) -> None:

        track.done = True
        d = track.dialect
        if d.result.failure is not None and track.roles and track.roles[0] == "error":
            return  # the client raises on an error event: that is how it reports errors, not a divergence
        cause = self._cause(d, track.spec_index, spec_view, client_view)
        fatal = d.result.failure is not None
        severity = Severity.ERROR if fatal and d.name in self.reference else None
        verb = "would fail this run" if fatal else "would see a different stream"
        failure = f" ({d.result.failure})" if fatal and d.result.failure and d.result.failure not in cause else ""
        self.report(f"{d.label} {verb} at event {track.spec_index}: {cause}{failure}",
                    location=Location(None, None, None, track.spec_index), severity=severity,
                    hint="see `sse-lint interop` for every client's view")
        track.spec.clear()
        track.roles.clear()
        track.seen.clear()


    def _cause(self, d: Dialect, index: int, spec_view: View | None, client_view: View | None) -> str:
        """Why: the model is run again over the stream's first MiB, as ``sse_lint.interop.compare`` does, so the
        explanation is the same whether or not the fast path skipped the start of the stream."""
        from ..interop.base import CauseContext, first_divergence, generic_cause
        from ..interop.spec import Spec

        body = bytes(self.prefix)
        try:
            spec = Spec().run([body]).events
            fresh = type(d)()
            result = fresh.run([body], content_type=self.ctype)
            div = first_divergence(fresh, spec, result)
            if div is not None and div[0] == index:
                return fresh.cause(CauseContext(body, spec, result, *div))
            return generic_cause(CauseContext(body, spec, d.result, index, index, spec_view, client_view))
        except Exception as e:  # noqa: BLE001 - explaining must never hide the finding
            return f"(cause unknown: {type(e).__name__})"


RULES: tuple[type[Rule], ...] = (ClientDivergence,)
