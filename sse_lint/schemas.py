"""Packaged JSON Schemas: loaded once, one compiled validator per event type, built on first use.

The schema files (draft 2020-12) are the single source of truth. Validation of valid events is
the hot path, so each schema is compiled to Python code by fastjsonschema; only an event that
fails is validated again with ``jsonschema`` for a precise message (JSON path and expectation).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import orjson
from referencing import Registry, Resource


def schema_root() -> Path:
    """The schemas folder: inside the installed wheel, or the source tree's top-level ``schemas/``."""
    packaged = Path(str(files("sse_lint"))) / "_schemas"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[1] / "schemas"


class SchemaSet:
    """The schemas of one protocol folder (``schemas/<protocol>/<TYPE>.schema.json`` + ``_*.json``)."""

    def __init__(self, protocol: str) -> None:
        self.folder = schema_root() / protocol
        self.schemas: dict[str, dict[str, Any]] = {}
        self.by_id: dict[str, dict[str, Any]] = {}
        self.meta: dict[str, Any] = {}
        for path in sorted(self.folder.glob("*.json")):
            doc = orjson.loads(path.read_bytes())
            if path.name == "_meta.json":
                self.meta = doc
                continue
            if "$id" in doc:
                self.by_id[doc["$id"]] = doc
            if not path.name.startswith("_"):
                self.schemas[path.name.split(".", 1)[0]] = doc
        self._registry = Registry().with_resources(
            (uri, Resource.from_contents(doc)) for uri, doc in self.by_id.items())
        self._fast: dict[str, Callable[[Any], Any]] = {}
        self._shapes: dict[str, _Shape] = {}

    def types(self) -> set[str]:
        return set(self.schemas)

    def _handler(self, uri: str) -> dict[str, Any]:
        return self.by_id[uri.split("#", 1)[0]]

    def fast(self, kind: str) -> Callable[[Any], Any] | None:
        """A compiled validator that raises on invalid input, or None for an unknown type."""
        fn = self._fast.get(kind)
        if fn is None:
            schema = self.schemas.get(kind)
            if schema is None:
                return None
            fn = fastjsonschema.compile(schema, handlers={"https": self._handler, "http": self._handler},
                                        use_default=False)
            self._fast[kind] = fn
        return fn

    def is_valid(self, kind: str, payload: Any) -> bool:
        """Whether ``payload`` is valid for ``kind``; verdicts are cached by payload shape where the
        schema's verdict depends only on which keys are present and the JSON types of their values."""
        shape = self._shapes.get(kind)
        if shape is None:
            shape = self._shapes[kind] = _Shape(self, kind)
        key = shape.key(payload) if shape.props is not None else None
        if key is not None:
            verdict = shape.cache.get(key)
            if verdict is not None:
                return verdict
        fn = self.fast(kind)
        if fn is None:
            return False
        try:
            fn(payload)
            verdict = True
        except fastjsonschema.JsonSchemaException:
            verdict = False
        if key is not None:
            if len(shape.cache) > 4096:
                shape.cache.clear()
            shape.cache[key] = verdict
        return verdict

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        """Follow ``$ref`` chains (absolute URIs of this set, JSON pointers)."""
        seen = 0
        while "$ref" in schema and seen < 20:
            seen += 1
            uri, _, pointer = schema["$ref"].partition("#")
            node: Any = self.by_id[uri]
            for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
                node = node[part.replace("~1", "/").replace("~0", "~")]
            schema = node
        return schema

    def explain(self, kind: str, payload: Any) -> str | None:
        """The most relevant error with its JSON path, or None if the payload is valid."""
        validator = jsonschema.Draft202012Validator(self.schemas[kind], registry=self._registry)
        error = jsonschema.exceptions.best_match(validator.iter_errors(payload))
        if error is None:
            return None
        path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        return f"{path}: {_short(error.message)}"


_ANNOTATIONS = frozenset(("description", "title", "$comment", "deprecated", "default", "examples", "readOnly",
                          "writeOnly"))
_OBJECT_LEVEL = frozenset(("type", "properties", "required", "$schema", "$id", "$defs")) | _ANNOTATIONS
_JSON_TYPE = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null"}


class _Shape:
    """Which part of a payload decides a schema's verdict, for caching verdicts.

    ``props`` maps each declared property to "type" (only the value's JSON type matters), a
    ``(lo, hi)`` range (type and range), or "value" (the scalar value itself); None when the schema
    has object-level logic (if/then, anyOf, ...) and nothing is cached.
    """

    def __init__(self, schemas: SchemaSet, kind: str) -> None:
        self.cache: dict[tuple[Any, ...], bool] = {}
        self.props: dict[str, Any] | None = None
        schema = schemas.schemas.get(kind)
        if schema is None or not set(schema) <= _OBJECT_LEVEL or schema.get("type") != "object":
            return
        props: dict[str, Any] = {}
        for name, sub in schema.get("properties", {}).items():
            sub = schemas.resolve(sub)
            extra = set(sub) - _ANNOTATIONS - {"type"}
            if not extra:
                props[name] = "type"
            elif extra <= {"minimum", "maximum"}:
                props[name] = (sub.get("minimum", float("-inf")), sub.get("maximum", float("inf")))
            else:
                props[name] = "value"
        self.props = props

    def key(self, payload: Any) -> tuple[Any, ...] | None:
        if payload.__class__ is not dict:
            return None
        props = self.props
        parts: list[Any] = []
        for k, v in payload.items():
            how = props.get(k, "type")  # type: ignore[union-attr]
            cls = v.__class__
            if how == "type":
                parts.append((k, _JSON_TYPE.get(cls, cls)))
            elif cls is dict or cls is list:
                return None
            elif how == "value":
                parts.append((k, cls, v))
            elif cls is int:
                lo, hi = how
                parts.append((k, cls, lo <= v <= hi))
            else:
                return None  # floats (1.0 is an integer, 1.5 is not) and others: validate every time
        return tuple(parts)


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@functools.cache
def load(protocol: str) -> SchemaSet:
    return SchemaSet(protocol)
