"""Discussion insight for staff (issue 18, ADR 0025): computed by a job, read by moderators.

`rejoinder.insight.analyse` is pure CPU work on plain values; this module feeds it a story's
comments (published, held and turned down, never tombstones; with their author's shown name,
likes, the moderation model's toxicity and whether they were flagged: held, rejected or
reported), runs it in a worker thread and keeps the answer in `story_insights`, as the API's
JSON.

When it runs: every comment change of a story (new, published, held, rejected, removed, edited,
reported) schedules the job `insight.story`, debounced: at most one job per story per
DEBOUNCE slot (the job key names the slot), due DEBOUNCE after the slot's first change, so a
busy story is recomputed about every DEBOUNCE seconds and a quiet one once after its last
change. A bulk import schedules each of its stories once at its end (no events there). The job
loads in one transaction, computes outside it (a `Delivery`: no database lock held for the
seconds 10,000 comments take) and stores in the transaction that ends the job.

A moderator may accept an inferred reply: the comment becomes a real reply of its inferred
parent (its depth, root and its parent's reply count kept as for a new reply), with an audit
entry `comment.reparent`, and the story's version moves so cached pages change. Accepted
comments are remembered with the insight, so the page still counts as flat for the next
inference (a page with real replies gets none).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import CommentStatus
from rejoinder.domain.errors import BadRequest, Conflict, NotFound
from rejoinder.domain.events import (
    CommentEdited,
    CommentEvent,
    CommentHeld,
    CommentPublished,
    CommentRejected,
    CommentRemoved,
    ReportFiled,
)
from rejoinder.domain.principal import Principal
from rejoinder.insight.model import Insight, InsightComment
from rejoinder.moderation.site_head import ADJUSTED
from rejoinder.services import access, audit, events, jobs, stories
from rejoinder.services.after_commit import after_commit
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Comment, Site, Story
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import insights as insight_repo
from rejoinder.storage.repositories import stories as story_repo

JOB = "insight.story"
DEBOUNCE = timedelta(seconds=30)
FLAGGED_STATUSES = frozenset({CommentStatus.PENDING.value, CommentStatus.REJECTED.value})
TRIGGERS: tuple[type[CommentEvent], ...] = (
    CommentPublished, CommentHeld, CommentRejected, CommentRemoved, CommentEdited, ReportFiled,
)  # fmt: skip


@dataclass(frozen=True)
class StoryInsightView:
    """A story's insight as staff read it."""

    site: Site
    story: Story
    payload: dict[str, Any]  # the API's JSON: viewpoints, temperature, questions, replies...
    computed_at: datetime
    story_version: int  # the version it was computed at; `story.version` is the current one
    accepted_ids: frozenset[int]
    stored: bool  # False: computed for this request, no job has stored one yet

    @property
    def stale(self) -> bool:
        return self.story.version > self.story_version


@dataclass(frozen=True)
class Loaded:
    story_id: int
    site_id: int
    version: int
    comments: list[InsightComment]


@dataclass(frozen=True)
class Computed:
    story_key: str
    insight: Insight
    seconds: float


# --- scheduling ---------------------------------------------------------------------------


