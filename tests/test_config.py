"""Configuration files: discovery, validation with key paths, precedence, per-file-ignores."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sse_lint", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60, env={"NO_COLOR": "1", "PATH": "/usr/bin:/bin"})


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "streams" / "bad").mkdir(parents=True)
    (tmp_path / "streams" / "bad" / "retry.sse").write_bytes((FIXTURES / "bad" / "S107-negative-retry.sse")
                                                            .read_bytes())
    (tmp_path / "streams" / "unterminated.sse").write_bytes(
        (FIXTURES / "bad" / "S103-unterminated-last-event.sse").read_bytes())
    return tmp_path


def test_pyproject_table_is_found_and_applied(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.sse-lint]\nfail-on = "warning"\n'
                                            'ignore = ["S103", "I101"]\n')
    sub = project / "streams"
    proc = run(sub, "lint", "bad/retry.sse")
    assert proc.returncode == 1  # a warning fails under fail-on = warning
    proc = run(sub, "lint", "unterminated.sse")
    assert proc.returncode == 0 and "S103" not in proc.stdout  # ignored by the file
    proc = run(sub, "lint", "unterminated.sse", "--isolated")
    assert proc.returncode == 1 and "S103" in proc.stdout
    proc = run(sub, "lint", "bad/retry.sse", "--fail-on", "error")
    assert proc.returncode == 0  # the flag overrides the file


def test_sse_lint_toml_per_file_ignores_and_severity(project: Path) -> None:
    (project / "sse-lint.toml").write_text('[per-file-ignores]\n"streams/bad/*" = ["S107"]\n\n'
                                           '[severity]\nS103 = "warning"\n')
    proc = run(project, "lint", "streams/bad/retry.sse", "--fail-on", "info")
    assert proc.returncode == 0, proc.stdout
    proc = run(project, "lint", "streams/unterminated.sse", "-f", "json")
    assert '"severity": "warning"' in proc.stdout and proc.returncode == 0


@pytest.mark.parametrize("text,needle", [
    ('[tool.sse-lint]\nfail_on = "error"\n', "fail_on: unknown key (did you mean 'fail-on'?)"),
    ('[tool.sse-lint]\nseverity = {L105 = "fatal"}\n', "severity.L105: expected one of error, warning, info"),
    ('[tool.sse-lint]\nselect = "Q"\n', "matches no rule"),
    ('[tool.sse-lint\n', "invalid TOML"),
])
def test_invalid_configuration_is_one_line_exit_2(project: Path, text: str, needle: str) -> None:
    (project / "pyproject.toml").write_text(text)
    proc = run(project, "lint", "streams/unterminated.sse")
    assert proc.returncode == 2 and needle in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_config_command_shows_sources(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.sse-lint]\nprofile = "agui"\nstall = 5\n')
    proc = run(project, "config")
    assert proc.returncode == 0
    assert 'profile = "agui"  # from' in proc.stdout and "pyproject.toml" in proc.stdout
    assert "# fail-on: default" in proc.stdout
