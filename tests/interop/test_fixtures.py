"""Every interop fixture makes :func:`compare` report exactly its divergence; clean streams report none.

``fixtures/interop/<client>-<divergence>.sse`` (or ``.http`` when the response head matters) holds one
known divergence of one client; ``EXPECTED`` says where it shows (spec event index), whether the client
fails the run, and a phrase of the cause. ``fixtures/interop/clean/`` holds clean streams.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sse_lint.interop import DIALECTS, compare, for_profile
from sse_lint.sources import open_path

from ..conftest import FIXTURES

DIR = FIXTURES / "interop"

# fixture -> (client, spec event index, fatal, phrase of the cause)
EXPECTED: dict[str, tuple[str, int, bool, str]] = {
    "agui-client-crlf-framing.sse": ("agui-client", 0, True, "CRLF line endings (it splits on \\n\\n only)"),
    "agui-client-cr-framing.sse": ("agui-client", 0, True, "CR line endings (it splits on \\n\\n only)"),
    "agui-client-done-sentinel.sse": ("agui-client", 5, True, "`[DONE]` sentinel is not JSON"),
    "agui-client-empty-data.sse": ("agui-client", 2, True, "`data:` with empty data is not JSON"),
    "agui-client-unterminated-last-event.sse": ("agui-client", 4, False, "no blank line after it"),
    "agui-client-named-event.sse": ("agui-client", 2, False, "ignores `event:` lines"),
    "agui-client-frame-not-an-object.sse": ("agui-client", 2, True, "the frame is not a JSON object"),
    "httpx-sse-leading-bom.sse": ("httpx-sse", 0, False, "leading BOM is not stripped"),
    "httpx-sse-id-then-extra-blank-line.sse": ("httpx-sse", 1, False, "once an `id:` was seen"),
    "httpx-sse-event-without-data.sse": ("httpx-sse", 2, False, "`event: keepalive` with no data is dispatched"),
    "httpx-sse-retry-int.sse": ("httpx-sse", 0, False, "retry parsed with int(): -5"),
    "httpx-sse-response-charset.http": ("httpx-sse", 2, False, "decodes the body as iso-8859-1"),
    "sseclient-mixed-terminators.sse": ("sseclient-py", 0, False, "two events merge"),
    "sseclient-unterminated-last-event.sse": ("sseclient-py", 4, False, "dispatches it anyway"),
    "sseclient-id-not-persisted.sse": ("sseclient-py", 1, False, "last event ID is not kept"),
    "sseclient-nul-in-id.sse": ("sseclient-py", 0, False, "id containing NUL is accepted"),
    "sseclient-leading-bom.sse": ("sseclient-py", 0, False, "leading BOM is not stripped"),
    "sseclient-invalid-utf8.sse": ("sseclient-py", 2, True, "invalid UTF-8 raises: UnicodeDecodeError"),
    "eventsource-double-bom.sse": ("eventsource", 0, False, "BOM is stripped twice"),
    "aiohttp-sse-client-cr-line-endings.sse": ("aiohttp-sse-client", 0, False, "splits on \\n only"),
    "aiohttp-sse-client-leading-spaces.sse": ("aiohttp-sse-client", 2, False, "all leading spaces"),
    "aiohttp-sse-client-trailing-newlines.sse": ("aiohttp-sse-client", 2, False, "all trailing newlines"),
    "aiohttp-sse-client-nul-in-id.sse": ("aiohttp-sse-client", 0, False, "id containing NUL is accepted"),
    "aiohttp-sse-client-leading-bom.sse": ("aiohttp-sse-client", 0, False, "leading BOM is not stripped"),
    "aiohttp-sse-client-invalid-utf8.sse": ("aiohttp-sse-client", 2, True, "invalid UTF-8 raises"),
    "openai-sdk-named-error-event.sse": ("openai-sdk", 2, False, "`event:` names are ignored, so 'error'"),
    "openai-sdk-error-payload.sse": ("openai-sdk", 2, True, "raise APIError: boom"),
    "openai-sdk-event-without-data.sse": ("openai-sdk", 1, True, "an event with no data"),
    "openai-sdk-empty-data.sse": ("openai-sdk", 1, True, "`data:` with empty data raises JSONDecodeError"),
    "openai-sdk-id-then-extra-blank-line.sse": ("openai-sdk", 1, True, "an extra blank line once an `id:`"),
    "openai-sdk-events-after-done.sse": ("openai-sdk", 3, False, "stops at `[DONE]`"),
    "openai-sdk-invalid-utf8.sse": ("openai-sdk", 1, True, "invalid UTF-8 raises"),
    "openai-sdk-leading-bom.sse": ("openai-sdk", 0, False, "leading BOM is not stripped"),
    "anthropic-sdk-unnamed-event.sse": ("anthropic-sdk", 5, False, "without an `event:` name are dropped"),
    "anthropic-sdk-error-event.sse": ("anthropic-sdk", 4, True, "`event: error` raises APIStatusError"),
    "anthropic-sdk-invalid-utf8.sse": ("anthropic-sdk", 3, True, "invalid UTF-8 raises"),
    "ai-sdk-unknown-part-type.sse": ("ai-sdk", 5, True, "unknown part type 'status' fails uiMessageChunkSchema"),
}


def load(path: Path) -> tuple[list[bytes], str | None]:
    """The body chunks and Content-Type of a fixture (.sse: raw body; .http: `curl -i` dump)."""
    if path.suffix != ".http":
        return [path.read_bytes()], None
    transcripts = open_path(str(path))
    t = next(transcripts)
    chunks = [c for _, c in t.chunks]
    transcripts.close()
    return chunks, t.response.header("content-type") if t.response else None


def test_every_fixture_is_listed() -> None:
    names = sorted(p.name for p in DIR.iterdir() if p.is_file())
    assert names == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_shows_its_divergence(name: str) -> None:
    client, index, fatal, phrase = EXPECTED[name]
    chunks, content_type = load(DIR / name)
    found = compare(chunks, [client], content_type=content_type)
    assert len(found) == 1, found
    div = found[0]
    assert (div.client, div.index, div.fatal) == (client, index, fatal), div
    assert phrase in div.cause, div.cause
    assert div.fatal == (div.failure is not None)
    # the spec itself and browsers never diverge from the spec
    assert compare(chunks, ["spec", "browser"], content_type=content_type) == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_is_clean_with_plain_lf_and_no_quirk(name: str) -> None:
    """The same client has no divergence on the clean AG-UI stream (the Vercel AI SDK client: on the clean
    UI message stream, as it rejects other protocols' payloads): the fixture's quirk is what shows."""
    client = EXPECTED[name][0]
    chunks, _ = load(DIR / "clean" / ("vercel-ai.sse" if client == "ai-sdk" else "agui-lf.sse"))
    found = compare(chunks, [client])
    if client == "anthropic-sdk":  # name-gated: it reads no unnamed event at all
        assert [d.cause for d in found] == ["events without an `event:` name are dropped silently"]
    else:
        assert found == []


def test_clean_agui_stream_diverges_for_no_client() -> None:
    """A clean LF AG-UI stream (the official encoders' form) reads the same in every modelled client,
    except the Anthropic SDK, which by design reads only named events and so sees none of it, and the
    Vercel AI SDK client, which validates every part against its UI message chunk schema."""
    chunks, _ = load(DIR / "clean" / "agui-lf.sse")
    found = compare(chunks, list(DIALECTS))
    assert [(d.client, d.index, d.fatal) for d in found] == [("anthropic-sdk", 0, False), ("ai-sdk", 0, True)]


@pytest.mark.parametrize(("name", "profile"), [("agui-lf.sse", "agui"), ("openai-chat.sse", "openai-chat"),
                                               ("anthropic.sse", "anthropic"), ("vercel-ai.sse", "vercel-ai")])
def test_clean_stream_is_clean_for_its_reference_clients(name: str, profile: str) -> None:
    clients = for_profile(profile)
    assert clients
    chunks, _ = load(DIR / "clean" / name)
    assert compare(chunks, clients) == []
    # and for every wire-level client, whatever the protocol
    wire = ["browser", "httpx-sse", "sseclient-py", "eventsource", "aiohttp-sse-client"]
    assert compare(chunks, wire) == []


def test_compare_defaults_and_unknown_client() -> None:
    chunks, _ = load(DIR / "agui-client-crlf-framing.sse")
    assert {d.client for d in compare(chunks)} == {"agui-client", "anthropic-sdk", "ai-sdk"}
    with pytest.raises(ValueError, match="unknown client"):
        compare(chunks, ["nope"])
