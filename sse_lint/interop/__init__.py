"""Client dialects: how real SSE clients read a stream differently from the WHATWG algorithm.

Each dialect is a small pure-Python model of one client (see :mod:`.base`); :func:`compare` runs the
spec parser and the chosen clients over the same chunks and reports, per client, the first event
where what the client delivers differs from what the spec delivers.

    >>> from sse_lint.interop import compare
    >>> [d.cause for d in compare([b'data: {"type":"A"}\\r\\n\\r\\ndata: {"type":"B"}\\r\\n\\r\\n'], ["agui-client"])]
    ['CRLF line endings (it splits on \\\\n\\\\n only)']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .agui_client import AguiClient
from .aiohttp_sse_client import AiohttpSseClient
from .anthropic_sdk import AnthropicSdk
from .base import CauseContext, Dialect, DialectResult, View, payload_type
from .browser import Browser
from .eventsource_js import EventsourceJs
from .httpx_sse import HttpxSse
from .openai_sdk import OpenaiSdk
from .spec import Spec
from .sseclient_py import SseclientPy

__all__ = ["DIALECTS", "Dialect", "DialectResult", "Divergence", "View", "compare", "dialect", "for_profile"]

#: every modelled client, by name
DIALECTS: dict[str, type[Dialect]] = {d.name: d for d in (
    Spec, Browser, AguiClient, HttpxSse, SseclientPy, EventsourceJs, AiohttpSseClient, OpenaiSdk, AnthropicSdk)}


@dataclass(slots=True, frozen=True)
class Divergence:
    """The first event at which ``client`` sees the stream differently from the spec."""

    client: str
    #: index of the spec's event where the views part (len(spec events) when the client has an extra event)
    index: int
    spec_view: View | None
    client_view: View | None
    cause: str
    #: the client fails the run (raises / errors the stream), at this event or later
    fatal: bool
    #: what the client raises or reports, if it fails
    failure: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"client": self.client, "index": self.index, "spec_view": self.spec_view,
                "client_view": self.client_view, "cause": self.cause, "fatal": self.fatal, "failure": self.failure}


def dialect(name: str) -> Dialect:
    try:
        return DIALECTS[name]()
    except KeyError:
        raise ValueError(f"unknown client {name!r}; known: {', '.join(DIALECTS)}") from None


def for_profile(profile: str) -> list[str]:
    """The clients that are the reference for ``profile``."""
    return [name for name, d in DIALECTS.items() if profile in d.reference_for]


def _same_data(a: str, b: str, json_data: bool) -> bool:
    if a == b:
        return True
    if not json_data:
        return False
    try:
        return json.loads(a) == json.loads(b)
    except ValueError:
        return False


def same(spec: View, seen: View, d: Dialect) -> bool:
    """Whether the client's view of one event matches the spec's, given what the client exposes."""
    if not _same_data(spec[1], seen[1], d.json_data):
        return False
    if seen[2] is not None and seen[2] != spec[2]:
        return False
    if seen[0] != spec[0]:
        # a name-blind client loses the name, harmlessly when the payload's `type` repeats it
        return d.name_blind and seen[0] == "message" and payload_type(spec[1]) == spec[0]
    return True


def compare(chunks: Iterable[bytes], clients: Sequence[str | Dialect] | None = None, *,
            content_type: str | None = None) -> list[Divergence]:
    """Run the spec and each client over ``chunks``; one :class:`Divergence` per client that differs.

    ``clients`` are dialect names (or instances); default: every dialect but the spec and the browser.
    ``content_type`` is the response's Content-Type header (some clients check it or take its charset).
    """
    body_chunks = [bytes(c) for c in chunks]
    body = b"".join(body_chunks)
    spec = Spec().run(body_chunks).events
    names = clients if clients is not None else [n for n in DIALECTS if n not in ("spec", "browser")]
    out: list[Divergence] = []
    for client in names:
        d = dialect(client) if isinstance(client, str) else client
        result = d.run(body_chunks, content_type=content_type)
        div = _first(d, spec, result)
        if div is None:
            continue
        index, s, c = div
        cause = d.cause(CauseContext(body, spec, result, index, s, c))
        out.append(Divergence(d.name, index, s, c, cause, result.failure is not None, result.failure))
    return out


def _first(d: Dialect, spec: list[View], result: DialectResult) -> tuple[int, View | None, View | None] | None:
    expected = [(i, v) for i, v in enumerate(spec) if not d.hidden(v)]
    seen = result.events
    for k, (i, v) in enumerate(expected[:len(seen)]):
        if not same(v, seen[k], d):
            return i, v, seen[k]
    k = len(seen)
    if result.failure is not None or k < len(expected):
        if k < len(expected):
            return expected[k][0], expected[k][1], None
        return len(spec), None, None
    if k > len(expected):
        return len(spec), None, seen[len(expected)]
    return None
