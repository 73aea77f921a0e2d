"""Every refusal of `services/access`, condition by condition, with its exact status and message.

The API tests reach these through requests; here each `access_*` and `check_*` is called with
the caller and the ids, so that each branch is seen to refuse (and to let the right caller by).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.edit_grants import EditGrant
from rejoinder.domain.errors import Forbidden, Invalid, NotFound, RejoinderError, Unauthorized
from rejoinder.domain.principal import AuthMethod, Principal
from rejoinder.domain.requester import Requester
from rejoinder.platform import tokens
from rejoinder.services import access, auth
from rejoinder.services.runtime import Runtime
from rejoinder.services.standing import Standing
from rejoinder.storage.db import session_factory
from rejoinder.storage.models import (
    Account,
    Comment,
    GuestBan,
    Site,
    SiteRole,
    Story,
    UserState,
)
from tests.conftest import ORIGIN, RELAXED, make_site

GUEST_KEY = "guest-network-key"
OTHER_GUEST_KEY = "another-guest-key"
STORY_URL = f"{ORIGIN}/politics/story-1"
GUEST_BANNED = "You are banned from commenting on this site as a guest until "


@dataclass(frozen=True)
class World:
    """Rows every test starts from: three sites, their stories, comments and accounts."""

    news: Site
    sport: Site
    strict: Site  # no guests, no accounts, no reactions, stories close after a day, no edits
    story: Story
    other_story: Story  # on news too
    closed_story: Story  # on news, closed yesterday
    old_story: Story  # on strict, published ten days ago
    published: Comment  # a guest's, on news/story
    pending: Comment  # a guest's, held, on news/story
    deleted: Comment
    rejected: Comment
    stale: Comment  # a guest's on news/story, written an hour ago (the edit window is 15 minutes)
    sport_comment: Comment
    by_reader: Comment  # the reader's own, on news/story
    reader: Account
    unconfirmed: Account  # a password, the address not confirmed yet
    banned: Account  # banned on news
    suspended: Account  # suspended on news until tomorrow
    moderator: Account  # of news
    admin: Account


def refused(
    error: type[RejoinderError], message: str, *, whole: bool = True
) -> pytest.RaisesExc[RejoinderError]:
    """The refusal, with exactly this message (the API's messages are kept word for word), or
    one that starts with it (`whole=False`, for messages that name a time)."""
    return pytest.raises(error, match=f"^{re.escape(message)}{'$' if whole else ''}")


def principal(
    account: Account,
    *,
    is_admin: bool = False,
    via: AuthMethod = "bearer",
    site: Site | None = None,
) -> Principal:
    return Principal(account.id, account.display_name, is_admin, via, site.id if site else None)


def guest(origin: str | None = ORIGIN, key: str = GUEST_KEY) -> Requester:
    return Requester(ip="203.0.113.7", origin=origin, reader_key=key)


def signed_in(who: Principal, origin: str | None = ORIGIN) -> Requester:
    return Requester(ip="203.0.113.8", origin=origin, reader_key=OTHER_GUEST_KEY, principal=who)


def grant(rt: Runtime, comment: Comment, **changes: int) -> str:
    """A guest edit token for the comment, with any of its fields changed."""
    expires = int((datetime.now(UTC) + timedelta(hours=1)).timestamp())
    exact = EditGrant(comment.id, comment.site_id, comment.version, expires)
    return tokens.sign_edit_grant(rt.signing_key, replace(exact, **changes))


async def _site(db: AsyncSession, slug: str) -> Site:
    return await access.access_site(db, slug)


def _comment(story: Story, status: str = "published", **fields: object) -> Comment:
    values: dict[str, object] = {
        "site_id": story.site_id,
        "story_id": story.id,
        "author_name": "Guest",
        "author_key": GUEST_KEY,
        "body_src": "Hello.",
        "body_html": "<p>Hello.</p>",
        "status": status,
        "created_at": datetime.now(UTC),
        **fields,
    }
    return Comment(**values)


@pytest.fixture
async def world(app: FastAPI) -> World:
    await make_site(app, "news", **RELAXED)
    await make_site(app, "sport", **RELAXED)
    await make_site(
        app,
        "strict",
        allow_guests=False,
        allow_accounts=False,
        reactions_enabled=False,
        close_after_days=1,
        edit_window_seconds=0,
        **RELAXED,
    )
    now = datetime.now(UTC)
    async with session_factory(app.state.engine)() as db:
        news, sport, strict = [await _site(db, slug) for slug in ("news", "sport", "strict")]

        def story(site: Site, key: str, **fields: object) -> Story:
            return Story(site_id=site.id, key=key, url=f"{ORIGIN}/{key}", title=key, **fields)

        stories = [
            story(news, "story-1"),
            story(news, "story-2"),
            story(news, "closed", closed_at=now - timedelta(days=1)),
            story(strict, "old", published_at=now - timedelta(days=10)),
            story(sport, "match"),
        ]
        old = now - timedelta(days=30)
        accounts = [
            Account(display_name="Reader", created_at=old),
            Account(display_name="Unconfirmed", email="u@example.org", password_hash="x"),
            Account(display_name="Banned", created_at=old),
            Account(display_name="Suspended", created_at=old),
            Account(display_name="Moderator", created_at=old),
            Account(display_name="Admin", role="admin", created_at=old),
        ]
        db.add_all([*stories, *accounts])
        await db.flush()
        main, other_story, closed_story, old_story, match = stories
        reader, unconfirmed, banned, suspended, moderator, admin = accounts
        comments = [
            _comment(main),
            _comment(main, "pending"),
            _comment(main, "deleted", author_key=None),
            _comment(main, "rejected"),
            _comment(main, created_at=now - timedelta(hours=1)),
            _comment(match),
            _comment(
                main,
                author_account_id=reader.id,
                author_key=tokens.account_key(app.state.runtime.signing_key, reader.id),
            ),
        ]
        db.add_all(
            [
                *comments,
                SiteRole(site_id=news.id, account_id=moderator.id, role="moderator"),
                UserState(account_id=banned.id, site_id=news.id, banned=True),
                UserState(
                    account_id=suspended.id, site_id=news.id, suspended_until=now + timedelta(1)
                ),
            ]
        )
        await db.commit()
        published, pending, deleted, rejected, stale, sport_comment, by_reader = comments
        return World(
            news=news,
            sport=sport,
            strict=strict,
            story=main,
            other_story=other_story,
            closed_story=closed_story,
            old_story=old_story,
            published=published,
            pending=pending,
            deleted=deleted,
            rejected=rejected,
            stale=stale,
            sport_comment=sport_comment,
            by_reader=by_reader,
            reader=reader,
            unconfirmed=unconfirmed,
            banned=banned,
            suspended=suspended,
            moderator=moderator,
            admin=admin,
        )


@pytest.fixture
async def db(app: FastAPI) -> AsyncIterator[AsyncSession]:
    async with session_factory(app.state.engine)() as session:
        yield session


@pytest.fixture
def rt(app: FastAPI) -> Runtime:
    runtime: Runtime = app.state.runtime
    return runtime


# --- sites and stories -------------------------------------------------------------------------


async def test_a_site_by_slug_from_its_own_origins(world: World, db: AsyncSession) -> None:
    with refused(NotFound, "There is no site 'nope'."):
        await access.access_site(db, "nope")
    with refused(NotFound, "There is no site 'nope'."):
        await access.access_site_for_write(db, "nope", ORIGIN)
    with refused(Forbidden, "Writes need an Origin header from one of the site's pages."):
        await access.access_site_for_write(db, "news", None)
    with refused(Forbidden, "Origin https://evil.example is not allowed to write to site 'news'."):
        await access.access_site_for_write(db, "news", "https://evil.example")
    site = await access.access_site_for_write(db, "news", ORIGIN.upper())
    assert site.id == world.news.id


def test_the_forms_of_mail_links_post_from_the_install_only() -> None:
    install = "https://comments.example/some/page"
    for origin in (None, "", "https://news.example"):
        with refused(Forbidden, "Please use the form on this site's own page."):
            access.check_form_origin(origin, install)
    access.check_form_origin("HTTPS://comments.example", install)


async def test_a_story_by_its_key_on_the_site(world: World, db: AsyncSession) -> None:
    with refused(NotFound, "There is no site 'nope'."):
        await access.access_story_ref(db, "nope", "story-1")
    with refused(NotFound, "There is no site 'nope'."):
        await access.access_story(db, "nope", "story-1")
    not_yet = await access.access_story_ref(db, "news", "tomorrow")
    assert not_yet.site.id == world.news.id and not_yet.story is None
    with refused(NotFound, "There is no story 'tomorrow' on site 'news'."):
        await access.access_story(db, "news", "tomorrow")
    with refused(NotFound, "There is no story 'match' on site 'news'."):
        await access.access_story(db, "news", "match")  # another site's story
    found = await access.access_story(db, "news", "story-1")
    assert found.story.id == world.story.id


def test_a_story_is_created_only_for_a_url_on_the_sites_origins(world: World) -> None:
    with refused(Forbidden, "A story URL must be an http(s) URL."):
        access.check_story_url(world.news, "ftp://news.example/story")
    with refused(Forbidden, "https://evil.example is not one of site 'news''s origins."):
        access.check_story_url(world.news, "https://evil.example/story")
    access.check_story_url(world.news, STORY_URL)


def test_a_story_is_open_until_closed_or_too_old(world: World) -> None:
    now = datetime.now(UTC)
    with refused(Forbidden, "Comments on this story are closed."):
        access.check_story_open(world.news, world.closed_story, now)
    with refused(Forbidden, "Comments on this story are closed."):
        access.check_story_open(world.strict, world.old_story, now)  # close_after_days=1
    access.check_story_open(world.news, world.story, now)
    access.check_story_open(world.strict, world.old_story, now - timedelta(days=9, hours=12))


def test_a_sign_in_speaks_for_its_own_site_only(world: World) -> None:
    sso_on_sport = principal(world.reader, site=world.sport)
    with refused(Forbidden, "This sign-in is for another site, not 'news'."):
        access.check_principal_for_site(world.news, sso_on_sport)
    access.check_principal_for_site(world.sport, sso_on_sport)
    access.check_principal_for_site(world.news, principal(world.reader))


# --- signed in, and the accounts one may reach -------------------------------------------------


async def test_a_sign_in_is_needed_and_must_be_live(
    world: World, db: AsyncSession, rt: Runtime
) -> None:
    with refused(Unauthorized, "Please sign in first."):
        access.access_signed_in(None)
    assert access.access_signed_in(principal(world.reader)).account_id == world.reader.id
    message = "This token is not valid or has expired; please sign in again."
    with refused(Unauthorized, message):
        await access.access_bearer(db, rt, "rjs_not-a-session")
    issued = await auth.open_session(db, rt, world.reader)
    assert (await access.access_bearer(db, rt, issued.token)).account_id == world.reader.id


def test_a_cookie_write_carries_its_sessions_csrf_token(rt: Runtime) -> None:
    message = "This request needs the X-CSRF-Token header of your session."
    with refused(Forbidden, message):
        access.check_csrf(rt, "rjs_session", "")
    with refused(Forbidden, message):
        access.check_csrf(rt, "rjs_session", auth.csrf_token_for(rt, "rjs_another_session"))
    access.check_csrf(rt, "rjs_session", auth.csrf_token_for(rt, "rjs_session"))


async def test_ones_own_account_must_still_exist(world: World, db: AsyncSession) -> None:
    gone = Principal(999_999, "Gone", False, "bearer")
    with refused(Unauthorized, "Your account no longer exists; please sign in again."):
        await access.access_own_account(db, gone)
    with refused(Unauthorized, "Your account no longer exists; please sign in again."):
        await access.access_account_to_delete(db, gone)
    own = await access.access_own_account(db, principal(world.reader))
    assert own.id == world.reader.id


async def test_an_api_token_cannot_delete_its_account(world: World, db: AsyncSession) -> None:
    message = "An API token cannot delete its account; sign in as the person instead."
    with refused(Forbidden, message):
        await access.access_account_to_delete(db, principal(world.reader, via="api_token"))
    vias: tuple[AuthMethod, ...] = ("cookie", "bearer")
    for via in vias:
        account = await access.access_account_to_delete(db, principal(world.reader, via=via))
        assert account.id == world.reader.id


async def test_accounts_by_id(world: World, db: AsyncSession) -> None:
    with refused(NotFound, "There is no account 999999."):
        await access.access_account(db, 999_999)
    assert (await access.access_account(db, world.banned.id)).id == world.banned.id
    me = principal(world.reader)
    with refused(Invalid, "You cannot mute yourself."):
        await access.access_reader_to_mute(db, me, world.reader.id)
    with refused(NotFound, "There is no reader 999999."):
        await access.access_reader_to_mute(db, me, 999_999)
    assert (await access.access_reader_to_mute(db, me, world.banned.id)).id == world.banned.id


# --- comments ----------------------------------------------------------------------------------


async def test_a_comment_is_found_within_its_site_only(world: World, db: AsyncSession) -> None:
    other = world.sport_comment.id
    with refused(NotFound, f"There is no comment {other} on site 'news'."):
        await access.access_comment_in_site(db, world.news, other)
    with refused(NotFound, "There is no comment 999999 on site 'news'."):
        await access.access_comment_in_site(db, world.news, 999_999)
    for held in (world.pending, world.deleted, world.rejected):
        found = await access.access_comment_in_site(db, world.news, held.id)
        assert found.status == held.status


async def test_readers_reach_published_comments_only(world: World, db: AsyncSession) -> None:
    for hidden in (world.pending, world.deleted, world.rejected, world.sport_comment):
        with refused(NotFound, f"There is no comment {hidden.id} on site 'news'."):
            await access.access_visible_comment(db, world.news, hidden.id)
        with refused(NotFound, f"There is no comment {hidden.id} on site 'news'."):
            await access.access_visible_comment_to_read(db, "news", hidden.id)
    with refused(NotFound, "There is no site 'nope'."):
        await access.access_visible_comment_to_read(db, "nope", world.published.id)
    with refused(NotFound, "There is no site 'nope'."):
        await access.access_comment_to_read(db, "nope", world.published.id)
    read = await access.access_visible_comment_to_read(db, "news", world.published.id)
    assert read.comment.id == world.published.id and read.site.id == world.news.id
    # Replies are asked for by their parent's id, in whatever state it is: they are filtered.
    parent = await access.access_comment_to_read(db, "news", world.pending.id)
    assert parent.comment.id == world.pending.id


async def test_reports_come_from_the_sites_pages_on_published_comments(
    world: World, db: AsyncSession
) -> None:
    with refused(Forbidden, "Writes need an Origin header from one of the site's pages."):
        await access.access_comment_to_report(db, "news", world.published.id, guest(origin=None))
    with refused(NotFound, f"There is no comment {world.pending.id} on site 'news'."):
        await access.access_comment_to_report(db, "news", world.pending.id, guest())
    found = await access.access_comment_to_report(db, "news", world.published.id, guest())
    assert found.comment.id == world.published.id


async def test_reactions(world: World, db: AsyncSession, rt: Runtime) -> None:
    comment_id = world.published.id
    with refused(Forbidden, "Writes need an Origin header from one of the site's pages."):
        await access.access_comment_to_unreact(db, rt, "news", comment_id, guest(origin=None))
    with refused(Forbidden, "Reactions are turned off on this site."):
        await access.access_comment_to_unreact(db, rt, "strict", comment_id, guest())
    with refused(NotFound, f"There is no comment {world.pending.id} on site 'news'."):
        await access.access_comment_to_react(db, rt, "news", world.pending.id, guest())
    own = "You cannot react to your own comment."
    with refused(Forbidden, own):  # the guest who wrote it, by their address
        await access.access_comment_to_react(db, rt, "news", comment_id, guest())
    reader = signed_in(principal(world.reader))
    with refused(Forbidden, own):  # the account that wrote it, from any address
        await access.access_comment_to_react(db, rt, "news", world.by_reader.id, reader)
    liked = await access.access_comment_to_react(db, rt, "news", comment_id, reader)
    assert liked.reader == tokens.account_key(rt.signing_key, world.reader.id)
    other_guest = await access.access_comment_to_react(
        db, rt, "news", comment_id, guest(key=OTHER_GUEST_KEY)
    )
    assert other_guest.reader == OTHER_GUEST_KEY
    # Taking back a like on one's own comment is never refused.
    unliked = await access.access_comment_to_unreact(db, rt, "news", comment_id, guest())
    assert unliked.reader == GUEST_KEY


async def test_a_guest_edit_token_grants_one_version_of_one_comment(
    world: World, db: AsyncSession, rt: Runtime
) -> None:
    published = world.published
    cases = [
        ("This edit token is not valid.", published.id, "not-a-token"),
        ("This edit token is for another comment.", published.id, grant(rt, world.pending)),
        ("This edit token is for another comment.", published.id, grant(rt, published, site_id=0)),
        ("This comment has been deleted.", world.deleted.id, grant(rt, world.deleted)),
        (
            "A moderator rejected this comment, so it can no longer be changed.",
            world.rejected.id,
            grant(rt, world.rejected),
        ),
        (
            "This edit token is for an older version of the comment.",
            published.id,
            grant(rt, published, version=published.version - 1),
        ),
    ]
    for message, comment_id, token in cases:
        with refused(Forbidden, message):
            await access.access_own_comment_source(db, rt, "news", comment_id, token)
        with refused(Forbidden, message):
            await access.access_own_comment_to_delete(db, rt, "news", comment_id, token, guest())
    with refused(NotFound, "There is no site 'nope'."):
        await access.access_own_comment_source(db, rt, "nope", published.id, grant(rt, published))
    with refused(Forbidden, "Writes need an Origin header from one of the site's pages."):
        await access.access_own_comment_to_delete(
            db, rt, "news", published.id, grant(rt, published), guest(origin=None)
        )
    token = grant(rt, published)
    source = await access.access_own_comment_source(db, rt, "news", published.id, token)
    assert source.comment.id == published.id
    # A held comment is still its author's to read, change or delete.
    held = await access.access_own_comment_to_delete(
        db, rt, "news", world.pending.id, grant(rt, world.pending), guest()
    )
    assert held.comment.id == world.pending.id


def test_an_edit_comes_within_the_sites_window(world: World) -> None:
    written = world.published.created_at
    with refused(Forbidden, "The time to edit this comment has passed."):
        access.check_edit_window(world.news, world.published, written + timedelta(seconds=901))
    access.check_edit_window(world.news, world.published, written + timedelta(seconds=900))
    with refused(Forbidden, "The time to edit this comment has passed."):
        access.check_edit_window(world.strict, world.published, written + timedelta(seconds=1))


# --- staff -------------------------------------------------------------------------------------


def test_administrators(world: World) -> None:
    with refused(Forbidden, "Only an administrator can do this."):
        access.check_admin(principal(world.moderator))
    with refused(Forbidden, "A single sign-on session cannot act as an administrator."):
        access.check_admin(principal(world.admin, is_admin=True, site=world.news))
    access.check_admin(principal(world.admin, is_admin=True, via="api_token"))
    assert access.acts_as_admin(principal(world.admin, is_admin=True))
    assert not access.acts_as_admin(principal(world.admin, is_admin=True, site=world.news))


async def test_moderators_on_their_own_sites(world: World, db: AsyncSession) -> None:
    moderator = principal(world.moderator)
    with refused(NotFound, "There is no site 'nope'."):
        await access.access_site_as_moderator(db, "nope", moderator)
    with refused(Forbidden, "You are not a moderator of site 'sport'."):
        await access.access_site_as_moderator(db, "sport", moderator)
    with refused(Forbidden, "You are not a moderator of site 'news'."):
        await access.access_site_as_moderator(db, "news", principal(world.reader))
    admin_through_news = principal(world.admin, is_admin=True, site=world.news)
    with refused(Forbidden, "This sign-in is for another site, not 'sport'."):
        await access.access_site_as_moderator(db, "sport", admin_through_news)
    assert (await access.access_site_as_moderator(db, "news", moderator)).id == world.news.id
    admin = principal(world.admin, is_admin=True)
    assert (await access.access_site_as_moderator(db, "sport", admin)).id == world.sport.id


async def test_a_moderator_finds_comments_within_their_site(world: World, db: AsyncSession) -> None:
    moderator = principal(world.moderator)
    other = world.sport_comment.id
    with refused(Forbidden, "You are not a moderator of site 'sport'."):
        await access.access_comment_as_moderator(db, "sport", other, moderator)
    with refused(NotFound, f"There is no comment {other} on site 'news'."):
        await access.access_comment_as_moderator(db, "news", other, moderator)
    held = await access.access_comment_as_moderator(db, "news", world.pending.id, moderator)
    assert held.comment.id == world.pending.id and held.site.id == world.news.id


async def test_the_standing_of_staff_is_for_admins(world: World, db: AsyncSession) -> None:
    moderator = principal(world.moderator)
    with refused(Forbidden, "You are not a moderator of site 'sport'."):
        await access.access_reader_as_moderator(db, "sport", world.reader.id, moderator)
    with refused(NotFound, "There is no account 999999."):
        await access.access_reader_as_moderator(db, "news", 999_999, moderator)
    for staff in (world.moderator, world.admin):
        with refused(Forbidden, access.STAFF_ONLY):
            await access.access_reader_as_moderator(db, "news", staff.id, moderator)
    found = await access.access_reader_as_moderator(db, "news", world.reader.id, moderator)
    assert found.account.id == world.reader.id and found.site.id == world.news.id
    admin = principal(world.admin, is_admin=True)
    found = await access.access_reader_as_moderator(db, "news", world.moderator.id, admin)
    assert found.account.id == world.moderator.id
    through_sso = principal(world.admin, is_admin=True, site=world.news)
    with refused(Forbidden, access.STAFF_ONLY):  # an admin signed in through the site's SSO
        await access.access_reader_as_moderator(db, "news", world.moderator.id, through_sso)


async def test_install_wide_decisions_are_for_admins(world: World, db: AsyncSession) -> None:
    moderator, admin = principal(world.moderator), principal(world.admin, is_admin=True)
    with refused(Forbidden, "Only an administrator can do this."):
        await access.access_account_as_admin(db, world.reader.id, moderator)
    with refused(NotFound, "There is no account 999999."):
        await access.access_account_as_admin(db, 999_999, admin)
    assert (await access.access_account_as_admin(db, world.reader.id, admin)).id == world.reader.id
    with refused(Forbidden, "Only an administrator can do this."):
        await access.access_site_and_account_as_admin(db, "news", world.reader.id, moderator)
    with refused(NotFound, "There is no site 'nope'."):
        await access.access_site_and_account_as_admin(db, "nope", world.reader.id, admin)
    with refused(NotFound, "There is no account 999999."):
        await access.access_site_and_account_as_admin(db, "news", 999_999, admin)
    found = await access.access_site_and_account_as_admin(db, "news", world.reader.id, admin)
    assert (found.site.id, found.account.id) == (world.news.id, world.reader.id)


def test_metrics_are_for_an_admins_api_token(world: World) -> None:
    with refused(Unauthorized, "Send an admin's API token as 'Authorization: Bearer rjt_...'."):
        access.check_metrics_scraper(None)
    with refused(Forbidden, "Metrics are for an admin's API token."):
        access.check_metrics_scraper(principal(world.admin, is_admin=True, via="cookie"))
    with refused(Forbidden, "Metrics are for an admin's API token."):
        access.check_metrics_scraper(principal(world.reader, via="api_token"))
    access.check_metrics_scraper(principal(world.admin, is_admin=True, via="api_token"))


# --- writing: the author's standing, posting and editing -----------------------------------------


def test_an_accounts_standing() -> None:
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    with refused(Forbidden, "Your account is banned from commenting on this site."):
        access.check_standing(Standing(banned=True), now)
    until = now + timedelta(hours=1)
    with refused(
        Forbidden, "Your account is suspended from commenting until 2026-12-01 13:00 UTC."
    ):
        access.check_standing(Standing(suspended_until=until), now)
    access.check_standing(Standing(suspended_until=now), now)  # the suspension has ended
    access.check_standing(Standing(premoderated=True), now)


async def test_who_may_write_on_a_site(world: World, db: AsyncSession, rt: Runtime) -> None:
    with refused(Forbidden, "This site does not accept comments from guests; please sign in."):
        await access.access_writer(db, rt, world.strict, guest())
    as_guest = await access.access_writer(db, rt, world.news, guest())
    assert as_guest == access.Writer(GUEST_KEY)
    reader = principal(world.reader)
    on_sport = signed_in(replace(reader, session_site_id=world.sport.id))
    with refused(Forbidden, "This sign-in is for another site, not 'news'."):
        await access.access_writer(db, rt, world.news, on_sport)
    gone = signed_in(replace(reader, account_id=999_999))
    with refused(Unauthorized, "Your account no longer exists; please sign in again."):
        await access.access_writer(db, rt, world.news, gone)
    message = "This site takes comments only from readers signed in through it."
    with refused(Forbidden, message):
        await access.access_writer(db, rt, world.strict, signed_in(reader))
    through_sso = await access.access_writer(
        db, rt, world.strict, signed_in(principal(world.reader, site=world.strict))
    )
    assert through_sso.account is not None and through_sso.account.id == world.reader.id
    with refused(Forbidden, "Please confirm your email address first: we sent you a link."):
        await access.access_writer(db, rt, world.news, signed_in(principal(world.unconfirmed)))
    with refused(Forbidden, "Your account is banned from commenting on this site."):
        await access.access_writer(db, rt, world.news, signed_in(principal(world.banned)))
    # The exact time shown is checked in test_an_accounts_standing.
    with refused(Forbidden, "Your account is suspended from commenting until ", whole=False):
        await access.access_writer(db, rt, world.news, signed_in(principal(world.suspended)))
    # Banned on news only: the standing is per site.
    elsewhere = await access.access_writer(db, rt, world.sport, signed_in(principal(world.banned)))
    assert elsewhere.key == tokens.account_key(rt.signing_key, world.banned.id)


async def test_a_guest_banned_on_a_site(world: World, db: AsyncSession, rt: Runtime) -> None:
    now = datetime.now(UTC)
    db.add(GuestBan(site_id=world.news.id, author_key=GUEST_KEY, expires_at=now + timedelta(1)))
    await db.flush()
    with refused(Forbidden, GUEST_BANNED, whole=False):
        await access.access_writer(db, rt, world.news, guest())
    await access.access_writer(db, rt, world.sport, guest())
    await access.access_writer(db, rt, world.news, guest(key=OTHER_GUEST_KEY))
    await access.check_guest_can_write(db, world.news.id, GUEST_KEY, now + timedelta(days=2))


async def test_posting_is_one_checked_context(world: World, db: AsyncSession, rt: Runtime) -> None:
    async def post_to(
        story: str,
        who: Requester | None = None,
        site: str = "news",
        parent_id: int | None = None,
        story_url: str | None = None,
    ) -> access.PostContext:
        return await access.access_post(
            db, rt, who or guest(), site, story, parent_id=parent_id, story_url=story_url
        )

    with refused(NotFound, "There is no site 'nope'."):
        await post_to("story-1", site="nope")
    with refused(Forbidden, "Origin https://evil.example is not allowed to write to site 'news'."):
        await post_to("story-1", guest(origin="https://evil.example"))
    with refused(Forbidden, "Your account is banned from commenting on this site."):
        await post_to("story-1", signed_in(principal(world.banned)))
    message = "There is no story 'new' yet; send story_url (a page on the site) to start one."
    with refused(NotFound, message):
        await post_to("new")
    with refused(Forbidden, "https://evil.example is not one of site 'news''s origins."):
        await post_to("new", story_url="https://evil.example/new")
    with refused(Forbidden, "Comments on this story are closed."):
        await post_to("closed")
    for parent in (world.sport_comment, world.pending, world.deleted):
        reply = f"Comment {parent.id} is not a comment on this story you can reply to."
        with refused(Invalid, reply):
            await post_to("story-1", parent_id=parent.id)
    other_story = await post_to("story-2")
    elsewhere = f"Comment {world.published.id} is not a comment on this story you can reply to."
    with refused(Invalid, elsewhere):
        await post_to("story-2", parent_id=world.published.id)
    checked = await post_to("story-1", parent_id=world.published.id)
    assert checked.site.id == world.news.id and checked.story.id == world.story.id
    assert checked.parent is not None and checked.parent.id == world.published.id
    assert checked.writer == access.Writer(GUEST_KEY)
    assert other_story.parent is None
    created = await access.access_post(
        db, rt, guest(), "news", "new", story_url=f"{ORIGIN}/new", story_title=" A title "
    )
    assert (created.story.key, created.story.title) == ("new", "A title")


async def test_editing_is_one_checked_context(world: World, db: AsyncSession, rt: Runtime) -> None:
    published = world.published
    token = grant(rt, published)
    with refused(Forbidden, "Writes need an Origin header from one of the site's pages."):
        await access.access_edit(db, rt, guest(origin=None), "news", published.id, token)
    with refused(Forbidden, "This edit token is for another comment."):
        await access.access_edit(db, rt, guest(), "news", published.id, grant(rt, world.pending))
    checked = await access.access_edit(db, rt, guest(), "news", published.id, token)
    assert checked.comment.id == published.id and checked.story.id == world.story.id
    assert checked.writer == access.Writer(GUEST_KEY)

    by_reader = world.by_reader
    reader_token = grant(rt, by_reader)
    own = await access.access_edit(db, rt, guest(), "news", by_reader.id, reader_token)
    assert own.writer.account is not None and own.writer.account.id == world.reader.id
    db.add(UserState(account_id=world.reader.id, site_id=None, banned=True))
    await db.flush()
    with refused(Forbidden, "Your account is banned from commenting on this site."):
        await access.access_edit(db, rt, guest(), "news", by_reader.id, reader_token)
    found = await db.get(Comment, by_reader.id)
    assert found is not None
    found.author_account_id = 999_999  # as if the account had gone (its rows would go with it)
    with refused(Forbidden, "The account that wrote this comment no longer exists."):
        await access.access_edit(db, rt, guest(), "news", by_reader.id, reader_token)
    await db.rollback()

    with refused(Forbidden, "The time to edit this comment has passed."):
        await access.access_edit(db, rt, guest(), "news", world.stale.id, grant(rt, world.stale))

    until = datetime.now(UTC) + timedelta(days=1)
    db.add(GuestBan(site_id=world.news.id, author_key=GUEST_KEY, expires_at=until))
    await db.flush()
    # The ban follows the comment's author, whatever address the edit comes from.
    with refused(Forbidden, GUEST_BANNED, whole=False):
        await access.access_edit(db, rt, guest(key=OTHER_GUEST_KEY), "news", published.id, token)
