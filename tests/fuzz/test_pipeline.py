"""Fuzz harness: the whole pipeline (readers, parser, every profile and rule, every reporter) on hostile input.

Any exception escaping is a bug; so is an internal-error finding (a rule that raised). Bounded for CI;
set SSE_LINT_FUZZ_EXAMPLES for a long campaign (see README.md here).
"""

from __future__ import annotations

import io
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sse_lint.engine import INTERNAL_CODE, Options, lint_transcript
from sse_lint.errors import InputError
from sse_lint.findings import Report, Severity
from sse_lint.report import _renderer
from sse_lint.rules import REGISTRY
from sse_lint.sources import open_stream

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted(p.read_bytes() for p in (ROOT / "fixtures").rglob("*") if p.is_file() and p.suffix in
               (".sse", ".http", ".jsonl", ".har") and p.stat().st_size < 200_000)
N = int(os.environ.get("SSE_LINT_FUZZ_EXAMPLES", "0"))
FUZZ = settings(max_examples=N or 300, deadline=None, suppress_health_check=list(HealthCheck))
PROFILES = ["auto", "agui", "openai-chat", "generic"]


def lint_all(data: bytes, profile: str, chunk: int) -> list[Report]:
    """Read ``data`` as any input format and lint every stream; InputError is the only allowed failure."""
    class Chunked(io.RawIOBase):
        def __init__(self) -> None:
            self.buf = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def read(self, n: int = -1) -> bytes:
            return self.buf.read(min(n, chunk) if n and n > 0 else chunk)

    reports = []
    try:
        for t in open_stream("fuzz", Chunked()):  # type: ignore[arg-type]
            reports.append(lint_transcript(t, Options(profile=profile)))
    except InputError:
        return []
    for r in reports:
        assert INTERNAL_CODE not in r.codes(), [f.message for f in r.findings if f.code == INTERNAL_CODE]
    return reports


def render_all(reports: list[Report]) -> None:
    for fmt in ("json", "junit", "sarif", "github", "markdown", "statistics"):
        text = _renderer(fmt)(reports, fail_on=Severity.ERROR, rules=REGISTRY)
        if fmt == "junit":
            ET.fromstring(text.encode())
        elif fmt in ("json", "sarif"):
            orjson.loads(text)
        elif fmt == "github":
            assert all(line.startswith("::") for line in text.splitlines())
    _renderer("text")(reports, fail_on=Severity.ERROR, rules=REGISTRY, file_out=True)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        op = draw(st.sampled_from(["flip", "insert", "delete", "dup", "cut"]))
        i = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[i] = draw(st.integers(0, 255))
        elif op == "insert":
            data[i:i] = draw(st.sampled_from([b"\r", b"\n", b"\r\n", b"\x00", b"\xef\xbb\xbf", b"\xff", b"{", b":",
                                              b"data:", b"event: x\n", b"id: 9\n", b'"', b"[DONE]"]))
        elif op == "delete":
            del data[i:i + draw(st.integers(1, 20))]
        elif op == "dup":
            j = min(len(data), i + draw(st.integers(1, 200)))
            data[j:j] = data[i:j]
        else:
            del data[i:]
    return bytes(data)


@FUZZ
@given(mutated(), st.sampled_from(PROFILES), st.integers(1, 70000))
def test_mutated_fixtures(data: bytes, profile: str, chunk: int) -> None:
    render_all(lint_all(data, profile, chunk))


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(PROFILES), st.integers(1, 64))
def test_random_bytes(data: bytes, profile: str, chunk: int) -> None:
    render_all(lint_all(data, profile, chunk))


_json = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                     lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=10), c, max_size=4),
                     max_leaves=20)


@FUZZ
@given(st.lists(st.dictionaries(st.sampled_from(["type", "messageId", "toolCallId", "delta", "runId", "threadId",
                                                 "message", "code", "stepName", "snapshot", "error", "choices",
                                                 "object", "rawEvent", "name", "value", "parentMessageId"]),
                                _json, max_size=6), max_size=30),
       st.sampled_from(["RUN_STARTED", "RUN_FINISHED", "RUN_ERROR", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT",
                        "TOOL_CALL_START", "TOOL_CALL_ARGS", "TOOL_CALL_END", "STATE_DELTA", "STATE_SNAPSHOT",
                        "TEXT_MESSAGE_CHUNK", "TOOL_CALL_CHUNK", "SUBAGENT_STARTED", "STEP_FINISHED", "RAW"]))
def test_random_agui_shaped_events(events: list[dict], first: str) -> None:
    body = b"".join(b"data: " + json.dumps({"type": first, **e}).encode() + b"\n\n" for e in events)
    render_all(lint_all(body, "agui", 97))


@settings(max_examples=30, deadline=None)
@given(st.integers(1000, 100_000))
def test_deep_nesting_and_huge_numbers(depth: int) -> None:
    body = b"data: " + b"[" * depth + b"]" * depth + b"\n\ndata: {\"n\": 1" + b"0" * depth + b"}\n\n"
    reports = lint_all(body, "generic", 4096)
    assert reports and reports[0].events == 2
