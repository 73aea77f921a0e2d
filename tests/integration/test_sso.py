"""Publisher single sign-on (SECURITY 16, 17): a newsroom-signed JWT all the way to a comment."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
from datetime import UTC, datetime
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI
from sqlalchemy import select, update

from rejoinder.domain.errors import Invalid
from rejoinder.services import sites
from rejoinder.storage.db import session_factory
from rejoinder.storage.models import Account, AuthSession, SsoIdentity
from tests.conftest import RELAXED, make_site
from tests.helpers import listing, post
from tests.integration import signed_in

HS_SECRET = "a-shared-secret-of-at-least-32-bytes!"
ISSUER = "https://news.example"
AUDIENCE = "rejoinder:news"


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_pem(key: rsa.RSAPrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def sso_settings(rsa_key: rsa.RSAPrivateKey, **overrides: Any) -> dict[str, Any]:
    return {
        "keys": [
            {"kid": "hs-2026", "alg": "HS256", "secret": HS_SECRET},
            {"kid": "rs-2026", "alg": "RS256", "public_key": public_pem(rsa_key)},
        ],
        "issuer": ISSUER,
        "audience": AUDIENCE,
        "allowed_badges": ["staff", "subscriber"],
        **overrides,
    }


# SSO readers are new accounts on their first visit; these tests are about identity, so the
# new-account hold is off (test_new_sso_accounts_meet_the_new_account_rule keeps it on).
MODERATION = {"moderation": {**RELAXED["moderation"], "new_account_seconds": 0}}


async def sso_site(app: FastAPI, rsa_key: rsa.RSAPrivateKey, slug: str = "news", **sso: Any) -> str:
    await make_site(app, slug, sso=sso_settings(rsa_key, **sso), **MODERATION)
    return slug


def claims(**overrides: Any) -> dict[str, Any]:
    base = {
        "sub": "user-1001",
        "name": "Mina Park",
        "iss": ISSUER,
        "aud": AUDIENCE,
        "exp": int(time.time()) + 300,
    }
    return {k: v for k, v in {**base, **overrides}.items() if v is not None}


def hs256(payload: dict[str, Any], kid: str = "hs-2026", secret: str = HS_SECRET) -> str:
    return jwt.encode(payload, secret, algorithm="HS256", headers={"kid": kid})


def rs256(payload: dict[str, Any], key: rsa.RSAPrivateKey, kid: str = "rs-2026") -> str:
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid})


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def by_hand(header: dict[str, Any], payload: dict[str, Any], mac_key: bytes | None) -> str:
    """A token PyJWT would refuse to make: alg none, or HMAC keyed with a public key."""
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(payload).encode())}"
    if mac_key is None:
        return f"{signing_input}."
    mac = hmac.new(mac_key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(mac)}"


async def sign_in(
    client: httpx.AsyncClient, token: str, site: str = "news", expect: int = 200
) -> dict[str, Any]:
    response = await client.post(f"/api/v1/sites/{site}/sso/session", json={"token": token})
    assert response.status_code == expect, response.text
    data: dict[str, Any] = response.json()
    return data


def bearer(session: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {session['token']}"}


async def _accounts(app: FastAPI) -> list[Account]:
    async with session_factory(app.state.engine)() as session:
        return list((await session.execute(select(Account).order_by(Account.id))).scalars())


@pytest.mark.parametrize("alg", ["HS256", "RS256"])
async def test_publisher_token_to_a_comment_under_the_newsroom_name(
    client: httpx.AsyncClient, app: FastAPI, rsa_key: rsa.RSAPrivateKey, alg: str
) -> None:
    await sso_site(app, rsa_key)
    payload = claims(badges=["staff", "verified-by-someone-else"])
    token = hs256(payload) if alg == "HS256" else rs256(payload, rsa_key)

    session = await sign_in(client, token)
    assert session["account"]["display_name"] == "Mina Park"
    assert session["account"]["badges"] == ["staff"]  # only the badges the site allows
    assert session["account"]["role"] == "reader"
    assert session["token"].startswith("rjs_") and session["expires_in"] > 0

    response = await client.post(
        "/api/v1/sites/news/stories/story-1/comments",
        json={"body": "Signed in by my newsroom.", "story_url": "https://news.example/s1"},
        headers=bearer(session),
    )
    assert response.status_code == 201, response.text
    assert response.json()["author"]["name"] == "Mina Park"
    page = await listing(client, "news")
    assert [item["author"]["name"] for item in page["items"]] == ["Mina Park"]

    # The same publisher user signs in again under a new name: same account, new name.
    again = await sign_in(client, hs256(claims(name="Mina Park-Lee")))
    assert again["account"]["id"] == session["account"]["id"]
    assert again["account"]["display_name"] == "Mina Park-Lee"
    assert len(await _accounts(app)) == 1
    page = await listing(client, "news")  # her earlier comment follows the new name
    assert [item["author"]["name"] for item in page["items"]] == ["Mina Park-Lee"]


async def test_keys_rotate_by_kid(
    client: httpx.AsyncClient, app: FastAPI, rsa_key: rsa.RSAPrivateKey
) -> None:
    await sso_site(app, rsa_key)
    old_key = {"kid": "hs-2025", "alg": "HS256", "secret": "the-previous-shared-secret-32-bytes!!"}
    rotated = sso_settings(rsa_key)
    rotated["keys"] = [old_key, *rotated["keys"]]
    async with session_factory(app.state.engine)() as db:
        await sites.update(db, "news", settings={"sso": rotated})
        await db.commit()

    old = hs256(claims(), kid="hs-2025", secret=old_key["secret"])
    new = hs256(claims())
    assert (await sign_in(client, old))["account"]["id"] == (await sign_in(client, new))["account"][
        "id"
    ]

    # Retire the old key: its tokens stop working, the new one goes on.
    async with session_factory(app.state.engine)() as db:
        await sites.update(db, "news", settings={"sso": sso_settings(rsa_key)})
        await db.commit()
    refused = await sign_in(client, old, expect=401)
    assert "hs-2025" in refused["error"]["message"]
    await sign_in(client, new)


def _attacks(rsa_key: rsa.RSAPrivateKey) -> dict[str, tuple[str, str]]:
    """name → (token, a phrase of the 401's message)."""
    pem = public_pem(rsa_key).encode()
    now = int(time.time())
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return {
        "alg none": (by_hand({"alg": "none", "kid": "hs-2026"}, claims(), None), "HS256"),
        "HS256 keyed with the RS256 public key": (
            by_hand({"alg": "HS256", "typ": "JWT", "kid": "rs-2026"}, claims(), pem),
            "RS256",
        ),
        "RS256 token under the HS256 kid": (rs256(claims(), rsa_key, kid="hs-2026"), "HS256"),
        "wrong shared secret": (
            hs256(claims(), secret="not-the-secret-but-also-32-bytes-long"),
            "signature",
        ),
        "another RSA key": (rs256(claims(), other_key), "signature"),
        "unknown kid": (hs256(claims(), kid="hs-1999"), "hs-1999"),
        "no kid": (jwt.encode(claims(), HS_SECRET, algorithm="HS256"), "kid"),
        "expired": (hs256(claims(exp=now - 120)), "expired"),
        "wrong audience": (hs256(claims(aud="rejoinder:other")), "audience"),
        "wrong issuer": (hs256(claims(iss="https://evil.example")), "issuer"),
        "no exp": (hs256(claims(exp=None)), "'exp'"),
        "no sub": (hs256(claims(sub=None)), "'sub'"),
        "no name": (hs256(claims(name=None)), "'name'"),
        "blank name": (hs256(claims(name="   ")), "name"),
        "not a JWT": ("not-a-token", "JWT"),
    }


async def test_forged_and_stale_tokens_are_401_with_a_reason(
    client: httpx.AsyncClient, app: FastAPI, rsa_key: rsa.RSAPrivateKey
) -> None:
    await sso_site(app, rsa_key)
    for name, (token, phrase) in _attacks(rsa_key).items():
        error = (await sign_in(client, token, expect=401))["error"]
        assert error["code"] == "unauthorized", name
        assert phrase in error["message"], (name, error["message"])
    assert await _accounts(app) == []


async def test_within_the_leeway_an_expired_token_still_counts(
    client: httpx.AsyncClient, app: FastAPI, rsa_key: rsa.RSAPrivateKey
) -> None:
    await sso_site(app, rsa_key, leeway_seconds=60)
    await sign_in(client, hs256(claims(exp=int(time.time()) - 10)))
    await sign_in(client, hs256(claims(exp=int(time.time()) - 120)), expect=401)


async def test_a_token_and_a_session_are_for_their_own_site_only(
    client: httpx.AsyncClient, app: FastAPI, rsa_key: rsa.RSAPrivateKey
) -> None:
    await sso_site(app, rsa_key, "news")
    await sso_site(app, rsa_key, "sport", audience="rejoinder:sport")

    # A token minted for one site's audience is refused by the other.
    await sign_in(client, hs256(claims()), site="sport", expect=401)
    # A session opened by one site's SSO cannot post on the other.
    session = await sign_in(client, hs256(claims()), site="news")
    response = await client.post(
        "/api/v1/sites/sport/stories/s/comments",
        json={"body": "Hello", "story_url": "https://news.example/s"},
        headers=bearer(session),
    )
    assert response.status_code == 403, response.text
    assert "another site" in response.json()["error"]["message"]


async def test_roles_in_a_token_are_capped_by_the_site(
    client: httpx.AsyncClient, app: FastAPI, rsa_key: rsa.RSAPrivateKey
) -> None:
    await sso_site(app, rsa_key, "news")  # max_role: reader (the default)
    await sso_site(app, rsa_key, "sport", audience="rejoinder:sport", max_role="moderator")

    reader = await sign_in(client, hs256(claims(role="moderator")), site="news")
    assert reader["account"]["role"] == "reader"
    queue = await client.get("/api/v1/sites/news/moderation/queue", headers=bearer(reader))
    assert queue.status_code == 403

    sport = claims(aud="rejoinder:sport", sub="editor-7", name="Desk Editor", role="admin")
    editor = await sign_in(client, hs256(sport), site="sport")
    assert editor["account"]["role"] == "moderator"  # "admin" is never granted by a token
    queue = await client.get("/api/v1/sites/sport/moderation/queue", headers=bearer(editor))
    assert queue.status_code == 200
    everywhere = await client.put(
        f"/api/v1/admin/users/{reader['account']['id']}",
        json={"banned": True},
        headers=bearer(editor),
    )
    assert everywhere.status_code == 403

    # The publisher takes the role away: the next sign-in drops it.
    demoted = await sign_in(client, hs256({**sport, "role": "reader"}), site="sport")
    queue = await client.get("/api/v1/sites/sport/moderation/queue", headers=bearer(demoted))
    assert queue.status_code == 403


async def test_an_email_claim_never_opens_an_existing_account(
    client: httpx.AsyncClient, app: FastAPI, rsa_key: rsa.RSAPrivateKey
) -> None:
    await sso_site(app, rsa_key)
    async with session_factory(app.state.engine)() as db:
        owner = Account(
            display_name="Mina Park",
            email="mina@news.example",
            email_verified_at=datetime.now(UTC),
            password_hash="argon2-hash-of-her-password",
        )
        db.add(owner)
        await db.commit()
        owner_id = owner.id

    claimed = await sign_in(client, hs256(claims(email="Mina@News.example")))
    assert claimed["account"]["id"] != owner_id
    assert claimed["account"]["display_name"].startswith("Mina Park (")  # the name is taken too

    fresh = await sign_in(client, hs256(claims(sub="user-2", name="Ola", email="ola@mail.example")))
    odd = await sign_in(
        client, hs256(claims(sub="user-3", name="Odd", email="a@b.example\r\nBcc: x"))
    )
    by_id = {account.id: account for account in await _accounts(app)}
    assert by_id[owner_id].email == "mina@news.example"
    assert by_id[claimed["account"]["id"]].email is None  # someone else's address: not kept
    assert by_id[fresh["account"]["id"]].email == "ola@mail.example"
    assert by_id[fresh["account"]["id"]].email_verified_at is None  # the publisher's word only
    assert by_id[odd["account"]["id"]].email is None  # not an address mail could use


async def test_a_taken_name_gets_the_same_suffix_every_time(
    client: httpx.AsyncClient, app: FastAPI, rsa_key: rsa.RSAPrivateKey
) -> None:
    await sso_site(app, rsa_key)
    first = await sign_in(client, hs256(claims(sub="a", name="Sam")))
    second = await sign_in(client, hs256(claims(sub="b", name="sam")))
    again = await sign_in(client, hs256(claims(sub="b", name="sam")))
    assert first["account"]["display_name"] == "Sam"
    assert second["account"]["display_name"].startswith("sam (")
    assert again["account"] == second["account"]
    async with session_factory(app.state.engine)() as db:
        links = (await db.execute(select(SsoIdentity.external_id))).scalars()
        assert sorted(links) == ["a", "b"]


async def test_a_name_claim_that_reads_as_staff_gets_a_safe_name(
    client: httpx.AsyncClient, app: FastAPI, rsa_key: rsa.RSAPrivateKey
) -> None:
    """A reserved word, an invisible letter or a staff member's name in any spelling is not shown
    as it is: the reader still signs in, under a name that cannot pass for staff."""
    await sso_site(app, rsa_key, max_role="moderator")
    await signed_in.sign_in(app, "Jane Doe", moderates=("news",))
    reserved = await sign_in(client, hs256(claims(sub="r1", name="Moderator")))
    hidden = await sign_in(client, hs256(claims(sub="r2", name="\u3164Moderator")))
    spelled = await sign_in(client, hs256(claims(sub="r3", name="Rejoinder Staff")))
    lookalike = await sign_in(client, hs256(claims(sub="r4", name="\u0408ane Doe")))
    again = await sign_in(client, hs256(claims(sub="r1", name="Moderator")))
    for session in (reserved, hidden, spelled):
        assert session["account"]["display_name"].startswith("Reader ("), session["account"]
    assert again["account"] == reserved["account"]  # the same name at every sign-in
    assert lookalike["account"]["display_name"].startswith("\u0408ane Doe (")
    # The newsroom's own moderators keep the names it gives them.
    first = await sign_in(client, hs256(claims(sub="e1", name="Lena Fox", role="moderator")))
    later = await sign_in(client, hs256(claims(sub="e1", name="Lena Fox", role="moderator")))
    assert first["account"]["display_name"] == later["account"]["display_name"] == "Lena Fox"


async def test_new_sso_accounts_meet_the_new_account_rule(
    client: httpx.AsyncClient, app: FastAPI, rsa_key: rsa.RSAPrivateKey
) -> None:
    """When the site asks for it; by default they are spared (test_sso_new_accounts.py)."""
    await make_site(app, "news", sso=sso_settings(rsa_key), hold_new_sso_accounts=True, **RELAXED)
    session = await sign_in(client, hs256(claims()))
    response = await client.post(
        "/api/v1/sites/news/stories/story-1/comments",
        json={"body": "My first comment.", "story_url": "https://news.example/s1"},
        headers=bearer(session),
    )
    assert response.status_code == 202, response.text
    assert [r["code"] for r in response.json()["moderation"]["reasons"]] == ["new_account"]


async def test_sso_needs_the_site_origin_and_the_site_setting(
    client: httpx.AsyncClient, app: FastAPI, rsa_key: rsa.RSAPrivateKey
) -> None:
    await sso_site(app, rsa_key)
    await make_site(app, "plain")
    response = await client.post(
        "/api/v1/sites/news/sso/session",
        json={"token": hs256(claims())},
        headers={"origin": "https://evil.example"},
    )
    assert response.status_code == 403
    off = await sign_in(client, hs256(claims()), site="plain", expect=403)
    assert "single sign-on" in off["error"]["message"]
    # A guest still posts where guests are allowed; nothing about SSO changes that.
    await post(client, "news")


@pytest.mark.parametrize(
    ("sso", "phrase"),
    [
        ({"keys": [{"kid": "k", "alg": "HS256", "secret": "short"}]}, "32 bytes"),
        ({"keys": [{"kid": "k", "alg": "RS256", "public_key": "-----BEGIN nonsense"}]}, "PEM"),
        ({"keys": [{"kid": "k", "alg": "HS256", "secret": HS_SECRET, "public_key": "x"}]}, "HS256"),
        ({"keys": [{"kid": "k", "alg": "none", "secret": HS_SECRET}]}, "alg"),
        (
            {"keys": [{"kid": "k", "alg": "HS256", "secret": HS_SECRET}] * 2},
            "its own 'kid'",
        ),
        ({"keys": []}, "keys"),
        ({"max_role": "admin"}, "max_role"),
    ],
)
def test_sso_settings_are_checked_when_saved(
    rsa_key: rsa.RSAPrivateKey, sso: dict[str, Any], phrase: str
) -> None:
    with pytest.raises(Invalid) as refused:
        sites.clean_settings({"sso": {**sso_settings(rsa_key), **sso}})
    assert phrase in refused.value.message


def test_an_rsa_key_under_2048_bits_is_refused() -> None:
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    settings = {"keys": [{"kid": "k", "alg": "RS256", "public_key": public_pem(small)}]}
    with pytest.raises(Invalid, match="2048"):
        sites.clean_settings({"sso": {"issuer": ISSUER, "audience": AUDIENCE, **settings}})


async def test_simultaneous_first_sign_ins_make_one_account_and_no_500(
    client: httpx.AsyncClient, app: FastAPI, rsa_key: rsa.RSAPrivateKey
) -> None:
    """A reader opening two tabs at once: one request links the account, none fails with a 500."""
    await sso_site(app, rsa_key)
    token = hs256(claims(sub="two-tabs", name="Two Tabs"))
    responses = await asyncio.gather(
        *(client.post("/api/v1/sites/news/sso/session", json={"token": token}) for _ in range(4))
    )
    statuses = sorted(r.status_code for r in responses)
    assert all(status in (200, 409) for status in statuses), [r.text for r in responses]
    assert statuses[0] == 200
    for conflict in (r for r in responses if r.status_code == 409):
        assert "try again" in conflict.json()["error"]["message"]
    assert [a.display_name for a in await _accounts(app)] == ["Two Tabs"]
    await sign_in(client, token)  # and the retry simply signs in


async def test_sso_sessions_last_a_day_and_expired_ones_are_removed(
    client: httpx.AsyncClient, app: FastAPI, rsa_key: rsa.RSAPrivateKey
) -> None:
    await sso_site(app, rsa_key)
    first = await sign_in(client, hs256(claims()))
    assert first["expires_in"] == 24 * 3600
    async with session_factory(app.state.engine)() as session:
        await session.execute(update(AuthSession).values(expires_at=datetime.now(UTC)))
        await session.commit()
    await sign_in(client, hs256(claims()))
    async with session_factory(app.state.engine)() as session:
        left = (await session.execute(select(AuthSession))).scalars().all()
    assert len(left) == 1  # the expired one went; the new one stays
    response = await client.get("/api/v1/me", headers=bearer(first))
    assert response.status_code == 401
