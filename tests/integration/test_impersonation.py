"""Nobody but staff looks like staff, and every comment says who wrote it.

Guests, accounts and publisher sign-ins cannot take a staff member's name or a reserved word,
whatever letters they spell it with; comments carry `author.badge`: "staff" (an admin, or a
moderator of the comment's site), "verified" (an account), "guest", or null when deleted.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.conftest import RELAXED, QueryCounter, make_site
from tests.helpers import STORY_URL, comments_url, listing, post
from tests.integration.signed_in import SignedIn, sign_in

STAFF_LOOKALIKES = [
    "Jane Doe",
    "JANE DOE",
    "\u0408ane Doe",  # Cyrillic Je
    "Jane \uff24oe",  # fullwidth D
    "Jane_Doe",
    "Olga Berg",  # an admin
    "Kim Lee",  # a moderator of another site
    "Moderator",
    "admin",
    "Rejoinder staff",
    "\u3164Moderator",  # an invisible letter in front
]


@pytest.fixture
async def staff(app: FastAPI, site: str) -> dict[str, SignedIn]:
    await make_site(app, "sport", **RELAXED)
    return {
        "jane": await sign_in(app, "Jane Doe", moderates=(site,)),
        "olga": await sign_in(app, "Olga Berg", admin=True),
        "kim": await sign_in(app, "Kim Lee", moderates=("sport",)),
    }


async def _as_guest(client: httpx.AsyncClient, site: str, name: str) -> httpx.Response:
    payload = {"body": f"Hello from {name}.", "author_name": name, "story_url": STORY_URL}
    return await client.post(comments_url(site, "story-1"), json=payload)


@pytest.mark.parametrize("name", STAFF_LOOKALIKES)
async def test_guests_cannot_post_under_a_staff_name(
    client: httpx.AsyncClient, site: str, staff: dict[str, SignedIn], name: str
) -> None:
    response = await _as_guest(client, site, name)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "invalid"


async def test_guests_may_use_names_that_only_resemble_in_part(
    client: httpx.AsyncClient, site: str, staff: dict[str, SignedIn]
) -> None:
    for name in ("Jane Dodd", "Doe", "Badminton Fan"):
        assert (await _as_guest(client, site, name)).status_code == 201, name


async def test_accounts_cannot_take_a_staff_name_but_staff_keep_theirs(
    app: FastAPI, client: httpx.AsyncClient, site: str, staff: dict[str, SignedIn]
) -> None:
    payload = {"email": "mal@example.org", "password": "correct horse battery"}
    for name in ("\u0408ane Doe", "olga berg", "Kim_Lee"):
        response = await client.post(
            "/api/v1/auth/register", json={**payload, "display_name": name}
        )
        assert response.status_code == 409, (name, response.text)
    reader = await sign_in(app, "Mallory")
    for name in ("jane doe", "\u0408ane Doe", "Olga Berg"):
        response = await client.patch(
            "/api/v1/me", json={"display_name": name}, headers=reader.headers
        )
        assert response.status_code == 409, (name, response.text)
    # Staff change their own names as anyone does; their own name is no obstacle to them.
    renamed = await client.patch(
        "/api/v1/me", json={"display_name": "Jane A. Doe"}, headers=staff["jane"].headers
    )
    assert renamed.status_code == 200, renamed.text


def _badges(page: dict[str, Any]) -> dict[str | None, str | None]:
    return {c["author"]["name"]: c["author"]["badge"] for c in page["items"]}


async def test_comments_show_who_wrote_them(
    client: httpx.AsyncClient, site: str, staff: dict[str, SignedIn], app: FastAPI
) -> None:
    reader = await sign_in(app, "Lena Fox")
    for who in (staff["jane"], staff["olga"], staff["kim"], reader):
        written = await post(client, site, headers=who.headers)
        assert written["author"]["badge"] in ("staff", "verified")
    gone = await post(client, site, author_name="Gone Guest")
    await post(client, site, author_name="Reader", parent_id=gone["id"])
    deleted = await client.delete(
        f"/api/v1/sites/{site}/comments/{gone['id']}",
        headers={"x-edit-token": gone["edit_token"]},
    )
    assert deleted.status_code == 204

    assert _badges(await listing(client, site)) == {
        "Jane Doe": "staff",  # moderator of this site
        "Olga Berg": "staff",  # admin: staff everywhere
        "Kim Lee": "verified",  # moderator of another site only
        "Lena Fox": "verified",
        None: None,  # deleted
        "Reader": "guest",
    }
    first = (await listing(client, site))["items"][0]
    one = await client.get(f"/api/v1/sites/{site}/comments/{first['id']}")
    assert one.json()["comment"]["author"]["badge"] == "staff"
    replies = await client.get(f"/api/v1/sites/{site}/comments/{gone['id']}/replies")
    assert [c["author"]["badge"] for c in replies.json()["items"]] == ["guest"]


async def test_badges_cost_no_query_per_comment(
    client: httpx.AsyncClient, site: str, staff: dict[str, SignedIn], queries: QueryCounter
) -> None:
    for n in range(6):
        root = await post(client, site, headers=staff["jane"].headers)
        await post(client, site, headers=staff["kim"].headers, parent_id=root["id"])
        await post(client, site, author_name=f"Guest {n}", parent_id=root["id"])
    queries.count = 0
    page = await listing(client, site, limit=17)  # a new limit: not answered from the cache
    # story lookup, roots, replies, featured (a first page): the badges come with the rows
    assert queries.count == 4
    assert {c["author"]["badge"] for c in page["items"]} == {"staff", "verified", "guest"}


async def test_a_change_of_role_shows_on_cached_pages(
    client: httpx.AsyncClient, site: str, staff: dict[str, SignedIn], app: FastAPI
) -> None:
    reader = await sign_in(app, "Lena Fox")
    await post(client, site, headers=reader.headers)
    await post(client, site, author_name="Someone")  # the staff names are kept too
    before = {"Lena Fox": "verified", "Someone": "guest"}
    assert _badges(await listing(client, site)) == before  # the page is cached now
    url = f"/api/v1/sites/{site}/moderators"
    made = await client.post(
        url, json={"account_id": reader.account_id}, headers=staff["olga"].headers
    )
    assert made.status_code == 201, made.text
    assert _badges(await listing(client, site)) == {"Lena Fox": "staff", "Someone": "guest"}
    assert (await _as_guest(client, site, "Lena Fox")).status_code == 422  # staff now, at once
    removed = await client.delete(f"{url}/{reader.account_id}", headers=staff["olga"].headers)
    assert removed.status_code == 204
    assert _badges(await listing(client, site)) == before


async def test_the_page_without_javascript_marks_staff_and_guests(
    client: httpx.AsyncClient, site: str, staff: dict[str, SignedIn]
) -> None:
    await post(client, site, headers=staff["jane"].headers)
    await post(client, site, author_name="Reader")
    html = (await client.get(f"/fragments/sites/{site}/stories/story-1")).text
    assert 'Jane Doe <span class="badge staff">staff</span>' in html
    assert 'Reader <span class="badge guest">guest</span>' in html
