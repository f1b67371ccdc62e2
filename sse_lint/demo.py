"""``sse-lint check --demo``: a bundled local endpoint that reproduces the five seed bugs and one clean stream."""

from __future__ import annotations

import json

from .client import RequestSpec
from .engine import Options
from .findings import Report
from .live import check_once
from .serve import Script, serve


def _agui(*events: dict) -> bytes:
    return b"".join(b"data: " + json.dumps(e, separators=(",", ":")).encode() + b"\n\n" for e in events)


START = {"type": "RUN_STARTED", "threadId": "demo-thread", "runId": "demo-run"}
MESSAGE = [{"type": "TEXT_MESSAGE_START", "messageId": "m1", "role": "assistant"},
           {"type": "TEXT_MESSAGE_CONTENT", "messageId": "m1", "delta": "Hello from the demo agent."},
           {"type": "TEXT_MESSAGE_END", "messageId": "m1"}]
FINISH = {"type": "RUN_FINISHED", "threadId": "demo-thread", "runId": "demo-run"}
ERROR = {"type": "RUN_ERROR", "message": "An internal error occurred", "code": "INTERNAL_ERROR"}

STREAMS: dict[str, tuple[str, Script, dict[str, object]]] = {
    "/agui/clean": ("a correct AG-UI run", Script(pieces=[(0, _agui(START)), (0.05, _agui(*MESSAGE, FINISH))]),
                    {"profile": "agui"}),
    "/agui/duplicate-run-error": ("seed 000: two RUN_ERROR events for one failure",
                                  Script(pieces=[(0, _agui(START, *MESSAGE)), (0.05, _agui(ERROR, ERROR))]),
                                  {"profile": "agui"}),
    "/agui/opaque-run-error": ("seed 001: an error that says nothing", Script(pieces=[(0, _agui(START, {
        "type": "RUN_ERROR", "message": "Provider returned error",
        "error": {"message": "Provider returned error"}}))]), {"profile": "agui"}),
    "/agui/hang": ("seed 002: a setup failure leaves the stream open forever",
                   Script(pieces=[(0, _agui(START))], hang=30), {"profile": "agui", "max_time": 1.5}),
    "/openai/stop-after-crash": ("seed 003: the task crashed, the stream still says stop and [DONE]", Script(pieces=[
        (0, b'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,'
            b'"delta":{"role":"assistant","content":""},"finish_reason":null}]}\n\n'),
        (0, b'data: {"error":{"message":"agent task crashed: KeyError \'tool\'","type":"server_error"}}\n\n'),
        (0, b'data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,'
            b'"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":0,"completion_tokens":0,"total_tokens":0}}\n\n'
            b'data: [DONE]\n\n'),
    ]), {}),
    "/anthropic/json-glued": ("seed 004: a JSON error body with SSE events glued on", Script(
        headers=[("Content-Type", "application/json")],
        pieces=[(0, b'{"error":{"message":"all configured keys are rate-limited","type":"rate_limit_error"},'
                    b'"type":"error"}event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1",'
                    b'"type":"message","role":"assistant","content":[],"model":"claude","usage":{"input_tokens":1,'
                    b'"output_tokens":1}}}\n\n'
                    b'event: content_block_start\ndata: {"type":"content_block_start","index":0,'
                    b'"content_block":{"type":"text","text":""}}\n\n'
                    b'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,'
                    b'"delta":{"type":"text_delta","text":"Hi"}}\n\n'
                    b'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n'
                    b'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},'
                    b'"usage":{"output_tokens":2}}\n\n'
                    b'event: message_stop\ndata: {"type":"message_stop"}\n\n')]), {}),
}


def _route(method: str, path: str, body: bytes) -> Script | None:
    entry = STREAMS.get(path.split("?", 1)[0])
    return entry[1] if entry else None


def run_demo(options: Options) -> list[Report]:
    """Serve the demo streams on 127.0.0.1 (a free port), check each live, stop the server."""
    reports = []
    with serve(_route) as base:
        for path, (title, _, extra) in STREAMS.items():
            opts = Options(profile=str(extra.get("profile", options.profile)), select=options.select,
                           ignore=options.ignore, severity=options.severity, settings=dict(options.settings))
            spec = RequestSpec(url=base + path, method="POST", headers=[("Accept", "text/event-stream")],
                               max_time=float(extra.get("max_time", 10.0)))  # type: ignore[arg-type]
            result = check_once(spec, opts)
            result.report.notes.insert(0, title)
            result.report.notes[:] = [n for n in result.report.notes if not n.startswith("reproduce")]
            reports.append(result.report)
    return reports
