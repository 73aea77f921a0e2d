"""Writing comments: post, reply, edit within the window, delete to a tombstone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.accounts import clean_email
from rejoinder.domain.enums import CommentStatus, DecisionAction
from rejoinder.domain.errors import Forbidden, Invalid, Reconsider
from rejoinder.domain.limits import MAX_AUTHOR_NAME_CHARS, MAX_COMMENT_CHARS
from rejoinder.domain.names import check_shown_name
from rejoinder.domain.requester import Requester
from rejoinder.services import access, display_names, metrics, sso, standing, stories, tokens
from rejoinder.services import moderation as moderation_service
from rejoinder.services.after_commit import after_commit
from rejoinder.services.rendering import render_markdown
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Account, Comment, Site, Story
from rejoinder.storage.repositories import accounts as account_repo
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import stories as story_repo


@dataclass(frozen=True)
class NewComment:
    body: str
    author_name: str | None = None
    author_email: str | None = None
    parent_id: int | None = None
    story_url: str | None = None
    story_title: str | None = None
    resubmitted_after_nudge: bool = False


@dataclass(frozen=True)
class Written:
    comment: Comment
    edit_token: str | None
    review: moderation_service.Review


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


def _is_visible(status: str) -> bool:
    return status == CommentStatus.PUBLISHED


async def apply_visibility(
    session: AsyncSession, rt: Runtime, comment: Comment, old_status: str
) -> None:
    """Keep the story's count, the parent's reply count and the page version in step."""
    delta = int(_is_visible(comment.status)) - int(_is_visible(old_status))
    if delta and comment.parent_id is not None:
        await comment_repo.add_to_counter(session, comment.parent_id, replies=delta)
    await stories.record_change(session, rt, comment.story_id, delta)


def _edit_token(rt: Runtime, site: Site, comment: Comment) -> str:
    window = access.settings_of(site).delete_window_seconds
    expires = int((comment.created_at + timedelta(seconds=window)).timestamp())
    grant = tokens.EditGrant(comment.id, site.id, comment.version, expires)
    return tokens.sign_edit_grant(rt.signing_key, grant)


async def _parent_in_story(
    session: AsyncSession, story: Story, parent_id: int | None
) -> Comment | None:
    if parent_id is None:
        return None
    parent = await comment_repo.get(session, parent_id)
    if parent is None or parent.story_id != story.id or parent.status != CommentStatus.PUBLISHED:
        raise Invalid(f"Comment {parent_id} is not a comment on this story you can reply to.")
    return parent


@dataclass(frozen=True)
class Author:
    name: str
    key: str  # HMAC of who wrote it: the account, else the reader's network identity
    account_id: int | None = None
    account_age_seconds: float | None = None
    premoderated: bool = False
    email: str | None = None  # a guest's, optional


async def _author(
    session: AsyncSession,
    rt: Runtime,
    site: Site,
    requester: Requester,
    guest_name: str | None,
    guest_email: str | None,
) -> Author:
    """A signed-in reader writes under their account; a guest only where the site allows it."""
    principal = requester.principal
    if principal is None:
        access.check_guest_allowed(site)
        await standing.check_guest_can_write(session, site.id, requester.reader_key, rt.now())
        email = clean_email(guest_email) if guest_email and guest_email.strip() else None
        name = await display_names.check_not_staff(session, rt, clean_author_name(guest_name))
        return Author(name, requester.reader_key, email=email)
    access.check_principal_for_site(site, principal)
    account = await access.account_of(session, principal)
    if principal.session_site_id is None and not access.settings_of(site).allow_accounts:
        raise Forbidden("This site takes comments only from readers signed in through it.")
    if account.password_hash is not None and account.email_verified_at is None:
        raise Forbidden("Please confirm your email address first: we sent you a link.")
    writer = await _account_writer(session, rt, site, account)
    return Author(
        name=account.display_name,
        key=tokens.account_key(rt.signing_key, account.id),
        account_id=account.id,
        account_age_seconds=writer.account_age_seconds,
        premoderated=writer.premoderated,
    )


@dataclass(frozen=True)
class AccountWriter:
    account_age_seconds: float | None  # None: spared the new-account hold
    premoderated: bool


async def _account_writer(
    session: AsyncSession, rt: Runtime, site: Site, account: Account
) -> AccountWriter:
    """What posting and editing both need to know of an account: may it write, is it held?"""
    found = await standing.of(session, account.id, site.id)
    found.check_can_write(rt.now())
    age = await sso.account_age_for_hold(session, site, account, rt.now())
    return AccountWriter(age, found.premoderated)


async def post(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    story_key: str,
    new: NewComment,
    requester: Requester,
) -> Written:
    site = await access.site_by_slug(session, site_slug)
    access.check_write_origin(site, requester.origin)
    author = await _author(session, rt, site, requester, new.author_name, new.author_email)
    source, html = clean_body(new.body)
    story = await stories.get_or_create(
        session, rt, site, story_key, new.story_url, new.story_title
    )
    access.check_story_open(site, story, rt.now())
    parent = await _parent_in_story(session, story, new.parent_id)
    submission = moderation_service.Submission(
        text=source,
        author_key=author.key,
        resubmitted_after_nudge=new.resubmitted_after_nudge,
        account_age_seconds=author.account_age_seconds,
        always_premoderate=author.premoderated,
    )
    result = await moderation_service.review(session, rt, site, story, submission)
    if result.action is DecisionAction.NUDGE:
        metrics.comment_posted("nudged")
        raise Reconsider(nudge_message(result))
    # Counted once durable: a rolled-back post was never published, held or rejected.
    after_commit(session, partial(metrics.comment_posted, result.status.value))
    comment = await comment_repo.add(
        session,
        Comment(
            site_id=site.id,
            story_id=story.id,
            parent_id=parent.id if parent else None,
            root_id=(parent.root_id or parent.id) if parent else None,
            depth=parent.depth + 1 if parent else 0,
            author_account_id=author.account_id,
            author_name=author.name,
            author_key=author.key,
            author_email=author.email,
            body_src=source,
            body_html=html,
            status=result.status.value,
            moderation=result.summary(),
            created_at=rt.now(),
        ),
    )
    await apply_visibility(session, rt, comment, old_status=CommentStatus.PENDING)
    await moderation_service.record(session, comment, result)
    return Written(comment, _edit_token(rt, site, comment), result)


async def _granted_comment(
    session: AsyncSession, rt: Runtime, site: Site, comment_id: int, token: str
) -> Comment:
    """The comment a guest token grants, checked against id, site, version and state."""
    grant = tokens.verify_edit_grant(rt.signing_key, token, rt.now().timestamp())
    comment = await access.comment_in_site(session, site, comment_id)
    if grant.comment_id != comment.id or grant.site_id != site.id:
        raise Forbidden("This edit token is for another comment.")
    if comment.status == CommentStatus.DELETED:
        raise Forbidden("This comment has been deleted.")
    if comment.status == CommentStatus.REJECTED:
        raise Forbidden("A moderator rejected this comment, so it can no longer be changed.")
    if grant.version != comment.version:
        raise Forbidden("This edit token is for an older version of the comment.")
    return comment


async def source(
    session: AsyncSession, rt: Runtime, site_slug: str, comment_id: int, token: str
) -> Comment:
    """The comment with its markdown source, for its author only (SECURITY 13)."""
    site = await access.site_by_slug(session, site_slug)
    return await _granted_comment(session, rt, site, comment_id, token)


async def _edit_submission(
    session: AsyncSession, rt: Runtime, site: Site, comment: Comment, text: str
) -> moderation_service.Submission:
    """An edit is judged as a new post with this text from this author now (SECURITY 16)."""
    key = comment.author_key or ""
    if comment.author_account_id is None:
        await standing.check_guest_can_write(session, site.id, key, rt.now())
        return moderation_service.Submission(
            text=text, author_key=key, is_edit=True, comment_id=comment.id
        )
    account = await account_repo.get(session, comment.author_account_id)
    if account is None:
        raise Forbidden("The account that wrote this comment no longer exists.")
    writer = await _account_writer(session, rt, site, account)
    return moderation_service.Submission(
        text=text,
        author_key=key,
        is_edit=True,
        comment_id=comment.id,
        account_age_seconds=writer.account_age_seconds,
        always_premoderate=writer.premoderated,
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
    token: str,
    requester: Requester,
) -> Written:
    site = await access.site_by_slug(session, site_slug)
    access.check_write_origin(site, requester.origin)
    comment = await _granted_comment(session, rt, site, comment_id, token)
    window = timedelta(seconds=access.settings_of(site).edit_window_seconds)
    if comment.created_at + window < rt.now():
        raise Forbidden("The time to edit this comment has passed.")
    source_text, html = clean_body(body)
    story = await story_repo.get_by_id(session, comment.story_id)
    assert story is not None  # a comment's story is deleted with it
    submission = await _edit_submission(session, rt, site, comment, source_text)
    result = await moderation_service.review(session, rt, site, story, submission)
    old_status = comment.status
    comment.body_src, comment.body_html = source_text, html
    comment.status = _status_after_edit(old_status, result.status).value
    comment.version += 1
    comment.edited_at = rt.now()
    await session.flush()
    await apply_visibility(session, rt, comment, old_status)
    await moderation_service.record(session, comment, result)
    return Written(comment, _edit_token(rt, site, comment), result)


async def delete(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    comment_id: int,
    token: str,
    requester: Requester,
) -> None:
    """Delete to a tombstone: replies stay readable, no personal data stays (SECURITY 14)."""
    site = await access.site_by_slug(session, site_slug)
    access.check_write_origin(site, requester.origin)
    comment = await _granted_comment(session, rt, site, comment_id, token)
    old_status = comment.status
    comment.status = CommentStatus.DELETED.value
    comment.body_src = comment.body_html = ""
    comment.author_name = ""
    comment.author_key = None
    comment.author_email = None
    comment.author_account_id = None
    comment.moderation = {}
    comment.version += 1
    await session.flush()
    await apply_visibility(session, rt, comment, old_status)
