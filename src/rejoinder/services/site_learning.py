"""Learning each site's line from its moderators' decisions (docs/site-learning.md).

A periodic job (`site_learning.scan`, hourly) queues a training run (`site_learning.train`) for
every site that has the switch on (`moderation.site_learning`) and whose moderators made enough
new decisions since its last version, or whose base model changed. A run trains a small head
(moderation/site_head.py) on the earlier decisions and judges it on the latest ones; it becomes
the site's active version only if it beats the base model there, and the activation is audited.
Every run that met the minimums is kept as a version, active or refused, with its figures.

On the posting path `adjustment_for` hands the pipeline the site's active head: kept in this
process (`Runtime.site_heads`) and looked up again after a few seconds, so every process of an
install applies a new version within that delay.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.moderation import ModerationSettings, load_default_model
from rejoinder.moderation import site_head as heads
from rejoinder.moderation.scoring import ModerationModel
from rejoinder.services import audit, jobs
from rejoinder.services.after_commit import after_commit
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Site, SiteModel
from rejoinder.storage.repositories import site_models as repo
from rejoinder.storage.repositories import sites as site_repo

log = logging.getLogger(__name__)

SCAN_EVERY = timedelta(hours=1)
MIN_NEW_DECISIONS = 25  # a new version needs this many decisions its predecessor did not see
MAX_TRAINING_DECISIONS = 3000  # the most recent ones; bounds a run to a few seconds
TRAIN_JOB = "site_learning.train"
CEILING_MARGIN = 0.001  # a learnt raise stops this far under the reject threshold


def _settings(site: Site) -> ModerationSettings | None:
    try:
        return ModerationSettings.from_mapping(site.settings.get("moderation") or {})
    except ValueError:
        return None  # the pipeline reports broken settings; learning just stays out of it


def _model(rt: Runtime) -> ModerationModel:
    return load_default_model(rt.settings.moderation_mode)


def policy_for(settings: ModerationSettings, model: ModerationModel) -> heads.Policy:
    hold = settings.thresholds_for(heads.ADJUSTED).hold
    return heads.Policy(
        hold=hold if hold is not None else model.thresholds[heads.ADJUSTED],
        max_raise=settings.site_learning_max_raise,
        max_lower=settings.site_learning_max_lower,
        min_decisions=settings.site_learning_min_decisions,
    )


# --- the jobs ---------------------------------------------------------------------------------


@jobs.job("site_learning.scan", every=SCAN_EVERY)
async def scan(session: AsyncSession, rt: Runtime, _payload: jobs.Payload) -> None:
    """Queue a training run for each site that has new decisions to learn from."""
    fingerprint = heads.fingerprint(_model(rt).linear)
    for site in await site_repo.list_all(session):
        newest = await _due(session, site, fingerprint)
        if newest is not None:
            key = f"{TRAIN_JOB}:{site.id}:{newest}:{fingerprint}"
            await jobs.enqueue(session, rt, TRAIN_JOB, {"site_id": site.id}, key=key)


async def _due(session: AsyncSession, site: Site, fingerprint: str) -> int | None:
    """The newest decision id when the site should train again, else None."""
    settings = _settings(site)
    if settings is None or not settings.site_learning:
        return None
    newest = await repo.newest_decision(session, site.id)
    if newest is None:
        return None
    last = await repo.latest(session, site.id)
    if last is None or last.base_model != fingerprint:
        return newest
    fresh = await repo.count_decisions_after(session, site.id, last.decisions_through)
    return newest if fresh >= MIN_NEW_DECISIONS else None


@jobs.job(TRAIN_JOB, max_attempts=3)
async def train(session: AsyncSession, rt: Runtime, payload: jobs.Payload) -> None:
    """One training run for one site; looks at everything again (the job may be late)."""
    site = await site_repo.get(session, int(payload["site_id"]))
    settings = _settings(site) if site is not None else None
    if site is None or settings is None or not settings.site_learning:
        return
    model = _model(rt)
    rows = await repo.decided(session, site.id, MAX_TRAINING_DECISIONS)
    if not rows:
        return
    examples = [_example(row) for row in rows]
    policy = policy_for(settings, model)
    try:
        candidate = await asyncio.to_thread(heads.train_candidate, examples, model.linear, policy)
    except heads.NotEnoughDecisions as reason:
        log.info("Site %s does not learn yet: %s", site.slug, reason)
        return
    await _keep(session, rt, site, candidate, rows[-1].decision_id, len(rows))


def _example(row: repo.Decided) -> heads.Example:
    return heads.Example(
        text=row.text,
        rejected=row.rejected,
        moderator=row.actor,
        author=row.author_key,
        base_toxicity=base_toxicity(row.moderation),
    )


def base_toxicity(moderation: dict[str, Any]) -> float | None:
    """The pipeline's toxicity for the comment before any site model moved it."""
    scores = moderation.get("scores")
    if not isinstance(scores, dict) or not isinstance(scores.get(heads.ADJUSTED), int | float):
        return None
    used = moderation.get("site_model")
    shift = used.get("shift") if isinstance(used, dict) else None
    moved = float(shift) if isinstance(shift, int | float) else 0.0
    return min(1.0, max(0.0, float(scores[heads.ADJUSTED]) - moved))


