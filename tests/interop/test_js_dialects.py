"""The JavaScript dialects equal the REAL npm packages (run by node) on a fixed set of streams.

Needs node and, in ``$SSE_LINT_INTEROP_JS`` (default ``/tmp/interop-js``), the packages::

    npm install --prefix /tmp/interop-js @ag-ui/client@1.0.0 eventsource5@npm:eventsource@5

(``eventsource`` itself works too when it is 5.x). Without them the tests skip and say why.
All cases go to one node process (``js_runner.cjs``): the interop fixtures, hand-written edge cases
and seeded random streams (``streams.make_stream``).
"""

from __future__ import annotations

import base64
import json
import os
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from sse_lint.interop.agui_client import AguiClient
from sse_lint.interop.eventsource_js import EventsourceJs

from ..conftest import FIXTURES
from .streams import cut, make_stream

ROOT = Path(os.environ.get("SSE_LINT_INTEROP_JS", "/tmp/interop-js"))
RUNNER = Path(__file__).with_name("js_runner.cjs")
RS = b'{"type":"RUN_STARTED","threadId":"t","runId":"r"}'
RF = b'{"type":"RUN_FINISHED","threadId":"t","runId":"r"}'
BOM = b"\xef\xbb\xbf"

EDGE_CASES: list[bytes] = [
    b"data: " + RS + b"\n\ndata: " + RF + b"\n\n",
    b"data: " + RS + b"\r\n\r\ndata: " + RF + b"\r\n\r\n",
    b"data: " + RS + b"\r\n\r\n",
    b"data: " + RS + b"\r\rdata: " + RF + b"\r\r",
    b"data: " + RS + b"\n\ndata: " + RF,
    b"data: " + RS + b"\n\ndata:\n\n",
    b"data: " + RS + b"\n\ndata: [DONE]\n\n",
    RS + b"\n\ndata: " + RF + b"\n\n",
    b"event: foo\ndata: " + RS + b"\n\n",
    BOM + BOM + b"data: " + RS + b"\n\ndata: " + RF + b"\n\n",
    BOM + b"data: " + RS + b"\n\n",
    "\u00ef\u00bb\u00bf".encode() + b"data: " + RS + b"\n\n",
    b"id: 1\ndata: " + RS + b"\n\ndata: " + RF + b"\n\n",
    b'data: {"type":"RUN_STARTED","threadId":"\xff","runId":"r"}\n\n',
    b"data: 1\n\n",
    b'data: {"a":1}\n\n',
    b'data: {"type":""}\n\n',
    b'data: {"type":"A",\ndata: "x":1}\n\n',
    b"data:" + RS + b"\n\n: ping\n\nretry: 10\nid: 7\ndata: " + RF + b"\n\n",
    b"id: a\x00b\ndata: x\n\nid: 3\ndata: y\n\ndata: z\n\n",
    b"retry: 5\n\nretry: -5\n\nevent: x\n\ndata\n\n",
    b"data: a\r\n\rdata: b\n\r\ndata: c\r\r\n",
    b"",
    b"\n\n\n",
    b"data: \xe2\x82\n\n",
    b"data: " + RS + b"\n\n\xe2\x82",
    b'data: {"type":"X"}\n\ndata: NaN\n\n',
]


