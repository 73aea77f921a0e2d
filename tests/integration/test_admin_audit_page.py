"""The audit log in the workspace: what moderators did, filtered, downloaded; never editable."""

from __future__ import annotations

import csv
import io
import json

import httpx
from fastapi import FastAPI

from tests.conftest import make_site
from tests.helpers import post
from tests.integration.admin_helpers import make_staff, staff_client
from tests.integration.test_admin_queues import PRE


async def test_a_decision_appears_in_the_log_and_its_downloads(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await make_site(app, "news", **PRE)
    held = await post(client, "news", expect=(201, 202))
    await make_staff(app, "Night Desk", "desk@news.example", sites=("news",))
    desk = await staff_client(app, "desk@news.example")
    decided = await desk.post(
        f"/admin/sites/news/comments/{held['id']}/decision",
        {"action": "reject", "reason_code": "spam", "back": "/admin/sites/news/queues/pending"},
    )
    assert decided.status_code == 303
    page = await desk.http.get("/admin/sites/news/audit")
    assert page.status_code == 200
    assert 'data-action="comment.reject"' in page.text and "Night Desk" in page.text
    assert "Spam or advertising" in page.text
    none = await desk.http.get("/admin/sites/news/audit?action=reader.")
    assert 'data-action="comment.reject"' not in none.text
    rows = list(csv.DictReader(io.StringIO((await desk.http.get(
        "/admin/sites/news/audit/export.csv")).text)))  # fmt: skip
    assert [row["action"] for row in rows] == ["site.create", "role.add", "comment.reject"]
    lines = (await desk.http.get("/admin/sites/news/audit/export.jsonl")).text.splitlines()
    assert json.loads(lines[-1])["target_id"] == str(held["id"])


async def test_bad_filters_are_explained_and_other_sites_refused(app: FastAPI) -> None:
    await make_site(app, "news")
    await make_site(app, "sport")
    await make_staff(app, "Night Desk", "desk@news.example", sites=("news",))
    desk = await staff_client(app, "desk@news.example")
    bad = await desk.http.get("/admin/sites/news/audit?since=yesterday")
    assert bad.status_code == 400 and "since" in bad.text
    assert (await desk.http.get("/admin/sites/sport/audit")).status_code == 403
    assert (await desk.http.get("/admin/sites/sport/audit/export.csv")).status_code == 403
    assert (await desk.http.get("/admin/sites/sport/dsa/export.jsonl")).status_code == 403


def test_no_dashboard_route_writes_to_the_log(app: FastAPI) -> None:
    writes = [
        path
        for route in app.routes
        if "audit" in (path := str(getattr(route, "path", "")))
        and set(getattr(route, "methods", set())) - {"GET", "HEAD"}
    ]
    assert writes == []