async def _keep(
    session: AsyncSession,
    rt: Runtime,
    site: Site,
    candidate: heads.Candidate,
    decisions_through: int,
    decisions: int,
) -> SiteModel:
    last = await repo.latest(session, site.id)
    accepted = not candidate.refused
    previous = await repo.retire_active(session, site.id) if accepted else None
    row = await repo.add(
        session,
        SiteModel(
            site_id=site.id,
            version=(last.version if last else 0) + 1,
            status=repo.ACTIVE if accepted else repo.REFUSED,
            base_model=candidate.head.base_model,
            decisions_through=decisions_through,
            figures={**candidate.figures, "decisions": decisions},
            weights=candidate.head.to_bytes(),
            created_at=rt.now(),
            activated_at=rt.now() if accepted else None,
        ),
    )
    if accepted:
        await _audit_activation(session, rt, site, row, previous, candidate.evaluation)
        after_commit(session, lambda: rt.site_heads.forget(site.id))
    return row


async def _audit_activation(
    session: AsyncSession,
    rt: Runtime,
    site: Site,
    row: SiteModel,
    previous: int | None,
    evaluation: heads.Evaluation,
) -> None:
    figures = evaluation.to_json()
    await audit.record(
        session,
        rt,
        site_id=site.id,
        actor=audit.SYSTEM,
        action="site_model.activate",
        target_type="site_model",
        target_id=row.version,
        before={"version": previous},
        after={"version": row.version, **figures},
        reason=(
            f"On the site's {figures['decisions']} latest decisions it scores AUC "
            f"{figures['auc_site']} against the base model's {figures['auc_base']}."
        ),
    )


# --- the posting path -------------------------------------------------------------------------


async def adjustment_for(
    session: AsyncSession, rt: Runtime, site: Site, settings: ModerationSettings
) -> heads.SiteAdjustment | None:
    """The site's active head for one evaluation, or None (switched off, none yet, or learnt
    over another base model)."""
    if not settings.site_learning:
        return None
    linear = _model(rt).linear
    cached = await _cached_head(session, rt, site.id)
    if cached.head is None or cached.head.base_model != heads.fingerprint(linear):
        return None
    reject = settings.thresholds_for(heads.ADJUSTED).reject
    return heads.SiteAdjustment(
        head=cached.head,
        version=cached.version,
        linear=linear,
        max_raise=settings.site_learning_max_raise,
        max_lower=settings.site_learning_max_lower,
        ceiling=reject - CEILING_MARGIN if reject is not None else 1.0,
    )


async def _cached_head(session: AsyncSession, rt: Runtime, site_id: int) -> heads.CachedHead:
    now = rt.now().timestamp()
    fresh = rt.site_heads.fresh(site_id, now)
    if fresh is not None:
        return fresh
    ref = await repo.active_ref(session, site_id)
    known = rt.site_heads.known(site_id)
    if known is not None and ref is not None and known.model_id == ref[0]:
        entry = heads.CachedHead(now, known.model_id, known.version, known.head)
    else:
        entry = await _load(session, now, ref)
    rt.site_heads.store(site_id, entry)
    return entry


async def _load(session: AsyncSession, now: float, ref: tuple[int, int] | None) -> heads.CachedHead:
    row = await repo.get(session, ref[0]) if ref is not None else None
    if row is None:
        return heads.CachedHead(now, None, 0, None)
    try:
        head = heads.SiteHead.from_bytes(row.weights, row.base_model)
    except ValueError as error:  # a damaged row must not stop anyone posting
        log.error("Site model %s v%s is unusable: %s", row.site_id, row.version, error)
        head = None
    return heads.CachedHead(now, row.id, row.version, head)


# --- what staff and the benchmark read ----------------------------------------------------------


async def versions(session: AsyncSession, site: Site) -> list[dict[str, Any]]:
    """Every version of the site's head, oldest first, with its figures (never the weights)."""
    return [
        {
            "version": row.version,
            "status": row.status,
            "base_model": row.base_model,
            "decisions_through": row.decisions_through,
            "created_at": row.created_at,
            "activated_at": row.activated_at,
            "figures": row.figures,
        }
        for row in await repo.versions(session, site.id)
    ]
