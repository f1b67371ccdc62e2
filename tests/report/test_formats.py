"""The machine report formats: SARIF 2.1.0, JUnit XML, GitHub annotations, Markdown, statistics.

Goldens live in ``tests/report/golden/<fixture stem>.<ext>``; regenerate them with
``SSE_LINT_UPDATE_GOLDEN=1 pytest tests/report`` and review the diff.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path

import jsonschema
import pytest

import sse_lint
from sse_lint import Finding, Location, Report, Severity, lint_file
from sse_lint.report import github, junit, markdown, sarif, statistics
from sse_lint.rules import BY_CODE, REGISTRY, Rule

from ..conftest import FIXTURES, ROOT

HERE = Path(__file__).parent
SARIF_SCHEMA = HERE / "schemas" / "sarif-github-subset.schema.json"  # team-written from GitHub's requirements
GOLDEN = HERE / "golden"

INPUTS = [p.relative_to(ROOT).as_posix()
          for folder in ("bad", "seeds")
          for p in sorted((FIXTURES / folder).iterdir())
          if p.is_file() and p.suffix != ".json"]

GOLDEN_FIXTURES = (
    "fixtures/bad/S107-negative-retry.sse",                                   # raw SSE, a column, a warning
    "fixtures/seeds/anthropic-json-error-glued-to-message-start.http",       # curl dump, line-less finding
    "fixtures/bad/T106-expected-error-got-success.jsonl",                     # JSONL: body lines, agui profile
)
# a small rule set keeps goldens readable: the codes the fixtures trigger, two agui-only rules (skipped on
# generic streams) and a rule that passes everywhere
GOLDEN_CODES = ("A101", "A114", "H101", "H102", "S101", "S102", "S107", "T106")

FORMATS: dict[str, Callable[..., str]] = {
    "sarif": sarif.render,
    "junit.xml": junit.render,
    "github.txt": github.render,
    "md": markdown.render,
    "statistics.txt": statistics.render,
}

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
THRESHOLDS = [Severity.ERROR, Severity.WARNING, Severity.INFO, None]


def lint_relative(paths: Sequence[str]) -> list[Report]:
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(ROOT)
        return [r for p in paths for r in lint_file(p)]


@pytest.fixture(scope="module")
def reports() -> list[Report]:
    found = lint_relative(INPUTS)
    assert len(found) >= len(INPUTS)
    assert all(not Path(r.source).is_absolute() for r in found)
    return found


def make(source: str, *findings: Finding, profile: str = "generic") -> Report:
    return Report(source=source, profile=profile, events=1, bytes=10, end="eof", findings=list(findings))


def finding(code: str = "S101", severity: Severity = Severity.ERROR, message: str = "boom",
            line: int | None = 3, column: int | None = 2, excerpt: str | None = "data: x") -> Finding:
    name = BY_CODE[code].name if code in BY_CODE else "internal-error"
    return Finding(code, name, severity, message, Location(10, line, column, 0), None, excerpt)


# -- SARIF ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def check_sarif(text: str, validator: jsonschema.protocols.Validator, reports: Sequence[Report]) -> dict:
    doc = json.loads(text)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    # what GitHub code scanning requires beyond the schema
    assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "sse-lint" and driver["informationUri"] and driver["version"]
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(set(ids))
    for rule in driver["rules"]:
        assert 0 < len(rule["name"]) <= 255
        for key in ("shortDescription", "fullDescription"):
            assert 0 < len(rule[key]["text"]) <= 1024
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert 0 < len(rule["properties"]["tags"]) <= 20
    findings = [f for r in reports for f in r.findings]
    assert len(run["results"]) == len(findings)
    hashes = []
    for result, f in zip(run["results"], findings, strict=True):
        assert result["ruleId"] == f.code
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] == LEVELS[f.severity]
        assert result["message"]["text"] == f.message
        assert 1 <= len(result["locations"]) <= 10
        physical = result["locations"][0].get("physicalLocation")
        if physical is not None:
            assert physical["region"]["startLine"] >= 1
            uri = physical["artifactLocation"]["uri"]
            assert not re.search(r"[\s#?]|%(?![0-9A-F]{2})", uri), uri
        hashes.append(result["partialFingerprints"]["primaryLocationLineHash"])
    assert len(hashes) == len(set(hashes))
    return doc


def test_sarif_validates_for_every_fixture(reports: list[Report], sarif_validator) -> None:
    doc = check_sarif(sarif.render(reports, fail_on=Severity.ERROR, rules=REGISTRY), sarif_validator, reports)
    driver = doc["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == [r.code for r in REGISTRY]
    for rule, descriptor in zip(REGISTRY, driver["rules"], strict=True):
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["help"]["markdown"] == rule.explain
        assert descriptor["defaultConfiguration"]["level"] == LEVELS[rule.severity]


def test_sarif_is_deterministic(reports: list[Report]) -> None:
    assert sarif.render(reports, fail_on=None, rules=REGISTRY) == sarif.render(reports, fail_on=None, rules=REGISTRY)


@pytest.mark.parametrize("severity", list(Severity))
def test_sarif_levels(severity: Severity, sarif_validator) -> None:
    rs = [make("a.sse", finding(severity=severity))]
    doc = check_sarif(sarif.render(rs, fail_on=None, rules=REGISTRY), sarif_validator, rs)
    assert doc["runs"][0]["results"][0]["level"] == LEVELS[severity]


def test_sarif_locations(sarif_validator) -> None:
    rs = [
        make("fixtures/bad/x.sse", finding(line=4, column=7)),
        make("fixtures/bad/no line.sse", finding(line=None, column=None)),
        make("rec/run.jsonl", finding(line=9, column=1)),
        make("dump.har#entries[2]", finding(line=5, column=1)),
        make("https://user:secret@example.com/stream?x=1", finding()),
        make("<stdin>", finding()),
        make("/abs/dir/f.sse", finding(line=2, column=1)),
    ]
    doc = check_sarif(sarif.render(rs, fail_on=None, rules=REGISTRY), sarif_validator, rs)
    results = doc["runs"][0]["results"]
    phys = [r["locations"][0].get("physicalLocation") for r in results]
    assert phys[0] == {"artifactLocation": {"uri": "fixtures/bad/x.sse", "uriBaseId": "%SRCROOT%"},
                       "region": {"startLine": 4, "startColumn": 7}}
    assert phys[1] == {"artifactLocation": {"uri": "fixtures/bad/no%20line.sse", "uriBaseId": "%SRCROOT%"},
                       "region": {"startLine": 1}}
    # JSONL / HAR: the line is a line of the recorded body, not of the file
    assert phys[2]["region"] == {"startLine": 1}
    assert results[2]["properties"]["streamLine"] == 9
    assert phys[3]["artifactLocation"]["uri"] == "dump.har"
    assert results[3]["locations"][0]["logicalLocations"][0]["name"] == "entries[2]"
    for i in (4, 5):
        assert phys[i] is None
        assert results[i]["locations"][0]["logicalLocations"] == [{"name": rs[i].source, "kind": "resource"}]
    assert phys[6]["artifactLocation"] == {"uri": "file:///abs/dir/f.sse"}


def test_sarif_codes_outside_the_selected_rules(sarif_validator) -> None:
    rs = [make("a.sse", finding("E900", message="rule S101 stray-json failed: KeyError"), finding("S102"))]
    rules = [BY_CODE["S101"]]
    doc = check_sarif(sarif.render(rs, fail_on=None, rules=rules), sarif_validator, rs)
    assert [r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]] == ["S101", "E900", "S102"]


def test_sarif_fingerprints_stable_and_distinct() -> None:
    twice = [make("a.sse", finding(), finding())]
    results = json.loads(sarif.render(twice, fail_on=None, rules=REGISTRY))["runs"][0]["results"]
    first, second = (r["partialFingerprints"]["primaryLocationLineHash"] for r in results)
    assert first.split(":")[0] == second.split(":")[0] and first != second
    moved = [make("a.sse", finding(line=4))]
    other = json.loads(sarif.render(moved, fail_on=None, rules=REGISTRY))["runs"][0]["results"][0]
    assert other["partialFingerprints"]["primaryLocationLineHash"] != first


# -- JUnit ---------------------------------------------------------------------------------
def ints(el: ET.Element, *names: str) -> list[int]:
    return [int(el.attrib[n]) for n in names]


@pytest.mark.parametrize("fail_on", THRESHOLDS, ids=lambda s: s.value if s else "never")
def test_junit_structure_and_counts(reports: list[Report], fail_on: Severity | None) -> None:
    text = junit.render(reports, fail_on=fail_on, rules=REGISTRY)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(text)
    assert root.tag == "testsuites" and root.attrib["name"] == "sse-lint"
    suites = root.findall("testsuite")
    assert [s.attrib["name"] for s in suites] == [r.source for r in reports]
    keys = ("tests", "failures", "errors", "skipped")
    assert ints(root, *keys) == [sum(ints(s, k)[0] for s in suites) for k in keys]
    for suite, report in zip(suites, reports, strict=True):
        cases = suite.findall("testcase")
        names = [c.attrib["name"] for c in cases]
        assert len(names) == len(set(names)), "GitLab keeps only the first of duplicate names"
        assert names == [f"{r.code} {r.name}" for r in REGISTRY]
        assert all(c.attrib["classname"] == f"sse-lint.{report.source}" for c in cases)
        assert ints(suite, *keys) == [
            len(cases),
            sum(1 for c in cases if c.find("failure") is not None),
            sum(1 for c in cases if c.find("error") is not None),
            sum(1 for c in cases if c.find("skipped") is not None),
        ]
        # one <failure> per finding at/above the threshold, the rest in <system-out>
        failures = suite.findall("testcase/failure")
        failing = [f for f in report.findings if fail_on is not None and f.severity.rank >= fail_on.rank]
        assert len(failures) == len(failing)
        assert [(e.attrib["type"], e.attrib["message"]) for e in failures] == sorted(
            ((f.code, f.message) for f in failing), key=lambda t: [r.code for r in REGISTRY].index(t[0]))
        for e in failures:
            assert e.text and e.text.startswith(f"{report.source}")
        out = "\n".join(e.text or "" for e in suite.findall("testcase/system-out"))
        for f in report.findings:
            if f not in failing:
                assert f" {f.code} [{f.severity.value}] " in out
        # rules of other profiles are skipped
        skipped = {c.attrib["name"].split()[0]: c.find("skipped") for c in cases if c.find("skipped") is not None}
        inapplicable = {r.code for r in REGISTRY if r.profiles is not None and report.profile not in r.profiles}
        assert set(skipped) == inapplicable
        for el in skipped.values():
            assert el.attrib["message"] == f"not applicable to profile {report.profile}"


def test_junit_survives_xml_illegal_characters() -> None:
    f = finding(message="bad \x00 byte \x1b[31mred\x0c & <tag>", excerpt="data: \x01\x1b[0m]]>")
    r = make('dir/a&b<"c">.sse', f)
    text = junit.render([r], fail_on=Severity.ERROR, rules=[BY_CODE["S101"]])
    root = ET.fromstring(text)
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.attrib["message"] == "bad \\x00 byte \\x1b[31mred\\x0c & <tag>"
    assert "data: \\x01\\x1b[0m]]>" in (failure.text or "")
    assert root.find("testsuite").attrib["name"] == 'dir/a&b<"c">.sse'


def test_junit_internal_error_is_an_error() -> None:
    r = make("a.sse", finding("E900", message="rule S101 stray-json failed: KeyError", line=None))
    root = ET.fromstring(junit.render([r], fail_on=Severity.ERROR, rules=[BY_CODE["S101"]]))
    assert ints(root, "tests", "failures", "errors") == [2, 0, 1]
    (case,) = [c for c in root.iter("testcase") if c.find("error") is not None]
    assert case.attrib["name"] == "E900 internal-error"


def test_junit_clean_stream_passes() -> None:
    root = ET.fromstring(junit.render([make("a.sse")], fail_on=Severity.INFO, rules=REGISTRY))
    generic = sum(1 for r in REGISTRY if r.profiles is None)
    assert ints(root, "tests", "failures", "errors", "skipped") == [len(REGISTRY), 0, 0, len(REGISTRY) - generic]


# -- GitHub annotations --------------------------------------------------------------------
ANNOTATION = re.compile(r"^::(error|warning|notice) (?:file=[^,:]+,(?:line=\d+,(?:col=\d+,)?)?)?title=[^:,]+::.+$")


def test_github_lines_for_every_fixture(reports: list[Report]) -> None:
    text = github.render(reports, fail_on=Severity.ERROR, rules=REGISTRY)
    lines = text.splitlines()
    assert len(lines) == sum(len(r.findings) for r in reports)
    for line in lines:
        assert ANNOTATION.match(line), line
    kinds = [line.split(" ", 1)[0] for line in lines]
    expected = [{"error": "::error", "warning": "::warning", "info": "::notice"}[f.severity.value]
                for r in reports for f in r.findings]
    assert kinds == expected


def test_github_escaping_and_injection() -> None:
    message = "100% done\r\nnext line\n::set-output name=x::y and \u2028::add-mask::z\x85::stop-commands::t\x1b[1m"
    r = make("dir,with:colon/a.sse", finding(message=message, line=4, column=2))
    text = github.render([r], fail_on=None, rules=REGISTRY)
    assert text == (
        "::error file=dir%2Cwith%3Acolon/a.sse,line=4,col=2,title=S101 stray-json::"
        "100%25 done%0D%0Anext line%0A::set-output name=x::y and \\u2028::add-mask::z\\x85::stop-commands::t"
        "\\x1b[1m\n")
    # a single line whatever splits lines, and no line but ours starts a command
    assert text.splitlines() == [text.rstrip("\n")]
    assert text.count("\n") == 1


def test_github_url_and_body_line_sources() -> None:
    url = make("https://example.com/a,b?c=1", finding(severity=Severity.WARNING, message="m"))
    jsonl = make("rec/run.jsonl", finding(severity=Severity.INFO, message="m", line=9, column=1))
    bare = make("rec/head.http", finding(message="m", line=None, column=None))
    lines = github.render([url, jsonl, bare], fail_on=None, rules=REGISTRY).splitlines()
    assert lines == [
        "::warning title=S101 stray-json (https%3A//example.com/a%2Cb?c=1)::m",
        "::notice file=rec/run.jsonl,title=S101 stray-json::m (stream line 9, column 1)",
        "::error file=rec/head.http,title=S101 stray-json::m",
    ]


def test_github_escape_functions() -> None:
    assert github.escape_data("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad:e,f"
    assert github.escape_property("a%b\rc\nd:e,f") == "a%25b%0Dc%0Ad%3Ae%2Cf"
    assert github.escape_data("tab\tkept") == "tab\tkept"


# -- Markdown ------------------------------------------------------------------------------
def fenced_blocks(text: str) -> list[tuple[str, list[str]]]:
    """(fence, body lines) of every fenced block, with the list-item indent removed (CommonMark rules)."""
    blocks: list[tuple[str, list[str]]] = []
    lines = [line[2:] if line.startswith("  ") else line for line in text.splitlines()]
    i = 0
    while i < len(lines):
        m = re.fullmatch(r"(`{3,})", lines[i])
        if m:
            fence = m.group(1)
            j = i + 1
            while not re.fullmatch(rf"`{{{len(fence)},}}\s*", lines[j]):
                j += 1
            blocks.append((fence, lines[i + 1:j]))
            i = j
        i += 1
    return blocks


def test_markdown_fence_is_longer_than_any_backtick_run() -> None:
    excerpt = 'data: {"md": "```python\\nx\\n```"}\n````\ndata: ` ``'
    r = make("a.sse", finding(excerpt=excerpt))
    text = markdown.render([r], fail_on=Severity.ERROR, rules=REGISTRY)
    ((fence, body),) = fenced_blocks(text)
    assert fence == "`````"
    assert body == excerpt.splitlines()
    assert markdown.fence_for("no ticks") == "```"


def test_markdown_table_and_inline_text_are_inert() -> None:
    r = make("odd|name<img src=x>.sse",
             finding(message="a | b <script>alert(1)</script> *bold* [l](http://x) $x$ @team :smile:"))
    text = markdown.render([r], fail_on=Severity.ERROR, rules=REGISTRY)
    row = next(line for line in text.splitlines() if line.startswith("| odd"))
    assert len(re.findall(r"(?<!\\)\|", row)) == 7
    item = next(line for line in text.splitlines() if line.startswith("- **S101**"))
    assert "<" not in item.replace("\\<", "") and "*bold*" not in item and "](" not in item.replace("\\](", "")
    assert "\\$x\\$" in item and "\\@team" in item and "http\\://x" in item


def test_markdown_summary(reports: list[Report]) -> None:
    text = markdown.render(reports, fail_on=Severity.ERROR, rules=REGISTRY)
    assert "| source | profile | events | errors | warnings | info |" in text
    assert "Result: **failed**" in text
    assert text.count("\n### ") == sum(1 for r in reports if r.findings or r.notes)
    items = [line for line in text.splitlines() if line.startswith("- **")]
    assert len(items) == sum(len(r.findings) for r in reports)
    clean = markdown.render([make("ok.sse")], fail_on=Severity.ERROR, rules=REGISTRY)
    assert "All clean: 1 stream, 1 events checked." in clean and "Result: passed" in clean


# -- statistics ----------------------------------------------------------------------------
def test_statistics(reports: list[Report]) -> None:
    text = statistics.render(reports, fail_on=None, rules=REGISTRY)
    rows = [line.split("\t") for line in text.splitlines()]
    assert all(len(row) == 3 and re.fullmatch(r"[A-Z]\d{3}", row[1]) for row in rows)
    keys = [(-int(n), code) for n, code, _ in rows]
    assert keys == sorted(keys)
    assert sum(int(n) for n, _, _ in rows) == sum(len(r.findings) for r in reports)
    assert all(BY_CODE[code].name == name for _, code, name in rows)
    assert statistics.render([make("ok.sse")], fail_on=None, rules=REGISTRY) == ""


# -- golden files --------------------------------------------------------------------------
@pytest.mark.parametrize("ext", list(FORMATS))
@pytest.mark.parametrize("fixture", GOLDEN_FIXTURES, ids=lambda p: Path(p).stem)
def test_golden(fixture: str, ext: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sse_lint, "__version__", "0.0.0+golden")
    rules: list[type[Rule]] = [BY_CODE[c] for c in GOLDEN_CODES]
    text = FORMATS[ext](lint_relative([fixture]), fail_on=Severity.ERROR, rules=rules)
    assert str(ROOT) not in text
    path = GOLDEN / f"{Path(fixture).stem}.{ext}"
    if os.environ.get("SSE_LINT_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"missing golden {path.name}; run with SSE_LINT_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")
