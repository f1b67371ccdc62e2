"""sse_lint.jsonpatch against the examples of RFC 6902, Appendix A, and RFC 6901 pointers."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sse_lint import jsonpatch

# (name, document, patch, result or None when the patch must fail)
RFC6902 = [
    ("A.1 add an object member", {"foo": "bar"}, [{"op": "add", "path": "/baz", "value": "qux"}],
     {"baz": "qux", "foo": "bar"}),
    ("A.2 add an array element", {"foo": ["bar", "baz"]}, [{"op": "add", "path": "/foo/1", "value": "qux"}],
     {"foo": ["bar", "qux", "baz"]}),
    ("A.3 remove an object member", {"baz": "qux", "foo": "bar"}, [{"op": "remove", "path": "/baz"}],
     {"foo": "bar"}),
    ("A.4 remove an array element", {"foo": ["bar", "qux", "baz"]}, [{"op": "remove", "path": "/foo/1"}],
     {"foo": ["bar", "baz"]}),
    ("A.5 replace a value", {"baz": "qux", "foo": "bar"}, [{"op": "replace", "path": "/baz", "value": "boo"}],
     {"baz": "boo", "foo": "bar"}),
    ("A.6 move a value", {"foo": {"bar": "baz", "waldo": "fred"}, "qux": {"corge": "grault"}},
     [{"op": "move", "from": "/foo/waldo", "path": "/qux/thud"}],
     {"foo": {"bar": "baz"}, "qux": {"corge": "grault", "thud": "fred"}}),
    ("A.7 move an array element", {"foo": ["all", "grass", "cows", "eat"]},
     [{"op": "move", "from": "/foo/1", "path": "/foo/3"}], {"foo": ["all", "cows", "eat", "grass"]}),
    ("A.8 test a value: success", {"baz": "qux", "foo": ["a", 2, "c"]},
     [{"op": "test", "path": "/baz", "value": "qux"}, {"op": "test", "path": "/foo/1", "value": 2}],
     {"baz": "qux", "foo": ["a", 2, "c"]}),
    ("A.9 test a value: error", {"baz": "qux"}, [{"op": "test", "path": "/baz", "value": "bar"}], None),
    ("A.10 add a nested member object", {"foo": "bar"}, [{"op": "add", "path": "/child", "value": {"grandchild": {}}}],
     {"foo": "bar", "child": {"grandchild": {}}}),
    ("A.11 ignore unrecognized elements", {"foo": "bar"},
     [{"op": "add", "path": "/baz", "value": "qux", "xyz": 123}], {"foo": "bar", "baz": "qux"}),
    ("A.12 add to a nonexistent target", {"foo": "bar"}, [{"op": "add", "path": "/baz/bat", "value": "qux"}], None),
    ("A.14 ~ escape ordering", {"/": 9, "~1": 10}, [{"op": "test", "path": "/~01", "value": 10}],
     {"/": 9, "~1": 10}),
    ("A.15 comparing strings and numbers", {"/": 9, "~1": 10}, [{"op": "test", "path": "/~01", "value": "10"}],
     None),
    ("A.16 add an array value", {"foo": ["bar"]}, [{"op": "add", "path": "/foo/-", "value": ["abc", "def"]}],
     {"foo": ["bar", ["abc", "def"]]}),
    # beyond the appendix: the whole document, leading zeros, end of array, replace of a missing member
    ("replace the root", {"a": 1}, [{"op": "replace", "path": "", "value": [1]}], [1]),
    ("add to the root", {"a": 1}, [{"op": "add", "path": "", "value": 2}], 2),
    ("index with a leading zero", {"a": [1, 2]}, [{"op": "replace", "path": "/a/01", "value": 0}], None),
    ("replace past the end", {"a": [1]}, [{"op": "replace", "path": "/a/1", "value": 0}], None),
    ("replace a missing member", {"a": 1}, [{"op": "replace", "path": "/b", "value": 0}], None),
    ("move into its own child", {"a": {"b": 1}}, [{"op": "move", "from": "/a", "path": "/a/b/c"}], None),
    ("copy", {"a": {"b": [1]}}, [{"op": "copy", "from": "/a/b", "path": "/c"}], {"a": {"b": [1]}, "c": [1]}),
    ("escaped tokens", {"a/b": {"m~n": 1}}, [{"op": "replace", "path": "/a~1b/m~0n", "value": 2}],
     {"a/b": {"m~n": 2}}),
]


@pytest.mark.parametrize(("name", "doc", "patch", "want"), RFC6902, ids=[c[0] for c in RFC6902])
def test_rfc6902_examples(name: str, doc: object, patch: list, want: object) -> None:
    jsonpatch.check(patch)
    if want is None:
        with pytest.raises(jsonpatch.PatchError):
            jsonpatch.apply(doc, patch)
    else:
        assert jsonpatch.apply(doc, patch) == want
        assert jsonpatch.apply(copy.deepcopy(doc), copy.deepcopy(patch), in_place=True) == want


@pytest.mark.parametrize("patch", [
    {"op": "add"}, [1], [{"op": "nope", "path": "/a"}], [{"op": "add", "path": "/a"}],
    [{"op": "move", "path": "/a"}], [{"op": "remove", "path": "a"}], [{"op": "remove", "path": 3}],
])
def test_malformed_patches(patch: object) -> None:
    with pytest.raises(jsonpatch.PatchError):
        jsonpatch.check(patch)


_keys = st.sampled_from(["a", "b", "~", "/", "0", "-"])
_docs = st.recursive(st.integers(0, 3) | st.text("xy", max_size=2),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_keys, inner, max_size=3),
                     max_leaves=8)


def _pointer(tokens: list[str]) -> str:
    return "".join("/" + t.replace("~", "~0").replace("/", "~1") for t in tokens)


@settings(max_examples=300, deadline=None)
@given(_docs, st.lists(st.tuples(st.sampled_from(["add", "remove", "replace", "move", "copy", "test"]),
                                 st.lists(_keys | st.sampled_from(["1", "2"]), max_size=3),
                                 st.lists(_keys, max_size=2), _docs), max_size=4))
def test_apply_is_all_or_nothing_and_in_place_agrees(doc: object, ops: list) -> None:
    patch = [{"op": op, "path": _pointer(path), "from": _pointer(frm), "value": value}
             for op, path, frm, value in ops]
    before = copy.deepcopy(doc)
    try:
        result = jsonpatch.apply(doc, patch)
    except jsonpatch.PatchError:
        result = None
    assert doc == before  # the copying form never changes its input
    try:
        in_place = jsonpatch.apply(copy.deepcopy(doc), copy.deepcopy(patch), in_place=True)
    except jsonpatch.PatchError:
        in_place = None
    assert (result is None) == (in_place is None)
    if result is not None:
        assert in_place == result
