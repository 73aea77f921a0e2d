"""Mutes: a signed-in reader hides another reader's comments for themselves, and no one else."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI

from tests.helpers import STORY_URL, comments_url, listing
from tests.integration.signed_in import SignedIn, sign_in

MUTES = "/api/v1/me/mutes"


async def write(
    client: httpx.AsyncClient, who: SignedIn, body: str, parent: dict[str, Any] | None = None
) -> dict[str, Any]:
    payload: dict[str, Any] = {"body": body, "story_url": STORY_URL}
    if parent is not None:
        payload["parent_id"] = parent["id"]
    response = await client.post(comments_url("news", "story-1"), json=payload, headers=who.headers)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


def bodies(page: dict[str, Any]) -> list[str]:
    return [item["body_html"] for item in page["items"]]


async def test_a_muted_readers_comments_vanish_for_the_muter_only(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    anna, ben, cleo = [await sign_in(app, name) for name in ("Anna", "Ben", "Cleo")]
    bens_root = await write(client, ben, "Ben starts")
    await write(client, cleo, "Cleo answers Ben", parent=bens_root)
    cleos_root = await write(client, cleo, "Cleo starts")
    await write(client, ben, "Ben answers Cleo", parent=cleos_root)
    everything = bodies(await listing(client, site))
    assert len(everything) == 4

    muted = await client.post(MUTES, json={"account_id": ben.account_id}, headers=anna.headers)
    assert muted.status_code == 201, muted.text
    assert muted.json()["account_id"] == ben.account_id
    assert muted.json()["display_name"] == "Ben"

    response = await client.get(comments_url(site, "story-1"), headers=anna.headers)
    assert bodies(response.json()) == ["<p>Cleo starts</p>"]  # Ben, and the reply to Ben, are gone
    assert response.headers["cache-control"] == "private, no-store"
    assert "etag" not in response.headers
    assert response.json()["total"] == 4  # the story's count is everyone's
    assert bodies(await listing(client, site)) == everything  # guests see everything
    cleos_view = await client.get(comments_url(site, "story-1"), headers=cleo.headers)
    assert bodies(cleos_view.json()) == everything  # so does every other reader

    replies = f"/api/v1/sites/{site}/comments/{cleos_root['id']}/replies"
    assert (await client.get(replies, headers=anna.headers)).json()["items"] == []
    assert len((await client.get(replies)).json()["items"]) == 1

    unmuted = await client.delete(f"{MUTES}/{ben.account_id}", headers=anna.headers)
    assert unmuted.status_code == 204
    again = await client.get(comments_url(site, "story-1"), headers=anna.headers)
    assert bodies(again.json()) == everything


async def test_the_shared_page_cache_neither_serves_nor_keeps_a_filtered_page(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    anna, ben = await sign_in(app, "Anna"), await sign_in(app, "Ben")
    await write(client, ben, "Ben's comment")
    await write(client, anna, "Anna's comment")
    url = comments_url(site, "story-1")
    public = await client.get(url)
    assert (await client.get(url)).content == public.content  # now on the fast read path
    await client.post(MUTES, json={"account_id": ben.account_id}, headers=anna.headers)

    # Signed in by bearer token or by session cookie: the cached public page is not for Anna.
    by_token = await client.get(url, headers=anna.headers)
    cookie = {"cookie": f"rejoinder_session={anna.token}"}
    by_cookie = await client.get(url, headers=cookie)
    revalidated = await client.get(
        url, headers={**anna.headers, "if-none-match": public.headers["etag"]}
    )
    for response in (by_token, by_cookie, revalidated):
        assert response.status_code == 200
        assert bodies(response.json()) == ["<p>Anna's comment</p>"]

    after = await client.get(url)  # and the shared cache still holds the page for everyone
    assert after.content == public.content
    assert after.headers["cache-control"].startswith("public")


async def test_mute_list_and_its_errors(app: FastAPI, client: httpx.AsyncClient, site: str) -> None:
    anna, ben, cleo = [await sign_in(app, name) for name in ("Anna", "Ben", "Cleo")]
    for who in (ben, cleo, ben):  # muting twice changes nothing
        response = await client.post(
            MUTES, json={"account_id": who.account_id}, headers=anna.headers
        )
        assert response.status_code == 201
    listed = (await client.get(MUTES, headers=anna.headers)).json()["items"]
    assert sorted(item["display_name"] for item in listed) == ["Ben", "Cleo"]
    assert (await client.get(MUTES, headers=ben.headers)).json() == {"items": []}  # Anna's own

    yourself = await client.post(MUTES, json={"account_id": anna.account_id}, headers=anna.headers)
    assert yourself.status_code == 422
    assert "yourself" in yourself.json()["error"]["message"]
    unknown = await client.post(MUTES, json={"account_id": 999999}, headers=anna.headers)
    assert unknown.status_code == 404
    assert (
        await client.post(MUTES, json={"account_id": 0}, headers=anna.headers)
    ).status_code == 422
    assert (await client.get(MUTES)).status_code == 401
    assert (await client.post(MUTES, json={"account_id": ben.account_id})).status_code == 401
    as_text = await client.post(
        MUTES,
        content=f'{{"account_id": {ben.account_id}}}'.encode(),
        headers={**anna.headers, "content-type": "text/plain"},
    )
    assert as_text.status_code == 415

    # A cookie session must prove itself with the CSRF token on writes (SECURITY 8).
    cookie = {"cookie": f"rejoinder_session={anna.token}"}
    forged = await client.delete(f"{MUTES}/{ben.account_id}", headers=cookie)
    assert forged.status_code == 403
    await client.delete(f"{MUTES}/{ben.account_id}", headers=anna.headers)
    await client.delete(f"{MUTES}/{ben.account_id}", headers=anna.headers)  # already gone: 204
    remaining = (await client.get(MUTES, headers=anna.headers)).json()["items"]
    assert [item["display_name"] for item in remaining] == ["Cleo"]


async def test_a_stale_token_still_reads_the_discussion(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    ben = await sign_in(app, "Ben")
    await write(client, ben, "Still here")
    stale = {"authorization": "Bearer rjs_not-a-real-session"}
    response = await client.get(comments_url(site, "story-1"), headers=stale)
    assert response.status_code == 200
    assert bodies(response.json()) == ["<p>Still here</p>"]


async def test_listings_name_the_authors_account_for_muting(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    anna = await sign_in(app, "Anna")
    hers = await write(client, anna, "Anna writes")
    anna_author = {"name": "Anna", "account_id": anna.account_id, "badge": "verified"}
    assert hers["author"] == anna_author
    guest = await client.post(
        comments_url("news", "story-1"),
        json={"body": "A guest writes", "author_name": "Guest", "story_url": STORY_URL},
    )
    assert guest.status_code == 201, guest.text
    authors = {item["body_html"]: item["author"] for item in (await listing(client, site))["items"]}
    assert authors["<p>Anna writes</p>"] == anna_author
    assert authors["<p>A guest writes</p>"] == {
        "name": "Guest",
        "account_id": None,
        "badge": "guest",
    }
    one = await client.get(f"/api/v1/sites/news/comments/{hers['id']}")
    assert one.json()["comment"]["author"]["account_id"] == anna.account_id
    # The page the server embeds for the widget carries the same author, so hydration matches.
    fragment = await client.get("/fragments/sites/news/stories/story-1")
    assert f'"account_id":{anna.account_id}' in fragment.text
    assert '"account_id":null' in fragment.text
