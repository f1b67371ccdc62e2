"""Helpers for testing streaming endpoints and clients with sse-lint.

- ``assert_clean(source, profile=..., select=..., ignore=...)`` and ``assert_finding(source, code)``;
  sources: bytes, SSE text, a transcript path, an ``httpx.Response`` (also starlette/FastAPI ``TestClient``
  responses), a sync or async iterable of chunks. A failure shows the text report.
- ``replay_server(transcript, faults=[...])``: serve a transcript on 127.0.0.1 to test clients.
- ``strategies``: public Hypothesis strategies for AG-UI streams.
- The pytest plugin (auto-registered) provides the ``sse_lint`` fixture with the same methods.
"""

from __future__ import annotations

from typing import Any

from .asserts import StreamAssertionError, assert_clean, assert_finding, lint_source

__all__ = ["StreamAssertionError", "assert_clean", "assert_finding", "lint_source", "replay_server"]


def replay_server(transcript: Any, faults: Any = None, **kwargs: Any) -> Any:
    """Context manager serving ``transcript`` on loopback; faults as ``"drop-after:3"`` strings or Fault objects."""
    from ..faults import parse_fault
    from ..replay import replay_server as _serve

    parsed = [parse_fault(f) if isinstance(f, str) else f for f in faults or []]
    return _serve(transcript, parsed, **kwargs)
