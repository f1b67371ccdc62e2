"""Runs one stream through parser, profile and rules in a single pass and returns its Report."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from . import profiles, rules
from .batch import Batch, RunFinder
from .findings import Finding, Location, Report, Severity
from .profiles.base import NotJson, Profile
from .selection import Selection
from .sources.model import End, Request, Response, Transcript
from .sse import DEFAULT_MAX_LINE, Anomaly, Event, Parser

INTERNAL_CODE = "E900"


@dataclass
class Options:
    """Everything that changes what a lint run reports."""

    profile: str = "auto"
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    max_line_bytes: int = DEFAULT_MAX_LINE
    severity: dict[str, Severity] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)  # rule thresholds and profile options

    def selection(self) -> Selection:
        return Selection.build(self.select, self.ignore, set(rules.BY_CODE))


class Context:
    """What rules see of the stream being linted, and where they put findings."""

    def __init__(self, report: Report, options: Options, request: Request | None,
                 response: Response | None, timed: bool) -> None:
        self.report = report
        self.options = options
        self.request = request
        self.response = response
        self.timed = timed
        self.profile: Profile | None = None
        self.expects_json = False
        self.end: End | None = None
        self.settings = options.settings
        self.shared: dict[str, Any] = {}  # state several rules derive once (e.g. the AG-UI state document)
        self.parser: Parser | None = None  # for rules that count dispatched events per chunk (``parser.events``)
        self._retire: Callable[[rules.Rule], None] | None = None

    def retire(self, rule: rules.Rule) -> None:
        """The rule's ``on_event`` has nothing left to do for this stream: stop calling it (its other hooks stay)."""
        if self._retire is not None:
            self._retire(rule)

    def add(self, finding: Finding) -> None:
        self.report.findings.append(finding)

    def severity_of(self, rule: rules.Rule) -> Severity:
        return self.options.severity.get(rule.code, rule.severity)

    @staticmethod
    def json_error(event: Event) -> str | None:
        payload = event.payload
        return payload.error if isinstance(payload, NotJson) else None


class _Hooks:
    """Bound hook lists, only for rules that override the hook; events dispatched by kind and role."""

    def __init__(self) -> None:
        self.head: list[Callable[..., None]] = []
        self.chunk: list[Callable[..., None]] = []
        self.event: list[Callable[..., None]] = []
        self.by_kind: dict[str, list[Callable[..., None]]] = {}
        self.by_role: dict[str, list[Callable[..., None]]] = {}
        self.end: list[Callable[..., None]] = []
        self.anomaly: dict[str, list[Callable[..., None]]] = {}

    def add(self, rule: rules.Rule) -> None:
        cls = type(rule)
        for name, target in (("on_head", self.head), ("on_chunk", self.chunk), ("on_end", self.end)):
            if getattr(cls, name) is not getattr(rules.Rule, name):
                target.append(getattr(rule, name))
        if cls.on_event is not rules.Rule.on_event:
            if cls.kinds is not None:
                direct = rule.kind_hooks()  # e.g. a sequence rule's on_<TYPE> methods, without its dispatcher
                for kind in cls.kinds:
                    self.by_kind.setdefault(kind, []).append(direct.get(kind, rule.on_event))
            elif cls.roles is not None:
                for role in cls.roles:
                    self.by_role.setdefault(role, []).append(rule.on_event)
            else:
                self.event.append(rule.on_event)
        for kind in cls.anomalies:
            self.anomaly.setdefault(kind, []).append(rule.on_anomaly)


def internal_error(ctx: Context, hook: Callable[..., None], e: Exception) -> None:
    """A rule bug becomes a finding naming the rule, never a traceback."""
    rule = getattr(hook, "__self__", None)
    frame = traceback.extract_tb(e.__traceback__)[-1]
    name = f"{rule.code} {rule.name}" if isinstance(rule, rules.Rule) else getattr(hook, "__qualname__", "?")
    ctx.add(Finding(INTERNAL_CODE, "internal-error", Severity.ERROR,
                    f"rule {name} failed: {type(e).__name__}: {e} "
                    f"({frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}); please report this", Location()))


