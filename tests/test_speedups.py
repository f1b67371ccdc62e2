"""The optional C speedups: built for this install, and interchangeable with the pure-Python path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sse_lint import sse

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (b"data: one\n\ndata:two\n\ndata:  three\n\n: comment\ndata: x\ny\n\nid: 7\ndata: \xff\n\n"
          b"event: named\ndata: z\n\ndata: " + "é".encode() * 100 + b"\n\ndata:\n\n\n\ndata: last\n\n")


def _events(pure: bool) -> list[dict]:
    code = ("import json, sys; from sse_lint.sse import parse, _FIELDS, _scan_blocks; "
            "evs, an = parse(sys.stdin.buffer.read(), chunk_size=7); "
            "print(json.dumps({'c': _scan_blocks is not None, 'events': [[repr(getattr(e, f)) for f in _FIELDS] "
            "for e in evs], 'anomalies': [repr(a.key()) for a in an]}))")
    env = {k: v for k, v in os.environ.items() if k != "SSE_LINT_PURE"}
    if pure:
        env["SSE_LINT_PURE"] = "1"
    out = subprocess.run([sys.executable, "-c", code], input=SAMPLE, capture_output=True, check=True, env=env)
    return json.loads(out.stdout)


def test_pure_python_and_c_give_the_same_events() -> None:
    pure, fast = _events(True), _events(False)
    assert pure["c"] is False
    assert pure["events"] == fast["events"] and pure["anomalies"] == fast["anomalies"]
    assert len(pure["events"]) == 9  # `data:` alone is an event with empty data


def test_speedups_are_built_where_a_compiler_is() -> None:
    # CI installs with `pip install -e .`, which compiles the extension (hatch_build.py); a silent fallback
    # to pure Python would go unnoticed otherwise. SSE_LINT_PURE builds and runs without it.
    if os.environ.get("SSE_LINT_PURE"):
        pytest.skip("SSE_LINT_PURE is set")
    assert sse._scan_blocks is not None, "sse_lint/_speedups.c was not built: see the pip install output"


def test_event_has_exactly_its_fields() -> None:
    ev = sse.parse(b"data: x\n\n")[0][0]
    with pytest.raises(AttributeError):
        ev.nonexistent = 1  # type: ignore[attr-defined]
    ev.payload, ev.kind, ev.role, ev.run = {"a": 1}, "K", "content", "r"
    assert (ev.payload, ev.kind, ev.role, ev.run) == ({"a": 1}, "K", "content", "r")
    assert {f: getattr(ev, f) for f in ("index", "offset", "line", "column", "end")} == {
        "index": 0, "offset": 0, "line": 1, "column": 1, "end": 8}


def test_scan_blocks_rejects_bad_arguments() -> None:
    if sse._scan_blocks is None:
        pytest.skip("the C speedups are not built here")
    with pytest.raises(TypeError):
        sse._scan_blocks(b"data: x\n\n", 0, 9, 0, 1, 0, "", None, 100, dict, [])
    with pytest.raises(ValueError):
        sse._scan_blocks(b"data: x\n\n", 0, 99, 0, 1, 0, "", None, 100, sse.Event, [])
    with pytest.raises(TypeError):
        sse._scan_blocks(b"x")


def test_events_copy_and_pickle() -> None:
    import copy
    import pickle

    ev = sse.parse(b"id: 3\ndata: x\n\n")[0][0]
    ev.payload, ev.kind = {"a": [1]}, "K"
    for other in (copy.copy(ev), copy.deepcopy(ev), pickle.loads(pickle.dumps(ev))):
        assert type(other) is sse.Event
        assert [getattr(other, f) for f in sse._FIELDS] == [getattr(ev, f) for f in sse._FIELDS]
