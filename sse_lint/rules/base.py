"""The rule base class. A rule is a small stateful object with a stable code and hooks.

Hooks (override only those you need; the engine calls only overridden hooks):
``on_head(response)``, ``on_chunk(t, data)``, ``on_anomaly(anomaly)``, ``on_event(event)``,
``on_end(end)``. A rule never re-reads the stream.

``on_batch(batch)`` is the fast path for runs of delta events (``sse_lint.batch``): a rule returns True
after taking the whole batch with exactly the effect its events one by one would have had, or False,
having changed nothing, to get them one by one through ``on_event``. The default declines.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from ..findings import Finding, Location, Severity

if TYPE_CHECKING:
    from ..batch import Batch
    from ..engine import Context
    from ..sources.model import End, Response
    from ..sse import Anomaly, Event


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[str]
    #: Markdown with the sections "What", "Why it breaks clients", "How to fix", "Example".
    explain: ClassVar[str]
    #: anomaly kinds (from ``sse_lint.sse``) this rule receives in ``on_anomaly``
    anomalies: ClassVar[tuple[str, ...]] = ()
    #: profiles this rule runs for; None = every profile
    profiles: ClassVar[tuple[str, ...] | None] = None
    #: what the rule needs from the input: "head" (a response head), "timing" (arrival times)
    needs: ClassVar[tuple[str, ...]] = ()
    #: ``on_event`` receives only events of these protocol kinds / roles (None = every event);
    #: a rule may narrow by one or the other, which keeps the per-event cost of idle rules at zero
    kinds: ClassVar[frozenset[str] | None] = None
    roles: ClassVar[frozenset[str] | None] = None

    HOOKS: ClassVar[tuple[str, ...]] = ("on_head", "on_chunk", "on_anomaly", "on_event", "on_end")

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def on_head(self, response: Response) -> None: ...
    def on_chunk(self, t: float | None, data: bytes) -> None: ...
    def on_anomaly(self, anomaly: Anomaly) -> None: ...
    def on_event(self, event: Event) -> None: ...
    def on_batch(self, batch: Batch) -> bool:
        return False

    def kind_hooks(self) -> dict[str, Callable[[Event], None]]:
        """For a rule with ``kinds``: kind -> what to call instead of ``on_event`` (bound methods of the rule)."""
        return {}

    def on_end(self, end: End) -> None: ...

    # -- reporting --------------------------------------------------------------------
    def report(self, message: str, *, event: Event | None = None, anomaly: Anomaly | None = None,
               location: Location | None = None, hint: str | None = None, excerpt: str | None = None,
               severity: Severity | None = None) -> None:
        if location is None:
            if anomaly is not None:
                location = Location(anomaly.offset, anomaly.line, anomaly.column, anomaly.event)
                if excerpt is None and anomaly.raw:
                    excerpt = anomaly.raw.decode("utf-8", "replace")
            elif event is not None:
                location = Location(event.offset, event.line, event.column, event.index)
                if excerpt is None:
                    excerpt = event.raw.decode("utf-8", "replace")
            else:
                location = Location()
        self.ctx.add(Finding(self.code, self.name, severity or self.ctx.severity_of(self), message, location,
                             hint, excerpt))
