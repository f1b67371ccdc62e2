"""anthropic (Python SDK) 2.x: ``Stream.__stream__`` over its own ``SSEDecoder``.

Modelled from anthropic 2.12.0 ``anthropic/_streaming.py``: ``SSEDecoder._iter_chunks`` (sseclient-py's
block cutter: pieces of ``splitlines(keepends=True)`` appended until the buffer ends with ``\\r\\r``,
``\\n\\n`` or ``\\r\\n\\r\\n``), ``SSEDecoder.iter_bytes`` (each block ``splitlines()``, every line decoded
strictly as UTF-8), ``SSEDecoder.decode`` (httpx-sse's rule: a blank line yields an event when name,
data, last event ID or retry is set) and ``Stream.__stream__``:

- ``event: ping`` is skipped (by design: not a divergence);
- an event with no ``event:`` name is skipped silently — a name-less stream yields nothing, and a
  ``data: {"type":"error",…}`` without ``event: error`` is never seen;
- ``event: error`` raises ``APIStatusError`` (status 200) with ``str(json)`` of the data, or the raw
  data when it is not JSON, or "Error code: 200" when empty;
- other named events with empty data are skipped; the rest are ``json.loads``ed (``JSONDecodeError``);
- invalid UTF-8 raises ``UnicodeDecodeError``; a leading BOM is kept (the first line is lost);
- an event without a blank line after it is dropped; a missing ``message_stop`` is not noticed.
"""

from __future__ import annotations

import json
from typing import ClassVar

from ._decoders import BlockCutter, SseDecoder
from .base import CauseContext, Dialect, View, exc, generic_cause


class AnthropicSdk(Dialect):
    name = "anthropic-sdk"
    label = "anthropic-python 2.x"
    language = "python"
    reference_for: ClassVar[tuple[str, ...]] = ("anthropic",)
    json_data = True
    source = "anthropic 2.12.0 _streaming.py SSEDecoder._iter_chunks/iter_bytes/decode, Stream.__stream__"

    def _start(self) -> None:
        self._cutter = BlockCutter()
        self._decoder = SseDecoder()

    def hidden(self, view: View) -> bool:
        return view[0] == "ping"

    def _feed(self, chunk: bytes) -> None:
        for block in self._cutter.feed(chunk):
            self._lines(block)
            if self.result.failure is not None:
                return

    def _close(self) -> None:
        for block in self._cutter.close():
            self._lines(block)

    def _lines(self, block: bytes) -> None:
        for raw in block.splitlines():
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                self._fail(exc(e))
                return
            self._line(line)
            if self.result.failure is not None:
                return

    def _line(self, line: str) -> None:
        ev = self._decoder.decode(line)
        if ev is not None:
            self._deliver(ev[0] or None, ev[1])

    def _deliver(self, event: str | None, data: str) -> None:
        """Stream.__stream__ for one ServerSentEvent."""
        if event == "ping" or event is None:
            return
        if event == "error":
            try:
                message = f"{json.loads(data)}"
            except Exception:
                message = data or "Error code: 200"
            self._fail(f"APIStatusError: {message}")
            return
        if not data:
            return
        try:
            json.loads(data)
        except (json.JSONDecodeError, RecursionError) as e:
            self._fail(exc(e))
            return
        self._emit(event, data, None)

    def cause(self, ctx: CauseContext) -> str:
        s, c = ctx.spec_view, ctx.client_view
        failure = ctx.result.failure or ""
        if failure.startswith("APIStatusError") and c is None:
            return f"`event: error` raises {failure}"
        bom = self.bom_cause(ctx)
        if bom:
            return bom
        if failure.startswith("JSONDecodeError") and c is None:
            return f"data is not JSON: {failure}"
        if failure.startswith("UnicodeDecodeError") and c is None:
            return f"invalid UTF-8 raises: {failure}"
        if s and s[0] == "message" and (c is None or c[:2] != s[:2]):
            return "events without an `event:` name are dropped silently"
        if s and s[1] == "" and (c is None or c[:2] != s[:2]):
            return f"`event: {s[0]}` with empty data is skipped"
        return generic_cause(ctx)
