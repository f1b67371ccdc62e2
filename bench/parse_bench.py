"""SSE parser throughput: sse-lint's parser against httpx-sse and sseclient-py, on the same bytes.

All three consume the same body, cut into the same 64 KiB chunks (the cutting happens before
any timing), each the way it runs for real:

* sse-lint     ``sse_lint.sse.Parser``: ``feed(chunk)`` per chunk, then ``close()``.
* httpx-sse    ``httpx_sse.EventSource(response).iter_sse()`` over a real ``httpx.Response``
               whose stream yields the chunks -- so it pays for httpx's incremental UTF-8
               decoding (``iter_text``), httpx-sse's ``SSELineDecoder`` and ``SSEDecoder``,
               exactly as on a live connection, minus the socket.
* sseclient    ``sseclient.SSEClient(iter(chunks)).events()`` (sseclient-py, the chunks
               standing in for the urllib3/requests response it normally iterates).

Each is timed ``--repeat`` times (best of, ``time.perf_counter``), round-robin so that drift
hits all three alike. The event counts must agree, and so must the last event's data.

    python bench/parse_bench.py [--input bench/out/agui-1m.sse] [--json]

The input is made with ``bench/gen_agui.py`` when it does not exist yet.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import httpx
import httpx_sse
import sseclient

from sse_lint.sse import Parser

CHUNK = 64 * 1024
DEFAULT_INPUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out", "agui-1m.sse")
TARGET_RATIO = 2.0  # sse-lint events/s >= 2x httpx-sse


# -- the three consumers: each returns (events, last event's data) --------------------

def run_sse_lint(chunks: list[bytes]) -> tuple[int, str]:
    p = Parser()
    n = 0
    last = None
    for chunk in chunks:
        evs = p.feed(chunk)
        if evs:
            n += len(evs)
            last = evs[-1]
    evs = p.close()
    if evs:
        n += len(evs)
        last = evs[-1]
    return n, last.data if last is not None else ""


class _ChunkStream(httpx.SyncByteStream):
    def __init__(self, chunks: list[bytes]) -> None:
        self._chunks = chunks

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._chunks)


def run_httpx_sse(chunks: list[bytes]) -> tuple[int, str]:
    response = httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=_ChunkStream(chunks))
    n = 0
    sse = None
    for sse in httpx_sse.EventSource(response).iter_sse():  # noqa: B007
        n += 1
    response.close()
    return n, sse.data if sse is not None else ""


def run_sseclient(chunks: list[bytes]) -> tuple[int, str]:
    n = 0
    ev = None
    for ev in sseclient.SSEClient(iter(chunks)).events():  # noqa: B007
        n += 1
    return n, ev.data if ev is not None else ""


IMPLS: list[tuple[str, Callable[[list[bytes]], tuple[int, str]]]] = [
    ("sse-lint", run_sse_lint),
    ("httpx-sse", run_httpx_sse),
    ("sseclient-py", run_sseclient),
]


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", default=DEFAULT_INPUT, help="raw SSE file (default bench/out/agui-1m.sse)")
    ap.add_argument("--events", type=int, default=1_000_000,
                    help="events to generate when --input does not exist (default 1,000,000)")
    ap.add_argument("--chunk-size", type=int, default=CHUNK, help="bytes per chunk (default 65536)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per parser; the best one counts (default 3)")
    ap.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    ap.add_argument("--only-sse-lint", action="store_true", help=argparse.SUPPRESS)  # the pure-Python child run
    args = ap.parse_args(argv)

    if not os.path.exists(args.input):
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import gen_agui
        print(f"{args.input} not found; generating {args.events:,} events with gen_agui.py ...", file=sys.stderr)
        gen_agui.write(args.events, args.input)
    with open(args.input, "rb") as f:
        data = f.read()
    chunks = [data[i:i + args.chunk_size] for i in range(0, len(data), args.chunk_size)]

    best: dict[str, float] = {name: float("inf") for name, _ in IMPLS}
    counts: dict[str, int] = {}
    lasts: dict[str, str] = {}
    for _ in range(args.repeat):
        for name, fn in IMPLS:
            t0 = time.perf_counter()
            n, last = fn(chunks)
            dt = time.perf_counter() - t0
            best[name] = min(best[name], dt)
            if counts.setdefault(name, n) != n:
                raise SystemExit(f"{name} counted {n} events, earlier {counts[name]}")
            lasts[name] = last

    if args.only_sse_lint:
        print(json.dumps({"seconds": best["sse-lint"], "events": counts["sse-lint"], "last": lasts["sse-lint"]}))
        return 0
    # the same parser without its C speedups: a child process with SSE_LINT_PURE=1 (the import decides)
    child = subprocess.run([sys.executable, __file__, "--input", args.input, "--chunk-size", str(args.chunk_size),
                            "--repeat", str(args.repeat), "--only-sse-lint"], capture_output=True, text=True,
                           check=True, env={**os.environ, "SSE_LINT_PURE": "1"})
    pure = json.loads(child.stdout.strip().splitlines()[-1])
    best["sse-lint (pure)"], counts["sse-lint (pure)"], lasts["sse-lint (pure)"] = (
        pure["seconds"], pure["events"], pure["last"])
    agree = len(set(counts.values())) == 1 and len(set(lasts.values())) == 1
    mib = len(data) / 2**20
    rate = {name: counts[name] / best[name] for name in best}
    r_httpx = rate["sse-lint"] / rate["httpx-sse"]
    r_sseclient = rate["sse-lint"] / rate["sseclient-py"]
    r_pure = rate["sse-lint (pure)"] / rate["httpx-sse"]

    print(f"input: {args.input}  {len(data):,} bytes ({mib:.1f} MiB), {len(chunks):,} chunks of "
          f"{args.chunk_size:,} B, best of {args.repeat}")
    print(f"python {platform.python_version()} | httpx {_version('httpx')} | httpx-sse {_version('httpx-sse')} | "
          f"sseclient-py {_version('sseclient-py')} | sse-lint {_version('sse-lint')}")
    print()
    print(f"{'parser':<16}{'events':>12}{'best s':>10}{'events/s':>14}{'MiB/s':>10}")
    for name in best:
        print(f"{name:<16}{counts[name]:>12,}{best[name]:>10.3f}{rate[name]:>14,.0f}{mib / best[name]:>10.1f}")
    print()
    print(f"sse-lint / httpx-sse:    {r_httpx:.2f}x  (target >= {TARGET_RATIO:.1f}x: "
          f"{'met' if r_httpx >= TARGET_RATIO else 'NOT met'})")
    print(f"sse-lint / sseclient-py: {r_sseclient:.2f}x")
    accelerated = Parser().accelerated
    print(f"sse-lint without its C speedups (SSE_LINT_PURE=1) / httpx-sse: {r_pure:.2f}x"
          + ("" if accelerated else "  (the C speedups are not built here: both sse-lint rows are pure Python)"))
    print(f"event counts and last event agree: {'yes' if agree else 'NO'}")
    if not agree:
        for name in counts:
            print(f"  {name}: {counts[name]} events, last data {lasts[name][:60]!r}")
    if args.json:
        print(json.dumps({
            "input": args.input, "bytes": len(data), "chunk_size": args.chunk_size, "repeat": args.repeat,
            "events": counts, "agree": agree,
            "seconds": {k: round(v, 4) for k, v in best.items()},
            "events_per_s": {k: round(v) for k, v in rate.items()},
            "ratio_vs_httpx_sse": round(r_httpx, 3), "ratio_vs_sseclient": round(r_sseclient, 3),
            "pure_python_ratio_vs_httpx_sse": round(r_pure, 3),
            "target_ratio": TARGET_RATIO, "target_met": r_httpx >= TARGET_RATIO,
            "python": platform.python_version(),
        }))
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
