"""Public Hypothesis strategies for AG-UI streams.

Use them to fuzz your own AG-UI clients or to property-test servers' encoders::

    from hypothesis import given
    from sse_lint.testing.strategies import agui_events, agui_stream

    @given(agui_stream())
    def test_my_client_survives(body: bytes) -> None:
        my_client.consume(body)

``agui_events()`` draws valid AG-UI 1.0 event sequences (as wire dicts, camelCase): one or more runs,
each ``RUN_STARTED`` … ``RUN_FINISHED`` with text messages, tool calls with JSON arguments split
into deltas, steps, state snapshots and applicable deltas, reasoning blocks and namespaced custom
events. Every generated sequence lints clean with ``--profile agui``.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

__all__ = ["agui_events", "agui_stream", "encode_events"]

_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text("abcxyz", min_size=1, max_size=4), inner,
                                                                  max_size=3),
    max_leaves=6,
)


def _split(text: str, cuts: list[int]) -> list[str]:
    points = sorted({c % (len(text) + 1) for c in cuts} | {0, len(text)})
    return [text[a:b] for a, b in zip(points, points[1:], strict=False) if b > a] or [text]


@st.composite
def _run(draw: st.DrawFn, n: int, state: dict[str, Any]) -> list[dict[str, Any]]:
    thread, run = "thread-1", f"run-{n}"
    out: list[dict[str, Any]] = [{"type": "RUN_STARTED", "threadId": thread, "runId": run}]
    seq = 0
    produced = False
    for part in draw(st.lists(st.sampled_from(["text", "tool", "step", "state", "reasoning", "custom"]),
                              min_size=1, max_size=5)):
        seq += 1
        key = f"{n}-{seq}"
        if part == "text":
            mid = f"msg-{key}"
            out.append({"type": "TEXT_MESSAGE_START", "messageId": mid, "role": "assistant"})
            out += [{"type": "TEXT_MESSAGE_CONTENT", "messageId": mid, "delta": d}
                    for d in draw(st.lists(_text, min_size=1, max_size=4))]
            out.append({"type": "TEXT_MESSAGE_END", "messageId": mid})
            produced = True
        elif part == "tool":
            cid = f"call-{key}"
            args = json.dumps(draw(st.dictionaries(st.text("abcdef", min_size=1, max_size=5), _json_values,
                                                   max_size=3)))
            out.append({"type": "TOOL_CALL_START", "toolCallId": cid, "toolCallName": "lookup"})
            out += [{"type": "TOOL_CALL_ARGS", "toolCallId": cid, "delta": d}
                    for d in _split(args, draw(st.lists(st.integers(0, 200), max_size=4)))]
            out.append({"type": "TOOL_CALL_END", "toolCallId": cid})
            if draw(st.booleans()):
                out.append({"type": "TOOL_CALL_RESULT", "messageId": f"tool-{key}", "toolCallId": cid,
                            "content": draw(st.text(max_size=10)), "role": "tool"})
            produced = True
        elif part == "step":
            out.append({"type": "STEP_STARTED", "stepName": f"step-{key}"})
            out.append({"type": "STEP_FINISHED", "stepName": f"step-{key}"})
        elif part == "state":
            # a snapshot of the state the client holds, then deltas that apply to it
            snap = state.setdefault("doc", {"count": 0, "items": []})
            out.append({"type": "STATE_SNAPSHOT", "snapshot": json.loads(json.dumps(snap))})
            for _ in range(draw(st.integers(0, 3))):
                snap["count"] += 1
                snap["items"].append(snap["count"])
                out.append({"type": "STATE_DELTA", "delta": [
                    {"op": "replace", "path": "/count", "value": snap["count"]},
                    {"op": "add", "path": "/items/-", "value": snap["count"]}]})
            produced = True
        elif part == "reasoning":
            rid = f"reason-{key}"
            out.append({"type": "REASONING_START", "messageId": rid})
            out.append({"type": "REASONING_MESSAGE_START", "messageId": f"{rid}-m", "role": "reasoning"})
            out.append({"type": "REASONING_MESSAGE_CONTENT", "messageId": f"{rid}-m", "delta": draw(_text)})
            out.append({"type": "REASONING_MESSAGE_END", "messageId": f"{rid}-m"})
            out.append({"type": "REASONING_END", "messageId": rid})
            produced = True
        else:
            out.append({"type": "CUSTOM", "name": "acme.progress", "value": draw(_json_values)})
    if not produced:
        out.insert(1, {"type": "TEXT_MESSAGE_START", "messageId": f"msg-{n}-0", "role": "assistant"})
        out.insert(2, {"type": "TEXT_MESSAGE_CONTENT", "messageId": f"msg-{n}-0", "delta": "ok"})
        out.insert(3, {"type": "TEXT_MESSAGE_END", "messageId": f"msg-{n}-0"})
    out.append({"type": "RUN_FINISHED", "threadId": thread, "runId": run})
    return out


@st.composite
def agui_events(draw: st.DrawFn, max_runs: int = 3) -> list[dict[str, Any]]:
    """A valid AG-UI 1.0 event sequence of 1..max_runs runs (wire dicts)."""
    state: dict[str, Any] = {}
    events: list[dict[str, Any]] = []
    for n in range(1, draw(st.integers(1, max_runs)) + 1):
        events += draw(_run(n, state))
    return events


def encode_events(events: list[dict[str, Any]], line_end: str = "\n") -> bytes:
    """The SSE wire form the official encoders write: ``data: <json>`` and a blank line per event."""
    return "".join(f"data: {json.dumps(e, separators=(',', ':'))}{line_end}{line_end}" for e in events).encode()


def agui_stream(max_runs: int = 3) -> st.SearchStrategy[bytes]:
    """A valid AG-UI SSE body."""
    return agui_events(max_runs).map(encode_events)
