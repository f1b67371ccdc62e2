from pathlib import Path

FIXTURE_V0 = Path(__file__).resolve().parents[2] / "fixtures" / "agui0" / "run-started-after-error.sse"
