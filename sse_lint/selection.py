"""Which rules run: ``--select`` / ``--ignore`` by code or prefix; the most specific prefix wins."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .errors import UsageError


def _norm(items: Iterable[str] | None, known: set[str]) -> tuple[str, ...]:
    out = []
    for item in items or ():
        for part in item.split(","):
            p = part.strip().upper()
            if not p:
                continue
            if p != "ALL" and not any(code.startswith(p) for code in known):
                raise UsageError(f"--select/--ignore: {part.strip()!r} matches no rule code")
            out.append("" if p == "ALL" else p)
    return tuple(out)


@dataclass(frozen=True)
class Selection:
    select: tuple[str, ...] = ("",)
    ignore: tuple[str, ...] = ()

    @classmethod
    def build(cls, select: Iterable[str] | None, ignore: Iterable[str] | None, known: set[str]) -> Selection:
        sel = _norm(select, known) if select else ("",)
        return cls(sel or ("",), _norm(ignore, known))

    def enabled(self, code: str) -> bool:
        best_sel = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        best_ign = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return best_sel >= 0 and best_sel > best_ign
