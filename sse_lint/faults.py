"""Named, validated faults for ``sse-lint replay``: each turns a clean script into a broken one.

A fault is ``KIND`` or ``KIND:ARG``; ``parse_fault`` validates it, ``apply`` transforms the script.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace

from .errors import UsageError
from .serve import Script
from .sse import Parser

# kind -> (argument name or None, what it does)
FAULTS: dict[str, tuple[str | None, str]] = {
    "drop-after": ("N", "reset the connection after N events"),
    "truncate": (None, "omit the final blank line (the last event is never dispatched)"),
    "duplicate": ("TYPE", "send the last event of that type (SSE event name or JSON \"type\") twice"),
    "json-prefix": (None, "write a JSON error body before the stream (seed 004)"),
    "error-status": ("CODE", "answer with this HTTP status"),
    "stall": ("SECONDS", "pause this long in the middle of the stream"),
    "delay-headers": ("SECONDS", "send the response head this late"),
    "line-endings": ("cr|crlf", "rewrite every line end"),
    "split": ("bytes", "one byte per write, splitting UTF-8 sequences"),
    "gzip": (None, "compress the body (Content-Encoding gzip), flushed per write"),
}


@dataclass(frozen=True)
class Fault:
    kind: str
    arg: str | None = None

    def __str__(self) -> str:
        return self.kind if self.arg is None else f"{self.kind}:{self.arg}"


def parse_fault(text: str) -> Fault:
    kind, _, arg = text.partition(":")
    if kind not in FAULTS:
        known = ", ".join(FAULTS)
        raise UsageError(f"--fault {text!r}: unknown fault (known: {known})")
    needs = FAULTS[kind][0]
    if needs and not arg:
        raise UsageError(f"--fault {kind} needs an argument: {kind}:{needs}")
    if kind in ("drop-after", "error-status") and not arg.isdigit():
        raise UsageError(f"--fault {text!r}: {needs} must be a whole number")
    if kind in ("stall", "delay-headers"):
        try:
            if float(arg) < 0:
                raise ValueError
        except ValueError:
            raise UsageError(f"--fault {text!r}: SECONDS must be a non-negative number") from None
    if kind == "line-endings" and arg not in ("cr", "crlf"):
        raise UsageError(f"--fault {text!r}: choose line-endings:cr or line-endings:crlf")
    if kind == "split" and arg not in ("bytes", ""):
        raise UsageError(f"--fault {text!r}: only split:bytes is supported")
    return Fault(kind, arg or None)


def _body(script: Script) -> bytes:
    return b"".join(data for _, data in script.pieces)


def _event_ends(body: bytes) -> list[tuple[int, bytes, str]]:
    """(end offset, raw bytes, type) of every event, in order (spec parser, so any framing works)."""
    parser = Parser()
    events = parser.feed(body) + parser.close()
    out = []
    for ev in events:
        kind = ev.type
        if ev.data.startswith("{"):
            try:
                payload = json.loads(ev.data)
                if isinstance(payload, dict) and isinstance(payload.get("type"), str):
                    kind = payload["type"]
            except ValueError:
                pass
        end = ev.end + (2 if body[ev.end:ev.end + 2] == b"\r\n" else 1)  # through the dispatching blank line
        out.append((end, body[ev.offset:end], kind))
    return out


def _cut(script: Script, at: int) -> list[tuple[float, bytes]]:
    """The pieces up to byte ``at``."""
    out, pos = [], 0
    for delay, data in script.pieces:
        if pos >= at:
            break
        out.append((delay, data[: at - pos]))
        pos += len(data)
    return out


def _drop_after(script: Script, arg: str) -> Script:
    ends = _event_ends(_body(script))
    n = int(arg)
    at = ends[n - 1][0] if 0 < n <= len(ends) else (0 if n == 0 else len(_body(script)))
    return replace(script, pieces=_cut(script, at), reset=True, hang=0.0)


def _truncate(script: Script, arg: str | None) -> Script:
    body = _body(script)
    kept = len(body.rstrip(b"\r\n")) + 1  # the last field line keeps its line end; the blank line goes
    return replace(script, pieces=_cut(script, kept))


def _duplicate(script: Script, arg: str) -> Script:
    body = _body(script)
    matches = [(end, raw) for end, raw, kind in _event_ends(body) if kind == arg]
    if not matches:
        raise UsageError(f"--fault duplicate:{arg}: the transcript has no event of type {arg!r}")
    end, raw = matches[-1]
    pieces = [*_cut(script, end), (0.0, raw), *[(d, x) for d, x in _rest(script, end)]]
    return replace(script, pieces=pieces)


def _rest(script: Script, at: int) -> list[tuple[float, bytes]]:
    out, pos = [], 0
    for delay, data in script.pieces:
        if pos + len(data) > at:
            out.append((delay if pos >= at else 0.0, data[max(0, at - pos):]))
        pos += len(data)
    return out


def _json_prefix(script: Script, arg: str | None) -> Script:
    prefix = b'{"error":{"message":"injected by sse-lint replay --fault json-prefix","type":"server_error"}}'
    return replace(script, pieces=[(0.0, prefix), *script.pieces])


def _error_status(script: Script, arg: str) -> Script:
    return replace(script, status=int(arg))


def _stall(script: Script, arg: str) -> Script:
    mid = len(script.pieces) // 2
    pieces = list(script.pieces)
    if not pieces:
        return replace(script, hang=float(arg))
    delay, data = pieces[mid]
    pieces[mid] = (delay + float(arg), data)
    return replace(script, pieces=pieces)


def _delay_headers(script: Script, arg: str) -> Script:
    return replace(script, head_delay=float(arg))


def _line_endings(script: Script, arg: str) -> Script:
    end = b"\r" if arg == "cr" else b"\r\n"
    body = _body(script).replace(b"\r\n", b"\n").replace(b"\r", b"\n").replace(b"\n", end)
    return replace(script, pieces=[(script.pieces[0][0] if script.pieces else 0.0, body)])


def _split(script: Script, arg: str | None) -> Script:
    pieces = []
    for delay, data in script.pieces:
        for i in range(len(data)):
            pieces.append((delay if i == 0 else 0.0, data[i:i + 1]))
    return replace(script, pieces=pieces)


def _gzip(script: Script, arg: str | None) -> Script:
    comp = zlib.compressobj(wbits=31)
    pieces = [(d, comp.compress(x) + comp.flush(zlib.Z_SYNC_FLUSH)) for d, x in script.pieces]
    pieces.append((0.0, comp.flush()))
    headers = [(k, v) for k, v in script.headers if k.lower() != "content-encoding"] + [("Content-Encoding", "gzip")]
    return replace(script, pieces=pieces, headers=headers)


_APPLY: dict[str, Callable[[Script, str], Script]] = {
    "drop-after": _drop_after, "truncate": _truncate, "duplicate": _duplicate, "json-prefix": _json_prefix,
    "error-status": _error_status, "stall": _stall, "delay-headers": _delay_headers, "line-endings": _line_endings,
    "split": _split, "gzip": _gzip,
}


def apply(script: Script, faults: list[Fault]) -> Script:
    for fault in faults:
        script = _APPLY[fault.kind](script, fault.arg)  # type: ignore[arg-type]
    return script
