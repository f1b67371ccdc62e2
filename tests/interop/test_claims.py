"""The client behaviours claimed in the issue, each checked on the model AND (Python) the real library.

``CLAIMS`` records the verdict found (with the library versions of the dialects' docstrings):
"verified", or "refuted"/"partly" with what is true instead. JavaScript claims are checked against
the real npm packages by test_js_dialects.py (the same bodies are among its cases/fixtures).
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from typing import Any

import pytest

from sse_lint.interop import DIALECTS, DialectResult

from . import real_clients

RS = b'{"type":"RUN_STARTED","threadId":"t","runId":"r"}'
RF = b'{"type":"RUN_FINISHED","threadId":"t","runId":"r"}'
BOM = b"\xef\xbb\xbf"
C = b'{"choices":[]}'

Check = Callable[[DialectResult], bool]


def n_events(n: int) -> Check:
    return lambda r: len(r.events) == n and r.failure is None


def fails(prefix: str, at: int) -> Check:
    return lambda r: (r.failure or "").startswith(prefix) and r.failed_at == at


# (claim, client, body, check, verdict)
CLAIMS: list[tuple[str, str, bytes, Check, str]] = [
    ("splits on \\n\\n only: CRLF framing fails the run", "agui-client", b"data: " + RS + b"\r\n\r\ndata: " + RF
     + b"\r\n\r\n", fails("SyntaxError: Unexpected non-whitespace character after JSON", 0), "verified"),
    ("a single CRLF-framed event still works", "agui-client", b"data: " + RS + b"\r\n\r\n", n_events(1), "verified"),
    ("dispatches a trailing event with no blank line", "agui-client", b"data: " + RS + b"\n\ndata: " + RF,
     n_events(2), "verified"),
    ("`data:` with empty data kills the run", "agui-client", b"data: " + RS + b"\n\ndata:\n\n",
     fails("SyntaxError: Unexpected end of JSON input", 1), "verified"),
    ("`data: [DONE]` kills the run", "agui-client", b"data: " + RS + b"\n\ndata: [DONE]\n\n",
     fails("SyntaxError: Unexpected token 'D'", 1), "verified"),
    ("a JSON line without `data:` is dropped silently (as in the spec)", "agui-client", RS + b"\n\ndata: " + RF
     + b"\n\n", n_events(1), "verified"),
    ("`event:` lines are ignored", "agui-client", b"event: x\ndata: " + RS + b"\n\n",
     lambda r: r.events == [("message", RS.decode(), None)], "verified"),
    ("leading BOM not stripped: first event lost", "httpx-sse", BOM + b"data: a\n\ndata: b\n\n",
     lambda r: [e[1] for e in r.events] == ["b"], "verified"),
    ("`id:` then every extra blank line yields an empty message event", "httpx-sse",
     b"id: 1\ndata: a\n\n\n\ndata: b\n\n", lambda r: [e[1] for e in r.events] == ["a", "", "", "b"], "verified"),
    ("`event: x` with no data is dispatched", "httpx-sse", b"event: x\n\ndata: b\n\n",
     lambda r: r.events[0] == ("x", "", ""), "verified"),
    ("retry parsed with int(): ' 8', '-5', '1_000' accepted", "httpx-sse",
     b"retry:  8\n\nretry: -5\n\nretry: 1_000\n\nretry: x\n\n", lambda r: r.retries == [8, -5, 1000], "verified"),
    ("mixed terminators merge events", "sseclient-py", b"data: a\n\r\ndata: b\r\n\rdata: c\n\n",
     lambda r: [e[1] for e in r.events] == ["a\nb\nc"], "verified"),
    ("the unterminated final event is dispatched", "sseclient-py", b"data: a\n\ndata: b",
     lambda r: [e[1] for e in r.events] == ["a", "b"], "verified"),
    ("no last-event-id persistence", "sseclient-py", b"id: 7\ndata: x\n\ndata: y\n\n",
     lambda r: [e[2] for e in r.events] == ["7", ""], "verified"),
    ("ids with NUL accepted", "sseclient-py", b"id: a\x00b\ndata: x\n\n", lambda r: r.events[0][2] == "a\x00b",
     "verified"),
    ("BOM not stripped", "sseclient-py", BOM + b"data: a\n\ndata: b\n\n",
     lambda r: [e[1] for e in r.events] == ["b"], "verified"),
    ("invalid UTF-8 raises", "sseclient-py", b"data: \xff\n\n", fails("UnicodeDecodeError", 0), "verified"),
    ("no CR-only line endings", "aiohttp-sse-client", b"data: a\r\rdata: b\r\r", n_events(0), "verified"),
    ("all leading spaces of a value stripped", "aiohttp-sse-client", b"data:   a\n\n",
     lambda r: r.events[0][1] == "a", "verified"),
    ("all trailing newlines of data stripped", "aiohttp-sse-client", b"data: a\ndata:\ndata:\n\n",
     lambda r: r.events[0][1] == "a", "verified"),
    ("invalid UTF-8 raises", "aiohttp-sse-client", b"data: \xff\n\n", fails("UnicodeDecodeError", 0), "verified"),
    ("ignores `event:` names", "openai-sdk", b"event: error\ndata: {\"code\":400}\n\n",
     lambda r: r.events[0][0] == "message" and r.failure is None, "verified (thread.* names excepted)"),
    ("raises only on a top-level `error` mapping", "openai-sdk", b'data: {"error":"bad"}\n\n',
     fails("APIError: An error occurred during streaming", 0),
     "refuted: any truthy top-level `error` raises (a string too, with a generic message)"),
    ("any data-less event kills the stream", "openai-sdk", b"data: " + C + b"\n\nevent: ping\n\n",
     fails("JSONDecodeError", 1), "verified"),
    ("missing [DONE] unnoticed", "openai-sdk", b"data: " + C + b"\n\n", n_events(1), "verified"),
    ("final event without blank line dropped", "openai-sdk", b"data: " + C + b"\n\ndata: " + C, n_events(1),
     "verified"),
    ("`event: error` raises", "anthropic-sdk", b'event: error\ndata: {"type":"error"}\n\n',
     fails("APIStatusError", 0), "verified"),
    ("events without an event name dropped silently", "anthropic-sdk", b'data: {"type":"error"}\n\n', n_events(0),
     "verified"),
    ("missing message_stop unnoticed", "anthropic-sdk", b'event: message_start\ndata: {"type":"message_start"}\n\n',
     n_events(1), "verified"),
]

REAL: dict[str, tuple[str, Callable[[list[bytes]], tuple[list[Any], str | None]]]] = {
    "httpx-sse": ("httpx_sse", lambda c: real_clients.httpx_sse_events(c, "text/event-stream")),
    "sseclient-py": ("sseclient", real_clients.sseclient_events),
    "aiohttp-sse-client": ("aiohttp_sse_client", real_clients.aiohttp_sse_client_events),
    "openai-sdk": ("openai", real_clients.openai_items),
    "anthropic-sdk": ("anthropic", real_clients.anthropic_items),
}


@pytest.mark.parametrize(("claim", "client", "body", "check", "verdict"), CLAIMS,
                         ids=[f"{c[1]}: {c[0]}" for c in CLAIMS])
def test_claim(claim: str, client: str, body: bytes, check: Check, verdict: str) -> None:
    model = DIALECTS[client]().run([body])
    assert check(model), (claim, model)
    if client not in REAL:
        return  # JavaScript: see test_js_dialects.py
    module, run = REAL[client]
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed: the claim is checked on the model only")
    real, failure = run([body])
    assert failure == model.failure
    if client in ("openai-sdk", "anthropic-sdk"):
        assert real == [json.loads(d) for _, d, _ in model.events if not d.startswith("[DONE]")]
    elif client == "aiohttp-sse-client":
        assert real == model.events
    else:
        assert real == [(*e, r) for e, r in zip(model.events, model.retries, strict=True)]
