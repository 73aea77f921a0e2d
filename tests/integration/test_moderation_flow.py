"""Moderation wired into posting, editing and importing (SECURITY 16, 31), both databases."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from rejoinder.app import create_app
from rejoinder.config import Settings
from rejoinder.domain.errors import Invalid
from rejoinder.storage.db import session_factory
from rejoinder.storage.repositories import decisions
from tests.conftest import ORIGIN, _empty_tables, make_site
from tests.helpers import comments_url, listing, post

RUDE = "You sound like a fool."
TOXIC = "You are a pathetic idiot and a worthless moron, shut up."


async def _decisions(app: FastAPI, comment_id: int) -> list[str]:
    async with session_factory(app.state.engine)() as session:
        return [d.action for d in await decisions.for_comment(session, comment_id)]


async def test_rude_comment_is_nudged_then_held_when_sent_again(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await make_site(app, "news")
    first = await client.post(
        comments_url("news", "s"),
        json={"body": RUDE, "author_name": "A", "story_url": "https://news.example/s"},
    )
    assert first.status_code == 422
    error = first.json()["error"]
    assert error["code"] == "reconsider" and "fool" in error["message"]
    assert error["message"].count("rephrase") == 1  # asked once, however many categories

    held = await post(client, "news", "s", RUDE, resubmit=True, expect=202)
    assert held["status"] == "pending" and held["moderation"]["action"] == "hold"
    assert (await listing(client, "news", "s"))["total"] == 0
    assert await _decisions(app, held["id"]) == ["hold"]


async def test_toxic_comment_is_rejected_with_reasons(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await make_site(app, "news")
    rejected = await post(client, "news", "s", TOXIC, expect=202)
    assert rejected["status"] == "rejected"
    codes = {reason["code"] for reason in rejected["moderation"]["reasons"]}
    assert "toxicity" in codes
    assert (await listing(client, "news", "s"))["items"] == []


async def test_edit_after_publishing_is_moderated_again(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await make_site(app, "news")
    clean = await post(client, "news", "s", "A calm and reasonable point.")
    edited = await client.patch(
        f"/api/v1/sites/news/comments/{clean['id']}",
        json={"body": TOXIC},
        headers={"x-edit-token": clean["edit_token"]},
    )
    assert edited.status_code == 202
    assert edited.json()["status"] in ("pending", "rejected")
    page = await listing(client, "news", "s")
    assert page["total"] == 0 and page["items"] == []
    assert await _decisions(app, clean["id"]) == ["publish", edited.json()["moderation"]["action"]]


async def test_premoderated_site_holds_everything(client: httpx.AsyncClient, app: FastAPI) -> None:
    await make_site(app, "careful", moderation={"mode": "pre"})
    held = await post(client, "careful", "s", "Perfectly pleasant.", expect=202)
    assert held["status"] == "pending"
    assert (await listing(client, "careful", "s"))["total"] == 0


async def test_banned_words_reject_and_suspect_words_hold(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await make_site(
        app, "news", moderation={"banned_words": ["casino"], "suspect_words": ["crypto"]}
    )
    banned = await post(client, "news", "s", "Visit my CASINO tonight", expect=202)
    assert banned["status"] == "rejected"
    suspect = await post(client, "news", "s", "What about crypto regulation?", expect=202)
    assert suspect["status"] == "pending"


async def test_a_burst_from_one_reader_is_held(client: httpx.AsyncClient, app: FastAPI) -> None:
    await make_site(app, "news")
    statuses = [
        (await post(client, "news", "s", f"Point number {n} about the story.", expect=(201, 202)))[
            "status"
        ]
        for n in range(7)
    ]
    assert statuses[:5] == ["published"] * 5
    assert statuses[5:] == ["pending", "pending"]


async def test_the_same_text_from_many_readers_is_held(app: FastAPI, readers: Any) -> None:
    await make_site(app, "news")
    text = "Everyone should read the truth at the link in my profile today"
    statuses = []
    for n in range(4):
        written = await post(readers(f"203.0.113.{n}"), "news", "s", text, expect=(201, 202))
        statuses.append(written["status"])
    assert statuses[0] == "published"
    assert statuses[-1] == "pending"


async def test_settings_that_do_not_parse_are_refused(app: FastAPI) -> None:
    with pytest.raises(Invalid, match="unknown keys"):
        await make_site(app, "bad", moderation={"treshold": 1})
    with pytest.raises(Invalid, match="allow_guests"):
        await make_site(app, "bad2", allow_guests="sometimes")


async def test_permalink_never_shows_a_held_parent(client: httpx.AsyncClient, app: FastAPI) -> None:
    await make_site(app, "news")
    held = await post(client, "news", "s", RUDE, resubmit=True, expect=202)
    # Its author can still reply to nothing: only published comments take replies.
    refused = await client.post(
        comments_url("news", "s"),
        json={"body": "reply", "author_name": "B", "parent_id": held["id"]},
    )
    assert refused.status_code == 422
    visible = await post(client, "news", "s", "A calm and reasonable point.")
    child = await post(client, "news", "s", "Agreed, calmly.", parent_id=visible["id"])
    async with session_factory(app.state.engine)() as session:
        from rejoinder.storage.repositories import comments as comment_repo

        parent = await comment_repo.get(session, visible["id"])
        assert parent is not None
        parent.status = "rejected"  # as a moderator's later decision would
        await session.commit()
    data = (await client.get(f"/api/v1/sites/news/comments/{child['id']}")).json()
    (ancestor,) = data["ancestors"]
    assert ancestor["status"] == "deleted" and ancestor["body_html"] == ""
    assert ancestor["author"]["name"] is None


@pytest.mark.parametrize(("mode", "status"), [("fast", 422), ("accurate", 422), ("thorough", 422)])
async def test_the_install_setting_chooses_the_models_that_judge_a_post(
    settings: Settings, mode: str, status: int
) -> None:
    # "Pathetic bunch of pirates..." (the reference page's #21, abusive per PRODUCT.md): every
    # mode asks the author to reconsider (the fast model learnt it from news comments), and each
    # mode's own model judges it: thorough's transformer scores every post.
    configured = create_app(settings.model_copy(update={"moderation_mode": mode}))
    try:
        await make_site(configured)
        transport = httpx.ASGITransport(app=configured)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://testserver", headers={"origin": ORIGIN}
        ) as client:
            response = await client.post(
                comments_url("news", "s"),
                json={"body": "Pathetic bunch of pirates...", "author_name": "A",
                      "story_url": "https://news.example/s"},
            )  # fmt: skip
        assert response.status_code == status, response.text
    finally:
        await _empty_tables(configured.state.engine)
        await configured.state.shutdown()
