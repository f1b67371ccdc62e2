"""Runs one stream through parser, profile and rules in a single pass and returns its Report."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from . import profiles, rules
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

    def add(self, finding: Finding) -> None:
        self.report.findings.append(finding)

    def severity_of(self, rule: rules.Rule) -> Severity:
        return self.options.severity.get(rule.code, rule.severity)

    @staticmethod
    def json_error(event: Event) -> str | None:
        payload = event.payload
        return payload.error if isinstance(payload, NotJson) else None


class _Hooks:
    """Bound hook lists per hook name, only for rules that override the hook."""

    def __init__(self) -> None:
        self.head: list[Callable[..., None]] = []
        self.chunk: list[Callable[..., None]] = []
        self.event: list[Callable[..., None]] = []
        self.end: list[Callable[..., None]] = []
        self.anomaly: dict[str, list[Callable[..., None]]] = {}

    def add(self, rule: rules.Rule) -> None:
        cls = type(rule)
        for name, target in (("on_head", self.head), ("on_chunk", self.chunk), ("on_event", self.event),
                             ("on_end", self.end)):
            if getattr(cls, name) is not getattr(rules.Rule, name):
                target.append(_guard(rule, getattr(rule, name)))
        for kind in cls.anomalies:
            self.anomaly.setdefault(kind, []).append(_guard(rule, rule.on_anomaly))


def _guard(rule: rules.Rule, hook: Callable[..., None]) -> Callable[..., None]:
    def call(*args: Any) -> None:
        try:
            hook(*args)
        except Exception as e:  # a rule bug becomes a finding, never a traceback
            frame = traceback.extract_tb(e.__traceback__)[-1]
            rule.ctx.add(Finding(INTERNAL_CODE, "internal-error", Severity.ERROR,
                                 f"rule {rule.code} {rule.name} failed: {type(e).__name__}: {e} "
                                 f"({frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}); please report this",
                                 Location()))
    call.__wrapped__ = hook  # type: ignore[attr-defined]
    return call


class Linter:
    """One stream's pass. Feed chunks as they arrive (live) or run a whole transcript."""

    def __init__(self, source: str, options: Options | None = None, *, request: Request | None = None,
                 response: Response | None = None, first_line: int | None = 1, timed: bool = False) -> None:
        self.options = options or Options()
        self.report = Report(source)
        self.ctx = Context(self.report, self.options, request, response, timed)
        self.parser = Parser(self.options.max_line_bytes, first_line or 1)
        self.hooks = _Hooks()
        self._selection = self.options.selection()
        self._fixed = profiles.choose(self.options.profile)
        self._rule_classes = [r for r in rules.REGISTRY if self._selection.enabled(r.code)]
        self._profile: Profile | None = None
        self._add_rules(r for r in self._rule_classes if r.profiles is None)
        if response is not None:
            for hook in self.hooks.head:
                hook(response)
        if self._fixed is not None:
            self._set_profile(self._fixed, f"--profile {self.options.profile}")
        elif response is not None:
            cls, reason = profiles.detect(response, None)
            if cls is not profiles.Generic:
                self._set_profile(cls, reason)

    def _runnable(self, cls: type[rules.Rule]) -> bool:
        if "head" in cls.needs and self.ctx.response is None:
            return False
        return not ("timing" in cls.needs and not self.ctx.timed)

    def _add_rules(self, classes: Iterable[type[rules.Rule]]) -> list[rules.Rule]:
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
        added = self._add_rules(r for r in self._rule_classes if r.profiles is not None and cls.name in r.profiles)
        if self.ctx.response is not None:
            for rule in added:
                if type(rule).on_head is not rules.Rule.on_head:
                    _guard(rule, rule.on_head)(self.ctx.response)

    # -- the pass -----------------------------------------------------------------------
    def feed(self, data: bytes, t: float | None = None) -> list[Event]:
        for hook in self.hooks.chunk:
            hook(t, len(data))
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
            for hook in table.get(a.kind, ()):
                hook(a)

    def _events(self, events: list[Event]) -> None:
        if self._profile is None:
            cls, reason = profiles.detect(self.ctx.response, events[0])
            self._set_profile(cls, reason)
        decode = self._profile.decode  # type: ignore[union-attr]
        hooks = self.hooks.event
        for ev in events:
            decode(ev)
            for hook in hooks:
                hook(ev)

    def close(self, end: End | None = None) -> Report:
        end = end or End("eof")
        self.ctx.end = end
        events = self.parser.close(end.t)
        if self.parser.anomalies:
            self._drain()
        if events:
            self._events(events)
        if self._profile is None:
            self._set_profile(profiles.Generic, "no events")
        self.report.events = self.parser.events
        self.report.bytes = self.parser.bytes
        self.report.end = end.reason if end.error is None else f"{end.reason}: {end.error}"
        for hook in self.hooks.end:
            hook(end)
        self.report.sort()
        return self.report


def lint_transcript(transcript: Transcript, options: Options | None = None,
                    on_event: Callable[[Event], None] | None = None) -> Report:
    """Lint one transcript in one pass; ``on_event`` sees every dispatched event."""
    linter = Linter(transcript.source, options, request=transcript.request, response=transcript.response,
                    first_line=transcript.first_line, timed=transcript.timed)
    feed = linter.feed
    for t, data in transcript.chunks:
        events = feed(data, t)
        if on_event is not None:
            for ev in events:
                on_event(ev)
    return linter.close(transcript.end)


__all__ = ["Anomaly", "Context", "Linter", "Options", "lint_transcript"]
