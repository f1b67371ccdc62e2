"""The CLI as users run it: real subprocesses for exit codes and stderr, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sse_lint import __version__

from .conftest import FIXTURES


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "sse_lint", *args], input=stdin, capture_output=True,
                          timeout=60, env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"})


def assert_no_traceback(proc: subprocess.CompletedProcess[bytes]) -> None:
    assert b"Traceback" not in proc.stderr and b"Traceback" not in proc.stdout, proc.stderr.decode()


def test_clean_fixture_exits_0() -> None:
    proc = run("lint", str(FIXTURES / "good" / "generic" / "notifications.sse"))
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
    assert b"All clean" in proc.stdout


def test_findings_exit_1_with_compiler_style_lines() -> None:
    path = FIXTURES / "bad" / "S103-unterminated-last-event.sse"
    proc = run("lint", str(path))
    assert proc.returncode == 1
    out = proc.stdout.decode()
    assert f"{path}:3:1: S103 [error]" in out
    assert "^" in out and "Found 2 findings" in out  # S103, and I101: sseclient-py dispatches it anyway


def test_fail_on_threshold() -> None:
    path = str(FIXTURES / "bad" / "S105-crlf-and-lf.sse")  # a warning
    assert run("lint", path).returncode == 0
    assert run("lint", path, "--fail-on", "warning").returncode == 1
    assert run("lint", path, "--fail-on", "warning", "--exit-zero").returncode == 0
    assert run("lint", path, "--fail-on", "warning", "--ignore", "S105").returncode == 0


def test_select_prefix_and_unknown_code() -> None:
    path = str(FIXTURES / "seeds" / "anthropic-json-error-glued-to-message-start.http")
    proc = run("lint", path, "--select", "H", "-f", "json")
    codes = {f["code"] for r in json.loads(proc.stdout)["results"] for f in r["findings"]}
    assert codes == {"H101", "H102"}
    proc = run("lint", path, "--select", "Q9")
    assert proc.returncode == 2 and b"matches no rule" in proc.stderr
    assert_no_traceback(proc)


def test_json_contract() -> None:
    proc = run("lint", "-f", "json", str(FIXTURES / "bad" / "S101-json-error-glued-to-event.sse"))
    doc = json.loads(proc.stdout)
    assert doc["sse_lint"] == 1
    [result] = doc["results"]
    assert set(result) >= {"source", "profile", "events", "findings", "counts"}
    finding = result["findings"][0]
    assert set(finding) >= {"code", "name", "severity", "message", "line", "column", "offset", "event"}
    assert finding["code"] == "S101" and finding["line"] == 1
    # S101; S112 for the lost event name; L101: the message never stops
    assert [f["code"] for f in result["findings"]] == ["S101", "L101", "S112", "I101"]  # I101: anthropic SDK


def test_stdin_and_folder() -> None:
    data = (FIXTURES / "bad" / "S107-negative-retry.sse").read_bytes()
    proc = run("lint", "-", "--fail-on", "warning", stdin=data)
    assert proc.returncode == 1 and b"<stdin>:1:8: S107" in proc.stdout
    proc = run("lint", str(FIXTURES / "good"))
    assert proc.returncode == 0, proc.stdout.decode()
    assert b"All clean: 5 streams" in proc.stdout or b"All clean" in proc.stdout


@pytest.mark.parametrize("content,needle", [
    (b"\x00\x01\x02binary\x00", b"not a transcript"),
    (b'{"sse_lint_transcript": 1, "request": null, "response": null}\n{"t": 0.1, "text": "data: x\\n\\n"}\nnot json\n'
     b'{"end": "eof"}\n', b":3: corrupt JSON"),
    (b'{"sse_lint_transcript": 7}\n', b"unsupported transcript version"),
    (b"HTTP/1.1 200 OK\r\ncontent-type text/event-stream\r\n\r\ndata: x\n\n", b":2: malformed header line"),
])
def test_bad_input_is_one_line_exit_2(tmp_path: Path, content: bytes, needle: bytes) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    proc = run("lint", str(path))
    assert proc.returncode == 2, proc.stdout
    assert_no_traceback(proc)
    assert needle in proc.stderr
    assert proc.stderr.count(b"\n") == 1


def test_missing_file_and_directory_errors(tmp_path: Path) -> None:
    proc = run("lint", str(tmp_path / "nope.sse"))
    assert proc.returncode == 2 and b"no such file" in proc.stderr
    assert_no_traceback(proc)


def test_events_json_lines() -> None:
    proc = run("events", str(FIXTURES / "good" / "generic" / "notifications.sse"))
    assert proc.returncode == 0
    events = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [e["id"] for e in events] == ["1", "2", "3"]
    assert events[0]["type"] == "notification"
    assert events[2]["data"] == '{"id": 3,\n "text": "deployed"}'
    assert set(events[0]) == {"type", "data", "id", "retry", "line", "offset"}


def test_rules_and_explain() -> None:
    proc = run("rules", "-f", "json")
    codes = [r["code"] for r in json.loads(proc.stdout)]
    assert "S101" in codes and "H107" in codes
    proc = run("explain", "S101")
    assert proc.returncode == 0 and b"## Why it breaks clients" in proc.stdout
    proc = run("explain", "S1O1")
    assert proc.returncode == 2 and b"did you mean" in proc.stderr


def test_version() -> None:
    proc = run("--version")
    assert proc.returncode == 0 and proc.stdout.decode().strip() == f"sse-lint {__version__}"


def test_stream_text_is_escaped_in_terminal_output(tmp_path: Path) -> None:
    path = tmp_path / "evil.sse"
    path.write_bytes(b"\x1b]0;pwned\x07[bold]x[/bold]: y\n\ndata: ok\n\n")
    proc = run("lint", str(path), "--fail-on", "warning")
    assert proc.returncode == 1
    assert b"\x1b" not in proc.stdout and b"\\x1b" in proc.stdout
    assert b"[bold]" in proc.stdout  # shown literally, not interpreted as markup
