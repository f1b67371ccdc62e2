"""Table tests for the WHATWG event stream parser: every step of the spec's interpretation algorithm
(https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation) plus
vectors derived from the web-platform-tests ``eventsource/format-*`` tests. See ``vectors.json``.

Each vector is checked fed as given (``chunks``, else whole), split at every single byte position,
fed one byte at a time, through :func:`sse_lint.sse.parse`, and against the reference model.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sse_lint import sse
from sse_lint.sse import DEFAULT_MAX_LINE, Parser, parse

from .test_properties import reference

_DOC = json.loads((Path(__file__).with_name("vectors.json")).read_text(encoding="utf-8"))
VECTORS = _DOC["vectors"]
KINDS = {sse.STRAY_JSON, sse.UNKNOWN_FIELD, sse.UNTERMINATED, sse.INVALID_UTF8, sse.MIXED_ENDINGS,
         sse.MISPLACED_BOM, sse.BAD_RETRY, sse.NUL_IN_ID, sse.UNDISPATCHED, sse.OVERSIZED}


def _b(s: str) -> bytes:
    return s.encode("latin-1")


def _run(chunks: list[bytes], max_line: int) -> tuple[list, Parser]:
    p = Parser(max_line)
    events = []
    for chunk in chunks:
        events += p.feed(chunk)
    events += p.close()
    return events, p


def _sig(events: list, p: Parser) -> tuple:
    return ([(e.to_dict(), e.index, e.raw, e.truncated, e.end, e.named) for e in events],
            sorted((a.key(), a.line) for a in p.anomalies), p.reconnection_time)


def _vec(v: dict) -> tuple[bytes, list[bytes], int]:
    data = _b(v["input"])
    chunks = [_b(c) for c in v["chunks"]] if "chunks" in v else [data]
    return data, chunks, v.get("max_line_bytes", DEFAULT_MAX_LINE)


params = pytest.mark.parametrize("v", VECTORS, ids=[v["name"] for v in VECTORS])


def test_vector_table_is_well_formed():
    names = [v["name"] for v in VECTORS]
    assert len(names) == len(set(names))
    for v in VECTORS:
        data, chunks, _ = _vec(v)
        assert b"".join(chunks) == data, v["name"]
        assert {a[0] for a in v["anomalies"]} <= KINDS, v["name"]
        for e in v["events"]:
            assert {"type", "data", "id"} <= set(e), v["name"]
    # every anomaly kind and every step of the algorithm is covered
    assert {a[0] for v in VECTORS for a in v["anomalies"]} == KINDS
    assert sum(v["source"].startswith("WPT") for v in VECTORS) >= 20


@params
def test_vector(v):
    data, chunks, max_line = _vec(v)
    events, p = _run(chunks, max_line)
    assert [{"type": e.type, "data": e.data, "id": e.id} for e in events] == \
        [{k: e[k] for k in ("type", "data", "id")} for e in v["events"]]
    for e, want in zip(events, v["events"], strict=True):
        if "truncated" in want:
            assert e.truncated is want["truncated"]
    assert sorted((a.kind, a.line) for a in p.anomalies) == sorted(tuple(a) for a in v["anomalies"])
    if "reconnection_time" in v:
        assert p.reconnection_time == v["reconnection_time"]


@params
def test_vector_split_at_every_byte(v):
    data, _, max_line = _vec(v)
    whole = _sig(*_run([data], max_line))
    for i in range(len(data) + 1):
        assert _sig(*_run([data[:i], data[i:]], max_line)) == whole, f"split at {i}: {data[:i]!r} | {data[i:]!r}"


@params
def test_vector_one_byte_at_a_time(v):
    data, _, max_line = _vec(v)
    whole = _sig(*_run([data], max_line))
    assert _sig(*_run([data[i:i + 1] for i in range(len(data))], max_line)) == whole
    assert _sig(*_run([c for i in range(len(data)) for c in (b"", data[i:i + 1])] + [b""], max_line)) == whole


@params
def test_vector_parse_helper(v):
    data, _, max_line = _vec(v)
    for size in (0, 1, 3, 7):
        events, anomalies = parse(data, chunk_size=size, max_line_bytes=max_line)
        assert [(e.type, e.data, e.id) for e in events] == [(e["type"], e["data"], e["id"]) for e in v["events"]]
        assert sorted((a.kind, a.line) for a in anomalies) == sorted(tuple(a) for a in v["anomalies"])


@params
def test_vector_agrees_with_reference_model(v):
    """Cross-check of the table itself: the expected events are what the naive spec model gives."""
    if "max_line_bytes" in v:
        pytest.skip("the reference model has no line limit")
    events, reconnection_time = reference(_b(v["input"]))
    assert events == [(e["type"], e["data"], e["id"]) for e in v["events"]]
    if "reconnection_time" in v:
        assert reconnection_time == v["reconnection_time"]
