"""Generate a realistic AG-UI event stream as raw SSE, for the sse-lint benchmarks.

Every event is built as a real ``ag_ui.core`` pydantic model and turned into bytes by the
real ``ag_ui.encoder.EventEncoder().encode(event)`` -- no templates, no string substitution,
so the output is byte for byte what an ag-ui-protocol producer writes (``data: <json>\\n\\n``,
LF line ends). At ~6 us per event that is ~10 s for a million events.

The stream is a sequence of runs on a handful of threads. Each run is a valid AG-UI run:

    RUN_STARTED
    STATE_SNAPSHOT
    per step (1-3):  STEP_STARTED
                     [REASONING_START  REASONING_MESSAGE_START  REASONING_MESSAGE_CONTENT*  ...END  REASONING_END]
                     [TEXT_MESSAGE_START  TEXT_MESSAGE_CONTENT*  TEXT_MESSAGE_END]
                     [TOOL_CALL_START  TOOL_CALL_ARGS*  TOOL_CALL_END  TOOL_CALL_RESULT]*
                     STATE_DELTA+          (RFC 6902 patches that apply to the snapshot)
                     STEP_FINISHED
    RUN_FINISHED

Content deltas are LLM-sized (mostly one token of 1-8 characters, sometimes a few tokens
batched), with a little non-ASCII text (curly quotes, dashes, accents, emoji) as real model
output has. Tool call argument deltas concatenate to a valid JSON document. Every message,
reasoning span, tool call and step is closed before its RUN_FINISHED; run, message and tool
call ids are unique over the whole stream. Output is deterministic for a given ``--seed``.
Exactly ``-n`` events are written (the last run is sized to fit).

    python bench/gen_agui.py -n 1000000 -o bench/out/agui-1m.sse
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import string
import sys
import time
from collections import Counter
from collections.abc import Iterator

from ag_ui.core import (
    BaseEvent,
    ReasoningEndEvent,
    ReasoningMessageContentEvent,
    ReasoningMessageEndEvent,
    ReasoningMessageStartEvent,
    ReasoningStartEvent,
    RunFinishedEvent,
    RunStartedEvent,
    StateDeltaEvent,
    StateSnapshotEvent,
    StepFinishedEvent,
    StepStartedEvent,
    TextMessageContentEvent,
    TextMessageEndEvent,
    TextMessageStartEvent,
    ToolCallArgsEvent,
    ToolCallEndEvent,
    ToolCallResultEvent,
    ToolCallStartEvent,
)
from ag_ui.encoder import EventEncoder

DEFAULT_EVENTS = 1_000_000
MAX_RUN_EVENTS = 6_000  # a normal run never has more events than this

# --------------------------------------------------------------------------------------
# text material

_ANSWER = """\
The quickest way to reduce tail latency here is to stop buffering the response in the proxy.
Nginx buffers upstream responses by default, so an event stream arrives in bursts instead of token by token.
Set proxy_buffering off for the streaming location, or send the X-Accel-Buffering: no header from the app.
I checked the last three deployments and the regression started with the change to the ingress controller.
Here is what the logs show for the failing requests between 14:02 and 14:17 UTC.
Most of the errors are timeouts after exactly 60 seconds, which matches the default idle timeout.
A heartbeat comment every 15 seconds keeps intermediaries from closing an idle connection.
The weather in Lisbon tomorrow looks mild: around 19 °C in the afternoon with a light westerly breeze.
Expect scattered showers in the morning, clearing by noon, so a light jacket should be enough.
Based on the query results, revenue grew 12.4% quarter over quarter, driven mainly by the EMEA region.
The churn rate stayed flat at 2.1%, while the average contract value rose from $18,400 to $21,050.
I’d suggest splitting the migration into two steps so the old and new schemas can coexist for a release.
First, add the nullable column and backfill it in batches of 10,000 rows to keep lock times short.
Then switch the readers over, and only drop the old column once nothing references it anymore.
The function fails because it mutates the list while iterating over it — copy it first or build a new list.
Café opening hours vary by season; the one near the station opens at 7:30 on weekdays.
This approach keeps the parser incremental: it never holds more than one line and one event in memory.
If you need exactly-once delivery, store the last event id and resume with the Last-Event-ID header.
The test suite passes locally, but CI runs on Python 3.10 where the typing syntax is not supported yet.
Let me know if you want me to open a pull request with these changes 🙂
Overall, the plan looks solid, and the remaining risk is mostly in the rollout, not in the code itself.
"""

_REASONING = """\
The user wants to know why the stream stalls, so I should look at the proxy configuration first.
They mentioned the problem started after a deployment, which suggests a config change rather than load.
I could search the incident log, but the timing lines up with the ingress update, so start there.
Need the forecast for the requested city; the weather tool takes a city name and a unit system.
The question is about revenue by region, so a SQL query against the sales table is the right tool.
I should check whether the table has the fiscal quarter column or whether I need to derive it.
The numbers look consistent with last quarter's report, so no need to re-run the query.
Before answering, double-check the edge case where the list is empty — the loop never runs.
Two options: a single migration with a long lock, or two releases with a backfill in between.
The second is safer for a table this size, so recommend that and explain the order of steps.
Summarise the findings briefly and offer to make the change, without repeating every log line.
"""

_CODE = """\
```python
async def stream(request):
    async for chunk in agent.run(request):
        yield encoder.encode(chunk)
```
"""

_EXTRA = "’“”—–éèüñ°€…→✓🙂🚀"


def _tokenize(text: str) -> list[str]:
    """Rough BPE-like pieces: words with their leading space, split into subwords of <= 7 chars."""
    pieces: list[str] = []
    for m in re.finditer(r" ?[A-Za-z]+| ?\d{1,3}| ?[^\sA-Za-z\d]|\n+| +", text):
        tok = m.group()
        while len(tok) > 7:
            cut = 3 + len(tok) % 4
            pieces.append(tok[:cut])
            tok = tok[cut:]
        pieces.append(tok)
    return pieces


_ANSWER_LINES = [_tokenize(line + " ") for line in _ANSWER.splitlines()]
_REASONING_LINES = [_tokenize(line + " ") for line in _REASONING.splitlines()]
_CODE_TOKENS = _tokenize(_CODE)


def _token_stream(rng: random.Random, lines: list[list[str]], n_tokens: int, markdown: bool) -> list[str]:
    out: list[str] = []
    while len(out) < n_tokens:
        r = rng.random()
        if markdown and r < 0.04 and out:
            out.append("\n\n")
            out.extend(_CODE_TOKENS)
            out.append("\n")
        elif markdown and r < 0.12 and out:
            out.extend(("\n\n", "-", " **", rng.choice(("Cause", "Fix", "Note", "Next")), "**:"))
        elif r < 0.15:
            out.append(" " + rng.choice(_EXTRA))
        out.extend(rng.choice(lines))
    return out[:n_tokens]


def _deltas(rng: random.Random, tokens: list[str]) -> list[str]:
    """Group tokens into deltas: mostly one token, sometimes a provider-batched handful."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        k = 1 if rng.random() < 0.7 else rng.randint(2, 8)
        out.append("".join(tokens[i:i + k]))
        i += k
    return [d for d in out if d]


