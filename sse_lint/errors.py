"""The exception tree. Every class maps to exit code 2 and one line on stderr.

SseLintError
├── InputError        an input that cannot be read: missing, unreadable, not a transcript, corrupt
├── UsageError        bad options or configuration
└── ConnectError      a live endpoint that cannot be reached (refused, DNS, TLS, protocol error)
"""

from __future__ import annotations


class SseLintError(Exception):
    """Base class; ``str(err)`` is the one line shown to the user."""

    exit_code = 2


class InputError(SseLintError):
    """An input file or stream that cannot be read as a transcript."""

    def __init__(self, source: str, message: str, line: int | None = None) -> None:
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")
        self.source = source
        self.line = line


class UsageError(SseLintError):
    """Bad options or configuration."""


class ConnectError(SseLintError):
    """A live endpoint that cannot be reached."""