def _cases() -> list[tuple[str, list[bytes]]]:
    cases: list[tuple[str, list[bytes]]] = []
    for path in sorted((FIXTURES / "interop").glob("*.sse")):
        body = path.read_bytes()
        cases.append((path.name, [body]))
        cases.append((path.name + " (1-byte chunks)", [body[i:i + 1] for i in range(len(body))]))
    rng = random.Random(2026)
    for i, body in enumerate(EDGE_CASES):
        cases.append((f"edge-{i}", cut(rng, body)))
    for seed in range(150):
        r = random.Random(seed)
        cases.append((f"random-{seed}", make_stream(r, json_data=seed % 2 == 0)))
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def node_results() -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: cannot run the real JavaScript clients")
    if not (ROOT / "node_modules").is_dir():
        pytest.skip(f"node package not installed: no node_modules in {ROOT} "
                    f"(npm install --prefix {ROOT} @ag-ui/client@1.0.0 eventsource5@npm:eventsource@5)")
    payload = {"cases": [{"chunks": [base64.b64encode(c).decode() for c in chunks],
                          "content_type": "text/event-stream"} for _, chunks in CASES]}
    proc = subprocess.run([node, str(RUNNER), str(ROOT)], input=json.dumps(payload), capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_agui_client_matches_package(node_results: dict[str, Any]) -> None:
    version = node_results["versions"].get("agui")
    if version is None:
        pytest.skip(f"node package not installed: @ag-ui/client in {ROOT}")
    assert version == "1.0.0", f"the dialect models @ag-ui/client 1.0.0, found {version}"
    for (name, chunks), result in zip(CASES, node_results["results"], strict=True):
        model = AguiClient().run(chunks)
        real = result["agui"]
        assert [json.loads(d) for _, d, _ in model.events] == real["events"], name
        assert (model.failure is None) == (real["error"] is None), (name, model.failure, real["error"])
        if model.failure is not None:
            # V8 names a lone high surrogate for a token outside the BMP; the model shows U+FFFD
            real_error = "".join("\ufffd" if 0xD800 <= ord(ch) < 0xE000 else ch for ch in real["error"])
            assert model.failure == real_error, name
    failures = [r["agui"]["error"] for r in node_results["results"] if r["agui"]["error"]]
    assert len(failures) > 20 and any("non-whitespace" in f for f in failures)  # the corpus reaches the errors


def test_eventsource_matches_package(node_results: dict[str, Any]) -> None:
    version = node_results["versions"].get("eventsource")
    if version is None:
        pytest.skip(f"node package not installed: eventsource in {ROOT}")
    if not version.startswith("5."):
        pytest.skip(f"node package not installed: the dialect models eventsource 5.x, {ROOT} has {version} "
                    f"(npm install --prefix {ROOT} eventsource5@npm:eventsource@5)")
    for (name, chunks), result in zip(CASES, node_results["results"], strict=True):
        model = EventsourceJs().run(chunks)
        real = result["eventsource"]
        assert model.events == [(e["type"], e["data"], e["lastEventId"]) for e in real["events"]], name
        assert model.failure == real["error"], name


def test_agui_client_buffer_limit_applies_to_the_unfinished_tail(node_results: dict[str, Any]) -> None:
    """1.0's 10 MB limit is checked on what stays buffered after splitting: an 11 MB event that arrives
    whole with its blank line passes; the same event in 1 MB reads fails the run."""
    if node_results["versions"].get("agui") is None:
        pytest.skip(f"node package not installed: @ag-ui/client in {ROOT}")
    big = b'data: {"type":"CUSTOM","name":"x","value":"' + b"a" * (11 << 20) + b'"}\n\n'
    tail = b'data: {"type":"RUN_FINISHED","threadId":"t","runId":"r"}\n\n'
    cases = [[big + tail], [big[i:i + (1 << 20)] for i in range(0, len(big), 1 << 20)] + [tail]]
    payload = {"clients": ["agui"], "cases": [{"chunks": [base64.b64encode(c).decode() for c in chunks],
                                               "content_type": "text/event-stream"} for chunks in cases]}
    proc = subprocess.run([shutil.which("node") or "node", str(RUNNER), str(ROOT)], input=json.dumps(payload),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)["results"]
    models = [AguiClient().run(chunks) for chunks in cases]
    assert [len(m.events) for m in models] == [len(r["agui"]["events"]) for r in results] == [2, 0]
    assert [m.failure for m in models] == [r["agui"]["error"] for r in results]
    assert models[1].failure == "Error: SSE buffer size exceeded maximum limit of 10 MB"
