"""The moderator's first page of a queue of 1,000 held comments, riskiest first (issue 12:
under 100 ms server time), on SQLite and PostgreSQL.

Run: `.venv/bin/python -m bench.queue_page`. The comments are bulk-inserted with scores, reasons,
risks and reports as the pipeline would leave them; the page is requested in-process through the
whole app (sign-in cookie, CSRF, services, queries, Jinja2), so the time is the server's own.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench._harness import report
from rejoinder.app import create_app
from rejoinder.config import Settings
from rejoinder.domain.enums import AccountRole
from rejoinder.domain.risk import Judged, when_judged
from rejoinder.services import sites, user_admin
from rejoinder.storage.db import create_engine, session_factory
from rejoinder.storage.migrate import upgrade
from rejoinder.storage.models import Comment, Report, Story

HELD = 1_000
ROUNDS = 30
PG_SERVER = "postgresql+asyncpg://postgres@127.0.0.1:5432"
PASSWORD = "bench password for the night desk"


def _comment(n: int, story_id: int, start: datetime) -> dict[str, object]:
    score = (n * 37 % 100) / 100
    judged = when_judged(Judged(scores={"toxicity": score, "insult": score / 2}, rule_codes=[]))
    reason = {
        "phase": "model",
        "code": "toxicity",
        "message": f"The model rates this {score:.2f}",
        "details": {"score": score, "words": ["idiot", "liar"]},
    }
    return {
        "site_id": 1,
        "story_id": story_id,
        "author_name": f"reader{n % 97}",
        "author_key": f"{n % 97:064x}",
        "body_src": f"Comment {n}: you are an idiot and a liar, and this policy is wrong.",
        "body_html": f"<p>Comment {n}: you are an idiot and a liar, and this policy is wrong.</p>",
        "status": "pending",
        "moderation": {
            "action": "hold",
            "reasons": [reason],
            "scores": {"toxicity": score},
            "risk": judged.to_json(),
        },
        "risk": judged.value,
        "created_at": start + timedelta(seconds=n),
    }


async def _seed(maker: async_sessionmaker[AsyncSession], app_runtime: object) -> None:
    start = datetime(2026, 12, 1, tzinfo=UTC)
    async with maker() as session:
        await sites.create(session, "news", "News", ["https://news.example"], {})
        session.add(Story(site_id=1, key="story", url="https://news.example/s", title="A story"))
        await session.flush()
        await session.execute(insert(Comment), [_comment(n, 1, start) for n in range(HELD)])
        await session.execute(
            insert(Report),
            [
                {
                    "site_id": 1,
                    "comment_id": n,
                    "reader_key": f"r{n}",
                    "reason": "abuse",
                    "detail": "rude",
                    "created_at": start,
                }
                for n in range(1, HELD, 10)
            ],
        )
        new = user_admin.NewUser(
            "Night Desk", AccountRole.MODERATOR, "desk@news.example", PASSWORD, ("news",)
        )
        await user_admin.create_user(session, app_runtime, new)  # type: ignore[arg-type]
        await session.commit()


async def _measure(database: str, url: str, work: Path) -> dict[str, object]:
    settings = Settings(database_url=url, data_dir=work, secret_key="bench", run_worker=False)
    app = create_app(settings)
    await upgrade(app.state.engine)
    await _seed(session_factory(app.state.engine), app.state.runtime)
    own = "http://bench"
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=own) as http:
        signed = await http.post(
            "/admin/login",
            headers={"origin": own},
            data={"email": "desk@news.example", "password": PASSWORD},
        )
        assert signed.status_code == 303, signed.text
        timings = []
        for round_ in range(ROUNDS + 3):
            started = time.perf_counter()
            page = await http.get("/admin/sites/news/queues/pending")
            elapsed = (time.perf_counter() - started) * 1000
            assert page.status_code == 200 and page.text.count('class="item"') == 50
            if round_ >= 3:  # the first requests warm the caches and the templates
                timings.append(elapsed)
    await app.state.shutdown()
    timings.sort()
    return {
        "database": database,
        "held": HELD,
        "items_on_page": 50,
        "median_ms": statistics.median(timings),
        "p95_ms": timings[int(len(timings) * 0.95) - 1],
        "target_ms": 100.0,
    }


async def _postgres() -> tuple[str, str]:
    name = f"bench_queue_{uuid.uuid4().hex[:8]}"
    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    await admin.dispose()
    return name, f"{PG_SERVER}/{name}"


async def _drop(name: str) -> None:
    admin = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


async def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as work:
        rows.append(await _measure("sqlite", f"sqlite+aiosqlite:///{work}/bench.db", Path(work)))
        name, url = await _postgres()
        try:
            rows.append(await _measure("postgresql", url, Path(work)))
        finally:
            await _drop(name)
    report("queue_page", rows, {"rounds": ROUNDS, "what": "GET /admin/sites/news/queues/pending"})


if __name__ == "__main__":
    asyncio.run(main())
