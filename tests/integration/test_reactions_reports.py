"""Likes (one per reader, none on your own comment) and reports with reasons."""

from __future__ import annotations

from typing import Any

import httpx

from tests.helpers import listing, post


def _reactions(site: str, comment_id: int) -> str:
    return f"/api/v1/sites/{site}/comments/{comment_id}/reactions"


async def test_one_like_per_reader(client: httpx.AsyncClient, site: str, readers: Any) -> None:
    comment = await post(client, site)
    reader = readers("192.0.2.10")
    for _ in range(3):
        response = await reader.post(_reactions(site, comment["id"]), json={"kind": "like"})
        assert response.json() == {"like_count": 1}
    other = await readers("192.0.2.11").post(_reactions(site, comment["id"]), json={})
    assert other.json() == {"like_count": 2}
    assert (await listing(client, site))["items"][0]["like_count"] == 2
    undone = await reader.delete(_reactions(site, comment["id"]) + "/like")
    assert undone.json() == {"like_count": 1}


async def test_no_like_on_your_own_comment(client: httpx.AsyncClient, site: str) -> None:
    comment = await post(client, site)
    response = await client.post(_reactions(site, comment["id"]), json={"kind": "like"})
    assert response.status_code == 403


async def test_report_with_reason_once_per_reader(
    client: httpx.AsyncClient, site: str, readers: Any
) -> None:
    comment = await post(client, site)
    reader = readers("198.51.100.7")
    url = f"/api/v1/sites/{site}/comments/{comment['id']}/reports"
    notice = {"reason": "illegal", "legal_ground": "Defamation", "detail": "It defames X by name."}
    first = await reader.post(url, json=notice)
    assert first.status_code == 201 and first.json()["reason"] == "illegal"
    second = await reader.post(url, json={"reason": "spam"})
    assert second.status_code == 409
    unknown = await reader.post(url, json={"reason": "i-dont-like-it"})
    assert unknown.status_code == 422
