"""Real HTTP servers on 127.0.0.1 for live tests: a starlette app under uvicorn, in a thread."""

from __future__ import annotations

import asyncio
import json
import random
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import uvicorn
from ag_ui.core import (
    RunErrorEvent,
    RunFinishedEvent,
    RunStartedEvent,
    TextMessageContentEvent,
    TextMessageEndEvent,
    TextMessageStartEvent,
)
from ag_ui.encoder import EventEncoder
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

ENC = EventEncoder()
SSE_HEADERS = {"Cache-Control": "no-cache"}


def _run(events: list) -> list[str]:
    return [ENC.encode(e) for e in events]


def _message() -> list:
    return [TextMessageStartEvent(message_id="m1", role="assistant"),
            TextMessageContentEvent(message_id="m1", delta="Hello"), TextMessageEndEvent(message_id="m1")]


async def _gen(parts: list[str], delay: float = 0.0) -> AsyncIterator[str]:
    for p in parts:
        if delay:
            await asyncio.sleep(delay)
        yield p


def stream(parts: list[str], delay: float = 0.0, **kw: object) -> StreamingResponse:
    return StreamingResponse(_gen(parts, delay), media_type="text/event-stream", headers=SSE_HEADERS, **kw)


async def agent(request: Request) -> Response:
    body = await request.json()
    events = [RunStartedEvent(thread_id=body["threadId"], run_id=body["runId"]), *_message(),
              RunFinishedEvent(thread_id=body["threadId"], run_id=body["runId"])]
    return stream(_run(events), delay=0.01)


async def duplicate_error(request: Request) -> Response:
    err = RunErrorEvent(message="An internal error occurred", code="INTERNAL_ERROR")
    return stream(_run([RunStartedEvent(thread_id="t", run_id="r"), *_message(), err, err]))


async def hang(request: Request) -> Response:
    async def gen() -> AsyncIterator[str]:
        yield ENC.encode(RunStartedEvent(thread_id="t", run_id="r"))
        await asyncio.sleep(30)
    return StreamingResponse(gen(), media_type="text/event-stream", headers=SSE_HEADERS)


async def stop_after_crash(request: Request) -> Response:
    def chunk(delta: dict, reason: str | None) -> str:
        return "data: " + json.dumps({"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m",
                                      "choices": [{"index": 0, "delta": delta, "finish_reason": reason}]}) + "\n\n"
    return stream([chunk({"role": "assistant", "content": ""}, None),
                   f"data: {json.dumps({'error': {'message': 'agent crashed', 'type': 'server_error'}})}\n\n",
                   chunk({}, "stop"), "data: [DONE]\n\n"])


async def racy(request: Request) -> Response:
    """Seed 004: one request in five writes a JSON error body and then the SSE stream on top."""
    events = "".join(_run([RunStartedEvent(thread_id="t", run_id="r"), *_message(),
                           RunFinishedEvent(thread_id="t", run_id="r")]))
    if random.random() < 0.2:
        return Response('{"error":{"message":"all configured keys are rate-limited"}}' + events,
                        media_type="application/json")
    return stream([events])


async def buffered(request: Request) -> Response:
    await asyncio.sleep(2.2)  # a proxy that holds the whole body, then sends it at once
    parts = "".join(_run([RunStartedEvent(thread_id="t", run_id="r"),
                          *[TextMessageContentEvent(message_id="m1", delta=f"t{i}") for i in range(0)],
                          *_message() * 1, RunFinishedEvent(thread_id="t", run_id="r")]))
    deltas = "".join(ENC.encode(TextMessageContentEvent(message_id="m1", delta=f"tok{i} ")) for i in range(20))
    parts = parts.replace(ENC.encode(TextMessageEndEvent(message_id="m1")),
                          deltas + ENC.encode(TextMessageEndEvent(message_id="m1")))
    return stream([parts])


async def not_found(request: Request) -> Response:
    return JSONResponse({"error": "no"}, status_code=404)


def app() -> Starlette:
    return Starlette(routes=[
        Route("/agent", agent, methods=["POST"]),
        Route("/duplicate-error", duplicate_error, methods=["GET", "POST"]),
        Route("/hang", hang, methods=["GET", "POST"]),
        Route("/stop-after-crash", stop_after_crash, methods=["GET", "POST"]),
        Route("/racy", racy, methods=["GET", "POST"]),
        Route("/buffered", buffered, methods=["GET", "POST"]),
        Route("/404", not_found),
    ])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(application: Starlette) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(application, host="127.0.0.1", port=port, log_level="error", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        server.force_exit = True
        thread.join(5)


async def slow(request: Request) -> Response:
    """An endless ticker: one event every 50 ms."""
    async def gen() -> AsyncIterator[str]:
        yield ENC.encode(RunStartedEvent(thread_id="t", run_id="r"))
        yield ENC.encode(TextMessageStartEvent(message_id="m1", role="assistant"))
        for i in range(10_000):
            await asyncio.sleep(0.05)
            yield ENC.encode(TextMessageContentEvent(message_id="m1", delta=f"tick {i} "))
    return StreamingResponse(gen(), media_type="text/event-stream",
                             headers={**SSE_HEADERS, "Set-Cookie": "session=s3cr3t-cookie-value",
                                      "X-Api-Key": "resp-x-api-key-secret"})


def slow_app() -> Starlette:
    return Starlette(routes=[Route("/slow", slow, methods=["GET", "POST"])])
