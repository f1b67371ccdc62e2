"""What rule I101 (client models in the same pass) costs: full AG-UI lint with and without it, same run."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sse_lint.engine import Linter, Options

HERE = Path(__file__).resolve().parent


def lint(parts: list[bytes], **kw: object) -> float:
    t = time.perf_counter()
    linter = Linter("bench", Options(profile="agui", **kw))  # type: ignore[arg-type]
    for p in parts:
        linter.feed(p)
    linter.close()
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--input", type=Path, default=HERE / "out" / "agui-1m.sse")
    args = ap.parse_args()
    data = args.input.read_bytes()
    parts = [data[i:i + (1 << 16)] for i in range(0, len(data), 1 << 16)]
    crlf = data.replace(b"\n", b"\r\n")
    crlf_parts = [crlf[i:i + (1 << 16)] for i in range(0, len(crlf), 1 << 16)]
    without = lint(parts, ignore=("I101",))
    with_i = lint(parts)
    slow = lint(parts, settings={"interop_fast": False})
    crlf_t = lint(crlf_parts)
    print(f"full lint without I101: {without:.2f} s; with I101 (default clients): {with_i:.2f} s "
          f"(+{100 * (with_i / without - 1):.0f}%); every model on every byte: {slow:.2f} s "
          f"(+{100 * (slow / without - 1):.0f}%); the same stream re-framed with CRLF (models run from byte 0, "
          f"@ag-ui/client fails at event 0 and stops): {crlf_t:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
