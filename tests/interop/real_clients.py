"""Run the REAL Python client libraries on chunks; each returns (events, failure) in the dialects' terms.

``events`` is a list of (type, data, id, retry) for the wire clients, or the user-visible items
for the SDKs; ``failure`` is "ExceptionType: message" or None. Every import happens inside the
function, so a missing library only skips the tests that need it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any


def _exc(e: BaseException) -> str:
    return f"{type(e).__name__}: {e}"


def httpx_sse_events(chunks: list[bytes], content_type: str) -> tuple[list[tuple], str | None]:
    import httpx
    import httpx_sse

    class Body(httpx.SyncByteStream):
        def __iter__(self) -> Iterator[bytes]:
            yield from chunks

    resp = httpx.Response(200, headers={"content-type": content_type}, stream=Body())
    out: list[tuple] = []
    try:
        for sse in httpx_sse.EventSource(resp).iter_sse():
            out.append((sse.event, sse.data, sse.id, sse.retry))
    except httpx_sse.SSEError as e:
        return out, _exc(e)
    return out, None


def sseclient_events(chunks: list[bytes]) -> tuple[list[tuple], str | None]:
    import sseclient

    out: list[tuple] = []
    try:
        for ev in sseclient.SSEClient(iter(chunks)).events():
            out.append((ev.event, ev.data, ev.id or "", ev.retry))
    except UnicodeDecodeError as e:
        return out, _exc(e)
    return out, None


def _httpx2_response(chunks: list[bytes], url: str) -> Any:
    import httpx2

    class Body(httpx2.SyncByteStream):
        def __iter__(self) -> Iterator[bytes]:
            yield from chunks

    request = httpx2.Request("POST", url)
    return httpx2.Response(200, headers={"content-type": "text/event-stream"}, stream=Body(), request=request)


def openai_items(chunks: list[bytes]) -> tuple[list[Any], str | None]:
    import openai
    from openai._streaming import Stream

    client = openai.OpenAI(api_key="test", base_url="http://127.0.0.1:9/v1")
    stream = Stream(cast_to=object, response=_httpx2_response(chunks, "http://127.0.0.1:9/v1/chat/completions"),
                    client=client)
    out: list[Any] = []
    try:
        for item in stream:
            out.append(item)
    except Exception as e:  # what the SDK raises is what we compare
        return out, _exc(e)
    return out, None


def anthropic_items(chunks: list[bytes]) -> tuple[list[Any], str | None]:
    import anthropic
    from anthropic._streaming import Stream

    client = anthropic.Anthropic(api_key="test", base_url="http://127.0.0.1:9")
    stream = Stream(cast_to=object, response=_httpx2_response(chunks, "http://127.0.0.1:9/v1/messages"),
                    client=client)
    out: list[Any] = []
    try:
        for item in stream:
            out.append(item)
    except Exception as e:
        return out, _exc(e)
    return out, None


class _EndOfBody(Exception):
    pass


async def _aiohttp_events(chunks: list[bytes], content_type: str) -> tuple[list[tuple], str | None]:
    import aiohttp
    from aiohttp import web
    from aiohttp_sse_client import client as sse_client

    async def handler(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": content_type})
        await resp.prepare(request)
        for c in chunks:
            await resp.write(c)
        await resp.write_eof()
        return resp

    app = web.Application()
    app.router.add_get("/", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    out: list[tuple] = []
    failure: str | None = None
    opened = False

    def on_open() -> None:
        nonlocal opened
        opened = True

    def on_error() -> None:
        # called at the end of the body, before the library sleeps and reconnects: stop there
        raise _EndOfBody

    session = aiohttp.ClientSession()
    try:
        es = sse_client.EventSource(f"http://127.0.0.1:{port}/", session=session, on_open=on_open,
                                    on_error=on_error)
        try:
            await es.connect()
        except _EndOfBody:
            failure = "connection refused by the client"
        if failure is None:
            try:
                async for ev in es:
                    out.append((ev.type or "message", ev.data, ev.last_event_id))
            except _EndOfBody:
                pass
            except Exception as e:
                failure = _exc(e)
        await es.close()
    finally:
        await session.close()
        await runner.cleanup()
    return out, failure


def aiohttp_sse_client_events(chunks: list[bytes], content_type: str = "text/event-stream",
                              ) -> tuple[list[tuple], str | None]:
    return asyncio.run(_aiohttp_events(chunks, content_type))
