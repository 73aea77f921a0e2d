"""Staff sign-in with OpenID Connect (issue 12, ADR 0012), against a real provider.

The provider is oidc-provider-mock (Authlib's own authorization server in a small Flask app), run
in a thread on a free port. The tests play the browser: they follow our redirect to the provider,
submit its authorization form for a subject whose claims they set, and bring its redirect back to
our callback with the cookies our app set. Nothing of ours is replaced.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import socket
import time
import warnings
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit, urlunsplit

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr, ValidationError
from sqlalchemy import func, select

from rejoinder.app import create_app
from rejoinder.config import Settings
from rejoinder.platform.oidc_flow import SignInFlow, seal, unseal
from rejoinder.storage.db import session_factory
from rejoinder.storage.models import Account, AuditEntry
from rejoinder.storage.repositories import accounts as account_repo
from tests.conftest import make_site

with warnings.catch_warnings():
    # oidc-provider-mock 0.3 imports `authlib.jose`, which Authlib 1.7 deprecated.
    warnings.filterwarnings("ignore", "authlib.jose module is deprecated", DeprecationWarning)
    import oidc_provider_mock

# ... and issues ID tokens through `get_jwt_config`, also deprecated (in the provider's thread).
pytestmark = pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning")

START = "/admin/login/oidc"
FLOW_COOKIE = "rejoinder_oidc"
SESSION_COOKIE = "rejoinder_session"
CLIENT_ID = "rejoinder-test"
ROLE_MAP = {
    "newsroom-admins": "admin",
    "night-desk": "moderator:news",
    "sport-desk": "moderator:sport",
    "ghost-desk": "moderator:gone",  # a site that does not exist
}
NO_ROLE = "Your account at Newsroom SSO has no Rejoinder role; ask an administrator."


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def settings(settings: Settings, provider: str) -> Settings:
    return settings.model_copy(
        update={
            "public_url": "http://testserver",
            "oidc_issuer": provider,
            "oidc_client_id": CLIENT_ID,
            "oidc_client_secret": SecretStr("client-secret"),
            "oidc_role_map": ROLE_MAP,
            "oidc_display_name": "Newsroom SSO",
        }
    )


@pytest.fixture
async def sites(app: FastAPI, site: str) -> list[str]:
    await make_site(app, "sport")
    return [site, "sport"]


def staff(groups: list[str], **claims: Any) -> dict[str, Any]:
    defaults = {"email": "ada@newsroom.example", "email_verified": True, "name": "Ada Lovelace"}
    return {**defaults, **claims, "groups": groups}


async def set_claims(provider: str, subject: str, claims: dict[str, Any]) -> None:
    async with httpx.AsyncClient() as http:
        response = await http.put(f"{provider}/users/{quote(subject, safe='')}", json=claims)
    assert response.status_code == 204, response.text


async def start(client: httpx.AsyncClient, next_path: str | None = None) -> httpx.Response:
    params = {"next": next_path} if next_path is not None else {}
    response = await client.get(START, params=params)
    assert response.status_code == 302, response.text
    return response


async def authorize(started: httpx.Response, subject: str) -> str:
    """The person at the provider's page signs in as `subject`; where it sends them back."""
    async with httpx.AsyncClient() as browser:
        response = await browser.post(started.headers["location"], data={"sub": subject})
    assert response.status_code == 302, response.text
    return response.headers["location"]


async def sign_in(
    client: httpx.AsyncClient,
    provider: str,
    subject: str,
    claims: dict[str, Any],
    next_path: str | None = None,
) -> httpx.Response:
    await set_claims(provider, subject, claims)
    back = await authorize(await start(client, next_path), subject)
    return await client.get(back)


def browser_with(app: FastAPI, cookies: dict[str, str]) -> httpx.AsyncClient:
    """Another browser, holding only the cookies given."""
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver", cookies=cookies)


def flow_of(app: FastAPI, client: httpx.AsyncClient) -> SignInFlow:
    return unseal(app.state.runtime.signing_key, client.cookies.get(FLOW_COOKIE), time.time())


