"""Property tests for the incremental WHATWG event stream parser (``sse_lint.sse``).

* chunking invariance: any split of the same bytes (1-byte chunks, empty chunks, arbitrary cuts)
  gives the same events and anomalies as feeding the whole body at once;
* robustness: no input raises;
* memory bound: with a small ``max_line_bytes`` the parser is still chunking-invariant and reports
  every line longer than the limit;
* conformance: the events equal those of :func:`reference`, a deliberately naive, non-incremental
  transcription of the spec's algorithm, for any input and at every chunk boundary.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sse_lint.sse import DEFAULT_MAX_LINE, OVERSIZED, Parser, parse

BOM = b"\xef\xbb\xbf"

# ---------------------------------------------------------------------------------------------
# Reference model: https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
# ---------------------------------------------------------------------------------------------
_EOL = re.compile(r"\r\n|\r|\n")  # end-of-line = ( cr lf / cr / lf )


def reference(body: bytes) -> tuple[list[tuple[str, str, str]], int | None]:
    """The spec's algorithm over a whole body: (events as (type, data, lastEventId), reconnection time)."""
    text = body.decode("utf-8", "replace")  # "UTF-8 decode": replacement for errors ...
    if text.startswith("\ufeff"):  # ... and exactly one leading BOM removed
        text = text[1:]
    lines = _EOL.split(text)[:-1]  # the text after the last line end is not a line: discarded
    events: list[tuple[str, str, str]] = []
    data = event_type = last_id_buffer = ""
    reconnection_time: int | None = None
    for line in lines:
        if line == "":  # dispatch the event
            last_event_id = last_id_buffer
            if data == "":
                data = event_type = ""
                continue
            if data.endswith("\n"):
                data = data[:-1]
            events.append((event_type or "message", data, last_event_id))
            data = event_type = ""
        elif line.startswith(":"):  # comment
            continue
        else:
            if ":" in line:
                name, _, value = line.partition(":")
                if value.startswith(" "):
                    value = value[1:]
            else:
                name, value = line, ""
            if name == "event":
                event_type = value
            elif name == "data":
                data += value + "\n"
            elif name == "id":
                if "\0" not in value:
                    last_id_buffer = value
            elif name == "retry":
                if value and all(c in "0123456789" for c in value):
                    reconnection_time = int(value)
            # any other field is ignored
    return events, reconnection_time


# ---------------------------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------------------------
TOKENS = [
    b"data", b"data:", b"data: ", b"event:", b"event: ", b"id:", b"id: ", b"retry:", b"retry: ", b"id", b"event",
    b"retry", b"Data:", b"foo:", b":", b": ", b" ", b"  ", b"\t", b"x", b"hello", b"message", b"42", b"007", b"-1",
    b"1a", b'{"a":1}', b"[1,2]", b'{"b":"data: x"}', b"\x00", b"\xff", b"\xfe", b"\xe2\x80", b"\xe2\x80\xa6",
    b"\xc3\xa9", b"\xf0\x9f\x98\x80", b"\xc0\xaf", b"\xed\xa0\x80", BOM, b"\xef\xbb", b"\xef", b"\r", b"\n", b"\r\n",
    b"\n\n", b"\r\r", b"\r\n\r\n", b"\n\r",
]
FIELD_NAMES = [b"data", b"data", b"data", b"event", b"id", b"id", b"retry", b"Data", b"foo", b"", b'{"a":1}',
               BOM + b"data"]
VALUE_ALPHABET = [b"a", b"b", b" ", b":", b"0", b"7", b"\x00", b"\xff", b"\xe2\x80\xa6", b"\xe2\x80", BOM, b"{", b"}"]
EOLS = [b"\n", b"\n", b"\r\n", b"\r"]

token_soup = st.lists(st.one_of(st.sampled_from(TOKENS), st.binary(max_size=4)), max_size=40).map(b"".join)


@st.composite
def field_lines(draw) -> bytes:
    """Mostly well-formed streams: field lines, comments and blank lines with a mix of line ends."""
    out = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.integers(0, 9))
        if kind <= 1:
            line = b""  # blank line: dispatch
        elif kind == 2:
            line = b":" + draw(st.sampled_from([b"", b" ping", b"data:x", b"\xff"]))
        else:
            name = draw(st.sampled_from(FIELD_NAMES))
            sep = draw(st.sampled_from([b":", b": ", b":  ", b""]))
            value = b"".join(draw(st.lists(st.sampled_from(VALUE_ALPHABET), max_size=6)))
            line = name + sep + value if sep else name
        out.append(line + draw(st.sampled_from(EOLS)))
    if draw(st.booleans()):
        out.append(draw(st.sampled_from([b"data:tail", b"retry: 5", b"id: 9", b"da", b"\r", b"event: t"])))
    return b"".join(out)


