"""Assertion helpers: lint a stream from any source and fail with the text report, not object dumps."""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import AsyncIterable, Iterable
from pathlib import Path
from typing import Any

from rich.console import Console

from ..engine import Linter, Options, lint_transcript
from ..findings import Report
from ..report import text as text_report
from ..sources import open_path
from ..sources.model import End, Response

Source = Any  # bytes | str | os.PathLike | httpx.Response | Iterable[bytes] | AsyncIterable[bytes]


class StreamAssertionError(AssertionError):
    """A stream did not meet an sse-lint expectation; the message is the text report."""


def _from_httpx(resp: Any) -> tuple[Response, list[bytes]]:
    head = Response(resp.status_code, resp.reason_phrase, resp.http_version,
                    [(k.decode("latin-1"), v.decode("latin-1")) for k, v in resp.headers.raw])
    if getattr(resp, "is_stream_consumed", False) or getattr(resp, "is_closed", False):
        return head, [resp.content]
    return head, list(resp.iter_bytes())


def lint_source(source: Source, options: Options | None = None, name: str | None = None) -> Report:
    """Lint bytes, SSE text, a transcript path, an ``httpx.Response`` (also a starlette ``TestClient``
    response) or a sync/async iterable of byte chunks."""
    options = options or Options()
    if isinstance(source, (os.PathLike, Path)) or (isinstance(source, str) and "\n" not in source
                                                   and Path(source).is_file()):
        reports = [lint_transcript(t, options) for t in open_path(str(source))]
        return reports[0]
    head: Response | None = None
    if isinstance(source, str):
        chunks: Iterable[bytes] = [source.encode()]
    elif isinstance(source, (bytes, bytearray, memoryview)):
        chunks = [bytes(source)]
    elif hasattr(source, "status_code") and hasattr(source, "headers"):
        head, chunks = _from_httpx(source)
    elif isinstance(source, AsyncIterable):
        async def collect() -> list[bytes]:
            return [c async for c in source]
        chunks = asyncio.run(collect())
    elif isinstance(source, Iterable):
        chunks = source
    else:
        raise TypeError(f"cannot lint a {type(source).__name__}")
    linter = Linter(name or "<stream>", options, response=head)
    for chunk in chunks:
        linter.feed(chunk if isinstance(chunk, bytes) else str(chunk).encode())
    return linter.close(End("eof"))


def render(report: Report) -> str:
    out = io.StringIO()
    text_report.write([report], Console(file=out, width=200, no_color=True, highlight=False), verbose=True)
    return out.getvalue()


def _options(profile: str = "auto", select: Iterable[str] | None = None,
             ignore: Iterable[str] | None = None) -> Options:
    return Options(profile=profile, select=tuple(select or ()), ignore=tuple(ignore or ()))


def assert_clean(source: Source, *, profile: str = "auto", select: Iterable[str] | None = None,
                 ignore: Iterable[str] | None = None, fail_on: str = "info") -> Report:
    """Fail unless the stream has no finding at or above ``fail_on`` (default: none at all)."""
    __tracebackhide__ = True
    from ..findings import Severity

    report = lint_source(source, _options(profile, select, ignore))
    if report.fails(Severity(fail_on)):
        raise StreamAssertionError("the stream is not clean:\n" + render(report))
    return report


def assert_finding(source: Source, code: str, *, profile: str = "auto") -> Report:
    """Fail unless the stream triggers ``code``."""
    __tracebackhide__ = True
    report = lint_source(source, _options(profile))
    if code not in report.codes():
        raise StreamAssertionError(f"expected {code}, got {report.codes() or 'no findings'}:\n" + render(report))
    return report
