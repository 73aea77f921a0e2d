"""A site that takes no Rejoinder accounts (`allow_accounts: false`) refuses their comments."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from tests.conftest import RELAXED, make_site
from tests.helpers import STORY_URL, comments_url, post
from tests.integration.signed_in import sign_in


async def test_accounts_are_refused_where_the_site_takes_none(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await make_site(app, "news", allow_accounts=False, **RELAXED)
    await make_site(app, "open", **RELAXED)
    reader = await sign_in(app, "Ada Reader")
    body = {"body": "Signed in, but not here.", "story_url": STORY_URL}

    refused = await client.post(comments_url("news", "story-1"), json=body, headers=reader.headers)
    assert refused.status_code == 403
    assert "signed in through it" in refused.json()["error"]["message"]

    elsewhere = await client.post(
        comments_url("open", "story-1"), json=body, headers=reader.headers
    )
    assert elsewhere.status_code == 201, elsewhere.text
    assert elsewhere.json()["author"]["name"] == "Ada Reader"
    await post(client, "news")  # guests, where allowed, are unaffected
