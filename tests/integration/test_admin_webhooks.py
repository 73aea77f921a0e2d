"""A site's webhooks page in the dashboard: an admin adds an endpoint (its secret shown once),
sees the delivery log of a real receiver, rotates and removes; a moderator who is not an admin
gets 403. On both databases."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from rejoinder.config import Settings
from rejoinder.domain.enums import AccountRole
from rejoinder.services import mail
from tests.conftest import GENEROUS_LIMITS
from tests.helpers import post
from tests.integration.admin_helpers import make_staff, staff_client
from tests.webhook_receiver import running

SECRET = re.compile(r'value="(whsec_[A-Za-z0-9+/=]+)"')


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url, data_dir=tmp_path, secret_key="test-secret-key",
        rate_limits=GENEROUS_LIMITS, webhook_allow_hosts=["127.0.0.1"],
    )  # fmt: skip


async def test_an_admin_adds_an_endpoint_and_sees_its_delivery_log(
    app: FastAPI, client: httpx.AsyncClient, site: str
) -> None:
    await make_staff(app, "Ada Admin", "ada@newsroom.example", role=AccountRole.ADMIN)
    admin = await staff_client(app, "ada@newsroom.example")
    page = await admin.http.get(f"/admin/sites/{site}/webhooks")
    assert page.status_code == 200 and "no webhook endpoints" in page.text
    with running([200]) as receiver:
        added = await admin.post(
            f"/admin/sites/{site}/webhooks", {"url": receiver.url, "event": ["comment.published"]}
        )
        assert added.status_code == 201, added.text
        [secret] = SECRET.findall(added.text)
        await post(client, site)
        await mail.drain()
        [got] = receiver.received
    assert got.verify(secret)["type"] == "comment.published"
    page = await admin.http.get(f"/admin/sites/{site}/webhooks")
    assert secret not in page.text  # shown once, in the answer to the post that made it
    log = page.text.split('class="delivery-log"')[1]
    assert "comment.published" in log and "delivered" in log and "200" in log
    endpoint_id = re.findall(r'data-endpoint="(\d+)"', page.text)[0]
    rotated = await admin.post(f"/admin/sites/{site}/webhooks/{endpoint_id}/rotate", {})
    assert rotated.status_code == 200 and SECRET.findall(rotated.text) != [secret]
    removed = await admin.post(f"/admin/sites/{site}/webhooks/{endpoint_id}/remove", {})
    assert removed.status_code == 303
    assert "no webhook endpoints" in (await admin.http.get(f"/admin/sites/{site}/webhooks")).text


async def test_a_bad_url_comes_back_with_the_problem(app: FastAPI, site: str) -> None:
    await make_staff(app, "Ada Admin", "ada@newsroom.example", role=AccountRole.ADMIN)
    admin = await staff_client(app, "ada@newsroom.example")
    refused = await admin.post(f"/admin/sites/{site}/webhooks", {"url": "http://hooks.example/"})
    assert refused.status_code == 422 and "is not https" in refused.text
    assert "whsec_" not in refused.text


async def test_a_moderator_who_is_not_an_admin_gets_403(app: FastAPI, site: str) -> None:
    await make_staff(app, "Mo Moderator", "mo@newsroom.example", sites=(site,))
    moderator = await staff_client(app, "mo@newsroom.example")
    page = await moderator.http.get(f"/admin/sites/{site}/webhooks")
    assert page.status_code == 403
    added = await moderator.post(
        f"/admin/sites/{site}/webhooks", {"url": "https://hooks.example/in"}
    )
    assert added.status_code == 403
    queue = await moderator.http.get(f"/admin/sites/{site}/queues/pending")
    assert queue.status_code == 200 and "/webhooks" not in queue.text  # not in their nav
