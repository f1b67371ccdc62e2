"""I101: the stream would be seen differently by a real client than the WHATWG algorithm says.

The client models (``sse_lint.interop``) consume the same chunks in the same pass; each is compared with
the spec parser's events as both advance, so only the events one side is ahead by are kept.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from ..findings import Location, Severity
from .base import Rule

if TYPE_CHECKING:
    from ..interop.base import Dialect, View
    from ..sources.model import End, Response
    from ..sse import Event

DEFAULT_CLIENTS = ("httpx-sse", "sseclient-py", "eventsource")
PREFIX = 1 << 20  # body bytes kept to explain a divergence (causes are about framing: BOMs, line ends)


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
        self.pending: list[bytes] = []
        self.pending_size = 0
        self.ctype: str | None = None
        self.reference: set[str] = set()
        self.prefix = bytearray()

    def _start(self) -> list[_Track]:
        from ..interop import DIALECTS, for_profile

        profile = self.ctx.profile.name if self.ctx.profile is not None else "generic"
        self.reference = set(for_profile(profile)) - {"browser"}
        wanted = self.ctx.settings.get("clients")
        names = list(wanted) if wanted else [*sorted(self.reference), *DEFAULT_CLIENTS]
        tracks = [_Track(DIALECTS[n]()) for n in dict.fromkeys(names) if n in DIALECTS and n not in ("spec", "browser")]
        for t in tracks:
            t.dialect.reset(self.ctype)
            for chunk in self.pending:
                t.seen.extend(t.dialect.feed(chunk))
        self.pending = []
        self.tracks = tracks
        return tracks

    def on_head(self, response: Response) -> None:
        self.ctype = response.header("content-type")

    def on_chunk(self, t: float | None, data: bytes) -> None:
        if len(self.prefix) < PREFIX:
            self.prefix += data[: PREFIX - len(self.prefix)]
        tracks = self.tracks
        if tracks is None:
            self.pending.append(data)
            self.pending_size += len(data)
            if self.pending_size > PREFIX:  # no event for a long time: go on without knowing the profile
                self._start()
            return
        for track in tracks:
            if not track.done:
                track.seen.extend(track.dialect.feed(data))
                self._compare(track)

    def on_event(self, event: Event) -> None:
        tracks = self.tracks if self.tracks is not None else self._start()
        view = (event.type, event.data, event.id)
        for track in tracks:
            if not track.done:
                if not track.dialect.hidden(view):
                    track.spec.append(view)
                    track.roles.append(event.role)
                else:
                    track.spec_index += 1
                self._compare(track)

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
        from ..interop.base import CauseContext
        from ..interop.spec import Spec

        track.done = True
        d = track.dialect
        if d.result.failure is not None and track.roles and track.roles[0] == "error":
            return  # the client raises on an error event: that is how it reports errors, not a divergence
        body = bytes(self.prefix)
        ctx = CauseContext(body, Spec().run([body]).events, d.result, track.spec_index, track.client_index,
                           spec_view, client_view)
        try:
            cause = d.cause(ctx)
        except Exception as e:  # noqa: BLE001 - explaining must never hide the finding
            cause = f"(cause unknown: {type(e).__name__})"
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


RULES: tuple[type[Rule], ...] = (ClientDivergence,)
