"""Staff in the moderator workspace, for dashboard tests: an account with a password made as
the CLI makes it, signed in through `/admin/login` as a browser would (same-origin posts)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx
from fastapi import FastAPI

from rejoinder.domain.enums import AccountRole
from rejoinder.services import user_admin
from rejoinder.storage.db import session_factory

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


async def make_staff(
    app: FastAPI,
    name: str,
    email: str,
    *,
    role: AccountRole = AccountRole.MODERATOR,
    sites: tuple[str, ...] = (),
) -> int:
    async with session_factory(app.state.engine)() as session:
        new = user_admin.NewUser(name=name, role=role, email=email, password=PASSWORD, sites=sites)
        account = await user_admin.create_user(session, app.state.runtime, new)
        await session.commit()
        return account.id


def csrf_in(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


async def staff_client(app: FastAPI, email: str, password: str = PASSWORD) -> StaffClient:
    """A new client (its own cookie jar) signed in at /admin/login."""
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=OWN_ORIGIN)
    response = await http.post(
        "/admin/login",
        data={"email": email, "password": password, "next": "/admin/"},
        headers={"origin": OWN_ORIGIN},
    )
    assert response.status_code == 303, response.text
    home = await http.get("/admin/")
    assert home.status_code == 200, home.text
    return StaffClient(http, csrf_in(home.text))
