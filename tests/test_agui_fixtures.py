"""The AG-UI fixtures are exactly what the official encoder writes (fixtures/generate_agui.py)."""

from __future__ import annotations

import subprocess
import sys

from .conftest import FIXTURES


def test_agui_fixtures_are_up_to_date() -> None:
    proc = subprocess.run([sys.executable, str(FIXTURES / "generate_agui.py"), "--check"], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
