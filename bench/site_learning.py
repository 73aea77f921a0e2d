"""Replay: a newsroom whose moderators reject a kind of comment the base model lets through.

The simulated site `newsroom` gets news comments in time order, day by day, through the real
API (an in-process app on SQLite, its real worker and jobs): civil ones (Fox News comments
labelled not hateful, HateXplain "normal" posts) and the kind its moderators reject, toxic
Civil Comments from Toxic Spans (tsd_train) that the base model publishes (every category
under its threshold). Three moderators decide every comment through the moderation API; after
each day the periodic job runs (`site_learning.scan` → `site_learning.train`). A second site,
`wire`, gets other comments and moderators who reject only what the base model already holds;
a third, `control`, gets the newsroom's later comments without any decision of its own.

Reported: AUC of the toxicity score on the newsroom's later decisions (the second half of the
days) with the base model alone and as posted (with the site model active then); the share of
each outcome held at the threshold; each version's held-out figures (refused ones with the
reasons); and that `control`'s scores are the base model's to the last digit.

Run: .venv/bin/python bench/site_learning.py [--mode fast|accurate] [--days 8] [--per-day 200]
(writes bench/results/site_learning.json; site_learning_<mode>.json for another mode)
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import asyncio
import csv
import logging
import platform
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

import httpx  # noqa: E402
from sqlalchemy import select  # noqa: E402

from bench._harness import report  # noqa: E402
from rejoinder.app import create_app  # noqa: E402
from rejoinder.config import Settings  # noqa: E402
from rejoinder.domain.rate_limits import DEFAULT_LIMITS  # noqa: E402
from rejoinder.moderation.evaluation.metrics import roc_auc  # noqa: E402
from rejoinder.moderation.scoring import load_default_model  # noqa: E402
from rejoinder.services import auth, sites  # noqa: E402
from rejoinder.services.worker import Worker  # noqa: E402
from rejoinder.storage.migrate import upgrade  # noqa: E402
from rejoinder.storage.models import Account, Comment, SiteModel, SiteRole  # noqa: E402
from rejoinder.storage.repositories import accounts as account_repo  # noqa: E402

# The copies the models were trained on, with their licences and READMEs (training/sources.py).
DATASETS = ROOT / "training" / "data"
ORIGIN = "https://news.example"
PHASES = ["length", "story_closed", "words", "slurs", "links", "model", "premoderation"]
SETTINGS = {"moderation": {"phases": PHASES, "nudge_enabled": False}}
_PLACEHOLDER = re.compile(r"<(?:user|number|url|percent|money|time|date)>")


@dataclass(frozen=True)
class Item:
    text: str
    rejected: bool


# --- the comments -------------------------------------------------------------------------------


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def civil_pool() -> list[str]:
    fox = [r["text"] for r in _csv(DATASETS / "fox_news_comments/fox_news_comments.csv")]
    fox_labels = [r["label"] for r in _csv(DATASETS / "fox_news_comments/fox_news_comments.csv")]
    hatexplain = _csv(DATASETS / "hatexplain_majority/hatexplain_majority.csv")
    normal = [
        " ".join(_PLACEHOLDER.sub("", r["text"]).split())
        for r in hatexplain
        if r["label"] == "normal"
    ]
    civil = [t for t, label in zip(fox, fox_labels, strict=True) if label == "0"]
    return [t for t in civil + normal if len(t) >= 20]


def let_through(texts: list[str], mode: str, wanted: int) -> list[str]:
    """Toxic Spans comments the base model publishes: no category at its threshold."""
    model = load_default_model(mode)  # type: ignore[arg-type]
    found: list[str] = []
    for start in range(0, len(texts), 200):
        batch = texts[start : start + 200]
        for text, scores in zip(batch, model.scores_many(batch), strict=True):
            if not model.flags(scores):
                found.append(text)
        if len(found) >= wanted:
            break
    return found[:wanted]


def caught(texts: list[str], mode: str, wanted: int) -> list[str]:
    """Comments the base model itself holds (for `wire`, whose line is the base model's)."""
    model = load_default_model(mode)  # type: ignore[arg-type]
    return [t for t, s in zip(texts, model.scores_many(texts), strict=True) if model.flags(s)][
        :wanted
    ]


def streams(mode: str, total: int, rejected_share: float, seed: int) -> dict[str, list[Item]]:
    rng = random.Random(seed)
    civil = civil_pool()
    rng.shuffle(civil)
    tsd = [r["text"] for r in _csv(DATASETS / "toxic_spans_civil_comments/tsd_train.csv")]
    rng.shuffle(tsd)
    n_rejected = round(total * rejected_share)
    kind = let_through(tsd, mode, n_rejected)
    newsroom = [Item(t, True) for t in kind] + [Item(t, False) for t in civil[: total - len(kind)]]
    rng.shuffle(newsroom)
    wire_total = total // 2
    rest = civil[total - len(kind) :]
    toxic = caught(tsd[-3000:], mode, round(wire_total * rejected_share))
    wire = [Item(t, True) for t in toxic] + [
        Item(t, False) for t in rest[: wire_total - len(toxic)]
    ]
    rng.shuffle(wire)
    return {"newsroom": newsroom, "wire": wire}


# --- the replay -----------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 6, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


async def moderators(app: Any, site: str, count: int) -> list[str]:
    tokens = []
    async with app.state.sessions() as session:
        site_row = next(s for s in await sites.all_sites(session) if s.slug == site)
        for n in range(count):
            created = datetime.now(UTC) - timedelta(days=90)
            account = await account_repo.add(
                session, Account(display_name=f"{site} desk {n}", role="reader", created_at=created)
            )
            session.add(SiteRole(site_id=site_row.id, account_id=account.id, role="moderator"))
            tokens.append((await auth.open_session(session, app.state.runtime, account)).token)
        await session.commit()
    return tokens


async def post_and_decide(app: Any, site: str, item: Item, n: int, desk: list[str] | None) -> int:
    transport = httpx.ASGITransport(
        app=app, client=(f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}", 4000)
    )
    async with httpx.AsyncClient(
        transport=transport, base_url="http://bench", headers={"origin": ORIGIN}
    ) as reader:
        answer = await reader.post(
            f"/api/v1/sites/{site}/stories/day/comments",
            json={"body": item.text, "author_name": "Reader", "story_url": f"{ORIGIN}/day"},
        )
        assert answer.status_code in (201, 202), answer.text
        comment_id: int = answer.json()["id"]
        if desk is not None:
            verdict = "reject" if item.rejected else "approve"
            decided = await reader.post(
                f"/api/v1/sites/{site}/moderation/comments/{comment_id}",
                json={"action": verdict},
                headers={"authorization": f"Bearer {desk[n % len(desk)]}"},
            )
            assert decided.status_code == 200, decided.text
    return comment_id


async def stored(app: Any, ids: list[int]) -> dict[int, dict[str, Any]]:
    async with app.state.sessions() as session:
        rows = await session.execute(
            select(Comment.id, Comment.moderation).where(Comment.id.in_(ids))
        )
        return {i: m for i, m in rows}


def base_and_site(moderation: dict[str, Any]) -> tuple[float, float, int | None]:
    site = float(moderation["scores"]["toxicity"])
    used = moderation.get("site_model") or {}
    return site - float(used.get("shift", 0.0)), site, used.get("version")


async def replay(args: argparse.Namespace) -> dict[str, Any]:
    data = streams(args.mode, args.days * args.per_day, args.rejected_share, args.seed)
    work = Path(tempfile.mkdtemp(prefix="rejoinder-site-learning-"))
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{work / 'bench.db'}",
        data_dir=work,
        secret_key="bench-secret",
        moderation_mode=args.mode,
        rate_limits={name: "10000000/60" for name in DEFAULT_LIMITS},
    )
    app = create_app(settings)
    clock = Clock()
    app.state.runtime = replace(app.state.runtime, clock=clock)
    worker = Worker(app.state.sessions, lambda: app.state.runtime, app.state.write_lock)
    try:
        await upgrade(app.state.engine)
        async with app.state.sessions() as session:
            for slug in ("newsroom", "wire", "control"):
                await sites.create(session, slug, slug.title(), [ORIGIN], SETTINGS)
            await session.commit()
        desks = {slug: await moderators(app, slug, 3) for slug in ("newsroom", "wire")}
        posted: dict[str, list[tuple[int, int, Item]]] = {"newsroom": [], "wire": []}
        started = time.perf_counter()
        for day in range(args.days):
            clock.now = datetime(2026, 12, 1, 6, tzinfo=UTC) + timedelta(days=day)
            for slug, items in data.items():
                share = len(items) // args.days
                for item in items[day * share : (day + 1) * share]:
                    clock.now += timedelta(seconds=20)
                    number = len(posted[slug]) + (0 if slug == "newsroom" else 500_000)
                    comment_id = await post_and_decide(app, slug, item, number, desks[slug])
                    posted[slug].append((day, comment_id, item))
            clock.now += timedelta(hours=1)
            await worker.run_due()  # the periodic scan and the training runs it queues
        # The newsroom's later texts on `control` (learning on, no decisions of its own): does
        # the newsroom's model reach there?
        later = [(d, i, item) for d, i, item in posted["newsroom"] if d >= args.days // 2]
        probes = [
            (await post_and_decide(app, "control", item, 900_000 + k, None), i)
            for k, (_d, i, item) in enumerate(later)
        ]
        elapsed = time.perf_counter() - started
        return await figures(app, args, posted, probes, elapsed)
    finally:
        await app.state.shutdown()


def auc_row(label: str, rows: list[tuple[float, float, int | None, bool]]) -> dict[str, Any]:
    labels = [r[3] for r in rows]
    hold = THRESHOLD["toxicity"]
    rejected = [r for r in rows if r[3]]
    approved = [r for r in rows if not r[3]]

    def held(group: list[tuple[float, float, int | None, bool]], column: int) -> str:
        scores = [r[0] if column == 0 else r[1] for r in group]
        return f"{sum(score >= hold for score in scores) / max(len(group), 1):.1%}"

    return {
        "decisions": label,
        "n (rejected)": f"{len(rows)} ({len(rejected)})",
        "AUC base": f"{roc_auc(labels, [r[0] for r in rows]):.3f}",
        "AUC as posted": f"{roc_auc(labels, [r[1] for r in rows]):.3f}",
        "rejected held base / posted": f"{held(rejected, 0)} / {held(rejected, 1)}",
        "approved held base / posted": f"{held(approved, 0)} / {held(approved, 1)}",
    }


THRESHOLD: dict[str, float] = {}


async def figures(
    app: Any,
    args: argparse.Namespace,
    posted: dict[str, list[tuple[int, int, Item]]],
    probes: list[tuple[int, int]],
    elapsed: float,
) -> dict[str, Any]:
    THRESHOLD.update(load_default_model(args.mode).thresholds)
    rows_by_site: dict[str, list[tuple[int, tuple[float, float, int | None, bool]]]] = {}
    for slug, items in posted.items():
        kept = await stored(app, [i for _d, i, _item in items])
        rows_by_site[slug] = [
            (day, (*base_and_site(kept[i]), item.rejected)) for day, i, item in items
        ]
    half = args.days // 2
    newsroom = rows_by_site["newsroom"]
    table = [
        auc_row(
            f"newsroom, days {half + 1}-{args.days} (later)", [r for d, r in newsroom if d >= half]
        ),
        auc_row(f"newsroom, days 1-{half} (earlier)", [r for d, r in newsroom if d < half]),
    ]
    per_day = [
        {**auc_row(f"newsroom day {day + 1}", [r for d, r in newsroom if d == day]),
         "versions in use": sorted({r[2] for d, r in newsroom if d == day and r[2] is not None})}
        for day in range(args.days)
    ]  # fmt: skip
    wire = rows_by_site["wire"]
    table.append(auc_row("wire, later (its own line)", [r for d, r in wire if d >= half]))
    # The base model's own scores, computed here as the pipeline computes them.
    model = load_default_model(args.mode)
    texts = {i: item.text for _d, i, item in posted["newsroom"]}
    probe_scores = await stored(app, [p for p, _ in probes])
    differences = [
        abs(
            float(probe_scores[p]["scores"]["toxicity"])
            - model.second_pass(texts[o], model.fast_scores(texts[o]))["toxicity"]
        )
        for p, o in probes
        if "site_model" not in probe_scores[p]
    ]
    async with app.state.sessions() as session:
        versions = [
            {
                "site": {1: "newsroom", 2: "wire"}.get(row.site_id, row.site_id),
                "version": row.version,
                "status": row.status,
                "decisions": row.figures.get("decisions"),
                **{f"held_out_{k}": v for k, v in row.figures.get("held_out", {}).items()},
                "refused_because": row.figures.get("refused_because"),
            }
            for row in (await session.execute(select(SiteModel).order_by(SiteModel.id))).scalars()
        ]
    return {
        "table": table,
        "per_day": per_day,
        "versions": versions,
        "control_probes": {
            "texts": len(probes),
            "with_a_site_model": len(probes) - len(differences),
            "max_abs_difference_from_base": max(differences, default=0.0),
        },
        "elapsed_seconds": round(elapsed, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", default="accurate", choices=["fast", "accurate", "thorough"])
    parser.add_argument("--days", type=int, default=8)
    parser.add_argument("--per-day", type=int, default=200)
    parser.add_argument("--rejected-share", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    logging.disable(logging.INFO)
    result = asyncio.run(replay(args))
    meta = {
        "mode": args.mode,
        "days": args.days,
        "per_day": args.per_day,
        "rejected_share": args.rejected_share,
        "seed": args.seed,
        "python": platform.python_version(),
        "when": datetime.now(UTC).isoformat(timespec="minutes"),
        **{k: result[k] for k in ("per_day", "versions", "control_probes", "elapsed_seconds")},
    }
    name = "site_learning" if args.mode == "accurate" else f"site_learning_{args.mode}"
    report(name, result["table"], meta)
    print()
    for row in result["per_day"]:
        print(" | ".join(str(v) for v in row.values()))
    print()
    for version in result["versions"]:
        print(version)
    print("control probes:", result["control_probes"], f"({result['elapsed_seconds']} s)")


if __name__ == "__main__":
    main()
