"""aiohttp-sse-client 0.2.1 (PyPI): ``async for event in EventSource(url)``, one connection.

Modelled from aiohttp-sse-client 0.2.1 ``aiohttp_sse_client/client.py`` (``EventSource.connect``,
``__anext__``, ``_dispatch_event``, ``_process_field``) over aiohttp 3.x ``StreamReader`` line
iteration (``streams.py`` ``readuntil``):

- lines are split on LF only (``async for line in response.content``): CR-only line endings are never
  seen, so a CR-framed stream is one long line; each line is decoded strictly as UTF-8 (invalid
  UTF-8 raises ``UnicodeDecodeError``; a BOM is kept, so ``"\\ufeffdata"`` is an unknown field) and
  stripped of its LF and then of *all* trailing CRs;
- a line longer than the reader's high-water mark (2 × 256 KiB) raises ``LineTooLong``;
- ``field_value.lstrip(' ')``: *all* leading spaces of a value are removed;
- ``id`` is refused only when it is exactly one or two NULs (``"a\\x00b"`` is accepted); the last event
  ID persists; ``retry`` is parsed with ``int()`` but is not exposed per event;
- a blank line dispatches when the data is non-empty; the data loses *all* trailing newlines
  (``rstrip('\\n')``); the type is None for unnamed events (shown here as ``"message"``);
- the connection is refused unless the media type is exactly ``text/event-stream``;
- the last event without a blank line after it is not dispatched.
"""

from __future__ import annotations

import re

from .base import CauseContext, Dialect, endings, exc, generic_cause, to_lf

_ONE_SPACE = re.compile(rb"(?m)^(data|event|id|retry):  +")
HIGH_WATER = 2 * 2**18  # aiohttp: StreamReader limit = read_bufsize (DEFAULT_CHUNK_SIZE 256 KiB), high water 2×


class AiohttpSseClient(Dialect):
    name = "aiohttp-sse-client"
    label = "aiohttp-sse-client 0.2"
    language = "python"
    source = "aiohttp-sse-client 0.2.1 client.py EventSource.__anext__/_dispatch_event/_process_field; aiohttp 3.x"

    def _start(self) -> None:
        media = self.content_type.partition(";")[0].strip().lower()
        if media != "text/event-stream":
            self._fail(f"ConnectionAbortedError: fetch <url> failed with wrong Content-Type: {self.content_type}")
        self._pending = b""
        self._id = ""
        self._type = ""
        self._data = ""

    def _feed(self, chunk: bytes) -> None:
        buf = self._pending + chunk
        start = 0
        while self.result.failure is None:
            nl = buf.find(b"\n", start)
            if nl < 0:
                break
            self._raw_line(buf[start:nl + 1])
            start = nl + 1
        self._pending = buf[start:]
        if self.result.failure is None and len(self._pending) > HIGH_WATER:
            self._raw_line(self._pending)

    def _close(self) -> None:
        if self._pending:
            self._raw_line(self._pending)

    def _raw_line(self, raw: bytes) -> None:
        if len(raw) > HIGH_WATER:
            self._fail(f"LineTooLong: 400, message='Got more than {HIGH_WATER} bytes when reading: {raw[:100]!r}...'")
            return
        try:
            line = raw.decode("utf8")
        except UnicodeDecodeError as e:
            self._fail(exc(e))
            return
        line = line.rstrip("\n").rstrip("\r")
        if line == "":
            self._dispatch()
        elif line[0] == ":":
            return
        elif ":" in line:
            name, value = line.split(":", 1)
            self._field(name, value.lstrip(" "))
        else:
            self._field(line, "")

    def _dispatch(self) -> None:
        if self._data == "":
            self._type = ""
            return
        self._emit(self._type or "message", self._data.rstrip("\n"), self._id)
        self._type, self._data = "", ""

    def _field(self, name: str, value: str) -> None:
        if name == "event":
            self._type = value
        elif name == "data":
            self._data += value + "\n"
        elif name == "id" and value not in ("\x00", "\x00\x00"):
            self._id = value

    def cause(self, ctx: CauseContext) -> str:
        s, c = ctx.spec_view, ctx.client_view
        failure = ctx.result.failure or ""
        if failure and c is None:
            if failure.startswith("UnicodeDecodeError"):
                return f"invalid UTF-8 raises: {failure}"
            return failure
        bom = self.bom_cause(ctx)
        if bom:
            return bom
        if endings(ctx.body) and self.fixed_by(ctx, to_lf(ctx.body)):
            return "a CR not followed by LF is no line end for it (it splits on \\n only)"
        if s and c and s[1] != c[1] and s[1].rstrip("\n") == c[1]:
            return "all trailing newlines of the data are removed (the spec removes one)"
        if s and c and s[:2] == c[:2] and c[2] and "\0" in c[2]:
            return "an id containing NUL is accepted (the spec ignores it)"
        if self.fixed_by(ctx, _ONE_SPACE.sub(rb"\1: ", ctx.body)):
            return "all leading spaces of a field value are removed (the spec removes one)"
        return generic_cause(ctx)
