"""``JSON.parse`` with V8's error messages (Node 20 / V8 11), for the JavaScript dialects.

A validating scanner that follows V8's ``JsonParser`` (``src/json/json-parser.cc``: ``ParseJsonValue``,
``ScanJsonString``, ``ParseJsonNumber``, ``ReportUnexpectedToken``, ``IsSpecialString``) closely enough to
give the same message and UTF-16 position as node; values are then built by Python's ``json``.
Checked against node on the interop test corpus. One knowing difference: for a token outside the
BMP, V8 names a lone high surrogate; this shows U+FFFD (what node prints for it).
"""

from __future__ import annotations

import json
import re
from typing import Any

_WS = " \t\n\r"
_DIGITS = "0123456789"
_HEX = "0123456789abcdefABCDEF"
_SPECIAL = ("NaN", "Infinity", "undefined", "[object Object]")
_PLAIN = re.compile(r'[^"\\\x00-\x1f]+')


class _Fail(Exception):
    pass


def utf16_length(text: str) -> int:
    """A JavaScript string's ``length`` (UTF-16 code units)."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le", "surrogatepass")) // 2


class _Scanner:
    def __init__(self, s: str) -> None:
        self.s, self.n = s, len(s)

    def at(self, i: int, message: str, where: str = " in JSON") -> _Fail:
        return _Fail(f"{message}{where} at position {utf16_length(self.s[:i])}")

    def unexpected(self, i: int) -> _Fail:
        s = self.s
        if i >= self.n:
            return _Fail("Unexpected end of JSON input")
        ch = s[i]
        if ch == '"':
            return self.at(i, "Unexpected string")
        if ch in _DIGITS or ch == "-":
            return self.at(i, "Unexpected number")
        if s in _SPECIAL:
            return _Fail(f'"{s}" is not valid JSON')
        units = s.encode("utf-16-le", "surrogatepass")
        length, pos = len(units) // 2, utf16_length(s[:i])
        if length < 21:
            context = f'"{s}"'
        else:
            start, end = pos < 10, pos >= length - 10  # V8: kMaxContextCharacters = 10
            a, b = (0 if start else pos - 10), (length if end else pos + 10)
            sub = units[2 * a:2 * b].decode("utf-16-le", "replace")
            context = ("" if start else "...") + f'"{sub}"' + ("" if end else "...")
        shown = ch if ord(ch) <= 0xFFFF else "\ufffd"
        return _Fail(f"Unexpected token '{shown}', {context} is not valid JSON")

    def ws(self, i: int) -> int:
        while i < self.n and self.s[i] in _WS:
            i += 1
        return i

    def value(self, i: int) -> int:
        s, i = self.s, self.ws(i)
        if i >= self.n:
            raise self.unexpected(i)
        ch = s[i]
        if ch == '"':
            return self.string(i)
        if ch == "{":
            return self.obj(i)
        if ch == "[":
            return self.arr(i)
        if ch in _DIGITS or ch == "-":
            return self.number(i)
        for literal in ("true", "false", "null"):
            if ch == literal[0]:
                for k, want in enumerate(literal):
                    if i + k >= self.n or s[i + k] != want:
                        raise self.unexpected(i + k)
                return i + len(literal)
        raise self.unexpected(i)

    def string(self, i: int) -> int:
        s, j = self.s, i + 1
        while True:
            if j >= self.n:
                raise self.at(j, "Unterminated string")
            ch = s[j]
            if ch == '"':
                return j + 1
            if ch == "\\":
                j += 1
                if j >= self.n:
                    raise self.unexpected(j)
                if s[j] == "u":
                    for k in range(1, 5):
                        if j + k >= self.n or s[j + k] not in _HEX:
                            raise self.at(j + k, "Bad Unicode escape")
                    j += 5
                elif s[j] in '"\\/bfnrt':
                    j += 1
                elif ord(s[j]) > 0xFF:  # outside V8's one-byte escape table
                    raise self.unexpected(j)
                else:
                    raise self.at(j, "Bad escaped character")
            elif ord(ch) < 0x20:
                raise self.at(j, "Bad control character in string literal")
            else:
                j = _PLAIN.match(s, j).end()  # type: ignore[union-attr]

    def digits(self, j: int) -> int:
        while j < self.n and self.s[j] in _DIGITS:
            j += 1
        return j

    def number(self, i: int) -> int:
        s, j = self.s, i
        if s[j] == "-":
            j += 1
            if j >= self.n or s[j] not in _DIGITS:
                raise self.at(j, "No number after minus sign")
        if s[j] == "0":
            j += 1
            if j < self.n and s[j] in _DIGITS:
                raise self.at(j, "Unexpected number")
        else:
            j = self.digits(j)
        if j < self.n and s[j] == ".":
            if j + 1 >= self.n or s[j + 1] not in _DIGITS:
                raise self.at(j + 1, "Unterminated fractional number")
            j = self.digits(j + 1)
        if j < self.n and s[j] in "eE":
            j += 1
            if j < self.n and s[j] in "+-":
                j += 1
            if j >= self.n or s[j] not in _DIGITS:
                raise self.at(j, "Exponent part is missing a number")
            j = self.digits(j)
        return j

    def obj(self, i: int) -> int:
        s, j, first = self.s, self.ws(i + 1), True
        if j < self.n and s[j] == "}":
            return j + 1
        while True:
            if j >= self.n or s[j] != '"':
                raise self.at(j, "Expected property name or '}'" if first else "Expected double-quoted property name")
            j = self.ws(self.string(j))
            if j >= self.n or s[j] != ":":
                raise self.at(j, "Expected ':' after property name") if first else self.unexpected(j)
            j = self.ws(self.value(j + 1))
            if j < self.n and s[j] == ",":
                j, first = self.ws(j + 1), False
            elif j < self.n and s[j] == "}":
                return j + 1
            else:
                raise self.at(j, "Expected ',' or '}' after property value")

    def arr(self, i: int) -> int:
        s, j = self.s, self.ws(i + 1)
        if j < self.n and s[j] == "]":
            return j + 1
        while True:
            j = self.ws(self.value(j))
            if j < self.n and s[j] == ",":
                j += 1
            elif j < self.n and s[j] == "]":
                return j + 1
            else:
                raise self.at(j, "Expected ',' or ']' after array element")


def _no_constants(name: str) -> Any:
    raise ValueError(name)  # NaN and Infinity are Python's extensions, not JSON


_PYTHON = json.JSONDecoder(parse_constant=_no_constants)


def js_json_parse(text: str) -> tuple[Any, str | None]:
    """``JSON.parse(text)``: (value, None), or (None, "SyntaxError: <V8's message>")."""
    try:  # fast path: what Python's strict decoder accepts (minus NaN/Infinity), V8 accepts
        return _PYTHON.decode(text), None
    except ValueError:
        pass
    except RecursionError:  # a model limit: V8's parser is iterative and takes far deeper nesting
        return None, "RangeError: JSON nested too deeply for this model (about 1000 levels)"
    scanner = _Scanner(text)
    try:
        end = scanner.ws(scanner.value(0))
        if end < scanner.n:
            raise scanner.at(end, "Unexpected non-whitespace character after JSON", "")
    except _Fail as e:
        return None, f"SyntaxError: {e}"
    except RecursionError:
        return None, "RangeError: JSON nested too deeply for this model (about 1000 levels)"
    return json.loads(text), None  # not reached for valid JSON (the fast path took it)
