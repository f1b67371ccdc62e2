"""Random SSE byte streams full of the things clients disagree on, cut into random chunks.

One generator, driven by a ``random.Random``: the property tests draw it from Hypothesis
(``st.randoms()``), the JavaScript tests from fixed seeds (one node process for a whole batch).
"""

from __future__ import annotations

import json
import random

BOM = b"\xef\xbb\xbf"
ENDS = (b"\n", b"\r\n", b"\r")
TEXTS = (b"a", b"hello world", b"  two spaces", b" ", b"", b"caf\xc3\xa9", b"\xf0\x9f\x98\x80", b"x:y",
         b"tab\there", b"nul\x00in", b"bad\xff", b"cut\xe2\x82", b"\xef\xbb\xbf", b"[DONE]", b"[DONE]xyz",
         b"\xc3\xaf\xc2\xbb\xc2\xbf")
PAYLOADS = ('{"type":"RUN_STARTED","threadId":"t","runId":"r"}', '{"type":"message_start","message":{}}',
            '{"type":"ping"}', '{"a":1}', '{"choices":[{"delta":{"content":"hi"}}]}', '{"error":{"message":"boom"}}',
            '{"error":"bad thing"}', '{"error":{"code":1}}', '{"type":"error","error":{"type":"overloaded_error"}}',
            '[1,2]', '"text"', "42", "null", "nope", "[DONE]", "", '{"a":1} ', '{"a":"\u00e9\u4e2d"}', "{}",
            '{"type":""}', '{"type":7}', "NaN", '{"a":1}{"b":2}')
NAMES = (b"message", b"error", b"ping", b"message_start", b"RUN_STARTED", b"thread.run.created", b"x", b"",
         b"content_block_delta", b"caf\xc3\xa9")
IDS = (b"1", b"42", b"", b"a\x00b", b"\x00", b"\x00\x00", b" spaced", b"\xc3\xa9")
RETRIES = (b"1000", b" 8", b"-5", b"+5", b"1_000", b"abc", b"", b"007", b"\xd9\xa3", b"1e3")


def _line(rng: random.Random, json_data: bool) -> bytes:
    kind = rng.choices(("data", "event", "id", "retry", "comment", "other", "json", "indent", "bare"),
                       weights=(10, 4, 2, 2, 1, 1, 1, 1, 1))[0]
    if kind == "data":
        if json_data and rng.random() < 0.85:
            value = rng.choice(PAYLOADS).encode()
        else:
            value = rng.choice(TEXTS)
        return rng.choice((b"data: ", b"data:", b"data:  ")) + value
    if kind == "event":
        return rng.choice((b"event: ", b"event:", b"event:  ")) + rng.choice(NAMES)
    if kind == "id":
        return rng.choice((b"id: ", b"id:")) + rng.choice(IDS)
    if kind == "retry":
        return b"retry:" + rng.choice(RETRIES)
    if kind == "comment":
        return rng.choice((b": keep-alive", b":", b":\xff"))
    if kind == "other":
        return rng.choice((b"error: {\"a\":1}", b"foo", b"Data: x", b"\xef\xbb\xbfdata: bom"))
    if kind == "json":
        return json.dumps({"error": {"message": "raw"}}).encode()
    if kind == "indent":
        return b" data: x"
    return b"data"


def make_stream(rng: random.Random, *, json_data: bool = False, max_events: int = 6) -> list[bytes]:
    """A body (as chunks) of up to ``max_events`` blocks with mixed terminators, BOMs and tails."""
    style = rng.choice(("lf", "crlf", "cr", "mixed", "mixed", "lf"))
    fixed = {"lf": b"\n", "crlf": b"\r\n", "cr": b"\r"}.get(style)

    def end() -> bytes:
        return fixed if fixed is not None else rng.choice(ENDS)

    out = bytearray()
    if rng.random() < 0.12:
        out += BOM * rng.choice((1, 1, 2))
    for _ in range(rng.randint(0, max_events)):
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            out += _line(rng, json_data) + end()
        out += end() * rng.choice((1, 1, 1, 1, 0, 2, 3))
    if rng.random() < 0.25:  # an unterminated tail
        out += _line(rng, json_data)
        if rng.random() < 0.3:
            out += end()
    return cut(rng, bytes(out))


def cut(rng: random.Random, body: bytes) -> list[bytes]:
    """Split ``body`` at random points (sometimes right after a CR, sometimes inside a UTF-8 sequence)."""
    if not body:
        return []
    n = rng.choice((0, 0, 1, 2, 4, 8))
    points = sorted({rng.randrange(1, len(body) + 1) for _ in range(n)} | {len(body)})
    if b"\r" in body and rng.random() < 0.3:
        points = sorted(set(points) | {body.index(b"\r") + 1})
    chunks, start = [], 0
    for p in points:
        if p > start:
            chunks.append(body[start:p])
            start = p
    return chunks
