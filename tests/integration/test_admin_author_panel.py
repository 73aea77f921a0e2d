"""The author panel: a guest's or an account's record on the site, notes, pre-moderation and
suspension, changed from the queue item and felt on the author's next post."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from tests.conftest import make_site
from tests.helpers import post
from tests.integration.admin_helpers import make_staff, staff_client
from tests.integration.signed_in import sign_in
from tests.integration.test_admin_queues import POST


async def _desk(app: FastAPI) -> Any:
    await make_staff(app, "Night Desk", "desk@news.example", sites=("news",))
    return await staff_client(app, "desk@news.example")


async def test_a_guest_is_noted_and_pre_moderated_from_the_panel(
    app: FastAPI, readers: Any
) -> None:
    await make_site(app, "news", **POST)
    guest = readers("203.0.113.7")
    first = await post(guest, "news")
    desk = await _desk(app)
    panel = await desk.http.get(f"/admin/sites/news/comments/{first['id']}/author")
    assert panel.status_code == 200 and "1 published" in panel.text
    changed = await desk.htmx(
        f"/admin/sites/news/comments/{first['id']}/author",
        {"premoderate": "on", "note": "Second warning about name-calling"},
    )
    assert changed.status_code == 200
    assert "Always pre-moderated" in changed.text
    assert "Second warning about name-calling" in changed.text and "Night Desk" in changed.text
    later = await post(guest, "news", expect=(201, 202))
    assert later["status"] == "pending"
    lifted = await desk.htmx(
        f"/admin/sites/news/comments/{first['id']}/author", {"premoderate": "off"}
    )
    assert "In good standing" in lifted.text
    assert (await post(guest, "news"))["status"] == "published"


async def test_an_account_is_suspended_from_the_panel(app: FastAPI, client: Any) -> None:
    await make_site(app, "news", **POST)
    reader = await sign_in(app, "Regular Reader")
    written = await post(client, "news", headers=reader.headers)
    desk = await _desk(app)
    changed = await desk.htmx(
        f"/admin/sites/news/comments/{written['id']}/author",
        {"suspend": "7", "note": "Cooling off"},
    )
    assert changed.status_code == 200 and "Suspended until" in changed.text
    await post(client, "news", headers=reader.headers, expect=403)
    bad = await desk.htmx(
        f"/admin/sites/news/comments/{written['id']}/author", {"suspend": "forever-ish"}
    )
    assert bad.status_code == 400


async def test_a_moderator_cannot_open_another_staff_members_panel(
    app: FastAPI, client: Any
) -> None:
    await make_site(app, "news", **POST)
    colleague = await sign_in(app, "Colleague", moderates=("news",))
    written = await post(client, "news", headers=colleague.headers)
    desk = await _desk(app)
    panel = await desk.http.get(f"/admin/sites/news/comments/{written['id']}/author")
    assert panel.status_code == 200 and "Only an administrator" in panel.text
