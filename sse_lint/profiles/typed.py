"""Profiles whose events name their type in the JSON ``type`` (OpenAI Responses, Anthropic Messages, Vercel AI
UI message streams): roles come from ``schemas/<profile>/_meta.json``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from ..schemas import load
from .base import DONE, INVALID, UNKNOWN, NotJson, Profile

if TYPE_CHECKING:
    from ..sse import Event


class TypedProfile(Profile):
    #: the protocol sends ``event: <type>`` names equal to the payload type (S112 compares them)
    named_events: ClassVar[bool] = False
    #: exact ``data`` sentinels and their role
    sentinels: ClassVar[dict[str, str]] = {}

    def __init__(self) -> None:
        meta = load(self.name).meta
        types = meta["types"]
        self.types: dict[str, dict[str, Any]] = dict(types) if isinstance(types, list) else types
        self.roles = {k: v["role"] for k, v in self.types.items()}
        self.patterns = [(re.compile(p), t) for p, t in meta.get("typePatterns", {}).items()]
        # error events after which the protocol goes on (Responses `error`, Vercel `error` parts)
        self.nonterminal = frozenset(k for k, v in self.types.items() if v.get("terminal") is False)
        self.run: str | None = None

    def is_terminal(self, event: Event) -> bool:
        return super().is_terminal(event) and event.kind not in self.nonterminal

    def schema_kind(self, kind: str) -> str:
        """The schema file for ``kind`` (``data-weather`` -> ``data``)."""
        if kind in self.types:
            return kind
        for pattern, target in self.patterns:
            if pattern.match(kind):
                return target  # type: ignore[no-any-return]
        return kind

    def decode(self, event: Event) -> None:
        role = self.sentinels.get(event.data)
        if role is not None:
            event.payload, event.kind, event.role, event.run = None, event.data, role, self.run
            return
        super().decode(event)
        payload = event.payload
        event.run = self.run
        if payload.__class__ is NotJson:
            event.kind, event.role = None, INVALID
            return
        kind = payload.get("type") if isinstance(payload, dict) else None
        if not isinstance(kind, str):
            kind = event.type if (self.named_events and event.named) else None
        event.kind = kind
        event.role = self.roles.get(self.schema_kind(kind), UNKNOWN) if kind else UNKNOWN
        self.adjust(event)

    def adjust(self, event: Event) -> None:
        """Protocol-specific role corrections (a hook for subclasses)."""


__all__ = ["DONE", "TypedProfile"]
