"""The public API: exactly the documented names, each usable."""

from __future__ import annotations

import sse_lint
from sse_lint import Options, check_url, lint_bytes
from sse_lint.replay import replay_server

from .conftest import FIXTURES


def test_exported_members() -> None:
    assert set(sse_lint.__all__) == {"Finding", "Location", "Options", "Report", "Severity", "__version__",
                                     "check_url", "lint_bytes", "lint_file"}
    for name in sse_lint.__all__:
        assert hasattr(sse_lint, name)


def test_check_url_against_the_replay_server() -> None:
    with replay_server(FIXTURES / "seeds" / "agui-duplicate-run-error.http") as url:
        report = check_url(url)
    assert report.codes() == ["L102"] and report.profile == "agui"


def test_lint_bytes_chunk_size_does_not_matter() -> None:
    body = (FIXTURES / "bad" / "S105-crlf-and-lf.sse").read_bytes()
    assert lint_bytes(body, chunk_size=1).findings == lint_bytes(body).findings
    assert lint_bytes(body, options=Options(ignore=("S105",))).findings == []
