"""openai (Python SDK) 3.54: ``Stream.__stream__`` over its own ``SSEDecoder`` (an httpx-sse port).

Modelled from openai 3.54.0 ``openai/_streaming.py``: ``_SSELineDecoder.feed/finish``,
``SSEDecoder._decode_lines/iter_bytes/decode`` and ``Stream.__stream__`` (``stream_mode="legacy"``):

- lines split on CR, LF, CRLF at byte level, each decoded strictly as UTF-8 (invalid UTF-8 raises
  ``UnicodeDecodeError``; a leading BOM is kept, so the first line is an unknown field);
- httpx-sse's dispatch rule: a blank line yields an event when type, data, last event ID or retry is
  set, so ``event: ping`` alone, ``id:``/``retry:``-only blocks and — once any ``id:`` was seen —
  every extra blank line yield an event with empty data;
- the loop: data starting with ``[DONE]`` ends the stream (nothing after it is read); otherwise
  ``json.loads(data)`` — empty or non-JSON data raises ``JSONDecodeError``; a JSON object with a
  truthy top-level ``error`` raises ``APIError`` (its ``message`` when ``error`` is a mapping with a
  string message, else "An error occurred during streaming"); ``event:`` names are ignored except
  ``thread.*`` (Assistants), whose payloads never raise;
- an event without a blank line after it is dropped; a missing ``[DONE]`` is not noticed.
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar

from ._decoders import SseDecoder
from .base import CauseContext, Dialect, exc, generic_cause

_LINE_END = re.compile(b"[\\r\\n]")


class OpenaiSdk(Dialect):
    name = "openai-sdk"
    label = "openai-python 3.x"
    language = "python"
    reference_for: ClassVar[tuple[str, ...]] = ("openai-chat", "openai-responses")
    name_blind = True
    json_data = True
    source = "openai 3.54.0 _streaming.py _SSELineDecoder, SSEDecoder.decode, Stream.__stream__"

    def _start(self) -> None:
        self._buffer = bytearray()
        self._skip_lf = False
        self._decoder = SseDecoder()
        self._done = False

    def _feed(self, chunk: bytes) -> None:
        """_SSELineDecoder.feed: CR, LF, CRLF; a CR at a chunk's end swallows a leading LF next time."""
        if self._done:  # the SDK stopped reading at [DONE]
            return
        start = 0
        for m in _LINE_END.finditer(chunk):
            end = m.start()
            if self._skip_lf and end == start and chunk[end] == 10:
                self._skip_lf = False
                start = end + 1
                continue
            self._skip_lf = chunk[end] == 13
            self._buffer += chunk[start:end]
            line, self._buffer = bytes(self._buffer), bytearray()
            start = end + 1
            self._line(line)
            if self._done or self.result.failure is not None:
                return
        if start < len(chunk):
            self._skip_lf = False
            self._buffer += chunk[start:]

    def _close(self) -> None:
        if self._buffer and not self._done:
            line, self._buffer = bytes(self._buffer), bytearray()
            self._line(line)  # _SSELineDecoder.finish: a last line, but no blank line follows it

    def _line(self, raw: bytes) -> None:
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            self._fail(exc(e))
            return
        ev = self._decoder.decode(line)
        if ev is not None:
            self._deliver(ev[0] or None, ev[1])

    def _deliver(self, event: str | None, data: str) -> None:
        """Stream.__stream__ for one ServerSentEvent."""
        if data.startswith("[DONE]"):
            self._emit("message", data, None)
            self._done = True
            return
        try:
            payload: Any = json.loads(data)
        except (json.JSONDecodeError, RecursionError) as e:
            self._fail(exc(e))
            return
        if event and event.startswith("thread."):
            self._emit(event, data, None)
            return
        if isinstance(payload, dict) and payload.get("error"):
            error = payload["error"]
            message = error.get("message") if isinstance(error, dict) else None
            if not message or not isinstance(message, str):
                message = "An error occurred during streaming"
            self._fail(f"APIError: {message}")
            return
        self._emit("message", data, None)

    def cause(self, ctx: CauseContext) -> str:
        s, c = ctx.spec_view, ctx.client_view
        failure = ctx.result.failure or ""
        if failure.startswith("APIError"):
            return f"a top-level `error` in the data makes the SDK raise {failure}"
        bom = self.bom_cause(ctx)
        if bom:
            return bom
        if failure.startswith("UnicodeDecodeError") and c is None:
            return f"invalid UTF-8 raises: {failure}"
        if failure.startswith("JSONDecodeError") and c is None:
            if s is not None and s[1] == "":
                return f"`data:` with empty data raises {failure}"
            if s is not None and not _is_json(s[1]):
                return f"data is not JSON: {failure}"
            return (f"an event with no data (a blank line after only `event:`/`id:`/`retry:`, or an extra blank "
                    f"line once an `id:` was seen) raises {failure}")
        seen = ctx.result.events
        if c is None and seen and seen[-1][1].startswith("[DONE]"):
            return "the SDK stops at `[DONE]`: events after it are never read"
        if s and c and s[0] != c[0]:
            return f"`event:` names are ignored, so {s[0]!r} reaches the user as an unnamed chunk"
        return generic_cause(ctx)


def _is_json(data: str) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True
