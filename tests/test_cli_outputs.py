"""Several formats from one run; GitHub Actions behaviour."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema

from .conftest import FIXTURES, ROOT

SEED = str(FIXTURES / "seeds" / "anthropic-json-error-glued-to-message-start.http")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sse_lint", *args], capture_output=True, text=True, timeout=60,
                          env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin", **(env or {})}, cwd=ROOT)


def test_text_on_terminal_and_sarif_junit_to_files(tmp_path: Path) -> None:
    sarif, junit = tmp_path / "r.sarif", tmp_path / "r.xml"
    proc = run("lint", SEED, "--format", "text", "--output", f"sarif={sarif}", "--output", f"junit={junit}")
    assert proc.returncode == 1 and "S101 [error]" in proc.stdout
    doc = json.loads(sarif.read_text())
    schema = json.loads((ROOT / "tests" / "report" / "schemas" / "sarif-github-subset.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(doc)
    assert {r["ruleId"] for r in doc["runs"][0]["results"]} == {"H101", "H102", "S101", "S112", "I101"}
    root = ET.parse(junit).getroot()
    assert root.tag == "testsuites" and int(root.get("failures", "0")) == 4


def test_github_actions_adds_annotations_and_step_summary(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    proc = run("lint", SEED, env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    lines = [line for line in proc.stdout.splitlines() if line.startswith("::")]
    assert sum(line.startswith("::error ") for line in lines) == 4
    # I101: the anthropic SDK drops the unnamed event; httpx-sse and eventsource refuse application/json
    assert sum(line.startswith("::warning ") for line in lines) == 3
    assert "S101 [error]" in proc.stdout  # text too
    assert "| source | profile |" in summary.read_text()


def test_statistics_and_bad_output_spec() -> None:
    proc = run("lint", SEED, "--statistics", "--format", "json")
    assert proc.stdout.rstrip().endswith("1\tS101\tstray-json\n1\tS112\tevent-name-mismatch")
    proc = run("lint", SEED, "--output", "pdf=x.pdf")
    assert proc.returncode == 2 and "expected FORMAT=PATH" in proc.stderr
    proc = run("lint", SEED, "--format", "yaml")
    assert proc.returncode == 2 and "choose from" in proc.stderr
