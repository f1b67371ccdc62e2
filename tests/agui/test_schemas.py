"""The AG-UI event schemas (schemas/agui) against the real ag-ui-protocol 1.0 SDK.

Positive instances are built with the SDK's own models and encoded with its own
``EventEncoder``, so the schemas are checked against what a real Python producer
puts on the wire. Negative instances are hand-written wire JSON.
"""

from __future__ import annotations

import functools
import json
import re
import typing
from pathlib import Path
from typing import Any

import ag_ui._generated.models as generated
import pytest
from ag_ui import core
from ag_ui.core import EventType
from ag_ui.encoder import EventEncoder
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas" / "agui"
BASE_URI = "https://sse-lint.dev/schemas/agui/"
DEFS_ID = BASE_URI + "_defs.schema.json"

SDK_TYPES = [member.value for member in EventType]
DEPRECATED_TYPES = [
    "THINKING_START",
    "THINKING_END",
    "THINKING_TEXT_MESSAGE_START",
    "THINKING_TEXT_MESSAGE_CONTENT",
    "THINKING_TEXT_MESSAGE_END",
]
ALL_TYPES = SDK_TYPES + DEPRECATED_TYPES
ROLES = {"start", "content", "error", "success", "heartbeat", "other"}


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


SCHEMA_FILES = sorted(SCHEMA_DIR.glob("*.schema.json"))
SCHEMAS: dict[str, dict] = {p.name[: -len(".schema.json")]: _load(p) for p in SCHEMA_FILES}
EVENT_SCHEMAS = {name: schema for name, schema in SCHEMAS.items() if not name.startswith("_")}
META: dict = _load(SCHEMA_DIR / "_meta.json")
REGISTRY: Registry = Registry().with_resources(
    (schema["$id"], Resource.from_contents(schema)) for schema in SCHEMAS.values()
)


@functools.cache
def validator(event_type: str) -> Draft202012Validator:
    return Draft202012Validator(EVENT_SCHEMAS[event_type], registry=REGISTRY)


def errors(instance: dict, event_type: str | None = None) -> list:
    return list(validator(event_type or instance["type"]).iter_errors(instance))


def assert_valid(instance: dict, event_type: str | None = None) -> None:
    found = errors(instance, event_type)
    assert not found, [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found]


def assert_invalid(instance: dict, event_type: str | None = None) -> None:
    assert errors(instance, event_type), f"expected a schema error for {instance!r}"


def wire(event: core.BaseEvent) -> dict:
    """Encode with the SDK's SSE encoder and parse the frame back."""
    frame = EventEncoder().encode(event)
    assert frame.startswith("data: ") and frame.endswith("\n\n")
    assert "\n" not in frame[:-2], "the encoder writes exactly one data line"
    payload = json.loads(frame[len("data: ") : -2])
    assert isinstance(payload, dict)
    return payload


def optional_props(schema: dict) -> list[str]:
    return [name for name in schema["properties"] if name not in schema["required"]]


# ---------------------------------------------------------------------------------------------
# (a) one schema per event type, (b) every schema is a valid draft 2020-12 schema
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("event_type", SDK_TYPES)
def test_every_sdk_event_type_has_a_schema(event_type: str) -> None:
    assert (SCHEMA_DIR / f"{event_type}.schema.json").is_file()


@pytest.mark.parametrize("event_type", DEPRECATED_TYPES)
def test_deprecated_thinking_events_have_deprecated_schemas(event_type: str) -> None:
    assert event_type not in SDK_TYPES, "THINKING_* left the protocol in 1.0"
    assert EVENT_SCHEMAS[event_type].get("deprecated") is True


def test_no_stray_schema_files() -> None:
    assert set(EVENT_SCHEMAS) == set(ALL_TYPES)
    assert {p.name for p in SCHEMA_DIR.iterdir()} == {
        *(f"{t}.schema.json" for t in ALL_TYPES),
        "_defs.schema.json",
        "_meta.json",
    }


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_passes_the_metaschema(path: Path) -> None:
    schema = _load(path)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == BASE_URI + path.name
    assert schema["title"] and schema["description"]


