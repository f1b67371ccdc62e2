"""pytest plugin (entry point ``pytest11``): the ``sse_lint`` fixture. Inert until a test asks for it."""

from __future__ import annotations

from typing import Any

import pytest


class SseLintFixture:
    """``sse_lint.assert_clean(source, ...)``, ``sse_lint.assert_finding(source, code)``, ``sse_lint.lint(...)``."""

    def assert_clean(self, source: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True
        from .asserts import assert_clean

        return assert_clean(source, **kwargs)

    def assert_finding(self, source: Any, code: str, **kwargs: Any) -> Any:
        __tracebackhide__ = True
        from .asserts import assert_finding

        return assert_finding(source, code, **kwargs)

    def lint(self, source: Any, **kwargs: Any) -> Any:
        from .asserts import _options, lint_source

        return lint_source(source, _options(**kwargs))

    def replay_server(self, transcript: Any, faults: Any = None, **kwargs: Any) -> Any:
        from ..faults import parse_fault
        from ..replay import replay_server

        parsed = [parse_fault(f) if isinstance(f, str) else f for f in faults or []]
        return replay_server(transcript, parsed, **kwargs)


@pytest.fixture
def sse_lint() -> SseLintFixture:
    """Lint streams in tests: ``sse_lint.assert_clean(response)``, ``sse_lint.assert_finding(body, "L102")``."""
    return SseLintFixture()
