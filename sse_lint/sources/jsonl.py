"""sse-lint's own transcript format (JSON Lines, version 1): reader and incremental writer.

Line 1: ``{"sse_lint_transcript": 1, "request": {...} | null, "response": {...} | null}``
Then one line per chunk: ``{"t": 0.0123, "text": "..."}`` (valid UTF-8) or ``{"t": ..., "b64": "..."}``.
Last: ``{"end": "eof|reset|timeout|idle-timeout|aborted|unknown", "error": null | "...", "t": ...}``.
A transcript without an end line (the recorder was killed) reads with end ``unknown``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from typing import IO, Any, BinaryIO

import orjson

from ..errors import InputError
from .model import END_REASONS, Chunk, End, Request, Response, Transcript

FORMAT_VERSION = 1


def _headers(source: str, value: Any, line: int) -> list[tuple[str, str]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(
        isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in value
    ):
        raise InputError(source, "headers must be a list of [name, value] string pairs", line)
    return [(k, v) for k, v in value]


def _num(source: str, value: Any, what: str, line: int) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(source, f"{what} must be a number of seconds", line)
    return float(value)


def parse_header(source: str, obj: Any) -> tuple[Request | None, Response | None, dict[str, Any]]:
    if not isinstance(obj, dict) or obj.get("sse_lint_transcript") is None:
        raise InputError(source, "not an sse-lint transcript (first line lacks \"sse_lint_transcript\")", 1)
    if obj["sse_lint_transcript"] != FORMAT_VERSION:
        raise InputError(source, f"unsupported transcript version {obj['sse_lint_transcript']!r}", 1)
    req = resp = None
    r = obj.get("request")
    if r is not None:
        if not isinstance(r, dict):
            raise InputError(source, "\"request\" must be an object", 1)
        req = Request(str(r.get("method", "GET")), str(r.get("url", "")), _headers(source, r.get("headers"), 1),
                      r.get("body") if isinstance(r.get("body"), str) else None)
    r = obj.get("response")
    if r is not None:
        if not isinstance(r, dict) or not isinstance(r.get("status"), int):
            raise InputError(source, "\"response\" must be an object with an integer \"status\"", 1)
        resp = Response(r["status"], str(r.get("reason", "")), str(r.get("http_version", "HTTP/1.1")),
                        _headers(source, r.get("headers"), 1), _num(source, r.get("t"), "response.t", 1))
    return req, resp, {k: v for k, v in obj.items() if k not in ("request", "response")}


def read_jsonl(source: str, head: bytes, stream: BinaryIO) -> Iterator[Transcript]:
    lines = _lines(head, stream)
    try:
        first = next(lines)
    except StopIteration:
        raise InputError(source, "empty transcript", 1) from None
    try:
        obj = orjson.loads(first)
    except orjson.JSONDecodeError as e:
        raise InputError(source, f"corrupt JSON: {e}", 1) from None
    req, resp, meta = parse_header(source, obj)
    transcript = Transcript(source=source, format="jsonl", chunks=iter(()), request=req, response=resp,
                            first_line=None, timed=True, meta=meta)

    def chunks() -> Iterator[Chunk]:
        lineno = 1
        for raw in lines:
            lineno += 1
            if not raw.strip():
                continue
            try:
                rec = orjson.loads(raw)
            except orjson.JSONDecodeError as e:
                if _is_last(lines):
                    # a torn last line: the recorder died mid-write; everything before it stands
                    transcript.end = End("unknown", "the transcript's last line is incomplete")
                    return
                raise InputError(source, f"corrupt JSON: {e}", lineno) from None
            if not isinstance(rec, dict):
                raise InputError(source, "expected a JSON object", lineno)
            if "end" in rec:
                reason = rec["end"]
                if reason not in END_REASONS:
                    raise InputError(source, f"unknown end reason {reason!r}", lineno)
                err = rec.get("error")
                transcript.end = End(reason, err if isinstance(err, str) else None,
                                     _num(source, rec.get("t"), "t", lineno))
                return
            t = _num(source, rec.get("t"), "t", lineno)
            if "text" in rec and isinstance(rec["text"], str):
                yield t, rec["text"].encode()
            elif "b64" in rec and isinstance(rec["b64"], str):
                try:
                    yield t, base64.b64decode(rec["b64"], validate=True)
                except binascii.Error:
                    raise InputError(source, "invalid base64 in \"b64\"", lineno) from None
            else:
                raise InputError(source, "a chunk line needs \"text\" or \"b64\"", lineno)
        transcript.end = End("unknown", "the transcript has no end line (the recorder was interrupted)")

    transcript.chunks = chunks()
    yield transcript


class _Lines:
    """Lines of a binary stream, with a look-ahead to tell a torn last line from a corrupt one."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = head
        self._stream = stream
        self._buf = b""
        self._next: bytes | None = None
        self._done = False

    def __iter__(self) -> _Lines:
        return self

    def _read(self) -> bytes | None:
        while True:
            nl = self._buf.find(b"\n")
            if nl >= 0:
                line, self._buf = self._buf[:nl], self._buf[nl + 1:]
                return line
            more = self._head or self._stream.read(1 << 16)
            self._head = b""
            if not more:
                if self._buf:
                    line, self._buf = self._buf, b""
                    return line
                return None
            self._buf += more

    def __next__(self) -> bytes:
        if self._next is not None:
            line, self._next = self._next, None
            return line
        line = self._read()
        if line is None:
            raise StopIteration
        return line

    def at_end(self) -> bool:
        if self._next is None:
            self._next = self._read()
        return self._next is None


def _lines(head: bytes, stream: BinaryIO) -> _Lines:
    return _Lines(head, stream)


def _is_last(lines: _Lines) -> bool:
    return lines.at_end()


class TranscriptWriter:
    """Writes a JSONL transcript line by line, flushing each, so a crash loses nothing received."""

    def __init__(self, out: IO[bytes]) -> None:
        self._out = out

    def _write(self, obj: dict[str, Any]) -> None:
        self._out.write(orjson.dumps(obj) + b"\n")
        self._out.flush()

    def head(self, request: Request | None, response: Response | None, **meta: Any) -> None:
        obj: dict[str, Any] = {"sse_lint_transcript": FORMAT_VERSION, **meta}
        obj["request"] = None if request is None else {
            "method": request.method, "url": request.url,
            "headers": [list(h) for h in request.headers], "body": request.body,
        }
        obj["response"] = None if response is None else {
            "status": response.status, "reason": response.reason, "http_version": response.http_version,
            "headers": [list(h) for h in response.headers], "t": response.t,
        }
        self._write(obj)

    def chunk(self, t: float | None, data: bytes) -> None:
        try:
            self._write({"t": None if t is None else round(t, 6), "text": data.decode()})
        except UnicodeDecodeError:
            self._write({"t": None if t is None else round(t, 6), "b64": base64.b64encode(data).decode()})

    def end(self, end: End) -> None:
        self._write({"end": end.reason, "error": end.error, "t": None if end.t is None else round(end.t, 6)})