async def queue_status(client: httpx.AsyncClient, site: str) -> int:
    return (await client.get(f"/api/v1/sites/{site}/moderation/queue")).status_code


async def me(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/api/v1/me")
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


async def audit_entries(app: FastAPI) -> list[AuditEntry]:
    """What the log says about accounts (the sites' creation is in it too)."""
    async with session_factory(app.state.engine)() as session:
        about_accounts = select(AuditEntry).where(AuditEntry.target_type == "account")
        result = await session.execute(about_accounts.order_by(AuditEntry.id))
        return list(result.scalars())


async def account_count(app: FastAPI) -> int:
    async with session_factory(app.state.engine)() as session:
        return int(await session.scalar(select(func.count()).select_from(Account)) or 0)


async def test_a_mapped_moderator_moderates_the_mapped_site_only(
    app: FastAPI, client: httpx.AsyncClient, provider: str, sites: list[str]
) -> None:
    response = await sign_in(client, provider, "ada", staff(["night-desk", "interns"]))

    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/admin/"
    assert client.cookies.get(SESSION_COOKIE)
    assert await queue_status(client, "news") == 200
    assert await queue_status(client, "sport") == 403
    account = await me(client)
    assert (account["display_name"], account["role"]) == ("Ada Lovelace", "reader")
    assert (account["email"], account["email_verified"]) == ("ada@newsroom.example", True)
    entries = [(e.action, e.actor, e.target_id) for e in await audit_entries(app)]
    assert entries == [("role.add", "system", str(account["id"]))]


async def test_an_admin_mapping_makes_an_admin(
    app: FastAPI, client: httpx.AsyncClient, provider: str, sites: list[str]
) -> None:
    response = await sign_in(client, provider, "grace", staff(["newsroom-admins"]))

    assert response.status_code == 303, response.text
    assert await queue_status(client, "news") == 200
    assert await queue_status(client, "sport") == 200
    assert (await me(client))["role"] == "admin"
    [entry] = await audit_entries(app)
    assert (entry.action, entry.actor, entry.reason) == (
        "account.admin",
        "system",
        "from OIDC claim",
    )
    assert (entry.before, entry.after) == ({"role": "reader"}, {"role": "admin"})


async def test_roles_follow_the_claim_at_every_sign_in(
    app: FastAPI, client: httpx.AsyncClient, provider: str, sites: list[str]
) -> None:
    await sign_in(client, provider, "ada", staff(["night-desk", "newsroom-admins"]))
    assert (await me(client))["role"] == "admin"

    response = await sign_in(client, provider, "ada", staff(["sport-desk"]))
    assert response.status_code == 303, response.text
    assert (await me(client))["role"] == "reader"
    assert await queue_status(client, "news") == 403
    assert await queue_status(client, "sport") == 200

    refused = await sign_in(client, provider, "ada", staff([]))
    assert refused.status_code == 403
    assert await queue_status(client, "sport") == 403  # the earlier session kept no role
    actions = [(e.action, e.site_id is None) for e in await audit_entries(app)]
    assert actions == [
        ("account.admin", True),
        ("role.add", False),
        ("account.admin", True),
        ("role.add", False),
        ("role.remove", False),
        ("role.remove", False),
    ]


async def test_an_identity_without_a_mapped_role_gets_no_session(
    app: FastAPI, client: httpx.AsyncClient, provider: str, sites: list[str]
) -> None:
    response = await sign_in(client, provider, "intern", staff(["interns", "ghost-desk"]))

    assert response.status_code == 403
    assert NO_ROLE in response.text
    assert response.headers["content-type"].startswith("text/html")
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")
    assert client.cookies.get(SESSION_COOKIE) is None
    assert await account_count(app) == 0


async def test_a_wrong_or_missing_state_is_refused(
    app: FastAPI, client: httpx.AsyncClient, provider: str, sites: list[str]
) -> None:
    await set_claims(provider, "ada", staff(["night-desk"]))
    back = await authorize(await start(client), "ada")
    parts = urlsplit(back)
    query = {**{k: v[0] for k, v in parse_qs(parts.query).items()}, "state": "not-ours"}

    wrong = await client.get(urlunsplit(parts._replace(query=urlencode(query))))
    assert wrong.status_code == 400
    assert "not for the sign-in started in this browser" in wrong.text

    async with browser_with(app, {}) as elsewhere:
        missing = await elsewhere.get(back)
    assert missing.status_code == 400
    assert "No sign-in was started in this browser" in missing.text
    assert client.cookies.get(SESSION_COOKIE) is None
    assert await account_count(app) == 0


async def test_a_replayed_callback_is_refused(
    app: FastAPI, client: httpx.AsyncClient, provider: str, sites: list[str]
) -> None:
    await set_claims(provider, "ada", staff(["night-desk"]))
    started = await start(client)
    sealed = client.cookies[FLOW_COOKIE]
    back = await authorize(started, "ada")
    assert (await client.get(back)).status_code == 303
    assert client.cookies.get(FLOW_COOKIE) is None  # one use: dropped by the callback

    async with browser_with(app, {FLOW_COOKIE: sealed}) as replay:
        again = await replay.get(back)
    assert again.status_code == 400
    assert "refused the sign-in (invalid_grant)" in again.text
    assert SESSION_COOKIE not in again.headers.get("set-cookie", "")


async def test_a_forged_flow_cookie_or_nonce_is_refused(
    app: FastAPI, client: httpx.AsyncClient, provider: str, sites: list[str]
) -> None:
    await set_claims(provider, "ada", staff(["night-desk"]))
    started = await start(client)
    flow = flow_of(app, client)
    back = await authorize(started, "ada")
    payload = base64.urlsafe_b64encode(json.dumps({**asdict(flow), "nonce": "n"}).encode())
    unsigned = payload.decode().rstrip("=") + "." + client.cookies[FLOW_COOKIE].split(".")[1]
    other_nonce = seal(app.state.runtime.signing_key, replace(flow, nonce="not-the-nonce"))

    async with browser_with(app, {FLOW_COOKIE: unsigned}) as forger:
        changed = await forger.get(back)
    assert changed.status_code == 400
    assert "cookie is not valid" in changed.text
    async with browser_with(app, {FLOW_COOKIE: other_nonce}) as forger:
        replayed_token = await forger.get(back)
    assert replayed_token.status_code == 400
    assert "Invalid claim: 'nonce'" in html.unescape(replayed_token.text)
    assert SESSION_COOKIE not in replayed_token.headers.get("set-cookie", "")
    assert await account_count(app) == 0


async def test_the_authorization_request_carries_pkce_state_and_nonce(
    app: FastAPI, client: httpx.AsyncClient, sites: list[str]
) -> None:
    started = await start(client)
    flow = flow_of(app, client)
    query = {k: v[0] for k, v in parse_qs(urlsplit(started.headers["location"]).query).items()}
    challenge = base64.urlsafe_b64encode(hashlib.sha256(flow.code_verifier.encode()).digest())

    assert query["response_type"] == "code"
    assert query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == "http://testserver/admin/login/oidc/callback"
    assert query["scope"].split() == ["openid", "email", "profile"]
    assert (query["state"], query["nonce"]) == (flow.state, flow.nonce)
    assert query["code_challenge_method"] == "S256"
    assert query["code_challenge"] == challenge.decode().rstrip("=")
    cookie = started.headers["set-cookie"].lower()
    for flag in ("httponly", "samesite=lax", "path=/admin/login/oidc", "max-age=600"):
        assert flag in cookie


@pytest.mark.parametrize(
    "next_path",
    [
        "https://evil.example/admin/",
        "//evil.example/admin/",
        "/account/verify",
        "/admin\\evil",
        "/adminx",
    ],
)
async def test_next_is_honoured_for_dashboard_paths_only(
    app: FastAPI, client: httpx.AsyncClient, provider: str, sites: list[str], next_path: str
) -> None:
    wanted = "/admin/sites/news/queues/pending"
    honoured = await sign_in(client, provider, "ada", staff(["night-desk"]), wanted)
    assert (honoured.status_code, honoured.headers["location"]) == (303, wanted)

    ignored = await sign_in(client, provider, "ada", staff(["night-desk"]), next_path)
    assert (ignored.status_code, ignored.headers["location"]) == (303, "/admin/")


@pytest.mark.parametrize(
    ("ours_verified", "theirs_verified", "linked"),
    [(True, True, True), (True, False, False), (False, True, False)],
)
async def test_an_address_links_an_account_only_when_both_sides_verified_it(
    app: FastAPI,
    client: httpx.AsyncClient,
    provider: str,
    sites: list[str],
    ours_verified: bool,
    theirs_verified: bool,
    linked: bool,
) -> None:
    async with session_factory(app.state.engine)() as session:
        existing = await account_repo.add(
            session,
            Account(
                display_name="Grace Hopper",
                email="grace@newsroom.example",
                email_verified_at=datetime.now(UTC) if ours_verified else None,
            ),
        )
        await session.commit()
    claims = staff(["night-desk"], email="Grace@Newsroom.example", name="Grace Hopper")
    claims["email_verified"] = theirs_verified

    response = await sign_in(client, provider, "grace", claims)

    assert response.status_code == 303, response.text
    account = await me(client)
    assert (account["id"] == existing.id) is linked
    if not linked:  # the other account keeps its address and its name
        assert account["email"] is None
        assert account["display_name"].startswith("Grace Hopper (")


async def test_a_new_staff_member_without_a_name_is_named_from_the_address(
    client: httpx.AsyncClient, provider: str, sites: list[str]
) -> None:
    claims = {"email": "night.editor@newsroom.example", "groups": ["night-desk"]}

    response = await sign_in(client, provider, "night", claims)

    assert response.status_code == 303, response.text
    account = await me(client)
    assert account["display_name"] == "night.editor"
    assert (account["email"], account["email_verified"]) == (claims["email"], False)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def test_an_unreachable_provider_is_a_page_not_a_500(settings: Settings) -> None:
    elsewhere = settings.model_copy(update={"oidc_issuer": f"http://127.0.0.1:{closed_port()}"})
    application = create_app(elsewhere)
    async with browser_with(application, {}) as http:
        response = await http.get(START)
    await application.state.shutdown()

    assert response.status_code == 502
    assert "Newsroom SSO could not be reached" in response.text
    assert FLOW_COOKIE not in response.headers.get("set-cookie", "")


@pytest.fixture
async def without_oidc(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    application = create_app(Settings(data_dir=tmp_path, secret_key="x"))
    async with browser_with(application, {}) as http:
        yield http
    await application.state.shutdown()


async def test_staff_sign_in_is_not_found_when_no_provider_is_set(
    without_oidc: httpx.AsyncClient,
) -> None:
    for path in (START, f"{START}/callback?code=x&state=y"):
        response = await without_oidc.get(path)
        assert response.status_code == 404
        assert "not set up on this install" in response.text


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"oidc_role_map": {"night-desk": "mod:news"}}, "'night-desk' -> 'mod:news'"),
        ({"oidc_role_map": {"chiefs": "moderator:News"}}, "'admin' or 'moderator:<site-slug>'"),
        ({"oidc_role_map": {}}, "REJOINDER_OIDC_ROLE_MAP is empty"),
        ({"oidc_client_id": None}, "set REJOINDER_OIDC_CLIENT_ID too"),
        ({"oidc_issuer": "http://id.newsroom.example"}, "is not an https:// issuer URL"),
        ({"oidc_scopes": "email profile"}, "must include 'openid'"),
    ],
)
def test_the_oidc_settings_are_checked_at_start_up(changes: dict[str, Any], complaint: str) -> None:
    wanted = {
        "oidc_issuer": "https://id.newsroom.example",
        "oidc_client_id": CLIENT_ID,
        "oidc_role_map": {"night-desk": "moderator:news"},
        **changes,
    }
    with pytest.raises(ValidationError, match=re.escape(complaint)):
        Settings(**wanted)
