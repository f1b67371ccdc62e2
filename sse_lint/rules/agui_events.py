"""A: AG-UI per-event rules (shape): schema, type, snake_case, nulls, deprecations, RAW/CUSTOM hygiene."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import fastjsonschema

from ..findings import Severity
from ..schemas import load
from .base import Rule

if TYPE_CHECKING:
    from ..batch import Batch
    from ..sse import Event

SPEC = "https://docs.ag-ui.com/concepts/events"


def _meta() -> dict[str, Any]:
    return load("agui").meta


def _types() -> frozenset[str]:
    return frozenset(_meta()["types"])


class AguiRule(Rule):
    profiles = ("agui",)


class SchemaViolation(AguiRule):
    code = "A101"
    name = "schema-violation"
    severity = Severity.ERROR
    summary = "an AG-UI event fails its JSON Schema"
    kinds = _types()
    explain = f"""\
## What
An event does not match the AG-UI 1.0 schema of its type (`schemas/agui/<TYPE>.schema.json`): a required
field is missing, a field has the wrong type, a value is outside its enum.

## Why it breaks clients
`@ag-ui/client` validates every event with its zod schemas before anything else; a failure is fatal for the
run (the observable errors, no `RUN_ERROR` is synthesised), so the user sees a broken run ({SPEC}).

## How to fix
Build events with the official SDK models (`ag_ui.core`, `@ag-ui/core`) and the official encoder instead of
hand-written dicts.

## Example
```
data: {{"type":"TEXT_MESSAGE_CONTENT","messageId":"m1"}}      <- delta is required
```
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.schemas = load("agui")
        self.snake = self.schemas.meta["snakeCase"]
        self.count = 0
        self.agui0 = ctx.settings.get("agui_version") == 0
        self.plain: dict[str, bool] = {}  # kind -> its schema accepts a batch's events as they are
        self.validators: dict[str, Any] = {}

    EMPTY_DELTA_0X = frozenset({"TEXT_MESSAGE_CONTENT", "THINKING_TEXT_MESSAGE_CONTENT"})

    def on_batch(self, batch: Batch) -> bool:
        # valid without validating: the schema accepts any string id and delta (Batch's own precondition)
        if self.agui0 and batch.kind in self.EMPTY_DELTA_0X and batch.has_empty_delta():
            return False
        plain = self.plain.get(batch.kind)
        if plain is None:
            plain = self.plain[batch.kind] = self.schemas.accepts_strings(batch.kind, (batch.field, "delta"))
        return plain

    def on_event(self, event: Event) -> None:
        payload = event.payload
        kind = event.kind
        if self.agui0 and kind in self.EMPTY_DELTA_0X and payload.get("delta") == "":  # type: ignore[union-attr]
            self.report(f"{kind} (event {event.index}) has an empty delta, which 0.x clients reject "
                        "(--agui-version 0; valid since 1.0)", event=event)
        validate = self.validators.get(kind)  # type: ignore[arg-type]
        if validate is None:
            validate = self.validators[kind] = self.schemas.fast(kind)  # type: ignore[index]
        try:
            validate(payload)  # type: ignore[misc]
            return
        except fastjsonschema.JsonSchemaException:
            pass
        # a snake_case spelling is A103's finding: check the event as if it had been spelled right
        fixed = {self.snake.get(k, k): v for k, v in payload.items()}  # type: ignore[union-attr]
        if fixed != payload and self.schemas.is_valid(kind, fixed):  # type: ignore[arg-type]
            return
        self.count += 1
        if self.count > 50:
            return
        why = self.schemas.explain(kind, fixed)  # type: ignore[arg-type]
        self.report(f"{kind} (event {event.index}) fails its schema: {why}", event=event)


class UnknownEventType(AguiRule):
    code = "A102"
    name = "unknown-event-type"
    severity = Severity.ERROR
    summary = "an event type AG-UI does not define, or no type"
    explain = f"""\
## What
An event whose `type` is missing, not a string, or not one of the AG-UI event types (case-sensitive).

## Why it breaks clients
The 1.0 client drops unknown types with a warning, 0.x clients fail the run on them; either way the event's
content is lost ({SPEC}).

## How to fix
Use the `EventType` values of the SDK; send application-specific events as `CUSTOM` with a `name`.
"""

    roles = frozenset({"unknown"})

    def on_event(self, event: Event) -> None:
        if not isinstance(event.payload, dict):
            self.report(f"event {event.index} is a JSON {type(event.payload).__name__}, not an event object",
                        event=event)
            return
        t = event.payload.get("type")
        if t is None:
            self.report(f"event {event.index} has no \"type\"", event=event)
        else:
            self.report(f"event {event.index} has type {t!r}, which AG-UI does not define", event=event)


