"""Runs of streamed-text events handled as one unit: the linter's fast path for token streams.

Most events of an LLM or agent stream are text deltas: AG-UI ``TEXT_MESSAGE_CONTENT``,
``REASONING_MESSAGE_CONTENT`` and ``TOOL_CALL_ARGS``, a few characters each, dozens in a row for the
same message. When such a run is written in the official encoder's exact form — one
``data: {"type":"<KIND>","<idField>":"<id>","delta":"<text>"}`` line per event, LF line ends — every
event of it is known without decoding it one by one: each is a JSON object with exactly those three
string fields (the pattern admits only valid JSON strings), so its schema, its kind and role, and
what each rule would do with it follow from the run as a whole.

The parser (``Parser.batching``, a :class:`RunFinder`) recognises such runs with one regular expression,
or its C twin in ``_speedups.c``, and hands the engine a :class:`Batch` instead of the events. Each rule
either takes the batch in one step, with exactly the effect the events one by one would have had
(``Rule.on_batch`` returns True), or declines (False, nothing changed) and gets the events one by one,
decoded as usual, from :meth:`Batch.events`.
A run the pattern does not fit (an escaped key, a surrogate escape, invalid UTF-8, extra fields, one
event alone) simply goes the ordinary way. Tests check that findings are the same with and without
batches on every fixture and on generated streams.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

import orjson

if TYPE_CHECKING:
    from .sse import Event

try:  # the C twin of RunFinder's pattern (sse_lint/_speedups.c); SSE_LINT_PURE=1 turns it off
    if os.environ.get("SSE_LINT_PURE"):
        raise ImportError("SSE_LINT_PURE is set")
    from ._speedups import find_runs as _find_runs
except ImportError:
    _find_runs = None

# A JSON string body: characters but quote, backslash and controls, and complete escapes (unrolled, possessive).
# Surrogate escapes (\uD800-\uDFFF) are left out: split across two deltas they join differently than one by one.
_STRING = rb'[^"\\\x00-\x1f]*+(?:\\(?:["\\/bfnrt]|u(?![dD][89a-fA-F])[0-9a-fA-F]{4})[^"\\\x00-\x1f]*+)*+'
_DELTA = re.compile(rb'"delta":"(.*?)"\}\n\n')


def run_pattern(kinds: Mapping[str, str]) -> re.Pattern[bytes] | None:
    """The pattern of two or more consecutive events of one kind and one id, for ``kinds``: kind -> id field."""
    if not kinds:
        return None
    names = b"|".join(re.escape(k.encode()) for k in sorted(kinds))
    fields = b"|".join(re.escape(f.encode()) for f in sorted(set(kinds.values())))
    one = rb'","delta":"' + _STRING + rb'"\}\n\n'
    return re.compile(rb'data: \{"type":"(' + names + rb')","(' + fields + rb')":"([^"\\\x00-\x1f]*)' + one
                      + rb'(?:data: \{"type":"\1","\2":"\3' + one + rb')+')


class Batch:
    """``count`` consecutive events of one delta ``kind`` for the id ``key``; offsets as for events.

    ``text`` is the concatenation of the deltas. ``role`` and ``run`` are set by the profile.
    """

    __slots__ = ("index", "count", "kind", "field", "key", "offset", "line", "end", "time", "span", "last_id",
                 "text", "role", "run", "_events")

    def __init__(self, index: int, count: int, kind: str, field: str, key: str, offset: int, line: int,
                 time: float | None, span: bytes, last_id: str, text: str) -> None:
        self.index = index
        self.count = count
        self.kind = kind
        self.field = field
        self.key = key
        self.offset = offset
        self.line = line
        self.end = offset + len(span) - 1  # as Event.end of the last event: the blank line that dispatched it
        self.time = time
        self.span = span
        self.last_id = last_id
        self.text = text
        self.role: str | None = None
        self.run: str | None = None
        self._events: list[Event] | None = None

    def has_empty_delta(self) -> bool:
        return b'"delta":""}\n\n' in self.span

    def events(self) -> list[Event]:
        """The events themselves, exactly as the parser's ordinary path makes them (not yet decoded)."""
        if self._events is None:
            from .sse import Event, scan_blocks

            out: list[Event] = []
            # every block of the span is one data line of valid UTF-8 (the pattern and the decoded text say so)
            scan_blocks(self.span, 0, len(self.span), self.offset, self.line, self.index, self.last_id, self.time,
                        len(self.span), Event, out)
            self._events = out
        return self._events

    def __repr__(self) -> str:
        return f"Batch(#{self.index}+{self.count} {self.kind} {self.key!r} line={self.line})"


def make_batch(kind: str, field: str, key: bytes, deltas: bytes, count: int, index: int, offset: int, line: int,
               time: float | None, span: bytes, last_id: str) -> Batch | None:
    """The batch for one run (its id and its deltas still JSON-escaped), or None when it must go the ordinary
    way: invalid UTF-8 somewhere, which the ordinary path reports per event."""
    try:
        text = orjson.loads(b'"' + deltas + b'"')
        return Batch(index, count, kind, field, key.decode(), offset, line, time, span, last_id, text)
    except (UnicodeDecodeError, orjson.JSONDecodeError):
        return None


class RunFinder:
    """Finds the delta runs of one profile's batchable kinds (kind -> id field) in whole event blocks.

    ``find(chunk, start, stop, max_line)`` gives ``(start, end, kind, field, key, count, deltas)`` per run of
    two or more events, looked for at block starts: with the C speedups in one pass over the bytes
    (``_speedups.find_runs``), else with :func:`run_pattern`. Both admit only runs the pattern matches
    whole; after odd framing (three blank lines, an oversized run) they may resume at different blocks,
    which changes what is batched, never what is found.
    """

    def __init__(self, kinds: Mapping[str, str]) -> None:
        self.kinds = dict(kinds)
        self.pattern = run_pattern(kinds)
        self.names = sorted(self.kinds)
        self.pairs = tuple((k.encode(), self.kinds[k].encode()) for k in self.names)

    def find(self, chunk: bytes, start: int, stop: int, max_line: int,
             accelerated: bool) -> Iterator[tuple[int, int, str, str, bytes, int, bytes]]:
        if accelerated and _find_runs is not None:
            for s, e, k, key, count, deltas in _find_runs(chunk, start, stop, self.pairs, max_line):
                kind = self.names[k]
                yield s, e, kind, self.kinds[kind], key, count, deltas
            return
        assert self.pattern is not None
        for m in self.pattern.finditer(chunk, start, stop):
            s, e = m.span()
            if (s != start and chunk[s - 2:s] != b"\n\n") or e - s > max_line:
                continue  # not at a block start (after a blank line), or lines that may be over the limit
            kind, field = m.group(1).decode(), m.group(2).decode()
            if self.kinds.get(kind) != field:
                continue  # e.g. TOOL_CALL_ARGS with a messageId: a schema finding, per event
            deltas = _DELTA.findall(m.group(0))
            yield s, e, kind, field, m.group(3), len(deltas), b"".join(deltas)


__all__ = ["Batch", "RunFinder", "make_batch", "run_pattern"]
