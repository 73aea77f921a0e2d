"""Statements of reasons (EU DSA Art. 17): made for every rejection, kept in the Transparency
Database's own format (domain/dsa.py, ADR 0013), mailed to the author, exported (Art. 24(5)).

A moderator's rejection carries the moderator's grounds, or the site's terms when none are
given; the pipeline's rejections (an event handler, after commit) carry the site's terms and the
checks that found the comment. The author is mailed only at a confirmed address: an account's
verified email. A guest's address is never confirmed (it is kept for moderators only), so guests
get no mail (SECURITY 19). Notices and their senders are `services/dsa_notices.py`.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, time
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain import dsa
from rejoinder.domain.enums import CommentStatus, DecisionAction, ReportReason
from rejoinder.domain.errors import Invalid
from rejoinder.domain.events import CommentEvent, CommentRejected, CommentRemoved
from rejoinder.domain.principal import Principal
from rejoinder.domain.site_settings import DsaSettings
from rejoinder.i18n import locales
from rejoinder.i18n.dsa import Translate, translator
from rejoinder.services import access, events, jobs, mail
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Comment, DsaStatement, ModerationDecision, Site
from rejoinder.storage.repositories import accounts as account_repo
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import decisions as decision_repo
from rejoinder.storage.repositories import dsa_statements as statement_repo
from rejoinder.storage.repositories import reports as report_repo
from rejoinder.storage.repositories import sites as site_repo

STATEMENT_MAIL_JOB = "dsa.statement_mail"


def settings_of(site: Site) -> DsaSettings:
    return access.settings_of(site).dsa


def terms_grounds(site: Site, explanation: str, category: dsa.Category) -> dsa.Grounds:
    """The grounds of a rejection that names none: the site's comment rules."""
    return dsa.Grounds(
        dsa.DecisionGround.INCOMPATIBLE_CONTENT,
        f"The comment rules of {site.name}",
        explanation,
        category,
    )


def _detections(decisions: list[ModerationDecision]) -> list[dict[str, Any]]:
    """The reasons of the pipeline's own decisions that came from looking at the content."""
    return [
        reason
        for decision in decisions
        if decision.actor == "system"
        for reason in decision.reasons
        if reason.get("phase") in dsa.DETECTION_PHASES
    ]


async def _source_type(session: AsyncSession, comment: Comment, at: datetime) -> dsa.SourceType:
    reasons = await report_repo.reasons_before(session, comment.id, at)
    if ReportReason.ILLEGAL in reasons:
        return dsa.SourceType.ARTICLE_16
    return dsa.SourceType.OTHER_NOTIFICATION if reasons else dsa.SourceType.VOLUNTARY


_HOW = {
    dsa.SourceType.ARTICLE_16: "after a reader's notice of illegal content (Art. 16 DSA)",
    dsa.SourceType.OTHER_NOTIFICATION: "after a reader reported it",
    dsa.SourceType.VOLUNTARY: "on the site's own initiative",
}


def _facts(site: Site, source: dsa.SourceType, detected: bool, automated: bool) -> str:
    """What happened, in words fit for a public database: no names, addresses nor comment text."""
    if automated:
        return (
            f"A reader comment on {site.name} was rejected by the site's automated moderation "
            "checks, without review by a person."
        )
    flagged = ", which the site's automated checks had flagged," if detected else ""
    return (
        f"A reader comment on {site.name}{flagged} was reviewed by a moderator {_HOW[source]} "
        "and removed."
    )


async def make_statement(
    session: AsyncSession,
    rt: Runtime,
    site: Site,
    comment: Comment,
    decision: ModerationDecision,
    grounds: dsa.Grounds,
    *,
    automated: bool,
) -> DsaStatement:
    """Store the statement of a decision that removed `comment` and queue its mail; one per
    decision (a job that runs twice finds the first)."""
    existing = await statement_repo.for_decision(session, decision.id)
    if existing is not None:
        return existing
    now = rt.now()
    detected = automated or bool(_detections(await decision_repo.for_comment(session, comment.id)))
    source = dsa.SourceType.VOLUNTARY if automated else await _source_type(session, comment, now)
    settings = settings_of(site)
    statement = dsa.build_statement(
        dsa.StatementFacts(
            puid=dsa.puid_for(site.slug, decision.id, secrets.token_hex(6)),
            grounds=grounds,
            facts=_facts(site, source, detected, automated),
            content_date=comment.created_at.astimezone(UTC).date(),
            application_date=now.astimezone(UTC).date(),
            source_type=source,
            automated_detection=detected,
            automated_decision=(
                dsa.AutomatedDecision.FULLY if automated else dsa.AutomatedDecision.NOT_AUTOMATED
            ),
            territorial_scope=tuple(settings.territorial_scope),
            content_language=settings.language,
        )
    )
    problems = dsa.statement_problems(statement)
    if problems:
        raise Invalid(f"The statement of reasons would not be accepted: {' '.join(problems)}")
    row = await statement_repo.add(
        session,
        DsaStatement(
            site_id=site.id,
            comment_id=comment.id,
            decision_id=decision.id,
            puid=statement["puid"],
            statement=statement,
            created_at=now,
        ),
    )
    await jobs.enqueue(
        session, rt, STATEMENT_MAIL_JOB, {"statement_id": row.id}, key=f"dsa.statement:{row.id}"
    )
    return row


# --- the pipeline's own rejections -----------------------------------------------------------


