"""eventsource 5.x (npm, Node's EventSource polyfill) over eventsource-parser 4.x.

Modelled from eventsource 5.1.5 ``dist/EventSource.js`` (``#onFetchResponse``: ``new TextDecoder()``
then ``parser.feed(decoder.decode(value, {stream: !done}))``; ``#onEvent``; ``#onParseError``) and
eventsource-parser 4.1.3 ``dist/parse.js`` (``createParser``: ``feed``, ``processLines``,
``parseLine``, ``dispatchEvent``, ``checkForBufferOverflow``):

- the parser is the WHATWG algorithm (CR/LF/CRLF, NUL ids ignored, ``retry`` ASCII digits only, no
  dispatch without data, the last event ID persists, an unterminated last event is dropped), BUT
- the BOM is stripped twice: ``TextDecoder`` drops one leading U+FEFF, then ``feed`` strips one more
  leading ``\\uFEFF`` — or the three characters ``\\xEF\\xBB\\xBF`` (``"ï»¿"``) — from the decoded text.
  A stream starting with two BOMs keeps its first event (the spec loses it);
- when buffered text (partial line + data) exceeds ``maxBufferSize`` (100 MiB of UTF-16 code units)
  the connection fails: ``Buffered data exceeded max buffer size of 104857600 characters`` (modelled
  approximately — the text since the last blank line — and not checked against the package);
- the connection fails unless the Content-Type matches ``/^[\\t\\n\\r ]*text\\/event-stream[\\t\\n\\r ]*(?:;|$)/i``.
eventsource 4.x (eventsource-parser 3.x) differs: one BOM only, and ``lastEventId`` is not persisted.
"""

from __future__ import annotations

import codecs
import re

from ..sse import Parser
from .base import BOM, CauseContext, Dialect, generic_cause

MAX_BUFFER = 100 * 1024 * 1024  # DEFAULT_MAX_BUFFER_SIZE in EventSource.js
_CONTENT_TYPE = re.compile(r"^[\t\n\r ]*text/event-stream[\t\n\r ]*(?:;|$)", re.I)
_BOMS = ("\ufeff", "\xef\xbb\xbf")


class EventsourceJs(Dialect):
    name = "eventsource"
    label = "eventsource 5 (npm)"
    language = "javascript"
    source = "eventsource 5.1.5 dist/EventSource.js; eventsource-parser 4.1.3 dist/parse.js createParser"

    def _start(self) -> None:
        if not _CONTENT_TYPE.match(self.content_type):
            self._fail('Invalid content type, expected "text/event-stream"')
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")("replace")  # TextDecoder: one BOM
        self._head: str | None = ""  # parser `bomPrefix`: undefined once the BOM check is done
        # The rest is the WHATWG algorithm: reuse the spec parser on the re-encoded text (lossless:
        # U+FFFD from the decoder re-encodes to valid UTF-8, and the parser sees no BOM any more).
        self._parser = Parser(max_line_bytes=1 << 30)
        self._parser.feed(b"\xef\xbb\xbf")  # consumed as the spec's own leading BOM
        self._buffered = 0

    def _feed(self, chunk: bytes) -> None:
        self._text(self._decoder.decode(chunk))

    def _close(self) -> None:
        self._text(self._decoder.decode(b"", True))  # the last read has done=true: flush
        # end of body: parser.reset() — pending data is discarded, nothing more dispatched

    def _text(self, text: str) -> None:
        if self._head is not None:
            text = self._head + text
            if text in ("", "\xef", "\xef\xbb"):
                self._head = text
                return
            self._head = None
            for bom in _BOMS:
                if text.startswith(bom):
                    text = text[len(bom):]
                    break
        if not text:
            return
        for ev in self._parser.feed(text.encode("utf-8")):
            self._emit(ev.type, ev.data, ev.id, ev.retry)
        self._check_buffer(text)

    def _check_buffer(self, text: str) -> None:
        # approximation of checkForBufferOverflow: the text since the last blank line
        cut = max(text.rfind("\n\n"), text.rfind("\r\r"), text.rfind("\r\n\r\n"))
        self._buffered = len(text) - cut if cut >= 0 else self._buffered + len(text)
        if self._buffered > MAX_BUFFER:
            self._fail(f"Buffered data exceeded max buffer size of {MAX_BUFFER} characters")

    def cause(self, ctx: CauseContext) -> str:
        if ctx.result.failure and ctx.client_view is None:
            return ctx.result.failure
        if ctx.body.startswith(BOM) and self.fixed_by(ctx, ctx.body[3:]):
            return "the BOM is stripped twice (by TextDecoder, then by the parser), so a second BOM is lost too"
        if ctx.body.startswith("\xef\xbb\xbf".encode()):
            return "the text \"\xef\xbb\xbf\" (a BOM decoded as Latin-1) at the start is taken for a BOM and stripped"
        return generic_cause(ctx)
