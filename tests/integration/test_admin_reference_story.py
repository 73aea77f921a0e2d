"""The reference story as a moderator sees it: imported, its abusive lines lead the flagged queue
with their reasons (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI

from rejoinder.cli.importing import import_page_file
from rejoinder.storage.db import session_factory
from tests.conftest import FIXTURES, make_site
from tests.integration.admin_helpers import make_staff, staff_client

PAGE = FIXTURES / "pages" / "wire-story-with-comments.txt"
_TAGS = re.compile(r"<[^>]+>")


def _plain(html: str) -> str:
    return " ".join(_TAGS.sub("", html).split())


async def _import(app: FastAPI, page: Path) -> None:
    async with session_factory(app.state.engine)() as session:
        await import_page_file(
            session, app.state.runtime, page, "news", "aukus-pillar-two", None, None
        )
        await session.commit()


async def test_the_abusive_lines_lead_the_flagged_queue_with_their_reasons(app: FastAPI) -> None:
    await make_site(app, "news")
    await _import(app, PAGE)
    await make_staff(app, "Night Desk", "desk@news.example", sites=("news",))
    desk = await staff_client(app, "desk@news.example")
    page = await desk.http.get("/admin/sites/news/queues/flagged")
    assert page.status_code == 200
    items = [_plain(part) for part in page.text.split('<article class="item"')[1:]]
    assert len(items) >= 2
    slur = items[0]  # a rule outranks any score
    assert "chicom is no.1 threat" in slur
    assert "slur for a nationality" in slur and "Why here: rule: slur" in slur
    # Then the highest scores: #21 and the two comments that call opponents stupid (#9, #18).
    pirates = next(item for item in items[1:4] if "Pathetic bunch of pirates" in item)
    assert re.search(r"Why here: score 0\.[89]\d toxicity", pirates), pirates
    assert "rude or disrespectful" in pirates  # the model's reason, with its words
