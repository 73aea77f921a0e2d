"""Staff in the moderator workspace, for dashboard tests: an account with a password made as
the CLI makes it, signed in through `/admin/login` as a browser would (same-origin posts)."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from functools import cache

import httpx
from fastapi import FastAPI

from rejoinder.domain.enums import AccountRole
from rejoinder.http.deps import SESSION_COOKIE
from rejoinder.platform.passwords import hash_password
from rejoinder.services import auth, user_admin
from rejoinder.storage.db import session_factory
from rejoinder.storage.repositories import accounts as account_repo

OWN_ORIGIN = "http://testserver"  # the dashboard's own origin under httpx's ASGI transport
PASSWORD = "correct horse battery staple 42"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class StaffClient:
    http: httpx.AsyncClient
    csrf: str

    @property
    def form_headers(self) -> dict[str, str]:
        return {"origin": OWN_ORIGIN}

    async def post(self, path: str, data: dict[str, str | list[str]]) -> httpx.Response:
        """A form post with the session's CSRF token, as the page's own form sends it."""
        return await self.http.post(
            path, data={"csrf_token": self.csrf, **data}, headers=self.form_headers
        )

    async def htmx(self, path: str, data: dict[str, str | list[str]]) -> httpx.Response:
        """What htmx sends: the token in the X-CSRF-Token header, HX-Request set."""
        headers = {"origin": OWN_ORIGIN, "hx-request": "true", "x-csrf-token": self.csrf}
        return await self.http.post(path, data=data, headers=headers)


@cache
def _password_hash() -> str:
    """argon2 on purpose costs a fifth of a second: hashed once for every staff account here."""
    return asyncio.run(hash_password(PASSWORD))


async def make_staff(
    app: FastAPI,
    name: str,
    email: str,
    *,
    role: AccountRole = AccountRole.MODERATOR,
    sites: tuple[str, ...] = (),
) -> int:
    """As `rejoinder user create --password-stdin` makes it (roles audited); PASSWORD signs in."""
    password_hash = await asyncio.to_thread(_password_hash)
    async with session_factory(app.state.engine)() as session:
        new = user_admin.NewUser(name=name, role=role, email=email, password=None, sites=sites)
        account = await user_admin.create_user(session, app.state.runtime, new)
        account.password_hash = password_hash
        await session.commit()
        return account.id


async def _session_token(app: FastAPI, email: str) -> str:
    async with session_factory(app.state.engine)() as session:
        account = await account_repo.by_email(session, email)
        assert account is not None, email
        issued = await auth.open_session(session, app.state.runtime, account)
        await session.commit()
        return issued.token


def csrf_in(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


async def staff_client(app: FastAPI, email: str, *, via_form: bool = False) -> StaffClient:
    """A new client (its own cookie jar) signed in: at /admin/login when `via_form`, otherwise
    with a session opened as that form opens one (the form's own tests are in test_admin_pages)."""
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=OWN_ORIGIN)
    if via_form:
        response = await http.post(
            "/admin/login",
            data={"email": email, "password": PASSWORD, "next": "/admin/"},
            headers={"origin": OWN_ORIGIN},
        )
        assert response.status_code == 303, response.text
    else:
        http.cookies.set(SESSION_COOKIE, await _session_token(app, email))
    home = await http.get("/admin/")
    assert home.status_code == 200, home.text
    return StaffClient(http, csrf_in(home.text))
