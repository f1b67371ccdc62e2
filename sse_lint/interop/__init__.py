"""Client dialects: how real SSE clients read a stream differently from the WHATWG algorithm.

Each dialect is a small pure-Python model of one client (see :mod:`.base`); :func:`compare` runs the
spec parser and the chosen clients over the same chunks and reports, per client, the first event
where what the client delivers differs from what the spec delivers.

    >>> from sse_lint.interop import compare
    >>> [d.cause for d in compare([b'data: {"type":"A"}\\r\\n\\r\\ndata: {"type":"B"}\\r\\n\\r\\n'], ["agui-client"])]
    ['CRLF line endings (it splits on \\\\n\\\\n only)']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .agui_client import AguiClient
from .ai_sdk import AiSdk
from .aiohttp_sse_client import AiohttpSseClient
from .anthropic_sdk import AnthropicSdk
from .base import CauseContext, Dialect, DialectResult, View, first_divergence, same
from .browser import Browser
from .eventsource_js import EventsourceJs
from .httpx_sse import HttpxSse
from .openai_sdk import OpenaiSdk
from .spec import Spec
from .sseclient_py import SseclientPy

__all__ = ["DIALECTS", "Dialect", "DialectResult", "Divergence", "View", "compare", "dialect", "for_profile", "same"]

#: every modelled client, by name
DIALECTS: dict[str, type[Dialect]] = {d.name: d for d in (
    Spec, Browser, AguiClient, HttpxSse, SseclientPy, EventsourceJs, AiohttpSseClient, OpenaiSdk, AnthropicSdk, AiSdk)}


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
    #: the client's human name, e.g. "@ag-ui/client 1.0"
    label: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"client": self.client, "label": self.label, "index": self.index, "spec_view": self.spec_view,
                "client_view": self.client_view, "cause": self.cause, "fatal": self.fatal, "failure": self.failure}


def dialect(name: str) -> Dialect:
    try:
        return DIALECTS[name]()
    except KeyError:
        raise ValueError(f"unknown client {name!r}; known: {', '.join(DIALECTS)}") from None


def for_profile(profile: str) -> list[str]:
    """The clients that are the reference for ``profile``."""
    return [name for name, d in DIALECTS.items() if profile in d.reference_for]


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
        div = first_divergence(d, spec, result)
        if div is None:
            continue
        index, k, s, c = div
        cause = d.cause(CauseContext(body, spec, result, index, k, s, c))
        out.append(Divergence(d.name, index, s, c, cause, result.failure is not None, result.failure, d.label))
    return out
