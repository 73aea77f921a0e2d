"""The standing and notes of staff (a site's moderators, admins) are for admins only."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI

from tests.conftest import make_site
from tests.integration.signed_in import SignedIn, sign_in
from tests.integration.test_sso import MODERATION, bearer, claims, hs256, sso_settings
from tests.integration.test_sso import sign_in as sso_sign_in

STAFF_ONLY = "Only an administrator"


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _standing_url(account_id: int, site: str = "news") -> str:
    return f"/api/v1/sites/{site}/moderation/users/{account_id}"


async def _put(
    client: httpx.AsyncClient, headers: dict[str, str], account_id: int, **fields: Any
) -> httpx.Response:
    return await client.put(_standing_url(account_id), json=fields, headers=headers)


async def _staff(app: FastAPI) -> tuple[SignedIn, SignedIn, SignedIn]:
    await make_site(app, "news", **MODERATION)
    await make_site(app, "other", **MODERATION)
    admin = await sign_in(app, "admin-anna", admin=True)
    desk = await sign_in(app, "desk", moderates=("news",))
    colleague = await sign_in(app, "colleague", moderates=("news",))
    return admin, desk, colleague


async def test_a_moderator_cannot_note_or_ban_another_moderator_of_the_site(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    _admin, desk, colleague = await _staff(app)
    for fields in ({"note": "too lenient"}, {"banned": True}, {"premoderated": True}):
        refused = await _put(client, desk.headers, colleague.account_id, **fields)
        assert refused.status_code == 403, (fields, refused.text)
        assert STAFF_ONLY in refused.json()["error"]["message"]
    on_self = await _put(client, desk.headers, desk.account_id, note="me")
    assert on_self.status_code == 403
    read = await client.get(_standing_url(colleague.account_id), headers=desk.headers)
    assert read.status_code == 403 and STAFF_ONLY in read.json()["error"]["message"]


async def test_an_admin_sets_a_moderators_standing_and_reads_it(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    admin, _desk, colleague = await _staff(app)
    done = await _put(client, admin.headers, colleague.account_id, premoderated=True, note="new")
    assert done.status_code == 200, done.text
    read = await client.get(_standing_url(colleague.account_id), headers=admin.headers)
    assert read.status_code == 200 and read.json()["premoderated"] is True


async def test_a_moderator_of_another_site_is_a_reader_here(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await _staff(app)
    desk = await sign_in(app, "desk-of-other", moderates=("other",))
    other_desk = await sign_in(app, "news-desk", moderates=("news",))
    done = await _put(client, other_desk.headers, desk.account_id, note="rude on news")
    assert done.status_code == 200, done.text


async def test_an_sso_made_moderator_cannot_change_an_account_moderators_standing(
    client: httpx.AsyncClient, app: FastAPI, rsa_key: rsa.RSAPrivateKey
) -> None:
    await make_site(app, "news", sso=sso_settings(rsa_key, max_role="moderator"), **MODERATION)
    desk = await sign_in(app, "desk", moderates=("news",))
    admin = await sign_in(app, "admin-anna", admin=True)
    editor = await sso_sign_in(client, hs256(claims(role="moderator")))
    assert editor["account"]["role"] == "moderator"
    for target in (desk, admin):
        refused = await _put(client, bearer(editor), target.account_id, banned=True)
        assert refused.status_code == 403, refused.text
        assert STAFF_ONLY in refused.json()["error"]["message"]
    reader = await sign_in(app, "reader")
    assert (await _put(client, bearer(editor), reader.account_id, banned=True)).status_code == 200
