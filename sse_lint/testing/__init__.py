"""Helpers for testing streaming endpoints and clients with sse-lint (pytest, hypothesis)."""
