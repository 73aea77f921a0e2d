"""Writing comments: post, reply, edit within the window, delete to a tombstone."""

from __future__ import annotations

import ipaddress
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.accounts import clean_email
from rejoinder.domain.edit_grants import EditGrant
from rejoinder.domain.enums import CommentStatus, DecisionAction
from rejoinder.domain.errors import Invalid, Reconsider
from rejoinder.domain.events import (
    CommentEdited,
    CommentEvent,
    CommentHeld,
    CommentPublished,
    CommentRejected,
    CommentRemoved,
)
from rejoinder.domain.limits import MAX_AUTHOR_NAME_CHARS, MAX_COMMENT_CHARS
from rejoinder.domain.names import check_shown_name
from rejoinder.domain.principal import Principal
from rejoinder.domain.qa import NO_QA, QaMarks
from rejoinder.domain.requester import Requester
from rejoinder.platform import metrics, tokens
from rejoinder.platform.rendering import render_markdown
from rejoinder.services import (
    access,
    display_names,
    events,
    qa,
    reply_subscriptions,
    sso,
    stories,
    surges,
)
from rejoinder.services import moderation as moderation_service
from rejoinder.services.after_commit import after_commit
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Comment, Site, Story
from rejoinder.storage.repositories import comments as comment_repo


@dataclass(frozen=True)
class NewComment:
    body: str
    author_name: str | None = None
    author_email: str | None = None
    parent_id: int | None = None
    story_url: str | None = None
    story_title: str | None = None
    resubmitted_after_nudge: bool = False
    notify_replies: bool = False  # mail the author replies (services/reply_subscriptions.py)
    language: str | None = None  # of that mail; None: the site's


@dataclass(frozen=True)
class Written:
    comment: Comment
    edit_token: str | None
    review: moderation_service.Review
    qa: QaMarks = NO_QA  # its `expert` and `answered` (services/qa.py)


def clean_body(body: str) -> tuple[str, str]:
    """(markdown source, rendered HTML) or Invalid with a reason a reader can act on."""
    source = body.strip()
    if not source:
        raise Invalid("A comment cannot be empty.")
    if len(source) > MAX_COMMENT_CHARS:
        raise Invalid(f"A comment can be at most {MAX_COMMENT_CHARS} characters long.")
    html = render_markdown(source)
    if not html:
        raise Invalid("A comment needs some visible text.")
    return source, html


def clean_author_name(name: str | None) -> str:
    """A guest's name, spaces collapsed; nothing invisible, nothing that reads as staff or as the
    install in any letters (staff members' own names are checked against the database)."""
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise Invalid("Please give a name to comment as a guest.")
    if len(cleaned) > MAX_AUTHOR_NAME_CHARS:
        raise Invalid(f"A name can be at most {MAX_AUTHOR_NAME_CHARS} characters long.")
    if any(not ch.isprintable() for ch in cleaned):
        raise Invalid("A name cannot contain control characters.")
    check_shown_name(cleaned, for_account=False)
    return cleaned


def nudge_message(result: moderation_service.Review) -> str:
    """What the author reads when asked to reconsider: the reasons, then the way forward."""
    why = " ".join(str(r.get("message", "")) for r in result.reasons if r.get("message"))
    return (
        f"Before this is posted, please take another look. {why} "
        "Would you like to rephrase it? Edit your comment, or send it again unchanged and a "
        "moderator will review it."
    ).replace("  ", " ")


def _is_visible(status: str | None) -> bool:
    return status == CommentStatus.PUBLISHED


async def apply_visibility(
    session: AsyncSession, rt: Runtime, comment: Comment, old_status: str | None
) -> None:
    """Keep the story's count, the parent's reply count and the page version in step, and say
    what happened (`old_status` None: a new comment). Every status change passes here."""
    delta = int(_is_visible(comment.status)) - int(_is_visible(old_status))
    if delta and comment.parent_id is not None:
        await comment_repo.add_to_counter(session, comment.parent_id, replies=delta)
    await stories.record_change(session, rt, comment.story_id, delta)
    await _emit_status(session, rt, comment, old_status)


async def _emit_status(
    session: AsyncSession, rt: Runtime, comment: Comment, old_status: str | None
) -> None:
    happened = status_event(comment.status, old_status)
    if happened is not None:
        event = happened(comment.id, comment.story_id, comment.site_id, new=old_status is None)
        await events.emit(session, rt, event)


def status_event(new: str, old: str | None) -> type[CommentEvent] | None:
    """The event of a move from `old` to `new`; None when readers and moderators saw no change
    (the same status, or a comment nobody saw deleted)."""
    if new == old:
        return None
    if new == CommentStatus.PUBLISHED:
        return CommentPublished
    if old == CommentStatus.PUBLISHED:
        return CommentRemoved
    if new == CommentStatus.PENDING:
        return CommentHeld
    if new == CommentStatus.REJECTED:
        return CommentRejected
    return None


