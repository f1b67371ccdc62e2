"""Peak memory of ``sse-lint lint`` on a ~1 GB raw SSE transcript.

Writes the transcript to disk by repeating the AG-UI stream from ``bench/gen_agui.py``
(streamed block by block, never held in memory; the last copy is cut at an event boundary so
the file ends with a complete event), then runs

    sse-lint lint <file> --profile generic --exit-zero --format json

as a child process -- ``subprocess.run`` from a small launcher interpreter, which then reads
``resource.getrusage(RUSAGE_CHILDREN)`` -- for its peak RSS (``ru_maxrss``), wall and CPU time. For
scale it first measures the same command on a two-event file: the interpreter and imports.
The big file is deleted afterwards unless ``--keep``.

    python bench/memory_bench.py                 # 1024 MiB
    python bench/memory_bench.py --size-mb 64    # a quick run
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "out")
DEFAULT_SOURCE = os.path.join(OUT, "agui-1m.sse")
TARGET_MB = 100
BLOCK = 8 << 20


def lint_command(path: str) -> list[str]:
    script = os.path.join(os.path.dirname(sys.executable), "sse-lint")
    base = [script] if os.path.exists(script) else [sys.executable, "-m", "sse_lint"]
    return [*base, "lint", path, "--profile", "generic", "--exit-zero", "--format", "json"]


def source_bytes_iter(source: str | None) -> tuple[str, object]:
    """(description, callable returning an iterator of blocks of the source stream)."""
    if source and os.path.exists(source):
        def blocks():  # type: ignore[no-untyped-def]
            with open(source, "rb") as f:
                while block := f.read(BLOCK):
                    yield block
        return source, blocks
    sys.path.insert(0, HERE)
    import gen_agui
    data = gen_agui.generate_bytes(100_000)
    return "gen_agui.py, 100,000 events (in memory)", lambda: iter((data,))


def write_transcript(path: str, size: int, blocks) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Repeat the source until ``size`` bytes; cut the last copy after an event. (bytes, copies)."""
    written = copies = 0
    with open(path, "wb") as out:
        while written < size:
            copies += 1
            progressed = False
            for block in blocks():
                room = size - written
                if len(block) >= room:
                    cut = block.rfind(b"\n\n", 0, room)
                    if cut >= 0:
                        out.write(block[:cut + 2])
                        written += cut + 2
                    return written, copies
                out.write(block)
                written += len(block)
                progressed = True
            if not progressed:
                raise SystemExit("the source stream is empty")
    return written, copies


# Runs the command and reports its rusage. A fresh, small interpreter does the waiting because on
# Linux a child's ru_maxrss also counts the memory image it had *before* exec -- for a child
# forked (or vforked) straight from this process that is this process's RSS, which may be far
# larger than sse-lint's. The launcher's image is the bare interpreter, well below sse-lint's.
_LAUNCHER = """
import json, os, resource, subprocess, sys, time
t0 = time.perf_counter()
rc = subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], "wb")).returncode
wall = time.perf_counter() - t0
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall": wall, "cpu": u.ru_utime + u.ru_stime, "maxrss": u.ru_maxrss}))
"""


