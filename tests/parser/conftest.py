"""Every parser test runs twice: with the C speedups (when built) and with the pure-Python fast path."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.usefixtures("parser_implementation")


@pytest.fixture(autouse=True, scope="module")
def _both_parser_implementations(parser_implementation: str) -> str:
    return parser_implementation
