"""Each Python dialect equals the REAL library on generated streams.

Streams (``streams.make_stream``) mix LF/CRLF/CR, BOMs, blank-line runs, ids (with NUL), invalid
UTF-8, unterminated tails, ``event:`` without data, ``retry`` variants and JSON/non-JSON payloads,
cut into random chunks (also right after a CR and inside UTF-8 sequences).
A library that is not installed skips its test with the reason.
"""

from __future__ import annotations

import importlib.util
import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sse_lint.interop import DIALECTS
from sse_lint.interop.aiohttp_sse_client import AiohttpSseClient
from sse_lint.interop.anthropic_sdk import AnthropicSdk
from sse_lint.interop.httpx_sse import HttpxSse
from sse_lint.interop.openai_sdk import OpenaiSdk
from sse_lint.interop.sseclient_py import SseclientPy

from . import real_clients
from .streams import make_stream

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CHARSETS = ("", "; charset=utf-8", "; charset=iso-8859-1", "; charset=ascii", "; charset=bogus", "; charset=cp1252")


def need(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed (pip install it to check this dialect against the real library)")


@given(st.randoms(use_true_random=False), st.sampled_from(CHARSETS))
@FAST
def test_httpx_sse_matches_library(rng: random.Random, charset: str) -> None:
    need("httpx_sse")
    chunks = make_stream(rng)
    content_type = "text/event-stream" + charset
    real, failure = real_clients.httpx_sse_events(chunks, content_type)
    model = HttpxSse().run(chunks, content_type=content_type)
    assert [(*e, r) for e, r in zip(model.events, model.retries, strict=True)] == real
    assert model.failure == failure


def test_httpx_sse_content_type_check() -> None:
    need("httpx_sse")
    chunks = [b"data: a\n\n"]
    real, failure = real_clients.httpx_sse_events(chunks, "application/json")
    model = HttpxSse().run(chunks, content_type="application/json")
    assert real == [] and model.events == []
    assert model.failure == failure and failure is not None and failure.startswith("SSEError")


@given(st.randoms(use_true_random=False))
@FAST
def test_sseclient_py_matches_library(rng: random.Random) -> None:
    need("sseclient")
    chunks = make_stream(rng)
    real, failure = real_clients.sseclient_events(chunks)
    model = SseclientPy().run(chunks)
    assert [(*e, r) for e, r in zip(model.events, model.retries, strict=True)] == real
    assert model.failure == failure
    if failure is not None:
        assert model.failed_at == len(real)


def _sdk_items(model_events: list[tuple], dialect: str) -> list[object]:
    """What the SDK hands the user for the model's events (the parsed JSON; [DONE] ends without an item)."""
    items: list[object] = []
    for etype, data, _ in model_events:
        if dialect == "openai" and data.startswith("[DONE]"):
            break
        value = json.loads(data)
        if dialect == "openai" and etype.startswith("thread."):
            value = {"data": value, "event": etype}
        items.append(value)
    return items


@given(st.randoms(use_true_random=False))
@FAST
def test_openai_sdk_matches_library(rng: random.Random) -> None:
    need("openai")
    chunks = make_stream(rng, json_data=True)
    real, failure = real_clients.openai_items(chunks)
    model = OpenaiSdk().run(chunks)
    assert _sdk_items(model.events, "openai") == real
    assert model.failure == failure


@given(st.randoms(use_true_random=False))
@FAST
def test_anthropic_sdk_matches_library(rng: random.Random) -> None:
    need("anthropic")
    chunks = make_stream(rng, json_data=True)
    real, failure = real_clients.anthropic_items(chunks)
    model = AnthropicSdk().run(chunks)
    assert _sdk_items(model.events, "anthropic") == real
    assert model.failure == failure


@given(st.randoms(use_true_random=False))
@SLOW
def test_aiohttp_sse_client_matches_library(rng: random.Random) -> None:
    need("aiohttp_sse_client")
    chunks = make_stream(rng)
    real, failure = real_clients.aiohttp_sse_client_events(chunks)
    model = AiohttpSseClient().run(chunks)
    assert model.events == real
    assert model.failure == failure


def test_aiohttp_sse_client_long_line_and_content_type() -> None:
    need("aiohttp_sse_client")
    for size in (524287, 524288):
        chunks = [b"data: a\n\ndata: " + b"x" * (size - 6) + b"\n\n"]
        real, failure = real_clients.aiohttp_sse_client_events(chunks)
        model = AiohttpSseClient().run(chunks)
        assert model.events == real
        assert (model.failure is None) == (failure is None), (model.failure, failure)
        if failure:
            assert failure.startswith("LineTooLong") and model.failure and model.failure.startswith("LineTooLong")
    real, failure = real_clients.aiohttp_sse_client_events([b"data: a\n\n"], "application/json")
    model = AiohttpSseClient().run([b"data: a\n\n"], content_type="application/json")
    assert real == model.events == [] and failure is not None and model.failure is not None


def test_every_dialect_is_incremental() -> None:
    """Any chunking gives the same result, for the dialects whose library is chunking-invariant."""
    invariant = [n for n in DIALECTS if n != "sseclient-py"]  # sseclient-py cuts blocks where chunks end
    rng = random.Random(7)
    for _ in range(300):
        chunks = make_stream(rng, json_data=rng.random() < 0.5)
        body = b"".join(chunks)
        for name in invariant:
            whole = DIALECTS[name]().run([body])
            bytewise = DIALECTS[name]().run([body[i:i + 1] for i in range(len(body))])
            assert bytewise == whole, (name, body)
