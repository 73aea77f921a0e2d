"""Learning from a newsroom's own decisions, through the real API, dashboard and job runner, on
SQLite and PostgreSQL: moderators approve and reject, the periodic job trains and activates a
site model (audited), posting then holds the kind of comment they reject, another site is
untouched, the switch turns it off, nothing retrains without new decisions, and a second
process applies a new version within seconds."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from rejoinder.app import create_app
from rejoinder.config import Settings
from rejoinder.domain.enums import AccountRole
from rejoinder.services.worker import Worker
from rejoinder.storage.db import session_factory
from rejoinder.storage.models import AuditEntry, Comment, SiteModel
from tests.conftest import ORIGIN, RELAXED, make_site
from tests.helpers import post
from tests.integration.admin_helpers import make_staff, staff_client
from tests.integration.signed_in import SignedIn, sign_in
from tests.integration.test_admin_settings import form_of
from tests.unit.moderation.site_learning_texts import stream

PROMOTION = "Nice. Get paid weekly for simple tasks, click the link in my bio."
LEARNING = {
    "moderation": {
        **RELAXED["moderation"],
        "nudge_enabled": False,
        "site_learning_min_decisions": 100,
        "site_learning_max_raise": 0.5,  # the synthetic promotions score near 0
    }
}


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"moderation_mode": "fast"})


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def clock(app: FastAPI) -> AsyncIterator[Clock]:
    ticking = Clock()
    app.state.runtime = replace(app.state.runtime, clock=ticking)
    yield ticking


def _worker(app: FastAPI) -> Worker:
    return Worker(app.state.sessions, lambda: app.state.runtime, app.state.write_lock)


async def _moderated_history(
    app: FastAPI, readers: Any, moderators: list[SignedIn], count: int = 240
) -> None:
    """Comments from 40 readers, each decided by one of the moderators through the API."""
    for i, (text, rejected) in enumerate(stream(count, 0.3, seed=11)):
        reader = readers(f"198.51.100.{i % 40 + 1}")
        comment = await post(reader, "news", "s1", f"{text} ({i})", expect=(201, 202))
        decision = await reader.post(
            f"/api/v1/sites/news/moderation/comments/{comment['id']}",
            json={"action": "reject" if rejected else "approve"},
            headers=moderators[i % len(moderators)].headers,
        )
        assert decision.status_code == 200, decision.text


async def _rows(app: FastAPI, model: type[Any], *where: Any) -> list[Any]:
    async with session_factory(app.state.engine)() as session:
        return list((await session.execute(select(model).where(*where))).scalars())


async def _moderation_of(app: FastAPI, comment_id: int) -> dict[str, Any]:
    (comment,) = await _rows(app, Comment, Comment.id == comment_id)
    moderation: dict[str, Any] = comment.moderation
    return moderation


@pytest.fixture
async def learnt(app: FastAPI, readers: Any, clock: Clock) -> list[SignedIn]:
    await make_site(app, "news", **LEARNING)
    await make_site(app, "other", **LEARNING)
    desk = [await sign_in(app, f"Desk {n}", moderates=("news",)) for n in (1, 2)]
    await _moderated_history(app, readers, desk)
    outcomes = await _worker(app).run_due()
    assert {o.kind for o in outcomes} >= {"site_learning.scan", "site_learning.train"}
    assert all(o.done for o in outcomes)
    return desk


async def test_decisions_teach_the_site_and_posting_uses_it(
    app: FastAPI, client: httpx.AsyncClient, clock: Clock, learnt: list[SignedIn]
) -> None:
    (version,) = await _rows(app, SiteModel)
    assert (version.version, version.status) == (1, "active")
    held_out = version.figures["held_out"]
    assert held_out["auc_site"] > held_out["auc_base"] + 0.2
    assert version.figures["largest_moderator_share"] <= 0.5
    (entry,) = await _rows(app, AuditEntry, AuditEntry.action == "site_model.activate")
    assert (entry.target_type, entry.target_id, entry.actor) == ("site_model", "1", "system")
    assert entry.after["auc_site"] == held_out["auc_site"]

    held = await post(client, "news", "s2", PROMOTION, expect=202)
    assert held["status"] == "pending"
    moderation = await _moderation_of(app, held["id"])
    assert moderation["site_model"]["version"] == 1
    assert moderation["site_model"]["shift"] > 0.3
    # The same words on another site: the base model's scores, to the last digit.
    elsewhere = await post(client, "other", "s2", PROMOTION)
    other = await _moderation_of(app, elsewhere["id"])
    assert "site_model" not in other
    shift = moderation["site_model"]["shift"]
    assert moderation["scores"]["toxicity"] == pytest.approx(other["scores"]["toxicity"] + shift)
    assert {k: v for k, v in moderation["scores"].items() if k != "toxicity"} == {
        k: v for k, v in other["scores"].items() if k != "toxicity"
    }
    civil = await post(client, "news", "s2", "The council should explain the cost of the bridge.")
    assert civil["status"] == "published"

    # A moderator's decision keeps the record of the version that scored the comment.
    decided = await client.post(
        f"/api/v1/sites/news/moderation/comments/{held['id']}",
        json={"action": "approve"},
        headers=learnt[0].headers,
    )
    assert decided.status_code == 200
    moderation = await _moderation_of(app, held["id"])
    assert moderation["action"] == "approve" and moderation["site_model"]["version"] == 1

    # Nothing retrains without new decisions (one approval is not enough).
    clock.now += timedelta(hours=2)  # the next slot of the periodic scan
    outcomes = await _worker(app).run_due()
    ran = [o.kind for o in outcomes if o.kind.startswith("site_learning.")]
    assert ran == ["site_learning.scan"]
    assert len(await _rows(app, SiteModel)) == 1

    # The switch, from the dashboard, turns it off at once.
    await make_staff(app, "Chief", "chief@news.example", role=AccountRole.ADMIN)
    chief = await staff_client(app, "chief@news.example")
    page = "/admin/sites/news/settings"
    form = form_of((await chief.http.get(page)).text, page)
    assert form["moderation.site_learning"] == "on"
    del form["moderation.site_learning"]  # untick the box
    assert (await chief.post(page, form)).status_code == 303
    published = await post(client, "news", "s2", PROMOTION)
    assert "site_model" not in await _moderation_of(app, published["id"])


async def test_too_few_decisions_train_nothing(app: FastAPI, readers: Any, clock: Clock) -> None:
    await make_site(app, "news", **LEARNING)
    desk = [await sign_in(app, f"Desk {n}", moderates=("news",)) for n in (1, 2)]
    await _moderated_history(app, readers, desk, count=60)
    outcomes = await _worker(app).run_due()
    assert "site_learning.train" in {o.kind for o in outcomes}
    assert await _rows(app, SiteModel) == []


async def test_settings_out_of_bounds_are_refused(app: FastAPI) -> None:
    await make_site(app, "news")
    await make_staff(app, "Chief", "chief@news.example", role=AccountRole.ADMIN)
    chief = await staff_client(app, "chief@news.example")
    page = "/admin/sites/news/settings/json"
    for bad in ('{"site_learning_min_decisions": 10}', '{"site_learning_max_raise": 2}'):
        sent = await chief.post(page, {"settings_json": f'{{"moderation": {bad}}}'})
        assert sent.status_code == 422, sent.text


async def test_another_process_applies_a_new_version_within_seconds(
    app: FastAPI, settings: Settings, readers: Any, clock: Clock
) -> None:
    await make_site(app, "news", **LEARNING)
    other_process = create_app(settings)
    other_process.state.runtime = replace(other_process.state.runtime, clock=clock)
    transport = httpx.ASGITransport(app=other_process)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", headers={"origin": ORIGIN}
    ) as second:
        try:
            before = await post(second, "news", "s3", PROMOTION + " first")  # caches "none yet"
            assert "site_model" not in await _moderation_of(app, before["id"])
            desk = [await sign_in(app, f"Desk {n}", moderates=("news",)) for n in (1, 2)]
            await _moderated_history(app, readers, desk)
            await _worker(app).run_due()
            soon = await post(second, "news", "s3", PROMOTION + " second")
            assert "site_model" not in await _moderation_of(app, soon["id"])  # still cached
            clock.now += timedelta(seconds=6)
            later = await post(second, "news", "s3", PROMOTION + " third", expect=202)
            assert (await _moderation_of(app, later["id"]))["site_model"]["version"] == 1
        finally:
            await other_process.state.shutdown()
