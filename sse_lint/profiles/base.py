"""The profile interface: detect a protocol, decode each event, give it a role and a run."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from ..jsonutil import JSONError, loads

if TYPE_CHECKING:
    from ..batch import Batch
    from ..sources.model import Response
    from ..sse import Event

# Roles the lifecycle rules understand.
START, CONTENT, ERROR, SUCCESS, HEARTBEAT, OTHER, DONE = (
    "start", "content", "error", "success", "heartbeat", "other", "done")
#: data that is not JSON where the profile expects JSON; an event of a type the protocol does not define
INVALID, UNKNOWN = "invalid", "unknown"
#: metadata that may legitimately follow a terminal event (OpenAI's usage-only chunk before [DONE])
META = "meta"


class NotJson:
    """The payload of an event whose data is not JSON; ``error`` says why."""

    __slots__ = ("error",)

    def __init__(self, error: str) -> None:
        self.error = error


class Profile:
    name: ClassVar[str]
    #: the events of this protocol carry JSON data
    expects_json: ClassVar[bool] = True
    #: streamed-text events: kind -> (id field, text field); closers: kind -> id field. Rules that read
    #: text (credential leaks) read the concatenation per id, where a token split across deltas shows.
    delta_kinds: ClassVar[dict[str, tuple[str, str]]] = {}
    delta_closers: ClassVar[dict[str, str]] = {}

    @classmethod
    def detect(cls, response: Response | None, event: Event | None) -> str | None:
        """A reason string when the head or the first event says this is the protocol."""
        return None

    def is_terminal(self, event: Event) -> bool:
        """Whether the event ends its run (errors are terminal unless the protocol continues after them)."""
        return event.role in (ERROR, SUCCESS, DONE)

    def describe(self, event: Event) -> str:
        """How findings name this event (``RUN_ERROR``, ``finish_reason 'stop'``)."""
        return event.kind or event.type

    def batch_kinds(self) -> dict[str, str]:
        """Delta kinds whose runs may be batched (``sse_lint.batch``): kind -> id field. None by default."""
        return {}

    def decode_batch(self, batch: Batch) -> None:
        """Set ``batch.role`` and ``batch.run`` as :meth:`decode` would for each of its events."""
        raise NotImplementedError

    def decode(self, event: Event) -> None:
        """Set ``event.payload`` (``NotJson`` on failure), ``kind``, ``role`` and ``run``."""
        data = event.data
        if event.truncated:
            event.payload = NotJson("data was cut at the line limit")
            return
        try:
            event.payload = loads(data)
        except JSONError as e:
            event.payload = NotJson(str(e))


_ENVELOPE = frozenset(("type", "message", "code", "timestamp", "threadId", "runId", "metadata", "object",
                       "sequence_number", "id", "created", "model", "event", "status"))
GENERIC_HEADLINES = ("error", "an error occurred", "internal error", "an internal error occurred",
                     "provider returned error", "unknown error", "something went wrong", "request failed",
                     "internal server error", "failed", "exception")


def _strings(value: Any, out: list[str], budget: list[int]) -> None:
    if budget[0] <= 0:
        return
    budget[0] -= 1
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for v in value.values():
            _strings(v, out, budget)
    elif isinstance(value, list):
        for v in value:
            _strings(v, out, budget)
    elif value is not None and not isinstance(value, bool):
        out.append(str(value))


def error_facts(payload: Any) -> tuple[str | None, str, bool]:
    """(code, headline, has_detail) of an error payload, whatever its shape.

    ``code`` is a top-level or nested ``code``/``type``/``error_type``; ``has_detail`` says whether
    anything beyond the headline (and the envelope) carries text, e.g. AG-UI ``rawEvent``.
    """
    if not isinstance(payload, dict):
        text = payload if isinstance(payload, str) else ""
        return None, text, False
    inner = payload.get("error")
    code = payload.get("code") or payload.get("error_type")
    headline = payload.get("message") or payload.get("error_message")
    if isinstance(inner, dict):
        code = code or inner.get("code") or (inner.get("type") if inner.get("type") != "error" else None)
        headline = headline or inner.get("message")
    elif isinstance(inner, str):
        headline = headline or inner
    headline = headline if isinstance(headline, str) else ""
    strings: list[str] = []
    budget = [200]
    for key, value in payload.items():
        if key in _ENVELOPE:
            continue
        if key == "error" and isinstance(value, dict):
            for k, v in value.items():
                if k not in ("message", "code", "type"):
                    _strings(v, strings, budget)
            continue
        _strings(value, strings, budget)
    norm = headline.strip().lower()
    detail = any(s.strip() and s.strip().lower() != norm for s in strings)
    return (str(code) if code not in (None, "") else None), headline, detail