async def schedule(
    session: AsyncSession, rt: Runtime, story_id: int, delay: timedelta = DEBOUNCE
) -> bool:
    """Queue the story's insight job with this transaction, once per DEBOUNCE slot: one
    statement per slot and process, none for the slot's later posts (services/known_jobs.py)."""
    slot = int(rt.now().timestamp() // DEBOUNCE.total_seconds())
    key = f"{JOB}:{story_id}@{slot}"
    if key in rt.job_keys:
        return False
    added = await jobs.enqueue(session, rt, JOB, {"story_id": story_id}, key=key, delay=delay)
    if added:
        after_commit(session, partial(rt.job_keys.add, key))
    else:
        rt.job_keys.add(key)
    return added


async def _changed(session: AsyncSession, rt: Runtime, event: CommentEvent) -> None:
    """In the change's transaction: one INSERT ... ON CONFLICT DO NOTHING is all insight costs
    a post (no job per event; the debounced job is the story's)."""
    await schedule(session, rt, event.story_id)


for _trigger in TRIGGERS:
    events.in_transaction(_trigger)(_changed)


# --- computing ----------------------------------------------------------------------------


def _toxicity(moderation: dict[str, Any]) -> float | None:
    scores = moderation.get("scores") if isinstance(moderation, dict) else None
    score = scores.get(ADJUSTED) if isinstance(scores, dict) else None
    return float(score) if isinstance(score, int | float) else None


async def load(session: AsyncSession, story: Story) -> Loaded:
    """The story's comments as insight reads them. Comments a moderator hung under an inferred
    parent are given without it, so the page reads as flat as it was imported."""
    stored = await insight_repo.get(session, story.id)
    accepted = set(stored.accepted_ids) if stored is not None else set()
    reported = await insight_repo.reported_ids(session, story.id)
    rows = await insight_repo.story_comments(session, story.id)
    comments = [
        InsightComment(
            id=row.id,
            parent_id=None if row.id in accepted else row.parent_id,
            author=row.author_name,
            text=row.body_src,
            created_at=row.created_at,
            like_count=row.like_count,
            toxicity=_toxicity(row.moderation),
            flagged=row.status in FLAGGED_STATUSES or row.id in reported,
        )
        for row in rows
    ]
    return Loaded(story.id, story.site_id, story.version, comments)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def payload_of(insight: Insight) -> dict[str, Any]:
    """The insight as the API answers it (and as it is stored): JSON values only."""
    plain: dict[str, Any] = _plain(asdict(insight))
    return plain


async def compute(loaded: Loaded) -> Insight:
    """`analyse` in a worker thread: CPU work that must not hold up the event loop."""
    # Imported here: scikit-learn takes most of a second to import, which every process that
    # starts (a server, a CLI command) would pay without ever computing an insight.
    from rejoinder.insight.analyse import analyse

    return await asyncio.to_thread(analyse, loaded.comments)


async def store(session: AsyncSession, rt: Runtime, loaded: Loaded, insight: Insight) -> None:
    """Keep the insight, unless the story went meanwhile (or a later one is kept already)."""
    if await story_repo.get_by_id(session, loaded.story_id) is None:
        return
    await insight_repo.save(
        session,
        {
            "story_id": loaded.story_id,
            "site_id": loaded.site_id,
            "computed_at": rt.now(),
            "comment_count": insight.comment_count,
            "story_version": loaded.version,
            "payload": payload_of(insight),
        },
    )


@jobs.job(JOB, max_attempts=3)
async def _story_job(
    session: AsyncSession, _rt: Runtime, payload: jobs.Payload
) -> jobs.Delivery | None:
    story = await story_repo.get_by_id(session, int(payload["story_id"]))
    if story is None:
        return None  # deleted since
    loaded = await load(session, story)

    async def deliver() -> jobs.Record:
        insight = await compute(loaded)

        async def record(session: AsyncSession, rt: Runtime) -> None:
            await store(session, rt, loaded, insight)

        return record

    return deliver


async def compute_site(
    session: AsyncSession, rt: Runtime, site_slug: str, story_key: str | None = None
) -> list[Computed]:
    """Compute and store now (the operator's `rejoinder insight compute`, the demo's setup):
    one story, or every story of the site."""
    site = await access.access_site(session, site_slug)
    if story_key is None:
        chosen = await story_repo.all_in_site(session, site.id)
    else:
        chosen = [await _story_of(session, site, story_key)]
    done = []
    for story in chosen:
        started = time.perf_counter()
        loaded = await load(session, story)
        insight = await compute(loaded)
        await store(session, rt, loaded, insight)
        done.append(Computed(story.key, insight, time.perf_counter() - started))
    return done


# --- reading and accepting, for staff -----------------------------------------------------


async def _story_of(session: AsyncSession, site: Site, story_key: str) -> Story:
    story = await story_repo.get_by_key(session, site.id, story_key)
    if story is None:
        raise NotFound(f"There is no story '{story_key}' on site '{site.slug}'.")
    return story


async def _staff_story(
    session: AsyncSession, site_slug: str, story_key: str, principal: Principal
) -> tuple[Site, Story]:
    """The site (its moderator, or an admin, asking) and the story of the key."""
    site = await access.access_site_as_moderator(session, site_slug, principal)
    return site, await _story_of(session, site, story_key)


async def read(
    session: AsyncSession, rt: Runtime, site_slug: str, story_key: str, principal: Principal
) -> StoryInsightView:
    """The story's stored insight; computed now (not stored: a read writes nothing) when no job
    has stored one yet."""
    site, story = await _staff_story(session, site_slug, story_key, principal)
    row = await insight_repo.get(session, story.id)
    if row is not None:
        return StoryInsightView(
            site, story, row.payload, row.computed_at, row.story_version,
            frozenset(row.accepted_ids), stored=True,
        )  # fmt: skip
    loaded = await load(session, story)
    insight = await compute(loaded)
    return StoryInsightView(
        site, story, payload_of(insight), rt.now(), loaded.version, frozenset(), stored=False
    )


async def _suggestions(
    session: AsyncSession, rt: Runtime, story: Story
) -> tuple[dict[int, dict[str, Any]], list[int]]:
    """(inferred reply per comment id, accepted ids), computed and stored now if none is."""
    row = await insight_repo.get(session, story.id)
    if row is None:
        loaded = await load(session, story)
        await store(session, rt, loaded, await compute(loaded))
        row = await insight_repo.get(session, story.id)
        assert row is not None
    replies = row.payload.get("inferred_replies") or []
    return {int(r["comment_id"]): r for r in replies}, list(row.accepted_ids)


async def _parent_in_story(
    session: AsyncSession, site: Site, story: Story, comment: Comment, parent_id: int
) -> Comment:
    """An earlier comment of the same story, not the comment itself nor one of its replies."""
    parent = await comment_repo.get_in_site(session, site.id, parent_id)
    if parent is None or parent.story_id != story.id:
        raise BadRequest(f"Comment {parent_id} is not a comment of this story.")
    if parent.id == comment.id or parent.root_id == comment.id:
        raise BadRequest("A comment cannot answer itself or one of its own replies.")
    if (parent.created_at, parent.id) >= (comment.created_at, comment.id):
        raise BadRequest(f"Comment {parent_id} came after comment {comment.id}: not its parent.")
    return parent


def _check_applies(comment: Comment, parent: Comment, suggested: dict[str, Any] | None) -> float:
    """Conflict unless the suggestion still stands; its confidence."""
    if comment.parent_id is not None:
        raise Conflict(f"Comment {comment.id} already answers comment {comment.parent_id}.")
    if CommentStatus.DELETED.value in (comment.status, parent.status):
        raise Conflict("The comment or its parent was deleted: the suggestion no longer applies.")
    if suggested is None or suggested.get("parent_id") != parent.id:
        raise Conflict(
            f"The insight no longer suggests that comment {comment.id} answers comment "
            f"{parent.id}: read it again."
        )
    return float(suggested.get("confidence") or 0.0)


async def accept_reply(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    story_key: str,
    comment_id: int,
    parent_id: int,
    principal: Principal,
) -> Comment:
    """Make the inferred reply a real one: `comment_id` answers `parent_id` from now on."""
    site, story = await _staff_story(session, site_slug, story_key, principal)
    comment = await access.access_comment_in_site(session, site, comment_id)
    if comment.story_id != story.id:
        raise NotFound(f"There is no comment {comment_id} on story '{story_key}'.")
    parent = await _parent_in_story(session, site, story, comment, parent_id)
    suggestions, accepted = await _suggestions(session, rt, story)
    confidence = _check_applies(comment, parent, suggestions.get(comment.id))
    await insight_repo.hang_under(session, comment, parent)
    if comment.status == CommentStatus.PUBLISHED:
        await comment_repo.add_to_counter(session, parent.id, replies=1)
    await stories.record_change(session, rt, story.id, 0)
    await insight_repo.set_accepted(session, story.id, [*accepted, comment.id])
    await audit.record(
        session, rt, site_id=site.id, actor=audit.actor_of(principal), action="comment.reparent",
        target_type="comment", target_id=comment.id, before={"parent_id": None},
        after={"parent_id": parent.id, "confidence": confidence, "story": story.key},
    )  # fmt: skip
    return comment


# --- the dashboard's page ------------------------------------------------------------------

RECOMPUTE_NOW_MAX = 2_000  # a larger story is recomputed by the job, not in the request


@dataclass(frozen=True)
class InsightPage:
    """A story's insight with the comments it names, for the dashboard's page."""

    view: StoryInsightView
    comments: dict[int, InsightComment]  # every comment insight read, by id


async def read_page(
    session: AsyncSession, rt: Runtime, site_slug: str, story_key: str, principal: Principal
) -> InsightPage:
    """`read`, and the story's comments (author, text, time) that its ids name."""
    view = await read(session, rt, site_slug, story_key, principal)
    loaded = await load(session, view.story)
    return InsightPage(view, {comment.id: comment for comment in loaded.comments})


async def recompute(
    session: AsyncSession, rt: Runtime, site_slug: str, story_key: str, principal: Principal
) -> bool:
    """A moderator asks for it again: computed and stored now (True), or, for a story of more
    than RECOMPUTE_NOW_MAX comments, its job queued without delay (False)."""
    _site, story = await _staff_story(session, site_slug, story_key, principal)
    loaded = await load(session, story)
    if len(loaded.comments) > RECOMPUTE_NOW_MAX:
        await schedule(session, rt, story.id, delay=timedelta(0))
        return False
    await store(session, rt, loaded, await compute(loaded))
    return True


def summary_line(done: Computed) -> str:
    insight = done.insight
    linked = sum(1 for r in insight.inferred_replies if r.parent_id is not None)
    return (
        f"{done.story_key}: {insight.comment_count} comments, {len(insight.viewpoints)} "
        f"viewpoints, {len(insight.temperature)} intervals, {len(insight.questions)} questions, "
        f"{linked} inferred replies, {done.seconds:.2f} s"
    )