class Linter:
    """One stream's pass. Feed chunks as they arrive (live) or run a whole transcript."""

    def __init__(self, source: str, options: Options | None = None, *, request: Request | None = None,
                 response: Response | None = None, first_line: int | None = 1, timed: bool = False) -> None:
        self.options = options or Options()
        self.report = Report(source)
        self.ctx = Context(self.report, self.options, request, response, timed)
        self.parser = Parser(self.options.max_line_bytes, first_line or 1)
        self.ctx.parser = self.parser
        self.ctx._retire = self._retire_rule
        self.hooks = _Hooks()
        self._selection = self.options.selection()
        self._fixed = profiles.choose(self.options.profile)
        self._rule_classes = [r for r in rules.REGISTRY if self._selection.enabled(r.code)]
        self._profile: Profile | None = None
        self._plan: dict[tuple[str | None, str | None], tuple[Callable[..., None], ...]] = {}
        self._batch_plan: dict[tuple[str, str | None], tuple[tuple[Callable[..., bool], Callable[..., None]], ...]] = {}
        self._binary = False
        self._add_rules(r for r in self._rule_classes if r.profiles is None)
        if response is not None:
            self._call(self.hooks.head, response)
        if self._fixed is not None:
            self._set_profile(self._fixed, f"--profile {self.options.profile}")
        elif response is not None:
            cls, reason = profiles.detect(response, None)
            if cls is not profiles.Generic:
                self._set_profile(cls, reason)

    def _retire_rule(self, rule: rules.Rule) -> None:
        hook = rule.on_event
        for hooks in (self.hooks.event, *self.hooks.by_kind.values(), *self.hooks.by_role.values()):
            if hook in hooks:
                hooks.remove(hook)
        self._plan.clear()  # in place: a pass in progress sees it from its next event on
        self._batch_plan.clear()

    def _runnable(self, cls: type[rules.Rule]) -> bool:
        if "head" in cls.needs and self.ctx.response is None:
            return False
        return not ("timing" in cls.needs and not self.ctx.timed)

    def _add_rules(self, classes: Iterable[type[rules.Rule]]) -> list[rules.Rule]:
        self._plan = {}
        self._batch_plan = {}
        made = []
        for cls in classes:
            if self._runnable(cls):
                rule = cls(self.ctx)
                self.hooks.add(rule)
                made.append(rule)
        return made

    def _set_profile(self, cls: type[Profile], reason: str) -> None:
        self._profile = cls()
        self.ctx.profile = self._profile
        self.ctx.expects_json = cls.expects_json
        self.report.profile = cls.name
        self.report.profile_reason = reason
        is_binary = getattr(cls, "is_binary", None)
        if is_binary is not None and is_binary(self.ctx.response):
            self._binary = True
            self.report.notes.append("the body uses the binary protobuf encoding, which sse-lint does not lint; "
                                     "request text/event-stream (Accept header) to check the stream")
        added = self._add_rules(r for r in self._rule_classes if r.profiles is not None and cls.name in r.profiles)
        kinds = self._profile.batch_kinds()
        batch = kinds and self.options.settings.get("batch", True) and not self._binary
        self.parser.batching = RunFinder(kinds) if batch else None
        if self.ctx.response is not None:
            self._call([r.on_head for r in added if type(r).on_head is not rules.Rule.on_head], self.ctx.response)

    # -- the pass -----------------------------------------------------------------------
    def _call(self, hooks: list[Callable[..., None]], *args: Any) -> None:
        for hook in hooks:
            try:
                hook(*args)
            except Exception as e:  # noqa: BLE001
                internal_error(self.ctx, hook, e)

    def feed(self, data: bytes, t: float | None = None) -> list[Event | Batch]:
        """Lint the next bytes; return what they dispatched: events, and batches of delta events."""
        if self.hooks.chunk:
            self._call(self.hooks.chunk, t, data)
        if self._binary:
            self.parser.bytes += len(data)
            return []
        events = self.parser.feed(data, t)
        if self.parser.anomalies:
            self._drain()
        if events:
            self._events(events)
        return events

    def _drain(self) -> None:
        anomalies, self.parser.anomalies = self.parser.anomalies, []
        table = self.hooks.anomaly
        for a in anomalies:
            hooks = table.get(a.kind)
            if hooks:
                self._call(hooks, a)

    def _events(self, events: list[Event | Batch]) -> None:
        if self._profile is None:
            # batches come only once a profile is set, so the first item here is an event
            cls, reason = profiles.detect(self.ctx.response, events[0])  # type: ignore[arg-type]
            self._set_profile(cls, reason)
        decode = self._profile.decode  # type: ignore[union-attr]
        plan = self._plan
        for ev in events:
            if ev.__class__ is Batch:
                self._batch(ev)  # type: ignore[arg-type]
                continue
            decode(ev)  # type: ignore[arg-type]
            key = (ev.kind, ev.role)
            hooks = plan.get(key)
            if hooks is None:
                hooks = plan[key] = self._hooks_for(*key)
            for hook in hooks:
                try:
                    hook(ev)
                except Exception as e:  # noqa: BLE001
                    internal_error(self.ctx, hook, e)

    def _batch(self, batch: Batch) -> None:
        """Each rule takes the whole batch, or declines and gets its events one by one (decoded once)."""
        profile = self._profile
        profile.decode_batch(batch)  # type: ignore[union-attr]
        key = (batch.kind, batch.role)
        pairs = self._batch_plan.get(key)
        if pairs is None:
            hooks = self._plan.get(key) or self._hooks_for(*key)
            pairs = self._batch_plan[key] = tuple((h.__self__.on_batch, h) for h in hooks)  # type: ignore[attr-defined]
        events: list[Event] | None = None
        for take, hook in pairs:
            try:
                if take(batch):
                    continue
            except Exception as e:  # noqa: BLE001
                internal_error(self.ctx, hook, e)
                continue
            if events is None:
                events = batch.events()
                for ev in events:
                    profile.decode(ev)  # type: ignore[union-attr]
            for ev in events:
                try:
                    hook(ev)
                except Exception as e:  # noqa: BLE001
                    internal_error(self.ctx, hook, e)

    def _hooks_for(self, kind: str | None, role: str | None) -> tuple[Callable[..., None], ...]:
        """The event hooks for one (kind, role), in rule order; cached per pair."""
        h = self.hooks
        return (*h.event, *h.by_kind.get(kind, ()), *h.by_role.get(role, ()))  # type: ignore[arg-type]

    def close(self, end: End | None = None) -> Report:
        end = end or End("eof")
        self.ctx.end = end
        events = [] if self._binary else self.parser.close(end.t)
        if self.parser.anomalies:
            self._drain()
        if events:
            self._events(events)
        if self._profile is None:
            self._set_profile(profiles.Generic, "no events")
        self.report.events = self.parser.events
        self.report.bytes = self.parser.bytes
        self.report.end = end.reason if end.error is None else f"{end.reason}: {end.error}"
        self._call(self.hooks.end, end)
        self.report.sort()
        return self.report


def lint_transcript(transcript: Transcript, options: Options | None = None,
                    on_event: Callable[[Event], None] | None = None) -> Report:
    """Lint one transcript in one pass; ``on_event`` sees every dispatched event."""
    options = options or Options()
    extra: dict[str, Any] = {}
    if on_event is not None:
        extra["batch"] = False  # every event for the caller: no batches (``sse_lint.batch``)
    expect = transcript.meta.get("expect")
    if expect in ("success", "error") and "expect" not in options.settings:
        extra["expect"] = expect  # a recording of `check --expect ...` carries it, so linting it again agrees
    if extra:
        options = replace(options, settings={**options.settings, **extra})
    linter = Linter(transcript.source, options, request=transcript.request, response=transcript.response,
                    first_line=transcript.first_line, timed=transcript.timed)
    feed = linter.feed
    for t, data in transcript.chunks:
        events = feed(data, t)
        if on_event is not None:
            for ev in events:
                on_event(ev)  # type: ignore[arg-type]
    return linter.close(transcript.end)


__all__ = ["Anomaly", "Context", "Linter", "Options", "lint_transcript"]
