"""Finding counts per rule, like ``ruff --statistics``: ``<count>\\t<CODE>\\t<name>`` lines.

Sorted by count (most first), then code; rules without findings are not listed, so a clean run is empty.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ..findings import Report, Severity
from ..rules import Rule


def counts(reports: Sequence[Report]) -> list[tuple[int, str, str]]:
    """(count, code, name) per code that has findings, most frequent first."""
    by_code: Counter[str] = Counter()
    names: dict[str, str] = {}
    for r in reports:
        for f in r.findings:
            by_code[f.code] += 1
            names.setdefault(f.code, f.name)
    return sorted(((n, code, names[code]) for code, n in by_code.items()), key=lambda t: (-t[0], t[1]))


def render(reports: Sequence[Report], *, fail_on: Severity | None, rules: Sequence[type[Rule]]) -> str:
    """The statistics lines; ``fail_on`` and ``rules`` do not change them."""
    return "".join(f"{n}\t{code}\t{name}\n" for n, code, name in counts(reports))
