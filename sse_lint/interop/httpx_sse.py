"""httpx-sse 0.4.3 (PyPI): ``EventSource(response).iter_sse()``.

Modelled from httpx-sse 0.4.3 ``_api.py`` (``EventSource._check_content_type``, ``iter_sse``,
``_iter_sse_lines``) and ``_decoders.py`` (``SSELineDecoder``, ``SSEDecoder.decode``), over httpx
0.28 ``Response.iter_text`` (``_models.py`` ``Response.encoding``; ``_decoders.py`` ``TextDecoder``):

- the body is decoded with the response's ``charset`` (any codec Python knows), else UTF-8, with
  ``errors="replace"``; the plain ``utf-8`` codec keeps a leading BOM, so the first line's field name
  becomes ``"\\ufeffdata"`` and the first event is lost;
- lines split on CR, LF, CRLF (a CR at a chunk's end waits for the next chunk);
- a blank line dispatches when the event type, data, last event ID *or* retry is set — the last event
  ID is never reset, so once an ``id:`` was seen every extra blank line yields an empty ``message``
  event, and ``event: x`` / ``retry: n`` with no data are dispatched too;
- ``retry`` is parsed with ``int()``: ``" 8"``, ``"-5"``, ``"+5"``, ``"1_000"`` are accepted;
- ``iter_sse`` first requires ``"text/event-stream"`` in the media type (``SSEError`` otherwise);
- a last event without a blank line after it is dropped (as in the spec).
"""

from __future__ import annotations

import codecs
import email.message

from ._decoders import SseDecoder
from .base import CauseContext, Dialect, first_divergence, generic_cause


def response_encoding(content_type: str) -> str:
    """httpx ``Response.encoding``: the charset parameter if Python knows the codec, else utf-8."""
    msg = email.message.Message()
    msg["content-type"] = content_type
    charset = msg.get_content_charset(failobj=None)
    if charset:
        try:
            codecs.lookup(charset)
        except LookupError:
            charset = None
    return charset or "utf-8"


class HttpxSse(Dialect):
    name = "httpx-sse"
    label = "httpx-sse 0.4"
    language = "python"
    source = "httpx-sse 0.4.3 _api.py EventSource.iter_sse, _decoders.py SSELineDecoder/SSEDecoder; httpx 0.28"

    def _start(self) -> None:
        media = self.content_type.partition(";")[0]
        if "text/event-stream" not in media:
            self._fail("SSEError: Expected response header Content-Type to contain 'text/event-stream', "
                       f"got {media!r}")
        self.encoding = response_encoding(self.content_type)
        self._text = codecs.getincrementaldecoder(self.encoding)(errors="replace")
        self._buffer: list[str] = []
        self._trailing_cr = False
        self._decoder = SseDecoder()

    def _feed(self, chunk: bytes) -> None:
        text = self._text.decode(chunk)
        if text:  # httpx filters out empty text
            for line in self._lines(text):
                self._line(line)

    def _close(self) -> None:
        tail = self._text.decode(b"", True)
        if tail:
            for line in self._lines(tail):
                self._line(line)
        # SSELineDecoder.flush
        if self._buffer or self._trailing_cr:
            line = "".join(self._buffer)
            self._buffer, self._trailing_cr = [], False
            self._line(line)

    def _lines(self, text: str) -> list[str]:
        """SSELineDecoder.decode: a trailing CR always waits for the next piece of text."""
        if self._trailing_cr:
            text, self._trailing_cr = "\r" + text, False
        if text.endswith("\r"):
            self._trailing_cr, text = True, text[:-1]
        if not text:
            return []
        trailing_newline = text[-1] in "\n\r"
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if trailing_newline:
            lines.pop()
        if len(lines) == 1 and not trailing_newline:
            self._buffer.append(lines[0])
            return []
        if self._buffer:
            lines[0] = "".join(self._buffer) + lines[0]
            self._buffer = []
        if not trailing_newline:
            self._buffer = [lines.pop()]
        return lines

    def _line(self, line: str) -> None:
        ev = self._decoder.decode(line)
        if ev is not None:
            self._emit(ev[0] or "message", ev[1], ev[2], ev[3])

    def cause(self, ctx: CauseContext) -> str:
        s, c = ctx.spec_view, ctx.client_view
        if ctx.result.failure:
            return ctx.result.failure
        if self.encoding not in ("utf-8", "utf8"):
            plain = type(self)().run([ctx.body])
            div = first_divergence(self, ctx.spec, plain)
            if div is None or div[0] > ctx.index:
                return f"it decodes the body as {self.encoding} (the response charset), not UTF-8"
        bom = self.bom_cause(ctx)
        if bom:
            return bom
        if c is not None and c[1] == "" and (s is None or s != c):
            retry = ctx.result.retries[ctx.client_index]
            if c[0] != "message":
                return f"`event: {c[0]}` with no data is dispatched (as an empty event)"
            if retry is not None:
                return f"a `retry:` with no data is dispatched as an empty event (retry parsed with int(): {retry})"
            return "once an `id:` was seen, every blank line that ends no event dispatches an empty `message` event"
        return generic_cause(ctx)
