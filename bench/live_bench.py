"""Live checks: per-event overhead of `sse-lint check` against a plain httpx-sse consumer of the same local
endpoint (same run, ratio of wall times), and `--repeat N --concurrency K` wall time and peak memory.

The endpoint is the project's own replay server (standard library, 127.0.0.1) serving a generated AG-UI
stream as fast as it can.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import httpx
from httpx_sse import EventSource

from sse_lint import Options
from sse_lint.client import RequestSpec
from sse_lint.live import check_once
from sse_lint.replay import replay_server
from sse_lint.sse import Parser

HERE = Path(__file__).resolve().parent


def consume_httpx_sse(url: str) -> tuple[float, int]:
    t = time.perf_counter()
    n = 0
    with httpx.Client(timeout=60) as c, c.stream("GET", url, headers={"Accept": "text/event-stream"}) as r:
        for _ in EventSource(r).iter_sse():
            n += 1
    return time.perf_counter() - t, n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=500)
    ap.add_argument("--concurrency", type=int, default=50)
    args = ap.parse_args()
    src = HERE / "out" / "agui-1m.sse"
    if not src.exists():
        subprocess.run([sys.executable, str(HERE / "gen_agui.py"), "-o", str(src)], check=True)
    data = src.read_bytes()
    cut = 0
    for _ in range(args.events):
        cut = data.index(b"\n\n", cut) + 2
    path = HERE / "out" / f"live-{args.events}.sse"
    path.write_bytes(data[:cut])
    with replay_server(path, speed=0) as url:
        base_t, base_n = min(consume_httpx_sse(url) for _ in range(2))
        ours = []
        for _ in range(2):
            t = time.perf_counter()
            report = check_once(RequestSpec(url, max_time=600), Options(profile="agui")).report
            ours.append(time.perf_counter() - t)
        ours_t = min(ours)
    print(f"sse-lint C speedups: {'on' if Parser().accelerated else 'off (not built, or SSE_LINT_PURE=1)'}")
    print(f"{base_n:,} events from 127.0.0.1: httpx-sse consumer {base_t:.2f} s, sse-lint check {ours_t:.2f} s "
          f"({report.events:,} events, {len(report.findings)} findings): ratio {ours_t / base_t:.2f}")
    small = HERE / "out" / "live-small.sse"
    small.write_bytes(data[: data.index(b"\n\n", 20_000) + 2])
    with replay_server(small, speed=0) as url:
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", "import resource, subprocess, sys; "
                               "p = subprocess.run(sys.argv[1:], capture_output=True); "
                               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode); "
                               "print(p.stdout.decode()[-600:])",
                               str(Path(sys.executable).parent / "sse-lint"), "check", url, "--profile", "agui",
                               "--repeat", str(args.repeat), "--concurrency", str(args.concurrency)],
                              capture_output=True, text=True, timeout=1200)
        wall = time.perf_counter() - t
    rss_kb, rc = proc.stdout.split("\n", 1)[0].split()
    print(f"check --repeat {args.repeat} --concurrency {args.concurrency}: {wall:.1f} s, exit {rc}, "
          f"peak RSS {int(rss_kb) / 1024:.0f} MB")
    tail = [line for line in proc.stdout.splitlines() if "p50" in line]
    print("\n".join(tail))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
