"""HAR 1.2 exports (browser DevTools): every entry whose response is an event stream."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from typing import Any, BinaryIO

import orjson

from ..errors import InputError
from .model import Chunk, End, Request, Response, Transcript

MAX_HAR = 1 << 30


def _pairs(items: Any) -> list[tuple[str, str]]:
    if not isinstance(items, list):
        return []
    return [(str(h.get("name", "")), str(h.get("value", ""))) for h in items if isinstance(h, dict)]


def _is_stream(entry: dict[str, Any]) -> bool:
    resp = entry.get("response") or {}
    content = resp.get("content") or {}
    mime = str(content.get("mimeType", "")).lower()
    if "text/event-stream" in mime or "_eventSourceMessages" in entry:
        return True
    ctype = next((v for k, v in _pairs(resp.get("headers")) if k.lower() == "content-type"), "")
    return "text/event-stream" in ctype.lower()


def _body(source: str, entry: dict[str, Any], where: str) -> bytes:
    content = (entry.get("response") or {}).get("content") or {}
    text = content.get("text")
    if isinstance(text, str) and text:
        if content.get("encoding") == "base64":
            try:
                return base64.b64decode(text, validate=False)
            except binascii.Error:
                raise InputError(source, f"{where}: content.text is not valid base64") from None
        return text.encode()
    # Chrome keeps EventSource messages apart from the body; rebuild the wire form from them.
    messages = entry.get("_eventSourceMessages")
    if isinstance(messages, list):
        out = []
        for m in messages:
            if not isinstance(m, dict):
                continue
            if m.get("eventName") and m.get("eventName") != "message":
                out.append(f"event: {m['eventName']}\n")
            if m.get("eventId"):
                out.append(f"id: {m['eventId']}\n")
            for line in str(m.get("data", "")).split("\n"):
                out.append(f"data: {line}\n")
            out.append("\n")
        return "".join(out).encode()
    return b""


def read_har(source: str, head: bytes, stream: BinaryIO) -> Iterator[Transcript]:
    raw = head + stream.read(MAX_HAR)
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        line = raw[: getattr(e, "pos", 0) or 0].count(b"\n") + 1
        raise InputError(source, f"corrupt HAR JSON: {e.msg if hasattr(e, 'msg') else e}", line) from None
    entries = (doc.get("log") or {}).get("entries") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise InputError(source, "not a HAR file (no log.entries list)")
    found = 0
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not _is_stream(entry):
            continue
        found += 1
        req = entry.get("request") or {}
        resp = entry.get("response") or {}
        status = resp.get("status")
        name = f"{source}#entries[{i}]"
        body = _body(source, entry, f"entries[{i}]")
        post = (req.get("postData") or {}).get("text")
        transcript = Transcript(
            source=name, format="har", chunks=iter(()), first_line=None,
            request=Request(str(req.get("method", "GET")), str(req.get("url", "")), _pairs(req.get("headers")),
                            post if isinstance(post, str) else None),
            response=Response(status if isinstance(status, int) else 200, str(resp.get("statusText", "")),
                              str(resp.get("httpVersion", "HTTP/1.1")), _pairs(resp.get("headers"))),
        )
        chunks: list[Chunk] = [(None, body)]
        transcript.chunks = iter(chunks)
        transcript.end = End("eof")
        yield transcript
    if not found:
        raise InputError(source, "the HAR file holds no event-stream response")