def _lognormal_int(rng: random.Random, median: float, sigma: float, lo: int, hi: int) -> int:
    return max(lo, min(hi, int(rng.lognormvariate(0, sigma) * median)))


# --------------------------------------------------------------------------------------
# tools

_CITIES = ["Lisbon", "Berlin", "São Paulo", "Tokyo", "Nairobi", "Montréal", "Reykjavík", "Austin, TX"]
_PATHS = ["src/app/server.py", "deploy/nginx.conf", "docs/STREAMING.md", "tests/test_stream.py"]
_QUERIES = ["nginx proxy_buffering server-sent events", "ingress idle timeout 60s", "Last-Event-ID resume",
            "postgres add column without lock", "python list mutate during iteration"]


def _tool_call(rng: random.Random) -> tuple[str, dict[str, object], str]:
    """(tool name, arguments, result text) for one realistic call."""
    kind = rng.randrange(5)
    if kind == 0:
        city = rng.choice(_CITIES)
        args: dict[str, object] = {"city": city, "units": rng.choice(["metric", "imperial"])}
        result: object = {"city": city, "temperature": round(rng.uniform(-5, 35), 1),
                          "conditions": rng.choice(["clear", "partly cloudy", "light rain", "overcast"]),
                          "wind_kph": rng.randint(0, 60), "humidity": rng.randint(20, 95)}
        return "get_weather", args, json.dumps(result, ensure_ascii=False)
    if kind == 1:
        q = rng.choice(_QUERIES)
        args = {"query": q, "max_results": rng.choice([3, 5, 10])}
        hits = [{"title": f"{q.title()} — result {i + 1}", "url": f"https://example.com/{rng.getrandbits(40):x}",
                 "snippet": " ".join("".join(rng.choice(_ANSWER_LINES)).split()[:30])}
                for i in range(int(args["max_results"]))]  # type: ignore[call-overload]
        return "search_web", args, json.dumps({"results": hits}, ensure_ascii=False)
    if kind == 2:
        path = rng.choice(_PATHS)
        body = "\n".join("".join(rng.choice(_ANSWER_LINES)) for _ in range(rng.randint(5, 40)))
        return "read_file", {"path": path, "max_bytes": 65536}, body
    if kind == 3:
        sql = (f"SELECT region, SUM(amount) AS revenue FROM sales WHERE quarter = '2025-Q{rng.randint(1, 4)}' "
               "GROUP BY region ORDER BY revenue DESC")
        rows = [{"region": r, "revenue": round(rng.uniform(1e5, 5e6), 2)} for r in ("EMEA", "AMER", "APAC")]
        return "run_sql", {"query": sql, "timeout_ms": 5000}, json.dumps({"rows": rows, "row_count": len(rows)})
    title = "".join(rng.choice(_ANSWER_LINES)).strip()[:70]
    args = {"title": title, "priority": rng.choice(["low", "medium", "high"]),
            "labels": rng.sample(["streaming", "infra", "bug", "customer", "p1"], 2),
            "assignee": None if rng.random() < 0.5 else "oncall"}
    return "create_ticket", args, json.dumps({"id": f"OPS-{rng.randint(1000, 9999)}", "status": "open"})


