"""A report stays in the reported queue until a moderator decides on that comment after it."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI

from tests.conftest import make_site
from tests.helpers import post
from tests.integration.signed_in import SignedIn, sign_in


async def _report(reader: httpx.AsyncClient, comment_id: int, reason: str, detail: str) -> None:
    notice = {"legal_ground": "Defamation law"} if reason == "illegal" else {}
    response = await reader.post(
        f"/api/v1/sites/news/comments/{comment_id}/reports",
        json={"reason": reason, "detail": detail, **notice},
    )
    assert response.status_code == 201, response.text


async def _approve(client: httpx.AsyncClient, mod: SignedIn, comment_id: int) -> None:
    response = await client.post(
        f"/api/v1/sites/news/moderation/comments/{comment_id}",
        json={"action": "approve"},
        headers=mod.headers,
    )
    assert response.status_code == 200, response.text


async def _reported(client: httpx.AsyncClient, mod: SignedIn) -> list[dict[str, Any]]:
    response = await client.get(
        "/api/v1/sites/news/moderation/queue", params={"status": "reported"}, headers=mod.headers
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_decisions_on_other_comments_leave_a_report_queued(
    client: httpx.AsyncClient, app: FastAPI, readers: Any
) -> None:
    await make_site(app, "news")
    mod = await sign_in(app, "desk", moderates=("news",))
    first, second, third = [
        await post(client, "news", body=f"Comment {n} on the pact.") for n in (1, 2, 3)
    ]
    await _report(readers("198.51.100.1"), second["id"], "illegal", "Defames a named person.")
    await _approve(client, mod, third["id"])  # an unrelated decision, made after the report
    assert [item["id"] for item in await _reported(client, mod)] == [second["id"]]

    await _report(readers("198.51.100.2"), first["id"], "spam", "")
    assert [item["id"] for item in await _reported(client, mod)] == [first["id"], second["id"]]

    await _approve(client, mod, second["id"])  # decided: the older report leaves the queue
    assert [item["id"] for item in await _reported(client, mod)] == [first["id"]]

    await _report(readers("198.51.100.3"), second["id"], "harassment", "Again, worse now.")
    assert [item["id"] for item in await _reported(client, mod)] == [first["id"], second["id"]]


async def test_queue_items_carry_what_the_reporter_wrote(
    client: httpx.AsyncClient, app: FastAPI, readers: Any
) -> None:
    await make_site(app, "news")
    mod = await sign_in(app, "desk", moderates=("news",))
    written = await post(client, "news", body="A claim about a named official.")
    await _report(readers("198.51.100.1"), written["id"], "illegal", "Defames a named person.")
    await _report(readers("198.51.100.2"), written["id"], "spam", "")
    (item,) = await _reported(client, mod)
    assert item["reports"] == {"illegal": 1, "spam": 1}
    notes = {(note["reason"], note["detail"]) for note in item["report_details"]}
    assert notes == {("illegal", "Defames a named person."), ("spam", "")}
    assert all("reader_key" not in note for note in item["report_details"])
