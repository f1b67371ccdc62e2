"""The incremental WHATWG "server-sent events" parser.

Implements the interpretation algorithm of the HTML Living Standard, section 9.2.6
"Parsing an event stream" (https://html.spec.whatwg.org/multipage/server-sent-events.html
#parsing-an-event-stream) exactly, and reports every place where a stream relies on the
algorithm's silent tolerance (unknown fields, stray JSON, bad ``retry``, NUL in ``id``,
an unterminated last event, mixed line endings, stray BOMs, invalid UTF-8, oversized lines)
as an :class:`Anomaly`.

Fed chunk by chunk, it yields events as soon as they are dispatched and keeps no more than
the current line and the current event in memory (each bounded by ``max_line_bytes``).
Any split of the same bytes into chunks gives the same events and anomalies.
"""

from __future__ import annotations

import os
import re

from .batch import RunFinder, make_batch

BOM = b"\xef\xbb\xbf"
_LINE_END = re.compile(rb"\r\n|\r|\n")
_SWALLOWED = re.compile(rb"(event|data|id|retry):")
_KNOWN_FIELDS = frozenset((b"data", b"event", b"id", b"retry"))

# Anomaly kinds; framing rules subscribe to them by name.
STRAY_JSON = "stray-json"
UNKNOWN_FIELD = "unknown-field"
UNTERMINATED = "unterminated-event"
INVALID_UTF8 = "invalid-utf8"
MIXED_ENDINGS = "mixed-line-endings"
MISPLACED_BOM = "misplaced-bom"
BAD_RETRY = "bad-retry"
NUL_IN_ID = "nul-in-id"
UNDISPATCHED = "undispatched-event"
OVERSIZED = "oversized-line"

DEFAULT_MAX_LINE = 1 << 20


try:  # the C speedups (sse_lint/_speedups.c) when they were built; SSE_LINT_PURE=1 turns them off
    if os.environ.get("SSE_LINT_PURE"):
        raise ImportError("SSE_LINT_PURE is set")
    from ._speedups import EventBase as _EventBase
    from ._speedups import scan_blocks as _scan_blocks
except ImportError:
    _EventBase = object  # type: ignore[assignment,misc]
    _scan_blocks = None

ACCELERATE = _scan_blocks is not None  # Parser default; the tests run the parser both ways

_FIELDS = ("index", "type", "data", "id", "retry", "offset", "line", "column", "time", "end", "raw", "truncated",
           "payload", "kind", "role", "run", "named", "id_set")


class Event(_EventBase):  # type: ignore[misc,valid-type]
    """One dispatched event, as a browser ``EventSource`` would see it, plus where it came from.

    ``payload``, ``kind``, ``role`` and ``run`` are filled in by the profile that decodes it. With the C
    speedups the fields live in ``EventBase``; either way an event has exactly these attributes.
    """

    __slots__ = () if _scan_blocks is not None else _FIELDS

    def __init__(self, index: int, type: str, data: str, id: str, retry: int | None, offset: int,
                 line: int, end: int, time: float | None, raw: bytes, truncated: bool, named: bool) -> None:
        self.index = index
        self.type = type
        self.data = data
        self.id = id
        self.retry = retry
        self.offset = offset
        self.line = line
        self.column = 1
        self.end = end
        self.time = time
        self.raw = raw
        self.truncated = truncated
        self.named = named  # an ``event:`` field set the type
        self.id_set = False  # an ``id:`` field was accepted in this event's block
        self.payload: object = None
        self.kind: str | None = None
        self.role: str | None = None
        self.run: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"type": self.type, "data": self.data, "id": self.id, "retry": self.retry,
                "line": self.line, "offset": self.offset}

    def __reduce__(self) -> tuple[object, tuple[tuple[object, ...]]]:
        # copy and pickle the same with or without the C speedups (a C struct has no default reduce)
        return _event_from_fields, (tuple(getattr(self, f) for f in _FIELDS),)

    def __repr__(self) -> str:
        return f"Event(#{self.index} {self.type!r} {self.data[:40]!r} line={self.line})"


