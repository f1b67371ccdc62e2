"""Nothing received is lost: `sse-lint record` killed mid-stream leaves a readable transcript; Ctrl-C ends it
with an `aborted` record; credentials are not written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sse_lint import lint_file

from .servers import running, slow_app

SECRET = "sk-proj-Zx81kLmQ2vB7nR4tY9wE3uI6oP0aS5dF"


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with running(slow_app()) as url:
        yield url


HEADER_SECRETS = {"Proxy-Authorization": "Basic cHJveHk6cHJveHktc2VjcmV0", "Cookie": "sid=cookie-secret-9876",
                  "X-Api-Key": "x-api-key-secret-1234", "Api-Key": "api-key-secret-5678"}
BODY_SECRET = "sk-ant-api03-bodysecretbodysecretbodysecret00"


def start_record(url: str, out: Path) -> subprocess.Popen[bytes]:
    env = {"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "OPENAI_API_KEY": SECRET}
    headers = [arg for k, v in HEADER_SECRETS.items() for arg in ("-H", f"{k}: {v}")]
    return subprocess.Popen([sys.executable, "-m", "sse_lint", "record", f"{url}/slow?api_key={SECRET}&x=1",
                             "-o", str(out), "-H", "Authorization: Bearer $OPENAI_API_KEY", "-H", "X-Trace: 1",
                             *headers, "--json", f'{{"key": "{BODY_SECRET}", "q": "hi"}}'],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def wait_for_lines(path: Path, n: int, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_bytes().count(b"\n") >= n:
            return
        time.sleep(0.05)
    raise AssertionError(f"{path} has fewer than {n} lines")


def test_sigkill_leaves_a_readable_transcript(base: str, tmp_path: Path) -> None:
    out = tmp_path / "killed.jsonl"
    proc = start_record(base, out)
    try:
        wait_for_lines(out, 6)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    lines = out.read_bytes().count(b"\n")
    [report] = lint_file(str(out))
    assert report.events >= 3 and report.end is not None and report.end.startswith("unknown")
    assert "L101" in report.codes()  # the run never ended, and the report says the recorder was interrupted
    assert lines >= 6


def test_sigint_writes_an_aborted_end(base: str, tmp_path: Path) -> None:
    out = tmp_path / "interrupted.jsonl"
    proc = start_record(base, out)
    try:
        wait_for_lines(out, 5)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert b"Traceback" not in err, err.decode()
    assert out.read_bytes().rstrip().endswith(b"}")
    [report] = lint_file(str(out))
    assert report.end is not None and report.end.startswith("aborted")


def test_no_secret_is_written(base: str, tmp_path: Path) -> None:
    out = tmp_path / "secret.jsonl"
    proc = start_record(base, out)
    try:
        wait_for_lines(out, 3)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=15)
    text = out.read_text()
    assert SECRET not in text and "s3cr3t-cookie-value" not in text and "resp-x-api-key-secret" not in text
    assert BODY_SECRET not in text and all(v not in text for v in HEADER_SECRETS.values())
    assert "[REDACTED]" in text and "X-Trace" in text
    assert os.path.getsize(out) > 0
