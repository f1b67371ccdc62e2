"""Transcript readers and the JSONL writer."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from sse_lint.errors import InputError
from sse_lint.sources import TranscriptWriter, detect, open_path
from sse_lint.sources.model import End, Request, Response

from .conftest import FIXTURES


def body(path: Path) -> tuple[list, bytes]:
    transcripts, data = [], b""
    for t in open_path(str(path)):  # chunks are read while the file is open
        transcripts.append(t)
        data += b"".join(d for _, d in t.chunks)
    return transcripts, data


@pytest.mark.parametrize("name", ["curl-100-continue-http2.http", "curl-proxy-connect.http"])
def test_curl_dump_skips_interim_heads(name: str) -> None:
    [t], data = body(FIXTURES / "imports" / name)
    assert t.format == "curl" and t.response is not None
    assert t.response.status == 200 and t.response.header("Content-Type") == "text/event-stream"
    assert data == b'data: {"ok": true}\n\n'
    assert t.first_line == 7  # file line of the body, after both heads


def test_har_reads_only_event_stream_entries_and_base64() -> None:
    [t], data = body(FIXTURES / "imports" / "devtools-export.har")
    assert t.format == "har" and t.source.endswith("#entries[1]")
    assert t.request is not None and t.request.method == "POST"
    assert data == b'data: {"n": 1}\n\ndata: {"n": 2}\n\n'


def test_jsonl_round_trip(tmp_path: Path) -> None:
    out = io.BytesIO()
    w = TranscriptWriter(out)
    w.head(Request("POST", "http://127.0.0.1/x", [("accept", "text/event-stream")], "{}"),
           Response(200, "OK", "HTTP/1.1", [("content-type", "text/event-stream")], 0.01))
    w.chunk(0.02, b"data: caf\xc3")  # split inside a UTF-8 sequence -> base64
    w.chunk(0.03, b"\xa9\n\n")
    w.end(End("reset", "peer closed", 0.5))
    path = tmp_path / "t.jsonl"
    path.write_bytes(out.getvalue())
    chunks = []
    for t in open_path(str(path)):
        chunks = list(t.chunks)
    assert [c for _, c in chunks] == [b"data: caf\xc3", b"\xa9\n\n"]
    assert [round(tt, 3) for tt, _ in chunks] == [0.02, 0.03]
    assert t.end == End("reset", "peer closed", 0.5)
    assert t.response is not None and t.response.t == 0.01 and t.timed


def test_jsonl_without_end_line_and_torn_last_line(tmp_path: Path) -> None:
    head = b'{"sse_lint_transcript": 1, "request": null, "response": null}\n{"t": 0, "text": "data: a\\n\\n"}\n'
    path = tmp_path / "killed.jsonl"
    path.write_bytes(head)
    [t], data = body(path)
    assert data == b"data: a\n\n" and t.end is not None and t.end.reason == "unknown"
    path.write_bytes(head + b'{"t": 0.1, "te')
    [t], data = body(path)
    assert data == b"data: a\n\n" and t.end is not None and "incomplete" in (t.end.error or "")


def test_detection() -> None:
    assert detect(b"data: x\n\n") == "raw"
    assert detect(b"\xef\xbb\xbfdata: x\n\n") == "raw"
    assert detect(b'{"error": 1}event: x\ndata: y\n\n') == "raw"
    assert detect(b"HTTP/2 200\r\n\r\n") == "curl"
    assert detect(b'{"sse_lint_transcript": 1}\n') == "jsonl"
    assert detect(b'{"log": {"entries": []}}') == "har"
    assert detect(b"hello world, no sse here") is None
    assert detect(b"") == "raw"


def test_har_without_streams_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "x.har"
    path.write_text('{"log": {"entries": []}}')
    with pytest.raises(InputError, match="no event-stream"):
        list(open_path(str(path)))
