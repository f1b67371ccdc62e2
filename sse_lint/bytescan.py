"""Which of a set of byte strings occur in a buffer, found in one pass over it.

Several rules ask this of every chunk: the client-divergence rule (I101) whether any byte sequence that
some client reads differently is there, the credential rule (X101) whether any credential marker is.
Python's ``re`` tries every alternative at every position (about 100 MB/s for the 32 credential
markers) and ``in`` scans once per string; RE2's multi-pattern set (google-re2) runs one automaton over
the bytes, about 800 MB/s here. Without google-re2 the same answers come from ``re``, more slowly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

try:
    import re2
except ImportError:  # pragma: no cover - google-re2 is a dependency; this keeps odd platforms working
    re2 = None


class Literals:
    """A fixed set of byte strings; :meth:`found` says which occur in a buffer."""

    def __init__(self, literals: Sequence[bytes]) -> None:
        self.literals = tuple(dict.fromkeys(literals))
        self._set: Any = None
        self._re: re.Pattern[bytes] | None = None
        if re2 is not None:
            options = re2.Options()
            options.encoding = re2.Options.Encoding.LATIN1  # bytes are bytes: no UTF-8 decoding
            self._set = re2.Set.SearchSet(options)
            for lit in self.literals:
                self._set.Add(re.escape(lit))
            self._set.Compile()
        else:
            self._re = re.compile(b"|".join(re.escape(lit) for lit in self.literals))

    def found(self, data: bytes) -> list[bytes]:
        """The literals that occur in ``data``, in no particular order."""
        if self._set is not None:
            return [self.literals[i] for i in self._set.Match(data) or ()]  # None when nothing matches
        assert self._re is not None
        first = self._re.search(data)
        if first is None:
            return []
        return [lit for lit in self.literals if lit in data]

    def any(self, data: bytes) -> bool:
        if self._set is not None:
            return bool(self._set.Match(data))
        return self._re.search(data) is not None  # type: ignore[union-attr]


class ChunkScan:
    """One pass per chunk for all the literals the rules of one stream registered (``ctx.shared``)."""

    def __init__(self) -> None:
        self.wanted: list[bytes] = []
        self._literals: Literals | None = None
        self._last: bytes | None = None
        self._found: frozenset[bytes] = frozenset()

    def want(self, literals: Iterable[bytes]) -> None:
        new = [lit for lit in literals if lit not in self.wanted]
        if new:
            self.wanted += new
            self._literals = None
            self._last = None

    def found(self, data: bytes) -> frozenset[bytes]:
        """The registered literals that occur in ``data``; computed once per chunk object."""
        if data is not self._last:
            if self._literals is None:
                self._literals = Literals(self.wanted)
            self._found = frozenset(self._literals.found(data))
            self._last = data
        return self._found


def chunk_scan(shared: dict[str, Any]) -> ChunkScan:
    """The stream's shared :class:`ChunkScan` (``Context.shared``)."""
    scan = shared.get("chunk-scan")
    if scan is None:
        scan = shared["chunk-scan"] = ChunkScan()
    return scan  # type: ignore[no-any-return]


__all__ = ["ChunkScan", "Literals", "chunk_scan"]
