"""Shrink a failing stream to the smallest one that still triggers a finding (delta debugging).

Units shrink from coarse to fine: whole events (with the lines between them), then lines within the
remaining events, then characters within long lines. Every candidate is checked by the same engine.
Timing rules keep their chunk boundaries and arrival times: for them, whole chunks are the units.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import redact
from .engine import Linter, Options
from .errors import UsageError
from .findings import Report
from .rules import BY_CODE
from .sources.model import End, Request, Response, Transcript

Chunks = list[tuple[float | None, bytes]]


@dataclass
class Case:
    """A stream to minimize: head, timed chunks, how it ended."""

    chunks: Chunks
    response: Response | None = None
    request: Request | None = None
    end: End = field(default_factory=lambda: End("eof"))
    timed: bool = False
    meta: dict[str, Any] = field(default_factory=dict)  # the transcript header's extra keys (e.g. "expect")

    @property
    def body(self) -> bytes:
        return b"".join(d for _, d in self.chunks)


def from_transcript(t: Transcript) -> Case:
    chunks = [(tt, d) for tt, d in t.chunks]
    return Case(chunks, t.response, t.request, t.end or End("eof"), t.timed, dict(t.meta))


def lint_case(case: Case, options: Options) -> Report:
    expect = case.meta.get("expect")
    if expect in ("success", "error") and "expect" not in options.settings:
        options = Options(options.profile, options.select, options.ignore, options.max_line_bytes, options.severity,
                          {**options.settings, "expect": expect})
    linter = Linter("candidate", options, request=case.request, response=case.response, timed=case.timed)
    for t, data in case.chunks:
        linter.feed(data, t)
    return linter.close(case.end)


def ddmin(units: Sequence[bytes], test: Callable[[list[bytes]], bool], deadline: float) -> list[bytes]:
    """Zeller's ddmin: a 1-minimal subsequence of ``units`` for which ``test`` holds (or the best by deadline)."""
    current = list(units)
    n = 2
    while len(current) >= 2 and time.monotonic() < deadline:
        size = max(1, len(current) // n)
        subsets = [current[i:i + size] for i in range(0, len(current), size)]
        reduced = False
        for i in range(len(subsets)):  # complements first: they remove the most
            complement = [u for j, s in enumerate(subsets) if j != i for u in s]
            if complement and test(complement):
                current = complement
                n = max(n - 1, 2)
                reduced = True
                break
        if not reduced:
            for s in subsets:
                if len(s) < len(current) and test(s):
                    current = s
                    n = 2
                    reduced = True
                    break
        if not reduced:
            if n >= len(current):
                break
            n = min(len(current), n * 2)
    return current


_UNIT = re.compile(rb".*?(?:\r\n\r\n|\n\n|\r\r|\r\n\r|\n\r\n|\Z)", re.S)


def event_units(body: bytes) -> list[bytes]:
    """The body cut after each blank line (any line ending): events with the lines before them."""
    return [m.group() for m in _UNIT.finditer(body) if m.group()]


def line_units(unit: bytes) -> list[bytes]:
    return re.findall(rb"[^\r\n]*(?:\r\n|\r|\n|$)", unit)[:-1] or [unit]


def _mask(secret: str) -> str:
    """Same shape, other characters: the first four stay, letters and digits become x/X/0 (``eyJ`` stays)."""
    out = []
    for i, c in enumerate(secret):
        if i < 4 or secret[max(0, i - 2):i + 1] in ("eyJ",) or secret[i:i + 3] == "eyJ" or not c.isalnum():
            out.append(c)
        else:
            out.append("X" if c.isupper() else "x" if c.isalpha() else "0")
    return "".join(out)


def redact_case(case: Case) -> Case:
    """Credentials out of the body (shape kept, so a leak rule still fires) and out of the head."""
    def text(data: bytes) -> bytes:
        s = data.decode("utf-8", "surrogateescape")
        spans = list(redact.find(s))
        for _, a, b in reversed(spans):
            s = s[:a] + _mask(s[a:b]) + s[b:]
        return s.encode("utf-8", "surrogateescape")

    response = case.response
    if response is not None:
        response = Response(response.status, response.reason, response.http_version,
                            [(k, redact.MASK if k.lower() in redact.SENSITIVE_HEADERS else v)
                             for k, v in response.headers], response.t)
    request = case.request
    if request is not None:
        from .client import redact_url

        headers = [(k, redact.MASK if k.lower() in redact.SENSITIVE_HEADERS else v) for k, v in request.headers]
        request = Request(request.method, redact_url(request.url), headers,
                          redact.redact_text(request.body) if request.body else request.body)
    return Case([(t, text(d)) for t, d in case.chunks], response, request, case.end, case.timed, case.meta)


@dataclass
class Result:
    case: Case
    report: Report
    tests: int
    seconds: float
    redacted: bool


def minimize(case: Case, code: str, *, keep_secrets: bool = False, budget: float = 60.0,
             options: Options | None = None) -> Result:
    """The smallest case that still triggers ``code`` (and, after redaction, still does)."""
    if code not in BY_CODE:
        raise UsageError(f"no rule {code!r}; `sse-lint rules` lists them")
    options = options or Options()
    start = time.monotonic()
    deadline = start + budget
    tests = [0]
    allowed = set(lint_case(case, options).codes())
    if code not in allowed:
        raise UsageError(f"the input does not trigger {code}")

    def fires(c: Case) -> bool:
        """The target finding stays, and nothing appears that the input did not have."""
        tests[0] += 1
        codes = set(lint_case(c, options).codes())
        return code in codes and codes <= allowed

    redacted = False
    if not keep_secrets:
        cleaned = redact_case(case)
        if fires(cleaned):
            case, redacted = cleaned, True
    timing = "timing" in BY_CODE[code].needs
    if timing:
        chunks = ddmin(list(range(len(case.chunks))), lambda idx: fires(_pick(case, idx)), deadline)  # type: ignore[arg-type]
        case = _pick(case, chunks)  # type: ignore[arg-type]
    else:
        body = case.body

        def with_body(units: list[bytes]) -> Case:
            return Case([(None, b"".join(units))], case.response, case.request, case.end, False, case.meta)

        units = ddmin(event_units(body), lambda u: fires(with_body(u)), deadline)
        lines = [ln for u in units for ln in line_units(u)]
        lines = ddmin(lines, lambda u: fires(with_body(u)), deadline)
        lines = _shrink_lines(lines, lambda u: fires(with_body(u)), deadline)
        case = with_body(lines)
    report = lint_case(case, options)
    return Result(case, report, tests[0], time.monotonic() - start, redacted)


def _pick(case: Case, idx: Sequence[int]) -> Case:
    return Case([case.chunks[i] for i in sorted(idx)], case.response, case.request, case.end, case.timed, case.meta)


def _shrink_lines(lines: list[bytes], test: Callable[[list[bytes]], bool], deadline: float) -> list[bytes]:
    """Within ``data:`` lines that hold a JSON object, drop members (and members of nested objects) while
    the finding stays; the JSON stays valid and readable, which a character-level pass would not keep."""
    out = list(lines)
    for i, line in enumerate(out):
        if time.monotonic() >= deadline or not line.startswith(b"data:"):
            continue
        stripped = line.rstrip(b"\r\n")
        ending = line[len(stripped):]
        try:
            doc = json.loads(stripped[5:])
        except ValueError:
            continue
        if not isinstance(doc, dict):
            continue

        def render(d: dict[str, Any], ending: bytes = ending) -> bytes:
            return b"data: " + json.dumps(d, separators=(",", ":"), ensure_ascii=False).encode() + ending

        def keeps(d: dict[str, Any], i: int = i) -> bool:
            return test([*out[:i], render(d), *out[i + 1:]])

        doc = _shrink_object(doc, keeps, deadline)
        out[i] = render(doc)
    return out


def _shrink_object(doc: dict[str, Any], keeps: Callable[[dict[str, Any]], bool], deadline: float) -> dict[str, Any]:
    keys = ddmin(list(doc), lambda ks: keeps({k: doc[k] for k in ks}), deadline) if len(doc) > 1 else list(doc)
    if len(keys) == 1 and not keeps({keys[0]: doc[keys[0]]}):
        keys = list(doc)
    small = {k: doc[k] for k in keys}
    for k, v in list(small.items()):
        if isinstance(v, dict) and len(v) > 1 and time.monotonic() < deadline:
            def inner(sub: dict[str, Any], k: str = k) -> bool:
                return keeps({**small, k: sub})
            small[k] = _shrink_object(v, inner, deadline)
    return small
