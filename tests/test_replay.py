"""Replay: a recorded stream served again is the same stream; each fault is seen by a real httpx client."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from sse_lint import Options, lint_file
from sse_lint.client import RequestSpec
from sse_lint.faults import parse_fault
from sse_lint.live import check_once
from sse_lint.replay import replay_server

from .conftest import FIXTURES

CLEAN = FIXTURES / "good" / "agui" / "weather-two-runs.http"
TIMED = FIXTURES / "good" / "agui" / "timed-run.jsonl"


def fetch(url: str) -> httpx.Response:
    with httpx.Client(timeout=10) as c:
        r = c.get(url, headers={"Accept": "text/event-stream"})
        r.read()
        return r


def body_of(path: Path) -> bytes:
    from sse_lint.sources import open_path

    for t in open_path(str(path)):
        return b"".join(d for _, d in t.chunks)
    raise AssertionError


def test_round_trip_is_byte_identical(tmp_path: Path) -> None:
    rec1, rec2 = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    with replay_server(CLEAN) as url:
        check_once(RequestSpec(url), Options(), rec1)
    with replay_server(rec1) as url:
        check_once(RequestSpec(url), Options(), rec2)
    assert body_of(rec1) == body_of(rec2) == body_of(CLEAN)
    [a], [b] = lint_file(str(rec1)), lint_file(str(rec2))
    assert a.findings == b.findings == []
    from sse_lint.sources import open_path

    headers = {k.lower(): v for t in open_path(str(rec2)) for k, v in t.response.headers}  # type: ignore[union-attr]
    assert headers["content-type"] == "text/event-stream" and headers["cache-control"] == "no-cache"


def test_recorded_gaps_are_kept_within_tolerance(tmp_path: Path) -> None:
    rec = tmp_path / "timed.jsonl"
    with replay_server(TIMED, speed=1.0) as url:
        result = check_once(RequestSpec(url), Options(), rec)
    assert result.duration is not None and 0.6 <= result.duration <= 2.0  # recorded: last chunk at 0.7 s


@pytest.mark.parametrize("fault,codes", [
    ("drop-after:3", {"L101"}),
    ("truncate", {"S103", "L101"}),
    ("duplicate:RUN_FINISHED", {"L103"}),
    ("json-prefix", {"S101", "H102"}),
    ("error-status:503", {"H103"}),
    ("line-endings:crlf", {"I101"}),  # spec-valid, but @ag-ui/client fails on CRLF framing
    ("split:bytes", set()),
])
def test_fault_is_seen_by_a_real_client(fault: str, codes: set[str]) -> None:
    with replay_server(CLEAN, [parse_fault(fault)]) as url:
        result = check_once(RequestSpec(url, max_time=10), Options(profile="agui"))
    found = set(result.report.codes())
    assert codes <= found, (fault, found)
    if not codes:
        assert found == set(), (fault, found)


def test_drop_after_resets_the_connection() -> None:
    with replay_server(CLEAN, [parse_fault("drop-after:3")]) as url:
        result = check_once(RequestSpec(url, max_time=10), Options(profile="agui"))
    assert result.report.events == 3 and result.report.end is not None
    assert result.report.end.startswith("reset") and "L101" in result.report.codes()


def test_gzip_and_delay_headers_and_stall() -> None:
    with replay_server(CLEAN, [parse_fault("gzip")]) as url:
        r = fetch(url)
    assert r.headers["content-encoding"] == "gzip" and r.content == body_of(CLEAN)
    with replay_server(CLEAN, [parse_fault("gzip")]) as url:
        assert "H105" in check_once(RequestSpec(url), Options()).report.codes()
    with replay_server(TIMED, [parse_fault("delay-headers:1.2")], speed=0) as url:
        res = check_once(RequestSpec(url), Options())
    assert res.report.codes() == ["T105"] and res.ttfb is not None and res.ttfb >= 1.2  # head withheld
    with replay_server(TIMED, [parse_fault("stall:1")], speed=0) as url:
        res = check_once(RequestSpec(url), Options())
    assert res.duration is not None and res.duration >= 1.0


@pytest.mark.parametrize("text,needle", [("nope", "unknown fault"), ("drop-after", "needs an argument"),
                                         ("drop-after:x", "whole number"), ("line-endings:lf", "choose")])
def test_bad_fault_is_a_usage_error(text: str, needle: str) -> None:
    from sse_lint.errors import UsageError

    with pytest.raises(UsageError, match=needle):
        parse_fault(text)


def test_replay_survives_a_client_that_disconnects_and_many_clients() -> None:
    from concurrent.futures import ThreadPoolExecutor

    with replay_server(TIMED, speed=1.0) as url:
        with httpx.Client(timeout=5) as c, c.stream("GET", url) as r:
            next(r.iter_bytes())  # read a little, then hang up
        with ThreadPoolExecutor(20) as pool:
            bodies = list(pool.map(lambda _: fetch(url).content, range(100)))
    assert all(b == body_of(TIMED) for b in bodies)
