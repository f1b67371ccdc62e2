"""Raw SSE bodies, as ``curl -N`` prints them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from .model import Chunk, End, Transcript

CHUNK_SIZE = 1 << 16


def iter_file(head: bytes, stream: BinaryIO, size: int = CHUNK_SIZE) -> Iterator[bytes]:
    """The peeked head, then the rest of ``stream`` in ``size`` pieces."""
    if head:
        yield head
    while True:
        block = stream.read(size)
        if not block:
            return
        yield block


def read_raw(source: str, head: bytes, stream: BinaryIO) -> Iterator[Transcript]:
    transcript = Transcript(source=source, format="raw", chunks=iter(()), first_line=1)

    def chunks() -> Iterator[Chunk]:
        for block in iter_file(head, stream):
            yield None, block
        transcript.end = End("eof")

    transcript.chunks = chunks()
    yield transcript