def measure(cmd: list[str]) -> dict[str, object]:
    """Run ``cmd``; its peak RSS (bytes), wall and CPU seconds, exit code and parsed JSON output."""
    with tempfile.TemporaryDirectory() as tmp:
        out_path = os.path.join(tmp, "stdout")
        proc = subprocess.run([sys.executable, "-c", _LAUNCHER, out_path, *cmd], capture_output=True)
        if proc.returncode != 0:
            raise SystemExit(f"launcher failed: {proc.stderr.decode('utf-8', 'replace')[-2000:]}")
        usage = json.loads(proc.stdout)
        report = None
        if os.path.getsize(out_path) < 64 << 20:
            with open(out_path, "rb") as f:
                try:
                    report = json.loads(f.read())
                except ValueError:
                    report = None
    # ru_maxrss is in KiB on Linux, in bytes on macOS
    peak = usage["maxrss"] * (1 if sys.platform == "darwin" else 1024)
    return {"rc": usage["rc"], "wall": usage["wall"], "cpu": usage["cpu"], "peak": peak, "report": report,
            "stderr": proc.stderr.decode("utf-8", "replace")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=int, default=1024, help="transcript size in MiB (default 1024)")
    ap.add_argument("--source", default=DEFAULT_SOURCE,
                    help="AG-UI stream to repeat (default bench/out/agui-1m.sse; generated when missing)")
    ap.add_argument("--output", help="where to write the transcript (default bench/out/memory-<size>mb.sse)")
    ap.add_argument("--keep", action="store_true", help="keep the transcript afterwards")
    ap.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    args = ap.parse_args(argv)

    size = args.size_mb << 20
    path = args.output or os.path.join(OUT, f"memory-{args.size_mb}mb.sse")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    free = shutil.disk_usage(os.path.dirname(os.path.abspath(path))).free
    if free < size + (256 << 20):
        raise SystemExit(f"only {free >> 20} MiB free next to {path}; try a smaller --size-mb")

    desc, blocks = source_bytes_iter(args.source)
    t0 = time.perf_counter()
    written, copies = write_transcript(path, size, blocks)
    t_write = time.perf_counter() - t0
    print(f"transcript: {path}  {written:,} bytes ({written / 2**20:.1f} MiB), {copies} copies of {desc}, "
          f"written in {t_write:.1f} s")

    try:
        with tempfile.TemporaryDirectory() as tmp:
            tiny = os.path.join(tmp, "tiny.sse")
            with open(tiny, "wb") as f:
                f.write(b'data: {"type":"RUN_STARTED","threadId":"t","runId":"r"}\n\n'
                        b'data: {"type":"RUN_FINISHED","threadId":"t","runId":"r"}\n\n')
            base = measure(lint_command(tiny))
        cmd = lint_command(path)
        print(f"command:    {' '.join(cmd)}")
        res = measure(cmd)
    finally:
        if not args.keep:
            os.remove(path)

    mib = written / 2**20
    peak_mib = res["peak"] / 2**20  # type: ignore[operator]
    peak_mb = res["peak"] / 1e6  # type: ignore[operator]
    result = (res["report"] or {}).get("results", [{}])[0] if isinstance(res["report"], dict) else {}
    print()
    print(f"exit code:  {res['rc']}" + (f"  stderr: {res['stderr'].strip()[:300]}" if res["stderr"] else ""))
    print(f"events:     {result.get('events', '?'):,}" if isinstance(result.get("events"), int)
          else "events:     ?")
    print(f"findings:   {result.get('counts', '?')}")
    for finding in (result.get("findings") or [])[:5]:
        print(f"            {json.dumps(finding)[:200]}")
    print(f"wall:       {res['wall']:.1f} s   cpu: {res['cpu']:.1f} s   ({mib / res['wall']:.1f} MiB/s)")  # type: ignore[operator]
    print(f"peak RSS:   {peak_mib:.1f} MiB ({peak_mb:.1f} MB)   baseline (2-event file): "
          f"{base['peak'] / 2**20:.1f} MiB in {base['wall']:.2f} s")  # type: ignore[operator]
    met = peak_mb < TARGET_MB
    print(f"target:     peak RSS < {TARGET_MB} MB on {args.size_mb} MiB: {'met' if met else 'NOT met'}")
    if not args.keep:
        print(f"(deleted {path}; --keep to keep it)")
    if args.json:
        print(json.dumps({
            "size_bytes": written, "source": desc, "command": cmd, "rc": res["rc"],
            "events": result.get("events"), "counts": result.get("counts"),
            "wall_s": round(res["wall"], 2), "cpu_s": round(res["cpu"], 2),  # type: ignore[arg-type]
            "peak_rss_bytes": res["peak"], "peak_rss_mib": round(peak_mib, 1),
            "baseline_rss_mib": round(base["peak"] / 2**20, 1),  # type: ignore[operator]
            "target_mb": TARGET_MB, "target_met": met, "python": platform.python_version(),
        }))
    return 0 if res["rc"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
