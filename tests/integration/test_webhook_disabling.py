"""An endpoint that fails for a day is disabled, and the admins are told by mail through a real
SMTP server (aiosmtpd); on both databases."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from rejoinder.config import Settings
from rejoinder.domain.enums import AccountRole
from rejoinder.services import mail, webhooks
from rejoinder.storage.repositories import accounts as account_repo
from tests import mailbox as box
from tests.helpers import post
from tests.integration.admin_helpers import make_staff
from tests.mailbox import Mailbox, body_of, shift_clock
from tests.webhook_receiver import running

mailbox, site = box.mailbox, box.site


@pytest.fixture
def settings(database_url: str, tmp_path: Path, mailbox: Mailbox) -> Settings:
    return box.mail_settings(
        database_url, tmp_path, mailbox.port,
        webhook_allow_hosts=["127.0.0.1"], webhook_retry_seconds=[60.0] * 7,
    )  # fmt: skip


async def _confirmed_admin(app: FastAPI, name: str, email: str) -> None:
    account_id = await make_staff(app, name, email, role=AccountRole.ADMIN)
    async with app.state.sessions() as session:
        account = await account_repo.get(session, account_id)
        assert account is not None
        account.email_verified_at = app.state.runtime.now()
        await session.commit()


async def test_a_day_of_failures_disables_the_endpoint_and_mails_the_admins(
    app: FastAPI, client: httpx.AsyncClient, site: str, mailbox: Mailbox
) -> None:
    await _confirmed_admin(app, "Ada Admin", "ada@newsroom.example")
    await make_staff(app, "Una Unconfirmed", "una@newsroom.example", role=AccountRole.ADMIN)
    with running([500]) as receiver:
        async with app.state.sessions() as session:
            view, _ = await webhooks.add(
                session, app.state.runtime, site, receiver.url, ["comment.published"]
            )
            await session.commit()
        await post(client, site)
        await mail.drain()
        assert await mailbox.all() == []  # failing, not yet for a day
        shift_clock(app, timedelta(hours=25))
        await mail.drain()  # the retry fails a day after the first failure
        assert len(receiver.received) == 2
    [message] = await mailbox.to("ada@newsroom.example")
    assert f"Webhook endpoint {view.id}" in str(message["Subject"]) and "disabled" in str(
        message["Subject"]
    )
    text = body_of(message)
    assert receiver.url in text and "No delivery succeeded since" in text
    assert f"{box.PUBLIC_URL}/admin/sites/{site}/webhooks" in text
    assert await mailbox.to("una@newsroom.example") == []  # confirmed addresses only
    async with app.state.sessions() as session:
        [listed] = await webhooks.listed(session, app.state.runtime, site)
    assert listed.state == "disabled"
