"""Inputs: the transcript model, format detection and one reader per format."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from .curl_dump import read_curl
from .har import read_har
from .jsonl import TranscriptWriter, read_jsonl
from .model import End, Request, Response, Transcript, header
from .raw import read_raw

__all__ = ["End", "Request", "Response", "Transcript", "TranscriptWriter", "detect", "header", "open_path",
           "open_stream", "iter_paths"]

HEAD = 1 << 16
_STATUS = re.compile(rb"HTTP/\d(\.\d)? \d{3}")
_SSE_LINE = re.compile(rb"^(data|event|id|retry)(:|\r?$)|^:", re.M)
READERS = {"raw": read_raw, "curl": read_curl, "jsonl": read_jsonl, "har": read_har}
EXTENSIONS = (".sse", ".txt", ".http", ".jsonl", ".har", ".log", ".stream", ".ndjson")


def detect(head: bytes, name: str = "") -> str | None:
    """The input format from the first bytes (and the file name where content is ambiguous)."""
    lower = name.lower()
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if body.startswith(b"{"):
        first = body.split(b"\n", 1)[0]
        if b'"sse_lint_transcript"' in first:
            return "jsonl"
        if b'"log"' in body[:4096] or lower.endswith(".har"):
            return "har"
    if _STATUS.match(body):
        return "curl"
    if not head.strip():
        return "raw"
    if b"\x00" in head[:4096] and not _SSE_LINE.search(head[:4096]):
        return None
    if _SSE_LINE.search(head.removeprefix(b"\xef\xbb\xbf")):
        return "raw"
    if lower.endswith(".jsonl"):
        return "jsonl"
    if lower.endswith(".har"):
        return "har"
    return None


def open_stream(source: str, stream: BinaryIO, fmt: str | None = None) -> Iterator[Transcript]:
    head = stream.read(HEAD)
    kind = fmt or detect(head, source)
    if kind is None:
        raise InputError(source, "not a transcript: neither a raw SSE body, a `curl -i` dump, an sse-lint JSONL "
                                 "transcript nor a HAR file", 1)
    yield from READERS[kind](source, head, stream)


def open_path(path: str, fmt: str | None = None) -> Iterator[Transcript]:
    """Transcripts in ``path`` (``-`` for stdin). Raises InputError with a one-line message."""
    if path == "-":
        yield from open_stream("<stdin>", sys.stdin.buffer, fmt)
        return
    p = Path(path)
    try:
        f = p.open("rb")
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as e:
        raise InputError(path, e.strerror or str(e)) from None
    with f:
        try:
            yield from open_stream(path, f, fmt)
        except OSError as e:
            raise InputError(path, e.strerror or str(e)) from None


def iter_paths(paths: list[str]) -> Iterator[str]:
    """Expand folders into the transcript files under them (sorted), keep files and ``-`` as given."""
    for path in paths:
        p = Path(path)
        if path != "-" and p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in EXTENSIONS and not f.name.startswith("."):
                    yield str(f)
        else:
            yield path