@pytest.mark.parametrize("path", SCHEMA_FILES, ids=lambda p: p.name)
def test_schema_file_is_tidy(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert "\t" not in text
    indents = {len(line) - len(line.lstrip(" ")) for line in text.splitlines()}
    assert all(n % 2 == 0 for n in indents), "2-space indentation"


@pytest.mark.parametrize("event_type", ALL_TYPES)
def test_event_schema_shape(event_type: str) -> None:
    schema = EVENT_SCHEMAS[event_type]
    assert schema["type"] == "object"
    assert schema["properties"]["type"]["const"] == event_type
    assert schema["required"][0] == "type"
    assert "additionalProperties" not in schema, "AG-UI passes unknown keys through"
    for base in ("timestamp", "rawEvent", "metadata"):
        assert base in schema["properties"]
    assert all(name == name[0].lower() + name[1:] and "_" not in name for name in schema["properties"])
    assert schema.get("deprecated", False) is (event_type in DEPRECATED_TYPES)


def _refs(node: Any):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_ref_resolves(name: str) -> None:
    schema = SCHEMAS[name]
    resolver = REGISTRY.resolver(base_uri=schema["$id"])
    for target in _refs(schema):
        if name != "_defs":
            assert target.startswith(DEFS_ID + "#/$defs/"), target
        resolver.lookup(target)  # raises if unresolvable


def test_every_shared_definition_is_used() -> None:
    used = {ref.rsplit("/", 1)[1] for schema in SCHEMAS.values() for ref in _refs(schema)}
    assert set(SCHEMAS["_defs"]["$defs"]) <= used


# ---------------------------------------------------------------------------------------------
# Cross-check against the SDK models: same wire names, same required set
# ---------------------------------------------------------------------------------------------


def _event_models() -> dict[str, type]:
    models = {}
    for obj in vars(generated).values():
        if isinstance(obj, type) and issubclass(obj, generated.BaseEvent) and obj is not generated.BaseEvent:
            models[obj.model_fields["type"].default.value] = obj
    return models


EVENT_MODELS = _event_models()

DEF_MODELS = {
    "TokenUsage": generated.TokenUsage,
    "Interrupt": generated.Interrupt,
    "RunFinishedSuccessOutcome": generated.RunFinishedSuccessOutcome,
    "RunFinishedInterruptOutcome": generated.RunFinishedInterruptOutcome,
    "RunFinishedCancelledOutcome": generated.RunFinishedCancelledOutcome,
    "SubagentFinishedSuccessOutcome": generated.SubagentFinishedSuccessOutcome,
    "SubagentFinishedSuspendedOutcome": generated.SubagentFinishedSuspendedOutcome,
    "AddOperation": generated.AddOperation,
    "RemoveOperation": generated.RemoveOperation,
    "ReplaceOperation": generated.ReplaceOperation,
    "MoveOperation": generated.MoveOperation,
    "CopyOperation": generated.CopyOperation,
    "TestOperation": generated.TestOperation,
    "DataSource": generated.DataSource,
    "UrlSource": generated.UrlSource,
    "FileSource": generated.FileSource,
    "TextPart": generated.TextPart,
    "ImagePart": generated.ImagePart,
    "AudioPart": generated.AudioPart,
    "VideoPart": generated.VideoPart,
    "DocumentPart": generated.DocumentPart,
    "FunctionCall": generated.FunctionCall,
    "ToolCall": generated.ToolCall,
    "DeveloperMessage": generated.DeveloperMessage,
    "SystemMessage": generated.SystemMessage,
    "AssistantMessage": generated.AssistantMessage,
    "UserMessage": generated.UserMessage,
    "ToolMessage": generated.ToolMessage,
    "ActivityMessage": generated.ActivityMessage,
    "ReasoningMessage": generated.ReasoningMessage,
    "Tool": generated.Tool,
    "Context": generated.Context,
    "ResumeEntry": generated.ResumeEntry,
    "RunAgentInput": generated.RunAgentInput,
}


def _wire_fields(model: type) -> tuple[set[str], set[str]]:
    """(all wire names, wire names a producer must write).

    A field typed as a bare Literal with a default (an event's ``type``, a message's
    ``role``, a patch ``op``, REASONING_MESSAGE_START.role) is optional in the Python
    constructor but always serialised, and required by the TypeScript schemas.
    """
    names, required = set(), set()
    for attr, field in model.model_fields.items():
        alias = field.alias or attr
        names.add(alias)
        if field.is_required() or typing.get_origin(field.annotation) is typing.Literal:
            required.add(alias)
    return names, required


def test_sdk_event_models_cover_every_sdk_type() -> None:
    assert set(EVENT_MODELS) == set(SDK_TYPES)


@pytest.mark.parametrize("event_type", SDK_TYPES)
def test_event_schema_matches_sdk_model(event_type: str) -> None:
    names, required = _wire_fields(EVENT_MODELS[event_type])
    schema = EVENT_SCHEMAS[event_type]
    assert set(schema["properties"]) == names
    assert set(schema["required"]) == required


@pytest.mark.parametrize("name", sorted(DEF_MODELS))
def test_shared_definition_matches_sdk_model(name: str) -> None:
    names, required = _wire_fields(DEF_MODELS[name])
    definition = SCHEMAS["_defs"]["$defs"][name]
    assert set(definition["properties"]) == names
    assert set(definition.get("required", [])) == required


def test_sdk_protocol_version_is_1_0() -> None:
    assert core.PROTOCOL_VERSION == META["protocolVersion"] == "1.0"


# ---------------------------------------------------------------------------------------------
# (c) realistic SDK-built events, encoded with the SDK encoder, validate
# ---------------------------------------------------------------------------------------------

TS = 1_700_000_000_123
META_OBJ = {"ag-ui": {"traceId": "tr_1"}, "tenant": "acme", "nullable": None}
RAW_EVT = {"object": "chat.completion.chunk", "id": "chatcmpl_1", "choices": []}
BASE_EXTRAS = dict(timestamp=TS, raw_event=RAW_EVT, metadata=META_OBJ)
ATTRIBUTED = dict(BASE_EXTRAS, subagent_run_id="sub_1")

USAGE = [
    core.TokenUsage(
        provider="openai",
        model="gpt-x",
        input_tokens=120,
        output_tokens=30,
        total_tokens=150,
        reasoning_tokens=12,
        cached_input_tokens=100,
        cache_write_input_tokens=0,
    )
]

PARTS = [
    core.TextPart(text="Look at this", id="p1", metadata={"source": "search", "title": "Result"}),
    core.ImagePart(source=core.DataSource(value="aGVsbG8=", mime_type="image/png"), metadata={"w": 1}),
    core.AudioPart(source=core.UrlSource(value="https://example.com/a.mp3", mime_type="audio/mpeg")),
    core.VideoPart(source=core.UrlSource(value="https://example.com/v.mp4")),
    core.DocumentPart(
        id="p5", source=core.FileSource(value="file-abc123", provider="openai", mime_type="application/pdf")
    ),
]

TOOL_CALL = core.ToolCall(
    id="call_1",
    function=core.FunctionCall(name="get_weather", arguments='{"city": "Berlin"}'),
    encrypted_value="enc_tc",
    metadata={"k": 1},
)

MESSAGES = [
    core.DeveloperMessage(id="d1", content="Be terse.", name="dev", encrypted_value="e", metadata={"a": 1}),
    core.SystemMessage(id="s1", content="You are helpful.", subagent_run_id="sub_1"),
    core.UserMessage(id="u1", content="Hello"),
    core.UserMessage(id="u2", content=PARTS, name="Ada", metadata={"lang": "en"}),
    core.AssistantMessage(id="a1"),
    core.AssistantMessage(
        id="a2", content="Checking.", tool_calls=[TOOL_CALL], name="bot", encrypted_value="x"
    ),
    core.ToolMessage(id="t1", content="22°C", tool_call_id="call_1"),
    core.ToolMessage(id="t2", content=PARTS[:2], tool_call_id="call_1", error="partial", encrypted_value="y"),
    core.ActivityMessage(
        id="act1", activity_type="PLAN", content={"steps": [{"title": "Search", "done": False}]}
    ),
    core.ReasoningMessage(id="r1", content="Thinking...", encrypted_value="enc_r", metadata={"m": 1}),
]

ALL_OPS = [
    {"op": "add", "path": "/items/-", "value": {"id": 1}},
    {"op": "add", "path": "/nothing", "value": None},
    {"op": "remove", "path": "/old"},
    {"op": "replace", "path": "", "value": {"fresh": True}},
    {"op": "move", "from": "/a~1b", "path": "/c~0d"},
    {"op": "copy", "from": "/items/0", "path": "/first"},
    {"op": "test", "path": "/count", "value": 3},
]

FULL_INPUT = core.RunAgentInput(
    thread_id="th_1",
    run_id="run_1",
    protocol_version=core.PROTOCOL_VERSION,
    parent_run_id="run_0",
    state={"count": 1},
    messages=MESSAGES,
    tools=[
        core.Tool(
            name="get_weather",
            description="Weather by city",
            parameters={"type": "object", "properties": {"city": {"type": "string"}}},
            metadata={"danger": False},
        )
    ],
    context=[core.Context(description="user timezone", value="Europe/Berlin")],
    forwarded_props={"ui": "dark"},
    resume=[
        core.ResumeEntry(interrupt_id="int_1", status="resolved", payload={"ok": True}, metadata={"k": 1})
    ],
)

INTERRUPT = core.Interrupt(
    id="int_1",
    reason="tool_approval",
    message="Approve sending the email?",
    tool_call_id="call_1",
    response_schema={"type": "object", "properties": {"approved": {"type": "boolean"}}},
    expires_at="2026-11-23T12:00:00Z",
    metadata={"k": 1},
    subagent_run_id="sub_1",
)


def sdk_events() -> list[tuple[str, core.BaseEvent]]:
    """(id, event): a minimal and a fully-populated instance of every event type, plus variants."""
    c = core
    events: list[tuple[str, core.BaseEvent]] = [
        ("TEXT_MESSAGE_START-min", c.TextMessageStartEvent(message_id="m1")),
        (
            "TEXT_MESSAGE_START-full",
            c.TextMessageStartEvent(message_id="m1", role="assistant", name="bot", **ATTRIBUTED),
        ),
        *[
            (f"TEXT_MESSAGE_START-{r}", c.TextMessageStartEvent(message_id="m1", role=r))
            for r in ("developer", "system", "user")
        ],
        ("TEXT_MESSAGE_CONTENT-min", c.TextMessageContentEvent(message_id="m1", delta="Hello, wörld ✓")),
        ("TEXT_MESSAGE_CONTENT-empty-delta", c.TextMessageContentEvent(message_id="m1", delta="")),
        (
            "TEXT_MESSAGE_CONTENT-full",
            c.TextMessageContentEvent(message_id="m1", delta='Hi\n"there"', **ATTRIBUTED),
        ),
        ("TEXT_MESSAGE_END-min", c.TextMessageEndEvent(message_id="m1")),
        ("TEXT_MESSAGE_END-full", c.TextMessageEndEvent(message_id="m1", **ATTRIBUTED)),
        ("TEXT_MESSAGE_CHUNK-min", c.TextMessageChunkEvent()),
        (
            "TEXT_MESSAGE_CHUNK-full",
            c.TextMessageChunkEvent(message_id="m2", role="user", delta="Hi", name="Ada", **ATTRIBUTED),
        ),
        ("TOOL_CALL_START-min", c.ToolCallStartEvent(tool_call_id="call_1", tool_call_name="get_weather")),
        (
            "TOOL_CALL_START-full",
            c.ToolCallStartEvent(
                tool_call_id="call_1", tool_call_name="get_weather", parent_message_id="m1", **ATTRIBUTED
            ),
        ),
        ("TOOL_CALL_ARGS-min", c.ToolCallArgsEvent(tool_call_id="call_1", delta='{"city": "Ber')),
        ("TOOL_CALL_ARGS-empty-delta", c.ToolCallArgsEvent(tool_call_id="call_1", delta="")),
        ("TOOL_CALL_ARGS-full", c.ToolCallArgsEvent(tool_call_id="call_1", delta='lin"}', **ATTRIBUTED)),
        ("TOOL_CALL_END-min", c.ToolCallEndEvent(tool_call_id="call_1")),
        ("TOOL_CALL_END-full", c.ToolCallEndEvent(tool_call_id="call_1", **ATTRIBUTED)),
        ("TOOL_CALL_CHUNK-min", c.ToolCallChunkEvent()),
        (
            "TOOL_CALL_CHUNK-full",
            c.ToolCallChunkEvent(
                tool_call_id="call_2",
                tool_call_name="search",
                parent_message_id="m1",
                delta="{",
                **ATTRIBUTED,
            ),
        ),
        (
            "TOOL_CALL_RESULT-min",
            c.ToolCallResultEvent(message_id="t1", tool_call_id="call_1", content="22°C"),
        ),
        (
            "TOOL_CALL_RESULT-full",
            c.ToolCallResultEvent(
                message_id="t1", tool_call_id="call_1", content=PARTS, role="tool", **ATTRIBUTED
            ),
        ),
        ("STATE_SNAPSHOT-min", c.StateSnapshotEvent(snapshot={"count": 1, "items": []})),
        ("STATE_SNAPSHOT-null", c.StateSnapshotEvent(snapshot=None)),
        ("STATE_SNAPSHOT-array", c.StateSnapshotEvent(snapshot=[1, "two", None])),
        ("STATE_SNAPSHOT-full", c.StateSnapshotEvent(snapshot="scalar state", **ATTRIBUTED)),
        ("STATE_DELTA-min", c.StateDeltaEvent(delta=[])),
        ("STATE_DELTA-full", c.StateDeltaEvent(delta=ALL_OPS, **ATTRIBUTED)),
        ("MESSAGES_SNAPSHOT-min", c.MessagesSnapshotEvent(messages=[])),
        ("MESSAGES_SNAPSHOT-full", c.MessagesSnapshotEvent(messages=MESSAGES, **BASE_EXTRAS)),
        (
            "ACTIVITY_SNAPSHOT-min",
            c.ActivitySnapshotEvent(message_id="act1", activity_type="PLAN", content={}),
        ),
        (
            "ACTIVITY_SNAPSHOT-full",
            c.ActivitySnapshotEvent(
                message_id="act1", activity_type="PLAN", content={"steps": []}, replace=False, **ATTRIBUTED
            ),
        ),
        ("ACTIVITY_DELTA-min", c.ActivityDeltaEvent(message_id="act1", activity_type="PLAN", patch=[])),
        (
            "ACTIVITY_DELTA-full",
            c.ActivityDeltaEvent(message_id="act1", activity_type="PLAN", patch=ALL_OPS, **ATTRIBUTED),
        ),
        ("RAW-min", c.RawEvent(event={"type": "response.output_text.delta", "delta": "Hi"})),
        ("RAW-null-event", c.RawEvent(event=None)),
        ("RAW-full", c.RawEvent(event=["anything"], source="openai.responses", **ATTRIBUTED)),
        ("CUSTOM-min", c.CustomEvent(name="PredictState", value=[{"state_key": "steps", "tool": "plan"}])),
        ("CUSTOM-null-value", c.CustomEvent(name="Ping", value=None)),
        ("CUSTOM-full", c.CustomEvent(name="Ping", value=0, **ATTRIBUTED)),
        ("RUN_STARTED-min", c.RunStartedEvent(thread_id="th_1", run_id="run_1")),
        (
            "RUN_STARTED-full",
            c.RunStartedEvent(
                thread_id="th_1",
                run_id="run_1",
                parent_run_id="run_0",
                protocol_version=core.PROTOCOL_VERSION,
                input=FULL_INPUT,
                **BASE_EXTRAS,
            ),
        ),
        (
            "RUN_STARTED-min-input",
            c.RunStartedEvent(
                thread_id="th_1",
                run_id="run_1",
                input=c.RunAgentInput(thread_id="th_1", run_id="run_1", messages=[]),
            ),
        ),
        ("RUN_FINISHED-min", c.RunFinishedEvent(thread_id="th_1", run_id="run_1")),
        (
            "RUN_FINISHED-full",
            c.RunFinishedEvent(
                thread_id="th_1",
                run_id="run_1",
                result={"answer": 42},
                outcome=c.RunFinishedSuccessOutcome(pending_tool_call_ids=["call_9"]),
                usage=USAGE,
                **BASE_EXTRAS,
            ),
        ),
        (
            "RUN_FINISHED-success",
            c.RunFinishedEvent(thread_id="th_1", run_id="run_1", outcome=c.RunFinishedSuccessOutcome()),
        ),
        (
            "RUN_FINISHED-interrupt",
            c.RunFinishedEvent(
                thread_id="th_1",
                run_id="run_1",
                outcome=c.RunFinishedInterruptOutcome(
                    interrupts=[INTERRUPT, c.Interrupt(id="int_2", reason="input_required")]
                ),
            ),
        ),
        (
            "RUN_FINISHED-cancelled",
            c.RunFinishedEvent(
                thread_id="th_1", run_id="run_1", outcome=c.RunFinishedCancelledOutcome(), result="partial"
            ),
        ),
        ("RUN_ERROR-min", c.RunErrorEvent(message="Rate limited")),
        (
            "RUN_ERROR-full",
            c.RunErrorEvent(message="Rate limited", code="rate_limit", usage=USAGE, **BASE_EXTRAS),
        ),
        ("STEP_STARTED-min", c.StepStartedEvent(step_name="plan")),
        ("STEP_STARTED-full", c.StepStartedEvent(step_name="plan", **ATTRIBUTED)),
        ("STEP_FINISHED-min", c.StepFinishedEvent(step_name="plan")),
        ("STEP_FINISHED-full", c.StepFinishedEvent(step_name="plan", **ATTRIBUTED)),
        ("REASONING_START-min", c.ReasoningStartEvent(message_id="rs1")),
        ("REASONING_START-full", c.ReasoningStartEvent(message_id="rs1", **ATTRIBUTED)),
        ("REASONING_MESSAGE_START-min", c.ReasoningMessageStartEvent(message_id="r1")),
        (
            "REASONING_MESSAGE_START-full",
            c.ReasoningMessageStartEvent(message_id="r1", role="reasoning", **ATTRIBUTED),
        ),
        (
            "REASONING_MESSAGE_CONTENT-min",
            c.ReasoningMessageContentEvent(message_id="r1", delta="Let me think"),
        ),
        ("REASONING_MESSAGE_CONTENT-empty-delta", c.ReasoningMessageContentEvent(message_id="r1", delta="")),
        (
            "REASONING_MESSAGE_CONTENT-full",
            c.ReasoningMessageContentEvent(message_id="r1", delta="…", **ATTRIBUTED),
        ),
        ("REASONING_MESSAGE_END-min", c.ReasoningMessageEndEvent(message_id="r1")),
        ("REASONING_MESSAGE_END-full", c.ReasoningMessageEndEvent(message_id="r1", **ATTRIBUTED)),
        ("REASONING_MESSAGE_CHUNK-min", c.ReasoningMessageChunkEvent()),
        (
            "REASONING_MESSAGE_CHUNK-full",
            c.ReasoningMessageChunkEvent(message_id="r2", delta="hmm", **ATTRIBUTED),
        ),
        ("REASONING_END-min", c.ReasoningEndEvent(message_id="rs1")),
        ("REASONING_END-full", c.ReasoningEndEvent(message_id="rs1", **ATTRIBUTED)),
        (
            "REASONING_ENCRYPTED_VALUE-message",
            c.ReasoningEncryptedValueEvent(subtype="message", entity_id="r1", encrypted_value="gAAAA…"),
        ),
        (
            "REASONING_ENCRYPTED_VALUE-full",
            c.ReasoningEncryptedValueEvent(
                subtype="tool-call", entity_id="call_1", encrypted_value="gAAAA…", **ATTRIBUTED
            ),
        ),
        ("SUBAGENT_STARTED-min", c.SubagentStartedEvent(subagent_run_id="sub_1", name="researcher")),
        (
            "SUBAGENT_STARTED-full",
            c.SubagentStartedEvent(
                subagent_run_id="sub_2",
                name="researcher",
                description="Finds sources",
                parent_subagent_run_id="sub_1",
                parent_tool_call_id="call_1",
                parent_message_id="m1",
                **BASE_EXTRAS,
            ),
        ),
        ("SUBAGENT_FINISHED-min", c.SubagentFinishedEvent(subagent_run_id="sub_1")),
        (
            "SUBAGENT_FINISHED-full",
            c.SubagentFinishedEvent(
                subagent_run_id="sub_1",
                result={"sources": 3},
                outcome=c.SubagentFinishedSuccessOutcome(),
                **BASE_EXTRAS,
            ),
        ),
        (
            "SUBAGENT_FINISHED-suspended",
            c.SubagentFinishedEvent(
                subagent_run_id="sub_1", outcome=c.SubagentFinishedSuspendedOutcome(interrupt_ids=["int_1"])
            ),
        ),
        (
            "SUBAGENT_FINISHED-suspended-bare",
            c.SubagentFinishedEvent(subagent_run_id="sub_1", outcome=c.SubagentFinishedSuspendedOutcome()),
        ),
        ("SUBAGENT_ERROR-min", c.SubagentErrorEvent(subagent_run_id="sub_1", message="boom")),
        (
            "SUBAGENT_ERROR-full",
            c.SubagentErrorEvent(subagent_run_id="sub_1", message="boom", code="tool_failed", **BASE_EXTRAS),
        ),
        ("CUSTOM-extra-key", c.CustomEvent(name="x", value=1, vendorField={"kept": True})),
    ]
    return events


SDK_EVENTS = sdk_events()


@pytest.mark.parametrize("event_type", SDK_TYPES)
def test_every_sdk_type_has_a_minimal_and_a_full_instance(event_type: str) -> None:
    built = [event for _, event in SDK_EVENTS if event.type.value == event_type]
    assert len(built) >= 2
    schema = EVENT_SCHEMAS[event_type]
    # Some instance carries every optional property the schema declares.
    covered = set().union(*(wire(event) for event in built))
    assert covered >= set(schema["properties"])


@pytest.mark.parametrize(("case", "event"), SDK_EVENTS, ids=[case for case, _ in SDK_EVENTS])
def test_sdk_encoded_event_validates(case: str, event: core.BaseEvent) -> None:
    payload = wire(event)
    assert payload["type"] == event.type.value
    assert_valid(payload)


def test_sdk_encoder_omits_unset_optional_fields() -> None:
    assert wire(core.TextMessageStartEvent(message_id="m1")) == {
        "type": "TEXT_MESSAGE_START",
        "messageId": "m1",
    }
    assert wire(core.ReasoningMessageStartEvent(message_id="r1"))["role"] == "reasoning"


# ---------------------------------------------------------------------------------------------
# Hand-written wire JSON: deprecated events and other accepted shapes
# ---------------------------------------------------------------------------------------------

VALID_WIRE = [
    # 0.x producers (ag-ui-protocol 0.1.x) still emit these.
    {"type": "THINKING_START"},
    {"type": "THINKING_START", "title": "Planning", "timestamp": TS},
    {"type": "THINKING_TEXT_MESSAGE_START"},
    {"type": "THINKING_TEXT_MESSAGE_CONTENT", "delta": "Let me see"},
    {"type": "THINKING_TEXT_MESSAGE_CONTENT", "delta": ""},
    {"type": "THINKING_TEXT_MESSAGE_END"},
    {"type": "THINKING_END"},
    # 0.1.x Python always serialised the TEXT_MESSAGE_START default role.
    {"type": "TEXT_MESSAGE_START", "messageId": "m1", "role": "assistant"},
    # An integral float is an integer in JSON Schema, and JSON.parse gives the TS client an int too.
    {"type": "TEXT_MESSAGE_END", "messageId": "m1", "timestamp": 1700000000000.0},
    {"type": "TEXT_MESSAGE_END", "messageId": "m1", "timestamp": -9007199254740991},
    # Unknown keys pass the schema (a separate rule warns about them), also inside outcomes and patch ops.
    {"type": "TEXT_MESSAGE_CONTENT", "messageId": "m1", "delta": "x", "vendor": {"a": 1}},
    {"type": "RUN_FINISHED", "threadId": "t", "runId": "r", "outcome": {"type": "success", "x": 1}},
    {"type": "STATE_DELTA", "delta": [{"op": "remove", "path": "/a", "value": "leftover"}]},
    # Legacy binary parts inside a snapshot: the 1.0 client upgrades those with data or url.
    {
        "type": "MESSAGES_SNAPSHOT",
        "messages": [
            {
                "id": "u1",
                "role": "user",
                "content": [
                    {"type": "binary", "mimeType": "image/png", "data": "aGVsbG8="},
                    {
                        "type": "binary",
                        "mimeType": "application/pdf",
                        "url": "https://x/y.pdf",
                        "filename": "y.pdf",
                    },
                ],
            }
        ],
    },
    # Values inside metadata may be null; the activity content is open by key.
    {
        "type": "ACTIVITY_SNAPSHOT",
        "messageId": "a",
        "activityType": "PLAN",
        "content": {"k": None},
        "metadata": {"k": None},
    },
]


@pytest.mark.parametrize("instance", VALID_WIRE, ids=lambda i: i["type"])
def test_handwritten_wire_event_validates(instance: dict) -> None:
    assert_valid(instance)


# ---------------------------------------------------------------------------------------------
# (d) negative cases
# ---------------------------------------------------------------------------------------------

TMS = {"type": "TEXT_MESSAGE_START", "messageId": "m1"}
TMC = {"type": "TEXT_MESSAGE_CONTENT", "messageId": "m1", "delta": "Hi"}
TCS = {"type": "TOOL_CALL_START", "toolCallId": "c1", "toolCallName": "search"}
TCR = {"type": "TOOL_CALL_RESULT", "messageId": "t1", "toolCallId": "c1", "content": "ok"}
RS = {"type": "RUN_STARTED", "threadId": "t", "runId": "r"}
RF = {"type": "RUN_FINISHED", "threadId": "t", "runId": "r"}
RE = {"type": "RUN_ERROR", "message": "boom"}
SD = {"type": "STATE_DELTA", "delta": []}
MS = {"type": "MESSAGES_SNAPSHOT", "messages": []}
AS = {"type": "ACTIVITY_SNAPSHOT", "messageId": "a", "activityType": "PLAN", "content": {}}
RMS = {"type": "REASONING_MESSAGE_START", "messageId": "r1", "role": "reasoning"}
REV = {"type": "REASONING_ENCRYPTED_VALUE", "subtype": "message", "entityId": "r1", "encryptedValue": "e"}
SAS = {"type": "SUBAGENT_STARTED", "subagentRunId": "s1", "name": "researcher"}
SAF = {"type": "SUBAGENT_FINISHED", "subagentRunId": "s1"}
INTERRUPT_WIRE = {"id": "i1", "reason": "approval"}
IMAGE = {"type": "image", "source": {"type": "url", "value": "https://x/y.png"}}


def _without(instance: dict, *keys: str) -> dict:
    return {k: v for k, v in instance.items() if k not in keys}


def _msg(**message: Any) -> dict:
    return {**MS, "messages": [message]}


def _op(**op: Any) -> dict:
    return {**SD, "delta": [op]}


INVALID_WIRE: list[tuple[str, dict]] = [
    # TEXT_MESSAGE_START
    ("tms-missing-messageId", _without(TMS, "messageId")),
    ("tms-snake-message_id", {"type": "TEXT_MESSAGE_START", "message_id": "m1"}),
    ("tms-messageId-number", {**TMS, "messageId": 5}),
    ("tms-messageId-null", {**TMS, "messageId": None}),
    ("tms-role-tool", {**TMS, "role": "tool"}),
    ("tms-role-reasoning", {**TMS, "role": "reasoning"}),
    ("tms-role-case", {**TMS, "role": "Assistant"}),
    ("tms-name-number", {**TMS, "name": 1}),
    ("tms-timestamp-float", {**TMS, "timestamp": 1.5}),
    ("tms-timestamp-string", {**TMS, "timestamp": "123"}),
    ("tms-timestamp-too-big", {**TMS, "timestamp": 9007199254740992}),
    ("tms-timestamp-too-small", {**TMS, "timestamp": -9007199254740992}),
    ("tms-metadata-array", {**TMS, "metadata": []}),
    ("tms-metadata-string", {**TMS, "metadata": "x"}),
    ("tms-subagentRunId-number", {**TMS, "subagentRunId": 7}),
    ("tms-wrong-type-const", {**TMS, "type": "TEXT_MESSAGE_END"}),
    ("tms-type-lowercase", {**TMS, "type": "text_message_start"}),
    ("tms-missing-type", _without(TMS, "type")),
    # TEXT_MESSAGE_CONTENT / END / CHUNK
    ("tmc-missing-delta", _without(TMC, "delta")),
    ("tmc-delta-null", {**TMC, "delta": None}),
    ("tmc-delta-number", {**TMC, "delta": 5}),
    ("tmc-snake-message_id", {"type": "TEXT_MESSAGE_CONTENT", "message_id": "m1", "delta": "x"}),
    ("tme-missing-messageId", {"type": "TEXT_MESSAGE_END"}),
    ("tmch-delta-number", {"type": "TEXT_MESSAGE_CHUNK", "delta": 1}),
    ("tmch-role-tool", {"type": "TEXT_MESSAGE_CHUNK", "role": "tool"}),
    # tool calls
    ("tcs-missing-toolCallName", _without(TCS, "toolCallName")),
    ("tcs-snake-tool_call_id", {"type": "TOOL_CALL_START", "tool_call_id": "c1", "toolCallName": "s"}),
    ("tcs-parentMessageId-number", {**TCS, "parentMessageId": 1}),
    ("tca-missing-delta", {"type": "TOOL_CALL_ARGS", "toolCallId": "c1"}),
    ("tca-delta-object", {"type": "TOOL_CALL_ARGS", "toolCallId": "c1", "delta": {"city": "Berlin"}}),
    ("tce-missing-toolCallId", {"type": "TOOL_CALL_END"}),
    ("tcch-toolCallId-number", {"type": "TOOL_CALL_CHUNK", "toolCallId": 1}),
    ("tcr-missing-messageId", _without(TCR, "messageId")),
    ("tcr-missing-content", _without(TCR, "content")),
    ("tcr-content-object", {**TCR, "content": {"text": "ok"}}),
    ("tcr-content-bad-part", {**TCR, "content": [{"type": "text"}]}),
    (
        "tcr-content-binary-part",
        {**TCR, "content": [{"type": "binary", "mimeType": "image/png", "data": "x"}]},
    ),
    ("tcr-role-assistant", {**TCR, "role": "assistant"}),
    # state
    ("ss-missing-snapshot", {"type": "STATE_SNAPSHOT"}),
    ("sd-missing-delta", {"type": "STATE_DELTA"}),
    ("sd-delta-object", {**SD, "delta": {}}),
    ("sd-op-bogus", _op(op="bogus", path="/a")),
    ("sd-op-missing", _op(path="/a", value=1)),
    ("sd-path-no-slash", _op(op="add", path="a", value=1)),
    ("sd-path-bad-escape", _op(op="remove", path="/a~2")),
    ("sd-add-without-value", _op(op="add", path="/a")),
    ("sd-test-without-value", _op(op="test", path="/a")),
    ("sd-move-without-from", _op(op="move", path="/a")),
    ("sd-copy-bad-from", _op(op="copy", **{"from": "x"}, path="/a")),
    ("sd-op-not-object", {**SD, "delta": ["add"]}),
    # messages snapshot
    ("ms-missing-messages", {"type": "MESSAGES_SNAPSHOT"}),
    ("ms-messages-object", {**MS, "messages": {}}),
    ("ms-message-without-id", _msg(role="user", content="hi")),
    ("ms-message-without-role", _msg(id="m", content="hi")),
    ("ms-message-role-bogus", _msg(id="m", role="bot", content="hi")),
    ("ms-user-without-content", _msg(id="m", role="user")),
    ("ms-user-content-number", _msg(id="m", role="user", content=5)),
    ("ms-system-content-parts", _msg(id="m", role="system", content=[{"type": "text", "text": "x"}])),
    ("ms-developer-without-content", _msg(id="m", role="developer")),
    ("ms-tool-without-toolCallId", _msg(id="m", role="tool", content="x")),
    ("ms-tool-snake-tool_call_id", _msg(id="m", role="tool", content="x", tool_call_id="c1")),
    (
        "ms-assistant-toolcall-bad-function",
        _msg(
            id="m", role="assistant", toolCalls=[{"id": "c", "type": "function", "function": {"name": "f"}}]
        ),
    ),
    (
        "ms-assistant-toolcall-type-missing",
        _msg(id="m", role="assistant", toolCalls=[{"id": "c", "function": {"name": "f", "arguments": "{}"}}]),
    ),
    (
        "ms-assistant-toolcall-args-object",
        _msg(
            id="m",
            role="assistant",
            toolCalls=[{"id": "c", "type": "function", "function": {"name": "f", "arguments": {}}}],
        ),
    ),
    ("ms-activity-content-array", _msg(id="m", role="activity", activityType="PLAN", content=[])),
    ("ms-reasoning-without-content", _msg(id="m", role="reasoning")),
    ("ms-message-name-null", _msg(id="m", role="user", content="hi", name=None)),
    ("ms-message-metadata-null", _msg(id="m", role="user", content="hi", metadata=None)),
    ("ms-message-subagentRunId-null", _msg(id="m", role="user", content="hi", subagentRunId=None)),
    (
        "ms-text-part-metadata-null",
        _msg(id="m", role="user", content=[{"type": "text", "text": "x", "metadata": None}]),
    ),
    ("ms-part-type-bogus", _msg(id="m", role="user", content=[{"type": "pdf", "source": {}}])),
    ("ms-image-without-source", _msg(id="m", role="user", content=[{"type": "image"}])),
    (
        "ms-data-source-without-mimeType",
        _msg(id="m", role="user", content=[{"type": "image", "source": {"type": "data", "value": "x"}}]),
    ),
    (
        "ms-source-type-bogus",
        _msg(id="m", role="user", content=[{"type": "image", "source": {"type": "s3", "value": "x"}}]),
    ),
    (
        "ms-binary-only-id",
        _msg(id="m", role="user", content=[{"type": "binary", "mimeType": "image/png", "id": "f1"}]),
    ),
    ("ms-binary-without-mimeType", _msg(id="m", role="user", content=[{"type": "binary", "data": "x"}])),
    # activity
    ("as-content-array", {**AS, "content": []}),
    ("as-content-null", {**AS, "content": None}),
    ("as-missing-activityType", _without(AS, "activityType")),
    ("as-replace-string", {**AS, "replace": "yes"}),
    (
        "ad-patch-bad-op",
        {
            "type": "ACTIVITY_DELTA",
            "messageId": "a",
            "activityType": "P",
            "patch": [{"op": "add", "path": "/x"}],
        },
    ),
    # special
    ("raw-missing-event", {"type": "RAW"}),
    ("raw-source-number", {"type": "RAW", "event": {}, "source": 1}),
    ("custom-missing-value", {"type": "CUSTOM", "name": "x"}),
    ("custom-missing-name", {"type": "CUSTOM", "value": 1}),
    # lifecycle
    ("rs-missing-runId", _without(RS, "runId")),
    ("rs-snake-thread_id", {"type": "RUN_STARTED", "thread_id": "t", "runId": "r"}),
    ("rs-input-without-messages", {**RS, "input": {"threadId": "t", "runId": "r"}}),
    ("rs-input-tools-null", {**RS, "input": {"threadId": "t", "runId": "r", "messages": [], "tools": None}}),
    (
        "rs-input-tool-without-description",
        {**RS, "input": {"threadId": "t", "runId": "r", "messages": [], "tools": [{"name": "f"}]}},
    ),
    (
        "rs-input-resume-bad-status",
        {
            **RS,
            "input": {
                "threadId": "t",
                "runId": "r",
                "messages": [],
                "resume": [{"interruptId": "i", "status": "done"}],
            },
        },
    ),
    ("rf-missing-ids", {"type": "RUN_FINISHED"}),
    ("rf-missing-runId", _without(RF, "runId")),
    ("rf-outcome-type-bogus", {**RF, "outcome": {"type": "failed"}}),
    ("rf-outcome-string", {**RF, "outcome": "success"}),
    ("rf-outcome-interrupt-empty", {**RF, "outcome": {"type": "interrupt", "interrupts": []}}),
    ("rf-outcome-interrupt-missing", {**RF, "outcome": {"type": "interrupt"}}),
    ("rf-interrupt-without-reason", {**RF, "outcome": {"type": "interrupt", "interrupts": [{"id": "i1"}]}}),
    (
        "rf-interrupt-subagentRunId-null",
        {**RF, "outcome": {"type": "interrupt", "interrupts": [{**INTERRUPT_WIRE, "subagentRunId": None}]}},
    ),
    (
        "rf-interrupt-responseSchema-array",
        {**RF, "outcome": {"type": "interrupt", "interrupts": [{**INTERRUPT_WIRE, "responseSchema": []}]}},
    ),
    ("rf-pendingToolCallIds-numbers", {**RF, "outcome": {"type": "success", "pendingToolCallIds": [1]}}),
    ("rf-outcome-suspended", {**RF, "outcome": {"type": "suspended"}}),
    ("rf-usage-negative", {**RF, "usage": [{"inputTokens": -1}]}),
    ("rf-usage-float", {**RF, "usage": [{"outputTokens": 1.5}]}),
    ("rf-usage-object", {**RF, "usage": {"inputTokens": 1}}),
    ("re-missing-message", {"type": "RUN_ERROR", "code": "x"}),
    ("re-message-null", {**RE, "message": None}),
    ("re-code-number", {**RE, "code": 500}),
    ("step-started-missing-stepName", {"type": "STEP_STARTED"}),
    ("step-finished-snake-step_name", {"type": "STEP_FINISHED", "step_name": "plan"}),
    # reasoning
    ("rs-start-missing-messageId", {"type": "REASONING_START"}),
    ("rms-missing-role", _without(RMS, "role")),
    ("rms-role-assistant", {**RMS, "role": "assistant"}),
    ("rmc-missing-delta", {"type": "REASONING_MESSAGE_CONTENT", "messageId": "r1"}),
    ("rmch-delta-number", {"type": "REASONING_MESSAGE_CHUNK", "delta": 1}),
    ("re-end-missing-messageId", {"type": "REASONING_END"}),
    ("rev-subtype-bogus", {**REV, "subtype": "tool_call"}),
    ("rev-missing-encryptedValue", _without(REV, "encryptedValue")),
    # subagents
    ("sas-missing-subagentRunId", _without(SAS, "subagentRunId")),
    ("sas-subagentRunId-null", {**SAS, "subagentRunId": None}),
    ("sas-missing-name", _without(SAS, "name")),
    ("saf-outcome-cancelled", {**SAF, "outcome": {"type": "cancelled"}}),
    ("saf-interruptIds-numbers", {**SAF, "outcome": {"type": "suspended", "interruptIds": [1]}}),
    ("saf-interruptIds-null", {**SAF, "outcome": {"type": "suspended", "interruptIds": None}}),
    ("sae-missing-message", {"type": "SUBAGENT_ERROR", "subagentRunId": "s1"}),
    # deprecated
    ("thinking-content-missing-delta", {"type": "THINKING_TEXT_MESSAGE_CONTENT"}),
    ("thinking-start-title-number", {"type": "THINKING_START", "title": 1}),
]


@pytest.mark.parametrize(("case", "instance"), INVALID_WIRE, ids=[case for case, _ in INVALID_WIRE])
def test_invalid_wire_event_fails(case: str, instance: dict) -> None:
    # The tms-* cases include a missing, foreign or misspelt ``type``: check them against TEXT_MESSAGE_START.
    event_type = "TEXT_MESSAGE_START" if case.startswith("tms-") else instance["type"]
    assert_invalid(instance, event_type)


@pytest.mark.parametrize("event_type", ALL_TYPES)
def test_foreign_or_missing_type_fails(event_type: str) -> None:
    assert_invalid({"type": "FOO"}, event_type)
    assert_invalid({}, event_type)
    assert_invalid([], event_type)


def test_snake_case_leaves_required_field_missing() -> None:
    (error,) = errors({"type": "TEXT_MESSAGE_CONTENT", "message_id": "m1", "delta": "x"})
    assert error.validator == "required"
    assert "'messageId' is a required property" in error.message


# ---------------------------------------------------------------------------------------------
# Null policy: optional top-level nulls pass (rule A120 reports them), required ones do not
# ---------------------------------------------------------------------------------------------

MINIMAL = {case.split("-")[0]: wire(event) for case, event in SDK_EVENTS if case.endswith("-min")}
MINIMAL.update(
    {
        t: {"type": t, "delta": "x"} if t == "THINKING_TEXT_MESSAGE_CONTENT" else {"type": t}
        for t in DEPRECATED_TYPES
    }
)
MINIMAL["REASONING_ENCRYPTED_VALUE"] = wire(dict(SDK_EVENTS)["REASONING_ENCRYPTED_VALUE-message"])
ANY_JSON_REQUIRED = {("STATE_SNAPSHOT", "snapshot"), ("RAW", "event"), ("CUSTOM", "value")}


def test_minimal_instances_cover_every_type() -> None:
    assert set(MINIMAL) == set(ALL_TYPES)


@pytest.mark.parametrize(
    ("event_type", "field"),
    [(t, f) for t in ALL_TYPES for f in optional_props(EVENT_SCHEMAS[t])],
)
def test_optional_top_level_null_passes_the_schema(event_type: str, field: str) -> None:
    assert_valid({**MINIMAL[event_type], field: None})


@pytest.mark.parametrize(
    ("event_type", "field"),
    [(t, f) for t in ALL_TYPES for f in EVENT_SCHEMAS[t]["required"]],
)
def test_required_null(event_type: str, field: str) -> None:
    instance = {**MINIMAL[event_type], field: None}
    if (event_type, field) in ANY_JSON_REQUIRED:
        assert_valid(instance, event_type)  # null is data here: the key is present
    else:
        assert_invalid(instance, event_type)


def test_nested_nulls_the_client_converts_pass() -> None:
    image_null_meta = {**IMAGE, "metadata": None}
    assert_valid(
        {
            **RS,
            "input": {
                "threadId": "t",
                "runId": "r",
                "state": None,
                "messages": [{"id": "u", "role": "user", "content": [image_null_meta]}],
                "tools": [{"name": "f", "description": "d", "parameters": None}],
                "resume": [{"interruptId": "i", "status": "cancelled", "payload": None}],
                "forwardedProps": None,
            },
        }
    )
    assert_valid(_msg(id="t", role="tool", toolCallId="c", content=[image_null_meta]))


# ---------------------------------------------------------------------------------------------
# (e) _meta.json
# ---------------------------------------------------------------------------------------------


def test_meta_top_level_keys() -> None:
    keys = {k for k in META if not k.startswith("$")}
    assert keys == {"protocolVersion", "types", "nullRejected", "nullCompat", "nullCompatNested", "snakeCase"}


def test_meta_covers_every_type() -> None:
    assert list(META["types"]) == ALL_TYPES
    assert set(META["types"]) == set(EVENT_SCHEMAS)


@pytest.mark.parametrize("event_type", ALL_TYPES)
def test_meta_type_entry(event_type: str) -> None:
    entry = META["types"][event_type]
    schema = EVENT_SCHEMAS[event_type]
    assert set(entry) == {"role", "deprecated", "replacedBy", "attributable"}
    assert entry["role"] in ROLES
    assert entry["deprecated"] is schema.get("deprecated", False)
    assert entry["attributable"] is ("subagentRunId" in schema["properties"])
    if entry["deprecated"]:
        replacement = entry["replacedBy"]
        assert replacement in SDK_TYPES and not META["types"][replacement]["deprecated"]
        assert META["types"][replacement]["role"] == entry["role"]
        assert replacement.replace("REASONING_", "") == event_type.replace("THINKING_TEXT_", "").replace(
            "THINKING_", ""
        )
    else:
        assert entry["replacedBy"] is None


def test_meta_roles() -> None:
    roles = {t: e["role"] for t, e in META["types"].items()}
    assert [t for t, r in roles.items() if r == "start"] == ["RUN_STARTED"]
    assert [t for t, r in roles.items() if r == "success"] == ["RUN_FINISHED"]
    assert [t for t, r in roles.items() if r == "error"] == ["RUN_ERROR"]
    for t in SDK_TYPES:
        if (
            t.startswith(("TEXT_MESSAGE_", "TOOL_CALL_", "STATE_", "ACTIVITY_", "REASONING_"))
            or t == "MESSAGES_SNAPSHOT"
        ):
            assert roles[t] == "content", t
        if t.startswith(("STEP_", "SUBAGENT_")) or t in ("RAW", "CUSTOM"):
            assert roles[t] == "other", t


def test_meta_attributable_matches_the_protocol() -> None:
    run_scoped = {"RUN_STARTED", "RUN_FINISHED", "RUN_ERROR", "MESSAGES_SNAPSHOT"}
    for t in SDK_TYPES:
        assert META["types"][t]["attributable"] is (t not in run_scoped), t
        assert ("subagent_run_id" in EVENT_MODELS[t].model_fields) is (t not in run_scoped), t


def _null_lists(kind: str, event_type: str) -> list[str]:
    table = META[kind]
    return [*table.get("*", []), *table.get(event_type, [])]


@pytest.mark.parametrize("kind", ["nullRejected", "nullCompat"])
def test_meta_null_tables_name_optional_fields(kind: str) -> None:
    table = META[kind]
    assert set(table) <= {"*", *ALL_TYPES}
    for event_type in ALL_TYPES:
        fields = _null_lists(kind, event_type)
        assert len(fields) == len(set(fields))
        assert set(fields) <= set(optional_props(EVENT_SCHEMAS[event_type])), event_type


@pytest.mark.parametrize("event_type", ALL_TYPES)
def test_meta_classifies_every_optional_field_exactly_once(event_type: str) -> None:
    rejected = set(_null_lists("nullRejected", event_type))
    compat = set(_null_lists("nullCompat", event_type))
    assert not rejected & compat
    assert rejected | compat == set(optional_props(EVENT_SCHEMAS[event_type]))


def test_meta_null_tables_match_agui_notes() -> None:
    """AGUI.md §2.4 plus the 1.0 client's compatibility boundary."""
    assert set(META["nullCompat"]["*"]) == {"rawEvent"}
    assert {"metadata", "timestamp"} <= set(META["nullRejected"]["*"])
    assert set(META["nullCompat"]["RUN_FINISHED"]) == {"result", "outcome"}
    assert set(META["nullCompat"]["SUBAGENT_FINISHED"]) == {"result"}
    assert (
        META["nullCompat"]["TOOL_CALL_START"] == META["nullCompat"]["TOOL_CALL_CHUNK"] == ["parentMessageId"]
    )
    for t, entry in META["types"].items():
        if entry["attributable"] and not t.startswith("SUBAGENT_"):
            assert "subagentRunId" in META["nullRejected"][t], t
    assert "outcome" in META["nullRejected"]["SUBAGENT_FINISHED"]
    assert {"description", "parentSubagentRunId", "parentToolCallId", "parentMessageId"} <= set(
        META["nullRejected"]["SUBAGENT_STARTED"]
    )
    assert "code" in META["nullRejected"]["RUN_ERROR"] and "code" in META["nullRejected"]["SUBAGENT_ERROR"]


def test_meta_nested_compat_paths() -> None:
    assert META["nullCompatNested"] == {
        "RUN_STARTED": [
            "input.forwardedProps",
            "input.tools[].parameters",
            "input.resume[].payload",
            "input.messages[].content[].metadata",
        ],
        "MESSAGES_SNAPSHOT": ["messages[].content[].metadata"],
    }


def _camel_props(node: Any, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                found.update(value)
            _camel_props(value, found)
    elif isinstance(node, list):
        for value in node:
            _camel_props(value, found)
    return found


def test_meta_snake_case_map_is_derived_from_the_schemas() -> None:
    props = _camel_props(list(SCHEMAS.values()), set())
    expected = {}
    for name in props:
        snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
        if snake != name:
            expected[snake] = name
    assert META["snakeCase"] == expected
    for snake, camel in META["snakeCase"].items():
        assert snake == re.sub(r"(?<!^)(?=[A-Z])", "_", camel).lower()


def test_meta_snake_case_matches_sdk_attribute_names() -> None:
    """The Python SDK's attribute names are exactly the snake_case spellings."""
    sdk = {}
    for model in [*EVENT_MODELS.values(), *DEF_MODELS.values()]:
        for attr, field in model.model_fields.items():
            if field.alias and field.alias != attr and attr != "from_":
                sdk[attr] = field.alias
    assert sdk == META["snakeCase"]
