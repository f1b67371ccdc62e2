"""Markdown for ``$GITHUB_STEP_SUMMARY`` (or any Markdown viewer): a table of streams, then the findings.

Stream-derived text (sources, messages, hints) is shown inline, so it is made inert: control characters and
line breaks become visible escapes, and the ASCII punctuation that can start an inline construct (emphasis,
code, links, images, raw HTML, entities, autolinks, table cells) is backslash-escaped, which CommonMark/GFM
render as the character itself. Excerpts go in a fenced code block whose fence is longer than any run of
backticks in the excerpt, so nothing in the excerpt can close it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..findings import Finding, Report, Severity
from ..rules import Rule
from .escape import terminal

# ``\`` escapes; `` ` `` code; ``* _`` emphasis; ``[ ] !`` links and images; ``< >`` raw HTML and autolinks;
# ``&`` entities; ``|`` table cells; ``~`` strikethrough; ``$`` math; ``:`` emoji codes and ``scheme://``
# autolinks; ``@`` mentions; ``{ }`` attribute syntaxes of other renderers
_PUNCT = re.compile(r"([\\`*_{}\[\]<>!|~&:@$])")
_BACKTICKS = re.compile(r"`+")
_LIMIT = 2000


def inline(text: str, limit: int = _LIMIT) -> str:
    """Text safe to place inside a Markdown paragraph, list item or table cell."""
    shown = terminal(text.replace("\n", "\\n"), limit)
    return _PUNCT.sub(r"\\\1", shown)


def fence_for(text: str) -> str:
    """A backtick fence longer than any backtick run in ``text`` (at least three)."""
    longest = max((len(m.group()) for m in _BACKTICKS.finditer(text)), default=0)
    return "`" * max(3, longest + 1)


def _where(f: Finding) -> str:
    loc = f.location
    if loc.line is None:
        return ""
    return f" line {loc.line}:{loc.column}" if loc.column is not None else f" line {loc.line}"


def _finding(f: Finding) -> list[str]:
    lines = [f"- **{f.code}** {f.name} ({f.severity.value}){_where(f)} — {inline(f.message)}"]
    if f.hint:
        lines.append(f"  *hint:* {inline(f.hint)}")
    if f.excerpt:
        body = [terminal(line, 400) for line in f.excerpt.splitlines()] or [""]
        fence = fence_for("\n".join(body))
        lines.append("")
        lines.append(f"  {fence}")
        lines.extend(f"  {line}" if line else "" for line in body)
        lines.append(f"  {fence}")
        lines.append("")
    return lines


def _totals(reports: Sequence[Report]) -> dict[str, int]:
    total = {"error": 0, "warning": 0, "info": 0}
    for r in reports:
        for key, value in r.counts.items():
            total[key] += value
    return total


def render(reports: Sequence[Report], *, fail_on: Severity | None, rules: Sequence[type[Rule]]) -> str:
    """The summary as Markdown (``rules`` is accepted for symmetry and not shown)."""
    out = ["## sse-lint", ""]
    total = _totals(reports)
    n = sum(total.values())
    streams = f"{len(reports)} stream{'s' if len(reports) != 1 else ''}"
    events = sum(r.events for r in reports)
    if n == 0:
        out.append(f"All clean: {streams}, {events} events checked.")
    else:
        out.append(f"Found {n} finding{'s' if n != 1 else ''} ({total['error']} errors, {total['warning']} warnings, "
                   f"{total['info']} info) in {streams}, {events} events checked.")
    if fail_on is not None:
        failed = any(r.fails(fail_on) for r in reports)
        verdict = "**failed**" if failed else "passed"
        out.append(f"Result: {verdict} (fails on {fail_on.value} and above).")
    out.append("")
    if reports:
        out.append("| source | profile | events | errors | warnings | info |")
        out.append("| --- | --- | ---: | ---: | ---: | ---: |")
        for r in reports:
            c = r.counts
            out.append(f"| {inline(r.source, 300)} | {inline(r.profile)} | {r.events} | {c['error']} | {c['warning']} "
                       f"| {c['info']} |")
        out.append("")
    for r in reports:
        if not r.findings and not r.notes:
            continue
        out.append(f"### {inline(r.source, 300)}")
        out.append("")
        for f in r.findings:
            out.extend(_finding(f))
        for note in r.notes:
            out.append(f"- *note:* {inline(note)}")
        if out[-1] != "":
            out.append("")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
