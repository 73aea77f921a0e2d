"""A reader's rights over their data (GDPR arts. 15, 17, 20): download it, delete the account."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.accounts import DELETED_ACCOUNT_NAME
from rejoinder.domain.enums import CommentStatus, ReactionKind
from rejoinder.domain.principal import Principal
from rejoinder.platform.tokens import account_key
from rejoinder.services import access, accounts, auth, inbox, stories
from rejoinder.services.comments import apply_visibility
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Account, Comment
from rejoinder.storage.repositories import accounts as account_repo
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import reactions as reaction_repo
from rejoinder.storage.repositories.accounts import AuthoredComment


def _account_key(rt: Runtime, account: Account) -> str:
    """The pseudonym the account's comments, reactions and reports are recorded under."""
    return account_key(rt.signing_key, account.id)


def _account_part(account: Account) -> dict[str, Any]:
    return {
        "id": account.id,
        "display_name": account.display_name,
        "email": account.email,
        "email_verified_at": account.email_verified_at,
        "has_password": account.password_hash is not None,
        "role": account.role,
        "created_at": account.created_at,
        "name_changed_at": account.name_changed_at,
    }


def _comment_part(item: AuthoredComment) -> dict[str, Any]:
    comment = item.comment
    return {
        "id": comment.id,
        "site": item.site.slug,
        "story": {"key": item.story.key, "url": item.story.url, "title": item.story.title},
        "parent_id": comment.parent_id,
        "body": comment.body_src,
        "body_html": comment.body_html,
        "status": comment.status,
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
        "like_count": comment.like_count,
        "reply_count": comment.reply_count,
    }


async def _activity(session: AsyncSession, rt: Runtime, account: Account) -> dict[str, Any]:
    """What the reader did besides writing: reactions, reports, mutes, sign-ins."""
    key = _account_key(rt, account)
    reactions = await account_repo.reactions_by(session, key)
    reports = await account_repo.reports_by(session, key)
    mutes = await account_repo.mutes_of(session, account.id)
    sessions = await account_repo.sessions_of(session, account.id)
    identities = await account_repo.sso_identities_of(session, account.id)
    return {
        "sessions": [
            {"created_at": s.created_at, "expires_at": s.expires_at, "site_id": s.site_id}
            for s in sessions
        ],
        "reactions": [
            {"comment_id": r.comment_id, "kind": r.kind, "created_at": r.created_at}
            for r in reactions
        ],
        "reports": [
            {"comment_id": r.comment_id, "reason": r.reason, "detail": r.detail,
             "created_at": r.created_at}
            for r in reports
        ],
        "mutes": [
            {"account_id": m.muted_id, "display_name": name, "created_at": m.created_at}
            for m, name in mutes
        ],
        "sso_identities": [
            {"site": slug, "external_id": i.external_id, "created_at": i.created_at}
            for i, slug in identities
        ],
    }  # fmt: skip


async def export(session: AsyncSession, rt: Runtime, principal: Principal) -> dict[str, Any]:
    """Everything kept about the reader, as JSON-ready data (never other readers' data)."""
    account = await access.access_own_account(session, principal)
    authored = await account_repo.comments_of(session, account.id)
    return {
        "exported_at": rt.now(),
        "account": _account_part(account),
        "comments": [_comment_part(item) for item in authored],
        **await _activity(session, rt, account),
        "inbox": await inbox.exported(session, account.id),
    }


def _tombstone(comment: Comment) -> None:
    """As when an author deletes a comment: replies stay, no personal data does (SECURITY 14)."""
    comment.status = CommentStatus.DELETED.value
    comment.body_src = comment.body_html = ""
    comment.author_name = ""
    comment.moderation = {}
    _forget_author(comment)


def _anonymise(comment: Comment) -> None:
    """The text stays; nothing links it to a person any more."""
    comment.author_name = DELETED_ACCOUNT_NAME
    _forget_author(comment)


def _forget_author(comment: Comment) -> None:
    comment.author_key = None
    comment.network_key = None
    comment.author_email = None
    comment.author_account_id = None
    comment.version += 1  # ends any edit token still out there


async def _release_comments(
    session: AsyncSession, rt: Runtime, authored: Iterable[AuthoredComment]
) -> None:
    """Each comment as its own site's setting says: a tombstone, or anonymised."""
    changed: set[int] = set()
    for item in authored:
        comment, old_status = item.comment, item.comment.status
        if access.settings_of(item.site).account_deletion == "anonymise":
            _anonymise(comment)
            changed.add(comment.story_id)
        elif old_status != CommentStatus.DELETED:
            _tombstone(comment)
            await session.flush()
            await apply_visibility(session, rt, comment, old_status)
        else:
            _forget_author(comment)
    await session.flush()
    for story_id in changed:
        await stories.record_change(session, rt, story_id, 0)


async def _release_activity(session: AsyncSession, rt: Runtime, key: str) -> None:
    """Likes are withdrawn (counts follow); reports stay for the moderators, keyed by no one.

    Nothing keeps the account's key afterwards, so an account that later gets the same id (SQLite
    reuses the highest id) inherits none of it.
    """
    changed: set[int] = set()
    for reaction in await account_repo.reactions_by(session, key):
        comment = await comment_repo.get(session, reaction.comment_id)
        await reaction_repo.remove(session, reaction.comment_id, key, reaction.kind)
        if comment is not None and reaction.kind == ReactionKind.LIKE:
            await comment_repo.add_to_counter(session, comment.id, likes=-1)
            changed.add(comment.story_id)
    for report in await account_repo.reports_by(session, key):
        report.reader_key = f"withdrawn:{report.id}"
    await session.flush()
    for story_id in changed:
        await stories.record_change(session, rt, story_id, 0)


async def delete_account(
    session: AsyncSession, rt: Runtime, principal: Principal, password: str | None
) -> None:
    """Erase the account: its comments are released, then the account and its sessions go."""
    account = await access.access_account_to_delete(session, principal)
    await accounts.check_own_password(session, rt, account, password)
    await erase(session, rt, account)


async def erase(session: AsyncSession, rt: Runtime, account: Account) -> None:
    """The erasure itself, once the caller proved it is the account's owner (the password
    above, or the link mailed to the account's address: services/account_deletion.py)."""
    await _release_comments(session, rt, await account_repo.comments_of(session, account.id))
    await _release_activity(session, rt, _account_key(rt, account))
    await auth.close_all_sessions(session, account.id)
    await inbox.forget_account(session, account.id)
    await account_repo.delete_account(session, account.id)
