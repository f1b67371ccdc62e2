"""Full AG-UI lint throughput, in one run, against the baseline a user would write and against ag-ui-validate.

Same bytes for everyone (``bench/out/agui-1m.sse`` by default, made by ``gen_agui.py``), fed in 64 KiB chunks:

- sse-lint: the whole pipeline (parse, JSON, per-type schema, every rule) via ``sse_lint.engine.Linter``;
  and ``sse-lint lint FILE --profile agui`` as a subprocess (what a user runs, startup included);
- baseline: httpx-sse's decoder (a real ``httpx.Response`` + ``EventSource.iter_sse``) plus
  ``TypeAdapter(ag_ui.core.Event).validate_json`` per event — parsing and schema only, no sequence rules;
- ag-ui-validate: its CLI as users run it (``ag-ui-validate --json FILE``), as a subprocess.

Prints seconds, events/s and ratios. ``--events N`` cuts the input to its first N events.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
from ag_ui.core import Event
from httpx_sse import EventSource
from pydantic import TypeAdapter

from sse_lint.engine import Linter, Options
from sse_lint.sse import Parser

HERE = Path(__file__).resolve().parent
CHUNK = 1 << 16


def chunks(data: bytes) -> list[bytes]:
    return [data[i:i + CHUNK] for i in range(0, len(data), CHUNK)]


class _Stream(httpx.SyncByteStream):
    def __init__(self, parts: list[bytes]) -> None:
        self.parts = parts

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.parts)


def run_sse_lint(parts: list[bytes]) -> tuple[float, int, int]:
    t = time.perf_counter()
    linter = Linter("bench", Options(profile="agui"))
    for p in parts:
        linter.feed(p)
    report = linter.close()
    return time.perf_counter() - t, report.events, len(report.findings)


def run_baseline(parts: list[bytes]) -> tuple[float, int, int]:
    adapter = TypeAdapter(Event)
    t = time.perf_counter()
    resp = httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=_Stream(parts))
    n = errors = 0
    for sse in EventSource(resp).iter_sse():
        n += 1
        try:
            adapter.validate_json(sse.data)
        except Exception:  # noqa: BLE001
            errors += 1
    return time.perf_counter() - t, n, errors


def run_cli(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", type=Path, default=HERE / "out" / "agui-1m.sse")
    ap.add_argument("--events", type=int, default=0, help="use only the first N events")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not args.input.exists():
        subprocess.run([sys.executable, str(HERE / "gen_agui.py"), "-o", str(args.input)], check=True)
    data = args.input.read_bytes()
    path = args.input
    if args.events:
        cut = 0
        for _ in range(args.events):
            cut = data.index(b"\n\n", cut) + 2
        data = data[:cut]
        path = HERE / "out" / f"agui-{args.events}.sse"
        path.write_bytes(data)
    parts = chunks(data)
    rows: dict[str, tuple[float, int]] = {}
    best = min(run_sse_lint(parts) for _ in range(args.repeat))
    rows["sse-lint (in-process)"] = (best[0], best[1])
    best_b = min(run_baseline(parts) for _ in range(args.repeat))
    rows["httpx-sse + TypeAdapter"] = (best_b[0], best_b[1])
    exe = Path(sys.executable).parent
    cli = [str(exe / "sse-lint"), "lint", str(path), "--profile", "agui", "--format", "json", "--exit-zero"]
    rows["sse-lint lint (CLI)"] = (min(run_cli(cli) for _ in range(args.repeat)), best[1])
    agv = shutil.which("ag-ui-validate", path=str(exe)) or shutil.which("ag-ui-validate")
    if agv:
        rows["ag-ui-validate (CLI)"] = (min(run_cli([agv, "--json", str(path)]) for _ in range(args.repeat)), best[1])
    print(f"input: {path} ({len(data):,} bytes, {best[1]:,} events; sse-lint findings {best[2]}, "
          f"baseline validation errors {best_b[2]})")
    print(f"sse-lint C speedups: {'on' if Parser().accelerated else 'off (not built, or SSE_LINT_PURE=1)'}")
    print(f"{'':28s} {'seconds':>8s} {'events/s':>12s}")
    for name, (sec, n) in rows.items():
        print(f"{name:28s} {sec:8.2f} {n / sec:12,.0f}")
    ours = rows["sse-lint (in-process)"][0]
    ratios = {name: sec / ours for name, (sec, _) in rows.items() if name != "sse-lint (in-process)"}
    for name, r in ratios.items():
        print(f"{name} / sse-lint in-process: {r:.2f}x")
    cli_ours = rows["sse-lint lint (CLI)"][0]
    if "ag-ui-validate (CLI)" in rows:
        print(f"ag-ui-validate CLI / sse-lint CLI: {rows['ag-ui-validate (CLI)'][0] / cli_ours:.2f}x")
    if args.json:
        print(json.dumps({"events": best[1], "seconds": {k: round(v[0], 3) for k, v in rows.items()},
                          "ratios_vs_sse_lint": {k: round(v, 3) for k, v in ratios.items()}}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
