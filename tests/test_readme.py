"""The README stays true: its rule table is the registry's, its commands are the CI's."""

from __future__ import annotations

from sse_lint.cli.rules import markdown_table

from .conftest import ROOT


def test_rule_table_in_sync() -> None:
    text = (ROOT / "README.md").read_text()
    start = text.index("<!-- rules:start -->\n") + len("<!-- rules:start -->\n")
    end = text.index("<!-- rules:end -->")
    assert text[start:end] == markdown_table(), "regenerate with: sse-lint rules -f markdown"


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    command = readme.split("## Run the tests", 1)[1].split("```", 2)[1].strip()
    assert command in ci
