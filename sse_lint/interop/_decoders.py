"""Decoding steps several clients share (each copied from one library into others).

- :class:`SseDecoder`: httpx-sse 0.4.3 ``_decoders.py`` ``SSEDecoder.decode``; the openai and anthropic
  Python SDKs carry copies of it (``_streaming.py`` ``SSEDecoder.decode``) with the same behaviour.
- :class:`BlockCutter`: sseclient-py 1.9.0 ``SSEClient._read``; anthropic's ``SSEDecoder._iter_chunks``
  is a copy of it.
"""

from __future__ import annotations

from collections.abc import Iterator

_ENDS = (b"\r\r", b"\n\n", b"\r\n\r\n")


class BlockCutter:
    """Cut a byte stream into blocks: the pieces of each chunk's ``splitlines(keepends=True)`` are appended
    to a buffer, which is cut when it *ends with* ``\\r\\r``, ``\\n\\n`` or ``\\r\\n\\r\\n`` (so mixed
    terminators such as ``\\n\\r\\n`` are no boundary, and where the check falls depends on the chunking)."""

    def __init__(self) -> None:
        self._data = b""

    def feed(self, chunk: bytes) -> Iterator[bytes]:
        for piece in chunk.splitlines(keepends=True):
            self._data += piece
            if self._data.endswith(_ENDS):
                block, self._data = self._data, b""
                yield block

    def close(self) -> Iterator[bytes]:
        """At end of body a non-empty buffer is a last block, blank line or not."""
        if self._data:
            block, self._data = self._data, b""
            yield block


class SseDecoder:
    """httpx-sse 0.4.3 ``SSEDecoder.decode`` — also copied, unchanged in behaviour, into the openai and
    anthropic SDKs (``_streaming.py`` ``SSEDecoder.decode``). ``decode`` returns a dispatched
    (event, data, last_id, retry) or None; event and last_id are "" when unset."""

    def __init__(self) -> None:
        self.event = ""
        self.data: list[str] = []
        self.last_id = ""
        self.retry: int | None = None

    def decode(self, line: str) -> tuple[str, str, str, int | None] | None:
        if not line:
            if not self.event and not self.data and not self.last_id and self.retry is None:
                return None
            out = (self.event, "\n".join(self.data), self.last_id, self.retry)
            self.event, self.data, self.retry = "", [], None  # NOTE (upstream): last_event_id is not reset
            return out
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "event":
            self.event = value
        elif name == "data":
            self.data.append(value)
        elif name == "id":
            if "\0" not in value:
                self.last_id = value
        elif name == "retry":
            try:
                self.retry = int(value)
            except ValueError:
                pass
        return None
