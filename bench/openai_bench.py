"""OpenAI chat completions: sse-lint's full lint against the official `openai` SDK's own stream decoding
(its SSE decoder plus `ChatCompletionChunk` construction, via `openai.Stream`) over the same bytes, same run."""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator

import httpx
from openai import OpenAI, Stream
from openai.types.chat import ChatCompletionChunk

from sse_lint.engine import Linter, Options


def stream_bytes(n: int) -> bytes:
    head = {"id": "chatcmpl-AX7kq2", "object": "chat.completion.chunk", "created": 1732374000,
            "model": "gpt-4o-mini-2024-07-18", "system_fingerprint": "fp_0705bf87c0"}
    out = ["data: " + json.dumps({**head, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                                       "logprobs": None, "finish_reason": None}]}) + "\n\n"]
    words = ["The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog", "."]
    for i in range(n - 3):
        out.append("data: " + json.dumps({**head, "choices": [{"index": 0, "delta": {"content": words[i % 10]},
                                                               "logprobs": None, "finish_reason": None}]}) + "\n\n")
    out.append("data: " + json.dumps({**head, "choices": [{"index": 0, "delta": {}, "logprobs": None,
                                                           "finish_reason": "stop"}]}) + "\n\n")
    out.append("data: [DONE]\n\n")
    return "".join(out).encode()


class _Body(httpx.SyncByteStream):
    def __init__(self, parts: list[bytes]) -> None:
        self.parts = parts

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.parts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=1_000_000)
    args = ap.parse_args()
    data = stream_bytes(args.n)
    parts = [data[i:i + (1 << 16)] for i in range(0, len(data), 1 << 16)]
    client = OpenAI(api_key="sk-bench", base_url="http://127.0.0.1:1/v1")

    t = time.perf_counter()
    req = httpx.Request("POST", "http://127.0.0.1:1/v1/chat/completions")
    resp = httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=_Body(parts), request=req)
    n_sdk = sum(1 for _ in Stream(cast_to=ChatCompletionChunk, response=resp, client=client))
    sdk = time.perf_counter() - t

    t = time.perf_counter()
    linter = Linter("bench", Options(profile="openai-chat"))
    for p in parts:
        linter.feed(p)
    report = linter.close()
    ours = time.perf_counter() - t
    print(f"{args.n:,} events, {len(data) / 1e6:.0f} MB: openai SDK decoding {sdk:.2f} s ({n_sdk:,} chunks); "
          f"sse-lint full lint {ours:.2f} s ({report.events:,} events, {len(report.findings)} findings); "
          f"sse-lint is {sdk / ours:.2f}x the SDK's speed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
