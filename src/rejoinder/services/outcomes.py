"""What a moderator decided about a reader's comment, told to its author (docs/notifications.md):
featured, approved (a held or rejected comment published by a moderator), rejected (by a
moderator, with the summary of the statement of reasons the decision made).

Event handlers run as durable jobs. Each looks at the comment again (a later decision wins: an
approval undone before its job ran tells nothing) and, once per decision (a unique source),
puts an item in the author's inbox when the author is an account and queues the outcome mail
(services/outcome_mail.py), which decides when it runs whether the author may be mailed.
The pipeline's own decisions tell nothing here: a new comment's status is its answer, and an
automated rejection's author gets its statement of reasons (services/dsa.py). So does an
account whose comment a moderator rejected: that mail is its rejection notice, so no outcome
mail repeats it (its inbox item still says so); a guest, who never gets the statement's mail,
gets the outcome mail with the statement's summary at a confirmed address.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.enums import CommentStatus, DecisionAction
from rejoinder.domain.events import (
    CommentEvent,
    CommentFeatured,
    CommentPublished,
    CommentRejected,
    CommentRemoved,
)
from rejoinder.domain.inbox import InboxKind, statement_summary
from rejoinder.services import events, inbox, jobs
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Comment, ModerationDecision
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import decisions as decision_repo
from rejoinder.storage.repositories import dsa_statements as statement_repo

MAIL_JOB = "outcomes.mail"
SYSTEM = "system"


async def _moved(_session: AsyncSession, _rt: Runtime, event: CommentEvent) -> bool:
    """Only a comment that was there before moved by someone's decision: a new post's status
    event costs no job."""
    return not event.new


async def _moderators_decision(
    session: AsyncSession, comment: Comment, action: DecisionAction
) -> ModerationDecision | None:
    """The comment's latest decision, if a person took it and it was `action`."""
    decisions = await decision_repo.for_comment(session, comment.id)
    latest = decisions[-1] if decisions else None
    if latest is None or latest.actor == SYSTEM or latest.action != action:
        return None
    return latest


async def _tell(
    session: AsyncSession,
    rt: Runtime,
    comment: Comment,
    kind: InboxKind,
    source: str,
    decision_id: int | None = None,
    reason: str | None = None,
    *,
    mail: bool = True,
) -> None:
    """The author's inbox item (an account), and the outcome mail's job (once per source)."""
    account_id = comment.author_account_id
    if account_id is not None:
        await inbox.add_item(
            session, rt, account_id=account_id, comment=comment, kind=kind, source=source,
            reason=reason,
        )  # fmt: skip
    if not mail or (account_id is None and comment.author_email is None):
        return  # told by other mail, or a guest without an address: nobody to mail
    payload = {"comment_id": comment.id, "kind": kind.value, "decision_id": decision_id}
    await jobs.enqueue(session, rt, MAIL_JOB, payload, key=f"{MAIL_JOB}:{source}")


@events.on(CommentFeatured, "outcomes.featured")
async def _featured(session: AsyncSession, rt: Runtime, event: CommentFeatured) -> None:
    comment = await comment_repo.get(session, event.comment_id)
    if comment is None or comment.status != CommentStatus.PUBLISHED or comment.featured_at is None:
        return  # unfeatured or removed before the job ran
    await _tell(session, rt, comment, InboxKind.FEATURED, f"featured:{comment.id}")


@events.on(CommentPublished, "outcomes.approved", when=_moved)
async def _approved(session: AsyncSession, rt: Runtime, event: CommentPublished) -> None:
    comment = await comment_repo.get(session, event.comment_id)
    if comment is None or comment.status != CommentStatus.PUBLISHED:
        return
    decision = await _moderators_decision(session, comment, DecisionAction.APPROVE)
    if decision is None:
        return  # an edit the pipeline published again, not a moderator's approval
    source = f"approved:{decision.id}"
    await _tell(session, rt, comment, InboxKind.APPROVED, source, decision.id)


async def _rejected(session: AsyncSession, rt: Runtime, event: CommentEvent) -> None:
    comment = await comment_repo.get(session, event.comment_id)
    if comment is None or comment.status != CommentStatus.REJECTED:
        return
    decision = await _moderators_decision(session, comment, DecisionAction.REJECT)
    if decision is None:
        return  # the pipeline's rejection: its statement of reasons is mailed by services/dsa
    statement = await statement_repo.for_decision(session, decision.id)
    reason = statement_summary(statement.statement) if statement is not None else None
    source = f"rejected:{decision.id}"
    # An account is mailed the statement of reasons itself (services/dsa.py, at its confirmed
    # address, whatever its settings: the legal notice); one mail about one rejection is enough.
    by_statement = statement is not None and comment.author_account_id is not None
    await _tell(
        session, rt, comment, InboxKind.REJECTED, source, decision.id, reason,
        mail=not by_statement,
    )  # fmt: skip


@events.on(CommentRejected, "outcomes.rejected", when=_moved)
async def _held_rejected(session: AsyncSession, rt: Runtime, event: CommentRejected) -> None:
    await _rejected(session, rt, event)  # a held comment a moderator turned down


@events.on(CommentRemoved, "outcomes.removed", when=_moved)
async def _removed(session: AsyncSession, rt: Runtime, event: CommentRemoved) -> None:
    await _rejected(session, rt, event)  # a published comment a moderator rejected
