"""RFC 6902 JSON Patch: validation and in-place application (all or nothing), RFC 6901 pointers."""

from __future__ import annotations

import copy
from typing import Any

OPS = {"add": ("path", "value"), "remove": ("path",), "replace": ("path", "value"), "move": ("from", "path"),
       "copy": ("from", "path"), "test": ("path", "value")}


class PatchError(ValueError):
    """The patch is malformed, or does not apply to the document."""


def _tokens(pointer: Any) -> list[str]:
    if not isinstance(pointer, str):
        raise PatchError(f"pointer {pointer!r} is not a string")
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise PatchError(f"pointer {pointer!r} does not start with '/'")
    tokens = pointer[1:].split("/")
    if "~" not in pointer:
        return tokens
    return [t.replace("~1", "/").replace("~0", "~") for t in tokens]


def check(patch: Any) -> None:
    """Raise PatchError unless ``patch`` is a well-formed RFC 6902 document."""
    if not isinstance(patch, list):
        raise PatchError("a JSON Patch is an array of operations")
    for i, op in enumerate(patch):
        if not isinstance(op, dict):
            raise PatchError(f"operation {i} is not an object")
        name = op.get("op")
        if name not in OPS:
            raise PatchError(f"operation {i} has unknown op {name!r}")
        for member in OPS[name]:
            if member not in op:
                raise PatchError(f"operation {i} ({name}) lacks {member!r}")
        _tokens(op["path"])
        if "from" in OPS[name]:
            _tokens(op["from"])


def _parent(doc: Any, tokens: list[str], path: str) -> tuple[Any, str]:
    node = doc
    for t in tokens[:-1]:
        node = _child(node, t, path)
    return node, tokens[-1]


def _index(node: list[Any], token: str, path: str, allow_end: bool) -> int:
    if token == "-" and allow_end:
        return len(node)
    if not token.isdigit() or (token != "0" and token.startswith("0")):
        raise PatchError(f"{path}: {token!r} is not an array index")
    i = int(token)
    if i > len(node) or (i == len(node) and not allow_end):
        raise PatchError(f"{path}: index {i} is out of range (length {len(node)})")
    return i


def _child(node: Any, token: str, path: str) -> Any:
    if isinstance(node, dict):
        if token not in node:
            raise PatchError(f"{path}: member {token!r} does not exist")
        return node[token]
    if isinstance(node, list):
        return node[_index(node, token, path, False)]
    raise PatchError(f"{path}: cannot descend into a {type(node).__name__}")


def _get(doc: Any, tokens: list[str], path: str) -> Any:
    node = doc
    for t in tokens:
        node = _child(node, t, path)
    return node


def _add(doc: Any, tokens: list[str], path: str, value: Any) -> Any:
    if not tokens:
        return value
    parent, last = _parent(doc, tokens, path)
    if isinstance(parent, dict):
        parent[last] = value
    elif isinstance(parent, list):
        parent.insert(_index(parent, last, path, True), value)
    else:
        raise PatchError(f"{path}: cannot add into a {type(parent).__name__}")
    return doc


def _remove(doc: Any, tokens: list[str], path: str) -> tuple[Any, Any]:
    if not tokens:
        raise PatchError("cannot remove the whole document")
    parent, last = _parent(doc, tokens, path)
    if isinstance(parent, dict):
        if last not in parent:
            raise PatchError(f"{path}: member {last!r} does not exist")
        return doc, parent.pop(last)
    if isinstance(parent, list):
        return doc, parent.pop(_index(parent, last, path, False))
    raise PatchError(f"{path}: cannot remove from a {type(parent).__name__}")


def _replace(doc: Any, tokens: list[str], path: str, value: Any) -> Any:
    """Remove then add at the same place (RFC 6902 4.3), done as one assignment where the value was."""
    if not tokens:
        return value
    parent, last = _parent(doc, tokens, path)
    if isinstance(parent, dict):
        if last not in parent:
            raise PatchError(f"{path}: member {last!r} does not exist")
        parent[last] = value
    elif isinstance(parent, list):
        parent[_index(parent, last, path, False)] = value
    else:
        raise PatchError(f"{path}: cannot descend into a {type(parent).__name__}")
    return doc


def apply(doc: Any, patch: list[dict[str, Any]], *, in_place: bool = False) -> Any:
    """Apply ``patch``; return the new document or raise PatchError.

    With ``in_place`` the document (and the patch's values) are used as they are, without copies:
    cheaper, but a failing patch leaves the document half-patched.
    """
    if not in_place:
        doc = copy.deepcopy(doc)
        patch = copy.deepcopy(patch)
    for i, op in enumerate(patch):
        name, path = op["op"], op["path"]
        try:
            tokens = _tokens(path)
            if name == "add":
                doc = _add(doc, tokens, path, op["value"])
            elif name == "remove":
                doc, _ = _remove(doc, tokens, path)
            elif name == "replace":
                doc = _replace(doc, tokens, path, op["value"])
            elif name == "move":
                source = op["from"]
                if path.startswith(source + "/"):
                    raise PatchError(f"cannot move {source} into its own child {path}")
                doc, value = _remove(doc, _tokens(source), source)
                doc = _add(doc, tokens, path, value)
            elif name == "copy":
                source = op["from"]
                doc = _add(doc, tokens, path, copy.deepcopy(_get(doc, _tokens(source), source)))
            elif name == "test":
                if _get(doc, tokens, path) != op["value"]:
                    raise PatchError(f"{path}: test failed")
        except PatchError as e:
            raise PatchError(f"operation {i} ({name}): {e}") from None
    return doc
