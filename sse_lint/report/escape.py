"""Escaping of stream text for the medium it is shown in (terminal, XML, CI logs)."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\u200b-\u200f\u2028-\u202e]")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def terminal(text: str, limit: int = 160) -> str:
    """Control characters (ANSI escapes among them) shown as escapes; long text cut."""
    text = _CONTROL.sub(lambda m: repr(m.group())[1:-1], text.replace("\t", "\\t").replace("\r", "\\r"))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def xml(text: str) -> str:
    """Characters XML 1.0 cannot hold, replaced by their escape (ElementTree writes them raw)."""
    return _XML_ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
