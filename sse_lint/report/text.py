"""The text report for people: compiler-style lines, an excerpt with a caret, a summary."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from ..findings import Finding, Report, Severity
from .escape import terminal

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _where(report: Report, f: Finding) -> str:
    loc = f.location
    parts = [report.source]
    if loc.line is not None:
        parts.append(str(loc.line))
        parts.append(str(loc.column or 1))
    return ":".join(parts)


def finding_text(report: Report, f: Finding, excerpt: bool = True) -> Text:
    text = Text()
    text.append(_where(report, f), style="bold")
    text.append(": ")
    text.append(f.code, style=STYLE[f.severity])
    text.append(f" [{f.severity.value}] ")
    text.append(terminal(f.message, 400))
    if f.location.event is not None and "event" not in f.message:
        text.append(f" (event {f.location.event})", style="dim")
    if excerpt and f.excerpt:
        gutter = str(f.location.line) if f.location.line is not None else ""
        text.append(f"\n  {gutter:>5} | ", style="dim")
        text.append(terminal(f.excerpt))
        col = max(1, f.location.column or 1)
        shown_col = min(col, 160)
        text.append("\n        | " + " " * (shown_col - 1), style="dim")
        text.append("^", style=STYLE[f.severity])
    if f.hint:
        text.append("\n  hint: ", style="dim")
        text.append(terminal(f.hint, 300))
    return text


def summary(reports: Sequence[Report]) -> Text:
    counts = {"error": 0, "warning": 0, "info": 0}
    events = 0
    for r in reports:
        events += r.events
        for k, v in r.counts.items():
            counts[k] += v
    total = sum(counts.values())
    streams = f"{len(reports)} stream{'s' if len(reports) != 1 else ''}"
    text = Text()
    if total == 0:
        text.append(f"All clean: {streams}, {events} events checked.", style="green")
    else:
        text.append(f"Found {total} finding{'s' if total != 1 else ''} ", style="bold")
        text.append(f"({counts['error']} errors, {counts['warning']} warnings, {counts['info']} info) "
                    f"in {streams}, {events} events checked.")
    return text


def write(reports: Sequence[Report], console: Console, verbose: bool = False) -> None:
    for r in reports:
        if verbose or r.findings:
            head = Text(f"{r.source}: ", style="bold")
            head.append(f"profile {r.profile}", style="dim")
            if r.profile_reason:
                head.append(f" ({terminal(r.profile_reason, 80)})", style="dim")
            head.append(f", {r.events} events, ended: {terminal(r.end or 'eof', 120)}", style="dim")
            console.print(head, soft_wrap=True)
        for f in r.findings:
            console.print(finding_text(r, f), soft_wrap=True)
        for note in r.notes:
            console.print(Text("note: ", style="dim") + Text(terminal(note, 400)), soft_wrap=True)
    if reports:
        console.print(summary(reports), soft_wrap=True)
