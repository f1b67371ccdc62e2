"""``sse-lint fixture``: turn a failing stream into a minimal bug-report fixture."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..bugreport import write
from ..engine import Options
from ..errors import UsageError
from ..minimize import Case, from_transcript, minimize
from ..sources import open_path
from .options import ProfileOpt, cli_errors, err


@cli_errors
def fixture(
    source: Annotated[str, typer.Argument(help="A transcript, or a live URL (recorded first).", show_default=False)],
    rule: Annotated[str, typer.Option("--rule", help="The code the fixture must trigger.")],
    output: Annotated[str | None, typer.Option("-o", "--output", help="Base name (default: <code>-minimal).")]
    = None,
    folder: Annotated[Path, typer.Option("--dir", help="Where to write the files.")] = Path("."),
    keep_secrets: Annotated[bool, typer.Option("--keep-secrets", help="Do not replace credentials.")] = False,
    profile: ProfileOpt = None,
    budget: Annotated[float, typer.Option("--budget", help="Seconds to spend minimizing.")] = 60.0,
) -> None:
    """Minimize a failing stream to the smallest one that still triggers --rule; write a JSONL transcript,
    a pytest test and a Markdown bug report."""
    code = rule.upper()
    options = Options(profile=profile or "auto")
    if source.startswith(("http://", "https://")):
        from ..client import RequestSpec, capture

        exchange = capture(RequestSpec(source))
        chunks = list(exchange.chunks)
        case = Case(chunks, exchange.response, exchange.request, exchange.end or None, True)  # type: ignore[arg-type]
    else:
        cases = [from_transcript(t) for t in open_path(source)]
        if not cases:
            raise UsageError(f"{source}: no stream")
        case = cases[0]
    result = minimize(case, code, keep_secrets=keep_secrets, budget=budget, options=options)
    name = output or f"{code}-minimal"
    files = write(result, code, name, folder)
    err(f"{code}: {len(case.body)} -> {len(result.case.body)} bytes in {result.tests} checks "
        f"({result.seconds:.2f} s); wrote {', '.join(str(f) for f in files)}")
    sys.stdout.write("\n".join(str(f) for f in files) + "\n")