def _edit_token(rt: Runtime, site: Site, comment: Comment) -> str:
    window = access.settings_of(site).delete_window_seconds
    expires = int((comment.created_at + timedelta(seconds=window)).timestamp())
    grant = EditGrant(comment.id, site.id, comment.version, expires)
    return tokens.sign_edit_grant(rt.signing_key, grant)


@dataclass(frozen=True)
class Author:
    name: str
    key: str  # HMAC of who wrote it: the account, else the reader's network identity
    account_id: int | None = None
    account_age_seconds: float | None = None
    premoderated: bool = False
    email: str | None = None  # a guest's, optional


async def _hold_age(
    session: AsyncSession, rt: Runtime, site: Site, writer: access.Writer
) -> float | None:
    """The account's age for the new-account hold; None spares the hold (and guests have none)."""
    if writer.account is None:
        return None
    return await sso.account_age_for_hold(session, site, writer.account, rt.now())


async def _author(
    session: AsyncSession,
    rt: Runtime,
    site: Site,
    writer: access.Writer,
    guest_name: str | None,
    guest_email: str | None,
) -> Author:
    """A signed-in reader writes under their account's name; a guest under the name they give."""
    if writer.account is None:
        email = clean_email(guest_email) if guest_email and guest_email.strip() else None
        name = await display_names.check_not_staff(session, rt, clean_author_name(guest_name))
        return Author(name, writer.key, email=email, premoderated=writer.premoderated)
    return Author(
        name=writer.account.display_name,
        key=writer.key,
        account_id=writer.account.id,
        account_age_seconds=await _hold_age(session, rt, site, writer),
        premoderated=writer.premoderated,
    )


@dataclass(frozen=True)
class PreparedPost:
    """A post that passed every check and was judged, not yet written: what `store_posts`
    writes, in the request's transaction or in a batch of the post writer's."""

    site: Site
    story: Story
    parent: Comment | None
    author: Author
    source: str
    html: str
    review: moderation_service.Review
    network_key: str
    request_id: str | None
    notify_replies: bool = False
    language: str | None = None


async def prepare_post(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    story_key: str,
    new: NewComment,
    requester: Requester,
) -> PreparedPost:
    """Check and judge a new comment; writes only a story its first comment starts (and a
    surge's hold): posting's reads, which need no turn at the writer."""
    checked = await access.access_post(
        session,
        rt,
        requester,
        site_slug,
        story_key,
        parent_id=new.parent_id,
        story_url=new.story_url,
        story_title=new.story_title,
    )
    site, story = checked.site, checked.story
    author = await _author(session, rt, site, checked.writer, new.author_name, new.author_email)
    source, html = clean_body(new.body)
    if new.notify_replies:
        reply_subscriptions.check_opt_in(author.account_id, author.email)
    submission = moderation_service.Submission(
        text=source,
        author_key=author.key,
        resubmitted_after_nudge=new.resubmitted_after_nudge,
        account_age_seconds=author.account_age_seconds,
        always_premoderate=author.premoderated,
        is_guest=author.account_id is None,
        network_key=_network_key(requester),
        by_expert=qa.is_expert(story, author.account_id),
    )
    result = await moderation_service.review(session, rt, site, story, submission)
    if result.action is DecisionAction.NUDGE:
        metrics.comment_posted("nudged")
        raise Reconsider(nudge_message(result))
    if surges.held_for_surge(result):
        await surges.raise_for(session, rt, site, story, submission)
    request_id = structlog.contextvars.get_contextvars().get("request_id")
    return PreparedPost(
        site, story, checked.parent, author, source, html, result, _network_key(requester),
        request_id, new.notify_replies, new.language,
    )  # fmt: skip


def _new_row(rt: Runtime, prepared: PreparedPost) -> Comment:
    parent, author, result = prepared.parent, prepared.author, prepared.review
    return Comment(
        site_id=prepared.site.id,
        story_id=prepared.story.id,
        parent_id=parent.id if parent else None,
        root_id=(parent.root_id or parent.id) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        author_account_id=author.account_id,
        author_name=author.name,
        author_key=author.key,
        network_key=prepared.network_key or None,
        author_email=author.email,
        body_src=prepared.source,
        body_html=prepared.html,
        status=result.status.value,
        moderation=result.summary(),
        risk=result.risk_value,
        created_at=rt.now(),
    )


async def store_posts(
    session: AsyncSession, rt: Runtime, batch: Sequence[PreparedPost]
) -> list[Written]:
    """Write prepared posts in the session's transaction: one insert of the comments and of
    their decisions, one counter update per story and per parent, an event each."""
    rows = [_new_row(rt, prepared) for prepared in batch]
    await comment_repo.add_all(session, rows)
    await _count_new(session, rt, rows)
    for prepared, row in zip(batch, rows, strict=True):
        # Counted once durable: a rolled-back post was never published, held or rejected.
        after_commit(session, partial(metrics.comment_posted, prepared.review.status.value))
        with structlog.contextvars.bound_contextvars(request_id=prepared.request_id):
            await _emit_status(session, rt, row, old_status=None)
        if prepared.notify_replies:
            await reply_subscriptions.opt_in(session, rt, prepared.site, row, prepared.language)
    judged = [(row, prepared.review) for prepared, row in zip(batch, rows, strict=True)]
    await moderation_service.record_new(session, judged)
    return [  # a new comment has no reply yet: no question of theirs is answered
        Written(
            row,
            _edit_token(rt, prepared.site, row),
            prepared.review,
            qa.marks_without_answers(prepared.story),
        )
        for prepared, row in zip(batch, rows, strict=True)
    ]


