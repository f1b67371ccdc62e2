"""Network faults are findings or one-line errors: DNS, TLS, resets, HTTP/1.0 bodies, broken chunking."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from sse_lint import Options
from sse_lint.client import RequestSpec
from sse_lint.errors import ConnectError
from sse_lint.live import check_once

AGUI = (b'data: {"type":"RUN_STARTED","threadId":"t","runId":"r"}\n\n'
        b'data: {"type":"RUN_FINISHED","threadId":"t","runId":"r"}\n\n')


@contextmanager
def raw_server(handler: Callable[[socket.socket], None], wrap: ssl.SSLContext | None = None) -> Iterator[int]:
    """A one-connection-at-a-time TCP server on 127.0.0.1 that runs ``handler`` per connection."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen()
    srv.settimeout(0.2)
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except (TimeoutError, OSError):
                continue
            try:
                if wrap is not None:
                    conn = wrap.wrap_socket(conn, server_side=True)
                conn.recv(65536)
                handler(conn)
            except (OSError, ssl.SSLError):
                pass
            finally:
                try:
                    conn.close()
                except OSError:
                    pass

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield srv.getsockname()[1]
    finally:
        stop.set()
        srv.close()
        thread.join(2)


HEAD = b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\n"


def check(url: str, **kw: object) -> object:
    return check_once(RequestSpec(url, max_time=5, connect_timeout=3, **kw), Options(profile="agui"))  # type: ignore[arg-type]


def test_dns_failure_is_a_connect_error() -> None:
    with pytest.raises(ConnectError, match="cannot connect"):
        check("http://no-such-host.invalid/stream")


def test_headers_then_close() -> None:
    with raw_server(lambda c: c.sendall(HEAD + b"transfer-encoding: chunked\r\n\r\n")) as port:
        result = check(f"http://127.0.0.1:{port}/")
    report = result.report  # type: ignore[attr-defined]
    assert report.end.startswith("reset") and report.events == 0 and "L101" in report.codes()


def test_reset_mid_event() -> None:
    def handler(c: socket.socket) -> None:
        c.sendall(HEAD + b"transfer-encoding: chunked\r\n\r\n")
        part = AGUI[:70]
        c.sendall(b"%x\r\n%s\r\n" % (len(part), part))
        time.sleep(0.1)
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        c.close()

    with raw_server(handler) as port:
        report = check(f"http://127.0.0.1:{port}/").report  # type: ignore[attr-defined]
    assert report.end.startswith("reset")
    assert {"S103", "L101"} <= set(report.codes())


def test_http10_close_delimited_body_is_read_to_the_end() -> None:
    def handler(c: socket.socket) -> None:
        c.sendall(b"HTTP/1.0 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\n\r\n" + AGUI)

    with raw_server(handler) as port:
        report = check(f"http://127.0.0.1:{port}/").report  # type: ignore[attr-defined]
    assert report.end == "eof" and report.events == 2 and report.codes() == ["L105"]  # an empty run


def test_broken_chunked_encoding_is_a_reset_not_a_crash() -> None:
    def handler(c: socket.socket) -> None:
        c.sendall(HEAD + b"transfer-encoding: chunked\r\n\r\n" + b"%x\r\n%s\r\n" % (len(AGUI[:60]), AGUI[:60])
                  + b"zz-not-hex\r\n")

    with raw_server(handler) as port:
        report = check(f"http://127.0.0.1:{port}/").report  # type: ignore[attr-defined]
    assert report.end.startswith("reset") and "L101" in report.codes()


def test_slowloris_is_read_byte_by_byte_and_cut_by_max_time() -> None:
    def handler(c: socket.socket) -> None:
        c.sendall(b"HTTP/1.0 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\n\r\n")
        for b in AGUI:
            c.sendall(bytes([b]))
            time.sleep(0.02)

    with raw_server(handler) as port:
        result = check_once(RequestSpec(f"http://127.0.0.1:{port}/", max_time=1.0), Options(profile="agui"))
    assert result.report.end.startswith("timeout") and "L101" in result.report.codes()


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a certificate")
def test_tls_self_signed_needs_insecure(tmp_path: Path) -> None:
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=127.0.0.1"], check=True, capture_output=True, timeout=60)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    with raw_server(lambda c: c.sendall(b"HTTP/1.0 200 OK\r\ncontent-type: text/event-stream\r\n"
                                         b"cache-control: no-cache\r\n\r\n" + AGUI), wrap=ctx) as port:
        proc = subprocess.run([sys.executable, "-m", "sse_lint", "check", f"https://127.0.0.1:{port}/"],
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2 and "--insecure" in proc.stderr and "Traceback" not in proc.stderr
        assert proc.stderr.count("\n") == 1
        report = check(f"https://127.0.0.1:{port}/", insecure=True).report  # type: ignore[attr-defined]
    assert report.events == 2 and report.codes() == ["L105"]  # an empty run, nothing about TLS
