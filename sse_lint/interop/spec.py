"""The reference: sse-lint's own WHATWG parser (:mod:`sse_lint.sse`), as a dialect.

Every other dialect is compared with this one. It models the HTML Living Standard §9.2.6
"Parsing an event stream" exactly: one leading BOM stripped, CR/LF/CRLF, a blank line dispatches
only when the data buffer is non-empty, the last event ID persists, an unterminated last event is
discarded, invalid UTF-8 becomes U+FFFD, ``retry`` only when all ASCII digits.
"""

from __future__ import annotations

from typing import ClassVar

from ..sse import Parser
from .base import Dialect


class Spec(Dialect):
    name = "spec"
    label = "WHATWG HTML (sse-lint's parser)"
    language = "spec"
    reference_for: ClassVar[tuple[str, ...]] = ()
    source = "sse_lint/sse.py Parser (HTML Living Standard §9.2.6)"

    def _start(self) -> None:
        self._parser = Parser(max_line_bytes=1 << 30)

    def _feed(self, chunk: bytes) -> None:
        for ev in self._parser.feed(chunk):
            self._emit(ev.type, ev.data, ev.id, ev.retry)

    def _close(self) -> None:
        for ev in self._parser.close():
            self._emit(ev.type, ev.data, ev.id, ev.retry)
