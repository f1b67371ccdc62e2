"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run; ``tool.driver.rules`` lists every rule that ran (in code order) and, after them, a
descriptor for any other code a finding carries (``E900`` internal errors, de-selected codes).

Locations (see ``source_kind`` and ``file_lines``):

* a file source gets a ``physicalLocation`` whose ``artifactLocation.uri`` is the path as given
  (posix, percent-encoded, relative to ``%SRCROOT%``; absolute paths become ``file://`` URIs).
  The region is the finding's line and column when those are lines *of the file* (raw SSE bodies,
  ``curl -i`` dumps); for JSONL transcripts and HAR files the line is a line of the recorded body, so the
  region is line 1 and the stream coordinates go in ``result.properties`` (``streamLine`` ...).
  GitHub requires ``startLine >= 1``, so an unknown line is line 1 too.
* a URL, ``<stdin>`` or ``<bytes>`` has no artifact: a ``logicalLocations`` entry of kind ``resource``
  names it (GitHub shows such results only in the SARIF, never as an annotation; record the stream with
  ``check URL --record out.jsonl`` and lint the recording to get annotations).

Columns are those of the parser: 1-based byte columns, equal to code points for ASCII prefixes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from ..findings import Finding, Report, Severity
from ..rules import BY_CODE, Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/sse-lint/sse-lint"
SRCROOT = "%SRCROOT%"

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}
FAMILY = {"S": "framing", "H": "http", "L": "lifecycle", "A": "agui", "T": "timing", "X": "security",
          "E": "internal"}

_HAR_ENTRY = re.compile(r"^(?P<path>.+)#(?P<entry>entries\[\d+\])$")
_SEMVER = re.compile(r"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")
_BODY_LINE_SUFFIXES = (".jsonl", ".ndjson", ".har")
# characters kept as they are in a relative URI path; ':' is encoded so that the first segment never
# reads as a scheme
_URI_SAFE = "/-._~!$&'()*+,;=@"


# -- where a source is ---------------------------------------------------------------------
def source_kind(source: str) -> str:
    """``"url"`` (http/https), ``"pseudo"`` (``<stdin>``, ``<bytes>``) or ``"file"``."""
    low = source.lower()
    if low.startswith(("http://", "https://")):
        return "url"
    if source.startswith("<") and source.endswith(">"):
        return "pseudo"
    return "file"


def split_source(source: str) -> tuple[str, str | None]:
    """A file source as (path, part): ``x.har#entries[2]`` is ``("x.har", "entries[2]")``."""
    m = _HAR_ENTRY.match(source)
    if m:
        return m.group("path"), m.group("entry")
    return source, None


def file_lines(source: str) -> bool:
    """Whether a finding's line is a line of the file (raw SSE, curl dumps) rather than of a recorded body.

    JSONL transcripts and HAR files store the body inside JSON strings, so a body line is not a file
    line. The report does not say which reader produced it, so this goes by the entry marker and suffix.
    """
    path, part = split_source(source)
    return part is None and not path.lower().endswith(_BODY_LINE_SUFFIXES)


