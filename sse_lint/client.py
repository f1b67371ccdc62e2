"""Live capture with httpx: every chunk timestamped as it arrives, the end of the stream classified.

The read loop runs in a worker thread and hands chunks over a queue, so the caller enforces the
first-byte, idle and total deadlines exactly (closing the response from outside) and can show a live
status line while it waits. Nothing received is lost: the caller records each chunk before asking
for the next.
"""

from __future__ import annotations

import os
import queue
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from . import redact
from .errors import ConnectError, UsageError
from .sources.model import End, Request, Response

_ENV = re.compile(r"\$(\w+)|\$\{(\w+)\}")


def expand_env(value: str) -> str:
    """``$NAME`` / ``${NAME}`` from the environment, so tokens stay out of shell history and CI logs."""
    def sub(m: re.Match[str]) -> str:
        name = m.group(1) or m.group(2)
        if name not in os.environ:
            raise UsageError(f"environment variable ${name} is not set (used in a header)")
        return os.environ[name]
    return _ENV.sub(sub, value)


def parse_header(text: str) -> tuple[str, str]:
    name, sep, value = text.partition(":")
    if not sep or not name.strip():
        raise UsageError(f"-H {text!r}: expected 'Name: value'")
    return name.strip(), expand_env(value.strip())


@dataclass
class RequestSpec:
    url: str
    method: str = "GET"
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes | None = None
    connect_timeout: float = 10.0
    first_byte_timeout: float = 30.0
    idle_timeout: float = 30.0
    max_time: float = 300.0
    insecure: bool = False
    http2: bool = False

    def request(self, redacted: bool = True) -> Request:
        headers = [(k, redact.MASK if redacted and k.lower() in redact.SENSITIVE_HEADERS else v)
                   for k, v in self.headers]
        body = self.body.decode("utf-8", "replace") if self.body is not None else None
        url = self.url
        if redacted:
            url = redact_url(url)
            body = redact.redact_text(body) if body else body
        return Request(self.method, url, headers, body)


def redact_url(url: str) -> str:
    parts = urlsplit(url)
    if not parts.query and "@" not in parts.netloc:
        return url
    query = urlencode([(k, redact.MASK if redact.SENSITIVE_PARAM.search(k) else v)
                       for k, v in parse_qsl(parts.query, keep_blank_values=True)])
    netloc = parts.netloc.rsplit("@", 1)[-1] if "@" in parts.netloc else parts.netloc
    if "@" in parts.netloc:
        netloc = f"{redact.MASK}@{netloc}"
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def redact_response(response: Response) -> Response:
    return Response(response.status, response.reason, response.http_version,
                    [(k, redact.MASK if k.lower() in redact.SENSITIVE_HEADERS else v) for k, v in response.headers],
                    response.t)


@dataclass
class Exchange:
    """What a capture produced: the head, and an iterator of timed chunks; ``end`` is set when it stops."""

    request: Request
    response: Response
    chunks: Iterator[tuple[float, bytes]]
    end: End | None = None


def _client(spec: RequestSpec) -> httpx.Client:
    # The reader enforces the real deadlines; httpx's read timeout is only a safety net for the worker.
    read = max(spec.first_byte_timeout, spec.idle_timeout) + 5.0
    timeout = httpx.Timeout(connect=spec.connect_timeout, read=read, write=spec.connect_timeout,
                            pool=spec.connect_timeout)
    try:
        return httpx.Client(timeout=timeout, verify=not spec.insecure, http2=spec.http2, follow_redirects=False)
    except ImportError as e:  # http2 needs the h2 package
        raise UsageError("--http2 needs the 'h2' package: pip install 'sse-lint[http2]'") from e


def _connect_error(spec: RequestSpec, e: Exception) -> ConnectError:
    text = str(e) or type(e).__name__
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate" in text.lower():
        text += " (use --insecure to accept a self-signed certificate)"
    return ConnectError(f"{redact_url(spec.url)}: cannot connect: {text}")


