"""Value objects shared by every layer: severities, locations, findings and per-stream reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    """How bad a finding is. ``error``: clients break or data is lost; ``warning``: clients may break."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls(value.lower())
        except ValueError:
            raise ValueError(f"unknown severity {value!r} (expected error, warning or info)") from None


_RANK = {Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding is: byte offset in the body, 1-based line and column, 0-based event index.

    Any part may be unknown (``None``); ``line`` is a line of the input file when the body
    starts at a known line of it (raw SSE, ``curl -i`` dumps), else a line of the body.
    """

    offset: int | None = None
    line: int | None = None
    column: int | None = None
    event: int | None = None

    def sort_key(self) -> tuple[int, int, int]:
        big = 1 << 62
        return (
            self.offset if self.offset is not None else big,
            self.line if self.line is not None else big,
            self.event if self.event is not None else big,
        )


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule violation."""

    code: str
    name: str
    severity: Severity
    message: str
    location: Location = field(default_factory=Location)
    hint: str | None = None
    excerpt: str | None = None

    def to_dict(self) -> dict[str, object]:
        loc = self.location
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "line": loc.line,
            "column": loc.column,
            "offset": loc.offset,
            "event": loc.event,
            "hint": self.hint,
        }


@dataclass(slots=True)
class Report:
    """The result of linting one stream."""

    source: str
    profile: str = "generic"
    profile_reason: str = ""
    events: int = 0
    bytes: int = 0
    end: str | None = None
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def sort(self) -> None:
        self.findings.sort(key=lambda f: (f.location.sort_key(), f.code))

    @property
    def counts(self) -> dict[str, int]:
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            counts[f.severity.value] += 1
        return counts

    def fails(self, threshold: Severity | None) -> bool:
        """True when a finding is at or above ``threshold`` (``None`` = never fail)."""
        if threshold is None:
            return False
        return any(f.severity.rank >= threshold.rank for f in self.findings)

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "profile": self.profile,
            "profile_reason": self.profile_reason,
            "events": self.events,
            "bytes": self.bytes,
            "end": self.end,
            "findings": [f.to_dict() for f in self.findings],
            "counts": self.counts,
        }
