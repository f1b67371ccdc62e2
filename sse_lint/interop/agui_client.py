"""@ag-ui/client 1.0.0 (npm): ``HttpAgent.run`` → ``transformHttpEventStream`` → ``parseSSEStream``.

Modelled from the published ``dist/index.js`` of @ag-ui/client 1.0.0 (minified; source paths in the
ag-ui repository: ``sdks/typescript/packages/client/src/transform/sse.ts`` and ``transform/http.ts``):

- bytes → ``new TextDecoder("utf-8", {fatal: false})`` with ``stream: true`` (one leading BOM dropped,
  invalid UTF-8 → U+FFFD);
- ``buffer.split(/\\n\\n/)``: only LF LF ends an event, the last piece stays buffered; after each chunk,
  a pending buffer longer than 10 MiB (UTF-16 code units) errors the stream;
- per block: lines split on ``"\\n"``; lines starting with ``data:`` are kept, the prefix and one
  following space removed; every other line (``event:``, ``id:``, ``retry:``, comments) is ignored;
  data lines are joined with ``"\\n"`` and ``JSON.parse``d — a parse error errors the whole run;
- ``transformHttpEventStream``: a frame that is not a non-array object → ``Invalid event: the frame is
  not a JSON object.``; without a non-empty string ``type`` → ``Invalid event: the frame carries no
  event type.``;
- at end of body the remaining buffer (if non-empty) is processed as a last event, blank line or not.
"""

from __future__ import annotations

import codecs
from typing import ClassVar

from ._jsjson import js_json_parse, utf16_length
from .base import CauseContext, Dialect, endings, generic_cause, to_lf

MAX_BUFFER = 10 * 1024 * 1024  # `oe` in dist/index.js: "SSE buffer size exceeded maximum limit of 10 MB"


class AguiClient(Dialect):
    name = "agui-client"
    label = "@ag-ui/client 1.0"
    language = "javascript"
    reference_for: ClassVar[tuple[str, ...]] = ("agui",)
    name_blind = True
    json_data = True
    source = "@ag-ui/client 1.0.0 dist/index.js: parseSSEStream (transform/sse.ts), transformHttpEventStream"

    def _start(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")("replace")  # TextDecoder drops one BOM
        self._buffer = ""

    def _feed(self, chunk: bytes) -> None:
        text = self._decoder.decode(chunk)
        completed = "\n\n" in self._buffer[-1:] + text  # the buffer itself never holds "\n\n"
        self._buffer += text
        blocks = self._buffer.split("\n\n") if completed else [self._buffer]
        self._buffer = blocks.pop()
        for block in blocks:
            self._block(block)
        if self.result.failure is None and utf16_length(self._buffer) > MAX_BUFFER:
            self._fail("Error: SSE buffer size exceeded maximum limit of 10 MB")

    def _close(self) -> None:
        # complete: `a && (a += i.decode(), o(a))` — the decoder is flushed only when text is pending
        if self._buffer:
            self._block(self._buffer + self._decoder.decode(b"", True))

    def _block(self, block: str) -> None:
        data = [line[5:].removeprefix(" ") for line in block.split("\n") if line.startswith("data:")]
        if not data or self.result.failure is not None:
            return
        text = "\n".join(data)
        value, error = js_json_parse(text)
        if error is not None:
            self._fail(error)
        elif not isinstance(value, dict):
            self._fail("Error: Invalid event: the frame is not a JSON object.")
        elif not isinstance(value.get("type"), str) or not value["type"]:
            self._fail("Error: Invalid event: the frame carries no event type.")
        else:
            self._emit("message", text, None)

    def cause(self, ctx: CauseContext) -> str:
        s, c = ctx.spec_view, ctx.client_view
        kind = endings(ctx.body)
        if kind and self.fixed_by(ctx, to_lf(ctx.body)):
            what = {"CRLF": "CRLF line endings", "CR": "CR line endings"}.get(kind, "CR or CRLF line endings")
            return f"{what} (it splits on \\n\\n only)"
        failure = ctx.result.failure or ""
        if failure and c is None:
            if s is None:
                return f"the last event has no blank line after it; the client dispatches it and fails: {failure}"
            if failure.startswith("SyntaxError"):
                if s[1] == "":
                    return "`data:` with empty data is not JSON (JSON parse error)"
                if s[1].strip() == "[DONE]":
                    return "the `[DONE]` sentinel is not JSON (JSON parse error)"
                return "data is not JSON (JSON parse error)"
            if "buffer size" in failure:
                return "an event (or the unread rest of the stream) exceeds the 10 MB SSE buffer"
            return failure.removeprefix("Error: ")
        if s is None and c is not None:
            return "the last event has no blank line after it; the client dispatches it anyway"
        if s is not None and c is None and s[1] == "":
            return "an event whose only data line is a bare `data` (no colon) is skipped"
        if s is not None and c is not None and s[0] != c[0]:
            return f"it ignores `event:` lines, so the name {s[0]!r} is lost"
        return generic_cause(ctx)
