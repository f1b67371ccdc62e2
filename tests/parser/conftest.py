"""Every parser test runs twice: with the C speedups (when built) and with the pure-Python fast path."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sse_lint import sse


@pytest.fixture(autouse=True, scope="module", params=["c", "python"])
def parser_implementation(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "c" and sse._scan_blocks is None:
        pytest.skip("the C speedups are not built here")
    saved = sse.ACCELERATE
    sse.ACCELERATE = request.param == "c"
    yield request.param
    sse.ACCELERATE = saved
