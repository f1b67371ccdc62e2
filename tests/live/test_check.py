"""`sse-lint check` against real local servers (uvicorn + starlette + the ag-ui-protocol encoder)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sse_lint import lint_file

from .servers import app, running


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with running(app()) as url:
        yield url


def check(*args: str, timeout: float = 60) -> tuple[int, dict, str]:
    proc = subprocess.run([sys.executable, "-m", "sse_lint", "check", *args, "--format", "json"],
                          capture_output=True, timeout=timeout, env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"})
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()
    doc = json.loads(proc.stdout) if proc.stdout.strip() else {}
    return proc.returncode, doc, proc.stderr.decode()


def codes(doc: dict) -> list[str]:
    return sorted({f["code"] for r in doc["results"] for f in r["findings"]})


def test_real_agui_server_is_clean_and_recorded(base: str, tmp_path: Path) -> None:
    record = tmp_path / "run.jsonl"
    rc, doc, _ = check(f"{base}/agent", "--agui", "--record", str(record))
    assert rc == 0, doc
    assert codes(doc) == [] and doc["results"][0]["profile"] == "agui" and doc["results"][0]["events"] == 5
    [again] = lint_file(str(record))
    assert again.events == 5 and again.findings == [] and again.profile == "agui"


def test_duplicate_run_error(base: str) -> None:
    rc, doc, _ = check(f"{base}/duplicate-error")
    assert rc == 1 and codes(doc) == ["L102"]


def test_hang_is_cut_by_max_time_and_reported(base: str) -> None:
    rc, doc, _ = check(f"{base}/hang", "--max-time", "1")
    assert rc == 1 and codes(doc) == ["L101"]
    [result] = doc["results"]
    assert result["end"].startswith("timeout")
    assert "still open after 1.0 s" in result["findings"][0]["message"]


def test_expect_error_after_crash(base: str) -> None:
    rc, doc, _ = check(f"{base}/stop-after-crash", "--expect", "success")
    assert rc == 1 and codes(doc) == ["L104", "L105", "T106"]


def test_race_found_by_repeat(base: str, tmp_path: Path) -> None:
    record = tmp_path / "race.jsonl"
    rc, doc, _ = check(f"{base}/racy", "--repeat", "50", "--concurrency", "5", "--record", str(record),
                       timeout=120)
    assert rc == 1
    found = {f["code"] for r in doc["results"] for f in r["findings"]}
    assert {"H101", "H102", "S101"} <= found
    saved = sorted(tmp_path.glob("race-run-*.jsonl"))
    assert len(saved) == 1
    assert {"H102", "S101"} <= {f.code for f in lint_file(str(saved[0]))[0].findings}


def test_buffered_delivery(base: str) -> None:
    rc, doc, _ = check(f"{base}/buffered")
    assert "T104" in codes(doc), doc


def test_connection_refused_is_one_line_exit_2() -> None:
    from .servers import free_port

    rc, _, err = check(f"http://127.0.0.1:{free_port()}/x", "--connect-timeout", "2")
    assert rc == 2 and "cannot connect" in err and err.count("\n") == 1


def test_bad_url_is_usage_error() -> None:
    rc, _, err = check("ftp://example/x")
    assert rc == 2 and "only http and https" in err


def test_demo_runs_offline() -> None:
    rc, doc, _ = check("--demo", timeout=60)
    assert rc == 1
    by_path = {r["source"].split("/", 3)[-1]: sorted({f["code"] for f in r["findings"]}) for r in doc["results"]}
    assert by_path["agui/clean"] == []
    assert by_path["agui/duplicate-run-error"] == ["L102"]
    assert by_path["agui/opaque-run-error"] == ["L106", "L108"]
    assert by_path["agui/hang"] == ["L101"]
    assert {"H101", "H102", "S101"} <= set(by_path["anthropic/json-glued"])


def test_scenarios_file(base: str, tmp_path: Path) -> None:
    path = tmp_path / "sse-lint.toml"
    path.write_text(f'''
[[scenario]]
name = "agent"
url = "{base}/agent"
agui = true
expect = "success"

[[scenario]]
name = "duplicate error"
url = "{base}/duplicate-error"
repeat = 3
concurrency = 2
''')
    rc, doc, _ = check("--scenarios", str(path))
    assert rc == 1
    by_name = {r["source"].split(" (")[0]: sorted({f["code"] for f in r["findings"]}) for r in doc["results"]}
    assert by_name == {"agent": [], "duplicate error": ["L102"]}


def test_invalid_scenario_names_the_key(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text('[[scenario]]\nurl = "http://127.0.0.1:1/"\nrepeat = "many"\n')
    rc, _, err = check("--scenarios", str(path))
    assert rc == 2 and "scenario[0].repeat: expected int" in err
