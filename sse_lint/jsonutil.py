"""Fast JSON decoding that never raises anything but ``JSONError`` (no RecursionError, no ValueError)."""

from __future__ import annotations

import json
from typing import Any

import orjson


class JSONError(ValueError):
    """The text is not JSON (``unsupported`` when it is JSON this linter cannot represent)."""

    def __init__(self, message: str, unsupported: bool = False) -> None:
        super().__init__(message)
        self.unsupported = unsupported


def loads(text: str | bytes) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as e:
        first = str(e)
    # orjson refuses integers beyond 64 bits and nesting beyond 1024; only then is the (slow) stdlib asked.
    if "64-bit" not in first and "ecursion" not in first and "depth" not in first:
        raise JSONError(first) from None
    try:
        return json.loads(text)
    except RecursionError:
        raise JSONError("JSON nested too deeply to check", unsupported=True) from None
    except json.JSONDecodeError as e:
        raise JSONError(f"{e.msg} at column {e.colno}") from None
    except ValueError as e:  # e.g. Python's int max-digits guard
        if "digits" in str(e) or "recursion" in first:
            raise JSONError(str(e), unsupported=True) from None
        raise JSONError(first) from None


def syntax_error(text: str) -> str | None:
    """Why ``text`` is not a JSON document, or None (valid, or JSON this linter cannot represent).

    Used by the rules that check streamed tool arguments once their fragments are joined.
    """
    try:
        loads(text)
    except JSONError as e:
        return None if e.unsupported else str(e)
    return None
