"""The ``ai-sdk`` dialect: its claims, and equality with the REAL npm ``ai`` 6 (``DefaultChatTransport``).

The comparison needs node and, in ``$SSE_LINT_INTEROP_JS`` (default ``/tmp/interop-js``)::

    npm install --prefix /tmp/interop-js ai@6

Without them it skips and says why.
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

from sse_lint.interop import compare, for_profile
from sse_lint.interop.ai_sdk import AiSdk, chunk_valid

from ..conftest import FIXTURES
from .streams import ENDS, cut, make_stream

ROOT = Path(os.environ.get("SSE_LINT_INTEROP_JS", "/tmp/interop-js"))
RUNNER = Path(__file__).with_name("js_runner.cjs")
BOM = b"\xef\xbb\xbf"
START = b'{"type":"start"}'
FINISH = b'{"type":"finish","finishReason":"stop"}'


def run(body: bytes | list[bytes]) -> tuple[list[Any], str | None]:
    result = AiSdk().run([body] if isinstance(body, bytes) else body)
    return [json.loads(d) for _, d, _ in result.events], result.failure


# -- claims on the model ------------------------------------------------------------------
def test_unknown_part_type_fails_validation() -> None:
    events, failure = run(b"data: " + START + b'\n\ndata: {"type":"status"}\n\ndata: ' + FINISH + b"\n\n")
    assert events == [{"type": "start"}]
    assert failure is not None and failure.startswith("AI_TypeValidationError: Type validation failed")


def test_data_parts_and_ai6_types_validate() -> None:
    assert chunk_valid({"type": "data-anything", "data": {"x": 1}})
    assert chunk_valid({"type": "data-x"})  # z.unknown() accepts a missing `data`
    assert chunk_valid({"type": "text-delta", "id": "1", "delta": "a", "extra": True})  # loose objects
    assert not chunk_valid({"type": "reset-step"})  # ai 7 only
    assert not chunk_valid({"type": "finish", "finishReason": None})  # .optional() rejects null
    assert not chunk_valid({"type": "text-start", "id": "1", "providerMetadata": {"a": 1}})
    assert not chunk_valid([{"type": "start"}])


def test_parts_after_done_are_still_processed_and_done_is_no_divergence() -> None:
    body = b"data: " + START + b"\n\ndata: [DONE]\n\ndata: " + FINISH + b"\n\n"
    assert run(body) == ([{"type": "start"}, {"type": "finish", "finishReason": "stop"}], None)
    assert compare([body], ["ai-sdk"]) == []


def test_only_exact_done_is_skipped() -> None:
    assert run(b"data: [DONE] \n\n")[1] is not None


def test_event_names_and_header_are_ignored() -> None:
    body = b"event: error\nid: 7\ndata: " + START + b"\n\n"
    assert run(body) == ([{"type": "start"}], None)
    assert AiSdk().run([body], content_type="text/plain").events == [("message", START.decode(), None)]
    [div] = compare([body], ["ai-sdk"])  # the name is lost (the payload's type does not repeat it)
    assert not div.fatal and "ignores `event:` lines" in div.cause
    assert for_profile("vercel-ai") == ["ai-sdk"]


def test_framing() -> None:
    # CR and CRLF line ends, one BOM (dropped by TextDecoder) and a Latin-1-decoded BOM on the first chunk
    for end in ENDS:
        assert run(b"data: " + START + end + end + b"data: " + FINISH + end + end + b"x")[0] == [
            {"type": "start"}, {"type": "finish", "finishReason": "stop"}]
    assert run(BOM + b"data: " + START + b"\n\n")[0] == [{"type": "start"}]
    assert run(BOM + BOM + b"data: " + START + b"\n\n")[0] == []  # the second BOM spoils the field name
    assert run("\u00ef\u00bb\u00bf".encode() + b"data: " + START + b"\n\n")[0] == [{"type": "start"}]
    # no flush: an unterminated last event and a last event ended by a trailing CR are dropped
    assert run(b"data: " + START)[0] == []
    assert run(b"data: " + START + b"\r\r")[0] == []
    assert run([b"data: " + START + b"\r\r", b"x"])[0] == []
    assert run(b"data: " + START + b"\r\rx\n")[0] == [{"type": "start"}]
    [div] = compare([b"data: " + START + b"\r\r"], ["ai-sdk"])
    assert not div.fatal and "ends with a CR" in div.cause


def test_json_errors() -> None:
    assert run(b"data: nope\n\n")[1] == (
        "AI_JSONParseError: JSON parsing failed: Text: nope.\n"
        "Error message: Unexpected token 'o', \"nope\" is not valid JSON")
    assert run(b'data: {"type":"start","__proto__":{}}\n\n')[1] == (
        'AI_JSONParseError: JSON parsing failed: Text: {"type":"start","__proto__":{}}.\n'
        "Error message: Object contains forbidden prototype property")
    assert run(b'data: {"type":"start","constructor":{"prototype":1}}\n\n')[1] is not None
    assert run(b'data: {"type":"start","constructor":1}\n\n')[1] is None


# -- the real package -----------------------------------------------------------------------
PARTS = (b'{"type":"start"}', b'{"type":"start","messageId":"m"}', b'{"type":"start-step"}',
         b'{"type":"text-start","id":"t"}', b'{"type":"text-delta","id":"t","delta":"hi \\u00e9"}',
         b'{"type":"text-end","id":"t"}', b'{"type":"reasoning-delta","id":"r","delta":"x"}',
         b'{"type":"tool-input-available","toolCallId":"c","toolName":"n","input":{"a":[1,2]}}',
         b'{"type":"tool-input-start","toolCallId":"c","toolName":"n","inputEncoding":"yaml"}',
         b'{"type":"data-weather","data":{"t":21},"transient":true}', b'{"type":"data-x","id":null}',
         b'{"type":"finish-step"}', b'{"type":"finish","finishReason":"stop"}',
         b'{"type":"finish","finishReason":null}',
         b'{"type":"error","errorText":"boom"}', b'{"type":"error"}', b'{"type":"abort"}',
         b'{"type":"message-metadata"}', b'{"type":"file","url":"u","mediaType":"m","providerMetadata":{"p":{"k":1}}}',
         b'{"type":"source-url","sourceId":"s","url":"u","providerMetadata":{"p":1}}', b'{"type":"reset-step"}',
         b'{"type":"status"}', b'{"type":7}', b'{"a":1}', b"[1]", b"null", b"[DONE]", b"[DONE] ", b"nope", b"",
         b'{"type":"start","__proto__":{}}', b'{"type":"start"} ',
         b'{"type":"file","url":"u","mediaType":"m","providerMetadata":{"p":{"k":1e999}}}')


def _vercel_stream(rng: random.Random) -> list[bytes]:
    style = rng.choice((b"\n", b"\n", b"\r\n", b"\r", None))
    out = bytearray(rng.choice((b"", b"", b"", BOM, BOM + BOM, "\u00ef\u00bb\u00bf".encode())))
    good = [p for p in PARTS[:13] if p != b'{"type":"data-x","id":null}']
    for _ in range(rng.randint(1, 8)):
        end = style or rng.choice(ENDS)
        part = rng.choice(PARTS) if rng.random() < 0.15 else rng.choice(good)
        if rng.random() < 0.1:
            out += rng.choice((b"event: x", b"id: 1", b": ping", b"retry: 5", b"foo")) + end
        out += rng.choice((b"data: ", b"data:")) + part + end + end * rng.choice((1, 1, 1, 0, 2))
    if rng.random() < 0.3:
        out += b"data: " + rng.choice(PARTS[:13]) + rng.choice((b"", b"\r", b"\n", b"\r\r"))
    return cut(rng, bytes(out))


def _cases() -> list[tuple[str, list[bytes]]]:
    cases: list[tuple[str, list[bytes]]] = []
    for path in (FIXTURES / "interop" / "ai-sdk-unknown-part-type.sse", FIXTURES / "interop/clean/vercel-ai.sse"):
        body = path.read_bytes()
        cases += [(path.name, [body]), (path.name + " (1-byte chunks)", [body[i:i + 1] for i in range(len(body))])]
    for i, part in enumerate(PARTS):
        cases.append((f"part-{i}", [b"data: " + START + b"\n\ndata: " + part + b"\n\ndata: " + FINISH + b"\n\n"]))
    for seed in range(100):
        cases.append((f"random-{seed}", _vercel_stream(random.Random(seed))))
    for seed in range(30):  # generic SSE edge streams (mostly invalid parts: the framing up to the first failure)
        cases.append((f"generic-{seed}", make_stream(random.Random(1000 + seed), json_data=seed % 2 == 0)))
    return cases


@pytest.fixture(scope="module")
def real() -> tuple[list[tuple[str, list[bytes]]], dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: cannot run the real npm `ai` package")
    if not (ROOT / "node_modules" / "ai" / "package.json").is_file():
        pytest.skip(f"node package not installed: no `ai` in {ROOT}/node_modules (npm install --prefix {ROOT} ai@6)")
    cases = _cases()
    payload = {"clients": ["aisdk"], "cases": [{"chunks": [base64.b64encode(c).decode() for c in chunks],
                                                "content_type": "text/event-stream"} for _, chunks in cases]}
    proc = subprocess.run([node, str(RUNNER), str(ROOT)], input=json.dumps(payload), capture_output=True,
                          text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    return cases, json.loads(proc.stdout)


def test_ai_sdk_matches_package(real: tuple[list[tuple[str, list[bytes]]], dict[str, Any]]) -> None:
    cases, out = real
    version = out["versions"].get("ai")
    if version is None:
        pytest.skip(f"node package not installed: `ai` could not be loaded from {ROOT}")
    assert version.startswith("6."), f"the dialect models ai 6, found {version}"
    kinds = set()
    for (name, chunks), result in zip(cases, out["results"], strict=True):
        model = AiSdk().run(chunks)
        got = result["aisdk"]
        assert [json.loads(d) for _, d, _ in model.events] == got["events"], name
        assert (model.failure is None) == (got["error"] is None), (name, model.failure, got["error"])
        if model.failure is not None:
            assert model.failure.split(":")[0] == got["error"].split(":")[0], (name, model.failure, got["error"])
            if model.failure.startswith("AI_JSONParseError"):
                # V8 names a lone high surrogate for a token outside the BMP; the model shows U+FFFD
                real_error = "".join("\ufffd" if 0xD800 <= ord(ch) < 0xE000 else ch for ch in got["error"])
                assert model.failure == real_error, name
            else:
                assert got["error"].startswith(model.failure), name
            kinds.add(model.failure.split(":")[0])
    assert kinds == {"AI_JSONParseError", "AI_TypeValidationError"}  # the corpus reaches both failures
