"""Preview renders exactly as publishing does, through the same sanitizer (SECURITY 6, 8)."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.helpers import assert_inert, post

PAYLOADS = (Path(__file__).parent.parent / "fixtures" / "xss_payloads.txt").read_text().splitlines()


def _preview(site: str) -> str:
    return f"/api/v1/sites/{site}/preview"


async def test_preview_is_what_publishing_would_show(client: httpx.AsyncClient, site: str) -> None:
    source = "**Bold** claim, see https://example.org/a and [this](javascript:alert(1))."
    previewed = await client.post(_preview(site), json={"body": source})
    assert previewed.status_code == 200, previewed.text
    published = await post(client, site, body=source)
    assert previewed.json() == {"body_html": published["body_html"]}
    assert "<strong>Bold</strong>" in published["body_html"]
    assert 'href="https://example.org/a"' in published["body_html"]
    assert_inert(published["body_html"])  # the javascript: link stays text


async def test_hostile_payloads_preview_inert(client: httpx.AsyncClient, site: str) -> None:
    for payload in PAYLOADS:
        response = await client.post(_preview(site), json={"body": payload})
        assert response.status_code in (200, 422), response.text
        if response.status_code == 200:
            assert_inert(response.json()["body_html"])


async def test_preview_is_checked_like_a_write(client: httpx.AsyncClient, site: str) -> None:
    url = _preview(site)
    foreign = await client.post(url, json={"body": "x"}, headers={"origin": "https://evil.example"})
    assert foreign.status_code == 403
    as_text = await client.post(
        url, content=b'{"body": "x"}', headers={"content-type": "text/plain"}
    )
    assert as_text.status_code == 415
    assert (await client.post(url, json={"body": "   "})).status_code == 422
    assert (await client.post(url, json={"body": "x", "extra": 1})).status_code == 422
    assert (await client.post(_preview("nowhere"), json={"body": "x"})).status_code == 404
    anonymous = httpx.AsyncClient(transport=client._transport, base_url="http://testserver")
    async with anonymous:
        assert (await anonymous.post(url, json={"body": "x"})).status_code == 403  # no Origin