def _automated_grounds(site: Site, found: list[dict[str, Any]]) -> dsa.Grounds:
    checks = "; ".join(sorted({f"{r.get('phase')}: {r.get('code')}" for r in found}))
    return terms_grounds(
        site,
        f"The site's automated moderation checks found the comment against its rules ({checks}).",
        dsa.automated_category({str(r.get("code")) for r in found}),
    )


async def _statement_for_automated_rejection(
    session: AsyncSession, rt: Runtime, event: CommentEvent
) -> None:
    """A comment the pipeline rejected by itself (a new post, or an edit) gets its statement,
    with automated detection and decision; a moderator's rejection has its own (`decide`)."""
    comment = await comment_repo.get(session, event.comment_id)
    if comment is None or comment.status != CommentStatus.REJECTED:
        return
    if comment.import_key is not None:
        return  # an archive brought in from elsewhere: history, not a reader's post here
    decisions = await decision_repo.for_comment(session, comment.id)
    latest = decisions[-1] if decisions else None
    if latest is None or latest.actor != "system" or latest.action != DecisionAction.REJECT:
        return
    found = _detections([latest])
    site = await site_repo.get(session, comment.site_id)
    if not found or site is None:
        return  # closed story, too long...: not a decision about what the comment says
    grounds = _automated_grounds(site, found)
    await make_statement(session, rt, site, comment, latest, grounds, automated=True)


@events.on(CommentRejected, "dsa.automated_rejection")
async def _on_rejected(session: AsyncSession, rt: Runtime, event: CommentRejected) -> None:
    await _statement_for_automated_rejection(session, rt, event)


@events.on(CommentRemoved, "dsa.automated_removal")
async def _on_removed(session: AsyncSession, rt: Runtime, event: CommentRemoved) -> None:
    await _statement_for_automated_rejection(session, rt, event)  # an edit, rejected


# --- the statement, mailed to its author ------------------------------------------------------


def ground_text(t: Translate, statement: dict[str, Any]) -> str:
    if statement.get("decision_ground") == dsa.DecisionGround.ILLEGAL_CONTENT:
        return t(
            "ground_illegal",
            reference=statement.get("illegal_content_legal_ground", ""),
            explanation=statement.get("illegal_content_explanation", ""),
        )
    return t(
        "ground_terms",
        reference=statement.get("incompatible_content_ground", ""),
        explanation=statement.get("incompatible_content_explanation", ""),
    )


def redress_text(t: Translate, settings: DsaSettings) -> str:
    """Where a decision can be contested (Art. 17(3)(f)): the site's own ways, then the law's."""
    lines = [t("redress_intro")]
    if settings.redress_url:
        lines.append(t("redress_url", url=settings.redress_url))
    if settings.contact_email:
        lines.append(t("redress_email", email=settings.contact_email))
    return "".join([*lines, t("redress_always")])


def _statement_mail(
    site: Site, comment: Comment, name: str, language: str | None, row: DsaStatement
) -> tuple[str, str]:
    code = locales.language(language or settings_of(site).language)
    t = translator(code)
    statement = row.statement
    automated = statement.get("automated_decision") == dsa.AutomatedDecision.FULLY
    body = t(
        "statement_body",
        name=name,
        comment=comment.id,
        site=site.name,
        content_date=locales.day(str(statement.get("content_date", "")), code),
        application_date=locales.day(str(statement.get("application_date", "")), code),
        ground=ground_text(t, statement),
        facts=statement.get("decision_facts"),
        detection=t(
            "detected_yes" if statement.get("automated_detection") == dsa.YES else "detected_no"
        ),
        decision=t("decided_automatically" if automated else "decided_by_person"),
        redress=redress_text(t, settings_of(site)),
        puid=row.puid,
    )
    return t("statement_subject", site=site.name, puid=row.puid), body


@jobs.job(STATEMENT_MAIL_JOB, max_attempts=12)
async def _mail_statement(
    session: AsyncSession, rt: Runtime, payload: jobs.Payload
) -> jobs.Delivery | None:
    """The job: the author of the removed comment, at a confirmed address only."""
    row = await statement_repo.get(session, int(payload["statement_id"]))
    comment = await comment_repo.get(session, row.comment_id) if row and row.comment_id else None
    if row is None or comment is None or comment.author_account_id is None:
        return None  # gone, or a guest's comment: a guest's address is never confirmed
    account = await account_repo.get(session, comment.author_account_id)
    site = await site_repo.get(session, row.site_id)
    if account is None or account.email_verified_at is None or site is None:
        return None
    subject, body = _statement_mail(site, comment, account.display_name, account.language, row)
    return partial(mail.deliver, rt.mail, rt.settings, mail.for_confirmed(account, subject, body))


# --- export (Art. 24(5)) ------------------------------------------------------------------------


async def export_statements(
    session: AsyncSession, site_slug: str, principal: Principal | None, since: date | None
) -> list[dict[str, Any]]:
    """A site's statements, each exactly as the Transparency Database takes it, oldest first,
    from `since` (a UTC day) on. `principal` None is the operator's command line; anyone else
    must moderate the site (or be an admin)."""
    if principal is None:
        site = await access.access_site(session, site_slug)
    else:
        site = await access.access_site_as_moderator(session, site_slug, principal)
    start = datetime.combine(since, time.min, UTC) if since is not None else None
    return [dict(row.statement) for row in await statement_repo.of_site(session, site.id, start)]