def artifact_uri(path: str) -> tuple[str, str | None]:
    """The SARIF ``uri`` and ``uriBaseId`` of a file path."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri(), None
    posix = PurePosixPath(p.as_posix()).as_posix()
    return quote(posix, safe=_URI_SAFE), SRCROOT


# -- rules ---------------------------------------------------------------------------------
def _tags(code: str, profiles: tuple[str, ...] | None) -> list[str]:
    tags = [FAMILY.get(code[:1], "other")]
    for profile in profiles or ():
        if profile not in tags:
            tags.append(profile)
    return tags


def rule_descriptor(rule: type[Rule]) -> dict[str, object]:
    properties: dict[str, object] = {
        "tags": _tags(rule.code, rule.profiles),
        "problem.severity": PROBLEM_SEVERITY[rule.severity],
    }
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary},
        "help": {"text": rule.explain, "markdown": rule.explain},
        "defaultConfiguration": {"level": LEVEL[rule.severity]},
        "properties": properties,
    }


def _extra_descriptor(f: Finding) -> dict[str, object]:
    """A descriptor for a code no selected rule has (internal errors, findings of de-selected rules)."""
    known = BY_CODE.get(f.code)
    if known is not None:
        return rule_descriptor(known)
    if f.code.startswith("E9"):
        text = "sse-lint itself failed while checking the stream (a bug in a rule); please report it"
    else:
        text = f.name.replace("-", " ")
    return {
        "id": f.code,
        "name": f.name,
        "shortDescription": {"text": text},
        "fullDescription": {"text": text},
        "help": {"text": text, "markdown": text},
        "defaultConfiguration": {"level": LEVEL[f.severity]},
        "properties": {"tags": _tags(f.code, None), "problem.severity": PROBLEM_SEVERITY[f.severity]},
    }


# -- results -------------------------------------------------------------------------------
def _fingerprint(report: Report, f: Finding, seen: dict[str, int]) -> str:
    line = "" if f.location.line is None else str(f.location.line)
    key = "\x1f".join((f.code, report.source, line, f.message))
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    seen[digest] = seen.get(digest, 0) + 1
    return f"{digest}:{seen[digest]}"


def _locations(report: Report, f: Finding) -> tuple[list[dict[str, object]], bool]:
    """The result's locations, and whether its region carries the finding's own line."""
    kind = source_kind(report.source)
    if kind != "file":
        return [{"logicalLocations": [{"name": report.source, "kind": "resource"}]}], False
    path, part = split_source(report.source)
    uri, base = artifact_uri(path)
    artifact: dict[str, object] = {"uri": uri}
    if base is not None:
        artifact["uriBaseId"] = base
    loc = f.location
    line = loc.line if loc.line is not None and loc.line >= 1 and file_lines(report.source) else None
    exact = line is not None
    region: dict[str, int] = {"startLine": line or 1}
    if line is not None and loc.column is not None:
        region["startColumn"] = max(1, loc.column)
    location: dict[str, object] = {"physicalLocation": {"artifactLocation": artifact, "region": region}}
    if part is not None:
        location["logicalLocations"] = [{"name": part, "fullyQualifiedName": report.source, "kind": "object"}]
    return [location], exact


def _result(report: Report, f: Finding, index: int, seen: dict[str, int]) -> dict[str, object]:
    locations, exact = _locations(report, f)
    loc = f.location
    properties: dict[str, object] = {"source": report.source, "profile": report.profile}
    if not exact:
        if loc.line is not None:
            properties["streamLine"] = loc.line
        if loc.column is not None:
            properties["streamColumn"] = loc.column
    if loc.offset is not None:
        properties["byteOffset"] = loc.offset
    if loc.event is not None:
        properties["eventIndex"] = loc.event
    if f.hint:
        properties["hint"] = f.hint
    return {
        "ruleId": f.code,
        "ruleIndex": index,
        "level": LEVEL[f.severity],
        "message": {"text": f.message},
        "locations": locations,
        "partialFingerprints": {"primaryLocationLineHash": _fingerprint(report, f, seen)},
        "properties": properties,
    }


def build(reports: Sequence[Report], *, rules: Sequence[type[Rule]]) -> dict[str, object]:
    """The SARIF log as a dict."""
    from .. import __version__  # read at call time (tests pin it for golden files)

    descriptors = [rule_descriptor(r) for r in rules]
    index = {r.code: i for i, r in enumerate(rules)}
    extras: dict[str, Finding] = {}
    for report in reports:
        for f in report.findings:
            if f.code not in index and f.code not in extras:
                extras[f.code] = f
    for code in sorted(extras):
        index[code] = len(descriptors)
        descriptors.append(_extra_descriptor(extras[code]))
    seen: dict[str, int] = {}
    results = [_result(r, f, index[f.code], seen) for r in reports for f in r.findings]
    run: dict[str, object] = {
        "tool": {"driver": {
            "name": "sse-lint",
            "informationUri": INFORMATION_URI,
            "version": __version__,
            **({"semanticVersion": __version__} if _SEMVER.fullmatch(__version__) else {}),
            "rules": descriptors,
        }},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(reports: Sequence[Report], *, fail_on: Severity | None, rules: Sequence[type[Rule]]) -> str:
    """SARIF 2.1.0 text. ``fail_on`` does not change SARIF (levels carry severity); it is accepted for symmetry."""
    return json.dumps(build(reports, rules=rules), indent=2, ensure_ascii=False) + "\n"
