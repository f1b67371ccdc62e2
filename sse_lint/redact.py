"""Credential shapes and their redaction, shared by the secret-leak rule and the recorder."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .bytescan import Literals

# (label, pattern); group "s" is the secret when present, else the whole match.
_SHAPES: list[tuple[str, str]] = [
    ("private key block", r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"),
    ("Anthropic API key", r"(?<![\w-])(?P<s>sk-ant-[A-Za-z0-9_-]{20,})"),
    ("OpenAI API key", r"(?<![\w-])(?P<s>sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,})"),
    ("Stripe secret key", r"(?<![\w-])(?P<s>[rs]k_live_[A-Za-z0-9]{20,})"),
    ("Google API key", r"(?<![\w-])(?P<s>AIza[0-9A-Za-z_-]{35})"),
    ("AWS access key id", r"(?<![A-Z0-9])(?P<s>(?:AKIA|ASIA)[0-9A-Z]{16})(?![A-Z0-9])"),
    ("GitHub token", r"(?<![\w-])(?P<s>(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,}))"),
    ("Slack token", r"(?<![\w-])(?P<s>xox[abprs]-[A-Za-z0-9-]{10,})"),
    ("JWT", r"(?<![\w-])(?P<s>eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})"),
    ("Bearer token", r"\b[Bb]earer\s+(?P<s>[A-Za-z0-9._~+/=-]{16,})"),
    ("Basic credentials", r"\bBasic\s+(?P<s>[A-Za-z0-9+/]{12,}={0,2})(?![A-Za-z0-9+/=])"),
    ("credential header",
     r"[\"']?\b(?:[Aa]uthorization|AUTHORIZATION|[Cc]ookie|COOKIE|(?:[Xx]-)?(?:[Aa]pi|API)[-_]?(?:[Kk]ey|KEY)"
     r"|x-goog-api-key)\b[\"']?\s*[:=]\s*[\"']?(?:[A-Za-z]+\s+)?(?P<s>[^\"'\s,}]{8,})"),
]
_LABELS = [label for label, _ in _SHAPES]


def _group(i: int, pattern: str) -> str:
    flags = ""
    if pattern.startswith("(?i)"):
        flags, pattern = "?i", pattern[4:]
    pattern = pattern.replace("(?P<s>", f"(?P<s{i}>")
    return f"(?P<g{i}>({flags}:{pattern}))" if flags else f"(?P<g{i}>{pattern})"


PATTERN = re.compile("|".join(_group(i, p) for i, (_, p) in enumerate(_SHAPES)))
_HAS_SECRET_GROUP = ["(?P<s>" in p for _, p in _SHAPES]

SENSITIVE_HEADERS = frozenset(("authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key",
                               "api-key", "x-goog-api-key", "x-auth-token", "openai-api-key", "anthropic-api-key"))
SENSITIVE_PARAM = re.compile(r"(?i)(key|token|secret|password|passwd|auth|signature|sig|credential|session)")
MASK = "[REDACTED]"


# Byte markers of which every match of the shapes above contains at least one, spelled as they occur
# (header names in their usual casings). All are ASCII and none holds a line end, so a marker in an
# event's data is a marker in the stream's bytes. Chunks and texts are checked for them in one pass
# (``bytescan``); the full pattern (slow: ~250 ns a character) then runs only where one occurs.
MARKERS = (b"sk-", b"k_live_", b"AIza", b"AKIA", b"ASIA", b"ghp_", b"gho_", b"ghu_", b"ghs_", b"ghr_", b"github_pat_",
           b"xoxa-", b"xoxb-", b"xoxp-", b"xoxr-", b"xoxs-", b"eyJ", b"earer", b"Basic", b"PRIVATE KEY",
           b"uthorization", b"UTHORIZATION", b"ookie", b"OOKIE", b"pi-key", b"pi-Key", b"PI-KEY", b"pi_key", b"PI_KEY",
           b"pikey", b"piKey", b"PIKEY")


MARKER_LENGTH = max(len(m) for m in MARKERS)
_MARKERS = Literals(MARKERS)
MIN_LENGTH = 12  # no shape above matches fewer characters


def has_marker(data: bytes) -> bool:
    """Whether ``data`` may hold a credential: a cheap prefilter, true for every text :func:`find` matches."""
    return len(data) >= MIN_LENGTH and _MARKERS.any(data)


def find(text: str) -> Iterator[tuple[str, int, int]]:
    """(label, start, end) of every credential-looking span in ``text``."""
    for m in PATTERN.finditer(text):
        i = int(m.lastgroup[1:])  # type: ignore[index]
        s, e = m.span(f"s{i}") if _HAS_SECRET_GROUP[i] else m.span()
        yield _LABELS[i], s, e


def shown(secret: str) -> str:
    """A redacted form that identifies without revealing: first four characters and the length."""
    return f"{secret[:4]}…({len(secret)} chars)"


def redact_text(text: str) -> str:
    out, last = [], 0
    for _, s, e in find(text):
        out.append(text[last:s])
        out.append(MASK)
        last = e
    out.append(text[last:])
    return "".join(out)
