"""Signed-in readers for API tests: an account and a session made through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI

from rejoinder.services import auth
from rejoinder.storage.db import session_factory
from rejoinder.storage.models import Account, SiteRole
from rejoinder.storage.repositories import accounts as account_repo
from rejoinder.storage.repositories import sites as site_repo


@dataclass(frozen=True)
class SignedIn:
    account_id: int
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.token}"}


async def sign_in(
    app: FastAPI, name: str, *, admin: bool = False, moderates: tuple[str, ...] = ()
) -> SignedIn:
    """A password-less account (no email to verify), old enough not to be held as new; an admin,
    or a moderator of the sites named, when asked."""
    async with session_factory(app.state.engine)() as session:
        created = datetime.now(UTC) - timedelta(days=30)
        role = "admin" if admin else "reader"
        account = await account_repo.add(
            session, Account(display_name=name, role=role, created_at=created)
        )
        for slug in moderates:
            site = await site_repo.get_by_slug(session, slug)
            assert site is not None, slug
            session.add(SiteRole(site_id=site.id, account_id=account.id, role="moderator"))
        issued = await auth.open_session(session, app.state.runtime, account)
        await session.commit()
        return SignedIn(account.id, issued.token)
