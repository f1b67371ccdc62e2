"""Configuration: ``[tool.sse-lint]`` in ``pyproject.toml`` or an ``sse-lint.toml``, found by walking up from
the working directory (stopping at a repository root); ``--config FILE`` names one, ``--isolated`` ignores
them. Unknown keys and wrong types are errors naming the key path. CLI flags override the file."""

from __future__ import annotations

import difflib
import fnmatch
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import UsageError
from .findings import Severity

SEVERITIES = ("error", "warning", "info")
FAIL_ON = ("error", "warning", "info", "never")

# key -> (type check, description)
SCHEMA: dict[str, tuple[str, str]] = {
    "select": ("codes", "codes or prefixes to enable (replaces the default ALL)"),
    "extend-select": ("codes", "codes or prefixes to enable in addition"),
    "ignore": ("codes", "codes or prefixes to disable"),
    "severity": ("severity-map", "per-code severity overrides, e.g. {L105 = \"error\"}"),
    "fail-on": ("fail-on", "exit 1 at or above this severity: error, warning, info, never"),
    "profile": ("str", "auto, agui, openai-chat or generic"),
    "max-line-bytes": ("int", "longest line checked in full"),
    "first-byte-warn": ("number", "T101 threshold, seconds"),
    "stall": ("number", "T102 threshold, seconds"),
    "per-file-ignores": ("glob-map", "glob -> codes to ignore for matching transcript files"),
}


@dataclass
class Config:
    values: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)  # key -> where the value came from
    path: Path | None = None

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def set(self, key: str, value: Any, origin: str) -> None:
        self.values[key] = value
        self.origin[key] = origin

    def ignores_for(self, path: str) -> list[str]:
        """Codes ``per-file-ignores`` turns off for ``path`` (matched relative to the config's folder)."""
        table = self.values.get("per-file-ignores") or {}
        if not table:
            return []
        p = Path(path)
        rel = p
        if self.path is not None:
            try:
                rel = p.resolve().relative_to(self.path.parent.resolve())
            except ValueError:
                rel = p
        posix = PurePosixPath(rel.as_posix())
        codes: list[str] = []
        for pattern, value in table.items():
            if fnmatch.fnmatch(str(posix), pattern) or posix.match(pattern):
                codes += value
        return codes


def _fail(where: str, key: str, message: str) -> UsageError:
    return UsageError(f"{where}: [tool.sse-lint] {key}: {message}")


def _codes(where: str, key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(where, key, "expected a list of rule codes or prefixes")
    return value


def validate(raw: dict[str, Any], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in SCHEMA:
            close = difflib.get_close_matches(key, SCHEMA, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise _fail(where, key, f"unknown key{hint}; known keys: {', '.join(SCHEMA)}")
        kind = SCHEMA[key][0]
        if kind == "codes":
            out[key] = _codes(where, key, value)
        elif kind == "severity-map":
            if not isinstance(value, dict):
                raise _fail(where, key, "expected a table of CODE = \"error|warning|info\"")
            for code, sev in value.items():
                if sev not in SEVERITIES:
                    raise _fail(where, f"{key}.{code}", f"expected one of {', '.join(SEVERITIES)}, got {sev!r}")
            out[key] = {code.upper(): Severity(sev) for code, sev in value.items()}
        elif kind == "fail-on":
            if value not in FAIL_ON:
                raise _fail(where, key, f"expected one of {', '.join(FAIL_ON)}, got {value!r}")
            out[key] = value
        elif kind == "str":
            if not isinstance(value, str):
                raise _fail(where, key, "expected a string")
            out[key] = value
        elif kind == "int":
            if not isinstance(value, int) or isinstance(value, bool) or value < 16:
                raise _fail(where, key, "expected an integer >= 16")
            out[key] = value
        elif kind == "number":
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
                raise _fail(where, key, "expected a positive number of seconds")
            out[key] = float(value)
        elif kind == "glob-map":
            if not isinstance(value, dict):
                raise _fail(where, key, "expected a table of \"glob\" = [codes]")
            out[key] = {glob: _codes(where, f"{key}.\"{glob}\"", codes) for glob, codes in value.items()}
    return out


def _read(path: Path) -> dict[str, Any] | None:
    try:
        doc = tomllib.loads(path.read_text())
    except OSError as e:
        raise UsageError(f"{path}: cannot read: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{path}: invalid TOML: {e}") from None
    if path.name == "pyproject.toml":
        tool = doc.get("tool", {})
        return tool.get("sse-lint") if isinstance(tool, dict) else None
    return doc.get("tool", {}).get("sse-lint", doc) if isinstance(doc.get("tool"), dict) else doc


def discover(start: Path) -> Path | None:
    """The nearest ``sse-lint.toml``, or ``pyproject.toml`` with a ``[tool.sse-lint]`` table."""
    for folder in (start, *start.parents):
        for name in ("sse-lint.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _read(candidate) is not None):
                return candidate
        if (folder / ".git").exists():
            return None
    return None


def load(explicit: Path | None = None, isolated: bool = False, cwd: Path | None = None) -> Config:
    config = Config()
    if isolated:
        return config
    path = explicit if explicit is not None else discover((cwd or Path.cwd()).resolve())
    if path is None:
        return config
    raw = _read(path)
    if raw is None:
        if explicit is not None:
            raise UsageError(f"{path}: no [tool.sse-lint] table")
        return config
    config.path = path
    for key, value in validate(raw, str(path)).items():
        config.set(key, value, str(path))
    return config
