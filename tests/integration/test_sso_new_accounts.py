"""Readers the publisher signs in are its own subscribers: no new-account hold unless asked."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI

from rejoinder.services import auth
from rejoinder.storage.db import session_factory
from rejoinder.storage.models import Account
from rejoinder.storage.repositories import accounts as account_repo
from tests.conftest import RELAXED, make_site
from tests.helpers import STORY_URL, comments_url
from tests.integration.signed_in import SignedIn
from tests.integration.test_sso import bearer, claims, hs256, sso_settings
from tests.integration.test_sso import sign_in as sso_sign_in


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


async def _write(client: httpx.AsyncClient, headers: dict[str, str], expect: int) -> dict[str, Any]:
    response = await client.post(
        comments_url("news", "story-1"),
        json={"body": "My first comment.", "story_url": STORY_URL},
        headers=headers,
    )
    assert response.status_code == expect, response.text
    data: dict[str, Any] = response.json()
    return data


async def _brand_new_account(app: FastAPI) -> SignedIn:
    """A Rejoinder account (not SSO) created a moment ago."""
    async with session_factory(app.state.engine)() as session:
        account = await account_repo.add(
            session, Account(display_name="newcomer", role="reader", created_at=datetime.now(UTC))
        )
        issued = await auth.open_session(session, app.state.runtime, account)
        await session.commit()
        return SignedIn(account.id, issued.token)


async def test_a_new_sso_reader_publishes_at_once_by_default(
    client: httpx.AsyncClient, app: FastAPI, rsa_key: rsa.RSAPrivateKey
) -> None:
    await make_site(app, "news", sso=sso_settings(rsa_key), **RELAXED)
    session = await sso_sign_in(client, hs256(claims()))
    published = await _write(client, bearer(session), 201)
    assert published["status"] == "published"
    # The hold still applies to a brand-new account of Rejoinder's own.
    newcomer = await _brand_new_account(app)
    held = await _write(client, newcomer.headers, 202)
    assert [r["code"] for r in held["moderation"]["reasons"]] == ["new_account"]


async def test_a_site_can_keep_the_hold_for_new_sso_readers(
    client: httpx.AsyncClient, app: FastAPI, rsa_key: rsa.RSAPrivateKey
) -> None:
    await make_site(app, "news", sso=sso_settings(rsa_key), hold_new_sso_accounts=True, **RELAXED)
    session = await sso_sign_in(client, hs256(claims()))
    held = await _write(client, bearer(session), 202)
    assert [r["code"] for r in held["moderation"]["reasons"]] == ["new_account"]
