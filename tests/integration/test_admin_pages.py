"""The moderator workspace's shell: sign-in, the sites list, CSRF, CSP, error pages."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from rejoinder.domain.enums import AccountRole
from tests.conftest import make_site
from tests.integration.admin_helpers import OWN_ORIGIN, make_staff, staff_client


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
