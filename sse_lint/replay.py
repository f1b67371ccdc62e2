"""``sse-lint replay``: serve a recorded transcript over HTTP on loopback, with faults injected."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from .errors import InputError
from .faults import Fault, apply
from .serve import Script, serve
from .sources import open_path

# hop-by-hop and framing headers the replay server sets itself
_DROP = frozenset({"transfer-encoding", "content-length", "connection", "keep-alive", "date", "server"})


def load_script(path: str | Path, speed: float = 1.0) -> Script:
    """The first stream in a transcript as a script: recorded status and headers (or a correct SSE head for a
    raw body), then the chunks with the recorded gaps divided by ``speed`` (0 = as fast as possible)."""
    for transcript in open_path(str(path)):
        resp = transcript.response
        last = resp.t if resp is not None else None  # the first gap is measured from the head
        pieces: list[tuple[float, bytes]] = []
        for t, data in transcript.chunks:
            gap = 0.0
            if t is not None:
                gap = 0.0 if last is None else max(0.0, t - last)
                last = t
            pieces.append((gap / speed if speed > 0 else 0.0, data))
        script = Script(pieces=pieces)
        if resp is not None:
            script.status = resp.status
            script.headers = [(k, v) for k, v in resp.headers if k.lower() not in _DROP]
        return script
    raise InputError(str(path), "no stream in the transcript")


@contextmanager
def replay_server(transcript: str | Path | Script, faults: list[Fault] | None = None, *, speed: float = 0.0,
                  host: str = "127.0.0.1", port: int = 0, loop: bool = True,
                  done: threading.Event | None = None) -> Iterator[str]:
    """Serve a transcript (any input format) on ``host:port``; yields the URL. Every path and method gets the
    same stream; nothing from the request reaches the file system."""
    script = transcript if isinstance(transcript, Script) else load_script(transcript, speed)
    script = apply(script, faults or [])
    if done is not None:
        script = replace(script, on_done=done.set)
    served = [0]

    def route(method: str, path: str, body: bytes) -> Script | None:
        if not loop and served[0] >= 1:
            return None
        served[0] += 1
        return script

    with serve(route, host, port) as base:
        yield base + "/"
