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


ALL_FIXTURES = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix in (".sse", ".http", ".jsonl")
                      and p.stat().st_size < 200_000)


def _i101(path, fast: bool) -> list[str]:  # type: ignore[no-untyped-def]
    from sse_lint import lint_file

    clients = ["agui-client", "httpx-sse", "sseclient-py", "eventsource", "aiohttp-sse-client", "openai-sdk"]
    opts = Options(select=("I101",), settings={"interop_fast": fast, "clients": clients})
    return [f.message for r in lint_file(str(path), options=opts) for f in r.findings]


def test_fast_path_equals_running_every_client_model_on_every_fixture() -> None:
    for path in ALL_FIXTURES:
        assert _i101(path, True) == _i101(path, False), path.name


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sse_lint.testing.strategies import agui_events, encode_events  # noqa: E402

PIECES = [b"\r", b"\n", b"\r\n", b"\xef\xbb\xbf", b"\x00", b"id: 7\n", b"retry: 5\n", b"event: x\n", b": c\n",
          b"data:\n", b"data:  x\n", b"\n\n", b"data: [DONE]\n\n", b"\xff", "é".encode(), b'data: {"error":{}}\n\n',
          b"data: 3\n\n", b"data\n\n"]


@settings(max_examples=int(__import__('os').environ.get('SSE_LINT_FUZZ_EXAMPLES', '150')), deadline=None,
          suppress_health_check=list(HealthCheck))
@given(agui_events(max_runs=2), st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(PIECES)), max_size=3),
       st.integers(1, 300))
def test_fast_path_equals_slow_path_on_mutated_streams(events: list[dict], inserts: list, chunk: int) -> None:
    body = bytearray(encode_events(events))
    for pos, piece in inserts:
        body[pos % (len(body) + 1):pos % (len(body) + 1)] = piece
    clients = ["agui-client", "httpx-sse", "sseclient-py", "eventsource", "aiohttp-sse-client", "openai-sdk"]

    def run(fast: bool) -> list[str]:
        opts = Options(profile="agui", select=("I101",), settings={"interop_fast": fast, "clients": clients})
        return [f.message for f in lint_bytes(bytes(body), options=opts, chunk_size=chunk).findings]

    assert run(True) == run(False)
