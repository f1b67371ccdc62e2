"""``sse-lint replay``: serve a transcript on loopback, optionally with faults."""

from __future__ import annotations

import sys
import threading
from typing import Annotated

import typer

from ..errors import UsageError
from ..faults import FAULTS, parse_fault
from ..replay import replay_server
from .options import cli_errors

FAULT_HELP = "KIND[:ARG], repeatable: " + "; ".join(
    f"{k}{':' + a if a else ''} ({d})" for k, (a, d) in FAULTS.items())


@cli_errors
def replay(
    path: Annotated[str, typer.Argument(help="A transcript (any input format).", show_default=False)],
    host: Annotated[str, typer.Option("--host", help="Address to bind; anything but loopback must be explicit.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port (0 = a free one).")] = 0,
    speed: Annotated[float, typer.Option("--speed", min=0.0, help="Replay speed: 1 = as recorded, 0 = at once.")]
    = 1.0,
    once: Annotated[bool, typer.Option("--once", help="Serve one request, then exit.")] = False,
    fault: Annotated[list[str] | None, typer.Option("--fault", help=FAULT_HELP)] = None,
) -> None:
    """Serve a recorded stream over HTTP so real clients can be tested against it."""
    faults = [parse_fault(f) for f in fault or []]
    if not 0 <= port < 65536:
        raise UsageError("--port must be 0..65535")
    done = threading.Event()
    with replay_server(path, faults, speed=speed, host=host, port=port, loop=not once,
                       done=done if once else None) as url:
        sys.stdout.write(f"{url}\n")
        sys.stdout.flush()
        sys.stderr.write("sse-lint: replaying " + path + (f" with {', '.join(map(str, faults))}" if faults else "")
                         + "; Ctrl-C to stop\n")
        try:
            while not done.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
