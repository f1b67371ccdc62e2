"""How long `sse-lint fixture`'s minimizer takes on a 10,000-event AG-UI stream with one bad event."""

from __future__ import annotations

import json
import time

from sse_lint import Options
from sse_lint.minimize import Case, minimize


def main() -> int:
    events = [{"type": "RUN_STARTED", "threadId": "t", "runId": "r"},
              {"type": "TEXT_MESSAGE_START", "messageId": "m", "role": "assistant"}]
    events += [{"type": "TEXT_MESSAGE_CONTENT", "messageId": "m", "delta": f"token {i} "} for i in range(10_000)]
    events.insert(7000, {"type": "TEXT_MESSAGE_CONTENT", "messageId": "nope", "delta": "x"})
    events += [{"type": "TEXT_MESSAGE_END", "messageId": "m"}, {"type": "RUN_FINISHED", "threadId": "t", "runId": "r"}]
    body = "".join(f"data: {json.dumps(e, separators=(',', ':'))}\n\n" for e in events).encode()
    t = time.perf_counter()
    result = minimize(Case([(None, body)]), "A107", options=Options(profile="agui"))
    seconds = time.perf_counter() - t
    print(f"10,004 events, {len(body):,} bytes -> {len(result.case.body)} bytes in {result.tests} checks, "
          f"{seconds:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
