"""sse-lint: a linter for Server-Sent Events streams.

Public API: :func:`lint_bytes`, :func:`lint_file`, :func:`check_url`, :class:`Report`, :class:`Finding`,
:class:`Severity`, :class:`Location`, :class:`Options`; ``sse_lint.testing`` for tests and Hypothesis.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .engine import Options
from .findings import Finding, Location, Report, Severity

try:
    __version__ = version("sse-lint")
except PackageNotFoundError:  # running from a source tree
    __version__ = "0.0.0+dev"

__all__ = ["Finding", "Location", "Options", "Report", "Severity", "__version__", "check_url", "lint_bytes",
           "lint_file"]


def lint_bytes(data: bytes, *, source: str = "<bytes>", options: Options | None = None,
               chunk_size: int = 1 << 16) -> Report:
    """Lint a raw SSE body held in memory."""
    from .engine import Linter

    linter = Linter(source, options)
    for i in range(0, len(data), chunk_size):
        linter.feed(data[i:i + chunk_size])
    return linter.close()


def lint_file(path: str, *, options: Options | None = None) -> list[Report]:
    """Lint every stream in a transcript file (raw SSE, curl dump, JSONL, HAR)."""
    from .engine import lint_transcript
    from .sources import open_path

    return [lint_transcript(t, options) for t in open_path(path)]


def check_url(url: str, *, method: str = "GET", headers: list[tuple[str, str]] | None = None,
              body: bytes | None = None, options: Options | None = None, record: str | None = None,
              max_time: float = 300.0, idle_timeout: float = 30.0) -> Report:
    """Request ``url`` and lint the stream live (one pass); with ``record``, write the JSONL transcript.

    Raises ``sse_lint.errors.ConnectError`` when the endpoint cannot be reached.
    """
    from pathlib import Path

    from .client import RequestSpec
    from .live import check_once

    hdrs = list(headers or [])
    if not any(k.lower() == "accept" for k, _ in hdrs):
        hdrs.append(("Accept", "text/event-stream"))
    spec = RequestSpec(url=url, method=method, headers=hdrs, body=body, max_time=max_time, idle_timeout=idle_timeout)
    return check_once(spec, options or Options(), Path(record) if record else None).report
