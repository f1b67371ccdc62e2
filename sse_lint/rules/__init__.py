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

REGISTRY: tuple[type[Rule], ...] = tuple(sorted(
    (*framing.RULES, *http.RULES, *lifecycle.RULES, *secrets.RULES, *agui_events.RULES, *agui_sequence.RULES,
     *agui_scopes.RULES, *agui_state.RULES, *timing.RULES, *llm_schema.RULES, *openai_chat.RULES, *openai_responses.RULES,
     *anthropic.RULES, *vercel_ai.RULES, *naming.RULES, *interop.RULES),
    key=lambda r: r.code))
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
