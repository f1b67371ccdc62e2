"""Data-driven rule tests: every bad fixture triggers the code in its name; good fixtures are clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sse_lint import lint_file
from sse_lint.engine import INTERNAL_CODE
from sse_lint.rules import REGISTRY

from .conftest import FIXTURES

BAD = sorted(p for p in (FIXTURES / "bad").iterdir() if p.is_file())
SEEDS: dict[str, list[str]] = json.loads((FIXTURES / "seeds" / "expected.json").read_text())
GOOD = sorted(p for p in (FIXTURES / "good").rglob("*") if p.is_file())


def codes_of(path: Path) -> list[str]:
    return [f.code for r in lint_file(str(path)) for f in r.findings]


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_fixture_triggers_its_code(path: Path) -> None:
    code = path.name.split("-", 1)[0]
    codes = codes_of(path)
    assert code in codes, f"{path.name}: expected {code}, got {codes}"
    assert INTERNAL_CODE not in codes


@pytest.mark.parametrize("path", GOOD, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_good_fixture_is_clean(path: Path) -> None:
    reports = lint_file(str(path))
    assert reports
    found = [(f.code, f.message) for r in reports for f in r.findings]
    assert found == []


@pytest.mark.parametrize("rule", REGISTRY, ids=lambda r: r.code)
def test_every_rule_has_a_triggering_fixture(rule: type) -> None:
    names = [p.name for p in BAD]
    in_seeds = any(rule.code in codes for codes in SEEDS.values())
    assert in_seeds or any(n.startswith(rule.code + "-") for n in names), f"no fixture triggers {rule.code}"


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_fixture_gives_exactly_its_codes(name: str) -> None:
    assert sorted(set(codes_of(FIXTURES / "seeds" / name))) == SEEDS[name]


@pytest.mark.parametrize("rule", REGISTRY, ids=lambda r: r.code)
def test_rule_metadata(rule: type) -> None:
    import re

    assert re.fullmatch(r"[A-Z]\d{3}", rule.code)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name)
    assert not rule.name.startswith(("no-", "disallow-")) or rule.name == "no-terminal-event"
    for section in ("## What", "## Why it breaks clients", "## How to fix"):
        assert section in rule.explain, f"{rule.code} explain lacks {section!r}"
    assert rule.summary and not rule.summary.endswith(".")


def test_codes_and_names_unique() -> None:
    assert len({r.code for r in REGISTRY}) == len(REGISTRY)
    # a name may repeat across protocol families (A101/O101/R101/C101/V101 schema-violation), never within one
    assert len({(r.name, r.profiles) for r in REGISTRY}) == len(REGISTRY)


def test_seed_004_points_at_the_swallowed_event_name() -> None:
    [report] = lint_file(str(FIXTURES / "seeds" / "anthropic-json-error-glued-to-message-start.http"))
    s101 = next(f for f in report.findings if f.code == "S101")
    assert "'event' field" in s101.message and "message_start" in s101.message
    assert s101.location.line == 5  # the file line after the 4-line head
    assert {"H101", "H102", "S101"} <= set(report.codes())
