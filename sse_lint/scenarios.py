"""Scenario files: many named requests checked in one run (``sse-lint check --scenarios FILE``).

```toml
[[scenario]]
name = "agent happy path"
url = "http://127.0.0.1:8000/agent"
agui = true                    # POST a minimal RunAgentInput, AG-UI profile
expect = "success"

[[scenario]]
name = "bad model must fail loudly"
url = "http://127.0.0.1:8000/v1/chat/completions"
method = "POST"
headers = { Authorization = "Bearer $OPENAI_API_KEY" }
json = { model = "no-such-model", stream = true, messages = [] }
expect = "error"
max-time = 20
repeat = 5
```
Also read from ``[[tool.sse-lint.scenario]]`` in ``pyproject.toml``.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import UsageError

KEYS = {"name": str, "url": str, "method": str, "headers": dict, "body": str, "body-file": str, "json": object,
        "agui": bool, "profile": str, "expect": str, "connect-timeout": float, "first-byte-timeout": float,
        "idle-timeout": float, "max-time": float, "repeat": int, "concurrency": int, "select": list, "ignore": list,
        "insecure": bool}


@dataclass
class Scenario:
    name: str
    url: str
    method: str | None = None
    headers: list[str] = field(default_factory=list)
    body: bytes | None = None
    json_body: bytes | None = None
    agui: bool = False
    profile: str | None = None
    expect: str = "any"
    timeouts: dict[str, float] = field(default_factory=dict)
    repeat: int = 1
    concurrency: int = 1
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    insecure: bool = False


def _check(where: str, key: str, value: Any) -> None:
    want = KEYS[key]
    if want is float and isinstance(value, int) and not isinstance(value, bool):
        return
    if want is not object and not isinstance(value, want):
        raise UsageError(f"{where}.{key}: expected {want.__name__}, got {type(value).__name__}")


def load(path: Path) -> list[Scenario]:
    try:
        doc = tomllib.loads(path.read_text())
    except OSError as e:
        raise UsageError(f"{path}: cannot read: {e.strerror or e}") from None
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{path}: invalid TOML: {e}") from None
    prefix = "scenario"
    items = doc.get("scenario")
    if items is None and isinstance(doc.get("tool"), dict):
        items = doc["tool"].get("sse-lint", {}).get("scenario")
        prefix = "tool.sse-lint.scenario"
    if not isinstance(items, list) or not items:
        raise UsageError(f"{path}: no [[scenario]] tables")
    out = []
    for i, raw in enumerate(items):
        where = f"{path}: {prefix}[{i}]"
        if not isinstance(raw, dict):
            raise UsageError(f"{where}: expected a table")
        for key, value in raw.items():
            if key not in KEYS:
                raise UsageError(f"{where}.{key}: unknown key (known: {', '.join(KEYS)})")
            _check(where, key, value)
        if "url" not in raw:
            raise UsageError(f"{where}: missing required key 'url'")
        if raw.get("expect", "any") not in ("any", "success", "error"):
            raise UsageError(f"{where}.expect: expected any, success or error")
        body = raw["body"].encode() if "body" in raw else None
        if "body-file" in raw:
            try:
                body = (path.parent / raw["body-file"]).read_bytes()
            except OSError as e:
                raise UsageError(f"{where}.body-file: {e.strerror or e}") from None
        out.append(Scenario(
            name=raw.get("name", f"scenario {i + 1}"), url=raw["url"], method=raw.get("method"),
            headers=[f"{k}: {v}" for k, v in (raw.get("headers") or {}).items()], body=body,
            json_body=json.dumps(raw["json"]).encode() if "json" in raw else None, agui=raw.get("agui", False),
            profile=raw.get("profile"), expect=raw.get("expect", "any"),
            timeouts={k: float(raw[k]) for k in ("connect-timeout", "first-byte-timeout", "idle-timeout", "max-time")
                      if k in raw},
            repeat=raw.get("repeat", 1), concurrency=raw.get("concurrency", 1), select=raw.get("select", []),
            ignore=raw.get("ignore", []), insecure=raw.get("insecure", False)))
    return out
