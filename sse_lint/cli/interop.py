"""``sse-lint interop``: which real clients would see a different stream than the spec says."""

from __future__ import annotations

import sys
from typing import Annotated

import orjson
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..errors import UsageError
from ..interop import DIALECTS, compare
from ..interop.spec import Spec
from ..report.escape import terminal
from ..sources import open_path
from .options import CatalogueFormat, cli_errors


def _view(v: tuple[str, str, str | None] | None) -> str:
    if v is None:
        return "(nothing)"
    t, data, _ = v
    return terminal(f"{t}: {data}", 60)


@cli_errors
def interop(
    source: Annotated[str, typer.Argument(help="A transcript, or a live URL.", show_default=False)],
    clients: Annotated[list[str] | None, typer.Option("--clients", help="Clients to compare (repeatable or "
                                                      "comma-separated); default: every modelled client.")] = None,
    format: Annotated[CatalogueFormat, typer.Option("--format", "-f", help="text or json.")] = CatalogueFormat.text,
) -> None:
    """A matrix, one row per client: events seen, first divergence from the spec, verdict."""
    names = [n.strip() for c in clients or [] for n in c.split(",") if n.strip()]
    for n in names:
        if n not in DIALECTS:
            raise UsageError(f"--clients: unknown client {n!r} (known: {', '.join(DIALECTS)})")
    chosen = names or [n for n in DIALECTS if n != "spec"]
    if source.startswith(("http://", "https://")):
        from ..client import RequestSpec, capture

        exchange = capture(RequestSpec(source, headers=[("Accept", "text/event-stream")]))
        chunks = [d for _, d in exchange.chunks]
        ctype = exchange.response.header("content-type")
    else:
        chunks, ctype = [], None
        for t in open_path(source):  # the first stream; its chunks are read while the file is open
            chunks = [d for _, d in t.chunks]
            ctype = t.response.header("content-type") if t.response is not None else None
            break
    spec_events = Spec().run(chunks).events
    divergences = {d.client: d for d in compare(chunks, chosen, content_type=ctype)}
    rows = []
    for name in chosen:
        dialect = DIALECTS[name]()
        seen = dialect.run(chunks, content_type=ctype)
        div = divergences.get(name)
        verdict = "same" if div is None else ("fails" if div.fatal else "differs")
        rows.append({"client": name, "label": dialect.label, "events": len(seen.events), "verdict": verdict,
                     **({"divergence": div.to_dict()} if div else {})})
    if format is CatalogueFormat.json:
        sys.stdout.write(orjson.dumps({"sse_lint_interop": 1, "source": source, "spec_events": len(spec_events),
                                       "clients": rows}, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    table = Table("client", "events", "verdict", "first divergence (event: client sees / spec says)", box=None)
    style = {"same": "green", "differs": "yellow", "fails": "bold red"}
    for row in rows:
        div = row.get("divergence")
        detail = Text("")
        if div:
            detail = Text(f"#{div['index']}: {_view(div['client_view'])} / {_view(div['spec_view'])}\n"
                          f"{terminal(div['cause'], 160)}")
        table.add_row(row["label"], str(row["events"]), Text(row["verdict"], style=style[row["verdict"]]), detail)
    console = Console(highlight=False)
    if not console.is_terminal:
        console.width = 200
    console.print(Text(f"{source}: the spec (WHATWG, browsers) dispatches {len(spec_events)} events"))
    console.print(table)
