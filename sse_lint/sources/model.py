"""The one transcript model every input becomes: request, response head, timed chunks, how it ended."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

END_REASONS = ("eof", "reset", "timeout", "idle-timeout", "aborted", "unknown")

Headers = list[tuple[str, str]]


def header(headers: Headers, name: str) -> str | None:
    """The first value of header ``name`` (case-insensitive), or None."""
    low = name.lower()
    for k, v in headers:
        if k.lower() == low:
            return v
    return None


@dataclass(slots=True)
class Request:
    method: str = "GET"
    url: str = ""
    headers: Headers = field(default_factory=list)
    body: str | None = None


@dataclass(slots=True)
class Response:
    status: int = 200
    reason: str = ""
    http_version: str = "HTTP/1.1"
    headers: Headers = field(default_factory=list)
    t: float | None = None  # when the head arrived, seconds since the request

    def header(self, name: str) -> str | None:
        return header(self.headers, name)


@dataclass(slots=True)
class End:
    """How the stream ended. ``t`` is seconds since the request, when known."""

    reason: str = "eof"
    error: str | None = None
    t: float | None = None


Chunk = tuple[float | None, bytes]


@dataclass(slots=True)
class Transcript:
    """One recorded (or live) exchange.

    ``chunks`` is an iterator that is consumed once; ``end`` is filled in by the reader when
    the iterator is exhausted (readers that learn the end only at the end of the file).
    ``first_line`` is the line of the input file the body starts on (1 for a raw body),
    or None when body lines are not file lines (JSONL, HAR).
    """

    source: str
    format: str
    chunks: Iterator[Chunk]
    request: Request | None = None
    response: Response | None = None
    end: End | None = None
    first_line: int | None = 1
    timed: bool = False
    meta: dict[str, object] = field(default_factory=dict)