def _event_from_fields(values: tuple[object, ...]) -> Event:
    event = Event.__new__(Event)
    for name, value in zip(_FIELDS, values, strict=True):
        setattr(event, name, value)
    return event


class Anomaly:
    """Something the spec tolerates silently but that breaks or confuses real clients."""

    __slots__ = ("kind", "offset", "line", "column", "detail", "raw", "event")

    def __init__(self, kind: str, offset: int, line: int, column: int, detail: str, raw: bytes,
                 event: int | None = None) -> None:
        self.kind = kind
        self.offset = offset
        self.line = line
        self.column = column
        self.detail = detail
        self.raw = raw
        self.event = event

    def key(self) -> tuple[str, int, int, str]:
        return (self.kind, self.offset, self.column, self.detail)

    def __repr__(self) -> str:
        return f"Anomaly({self.kind} line={self.line} col={self.column} {self.detail!r})"


def _decode(value: bytes) -> tuple[str, bool]:
    """UTF-8 decode with replacement (spec: "UTF-8 decode"); says whether it was valid."""
    try:
        return value.decode(), True
    except UnicodeDecodeError:
        return value.decode("utf-8", "replace"), False


def _excerpt(raw: bytes, limit: int = 160) -> bytes:
    return raw if len(raw) <= limit else raw[:limit]


def scan_blocks(chunk: bytes, p: int, stop: int, off: int, lineno: int, index: int, last_id: str,
                t: float | None, max_line: int, cls: type[Event], out: list[Event]) -> tuple[int, int, int, int]:
    """The parser's fast path, in Python (``_speedups.scan_blocks`` is its C twin; the tests run both).

    ``chunk[p:stop]`` is whole blocks, each followed by a blank line (LF only). Every leading block that is
    one ``data:`` line of at most ``max_line`` bytes and valid UTF-8 becomes an event appended to ``out``.
    Returns ``(pos, off, lineno, index)``: where the first other block starts (``stop`` if none), and the
    offset, line number and event index after the events made. Hot, so state lives in locals.
    """
    blocks = chunk[p:stop].split(b"\n\n")
    rest = blocks.pop()  # empty, or a lone LF (three LFs in a row at the end)
    append = out.append
    for block in blocks:
        size = len(block)
        if block[:5] != b"data:" or size > max_line or b"\n" in block:
            return p, off, lineno, index
        try:
            data = (block[6:] if block[5:6] == b" " else block[5:]).decode()
        except UnicodeDecodeError:
            return p, off, lineno, index  # the line path reports it
        append(cls(index, "message", data, last_id, None, off, lineno, off + size + 1, t,
                   block if size <= 160 else block[:160], False, False))
        index += 1
        off += size + 2
        lineno += 2
        p += size + 2
    return (p if rest else stop), off, lineno, index


