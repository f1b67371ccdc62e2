"""Browsers' ``EventSource``: they implement the WHATWG algorithm, so this is the spec under another label."""

from __future__ import annotations

from typing import ClassVar

from .spec import Spec


class Browser(Spec):
    name = "browser"
    label = "browsers (EventSource)"
    language = "javascript"
    reference_for: ClassVar[tuple[str, ...]] = ("generic",)
    source = "HTML Living Standard §9.2 (Chromium, Firefox and WebKit follow it)"
