"""The batched fast path for runs of delta events (``sse_lint.batch``) changes nothing but speed.

- the parser's batches expand to exactly the events the ordinary path makes, for any chunking;
- the linter reports exactly the same findings with and without batches, on every fixture and on
  generated AG-UI streams with mutations aimed at each rule's batch method (ids not open, terminals,
  credentials split across deltas, escapes, invalid UTF-8, a small line limit, timing, --expect);
- on a clean stream every rule takes the batches whole (nothing falls back to events one by one).
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sse_lint import bytescan
from sse_lint.batch import Batch, RunFinder
from sse_lint.engine import Linter, Options, lint_transcript
from sse_lint.profiles.agui import Agui
from sse_lint.schemas import load
from sse_lint.sources import iter_paths, open_path
from sse_lint.sse import Parser
from sse_lint.testing.strategies import agui_events, encode_events

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KINDS = Agui().batch_kinds()
FINDER = RunFinder(KINDS)
pytestmark = pytest.mark.usefixtures("parser_implementation")  # C and pure-Python run finders alike
SLOTS = ("index", "type", "data", "id", "retry", "offset", "line", "column", "time", "end", "raw", "truncated",
         "named", "id_set")


def _events(body: bytes, cuts: list[int], batching: bool, max_line: int = 1 << 20) -> tuple[list, list]:
    p = Parser(max_line)
    if batching:
        p.batching = FINDER
    out, batches = [], 0
    points = sorted({c % (len(body) + 1) for c in cuts} | {0, len(body)})
    for a, b in zip(points, points[1:], strict=False):
        for item in p.feed(body[a:b], t=float(a)):
            if isinstance(item, Batch):
                batches += 1
                out += item.events()
            else:
                out.append(item)
    out += p.close()
    return [tuple(getattr(e, s) for s in SLOTS) for e in out], [a.key() for a in p.anomalies] + [batches]


_AWKWARD = st.sampled_from(["", "a", "é", "日本", "\\", '"', "\n", "\x00", "\u2028", "😀", "sk-", "proj-abcdefghij",
                           "klmnopqrstuvwxyz1234", "Bearer ", "{", '"x":', "1}", " ", "\ud800"])
_DELTAS = st.one_of(st.text("ab yz.", max_size=6), st.text("ab yz.", max_size=6), _AWKWARD)


@st.composite
def mutated_body(draw: st.DrawFn) -> bytes:
    """A generated AG-UI stream with delta runs and mutations aimed at the batch methods."""
    events = draw(agui_events(max_runs=2))
    for e in events:  # longer runs with awkward text
        if e["type"] in KINDS:
            e["delta"] = "".join(draw(st.lists(_DELTAS, max_size=4)))
    openers = {"TEXT_MESSAGE_START", "TOOL_CALL_START", "REASONING_MESSAGE_START", "RUN_STARTED"}
    for _ in range(draw(st.integers(0, 4))):
        mutation = draw(st.sampled_from(["drop-opener", "drop-opener", "secret", "secret", "terminal", "empty",
                                         "drop", "duplicate", "error", "snake", "extra", "wrong-field", "id-line",
                                         "null", "crlf", "subagent", "repeat-run", "huge"]))
        i = draw(st.integers(0, len(events) - 1))
        e = events[i]
        runs = [j for j, x in enumerate(events) if x["type"] in KINDS]
        if mutation == "drop-opener":
            starts = [j for j, x in enumerate(events) if x["type"] in openers]
            if starts:
                events.pop(draw(st.sampled_from(starts)))
        elif mutation in ("secret", "empty", "huge", "terminal") and runs:
            j = draw(st.sampled_from(runs))
            key = {k: v for k, v in events[j].items() if k != "delta"}
            texts = {"secret": ["key sk-proj-", "abcdefghijklmnop", "qrstuvwxyz123456 end"], "empty": ["", "a", ""],
                     "huge": ["x" * 5000, "y" * 70000, "z"], "terminal": ["a", "b"]}[mutation]
            new = [{**key, "delta": t} for t in texts]
            if mutation == "terminal":
                new.insert(0, {"type": "RUN_FINISHED", "threadId": "thread-1", "runId": "run-1"})
            events[j:j] = new
        elif mutation == "drop":
            events.pop(i)
        elif mutation == "duplicate":
            events.insert(i, copy.deepcopy(e))
        elif mutation == "error":
            events.insert(i, {"type": "RUN_ERROR", "message": "boom"})
        elif mutation == "snake" and "messageId" in e:
            e["message_id"] = e.pop("messageId")
        elif mutation == "extra":
            e["extra"] = 1
        elif mutation == "wrong-field" and "messageId" in e:
            e["toolCallId"] = e.pop("messageId")
        elif mutation == "null":
            e["timestamp"] = None
        elif mutation == "subagent":
            e["subagentRunId"] = "sub-1"
        elif mutation == "repeat-run":
            events[i:i] = copy.deepcopy(events[: i])
        elif mutation in ("id-line", "crlf"):
            e["_frame"] = mutation
        if not events:
            events.append({"type": "RUN_STARTED", "threadId": "t", "runId": "r"})
    parts = []
    for e in events:
        frame = e.pop("_frame", None)
        line = "data: " + json.dumps(e, separators=(",", ":"), ensure_ascii=draw(st.booleans()))
        if frame == "id-line":
            parts.append(f"id: {draw(st.integers(0, 5))}\n{line}\n\n")
        elif frame == "crlf":
            parts.append(line + "\r\n\r\n")
        else:
            parts.append(line + "\n\n")
    body = "".join(parts).encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 3)) == 0:  # invalid UTF-8 somewhere
        k = draw(st.integers(0, len(body)))
        body = body[:k] + b"\xff" + body[k:]
    return body


@SETTINGS
@given(mutated_body(), st.lists(st.integers(0, 1 << 16), max_size=6), st.sampled_from([1 << 20, 64, 200]))
def test_batches_expand_to_the_same_events(body: bytes, cuts: list[int], max_line: int) -> None:
    plain, plain_anomalies = _events(body, cuts, False, max_line)
    batched, batched_anomalies = _events(body, cuts, True, max_line)
    assert batched == plain
    assert batched_anomalies[:-1] == plain_anomalies[:-1]


def _findings(body: bytes, cuts: list[int], batch: bool, settings: dict, timed: bool, max_line: int) -> list:
    opts = Options(profile="agui", max_line_bytes=max_line, settings={**settings, "batch": batch})
    linter = Linter("t", opts, timed=timed)
    points = sorted({c % (len(body) + 1) for c in cuts} | {0, len(body)})
    rng = random.Random(len(body))
    t = 0.0
    for a, b in zip(points, points[1:], strict=False):
        t += rng.choice((0.001, 0.5, 3.0))
        linter.feed(body[a:b], t if timed else None)
    report = linter.close()
    return [(f.code, f.message, f.location.offset, f.location.line, f.location.event, f.severity, f.excerpt)
            for f in report.findings] + [report.events, report.notes]


@SETTINGS
@given(mutated_body(), st.lists(st.integers(0, 1 << 16), max_size=6), st.booleans(),
       st.sampled_from([{}, {"expect": "error"}, {"expect": "success"}, {"agui_version": 0},
                        {"clients": ["agui-client", "httpx-sse"]}]),
       st.sampled_from([1 << 20, 200]))
def test_findings_are_the_same_with_and_without_batches(body: bytes, cuts: list[int], timed: bool, extra: dict,
                                                        max_line: int) -> None:
    assert _findings(body, cuts, True, extra, timed, max_line) == _findings(body, cuts, False, extra, timed, max_line)


def _report_key(report) -> list:  # type: ignore[no-untyped-def]
    return [(f.code, f.message, f.location.offset, f.location.event) for f in report.findings] + [
        report.events, report.profile]


def test_fixtures_lint_the_same_with_and_without_batches() -> None:
    paths = list(iter_paths([str(ROOT / "fixtures")]))
    batched = 0
    for path in paths:
        try:
            plain = [lint_transcript(t, Options(settings={"batch": False})) for t in open_path(path)]
        except Exception:  # noqa: BLE001 - unreadable fixtures are other tests' business
            continue
        fast = [lint_transcript(t, Options()) for t in open_path(path)]
        assert [_report_key(r) for r in fast] == [_report_key(r) for r in plain], path
        batched += any(r.profile == "agui" for r in fast)
    assert batched > 20


def test_clean_stream_is_taken_whole_by_every_rule() -> None:
    rng = random.Random(7)
    events = []
    for n in range(5):
        events.append({"type": "RUN_STARTED", "threadId": "t", "runId": f"r{n}"})
        for kind, start, end, field in (
                ("REASONING_MESSAGE_CONTENT", "REASONING_MESSAGE_START", "REASONING_MESSAGE_END", "messageId"),
                ("TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_START", "TEXT_MESSAGE_END", "messageId"),
                ("TOOL_CALL_ARGS", "TOOL_CALL_START", "TOOL_CALL_END", "toolCallId")):
            key = f"{kind[:4]}-{n}"
            opener = {"type": start, field: key}
            if start == "TOOL_CALL_START":
                opener["toolCallName"] = "f"
            else:
                opener["role"] = "reasoning" if kind.startswith("REASONING") else "assistant"
            if kind.startswith("REASONING"):
                events.append({"type": "REASONING_START", "messageId": f"rs-{n}"})
            events.append(opener)
            text = json.dumps({"city": "Zürich", "days": 3}) if field == "toolCallId" else "a streamed answer " * 20
            cuts = sorted(rng.sample(range(1, len(text)), 12))
            for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True):
                events.append({"type": kind, field: key, "delta": text[a:b]})
            events.append({"type": end, field: key})
            if kind.startswith("REASONING"):
                events.append({"type": "REASONING_END", "messageId": f"rs-{n}"})
        events.append({"type": "RUN_FINISHED", "threadId": "t", "runId": f"r{n}"})
    body = encode_events(events)
    linter = Linter("clean", Options(profile="agui"), timed=True)
    batches = []
    for i in range(0, len(body), 4096):
        batches += [x for x in linter.feed(body[i:i + 4096], i / 1e6) if isinstance(x, Batch)]
    report = linter.close()
    assert report.findings == []
    assert sum(b.count for b in batches) > 0.8 * sum(1 for e in events if e["type"] in KINDS)
    assert all(b._events is None for b in batches), "a rule declined a clean batch"


@pytest.mark.parametrize(("line", "kind"), [
    (b'data: {"type":"TEXT_MESSAGE_CONTENT","messageId":"m","delta":"a"}\n\n' * 2, "TEXT_MESSAGE_CONTENT"),
    (b'data: {"type":"TOOL_CALL_ARGS","toolCallId":"c","delta":"{\\"a\\":1}"}\n\n' * 3, "TOOL_CALL_ARGS"),
    (b'data: {"type":"TEXT_MESSAGE_CONTENT","messageId":"m","delta":"\\u00e9\\n"}\n\n' * 2, "TEXT_MESSAGE_CONTENT"),
])
def test_runs_are_found(line: bytes, kind: str, parser_implementation: str) -> None:
    runs = list(FINDER.find(line, 0, len(line), 1 << 20, parser_implementation == "c"))
    assert [(r[0], r[1], r[2]) for r in runs] == [(0, len(line), kind)]


@pytest.mark.parametrize("body", [
    b'data: {"type":"TEXT_MESSAGE_CONTENT","messageId":"m","delta":"a"}\n\n',  # one event alone
    b'data: {"type":"TEXT_MESSAGE_CONTENT","messageId":"m","delta":"a"}\n\n'
    b'data: {"type":"TEXT_MESSAGE_CONTENT","messageId":"n","delta":"a"}\n\n',  # two ids
    b'data: {"type":"TEXT_MESSAGE_CONTENT","messageId":"m","delta":"\\ud83d"}\n\n' * 2,  # surrogate escape
    b'data: {"type":"TEXT_MESSAGE_CONTENT","messageId":"m","delta":"a\\x"}\n\n' * 2,  # bad escape
    b'data: {"type":"TEXT_MESSAGE_CONTENT","messageId":"m","delta":"a\tb"}\n\n' * 2,  # raw control character
    b'data: {"type":"TEXT_MESSAGE_CONTENT","messageId":"m\\"","delta":"a"}\n\n' * 2,  # escaped id
    b'data: {"type":"TEXT_MESSAGE_CONTENT","messageId":"m","delta":"a","x":1}\n\n' * 2,  # extra field
    b'data:{"type":"TEXT_MESSAGE_CONTENT","messageId":"m","delta":"a"}\n\n' * 2,  # not the encoder's form
    b'data: {"type":"TEXT_MESSAGE_END","messageId":"m","delta":"a"}\n\n' * 2,  # not a delta kind
])
def test_runs_are_declined(body: bytes, parser_implementation: str) -> None:
    assert list(FINDER.find(body, 0, len(body), 1 << 20, parser_implementation == "c")) == []


def test_runs_stay_within_the_line_limit(parser_implementation: str) -> None:
    body = b'data: {"type":"TEXT_MESSAGE_CONTENT","messageId":"m","delta":"abc"}\n\n' * 3
    limit = len(body) - 1  # a run may be shorter (C looks again at the next block), never longer than the limit
    assert all(e - s <= limit for s, e, *_ in FINDER.find(body, 0, len(body), limit, parser_implementation == "c"))
    assert len(list(FINDER.find(body, 0, len(body), len(body), parser_implementation == "c"))) == 1


def test_mismatched_id_field_is_not_batched() -> None:
    body = b'data: {"type":"TOOL_CALL_ARGS","messageId":"m","delta":"a"}\n\n' * 3
    p = Parser()
    p.batching = FINDER
    assert not any(isinstance(x, Batch) for x in p.feed(body))


def test_schema_decides_which_kinds_batch() -> None:
    schemas = load("agui")
    assert set(KINDS) == {"TEXT_MESSAGE_CONTENT", "REASONING_MESSAGE_CONTENT", "TOOL_CALL_ARGS"}
    assert schemas.accepts_strings("TEXT_MESSAGE_CONTENT", ("messageId", "delta"))
    assert not schemas.accepts_strings("TEXT_MESSAGE_START", ("messageId", "delta"))  # role is required
    assert not schemas.accepts_strings("NO_SUCH_TYPE", ("messageId", "delta"))
    # a constraint on the text (as 0.x's non-empty delta would be) turns the fast path off for the kind
    doc = schemas.schemas["TEXT_MESSAGE_CONTENT"]
    saved = copy.deepcopy(doc)
    try:
        doc["properties"]["delta"]["minLength"] = 1
        assert not schemas.accepts_strings("TEXT_MESSAGE_CONTENT", ("messageId", "delta"))
        doc["properties"]["delta"] = saved["properties"]["delta"]
        doc["allOf"] = [{"required": ["timestamp"]}]
        assert not schemas.accepts_strings("TEXT_MESSAGE_CONTENT", ("messageId", "delta"))
    finally:
        doc.clear()
        doc.update(saved)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.lists(st.sampled_from([b"sk-", b"\r", b"\xef\xbb\xbf", b"\nid", b"eyJ", b"\x00",
                                                           b"[DONE]"]), max_size=3))
def test_literal_sets_agree_with_in(data: bytes, inserts: list[bytes]) -> None:
    literals = [b"sk-", b"\r", b"\xef\xbb\xbf", b"\nid", b"eyJ", b"\x00", b"[DONE]", b"\xff\xfe"]
    for lit in inserts:
        data = data[: len(data) // 2] + lit + data[len(data) // 2:]
    want = {lit for lit in literals if lit in data}
    assert set(bytescan.Literals(literals).found(data)) == want
    assert bytescan.Literals(literals).any(data) == bool(want)


def test_literal_sets_without_re2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bytescan, "re2", None)
    lits = bytescan.Literals([b"sk-", b"\r"])
    assert lits.found(b"a\rb sk-x") and set(lits.found(b"a\rb sk-x")) == {b"sk-", b"\r"}
    assert lits.found(b"nothing") == [] and not lits.any(b"nothing")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_body() | st.binary(max_size=400) | st.builds(
    lambda key, parts: b"".join(b'data: {"type":"TEXT_MESSAGE_CONTENT","messageId":"' + key + b'","delta":"' + p
                                + b'"}\n\n' for p in parts),
    st.binary(max_size=4), st.lists(st.binary(max_size=8), min_size=1, max_size=4)))
def test_c_runs_are_runs_the_pattern_admits(body: bytes) -> None:
    from sse_lint.batch import _DELTA, _find_runs

    if _find_runs is None:
        pytest.skip("the C speedups are not built here")
    for s, e, kind, _field, key, count, deltas in FINDER.find(body, 0, len(body), 1 << 20, True):
        m = FINDER.pattern.fullmatch(body, s, e)  # type: ignore[union-attr]
        assert m is not None and m.group(1).decode() == kind and m.group(3) == key
        found = _DELTA.findall(m.group(0))
        assert (len(found), b"".join(found)) == (count, deltas)
