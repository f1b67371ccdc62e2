"""The JSON report: a stable, documented contract (``"sse_lint": 1``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

import orjson

from ..findings import Report

FORMAT_VERSION = 1


def render(reports: Sequence[Report]) -> str:
    doc = {"sse_lint": FORMAT_VERSION, "results": [r.to_dict() for r in reports]}
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode() + "\n"


def write(reports: Sequence[Report], out: TextIO) -> None:
    out.write(render(reports))