sse_bytes = st.tuples(
    st.sampled_from([b"", b"", b"", BOM, BOM + BOM, b"\xef", b"\xef\xbb"]),
    st.one_of(field_lines(), field_lines(), token_soup, st.binary(max_size=150)),
).map(b"".join)


@st.composite
def chunked(draw, body=sse_bytes) -> tuple[bytes, list[bytes]]:
    """A body and one split of it into chunks (bytewise, arbitrary cuts, with empty chunks)."""
    data = draw(body)
    mode = draw(st.sampled_from(["cuts", "cuts", "bytewise", "bytewise-with-empties"]))
    if mode == "bytewise":
        return data, [data[i:i + 1] for i in range(len(data))]
    if mode == "bytewise-with-empties":
        return data, [c for i in range(len(data)) for c in (b"", data[i:i + 1])] + [b""]
    cuts = sorted(draw(st.lists(st.integers(0, len(data)), max_size=12)))  # duplicates make empty chunks
    bounds = [0, *cuts, len(data)]
    return data, [data[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------
T = 12.5  # every feed gets the same time, so Event.time must not depend on the split


def run(chunks: list[bytes], max_line: int = DEFAULT_MAX_LINE) -> tuple[list, list, Parser]:
    p = Parser(max_line)
    events = []
    for chunk in chunks:
        events += p.feed(chunk, T)
    events += p.close(T)
    return events, p.anomalies, p


def event_sig(e) -> tuple:
    return (e.to_dict(), e.index, e.time, e.raw, e.truncated, e.end, e.named)


def anomaly_sig(a) -> tuple:
    return (a.key(), a.line)


def anomaly_bag(anomalies) -> list:
    return sorted(anomaly_sig(a) for a in anomalies)


def raw_lines(data: bytes) -> list[tuple[int, bytes]]:
    """(offset, bytes) of every line of the body after the leading BOM, the unterminated tail included."""
    start = 3 if data.startswith(BOM) else 0
    out, pos = [], start
    for m in re.finditer(rb"\r\n|\r|\n", data[start:]):
        out.append((pos, data[pos:start + m.start()]))
        pos = start + m.end()
    if pos < len(data):
        out.append((pos, data[pos:]))
    return out


FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---------------------------------------------------------------------------------------------
# (a) chunking invariance
# ---------------------------------------------------------------------------------------------
@FAST
@given(chunked())
def test_events_do_not_depend_on_chunking(case):
    data, chunks = case
    assert b"".join(chunks) == data
    whole_events, _, whole = run([data])
    events, _, p = run(chunks)
    assert [event_sig(e) for e in events] == [event_sig(e) for e in whole_events]
    assert (p.events, p.bytes, p.reconnection_time) == (whole.events, whole.bytes, whole.reconnection_time)


@FAST
@given(chunked())
def test_anomalies_do_not_depend_on_chunking(case):
    data, chunks = case
    _, whole, _ = run([data])
    _, anomalies, _ = run(chunks)
    assert anomaly_bag(anomalies) == anomaly_bag(whole)


# The emission order of anomalies is not part of the contract: when a chunk ends in CR, the line end's
# kind (CR or CRLF) is known only with the next chunk, so a mixed-line-endings anomaly may be emitted
# after that line's own anomalies. Reports sort findings by position, so the output does not change.


# ---------------------------------------------------------------------------------------------
# (b) no input raises
# ---------------------------------------------------------------------------------------------
@FAST
@given(st.binary(max_size=400), st.integers(0, 9), st.integers(0, 80))
def test_arbitrary_binary_never_raises(data, chunk_size, max_line):
    events, anomalies = parse(data, chunk_size=chunk_size, max_line_bytes=max_line)
    for e in events:
        assert isinstance(e.data, str) and isinstance(e.type, str) and isinstance(e.id, str)
        e.to_dict()
    for a in anomalies:
        a.key()


@FAST
@given(st.lists(st.binary(max_size=20), max_size=20))
def test_close_after_any_feeds_never_raises(chunks):
    run(chunks)
    run(chunks, 16)


# ---------------------------------------------------------------------------------------------
# (c) memory bound: small max_line_bytes
# ---------------------------------------------------------------------------------------------
long_lines = st.tuples(
    sse_bytes,
    st.lists(st.tuples(st.sampled_from([b"data: ", b"data:", b"data", b":", b"event:", b"id:", b"foo:", b"", b"{",
                                        b"data ", b"database:"]),
                       st.integers(0, 140), st.sampled_from([b"\n", b"\r\n", b"\r", b"\n\n", b""])),
             max_size=5),
    st.randoms(use_true_random=False),
).map(lambda t: _mix(*t))


def _mix(base: bytes, longs: list, rnd) -> bytes:
    parts = [base] + [prefix + bytes([rnd.choice(b"xy\xe2\x80\xa6")]) * n + eol for prefix, n, eol in longs]
    rnd.shuffle(parts)
    return b"".join(parts)


SMALL = st.integers(16, 64)


@FAST
@given(chunked(long_lines), SMALL)
def test_small_max_line_chunking_invariant(case, max_line):
    data, chunks = case
    whole_events, whole_anomalies, whole = run([data], max_line)
    events, anomalies, p = run(chunks, max_line)
    assert [event_sig(e) for e in events] == [event_sig(e) for e in whole_events]
    assert anomaly_bag(anomalies) == anomaly_bag(whole_anomalies)


@FAST
@given(chunked(long_lines), SMALL)
def test_small_max_line_anomaly_excerpts_do_not_depend_on_chunking(case, max_line):
    data, chunks = case
    _, whole, _ = run([data], max_line)
    _, anomalies, _ = run(chunks, max_line)
    assert sorted((anomaly_sig(a), a.raw) for a in anomalies) == sorted((anomaly_sig(a), a.raw) for a in whole)


@FAST
@given(chunked(long_lines), SMALL)
def test_every_oversized_line_is_reported(case, max_line):
    data, chunks = case
    events, anomalies, p = run(chunks, max_line)
    limit = max(16, max_line)
    lines = raw_lines(data)
    oversized_at = {a.offset for a in anomalies if a.kind == OVERSIZED}
    for off, line in lines:
        if len(line) > limit:
            assert off in oversized_at, (off, line[:40])
    # ... and nothing else is: every OVERSIZED is an oversized line or the data line that overflowed the event
    data_lines = {off for off, line in lines if line.startswith(b"data")}
    long_at = {off for off, line in lines if len(line) > limit}
    assert oversized_at <= long_at | data_lines
    for e in events:
        assert len(e.raw) <= 160


@FAST
@given(long_lines, SMALL)
def test_truncated_flag_means_this_events_data_was_cut(data, max_line):
    """``Event.truncated`` is set exactly when one of the event's own ``data`` lines was over the line limit
    or its data overflowed the event limit (8 x the line limit) -- not for other fields that start with "data"."""
    limit = max(16, max_line)
    events, _, _ = run([data], max_line)
    lines = raw_lines(data)
    for e in events:
        cut = False
        data_len = 0
        for off, line in lines:
            if not e.offset <= off < e.end or not (line == b"data" or line.startswith(b"data:")):
                continue
            if len(line) > limit:
                cut = True
                line = line[:limit]
            value = line[5:]
            value = value[1:] if value[:1] == b" " else value
            if data_len + len(value) > 8 * limit:
                cut = True
            else:
                data_len += len(value) + 1
        assert e.truncated is cut, e


@FAST
@given(long_lines, SMALL)
def test_small_max_line_events_without_long_lines_match_reference(data, max_line):
    """Below the limit the memory bound must not change anything."""
    limit = max(16, max_line)
    events, _, _ = run([data], max_line)
    # no line over the limit, and too little data to overflow an event (8 x the line limit)
    if all(len(line) <= limit for _, line in raw_lines(data)) and len(data) <= 8 * limit:
        assert [(e.type, e.data, e.id) for e in events] == reference(data)[0]


# ---------------------------------------------------------------------------------------------
# (d) conformance with the reference model
# ---------------------------------------------------------------------------------------------
@FAST
@given(sse_bytes)
def test_events_match_reference(data):
    events, _, _ = run([data])
    assert [(e.type, e.data, e.id) for e in events] == reference(data)[0]


@FAST
@given(chunked())
def test_events_are_dispatched_as_soon_as_complete(case):
    """After each chunk the events so far are exactly the reference's events for the bytes so far."""
    data, chunks = case
    p = Parser()
    got: list = []
    seen = 0
    for chunk in chunks:
        got += p.feed(chunk, T)
        seen += len(chunk)
        assert [(e.type, e.data, e.id) for e in got] == reference(data[:seen])[0], seen
    assert p.close(T) == []


@FAST
@given(sse_bytes)
def test_reconnection_time_matches_reference(data):
    _, _, p = run([data])
    assert p.reconnection_time == reference(data)[1]


@FAST
@given(sse_bytes)
def test_event_indices_and_lines_are_consistent(data):
    events, anomalies, _ = run([data])
    assert [e.index for e in events] == list(range(len(events)))
    nlines = len(re.findall(rb"\r\n|\r|\n", data[3:] if data.startswith(BOM) else data)) + 1
    for e in events:
        assert 1 <= e.line <= nlines
        assert 0 <= e.offset < e.end <= len(data)
        assert data[e.offset:].startswith(e.raw)
    for a in anomalies:
        assert 1 <= a.line <= nlines and 0 <= a.offset <= len(data)


@settings(max_examples=50, deadline=None)
@given(sse_bytes, st.integers(1, 1000))
def test_first_line_shifts_line_numbers(data, first):
    base_events, base_anomalies, _ = run([data])
    p = Parser(first_line=first)
    events = p.feed(data) + p.close()
    assert [e.line for e in events] == [e.line + first - 1 for e in base_events]
    assert [a.line for a in p.anomalies] == [a.line + first - 1 for a in base_anomalies]
