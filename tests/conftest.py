from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sse_lint import sse

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"


@pytest.fixture(autouse=True)
def _clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_ACTIONS", "FORCE_COLOR", "SSE_LINT_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture(scope="module", params=["c", "python"])
def parser_implementation(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run a module's tests with the C speedups (when built) and with the pure-Python parser fast paths."""
    if request.param == "c" and sse._scan_blocks is None:
        pytest.skip("the C speedups are not built here")
    saved = sse.ACCELERATE
    sse.ACCELERATE = request.param == "c"
    yield request.param
    sse.ACCELERATE = saved
