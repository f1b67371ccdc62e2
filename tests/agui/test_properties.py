"""Property tests over generated AG-UI streams: clean streams lint clean, each mutation gives its code,
and findings never depend on how the bytes are chunked."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sse_lint import Options, lint_bytes
from sse_lint.engine import INTERNAL_CODE
from sse_lint.testing.strategies import agui_events, encode_events

AGUI = Options(profile="agui")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def findings(body: bytes, chunk: int = 1 << 16) -> list[tuple[str, int | None, int | None, str]]:
    report = lint_bytes(body, options=AGUI, chunk_size=chunk)
    return [(f.code, f.location.line, f.location.event, f.message) for f in report.findings]


@SETTINGS
@given(agui_events())
def test_generated_streams_lint_clean(events: list[dict]) -> None:
    assert findings(encode_events(events)) == []


@SETTINGS
@given(agui_events(), st.integers(1, 64))
def test_findings_do_not_depend_on_chunking(events: list[dict], size: int) -> None:
    body = encode_events(events, "\r\n")[: -3]  # CRLF framing and a cut tail: framing findings too
    assert findings(body, size) == findings(body)


def _index(events: list[dict], pred) -> int | None:  # type: ignore[no-untyped-def]
    return next((i for i, e in enumerate(events) if pred(e)), None)


@SETTINGS
@given(agui_events(), st.data())
def test_mutations_yield_their_codes(events: list[dict], data: st.DataObject) -> None:
    ends = {"TEXT_MESSAGE_END": "A107", "TOOL_CALL_END": "A108", "STEP_FINISHED": "A110", "REASONING_END": "A111"}
    droppable = [i for i, e in enumerate(events) if e["type"] in ends]
    mutation = data.draw(st.sampled_from(["drop-end", "duplicate-error", "after-terminal", "snake-case"]))
    mutated = copy.deepcopy(events)
    if mutation == "drop-end" and droppable:
        i = data.draw(st.sampled_from(droppable))
        expected = ends[mutated.pop(i)["type"]]
    elif mutation == "duplicate-error":
        last = max(i for i, e in enumerate(mutated) if e["type"] == "RUN_FINISHED")
        error = {"type": "RUN_ERROR", "message": "upstream timed out", "code": "TIMEOUT"}
        mutated[last:] = [error, dict(error)]
        expected = "L102"
    elif mutation == "after-terminal":
        mutated.append({"type": "CUSTOM", "name": "acme.late", "value": 1})
        expected = "L103"
    else:
        i = _index(mutated, lambda e: "messageId" in e or "toolCallId" in e)
        if i is None:
            return
        e = mutated[i]
        key = "messageId" if "messageId" in e else "toolCallId"
        e["message_id" if key == "messageId" else "tool_call_id"] = e.pop(key)
        expected = "A103"
    if mutated == events:
        return
    codes = [f[0] for f in findings(encode_events(mutated))]
    assert expected in codes, (mutation, codes)
    assert INTERNAL_CODE not in codes


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["agui", "generic", "auto"]), st.integers(1, 17))
def test_no_input_crashes_the_engine(body: bytes, profile: str, size: int) -> None:
    report = lint_bytes(body, options=Options(profile=profile), chunk_size=size)
    assert INTERNAL_CODE not in report.codes()
    assert [(f.code, f.message) for f in report.findings] == [
        (f.code, f.message) for f in lint_bytes(body, options=Options(profile=profile)).findings]
