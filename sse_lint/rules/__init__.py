"""The explicit rule registry: every rule class, in code order."""

from __future__ import annotations

import difflib

from ..errors import UsageError
from . import (
    agui_events,
    agui_scopes,
    agui_sequence,
    agui_state,
    anthropic,
    framing,
    http,
    interop,
    lifecycle,
    llm_schema,
    naming,
    openai_chat,
    openai_responses,
    secrets,
    timing,
    vercel_ai,
)
from .base import Rule

FAMILIES = (framing, http, lifecycle, secrets, timing, interop, agui_events, agui_sequence, agui_scopes, agui_state,
            llm_schema, openai_chat, openai_responses, anthropic, vercel_ai, naming)
REGISTRY: tuple[type[Rule], ...] = tuple(sorted((r for m in FAMILIES for r in m.RULES), key=lambda r: r.code))
BY_CODE: dict[str, type[Rule]] = {r.code: r for r in REGISTRY}

__all__ = ["BY_CODE", "REGISTRY", "Rule", "get"]


def get(code: str) -> type[Rule]:
    """The rule with ``code`` (or name); a UsageError with a suggestion otherwise."""
    key = code.strip()
    rule = BY_CODE.get(key.upper()) or next((r for r in REGISTRY if r.name == key.lower()), None)  # first of a name
    if rule is None:
        close = difflib.get_close_matches(key.upper(), list(BY_CODE), n=1) or difflib.get_close_matches(
            key.lower(), [r.name for r in REGISTRY], n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise UsageError(f"no rule {code!r}{hint}; `sse-lint rules` lists them")
    return rule
