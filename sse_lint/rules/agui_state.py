"""A: AG-UI shared state: STATE_SNAPSHOT / STATE_DELTA (RFC 6902 JSON Patch) applied as clients do."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import jsonpatch
from ..findings import Severity
from .base import Rule

if TYPE_CHECKING:
    from ..engine import Context
    from ..sse import Event

STATE_KINDS = frozenset({"STATE_SNAPSHOT", "STATE_DELTA", "RUN_STARTED"})


class StateTracker:
    """The state document a client builds; observed once per event however many rules ask."""

    def __init__(self) -> None:
        self.doc: Any = {}
        self.known = True  # False after a delta failed: the client's state is unknown until a snapshot
        self.snapshot_seen = False
        self.deltas_since_snapshot = 0
        self.deltas_seen = False
        self.index = -1
        self.outcome: tuple[str, str] = ("", "")

    @classmethod
    def of(cls, ctx: Context) -> StateTracker:
        tracker = ctx.shared.get("agui-state")
        if tracker is None:
            tracker = ctx.shared["agui-state"] = cls()
        return tracker  # type: ignore[no-any-return]

    def observe(self, event: Event) -> tuple[str, str]:
        """("ok"|"invalid"|"before-snapshot"|"discards"|"", detail) for this event, computed once."""
        if event.index == self.index:
            return self.outcome
        self.index = event.index
        self.outcome = self._observe(event)
        return self.outcome

    def _observe(self, event: Event) -> tuple[str, str]:
        payload = event.payload
        if event.kind == "RUN_STARTED":  # clients keep state across runs; a new run may reset it by snapshot
            self.deltas_since_snapshot = 0
            return ("", "")
        if event.kind == "STATE_SNAPSHOT":
            snap = payload.get("snapshot")  # type: ignore[union-attr]
            outcome = ("", "")
            if self.known and self.deltas_since_snapshot and snap != self.doc:
                outcome = ("discards", f"{self.deltas_since_snapshot} deltas")
            self.doc, self.known, self.snapshot_seen, self.deltas_since_snapshot = snap, True, True, 0
            return outcome
        patch = payload.get("delta")  # type: ignore[union-attr]
        first = not self.snapshot_seen and not self.deltas_seen
        self.deltas_seen = True
        self.deltas_since_snapshot += 1
        try:
            jsonpatch.check(patch)
        except jsonpatch.PatchError as e:
            return ("invalid", f"not a valid JSON Patch: {e}")
        if not self.known:
            return ("", "")
        try:
            self.doc = jsonpatch.apply(self.doc, patch, in_place=True)
        except jsonpatch.PatchError as e:
            self.known = False
            base = "the state from the last STATE_SNAPSHOT" if self.snapshot_seen else "the empty initial state {}"
            return ("invalid", f"does not apply to {base} and the deltas since: {e}")
        return ("before-snapshot", "") if first else ("ok", "")


class StateDeltaInvalid(Rule):
    code = "A112"
    name = "state-delta-invalid"
    severity = Severity.ERROR
    summary = "STATE_DELTA is not a valid JSON Patch, or does not apply to the state"
    profiles = ("agui",)
    kinds = STATE_KINDS
    explain = """\
## What
A `STATE_DELTA`'s `delta` is not an RFC 6902 JSON Patch, or it does not apply to the state built from the
last `STATE_SNAPSHOT` and the deltas since (a missing path, an index out of range, a failed `test`).

## Why it breaks clients
Clients apply the patch to their copy of the state; a failure is logged ("Failed to apply state patch") and
the update is lost, so client and server state diverge silently from there on.

## How to fix
Compute deltas against exactly the state the client holds (after the last snapshot); send a fresh
`STATE_SNAPSHOT` when in doubt.
"""

    def on_event(self, event: Event) -> None:
        what, detail = StateTracker.of(self.ctx).observe(event)
        if what == "invalid":
            self.report(f"STATE_DELTA (event {event.index}) {detail}", event=event)


class DeltaBeforeSnapshot(Rule):
    code = "A117"
    name = "delta-before-snapshot"
    severity = Severity.INFO
    summary = "STATE_DELTA before any STATE_SNAPSHOT (applied to {})"
    profiles = ("agui",)
    kinds = STATE_KINDS
    explain = """\
## What
A `STATE_DELTA` arrives before any `STATE_SNAPSHOT` in the stream, so clients apply it to an empty state
`{}` (or whatever state they kept from an earlier run).

## Why it breaks clients
Clients that joined late or reloaded have a different base state than the server assumed; the patch fails
or produces a different state.

## How to fix
Send a `STATE_SNAPSHOT` at the start of each run that uses shared state.
"""

    def on_event(self, event: Event) -> None:
        what, _ = StateTracker.of(self.ctx).observe(event)
        if what == "before-snapshot":
            self.report(f"STATE_DELTA (event {event.index}) before any STATE_SNAPSHOT is applied to {{}}", event=event)


class SnapshotDiscardsDeltas(Rule):
    code = "A118"
    name = "snapshot-discards-deltas"
    severity = Severity.INFO
    summary = "a STATE_SNAPSHOT that silently replaces the state built by deltas"
    profiles = ("agui",)
    kinds = STATE_KINDS
    explain = """\
## What
A `STATE_SNAPSHOT` arrives after deltas and differs from the state those deltas built.

## Why it breaks clients
The snapshot wins, so the deltas' changes vanish; usually the server's own state and the deltas it sent
disagree.

## How to fix
Derive deltas and snapshots from the same state object, or send only snapshots.
"""

    def on_event(self, event: Event) -> None:
        what, detail = StateTracker.of(self.ctx).observe(event)
        if what == "discards":
            self.report(f"STATE_SNAPSHOT (event {event.index}) replaces a state built by {detail} with a different "
                        "one", event=event)


RULES: tuple[type[Rule], ...] = (StateDeltaInvalid, DeltaBeforeSnapshot, SnapshotDiscardsDeltas)
