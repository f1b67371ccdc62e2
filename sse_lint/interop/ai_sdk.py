"""ai (Vercel AI SDK) 6: ``DefaultChatTransport`` (``useChat``) reading a UI message stream.

Modelled from npm ai 6.0.326 with @ai-sdk/provider-utils 4.0.65 and eventsource-parser 3.1.1:
``ai/src/ui/default-chat-transport.ts`` ``processResponseStream`` →
``provider-utils/src/parse-json-event-stream.ts`` → ``eventsource-parser/src/parse.ts`` + ``stream.ts``,
``provider-utils/src/parse-json.ts`` + ``secure-json-parse.ts``, ``ai/src/ui-message-stream/ui-message-chunks.ts``:

- bytes → ``TextDecoderStream`` (UTF-8, one leading BOM dropped, invalid UTF-8 → U+FFFD; only non-empty
  text is passed on) → ``EventSourceParserStream``;
- eventsource-parser: on the first text chunk it drops a leading ``"\\u00ef\\u00bb\\u00bf"`` (a BOM
  mis-decoded as Latin-1 — the real BOM is already gone); lines end at CR, LF or CRLF, but a CR at the
  very end of the buffered text is held back (it may be half a CRLF), and a chunk with no CR/LF is only
  appended to the buffer; the stream has no flush, so at end of body whatever is buffered is dropped:
  an unterminated last event, and also a last event whose blank line is a trailing CR (``…\\r\\r``);
  otherwise the WHATWG field rules (an event is dispatched when it has a data line); ``event:`` and
  ``id:`` are not exposed (name-blind); ``retry:`` and unknown fields are ignored;
- data exactly ``[DONE]`` is skipped (parts after it are still read); any other data goes through
  ``secureJsonParse`` (``JSON.parse``, then a ``__proto__`` key or a ``constructor`` object with a
  ``prototype`` key is rejected) and ``uiMessageChunkSchema`` (zod union of loose objects); the first
  failure (``AI_JSONParseError`` / ``AI_TypeValidationError``, e.g. an unknown ``type`` not starting with
  ``data-``) errors the stream; the protocol header and Content-Type are not checked.

The schema is mirrored here (:data:`CHUNKS`): the ai 6 types only (sse-lint's ``vercel-ai`` schemas also
accept ai 7 types such as ``reset-step``, which ai 6 rejects). Not modelled: the part lifecycle checks of
``processUIMessageStream`` (e.g. ``text-delta`` for an unknown id), which the V1xx rules cover.
"""

from __future__ import annotations

import codecs
import json
import math
import re
from typing import Any, ClassVar

from ._jsjson import js_json_parse
from .base import CauseContext, Dialect, View, generic_cause

# field kinds: s string, b boolean, u unknown (also missing), pm providerMetadata, tm toolMetadata,
# fr / enc the finishReason / inputEncoding enums; a trailing "?" on the field name makes it optional
_PM = {"providerMetadata?": "pm"}
_TM = {"providerExecuted?": "b", **_PM, "toolMetadata?": "tm", "dynamic?": "b"}
CHUNKS: dict[str, dict[str, str]] = {
    "text-start": {"id": "s", **_PM},
    "text-delta": {"id": "s", "delta": "s", **_PM},
    "text-end": {"id": "s", **_PM},
    "error": {"errorText": "s"},
    "tool-input-start": {"toolCallId": "s", "toolName": "s", "inputEncoding?": "enc", **_TM, "title?": "s"},
    "tool-input-delta": {"toolCallId": "s", "inputTextDelta": "s"},
    "tool-input-available": {"toolCallId": "s", "toolName": "s", "input": "u", **_TM, "title?": "s"},
    "tool-input-error": {"toolCallId": "s", "toolName": "s", "input": "u", **_TM, "errorText": "s", "title?": "s"},
    "tool-approval-request": {"approvalId": "s", "toolCallId": "s", "approvalDescriptor?": "u",
                              "inputSchemaInput?": "u", "signature?": "s"},
    "tool-output-available": {"toolCallId": "s", "output": "u", **_TM, "preliminary?": "b"},
    "tool-output-error": {"toolCallId": "s", "errorText": "s", **_TM},
    "tool-output-denied": {"toolCallId": "s"},
    "reasoning-start": {"id": "s", **_PM},
    "reasoning-delta": {"id": "s", "delta": "s", **_PM},
    "reasoning-end": {"id": "s", **_PM},
    "source-url": {"sourceId": "s", "url": "s", "title?": "s", **_PM},
    "source-document": {"sourceId": "s", "mediaType": "s", "title": "s", "filename?": "s", **_PM},
    "file": {"url": "s", "mediaType": "s", **_PM},
    "start-step": {},
    "finish-step": {},
    "start": {"messageId?": "s", "messageMetadata?": "u"},
    "finish": {"finishReason?": "fr", "messageMetadata?": "u"},
    "abort": {"reason?": "s"},
    "message-metadata": {"messageMetadata": "u"},
}
DATA_CHUNK = {"id?": "s", "data": "u", "transient?": "b"}  # any type starting with "data-"
_ENUMS = {"fr": ("stop", "length", "content-filter", "tool-calls", "error", "other"), "enc": ("json", "text")}


