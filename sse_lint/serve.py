"""A small threaded HTTP server on loopback that plays scripted responses (demo, replay, tests).

Standard library only, so ``sse-lint check --demo`` and ``sse-lint replay`` need nothing beyond
the runtime dependencies.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Script:
    """One response: status, headers, then body pieces each after a delay; optionally hang at the end."""

    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=lambda: [
        ("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache")])
    pieces: list[tuple[float, bytes]] = field(default_factory=list)
    hang: float = 0.0  # keep the connection open this long after the last piece
    reset: bool = False  # end by resetting the connection instead of a clean close
    head_delay: float = 0.0  # wait this long before sending the status line and headers
    on_done: Callable[[], None] | None = field(default=None, compare=False)  # called when the response ends


Route = Callable[[str, str, bytes], Script | None]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    route: Route
    stopping: threading.Event


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet by default
        return

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        script = self.server.route(self.command, self.path, body)
        if script is None:
            self.send_error(404, "no such stream")
            return
        if script.head_delay and self.server.stopping.wait(script.head_delay):
            return
        self.send_response_only(script.status)
        chunked = not any(k.lower() == "content-length" for k, _ in script.headers)
        for k, v in script.headers:
            self.send_header(k, v)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.flush()
        try:
            self._body(script, chunked)
        finally:
            if script.on_done is not None:
                script.on_done()

    def _body(self, script: Script, chunked: bool) -> None:
        try:
            for delay, data in script.pieces:
                if delay > 0 and self.server.stopping.wait(delay):
                    return
                if not data:
                    continue
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
                self.wfile.flush()
            if script.hang and self.server.stopping.wait(script.hang):
                return
            if script.reset:
                import socket
                import struct

                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                return
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the client went away mid-stream: fine
        self.close_connection = True

    do_GET = _serve  # noqa: N815
    do_POST = _serve  # noqa: N815


@contextmanager
def serve(route: Route, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve ``route`` on ``host:port`` (0 = a free port) in a thread; yields the base URL."""
    server = _Server((host, port), _Handler)
    server.route = route
    server.stopping = threading.Event()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        time.sleep(0)
