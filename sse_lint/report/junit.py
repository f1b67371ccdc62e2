"""JUnit XML in the common Jenkins/GitLab shape: a test case per rule and stream.

``<testsuites name="sse-lint">`` holds one ``<testsuite>`` per report (stream) and, in it, one
``<testcase classname="sse-lint.<source>" name="<CODE> <rule-name>">`` per rule that ran, so a clean stream
shows N passed tests and test names are unique per suite (GitLab keeps only the first of duplicates).

* every finding at or above ``fail_on`` is one ``<failure type="CODE" message="...">`` whose body is the
  concise line, the excerpt and the hint (GitLab shows the body, not ``message``);
* findings below the threshold are listed in the test case's ``<system-out>``;
* a rule for other profiles than the stream's is ``<skipped message="not applicable to profile X"/>``;
* an internal error (``E900``) is an ``<error>`` on a test case of its own.

Counts follow the usual meaning: ``failures``/``errors``/``skipped`` count *test cases* (a rule with three
failing findings is one failed test), so ``tests - failures - errors - skipped`` are the passed ones.
No timestamps, hostnames or durations: the output depends only on the reports.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ..findings import Finding, Report, Severity
from ..rules import BY_CODE, Rule
from .escape import xml

INTERNAL_PREFIX = "E9"


def concise(report: Report, f: Finding) -> str:
    """``source:line:col: CODE [severity] message`` (line and column only when known)."""
    loc = f.location
    where = report.source
    if loc.line is not None:
        where += f":{loc.line}:{loc.column or 1}"
    return f"{where}: {f.code} [{f.severity.value}] {f.message}"


def _body(report: Report, f: Finding) -> str:
    lines = [concise(report, f)]
    if f.excerpt:
        lines.extend(f"    | {line}" for line in f.excerpt.splitlines() or [""])
    if f.hint:
        lines.append(f"    hint: {f.hint}")
    return "\n".join(lines)


def _at_or_above(f: Finding, fail_on: Severity | None) -> bool:
    return fail_on is not None and f.severity.rank >= fail_on.rank


def _sub(parent: ET.Element, tag: str, attrib: dict[str, str] | None = None, text: str | None = None) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: xml(v) for k, v in (attrib or {}).items()})
    if text is not None:
        el.text = xml(text)
    return el


def _cases(report: Report, rules: Sequence[type[Rule]]) -> list[tuple[str, str, tuple[str, ...] | None]]:
    """(code, name, profiles) of every test case: the rules, then codes only findings name."""
    cases = [(r.code, r.name, r.profiles) for r in rules]
    listed = {r.code for r in rules}
    extra: dict[str, str] = {}
    for f in report.findings:
        if f.code not in listed:
            extra.setdefault(f.code, f.name)
    for code in sorted(extra):
        known = BY_CODE.get(code)
        cases.append((code, extra[code], known.profiles if known is not None else None))
    return cases


def _suite(root: ET.Element, report: Report, fail_on: Severity | None,
           rules: Sequence[type[Rule]]) -> dict[str, int]:
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    suite = _sub(root, "testsuite", {"name": report.source})
    props = _sub(suite, "properties")
    for name, value in (("profile", report.profile), ("profile_reason", report.profile_reason),
                        ("events", str(report.events)), ("bytes", str(report.bytes)), ("end", report.end or "")):
        _sub(props, "property", {"name": name, "value": value})
    by_code: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_code.setdefault(f.code, []).append(f)
    classname = f"sse-lint.{report.source}"
    for code, name, profiles in _cases(report, rules):
        counts["tests"] += 1
        case = _sub(suite, "testcase", {"classname": classname, "name": f"{code} {name}"})
        found = by_code.get(code, [])
        if not found and profiles is not None and report.profile not in profiles:
            _sub(case, "skipped", {"message": f"not applicable to profile {report.profile}"})
            counts["skipped"] += 1
            continue
        if code.startswith(INTERNAL_PREFIX) and code not in BY_CODE:
            for f in found:
                _sub(case, "error", {"message": f.message, "type": code}, _body(report, f))
            if found:
                counts["errors"] += 1
            continue
        failing = [f for f in found if _at_or_above(f, fail_on)]
        for f in failing:
            _sub(case, "failure", {"message": f.message, "type": code}, _body(report, f))
        if failing:
            counts["failures"] += 1
        below = [f for f in found if not _at_or_above(f, fail_on)]
        if below:
            _sub(case, "system-out", text="\n".join(_body(report, f) for f in below))
    if report.notes:
        _sub(suite, "system-out", text="\n".join(f"note: {n}" for n in report.notes))
    for key in ("tests", "failures", "errors", "skipped"):
        suite.set(key, str(counts[key]))
    return counts


def build(reports: Sequence[Report], *, fail_on: Severity | None, rules: Sequence[type[Rule]]) -> ET.Element:
    root = ET.Element("testsuites", {"name": "sse-lint"})
    total = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for report in reports:
        for key, value in _suite(root, report, fail_on, rules).items():
            total[key] += value
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(total[key]))
    return root


def render(reports: Sequence[Report], *, fail_on: Severity | None, rules: Sequence[type[Rule]]) -> str:
    root = build(reports, fail_on=fail_on, rules=rules)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