def _json_value(v: Any) -> bool:
    """zod ``jsonValueSchema``: every JSON value but a non-finite number (``1e999`` parses to Infinity)."""
    if isinstance(v, float):
        return math.isfinite(v)
    if isinstance(v, dict):
        return all(_json_value(x) for x in v.values())
    if isinstance(v, list):
        return all(_json_value(x) for x in v)
    return True


def _finite(v: Any) -> Any:
    """JSON.stringify writes a non-finite number as null."""
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {k: _finite(x) for k, x in v.items()}
    return [_finite(x) for x in v] if isinstance(v, list) else v


def _kind_ok(kind: str, v: Any) -> bool:
    if kind == "u":
        return True
    if kind == "s":
        return isinstance(v, str)
    if kind == "b":
        return isinstance(v, bool)
    if kind in _ENUMS:
        return isinstance(v, str) and v in _ENUMS[kind]
    if kind == "tm":
        return isinstance(v, dict) and _json_value(v)
    # pm: record<string, record<string, jsonValue>>
    return isinstance(v, dict) and all(isinstance(x, dict) and _json_value(x) for x in v.values())


def chunk_valid(value: Any) -> bool:
    """Whether ``uiMessageChunkSchema`` (ai 6.0.326) accepts a parsed JSON value."""
    if not isinstance(value, dict) or not isinstance(value.get("type"), str):
        return False
    t = value["type"]
    fields = CHUNKS.get(t, DATA_CHUNK if t.startswith("data-") else None)
    if fields is None:
        return False
    for key, kind in fields.items():
        name, optional = key.removesuffix("?"), key.endswith("?")
        if name not in value:
            if not optional and kind != "u":
                return False
        elif not _kind_ok(kind, value[name]):  # `.optional()` accepts undefined, never null
            return False
    return True


_PROTO = re.compile(r'"(?:_|\\u005[Ff])(?:_|\\u005[Ff])(?:p|\\u0070)(?:r|\\u0072)(?:o|\\u006[Ff])(?:t|\\u0074)'
                    r'(?:o|\\u006[Ff])(?:_|\\u005[Ff])(?:_|\\u005[Ff])"\s*:')
_CTOR = re.compile(r'"(?:c|\\u0063)(?:o|\\u006[Ff])(?:n|\\u006[Ee])(?:s|\\u0073)(?:t|\\u0074)(?:r|\\u0072)'
                   r'(?:u|\\u0075)(?:c|\\u0063)(?:t|\\u0074)(?:o|\\u006[Ff])(?:r|\\u0072)"\s*:')


def secure_json_parse(text: str) -> tuple[Any, str | None]:
    """provider-utils ``secureJsonParse``: (value, None) or (None, the cause's message)."""
    value, error = js_json_parse(text)
    if error is not None:
        return None, error.removeprefix("SyntaxError: ")
    if not isinstance(value, (dict, list)) or not (_PROTO.search(text) or _CTOR.search(text)):
        return value, None
    nodes = [value]
    while nodes:
        nxt = []
        for node in nodes:
            if isinstance(node, dict):
                ctor = node.get("constructor")
                if "__proto__" in node or (isinstance(ctor, dict) and "prototype" in ctor):
                    return None, "Object contains forbidden prototype property"
            nxt += [v for v in (node.values() if isinstance(node, dict) else node) if isinstance(v, (dict, list))]
        nodes = nxt
    return value, None