async def _count_new(session: AsyncSession, rt: Runtime, rows: Sequence[Comment]) -> None:
    """`apply_visibility`'s counters for new comments, added up per story and per parent."""
    per_story: Counter[int] = Counter()
    per_parent: Counter[int] = Counter()
    for row in rows:
        visible = int(_is_visible(row.status))
        per_story[row.story_id] += visible
        if visible and row.parent_id is not None:
            per_parent[row.parent_id] += 1
    for parent_id, replies in sorted(per_parent.items()):
        await comment_repo.add_to_counter(session, parent_id, replies=replies)
    for story_id, delta in sorted(per_story.items()):
        await stories.record_change(session, rt, story_id, delta)


async def post(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    story_key: str,
    new: NewComment,
    requester: Requester,
) -> Written:
    """Check, judge and write one comment in the session's transaction."""
    prepared = await prepare_post(session, rt, site_slug, story_key, new, requester)
    (written,) = await store_posts(session, rt, [prepared])
    return written


async def source(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    comment_id: int,
    token: str | None,
    principal: Principal | None = None,
) -> Comment:
    """The comment with its markdown source, for its author only (SECURITY 13): by the edit
    token, or (without one) to the signed-in account that wrote it."""
    found = await access.access_own_comment_source(
        session, rt, site_slug, comment_id, token, principal
    )
    return found.comment


async def _edit_submission(
    session: AsyncSession, rt: Runtime, checked: access.EditContext, text: str
) -> moderation_service.Submission:
    """An edit is judged as a new post with this text from this author now (SECURITY 16)."""
    return moderation_service.Submission(
        text=text,
        author_key=checked.writer.key,
        is_edit=True,
        comment_id=checked.comment.id,
        account_age_seconds=await _hold_age(session, rt, checked.site, checked.writer),
        always_premoderate=checked.writer.premoderated,
        by_expert=qa.is_expert(checked.story, checked.comment.author_account_id),
    )


def _status_after_edit(old_status: str, judged: CommentStatus) -> CommentStatus:
    """An edit never moves a held comment into view; only a moderator does that."""
    if old_status == CommentStatus.PENDING and judged is CommentStatus.PUBLISHED:
        return CommentStatus.PENDING
    return judged


async def edit(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    comment_id: int,
    body: str,
    token: str | None,
    requester: Requester,
) -> Written:
    checked = await access.access_edit(session, rt, requester, site_slug, comment_id, token)
    site, comment, story = checked.site, checked.comment, checked.story
    source_text, html = clean_body(body)
    submission = await _edit_submission(session, rt, checked, source_text)
    result = await moderation_service.review(session, rt, site, story, submission)
    old_status = comment.status
    comment.body_src, comment.body_html = source_text, html
    comment.status = _status_after_edit(old_status, result.status).value
    comment.version += 1
    comment.edited_at = rt.now()
    await session.flush()
    await events.emit(session, rt, CommentEdited(comment.id, comment.story_id, comment.site_id))
    await apply_visibility(session, rt, comment, old_status)
    await moderation_service.record(session, comment, result)
    marks = await qa.marks_for(session, story, [comment])
    return Written(comment, _edit_token(rt, site, comment), result, marks)


async def delete(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    comment_id: int,
    token: str | None,
    requester: Requester,
) -> None:
    """Delete to a tombstone: replies stay readable, no personal data stays (SECURITY 14). By
    the edit token, or (without one) by the signed-in account that wrote it."""
    checked = await access.access_own_comment_to_delete(
        session, rt, site_slug, comment_id, token, requester
    )
    await remove(session, rt, checked.comment)


async def remove(session: AsyncSession, rt: Runtime, comment: Comment) -> None:
    """A comment its author (or the owner of its guest address) withdraws: a tombstone that
    holds its replies together and keeps nothing personal; counts and events follow."""
    old_status = comment.status
    comment.status = CommentStatus.DELETED.value
    comment.body_src = comment.body_html = ""
    comment.author_name = ""
    comment.author_key = None
    comment.network_key = None
    comment.author_email = None
    comment.author_account_id = None
    comment.moderation = {}
    comment.version += 1
    await session.flush()
    await apply_visibility(session, rt, comment, old_status)


def _network_key(requester: Requester) -> str:
    """The reader's network identity for the surge phase, none for this machine itself.

    Loopback is the demo's and the tests' one reader, and what every reader looks like behind a
    proxy not listed in REJOINDER_TRUSTED_PROXIES: counted, it would make each story one network.
    """
    try:
        loopback = ipaddress.ip_address(requester.ip).is_loopback
    except ValueError:
        loopback = False
    return "" if loopback else requester.reader_key