class Parser:
    """Incremental event stream parser. Call :meth:`feed` per chunk, then :meth:`close` once.

    Anomalies accumulate in :attr:`anomalies`; the caller drains the list when it likes.
    """

    def __init__(self, max_line_bytes: int = DEFAULT_MAX_LINE, first_line: int = 1) -> None:
        self.max_line = max(16, max_line_bytes)
        self.max_event = self.max_line * 8
        self.anomalies: list[Anomaly] = []
        self.bytes = 0
        self.events = 0
        self.endings: dict[str, int] = {}  # kind -> first line it was seen on
        self.reconnection_time: int | None = None
        self._first_line = first_line
        self._started = False
        self._head = b""
        self._skip_lf = False
        self._cr_at: tuple[int, int] | None = None
        self._pending: list[bytes] = []
        self._pending_len = 0
        self._overflow = False
        self._line_off = 0  # offset of the current (incomplete) line
        self._lineno = first_line
        self._last_id = ""
        #: set by the engine: what finds delta runs (``sse_lint.batch``); the runs it finds come out of
        #: :meth:`feed` as one ``Batch`` each instead of their events
        self.batching: RunFinder | None = None
        self.accelerated = ACCELERATE and _scan_blocks is not None  # single-line blocks in C
        self._reset_event()

    # -- event buffer -------------------------------------------------------------------
    def _reset_event(self) -> None:
        self._data: list[bytes] = []
        self._data_len = 0
        self._type: bytes | None = None
        self._retry: int | None = None
        self._ev_off = -1
        self._ev_line = 0
        self._ev_raw = b""
        self._truncated = False
        self._id_set = False

    def _begin(self, line: bytes, off: int, lineno: int) -> None:
        self._ev_off = off
        self._ev_line = lineno
        self._ev_raw = _excerpt(line)

    def _dispatch(self, end: int, t: float | None, out: list[Event]) -> None:
        # Spec: "If the data buffer is an empty string, set the data buffer and the event
        # type buffer to the empty string and return."
        if not self._data:
            if self._type is not None:
                self._anomaly(UNDISPATCHED, self._ev_off, self._ev_line, 1,
                              f"event {self._type.decode('utf-8', 'replace')!r} has no data line", self._ev_raw)
            self._reset_event()
            return
        raw = b"\n".join(self._data)
        data, ok = _decode(raw)
        if not ok:
            bad = next((i for i, part in enumerate(self._data) if not _decode(part)[1]), 0)
            self._anomaly(INVALID_UTF8, self._ev_off, self._ev_line, 1,
                          f"data line {bad + 1} of the event is not valid UTF-8", self._ev_raw, self.events)
        if not self._type:  # spec: only a non-empty event type buffer sets the type
            etype, named = "message", False
        else:
            etype, named = self._type.decode("utf-8", "replace"), True
        ev = Event(self.events, etype, data, self._last_id, self._retry, self._ev_off,
                   self._ev_line, end, t, self._ev_raw, self._truncated, named)
        ev.id_set = self._id_set
        out.append(ev)
        self.events += 1
        self._reset_event()

    def _anomaly(self, kind: str, off: int, line: int, col: int, detail: str, raw: bytes,
                 event: int | None = None) -> None:
        self.anomalies.append(Anomaly(kind, off, line, col, detail, _excerpt(raw), event))

    def _ending(self, kind: str, off: int, line: int) -> None:
        if kind in self.endings:
            return
        self.endings[kind] = line
        if len(self.endings) == 2:
            first = next(iter(self.endings))
            self._anomaly(MIXED_ENDINGS, off, line, 1,
                          f"{_NAMES[kind]} line end after {_NAMES[first]} line ends (first at line "
                          f"{self.endings[first]})", b"")

    # -- one line -----------------------------------------------------------------------
    def _line(self, line: bytes, off: int, lineno: int, t: float | None, out: list[Event]) -> None:
        """Process one complete line (without its terminator) per the spec's field rules."""
        if not line:
            if self._ev_off >= 0:
                self._dispatch(off, t, out)
            return
        if line[0] == 0x3A:  # ":" comment
            if not line.isascii():
                self._check_text(line, off, lineno)
            return
        colon = line.find(b":")
        if colon < 0:
            name, value, vcol = line, b"", len(line) + 1
        else:
            name = line[:colon]
            value = line[colon + 1:]
            vcol = colon + 2  # 1-based column of the value
            if value[:1] == b" ":
                value = value[1:]
                vcol += 1
        if name not in _KNOWN_FIELDS:
            self._stray(line, name, off, lineno)
            return
        if self._ev_off < 0:
            self._begin(line, off, lineno)
        if name == b"data":
            self._add_data(value, line, off, lineno)
        elif name == b"event":
            if not value.isascii():
                self._check_text(value, off, lineno)
            self._type = value
        elif name == b"id":
            if b"\x00" in value:
                self._anomaly(NUL_IN_ID, off, lineno, vcol, "id contains NUL, so the field is ignored", line)
            else:
                if not value.isascii():
                    self._check_text(value, off, lineno)
                self._last_id = value.decode("utf-8", "replace")
                self._id_set = True
        elif name == b"retry":
            if value.isdigit() and value.isascii():
                self._retry = int(value)
                self.reconnection_time = self._retry
            else:
                self._anomaly(BAD_RETRY, off, lineno, vcol,
                              f"retry value {value[:40].decode('utf-8', 'replace')!r} is not all ASCII digits, "
                              "so it is ignored", line)

    def _add_data(self, value: bytes, line: bytes, off: int, lineno: int) -> None:
        if self._data_len + len(value) > self.max_event:
            if not self._truncated:
                self._anomaly(OVERSIZED, off, lineno, 1,
                              f"event data exceeds {self.max_event} bytes; the rest of it is not checked", line)
            self._truncated = True
            self._data.append(b"")
            return
        self._data.append(value)
        self._data_len += len(value) + 1

    def _stray(self, line: bytes, name: bytes, off: int, lineno: int) -> None:
        first = line[0]
        if first == 0x7B or first == 0x5B:  # "{" or "["
            detail = "a JSON value outside any field"
            m = _SWALLOWED.search(line, 1)
            if m is not None:
                lost = line[m.start():m.start() + 60].decode("utf-8", "replace")
                detail += (f"; the {m.group(1).decode()!r} field glued after it at column {m.start() + 1} "
                           f"is swallowed and lost ({lost!r})")
            self._anomaly(STRAY_JSON, off, lineno, 1, detail, line)
        elif name.startswith(BOM):
            self._anomaly(MISPLACED_BOM, off, lineno, 1,
                          "a byte order mark inside the stream turns this line's field name into "
                          f"{name[3:43].decode('utf-8', 'replace')!r} with a BOM, so the line is ignored", line)
        else:
            shown = name[:40].decode("utf-8", "replace")
            self._anomaly(UNKNOWN_FIELD, off, lineno, 1, f"unknown field {shown!r} is ignored by clients", line)
        if not line.isascii():
            self._check_text(line, off, lineno)

    def _check_text(self, value: bytes, off: int, lineno: int) -> None:
        if not _decode(value)[1]:
            self._anomaly(INVALID_UTF8, off, lineno, 1, "line is not valid UTF-8", value)

    # -- chunks -------------------------------------------------------------------------
    def feed(self, chunk: bytes, t: float | None = None) -> list[Event]:
        """Take the next bytes of the body; return the events they complete."""
        out: list[Event] = []
        if not chunk:
            return out
        self.bytes += len(chunk)
        if not self._started:
            # Spec: the stream is decoded with "UTF-8 decode", which strips one leading BOM.
            head = self._head + chunk
            if len(head) < 3 and BOM.startswith(head):
                self._head = head
                return out
            self._started = True
            self._head = b""
            chunk = head
            if head.startswith(BOM):
                chunk = head[3:]
                self._line_off = 3
        if self._skip_lf:
            self._skip_lf = False
            off, lineno = self._cr_at  # type: ignore[misc]
            if chunk[:1] == b"\n":
                self._ending("crlf", off, lineno)
                self._line_off += 1
                chunk = chunk[1:]
            else:
                self._ending("cr", off, lineno)
        if self._pending or self._overflow:
            chunk = self._finish_pending(chunk, t, out)
            if chunk is None:
                return out
        if b"\r" in chunk:
            start = self._scan(chunk, t, out)
        else:
            start = self._scan_lf(chunk, t, out)
        if start < len(chunk):
            self._hold(chunk[start:])
        return out

    def _scan_lf(self, chunk: bytes, t: float | None, out: list[Event]) -> int:
        """Fast path: a chunk whose only line ends are LF.

        Whole events are cut at ``\n\n``: a block ``B`` followed by ``\n\n`` is the lines of ``B`` and one
        blank line. A block that is a single ``data:`` line (the AG-UI / OpenAI wire form) becomes an event
        directly; any other block goes through the line-by-line path. Both give the same events.
        """
        nl = chunk.find(b"\n")
        if nl < 0:
            return 0
        if "lf" not in self.endings:
            self._ending("lf", self._line_off + nl, self._lineno)
        pos = 0
        if self._ev_off >= 0:  # an event from earlier chunks is open: finish it line by line
            k = chunk.find(b"\n\n")
            if k < 0:
                return self._lines_lf(chunk, t, out)
            pos = k + 2
            self._lines_lf(chunk[:pos], t, out)
        last = chunk.rfind(b"\n\n", pos)
        if last >= 0:
            if self.batching is None:
                self._blocks(chunk, pos, last + 2, t, out)
            else:
                self._runs(chunk, pos, last + 2, t, out)
            pos = last + 2
        if pos < len(chunk):
            return pos + self._lines_lf(chunk[pos:], t, out)
        return pos

    def _blocks(self, chunk: bytes, start: int, stop: int, t: float | None, out: list[Event]) -> None:
        """Whole event blocks ``chunk[start:stop]``, each ending in a blank line, no event open before them.

        A block that is a single ``data:`` line becomes an event directly (:func:`scan_blocks`, in C when
        built); any other block goes through the line-by-line path.
        """
        scan = _scan_blocks if self.accelerated else scan_blocks
        p = start
        while True:
            p, self._line_off, self._lineno, self.events = scan(  # type: ignore[misc]
                chunk, p, stop, self._line_off, self._lineno, self.events, self._last_id, t, self.max_line, Event,
                out)
            if p >= stop:
                return
            k = chunk.find(b"\n\n", p, stop) + 2  # the block the fast path left
            if k < 2:  # a lone LF before ``stop`` (three or more in a row): one blank line
                self._lines_lf(chunk[p:stop], t, out)
                return
            self._lines_lf(chunk[p:k], t, out)
            p = k

    def _runs(self, chunk: bytes, start: int, stop: int, t: float | None, out: list) -> None:  # type: ignore[type-arg]
        """Whole event blocks ``chunk[start:stop]`` (ending in a blank line), delta runs as batches."""
        p = start
        for s, e, kind, field, key, count, deltas in self.batching.find(  # type: ignore[union-attr]
                chunk, start, stop, self.max_line, self.accelerated):
            if s > p:
                self._gap(chunk, p, s, t, out)
            batch = make_batch(kind, field, key, deltas, count, self.events, self._line_off, self._lineno, t,
                               chunk[s:e], self._last_id)
            if batch is None:
                self._blocks(chunk, s, e, t, out)
            else:
                out.append(batch)
                self.events += count
                self._line_off += e - s
                self._lineno += 2 * count
            p = e
        if p < stop:
            self._gap(chunk, p, stop, t, out)

    def _gap(self, chunk: bytes, p: int, s: int, t: float | None, out: list[Event]) -> None:
        """Bytes between runs; they end with a blank line (a lone LF when only that is left)."""
        if s - p >= 2:
            self._blocks(chunk, p, s, t, out)
        else:
            self._lines_lf(chunk[p:s], t, out)

    def _lines_lf(self, chunk: bytes, t: float | None, out: list[Event]) -> int:
        """Line by line over LF-only bytes; returns how many bytes were whole lines."""
        parts = chunk.split(b"\n")
        tail = parts.pop()
        if not parts:
            return 0
        off = self._line_off
        lineno = self._lineno
        long_ok = len(chunk) <= self.max_line
        line_fn = self._line
        for line in parts:
            size = len(line)
            if not long_ok and size > self.max_line:
                self._oversized(line, off, lineno)
                line = line[: self.max_line]
            if not line:
                if self._ev_off >= 0:
                    self._dispatch(off, t, out)
            elif line[:5] == b"data:" and self._ev_off >= 0 and not self._truncated:
                # another data line of an open event, inlined
                value = line[6:] if line[5:6] == b" " else line[5:]
                if self._data_len + len(value) > self.max_event:
                    line_fn(line, off, lineno, t, out)
                else:
                    self._data.append(value)
                    self._data_len += len(value) + 1
            else:
                line_fn(line, off, lineno, t, out)
            off += size + 1
            lineno += 1
        self._line_off = off
        self._lineno = lineno
        return len(chunk) - len(tail)

    def _scan(self, chunk: bytes, t: float | None, out: list[Event]) -> int:
        """General path: CR, CRLF and LF line ends, a CR at the chunk's end pending."""
        pos = 0
        n = len(chunk)
        for m in _LINE_END.finditer(chunk):
            s, e = m.span()
            line = chunk[pos:s]
            off, lineno = self._line_off, self._lineno
            if len(line) > self.max_line:
                self._oversized(line, off, lineno)
                line = line[: self.max_line]
            term = e - s
            if term == 1 and chunk[s] == 0x0D and e == n:
                # a CR at the chunk's end: a line end, and an LF first in the next chunk belongs to it
                self._skip_lf = True
                self._cr_at = (off + s - pos, lineno)
            else:
                self._ending("crlf" if term == 2 else ("cr" if chunk[s] == 0x0D else "lf"), off + s - pos, lineno)
            self._line(line, off, lineno, t, out)
            self._line_off = off + (e - pos)
            self._lineno = lineno + 1
            pos = e
        return pos

    def _hold(self, rest: bytes) -> None:
        room = self.max_line - self._pending_len
        if room > 0:
            self._pending.append(rest[:room])
        self._pending_len += len(rest)
        if self._pending_len > self.max_line and not self._overflow:
            self._overflow = True
            self._oversized(b"".join(self._pending), self._line_off, self._lineno)

    def _finish_pending(self, chunk: bytes, t: float | None, out: list[Event]) -> bytes | None:
        """Complete the line held from earlier chunks; return the rest of ``chunk`` (None if none)."""
        lf = chunk.find(b"\n")
        cr = chunk.find(b"\r")
        i = lf if cr < 0 else (cr if lf < 0 else min(lf, cr))
        if i < 0:
            self._hold(chunk)
            return None
        self._hold(chunk[:i])
        line = b"".join(self._pending)
        true_len = self._pending_len
        self._pending = []
        self._pending_len = 0
        self._overflow = False
        off, lineno = self._line_off, self._lineno
        if chunk[i] == 0x0D:
            if i + 1 < len(chunk):
                term = 2 if chunk[i + 1] == 0x0A else 1
                self._ending("crlf" if term == 2 else "cr", off + true_len, lineno)
            else:
                term = 1
                self._skip_lf = True
                self._cr_at = (off + true_len, lineno)
        else:
            term = 1
            self._ending("lf", off + true_len, lineno)
        self._line(line, off, lineno, t, out)
        self._line_off = off + true_len + term
        self._lineno = lineno + 1
        return chunk[i + term:]

    def _oversized(self, line: bytes, off: int, lineno: int) -> None:
        self._anomaly(OVERSIZED, off, lineno, 1,
                      f"line longer than {self.max_line} bytes; only its first {self.max_line} bytes are checked",
                      line[:min(80, self.max_line)])
        if line.startswith(b"data:"):
            self._truncated = True

    def close(self, t: float | None = None) -> list[Event]:
        """End of stream. Spec: "any pending data must be discarded" — nothing more is dispatched."""
        out: list[Event] = []
        if not self._started and self._head:
            self._started = True
            self._pending = [self._head]
            self._pending_len = len(self._head)
        if self._skip_lf:
            self._skip_lf = False
            off, lineno = self._cr_at  # type: ignore[misc]
            self._ending("cr", off, lineno)
        if self._pending:
            line = b"".join(self._pending)
            off, lineno = self._line_off, self._lineno
            self._pending = []
            # A line without a line end is not a line (spec: pending data is discarded): it changes no
            # state, but a data field there means an event was cut, and stray text is still reported.
            name = line.split(b":", 1)[0]
            if name == b"data":
                if not self._data:
                    self._begin(line, off, lineno)
                self._data.append(b"")
            elif name not in _KNOWN_FIELDS and line[:1] != b":":
                self._stray(line, name, off, lineno)
        if self._data:
            self._anomaly(UNTERMINATED, self._ev_off, self._ev_line, 1,
                          "the stream ended inside an event (no blank line after its last field), so clients "
                          "drop it", self._ev_raw)
        self._reset_event()
        return out


_NAMES = {"lf": "LF", "crlf": "CRLF", "cr": "CR"}


def parse(data: bytes, chunk_size: int = 0,
          max_line_bytes: int = DEFAULT_MAX_LINE) -> tuple[list[Event], list[Anomaly]]:
    """Parse a whole body at once (or in ``chunk_size`` pieces); for tests and the Python API."""
    p = Parser(max_line_bytes)
    events: list[Event] = []
    if chunk_size <= 0:
        events += p.feed(data)
    else:
        for i in range(0, len(data), chunk_size):
            events += p.feed(data[i:i + chunk_size])
    events += p.close()
    return events, p.anomalies