class AiSdk(Dialect):
    name = "ai-sdk"
    label = "ai (Vercel AI SDK) 6"
    language = "js"
    reference_for: ClassVar[tuple[str, ...]] = ("vercel-ai",)
    name_blind = True
    json_data = True
    source = ("ai 6.0.326 src/ui/default-chat-transport.ts, src/ui-message-stream/ui-message-chunks.ts; "
              "@ai-sdk/provider-utils 4.0.65 src/parse-json-event-stream.ts, parse-json.ts, secure-json-parse.ts; "
              "eventsource-parser 3.1.1 src/parse.ts, src/stream.ts")

    def _start(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")("replace")  # TextDecoder drops one BOM
        self._pending: list[str] = []
        self._first = True
        self._data = ""
        self._lines = 0

    def _feed(self, chunk: bytes) -> None:
        text = self._decoder.decode(chunk)
        if text:  # TextDecoderStream enqueues non-empty text only
            self._parse(text)

    def _close(self) -> None:
        text = self._decoder.decode(b"", True)
        if text:
            self._parse(text)
        # EventSourceParserStream has no flush: the buffered rest is dropped

    # eventsource-parser 3.1.1 createParser().feed
    def _parse(self, chunk: str) -> None:
        if self._first:
            self._first = False
            if chunk.startswith("\u00ef\u00bb\u00bf"):
                chunk = chunk[3:]
        if self._pending:
            self._pending.append(chunk)
            if "\n" not in chunk and "\r" not in chunk:
                return
            chunk = "".join(self._pending)
            self._pending = []
        trailing = self._lines_of(chunk)
        if trailing:
            self._pending.append(trailing)

    def _lines_of(self, chunk: str) -> str:
        i, n = 0, len(chunk)
        while i < n and self.result.failure is None:
            cr, lf = chunk.find("\r", i), chunk.find("\n", i)
            if cr != -1 and lf != -1:
                end = min(cr, lf)
            elif cr != -1:
                end = -1 if cr == n - 1 else cr  # a trailing CR may be half a CRLF: wait
            else:
                end = lf
            if end == -1:
                break
            self._line(chunk[i:end])
            i = end + 1
            if chunk[end] == "\r" and chunk[i:i + 1] == "\n":
                i += 1
        return chunk[i:]

    def _line(self, line: str) -> None:
        if not line:
            if self._lines:
                self._event(self._data)
            self._data, self._lines = "", 0
            return
        if line.startswith("data:"):
            value = line[6:] if line[5:6] == " " else line[5:]
        elif line == "data":
            value = ""
        else:
            return  # event:, id:, retry:, comments and unknown fields are not exposed
        self._data = value if self._lines == 0 else f"{self._data}\n{value}"
        self._lines += 1

    # parseJsonEventStream + processResponseStream
    def _event(self, data: str) -> None:
        if data == "[DONE]" or self.result.failure is not None:
            return
        value, error = secure_json_parse(data)
        if error is not None:
            self._fail(f"AI_JSONParseError: JSON parsing failed: Text: {data}.\nError message: {error}")
        elif not chunk_valid(value):
            shown = json.dumps(_finite(value), ensure_ascii=False, separators=(",", ":"))  # ~JSON.stringify
            self._fail(f"AI_TypeValidationError: Type validation failed: Value: {shown}.")
        else:
            self._emit("message", data, None)

    def hidden(self, view: View) -> bool:
        return view[1] == "[DONE]"  # skipped by design

    def cause(self, ctx: CauseContext) -> str:
        s, c = ctx.spec_view, ctx.client_view
        failure = ctx.result.failure or ""
        if failure and c is None and s is not None:
            if failure.startswith("AI_JSONParseError"):
                return f"data is not JSON: the chat stream errors ({failure.splitlines()[0][:60]}…)"
            value, _ = secure_json_parse(s[1])
            t = value.get("type") if isinstance(value, dict) else None
            if isinstance(t, str) and t not in CHUNKS and not t.startswith("data-"):
                return (f"unknown part type {t!r} fails uiMessageChunkSchema validation "
                        "(AI_TypeValidationError): the chat stream errors")
            return "the part fails uiMessageChunkSchema validation (AI_TypeValidationError): the chat stream errors"
        if s is not None and c is None and ctx.body.rstrip(b"\r") != ctx.body and not ctx.body.endswith(b"\n"):
            return ("the stream ends with a CR: eventsource-parser holds a trailing CR back (it may be half a "
                    "CRLF) and never flushes, so the last event is lost")
        if s is not None and c is not None and s[1] == c[1] and s[0] != c[0]:
            return f"it ignores `event:` lines, so the name {s[0]!r} is lost"
        return generic_cause(ctx)
