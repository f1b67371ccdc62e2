"""Protocol profiles and detection."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import UsageError
from .agui import Agui
from .base import Profile
from .generic import Generic
from .llm import Anthropic, OpenAIResponses, VercelAI
from .openai_chat import OpenAIChat

if TYPE_CHECKING:
    from ..sources.model import Response
    from ..sse import Event

PROFILES: dict[str, type[Profile]] = {"agui": Agui, "openai-chat": OpenAIChat, "openai-responses": OpenAIResponses,
                                      "anthropic": Anthropic, "vercel-ai": VercelAI, "generic": Generic}
#: profiles tried by ``auto``, most specific first
DETECTION_ORDER: list[type[Profile]] = [VercelAI, Agui, OpenAIResponses, Anthropic, OpenAIChat]

__all__ = ["PROFILES", "Profile", "choose", "detect"]


def choose(name: str) -> type[Profile] | None:
    """The profile class for ``name``; None for ``auto``."""
    if name == "auto":
        return None
    try:
        return PROFILES[name]
    except KeyError:
        raise UsageError(f"unknown profile {name!r} (choose from auto, {', '.join(PROFILES)})") from None


def detect(response: Response | None, event: Event | None) -> tuple[type[Profile], str]:
    for cls in DETECTION_ORDER:
        reason = cls.detect(response, event)
        if reason:
            return cls, reason
    return Generic, "no protocol recognised"
