"""``sse-lint rules`` and ``sse-lint explain``: the rule catalogue."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.console import Console
from rich.table import Table

from .. import rules as registry
from .options import CatalogueFormat, cli_errors


def catalogue() -> list[dict[str, str]]:
    return [{"code": r.code, "name": r.name, "severity": r.severity.value, "summary": r.summary,
             "profiles": ",".join(r.profiles) if r.profiles else "all"} for r in registry.REGISTRY]


def markdown_table() -> str:
    """The rule table as Markdown (the README embeds it; a test keeps the two in sync)."""
    rows = ["| code | name | severity | profiles | flags |", "|---|---|---|---|---|"]
    rows += [f"| {r['code']} | {r['name']} | {r['severity']} | {r['profiles']} | {r['summary']} |"
             for r in catalogue()]
    return "\n".join(rows) + "\n"


@cli_errors
def rules(format: Annotated[CatalogueFormat, typer.Option("--format", "-f", help="Output format.")]
          = CatalogueFormat.text) -> None:
    """List every rule: code, name, default severity, what it flags."""
    if format is CatalogueFormat.json:
        sys.stdout.write(orjson.dumps(catalogue(), option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    if format is CatalogueFormat.markdown:
        sys.stdout.write(markdown_table())
        return
    table = Table("code", "name", "severity", "profiles", "flags", box=None, pad_edge=False)
    for row in catalogue():
        table.add_row(row["code"], row["name"], row["severity"], row["profiles"], row["summary"])
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = 200
    console.print(table)


@cli_errors
def explain(code: Annotated[str, typer.Argument(help="A rule code (S101) or name (stray-json).")]) -> None:
    """What a rule flags, why it breaks clients, how to fix it, an example."""
    rule = registry.get(code)
    scope = ", ".join(rule.profiles) if rule.profiles else "every profile"
    sys.stdout.write(f"# {rule.code} {rule.name} ({rule.severity.value}; {scope})\n\n{rule.summary}.\n\n"
                     f"{rule.explain.rstrip()}\n")


@cli_errors
def config(
    config_file: Annotated[Path | None, typer.Option("--config", help="Configuration file to read.")] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="Ignore configuration files.")] = False,
) -> None:
    """Print the effective configuration and where each value comes from."""
    from ..config import SCHEMA, load

    cfg = load(config_file, isolated)
    sys.stdout.write(f"# configuration file: {cfg.path or '(none)'}\n")
    for key, (_, help_text) in SCHEMA.items():
        if key in cfg.values:
            value = cfg.values[key]
            if key == "severity":
                value = {k: v.value for k, v in value.items()}
            sys.stdout.write(f"{key} = {orjson.dumps(value).decode()}  # from {cfg.origin[key]}\n")
        else:
            sys.stdout.write(f"# {key}: default ({help_text})\n")
