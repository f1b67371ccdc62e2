"""The pytest plugin and assertion helpers, as users call them."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.responses import StreamingResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from sse_lint.testing import StreamAssertionError, assert_clean, assert_finding

from .conftest import FIXTURES

pytest_plugins = ["pytester"]

GOOD = (FIXTURES / "good" / "agui" / "weather-two-runs.http").read_bytes().split(b"\r\n\r\n", 1)[1]


def _app(body: bytes) -> Starlette:
    async def agent(request):  # type: ignore[no-untyped-def]
        async def gen():  # type: ignore[no-untyped-def]
            for part in body.split(b"\n\n"):
                if part:
                    yield part + b"\n\n"
        return StreamingResponse(gen(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
    return Starlette(routes=[Route("/agent", agent, methods=["POST"])])


def test_readme_example_with_a_test_client(sse_lint) -> None:  # type: ignore[no-untyped-def]
    with TestClient(_app(GOOD)) as client, client.stream("POST", "/agent", json={}) as response:
        sse_lint.assert_clean(response, profile="agui")


def test_failure_shows_the_text_report() -> None:
    dup = (FIXTURES / "seeds" / "agui-duplicate-run-error.http")
    with pytest.raises(StreamAssertionError) as info:
        assert_clean(dup)
    text = str(info.value)
    assert "L102 [error] second error event" in text and "Finding(" not in text
    assert_finding(dup, "L102")


@pytest.mark.parametrize("source", [GOOD, GOOD.decode(), [GOOD[:100], GOOD[100:]], iter([GOOD])])
def test_sources(source: object) -> None:
    assert_clean(source, profile="agui")


def test_async_iterable_source() -> None:
    async def chunks():  # type: ignore[no-untyped-def]
        yield GOOD[:50]
        yield GOOD[50:]
    assert_clean(chunks(), profile="agui")


def test_plugin_is_registered_and_fails_with_report(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_stream='''
        BAD = b'data: {"type":"RUN_STARTED","threadId":"t","runId":"r"}\\n\\n'
        def test_it(sse_lint):
            sse_lint.assert_clean(BAD, profile="agui")
        def test_finding(sse_lint):
            sse_lint.assert_finding(BAD, "L101", profile="agui")
    ''')
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*L101 [[]error[]] run r opened at line 1*"])
