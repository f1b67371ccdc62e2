"""``curl -i -N`` dumps: one or more status line + header blocks, then the body."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import InputError
from .model import Chunk, End, Response, Transcript
from .raw import iter_file

_STATUS = re.compile(rb"^(HTTP/\d(?:\.\d)?) (\d{3})(?: ([^\r\n]*))?\r?$")
MAX_HEAD = 1 << 16


def _split_head(buf: bytes) -> tuple[list[bytes], int] | None:
    """The head lines and the index where the body starts, or None if the head is incomplete."""
    lines: list[bytes] = []
    pos = 0
    while True:
        nl = buf.find(b"\n", pos)
        if nl < 0:
            return None
        line = buf[pos:nl].rstrip(b"\r")
        pos = nl + 1
        if not line:
            return lines, pos
        lines.append(line)


def parse_head(source: str, buf: bytes) -> tuple[Response, int, int]:
    """Parse every head block (skipping ``100 Continue`` and proxy ``Connection established``).

    Returns the final response, the byte index where the body starts and the number of file lines
    before the body.
    """
    start = 0
    consumed_lines = 0
    while True:
        split = _split_head(buf[start:])
        if split is None:
            raise InputError(source, "the HTTP head is not terminated by a blank line", consumed_lines + 1)
        lines, size = split
        if not lines:
            raise InputError(source, "expected an HTTP status line", consumed_lines + 1)
        m = _STATUS.match(lines[0])
        if m is None:
            raise InputError(source, f"not an HTTP status line: {lines[0][:60]!r}", consumed_lines + 1)
        version, status, reason = m.group(1).decode(), int(m.group(2)), (m.group(3) or b"").decode("latin-1")
        headers: list[tuple[str, str]] = []
        for i, line in enumerate(lines[1:], start=2):
            if b":" not in line:
                raise InputError(source, f"malformed header line: {line[:60]!r}", consumed_lines + i)
            name, _, value = line.partition(b":")
            headers.append((name.strip().decode("latin-1"), value.strip().decode("latin-1")))
        consumed_lines += len(lines) + 1
        body_at = start + size
        interim = 100 <= status < 200 or "connection established" in reason.lower()
        if interim and _STATUS.match(buf[body_at:].split(b"\n", 1)[0]):
            start = body_at
            continue
        return Response(status, reason, version, headers), body_at, consumed_lines


def read_curl(source: str, head: bytes, stream: BinaryIO) -> Iterator[Transcript]:
    buf = head
    while _split_head(buf) is None or len(buf) < 8:
        more = stream.read(MAX_HEAD)
        if not more or len(buf) > MAX_HEAD * 4:
            break
        buf += more
    response, body_at, head_lines = parse_head(source, buf)
    transcript = Transcript(source=source, format="curl", chunks=iter(()), response=response,
                            first_line=head_lines + 1)

    def chunks() -> Iterator[Chunk]:
        for block in iter_file(buf[body_at:], stream):
            yield None, block
        transcript.end = End("eof")

    transcript.chunks = chunks()
    yield transcript