def capture(spec: RequestSpec, on_wait: Callable[[], None] | None = None) -> Exchange:
    """Send the request, wait for the head, return the exchange whose chunks arrive as they come.

    ``on_wait`` is called about five times a second while nothing arrives (for a live status line).

    Raises ConnectError when no response head arrives (refused, DNS, TLS, protocol error, timeout).
    """
    try:
        url = httpx.URL(spec.url)
    except Exception as e:  # noqa: BLE001 - httpx raises several kinds for bad URLs
        raise UsageError(f"invalid URL {spec.url!r}: {e}") from None
    if url.scheme not in ("http", "https"):
        raise UsageError(f"invalid URL {spec.url!r}: only http and https are supported")
    client = _client(spec)
    t0 = time.perf_counter()
    items: queue.Queue[tuple[str, object, float]] = queue.Queue()
    holder: dict[str, httpx.Response] = {}

    def worker() -> None:
        try:
            with client.stream(spec.method, url, headers=spec.headers, content=spec.body) as resp:
                holder["resp"] = resp
                items.put(("head", resp, time.perf_counter() - t0))
                for data in resp.iter_bytes():
                    if data:
                        items.put(("chunk", data, time.perf_counter() - t0))
            items.put(("eof", None, time.perf_counter() - t0))
        except Exception as e:  # noqa: BLE001 - classified by the reader
            items.put(("error", e, time.perf_counter() - t0))
        finally:
            client.close()

    thread = threading.Thread(target=worker, name="sse-lint-capture", daemon=True)
    thread.start()
    deadline = t0 + spec.max_time
    head_limit = min(deadline, t0 + spec.connect_timeout + spec.first_byte_timeout)

    def next_item(limit: float) -> tuple[str, object, float] | None:
        while True:
            now = time.perf_counter()
            if now >= limit:
                return None
            try:
                return items.get(timeout=min(0.2, limit - now))
            except queue.Empty:
                if on_wait is not None:
                    on_wait()

    first = next_item(head_limit)
    if first is None:
        _abort(holder, client)
        raise ConnectError(f"{redact_url(spec.url)}: no response head within "
                           f"{min(spec.max_time, spec.connect_timeout + spec.first_byte_timeout):.1f} s")
    kind, value, t = first
    if kind == "error":
        raise _connect_error(spec, value)  # type: ignore[arg-type]
    resp = value  # type: ignore[assignment]
    assert isinstance(resp, httpx.Response)
    response = Response(resp.status_code, resp.reason_phrase, resp.http_version,
                        [(k.decode("latin-1"), v.decode("latin-1")) for k, v in resp.headers.raw], round(t, 6))
    exchange = Exchange(spec.request(redacted=False), response, iter(()))

    def chunks() -> Iterator[tuple[float, bytes]]:
        last = time.perf_counter()
        got_byte = False
        try:
            while True:
                idle_limit = last + (spec.idle_timeout if got_byte else spec.first_byte_timeout)
                item = next_item(min(deadline, idle_limit))
                now = time.perf_counter()
                if item is None:
                    if now >= deadline:
                        exchange.end = End("timeout", f"--max-time {spec.max_time:g} s reached", now - t0)
                    else:
                        what = "--idle-timeout" if got_byte else "--first-byte-timeout"
                        limit = spec.idle_timeout if got_byte else spec.first_byte_timeout
                        exchange.end = End("idle-timeout", f"{what} {limit:g} s: no bytes for {now - last:.1f} s",
                                           now - t0)
                    _abort(holder, client)
                    return
                kind, value, t = item
                if kind == "chunk":
                    got_byte = True
                    last = now
                    yield t, value  # type: ignore[misc]
                elif kind == "eof":
                    exchange.end = End("eof", None, t)
                    return
                else:
                    exchange.end = _classify(value, t)  # type: ignore[arg-type]
                    return
        except GeneratorExit:
            _abort(holder, client)
            if exchange.end is None:
                exchange.end = End("aborted", "interrupted", time.perf_counter() - t0)
            raise

    exchange.chunks = chunks()
    return exchange


def _abort(holder: dict[str, httpx.Response], client: httpx.Client) -> None:
    """Stop the worker's blocked read: shut the socket down (close alone does not wake recv)."""
    resp = holder.get("resp")
    if resp is None:
        return
    try:
        stream = resp.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
    except Exception:  # noqa: BLE001, S110 - already closed
        pass


def _classify(e: Exception, t: float) -> End:
    text = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
    if isinstance(e, (httpx.RemoteProtocolError, httpx.ReadError)):
        return End("reset", text, t)
    if isinstance(e, httpx.TimeoutException):
        return End("timeout", text, t)
    return End("reset", text, t)
