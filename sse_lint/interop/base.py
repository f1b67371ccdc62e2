"""The dialect interface: how one real SSE client reads a byte stream, as a small pure-Python model.

A dialect is incremental: :meth:`Dialect.reset` starts a stream, :meth:`Dialect.feed` takes the next
chunk and returns the events that chunk delivered to the user, :meth:`Dialect.close` ends the body.
:meth:`Dialect.run` does all three. What the client did ends up in :attr:`Dialect.result`.

An event is seen as a *view* ``(type, data, id)``: ``type`` is the event type the user can tell
(name-blind clients report ``"message"`` for every event whose name they ignore), ``data`` the data
string, ``id`` the last event ID the client exposes with the event, or None when it exposes none.
No dialect imports the library it models: the real libraries are used by the tests only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

View = tuple[str, str, "str | None"]


@dataclass(slots=True)
class DialectResult:
    """What a client saw of one stream, and whether (and where) it failed."""

    events: list[View] = field(default_factory=list)
    #: what the client raises or reports, e.g. "SyntaxError: Unexpected end of JSON input"; None if it never fails
    failure: str | None = None
    #: index (in ``events``) of the event at which it failed: the number of events delivered before it
    failed_at: int | None = None
    #: per event, the ``retry`` value as the client hands it to the user (int, or the raw string for
    #: clients that do not parse it); empty for clients that expose none
    retries: list[Any] = field(default_factory=list)


@dataclass(slots=True)
class CauseContext:
    """Everything :meth:`Dialect.cause` may look at to explain a divergence."""

    body: bytes
    spec: list[View]
    result: DialectResult
    index: int  # in the spec's events
    client_index: int  # in the client's events
    spec_view: View | None
    client_view: View | None


class Dialect:
    """One client. Subclasses set the class attributes and implement ``_feed``/``_close``."""

    name: ClassVar[str]
    label: ClassVar[str]
    language: ClassVar[str]
    #: the profiles for which this client is the reference client
    reference_for: ClassVar[tuple[str, ...]] = ()
    #: the client ignores ``event:`` names, so a name is lost unless the JSON payload's ``type`` repeats it
    name_blind: ClassVar[bool] = False
    #: the user gets the parsed JSON, not the data string: data that parses to the same value is the same
    json_data: ClassVar[bool] = False
    #: which release and source files the model follows
    source: ClassVar[str] = ""

    def __init__(self) -> None:
        self.reset()

    # -- incremental interface ------------------------------------------------------------
    def reset(self, content_type: str | None = None) -> None:
        """Start a new stream (``content_type`` is the response's Content-Type header, if known)."""
        self.result = DialectResult()
        self.content_type = "text/event-stream" if content_type is None else content_type
        self._start()

    def feed(self, chunk: bytes) -> list[View]:
        """Take the next bytes of the body; return the events they delivered."""
        if self.result.failure is not None or not chunk:
            return []
        before = len(self.result.events)
        self._feed(chunk)
        return self.result.events[before:]

    def close(self) -> list[View]:
        """End of body; return the events that delivered."""
        if self.result.failure is not None:
            return []
        before = len(self.result.events)
        self._close()
        return self.result.events[before:]

    def run(self, chunks: Iterable[bytes], *, content_type: str | None = None) -> DialectResult:
        self.reset(content_type)
        for chunk in chunks:
            self.feed(chunk)
            if self.result.failure is not None:
                break
        self.close()
        return self.result

    # -- for subclasses -------------------------------------------------------------------
    def _start(self) -> None:
        """Set up per-stream state."""

    def _feed(self, chunk: bytes) -> None:
        raise NotImplementedError

    def _close(self) -> None:
        """End of body (default: nothing more is dispatched)."""

    def _emit(self, type: str, data: str, id: str | None, retry: Any = None) -> None:
        if self.result.failure is None:
            self.result.events.append((type, data, id))
            self.result.retries.append(retry)

    def _fail(self, failure: str) -> None:
        if self.result.failure is None:
            self.result.failure = failure
            self.result.failed_at = len(self.result.events)

    def hidden(self, view: View) -> bool:
        """True for a spec event the client swallows by design (e.g. Anthropic ``ping``): not a divergence."""
        return False

    def cause(self, ctx: CauseContext) -> str:
        """A short human cause for the first divergence (subclasses know their quirks)."""
        return generic_cause(ctx)

    def fixed_by(self, ctx: CauseContext, body: bytes) -> bool:
        """Counterfactual: with ``body`` instead, is this divergence gone (or later)?"""
        from .spec import Spec

        spec = Spec().run([body]).events
        div = first_divergence(self, spec, type(self)().run([body], content_type=self.content_type))
        return div is None or div[0] > ctx.index

    def bom_cause(self, ctx: CauseContext) -> str | None:
        """The usual cause for Python clients that decode with plain ``utf-8``."""
        if ctx.body.startswith(BOM) and self.fixed_by(ctx, ctx.body[3:]):
            return "a leading BOM is not stripped, so the first line's field name starts with U+FEFF and it is lost"
        return None


BOM = b"\xef\xbb\xbf"


def same(spec: View, seen: View, d: Dialect) -> bool:
    """Whether the client's view of one event matches the spec's, given what the client exposes."""
    if spec[1] != seen[1]:
        if not d.json_data:
            return False
        try:
            if json.loads(spec[1]) != json.loads(seen[1]):
                return False
        except ValueError:
            return False
    if seen[2] is not None and seen[2] != spec[2]:
        return False
    if seen[0] != spec[0]:
        # a name-blind client loses the name, harmlessly when the payload's `type` repeats it
        return d.name_blind and seen[0] == "message" and payload_type(spec[1]) == spec[0]
    return True


def first_divergence(d: Dialect, spec: list[View], result: DialectResult,
                     ) -> tuple[int, int, View | None, View | None] | None:
    """(spec index, client index, spec view, client view) of the first difference, or None."""
    expected = [(i, v) for i, v in enumerate(spec) if not d.hidden(v)]
    seen = result.events
    for k, (i, v) in enumerate(expected[:len(seen)]):
        if not same(v, seen[k], d):
            return i, k, v, seen[k]
    k = len(seen)
    if k < len(expected):
        return expected[k][0], k, expected[k][1], None
    if result.failure is not None:
        return len(spec), k, None, None
    if k > len(expected):
        return len(spec), len(expected), None, seen[len(expected)]
    return None


def to_lf(body: bytes) -> bytes:
    return body.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


# -- helpers shared by the dialects -------------------------------------------------------
def payload_type(data: str) -> Any:
    """The ``type`` member of a JSON object payload, or None."""
    try:
        value = json.loads(data)
    except ValueError:
        return None
    return value.get("type") if isinstance(value, dict) else None


def exc(e: BaseException) -> str:
    """How a Python exception prints in a traceback's last line."""
    return f"{type(e).__name__}: {e}"


def endings(body: bytes) -> str | None:
    """"CRLF", "CR" or "mixed" when the body has line ends other than LF only; None for LF only."""
    crlf = body.count(b"\r\n")
    cr = body.count(b"\r") - crlf
    lf = body.count(b"\n") - crlf
    kinds = [k for k, n in (("CRLF", crlf), ("CR", cr), ("LF", lf)) if n]
    if not kinds or kinds == ["LF"]:
        return None
    return kinds[0] if len(kinds) == 1 else "mixed"


def generic_cause(ctx: CauseContext) -> str:
    s, c = ctx.spec_view, ctx.client_view
    if ctx.result.failure is not None and ctx.result.failed_at is not None and c is None:
        return f"the client fails here: {ctx.result.failure}"
    if s is None and c is not None:
        return "the client dispatches an event the spec does not (the stream's last event has no blank line after it)"
    if c is None:
        return "the client never delivers this event"
    if s is not None and s[1] != c[1]:
        return f"the client sees data {c[1][:40]!r}, the spec {s[1][:40]!r}"
    if s is not None and s[0] != c[0]:
        return f"the client sees event type {c[0]!r}, the spec {s[0]!r}"
    return f"the client sees last event ID {c[2]!r}, the spec {s[2] if s else None!r}"
