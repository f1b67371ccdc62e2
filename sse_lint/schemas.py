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
                self.schemas[path.name.removesuffix(".schema.json")] = doc
        self._registry = Registry().with_resources(
            (uri, Resource.from_contents(doc)) for uri, doc in self.by_id.items())
        self._fast: dict[str, Callable[[Any], Any]] = {}

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
        fn = self.fast(kind)
        if fn is None:
            return False
        try:
            fn(payload)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    def accepts_strings(self, kind: str, fields: tuple[str, ...]) -> bool:
        """Whether *every* object ``{"type": kind, <field>: <any string>, ...}`` is valid, read off the schema.

        True only for the plain shape: an object whose required fields are among these, ``type`` a
        ``const``, each field ``{"type": "string"}`` and no other keyword that could reject such an object.
        The batched fast path (``sse_lint.batch``) relies on it instead of validating each event.
        """
        schema = self.schemas.get(kind)
        quiet = {"$schema", "$id", "$comment", "title", "description", "deprecated", "examples"}
        if schema is None or schema.get("type") != "object" or not set(schema) <= quiet | {
                "type", "required", "properties", "additionalProperties"}:
            return False
        props = schema.get("properties", {})
        if not set(schema.get("required", ())) <= {"type", *fields}:
            return False
        tag = props.get("type", {})
        if not set(tag) <= quiet | {"const"} or tag.get("const", kind) != kind:
            return False
        return all(isinstance(props.get(f), dict) and props[f].get("type") == "string"
                   and set(props[f]) <= quiet | {"type"} for f in fields)

    def explain(self, kind: str, payload: Any) -> str | None:
        """The most relevant error with its JSON path, or None if the payload is valid."""
        validator = jsonschema.Draft202012Validator(self.schemas[kind], registry=self._registry)
        error = jsonschema.exceptions.best_match(validator.iter_errors(payload))
        if error is None:
            return None
        path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
        return f"{path}: {_short(error.message)}"


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@functools.cache
def load(protocol: str) -> SchemaSet:
    return SchemaSet(protocol)