def _arg_deltas(rng: random.Random, args: dict[str, object]) -> list[str]:
    """Split the JSON arguments into the small fragments model APIs stream them in."""
    text = json.dumps(args, ensure_ascii=False)
    out: list[str] = []
    i = 0
    while i < len(text):
        k = rng.randint(1, 8)
        out.append(text[i:i + k])
        i += k
    return out


# --------------------------------------------------------------------------------------
# runs

_B62 = string.ascii_letters + string.digits


class Ids:
    """Unique, realistic-looking ids (checked against everything handed out so far)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.seen: set[str] = set()

    def _fresh(self, make) -> str:  # type: ignore[no-untyped-def]
        while True:
            value = make()
            if value not in self.seen:
                self.seen.add(value)
                return value

    def uuid(self) -> str:
        def make() -> str:
            h = f"{self.rng.getrandbits(128):032x}"
            return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"
        return self._fresh(make)

    def tagged(self, prefix: str, n: int = 24) -> str:
        return self._fresh(lambda: prefix + "".join(self.rng.choices(_B62, k=n)))


class Generator:
    def __init__(self, seed: int = 0) -> None:
        self.rng = random.Random(seed)
        self.ids = Ids(self.rng)
        self.thread = self.ids.tagged("thread_")
        self.runs_on_thread = 0

    # one run ---------------------------------------------------------------------------
    def run(self) -> list[BaseEvent]:
        rng, ids = self.rng, self.ids
        if self.runs_on_thread >= rng.randint(3, 8):
            self.thread = self.ids.tagged("thread_")
            self.runs_on_thread = 0
        self.runs_on_thread += 1
        run_id = ids.uuid()
        ev: list[BaseEvent] = [RunStartedEvent(thread_id=self.thread, run_id=run_id)]

        todos = [{"id": f"t{i + 1}", "title": "".join(rng.choice(_REASONING_LINES)).strip()[:60], "done": False}
                 for i in range(rng.randint(2, 5))]
        state = {"status": "running", "progress": 0.0, "todos": todos, "notes": {},
                 "context": {"thread": self.thread, "model": "gpt-4.1", "temperature": 0.2}}
        ev.append(StateSnapshotEvent(snapshot=state))
        n_todos, done, n_notes = len(todos), 0, 0

        steps = rng.choice((["plan", "act", "respond"], ["act", "respond"], ["respond"], ["research", "respond"]))
        for s, step in enumerate(steps):
            ev.append(StepStartedEvent(step_name=f"{step}"))
            if rng.random() < 0.6:
                span, mid = ids.tagged("rs_"), ids.tagged("msg_")
                ev.append(ReasoningStartEvent(message_id=span))
                ev.append(ReasoningMessageStartEvent(message_id=mid, role="reasoning"))
                toks = _token_stream(rng, _REASONING_LINES, _lognormal_int(rng, 80, 0.6, 8, 600), False)
                ev.extend(ReasoningMessageContentEvent(message_id=mid, delta=d) for d in _deltas(rng, toks))
                ev.append(ReasoningMessageEndEvent(message_id=mid))
                ev.append(ReasoningEndEvent(message_id=span))
            parent: str | None = None
            last = s == len(steps) - 1
            if last or rng.random() < 0.5:
                parent = ids.tagged("msg_")
                ev.append(TextMessageStartEvent(message_id=parent, role="assistant"))
                median = 220 if last else 40
                toks = _token_stream(rng, _ANSWER_LINES, _lognormal_int(rng, median, 0.7, 5, 2500), True)
                ev.extend(TextMessageContentEvent(message_id=parent, delta=d) for d in _deltas(rng, toks))
                ev.append(TextMessageEndEvent(message_id=parent))
            if not last or rng.random() < 0.2:
                for _ in range(rng.choice((1, 1, 1, 2, 3))):
                    call = ids.tagged("call_")
                    name, args, result = _tool_call(rng)
                    ev.append(ToolCallStartEvent(tool_call_id=call, tool_call_name=name, parent_message_id=parent))
                    ev.extend(ToolCallArgsEvent(tool_call_id=call, delta=d) for d in _arg_deltas(rng, args))
                    ev.append(ToolCallEndEvent(tool_call_id=call))
                    ev.append(ToolCallResultEvent(message_id=ids.tagged("msg_"), tool_call_id=call, content=result,
                                                  role="tool"))
            patch: list[dict[str, object]] = []
            if done < n_todos and rng.random() < 0.8:
                patch.append({"op": "replace", "path": f"/todos/{done}/done", "value": True})
                done += 1
            if rng.random() < 0.3:
                n_todos += 1
                patch.append({"op": "add", "path": "/todos/-",
                              "value": {"id": f"t{n_todos}", "title": "Follow up on the rollout", "done": False}})
            if rng.random() < 0.4:
                n_notes += 1
                patch.append({"op": "add", "path": f"/notes/n{n_notes}",
                              "value": "".join(rng.choice(_REASONING_LINES)).strip()})
            patch.append({"op": "replace", "path": "/progress", "value": round((s + 1) / len(steps), 2)})
            if last:
                patch.append({"op": "replace", "path": "/status", "value": "done"})
            ev.append(StateDeltaEvent(delta=patch))
            ev.append(StepFinishedEvent(step_name=f"{step}"))
        ev.append(RunFinishedEvent(thread_id=self.thread, run_id=run_id))
        return ev

    # a run of exactly k events (k >= 2), to land on the requested total ----------------
    def run_of(self, k: int) -> list[BaseEvent]:
        if self.runs_on_thread >= 3:
            self.thread = self.ids.tagged("thread_")
            self.runs_on_thread = 0
        self.runs_on_thread += 1
        run_id = self.ids.uuid()
        ev: list[BaseEvent] = [RunStartedEvent(thread_id=self.thread, run_id=run_id)]
        body = k - 2
        if body == 1:
            ev.append(StateSnapshotEvent(snapshot={"status": "done"}))
        elif body == 2:
            ev += [StepStartedEvent(step_name="respond"), StepFinishedEvent(step_name="respond")]
        elif body >= 3:
            mid = self.ids.tagged("msg_")
            toks = _token_stream(self.rng, _ANSWER_LINES, body * 3, True)
            deltas = _deltas(self.rng, toks)
            while len(deltas) < body - 2:
                deltas += deltas or ["ok"]
            ev.append(TextMessageStartEvent(message_id=mid, role="assistant"))
            ev.extend(TextMessageContentEvent(message_id=mid, delta=d) for d in deltas[:body - 2])
            ev.append(TextMessageEndEvent(message_id=mid))
        ev.append(RunFinishedEvent(thread_id=self.thread, run_id=run_id))
        assert len(ev) == k
        return ev

    def events(self, n: int) -> Iterator[list[BaseEvent]]:
        """Runs (lists of events) totalling exactly ``n`` events."""
        if n < 2:
            raise ValueError("need at least 2 events (RUN_STARTED and RUN_FINISHED)")
        left = n
        while left:
            run = self.run()
            if len(run) == left or len(run) <= left - 2:
                yield run
                left -= len(run)
            else:
                yield self.run_of(left)
                left = 0


def generate(n: int = DEFAULT_EVENTS, seed: int = 0, timestamps: bool = False
             ) -> Iterator[tuple[bytes, Counter[str]]]:
    """Encoded runs: (SSE bytes of one run, event count per type in it)."""
    encode = EventEncoder().encode
    gen = Generator(seed)
    clock = 1_760_000_000_000  # ms since the epoch, as the SDKs that set ``timestamp`` use
    for run in gen.events(n):
        if timestamps:
            for e in run:
                clock += gen.rng.randint(5, 40)
                e.timestamp = clock
        yield "".join(encode(e) for e in run).encode(), Counter(e.type.value for e in run)


def generate_bytes(n: int, seed: int = 0, timestamps: bool = False) -> bytes:
    return b"".join(chunk for chunk, _ in generate(n, seed, timestamps))


def write(n: int, path: str, seed: int = 0, timestamps: bool = False) -> tuple[int, Counter[str]]:
    """Write the stream to ``path`` (``-`` for stdout); return (bytes written, events per type)."""
    total: Counter[str] = Counter()
    size = 0
    if path != "-":
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    out = sys.stdout.buffer if path == "-" else open(path, "wb")  # noqa: SIM115
    try:
        for chunk, counts in generate(n, seed, timestamps):
            out.write(chunk)
            size += len(chunk)
            total += counts
    finally:
        if path != "-":
            out.close()
        else:
            out.flush()
    return size, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--events", type=int, default=DEFAULT_EVENTS, help="number of events (default 1,000,000)")
    ap.add_argument("-o", "--output", default="bench/out/agui-1m.sse", help="output file, - for stdout")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--timestamps", action="store_true",
                    help="set each event's timestamp (ms since the epoch); the Python SDK leaves it out")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    size, counts = write(args.events, args.output, args.seed, args.timestamps)
    dt = time.perf_counter() - t0
    n = sum(counts.values())
    print(f"wrote {n:,} events, {size:,} bytes ({size / 2**20:.1f} MiB, {size / n:.0f} B/event) "
          f"to {args.output} in {dt:.1f} s", file=sys.stderr)
    for kind, c in counts.most_common():
        print(f"  {kind:<26} {c:>10,}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
