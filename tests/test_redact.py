"""Credential shapes: found in payloads, not in ordinary text; the fast prefilter never hides a match."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sse_lint import redact

SECRETS = [
    "sk-proj-Zx81kLmQ2vB7nR4tY9wE3uI6oP0aS5dF", "sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345",
    "AIzaSyA1234567890abcdefghijklmnopqrstuv", "AKIAIOSFODNN7EXAMPLE", "ghp_0123456789abcdefghijklmnopqrstuvwxyz",
    "xoxb-123456789012-abcdefghijkl", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fw",
    "Bearer abcdefghijklmnopqrstuvwxyz", "-----BEGIN RSA PRIVATE KEY-----", "sk_live_abcdefghijklmnopqrstuvwx",
]
BENIGN = ["the task-management-system-design doc", "Authorization is required to view this page",
          "Use a Bearer token.", "Cookies help us", "api keys are listed in the dashboard",
          "msg-3fa85f64-5717-4562-b3fc-2c963f66afa6", "Basic arithmetic", "eyJ is how JWTs start"]


@pytest.mark.parametrize("secret", SECRETS)
def test_shapes_found_and_redacted(secret: str) -> None:
    text = f'{{"rawEvent": {{"note": "{secret}"}}}}'
    assert list(redact.find(text)), secret
    assert secret not in redact.redact_text(text) or secret.startswith("-----")
    assert redact.has_marker(text.encode())


@pytest.mark.parametrize("text", BENIGN)
def test_ordinary_text_is_not_a_credential(text: str) -> None:
    assert list(redact.find(text)) == []


@pytest.mark.parametrize("text", ['{"Authorization": "Token abcdef123456"}', "x-api-key: abcdef123456",
                                  "Cookie: session=abcdef1234567", "API_KEY=abcdefghijkl"])
def test_credential_headers(text: str) -> None:
    assert [label for label, _, _ in redact.find(text)] == ["credential header"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(SECRETS + BENIGN + ["x", " ", ":", "=", '"', "api", "-", "_", "Key", "KEY"]),
                max_size=8).map("".join) | st.text(max_size=80))
def test_prefilter_never_hides_a_match(text: str) -> None:
    if list(redact.find(text)):
        assert redact.has_marker(text.encode())