class SnakeCaseField(AguiRule):
    code = "A103"
    name = "snake-case-field"
    severity = Severity.ERROR
    summary = "a snake_case spelling of a camelCase AG-UI field"
    kinds = _types()
    explain = """\
## What
A field is spelled in snake_case (`message_id`, `tool_call_id`, `thread_id`, `raw_event`, ...) instead of the
camelCase wire name.

## Why it breaks clients
Python's SDK accepts both spellings, but the TypeScript client accepts only camelCase: the required
`messageId` is then missing and the run fails. Typical cause: `model_dump()` without `by_alias=True`.

## How to fix
Serialise with the official encoder, or `model_dump_json(by_alias=True, exclude_none=True)`.
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.snake = _meta()["snakeCase"]

    def on_batch(self, batch: Batch) -> bool:
        return batch.field not in self.snake and "delta" not in self.snake

    def on_event(self, event: Event) -> None:
        payload = event.payload
        if self.snake.keys().isdisjoint(payload):  # iterates the payload's few keys, not the map
            return
        found = self.snake.keys() & payload.keys()  # type: ignore[union-attr]
        for key in sorted(found):
            self.report(f"{event.kind} (event {event.index}) spells {self.snake[key]!r} as {key!r}", event=event)


class DeprecatedEvent(AguiRule):
    code = "A114"
    name = "deprecated-event"
    severity = Severity.INFO
    summary = "an event type AG-UI marks deprecated"
    explain = """\
## What
An event type the protocol deprecates, e.g. the `THINKING_*` events replaced by `REASONING_*` in 1.0.

## Why it breaks clients
1.0 clients convert them with a warning; future clients will drop them.

## How to fix
Emit the replacement events (`REASONING_START`, `REASONING_MESSAGE_*`, `REASONING_END`).
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        self.seen: set[str] = set()

    kinds = frozenset(k for k, v in _meta()["types"].items() if v.get("deprecated"))

    def on_event(self, event: Event) -> None:
        if self.ctx.settings.get("agui_version") == 0 or event.kind in self.seen:
            return
        self.seen.add(event.kind)  # type: ignore[arg-type]
        repl = _meta()["types"][event.kind].get("replacedBy")
        self.report(f"{event.kind} is deprecated" + (f"; use {repl}" if repl else "") + " (first of its kind here)",
                    event=event)


class NullOptionalField(AguiRule):
    code = "A120"
    name = "null-optional-field"
    severity = Severity.ERROR
    summary = "an optional field sent as null where the official 1.0 client rejects it"
    kinds = _types()
    explain = """\
## What
An optional field is sent as JSON `null` (`timestamp`, `metadata`, `subagentRunId`, `name`, `code`, ...)
where the 1.0 TypeScript client's schema rejects null. (Nulls it converts itself — `rawEvent`, `result`,
`outcome`, `parentMessageId` — are not reported.)

## Why it breaks clients
Python servers that serialise without `exclude_none` write `null` for every unset field; the TypeScript
client's schema then fails the run ("Expected string, received null").

## How to fix
Omit unset optional fields: use the official encoder or `model_dump_json(by_alias=True, exclude_none=True)`.
"""

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
        rejected = _meta()["nullRejected"]
        common = set(rejected.get("*", ()))
        self.rejected = {k: frozenset(common | set(rejected.get(k, ()))) for k in _types()}

    def on_batch(self, batch: Batch) -> bool:
        return True  # no field of a batched event is null

    def on_event(self, event: Event) -> None:
        payload = event.payload
        if None not in payload.values():  # type: ignore[union-attr]
            return
        fields = self.rejected[event.kind]  # type: ignore[index]
        nulls = [k for k, v in payload.items() if v is None and k in fields]  # type: ignore[union-attr]
        if nulls:
            self.report(f"{event.kind} (event {event.index}) sends {', '.join(nulls)} as null; omit the field "
                        "instead", event=event)


class RawWrapsTypedEvent(AguiRule):
    code = "A121"
    name = "raw-wraps-typed-event"
    severity = Severity.INFO
    summary = "a RAW event whose payload is itself a typed AG-UI event"
    kinds = frozenset({"RAW"})
    explain = """\
## What
A `RAW` event carries, as its `event`, an object that is itself a typed AG-UI event.

## Why it breaks clients
Clients do not unwrap `RAW`: the message, tool call or state change inside it never reaches the UI.

## How to fix
Send the inner event as itself; keep `RAW` for provider-native events that have no AG-UI equivalent.
"""

    def on_event(self, event: Event) -> None:
        inner = event.payload.get("event")  # type: ignore[union-attr]
        if isinstance(inner, dict) and inner.get("type") in _types():
            self.report(f"RAW (event {event.index}) wraps a {inner['type']} event", event=event)


class CustomNameNotNamespaced(AguiRule):
    code = "A122"
    name = "custom-name-not-namespaced"
    severity = Severity.INFO
    summary = "a CUSTOM event name without a namespace prefix"
    kinds = frozenset({"CUSTOM"})
    explain = """\
## What
A `CUSTOM` event's `name` has no namespace (`acme.progress`, `acme/progress`, `acme:progress`).

## Why it breaks clients
Custom events from different libraries and middlewares share one name space; bare names like `progress`
collide, and a client handles another component's event as its own.

## How to fix
Prefix custom event names with your product or package name.
"""

    def on_event(self, event: Event) -> None:
        name = event.payload.get("name")  # type: ignore[union-attr]
        if isinstance(name, str) and name and not any(c in name for c in "./:"):
            self.report(f"CUSTOM (event {event.index}) name {name!r} has no namespace prefix", event=event)


RULES: tuple[type[Rule], ...] = (SchemaViolation, UnknownEventType, SnakeCaseField, DeprecatedEvent,
                                 NullOptionalField, RawWrapsTypedEvent, CustomNameNotNamespaced)
