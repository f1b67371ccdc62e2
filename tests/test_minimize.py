"""The minimizer: smaller, still failing, nothing new; the generated pytest file passes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sse_lint import Options
from sse_lint.minimize import Case, from_transcript, lint_case, minimize
from sse_lint.sources import open_path
from sse_lint.testing.strategies import agui_events, encode_events

from .conftest import FIXTURES

BAD = sorted(p for p in (FIXTURES / "bad").iterdir() if p.is_file() and not p.name.startswith("S110"))


def load(path: Path) -> Case:
    return [from_transcript(t) for t in open_path(str(path))][0]


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_minimized_fixture_is_no_larger_and_triggers_only_known_codes(path: Path) -> None:
    code = path.name.split("-", 1)[0]
    case = load(path)
    before = set(lint_case(case, Options()).codes())
    if code not in before:
        pytest.skip(f"{code} needs options the fixture name does not carry")
    result = minimize(case, code, budget=20)
    after = set(result.report.codes())
    assert code in after and after <= before
    assert len(result.case.body) <= len(case.body)


def test_ten_thousand_events_with_one_bad_event_minimizes_to_the_bad_event() -> None:
    from sse_lint.testing.strategies import encode_events as enc

    events = [{"type": "RUN_STARTED", "threadId": "t", "runId": "r"},
              {"type": "TEXT_MESSAGE_START", "messageId": "m", "role": "assistant"}]
    events += [{"type": "TEXT_MESSAGE_CONTENT", "messageId": "m", "delta": f"token {i} "} for i in range(10_000)]
    events.insert(7000, {"type": "TEXT_MESSAGE_CONTENT", "messageId": "nope", "delta": "x"})
    events += [{"type": "TEXT_MESSAGE_END", "messageId": "m"}, {"type": "RUN_FINISHED", "threadId": "t", "runId": "r"}]
    case = Case([(None, enc(events))])
    result = minimize(case, "A107", options=Options(profile="agui"), budget=120)  # timing: bench/minimize_bench.py
    assert result.case.body.count(b"\n\n") <= 3


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agui_events(max_runs=2), st.data())
def test_output_always_reproduces(events: list[dict], data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(events) - 1))
    mutated = [*events[: i + 1], events[i], *events[i + 1:]]  # duplicate one event
    case = Case([(None, encode_events(mutated))])
    report = lint_case(case, Options(profile="agui"))
    if not report.findings:
        return
    code = report.findings[0].code
    result = minimize(case, code, options=Options(profile="agui"), budget=10)
    assert code in lint_case(result.case, Options(profile="agui")).codes()


def test_fixture_command_writes_a_passing_test(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "sse_lint", "fixture",
                           str(FIXTURES / "seeds" / "agui-duplicate-run-error.http"), "--rule", "L102",
                           "-o", "dup", "--dir", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert {p.name for p in tmp_path.iterdir()} >= {"dup.jsonl", "test_dup.py", "dup.md"}
    assert "## About L102" in (tmp_path / "dup.md").read_text()
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def test_secrets_are_masked_but_the_leak_finding_stays(tmp_path: Path) -> None:
    case = load(FIXTURES / "bad" / "X101-authorization-in-raw-event.sse")
    result = minimize(case, "X101")
    assert b"Zx81kLmQ2vB7" not in result.case.body and "X101" in result.report.codes() and result.redacted
