"""Signed-in readers for API tests: an account and a session made through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI

from rejoinder.services import auth
from rejoinder.storage.db import session_factory
from rejoinder.storage.models import Account
from rejoinder.storage.repositories import accounts as account_repo


@dataclass(frozen=True)
class SignedIn:
    account_id: int
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.token}"}


async def sign_in(app: FastAPI, name: str) -> SignedIn:
    """A password-less account (no email to verify), old enough not to be held as new."""
    async with session_factory(app.state.engine)() as session:
        created = datetime.now(UTC) - timedelta(days=30)
        account = await account_repo.add(session, Account(display_name=name, created_at=created))
        issued = await auth.open_session(session, app.state.runtime, account)
        await session.commit()
        return SignedIn(account.id, issued.token)
