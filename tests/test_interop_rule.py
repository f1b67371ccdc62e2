"""I101 in the single pass, and the `sse-lint interop` matrix."""

from __future__ import annotations

import json
import subprocess
import sys

from sse_lint import Options, lint_bytes

from .conftest import FIXTURES

CLEAN = (FIXTURES / "good" / "agui" / "weather-two-runs.http").read_bytes().split(b"\r\n\r\n", 1)[1]


def i101(body: bytes, chunk: int = 1 << 16) -> list[tuple[str, str]]:
    report = lint_bytes(body, options=Options(select=("I101",)), chunk_size=chunk)
    return [(f.severity.value, f.message) for f in report.findings]


def test_clean_encoder_stream_diverges_for_no_default_client() -> None:
    assert i101(CLEAN) == []


def test_crlf_reframing_fails_the_agui_client_only() -> None:
    crlf = CLEAN.replace(b"\n", b"\r\n")
    [(severity, message)] = i101(crlf)
    assert severity == "error" and message.startswith("@ag-ui/client 1.0 would fail this run at event 0: CRLF")


def test_same_findings_for_any_chunking() -> None:
    body = (FIXTURES / "interop" / "sseclient-mixed-terminators.sse").read_bytes()
    assert i101(body, 1) == i101(body, 7) == i101(body)


def test_interop_command_matrix() -> None:
    proc = subprocess.run([sys.executable, "-m", "sse_lint", "interop", "-f", "json",
                           str(FIXTURES / "interop" / "httpx-sse-leading-bom.sse")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    verdicts = {c["client"]: c["verdict"] for c in doc["clients"]}
    assert verdicts["browser"] == "same" and verdicts["httpx-sse"] == "differs"
    assert "BOM" in next(c for c in doc["clients"] if c["client"] == "httpx-sse")["divergence"]["cause"]
