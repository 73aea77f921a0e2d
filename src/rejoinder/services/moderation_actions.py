"""What moderators do with comments: read a site's queues, approve or reject (SECURITY 27).

Every function checks the moderator's right to the site first, then finds the comment within
that site only: a moderator of one site gets 403 on another, and a comment id from another site
is a 404 even on their own.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain import dsa as dsa_rules
from rejoinder.domain.enums import CommentStatus, DecisionAction
from rejoinder.domain.errors import BadRequest, Conflict
from rejoinder.domain.events import CommentDecided
from rejoinder.domain.principal import Principal
from rejoinder.services import access, audit, dsa, events
from rejoinder.services import comments as comment_service
from rejoinder.services import moderation as moderation_service
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Comment, Site

Verdict = Literal["approve", "reject"]
MAX_REASON_CHARS = 500

_OUTCOMES = {
    "approve": (CommentStatus.PUBLISHED, DecisionAction.APPROVE, "Approved by a moderator."),
    "reject": (CommentStatus.REJECTED, DecisionAction.REJECT, "Rejected by a moderator."),
}


def _review(comment: Comment, verdict: Verdict, reason: str) -> moderation_service.Review:
    """The moderator's decision, keeping the pipeline's scores for the record."""
    _status, action, default_message = _OUTCOMES[verdict]
    scores = comment.moderation.get("scores") if isinstance(comment.moderation, dict) else None
    return moderation_service.Review(
        action,
        [
            {
                "phase": "moderator",
                "code": f"moderator_{verdict}",
                "message": reason or default_message,
            }
        ],
        dict(scores or {}),
    )


async def decide(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    comment_id: int,
    verdict: Verdict,
    reason: str,
    principal: Principal,
    grounds: dsa_rules.GroundsGiven | None = None,
) -> Comment:
    """Publish or reject a comment; counts, page versions and the audit trail follow. A
    rejection makes a statement of reasons (EU DSA Art. 17) on the moderator's grounds, or on
    the site's comment rules when none are given."""
    checked = await access.access_comment_as_moderator(session, site_slug, comment_id, principal)
    comment = checked.comment
    if comment.status == CommentStatus.DELETED:
        raise Conflict(f"Comment {comment_id} was deleted by its author.")
    checked_grounds = _checked_grounds(verdict, grounds)
    old_status = comment.status
    comment.status = _OUTCOMES[verdict][0].value
    comment.version += 1  # the decision ends the edit grant of every token issued before it
    await session.flush()
    await comment_service.apply_visibility(session, rt, comment, old_status)
    review = _review(comment, verdict, reason.strip()[:MAX_REASON_CHARS])
    decision = await moderation_service.record(session, comment, review, actor=actor_of(principal))
    await audit.record(
        session,
        rt,
        site_id=comment.site_id,
        actor=audit.actor_of(principal),
        action=f"comment.{verdict}",
        target_type="comment",
        target_id=comment.id,
        # Only what changed: approving a flagged comment that is already published changes none.
        before={"status": old_status} if old_status != comment.status else None,
        after={"status": comment.status} if old_status != comment.status else None,
        reason=reason.strip()[:MAX_REASON_CHARS],
    )
    if verdict == "reject" and (old_status != CommentStatus.REJECTED or checked_grounds):
        chosen = checked_grounds or _rules_grounds(checked.site, reason)
        await dsa.make_statement(
            session, rt, checked.site, comment, decision, chosen, automated=False
        )
    await events.emit(
        session,
        rt,
        CommentDecided(comment.id, comment.story_id, comment.site_id, decision.id, verdict),
    )
    return comment


def _checked_grounds(
    verdict: Verdict, grounds: dsa_rules.GroundsGiven | None
) -> dsa_rules.Grounds | None:
    if grounds is None:
        return None
    if verdict != "reject":
        raise BadRequest("Grounds go with a rejection only: an approval restricts nothing.")
    return dsa_rules.grounds_of(grounds)


def _rules_grounds(site: Site, reason: str) -> dsa_rules.Grounds:
    """A rejection without grounds: the site's comment rules, in the moderator's words."""
    explanation = reason.strip()[:MAX_REASON_CHARS] or "A moderator found it against the rules."
    return dsa.terms_grounds(site, explanation, dsa_rules.Category.OTHER_VIOLATION_TC)


def actor_of(principal: Principal) -> str:
    return f"account:{principal.account_id}"
