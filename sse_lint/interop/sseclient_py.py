"""sseclient-py 1.9.0 (PyPI): ``SSEClient(event_source).events()``.

Modelled from sseclient-py 1.9.0 ``sseclient/__init__.py`` (``SSEClient._read``, ``SSEClient.events``):

- ``_read`` cuts the byte stream into event blocks: each chunk is split with ``bytes.splitlines(True)``
  and the pieces are appended to a buffer, which is cut when it *ends with* ``\\r\\r``, ``\\n\\n`` or
  ``\\r\\n\\r\\n``. Mixed terminators (``\\n\\r\\n``, ``\\r\\n\\r``, ``\\n\\r``…) are never seen as a
  boundary, so the events on both sides merge into one (their data lines joined); where the check
  falls depends on the chunking, exactly as in the library;
- at end of body a non-empty buffer is yielded as a block: the unterminated last event IS dispatched;
- each block: ``splitlines()`` (CR, LF, CRLF), each line decoded strictly as UTF-8 (invalid UTF-8
  raises ``UnicodeDecodeError``, a BOM is kept, so ``"\\ufeffdata"`` is an unknown field), blank and
  whitespace-only lines and comments skipped, fields ``id``/``event``/``data``/``retry`` stored
  with no validation (an ``id`` with NUL is accepted, ``retry`` is the raw string);
- a fresh ``Event`` per block: the id is NOT persisted (None when the block has no ``id:``);
- a block with no data is not dispatched; one trailing ``\\n`` is removed from the data.
"""

from __future__ import annotations

from ._decoders import BlockCutter
from .base import CauseContext, Dialect, endings, exc, generic_cause, to_lf


class SseclientPy(Dialect):
    name = "sseclient-py"
    label = "sseclient-py 1.9"
    language = "python"
    source = "sseclient-py 1.9.0 sseclient/__init__.py SSEClient._read, SSEClient.events"

    def _start(self) -> None:
        self._cutter = BlockCutter()

    def _feed(self, chunk: bytes) -> None:
        for block in self._cutter.feed(chunk):
            self._block(block)
            if self.result.failure is not None:
                return

    def _close(self) -> None:
        for block in self._cutter.close():
            self._block(block)

    def _block(self, block: bytes) -> None:
        fields: dict[str, str | None] = {"id": None, "event": "message", "data": "", "retry": None}
        for raw in block.splitlines():
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                self._fail(exc(e))
                return
            if not line.strip() or line.startswith(":"):
                continue
            name, sep, value = line.partition(":")
            if name not in fields:
                continue
            value = value[1:] if sep and value.startswith(" ") else value
            if name == "data":
                fields["data"] = (fields["data"] or "") + value + "\n"
            else:
                fields[name] = value
        data = fields["data"] or ""
        if not data:
            return
        if data.endswith("\n"):
            data = data[:-1]
        self._emit(fields["event"] or "message", data, fields["id"] or "", fields["retry"])

    def cause(self, ctx: CauseContext) -> str:
        s, c = ctx.spec_view, ctx.client_view
        if ctx.result.failure and c is None:
            return f"invalid UTF-8 raises: {ctx.result.failure}"
        bom = self.bom_cause(ctx)
        if bom:
            return bom
        if endings(ctx.body) and self.fixed_by(ctx, to_lf(ctx.body)):
            return "mixed line terminators (\\n\\r\\n, \\r\\n\\r) hide an event boundary, so two events merge"
        if s is None and c is not None:
            return "the last event has no blank line after it; sseclient-py dispatches it anyway"
        if s and c and s[:2] == c[:2] and s[2] != c[2]:
            if c[2] and "\0" in c[2]:
                return "an id containing NUL is accepted (the spec ignores it)"
            return "the last event ID is not kept from one event to the next"
        return generic_cause(ctx)
