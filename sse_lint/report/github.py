"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per finding.

``::error file=<path>,line=<l>,col=<c>,title=<CODE> <name>::<message>``. ``line``/``col`` are given only
when the finding's line is a line of the file (raw SSE, ``curl -i`` dumps; see ``sarif.file_lines``); for
JSONL and HAR files the stream position is appended to the message instead. URLs, ``<stdin>`` and
``<bytes>`` have no file: the annotation attaches to the run and the source goes in the title.

Escaping follows actions/toolkit ``command.ts``: in the message (data) ``%``, ``\\r``, ``\\n`` become
``%25``, ``%0D``, ``%0A``; in property values ``:`` and ``,`` also become ``%3A`` and ``%2C``.

Why that is enough against workflow-command injection from stream text (an excerpt or message carrying
``::add-mask::``, ``::stop-commands::``, ``::set-output``...): the runner recognises a command only at the
start of a line, and every line this module writes starts with our own ``::error``/``::warning``/``::notice``.
Stream text can start a line only through a line break, so every character a reader may treat as one is
made harmless: ``\\r`` and ``\\n`` by the documented escapes, and the other C0/C1 controls, NEL, LINE and
PARAGRAPH SEPARATOR (``\\v``, ``\\f``, ``\\x1c``-``\\x1e``, ``\\x85``, ``\\u2028``, ``\\u2029``) and terminal escapes
(``\\x1b``) by a visible ``\\xNN``/``\\uNNNN`` spelling. A ``::`` inside the data is then inert (the runner splits
properties from data at the first ``::`` after the command name, which is ours). In property values ``:``
is percent-encoded, so no ``::`` can end the properties early. ``:`` is *not* escaped in the data:
the runner does not decode ``%3A`` there, so it would show up literally in the annotation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..findings import Finding, Report, Severity
from ..rules import Rule
from .sarif import file_lines, source_kind, split_source

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}

# controls other than tab, \r and \n (escaped the documented way below), DEL and C1 (NEL among them),
# line/paragraph separators and the BOM / zero-width / bidi controls that can disguise text
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(m: re.Match[str]) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def escape_data(text: str) -> str:
    """A message: the toolkit's data escapes, after other line breaks and controls are made visible."""
    text = _UNSAFE.sub(_visible, text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (file, title): the data escapes plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(report: Report, f: Finding) -> str:
    """The workflow command line (without the trailing newline) for one finding."""
    loc = f.location
    props: list[tuple[str, str]] = []
    title = f"{f.code} {f.name}"
    message = f.message
    if source_kind(report.source) == "file":
        path, part = split_source(report.source)
        props.append(("file", path))
        if loc.line is not None and loc.line >= 1 and file_lines(report.source):
            props.append(("line", str(loc.line)))
            if loc.column is not None:
                props.append(("col", str(max(1, loc.column))))
        elif loc.line is not None:
            message += f" (stream line {loc.line}" + (f", column {loc.column})" if loc.column is not None else ")")
        if part is not None:
            title += f" ({part})"
    else:
        title += f" ({report.source})"
    props.append(("title", title))
    head = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{COMMAND[f.severity]} {head}::{escape_data(message)}"


def render(reports: Sequence[Report], *, fail_on: Severity | None, rules: Sequence[type[Rule]]) -> str:
    """One line per finding, in report order. ``fail_on`` and ``rules`` do not change the output."""
    lines = [annotation(r, f) for r in reports for f in r.findings]
    return "".join(line + "\n" for line in lines)
