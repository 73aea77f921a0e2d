"""The moderator workspace's shell: sign-in, the sites list, CSRF, CSP, error pages."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import httpx
from fastapi import FastAPI

from rejoinder.domain.enums import AccountRole
from rejoinder.platform.counters.memory import MemoryCounters
from rejoinder.platform.rate_limits import RateLimiter
from tests.conftest import make_site
from tests.helpers import cli_invoker
from tests.integration.admin_helpers import OWN_ORIGIN, PASSWORD, csrf_in, make_staff, staff_client


async def test_staff_made_from_the_cli_sign_in_at_once_and_see_their_own_sites(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await make_site(app, "news")
    await make_site(app, "sport")
    await make_staff(app, "Night Desk", "desk@news.example", sites=("news",))
    staff = await staff_client(app, "desk@news.example", via_form=True)
    home = await staff.http.get("/admin/")
    assert 'data-site="news"' in home.text
    assert 'data-site="sport"' not in home.text
    assert "Night Desk" in home.text
    assert 'data-count="pending">0<' in home.text  # what waits, per work queue


async def test_staff_created_by_the_cli_command_sign_in_at_the_form_at_once(
    app: FastAPI, database_url: str, tmp_path: Path
) -> None:
    """`rejoinder user create --email --password-stdin`, the command itself: no confirmation
    mail stands between the new moderator and the dashboard (an admin vouched for them)."""
    await make_site(app, "news")
    await make_site(app, "sport")
    invoke = cli_invoker(database_url, tmp_path / "cli")
    created = await asyncio.to_thread(
        invoke, "user", "create", "Night Desk", "--role", "moderator", "--site", "news",
        "--email", "desk@news.example", "--password-stdin", stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert "Night Desk" in created
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=OWN_ORIGIN
    ) as http:
        signed_in = await http.post(
            "/admin/login",
            data={"email": "desk@news.example", "password": PASSWORD, "next": "/admin/"},
            headers={"origin": OWN_ORIGIN},
        )
        assert signed_in.status_code == 303, signed_in.text
        assert signed_in.headers["location"] == "/admin/"
        cookie = signed_in.headers["set-cookie"].lower()
        assert "rejoinder_session=" in cookie and "httponly" in cookie and "samesite" in cookie
        home = await http.get("/admin/")
        assert home.status_code == 200
        assert 'data-site="news"' in home.text and 'data-site="sport"' not in home.text
        assert csrf_in(home.text)
        pending = await http.get("/admin/sites/news/queues/pending")
        assert pending.status_code == 200


async def test_the_sign_in_form_backs_off_and_then_refuses_even_the_right_password(
    app: FastAPI,
) -> None:
    await make_site(app, "news")
    await make_staff(app, "Night Desk", "desk@news.example", sites=("news",))
    # The API's own limits (10 per address in 15 minutes); held at 3 here to keep it quick.
    limiter = RateLimiter(MemoryCounters(), {"login.email": "3/900"})
    app.state.runtime = replace(app.state.runtime, limiter=limiter)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=OWN_ORIGIN
    ) as http:

        async def attempt(password: str) -> httpx.Response:
            return await http.post(
                "/admin/login",
                data={"email": "desk@news.example", "password": password},
                headers={"origin": OWN_ORIGIN},
            )

        assert [(await attempt("wrong")).status_code for _ in range(3)] == [401, 401, 401]
        blocked = await attempt("wrong")
        assert blocked.status_code == 429
        assert 'role="alert"' in blocked.text and "<form" in blocked.text  # the form, and why
        right = await attempt(PASSWORD)
        assert right.status_code == 429  # even the right password waits for the window
        assert "rejoinder_session" not in right.headers.get("set-cookie", "")
        assert (await http.get("/admin/")).status_code == 303  # not signed in


async def test_an_admin_sees_every_site(app: FastAPI) -> None:
    await make_site(app, "news")
    await make_site(app, "sport")
    await make_staff(app, "Chief", "chief@news.example", role=AccountRole.ADMIN)
    home = await (await staff_client(app, "chief@news.example")).http.get("/admin/")
    assert 'data-site="news"' in home.text and 'data-site="sport"' in home.text


async def test_pages_need_a_sign_in_and_send_back_to_the_page_asked_for(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/admin/")
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/login?next=/admin/"
    htmx = await client.get("/admin/", headers={"hx-request": "true"})
    assert htmx.status_code == 401
    assert htmx.headers["hx-redirect"].startswith("/admin/login")


async def test_a_wrong_password_shows_the_form_again_with_the_reason(app: FastAPI) -> None:
    await make_site(app, "news")
    await make_staff(app, "Night Desk", "desk@news.example", sites=("news",))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=OWN_ORIGIN
    ) as http:
        response = await http.post(
            "/admin/login",
            data={"email": "desk@news.example", "password": "wrong"},
            headers={"origin": OWN_ORIGIN},
        )
        assert response.status_code == 401
        assert 'role="alert"' in response.text
        assert "rejoinder_session" not in response.headers.get("set-cookie", "")


async def test_a_login_posted_from_another_site_is_refused(app: FastAPI) -> None:
    await make_site(app, "news")
    await make_staff(app, "Night Desk", "desk@news.example", sites=("news",))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=OWN_ORIGIN
    ) as http:
        response = await http.post(
            "/admin/login",
            data={"email": "desk@news.example", "password": "correct horse battery staple 42"},
            headers={"origin": "https://evil.example"},
        )
        assert response.status_code == 403
        assert "set-cookie" not in response.headers


async def test_next_never_leads_off_the_dashboard(app: FastAPI) -> None:
    await make_site(app, "news")
    await make_staff(app, "Night Desk", "desk@news.example", sites=("news",))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url=OWN_ORIGIN
    ) as http:
        for evil in ("//evil.example/admin/", "https://evil.example/", "/admin/\\evil"):
            response = await http.post(
                "/admin/login",
                data={
                    "email": "desk@news.example",
                    "password": "correct horse battery staple 42",
                    "next": evil,
                },
                headers={"origin": OWN_ORIGIN},
            )
            assert response.status_code == 303
            assert response.headers["location"] == "/admin/"


async def test_writes_need_the_sessions_csrf_token(app: FastAPI) -> None:
    await make_site(app, "news")
    await make_staff(app, "Night Desk", "desk@news.example", sites=("news",))
    staff = await staff_client(app, "desk@news.example")
    refused = await staff.http.post(
        "/admin/logout", data={"csrf_token": "forged"}, headers={"origin": OWN_ORIGIN}
    )
    assert refused.status_code == 403
    assert "<html" in refused.text  # a page a person can read, not JSON
    assert (await staff.http.get("/admin/")).status_code == 200  # still signed in
    signed_out = await staff.post("/admin/logout", {})
    assert signed_out.status_code == 303
    assert (await staff.http.get("/admin/")).status_code == 303


async def test_dashboard_pages_carry_a_strict_policy_and_are_never_cached(
    client: httpx.AsyncClient,
) -> None:
    page = await client.get("/admin/login")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert page.headers["cache-control"] == "no-store"
    assert "<script>" not in page.text and " style=" not in page.text
    htmx = await client.get("/admin/static/htmx.min.js")
    assert htmx.status_code == 200 and htmx.headers["content-type"].startswith("text/javascript")
    assert (await client.get("/admin/static/../app.py")).status_code == 404


async def test_the_sign_in_page_speaks_japanese_when_asked(client: httpx.AsyncClient) -> None:
    page = await client.get("/admin/login", headers={"accept-language": "ja-JP,ja;q=0.9"})
    assert 'lang="ja"' in page.text
    assert "ログイン" in page.text
