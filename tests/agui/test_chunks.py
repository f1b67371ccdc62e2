"""Chunk events follow @ag-ui/client's transform: a chunk stream stays open across pass-through events only."""

from __future__ import annotations

import json

import pytest

from sse_lint import Options, lint_bytes

S = {"type": "RUN_STARTED", "threadId": "t", "runId": "r"}
F = {"type": "RUN_FINISHED", "threadId": "t", "runId": "r"}


def codes(*events: dict) -> list[str]:
    body = "".join(f"data: {json.dumps(e)}\n\n" for e in (S, *events, F)).encode()
    return [f.code for f in lint_bytes(body, options=Options(profile="agui")).findings]


@pytest.mark.parametrize("events,expected", [
    ([{"type": "TEXT_MESSAGE_CHUNK", "messageId": "m", "delta": "a"},
      {"type": "TEXT_MESSAGE_CHUNK", "delta": "b"}], []),
    ([{"type": "TEXT_MESSAGE_CHUNK", "messageId": "m", "delta": "a"}, {"type": "RAW", "event": {}},
      {"type": "TEXT_MESSAGE_CHUNK", "delta": "b"}], []),
    ([{"type": "TEXT_MESSAGE_CHUNK", "messageId": "m", "delta": "a"}, {"type": "CUSTOM", "name": "a.b", "value": 1},
      {"type": "TEXT_MESSAGE_CHUNK", "delta": "b"}], ["A107"]),
    ([{"type": "TEXT_MESSAGE_CHUNK", "delta": "b"}], ["A107"]),
    ([{"type": "TOOL_CALL_CHUNK", "toolCallId": "c", "toolCallName": "x", "delta": "{"},
      {"type": "TOOL_CALL_CHUNK", "delta": "}"}], []),
    ([{"type": "TOOL_CALL_CHUNK", "toolCallId": "c", "delta": "{}"}], ["A108"]),
])
def test_chunk_streams(events: list[dict], expected: list[str]) -> None:
    assert codes(*events) == expected


def test_agui_version_0_rules() -> None:
    from .conftest_paths import FIXTURE_V0

    body = FIXTURE_V0.read_bytes()
    v1 = lint_bytes(body, options=Options(profile="agui"))
    v0 = lint_bytes(body, options=Options(profile="agui", settings={"agui_version": 0}))
    assert v1.codes() == [] and v0.codes() == ["L103", "A101"]


def test_subagent_ownership() -> None:
    started = {"type": "SUBAGENT_STARTED", "subagentRunId": "sub-1", "name": "researcher"}
    finished = {"type": "SUBAGENT_FINISHED", "subagentRunId": "sub-1"}
    opened = {"type": "TEXT_MESSAGE_START", "messageId": "m", "role": "assistant", "subagentRunId": "sub-1"}
    ok = [started, opened, {"type": "TEXT_MESSAGE_CONTENT", "messageId": "m", "delta": "x", "subagentRunId": "sub-1"},
          {"type": "TEXT_MESSAGE_END", "messageId": "m", "subagentRunId": "sub-1"}, finished]
    assert codes(*ok) == []
    bad = [*ok[:2], {"type": "TEXT_MESSAGE_CONTENT", "messageId": "m", "delta": "x", "subagentRunId": "sub-2"},
           *ok[3:]]
    assert codes(*bad) == ["A119"]
