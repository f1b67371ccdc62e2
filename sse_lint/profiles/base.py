"""The profile interface: detect a protocol, decode each event, give it a role and a run."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ..jsonutil import JSONError, loads

if TYPE_CHECKING:
    from ..sources.model import Response
    from ..sse import Event

# Roles the lifecycle rules understand.
START, CONTENT, ERROR, SUCCESS, HEARTBEAT, OTHER, DONE = (
    "start", "content", "error", "success", "heartbeat", "other", "done")


class NotJson:
    """The payload of an event whose data is not JSON; ``error`` says why."""

    __slots__ = ("error",)

    def __init__(self, error: str) -> None:
        self.error = error


class Profile:
    name: ClassVar[str]
    #: the events of this protocol carry JSON data
    expects_json: ClassVar[bool] = True

    @classmethod
    def detect(cls, response: Response | None, event: Event | None) -> str | None:
        """A reason string when the head or the first event says this is the protocol."""
        return None

    def decode(self, event: Event) -> None:
        """Set ``event.payload`` (``NotJson`` on failure), ``kind``, ``role`` and ``run``."""
        data = event.data
        if event.truncated:
            event.payload = NotJson("data was cut at the line limit")
            return
        try:
            event.payload = loads(data)
        except JSONError as e:
            event.payload = NotJson(str(e))
