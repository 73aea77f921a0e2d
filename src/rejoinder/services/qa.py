"""Q&A mode per story (issue 16; docs/moderators.md#qa-mode): moderators turn it on and name
the experts; readers' pages mark experts' comments and answered questions.

The mode and the experts live in the story's settings JSON (domain/qa.py). Turning it on or off,
or changing the experts, is in the audit log (`story.qa`, target the story) and gives the story
a new version: every cached page of it is built again with the new marks. Posting asks
`is_expert` (services/comments.py): an expert's comment skips the pre-moderation hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.errors import BadRequest, NotFound
from rejoinder.domain.principal import Principal
from rejoinder.domain.qa import MAX_EXPERTS, NO_QA, QaMarks, QaSettings, marks
from rejoinder.services import access, audit, standing, stories
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Account, Comment, Site, Story
from rejoinder.storage.repositories import accounts as account_repo
from rejoinder.storage.repositories import comments as comment_repo
from rejoinder.storage.repositories import sso_identities as sso_repo

TOO_MANY = f"A story can have at most {MAX_EXPERTS} experts."


@dataclass(frozen=True)
class StoryWithExperts:
    """A story and its experts' accounts, in the order a moderator named them."""

    story: Story
    experts: list[Account]

    @property
    def qa(self) -> bool:
        return settings_of(self.story).enabled


def settings_of(story: Story | None) -> QaSettings:
    return QaSettings.from_settings(story.settings if story is not None else None)


def is_expert(story: Story, account_id: int | None) -> bool:
    """Whether this account writes as an expert of the story (only in Q&A mode)."""
    return settings_of(story).is_expert(account_id)


async def marks_for(
    session: AsyncSession, story: Story | None, comments: Sequence[Comment]
) -> QaMarks:
    """The marks of a page of the story: one query for its questions, none outside Q&A mode."""
    settings = settings_of(story)
    if not settings.enabled:
        return NO_QA
    questions = sorted({c.id for c in comments if c.parent_id is None})
    answered = await comment_repo.answered_among(session, questions, settings.experts)
    return marks(settings, frozenset(answered))


def marks_without_answers(story: Story) -> QaMarks:
    """For comments that cannot be answered questions (replies, a question just posted)."""
    return marks(settings_of(story))


async def experts_of(session: AsyncSession, story: Story) -> list[Account]:
    """The story's experts that still have an account, in the order they were named."""
    ids = settings_of(story).experts
    found = {account.id: account for account in await account_repo.by_ids(session, ids)}
    return [found[i] for i in ids if i in found]


async def with_experts(session: AsyncSession, site_slug: str, story_key: str) -> StoryWithExperts:
    """A story for its JSON (`GET stories/{story}`): 404 for an unknown site or story."""
    story = (await stories.require(session, site_slug, story_key)).story
    return StoryWithExperts(story, await experts_of(session, story))


async def _check_expert(session: AsyncSession, site: Site, account_id: int) -> None:
    """An expert is an account that may comment on the site: not banned there, and (where the
    site takes only its own sign-in's readers) one its single sign-on made."""
    refused = f"Account {account_id} cannot be an expert on site '{site.slug}':"
    found = await account_repo.get(session, account_id)
    if found is None:
        raise BadRequest(f"{refused} there is no such account.")
    if not access.settings_of(site).allow_accounts and not await sso_repo.links(
        session, site.id, account_id
    ):
        raise BadRequest(f"{refused} the site takes comments only from its own sign-in's readers.")
    if (await standing.of(session, account_id, site.id)).banned:
        raise BadRequest(f"{refused} the account is banned from commenting there.")


async def _set(
    session: AsyncSession,
    rt: Runtime,
    site: Site,
    story: Story,
    enabled: bool,
    experts: Sequence[int],
    actor: audit.Actor,
) -> StoryWithExperts:
    named = tuple(dict.fromkeys(experts))  # each once, in the order given
    if len(named) > MAX_EXPERTS:
        raise BadRequest(TOO_MANY)
    for account_id in named:
        await _check_expert(session, site, account_id)
    before, after = settings_of(story), QaSettings(enabled, named)
    if before != after:
        story.settings = after.merged_into(story.settings)  # a new dict: the JSON is saved
        await audit.record(
            session,
            rt,
            site_id=site.id,
            actor=actor,
            action="story.qa",
            target_type="story",
            target_id=story.id,
            before={"qa": before.enabled, "experts": list(before.experts)},
            after={"qa": after.enabled, "experts": list(after.experts), "story": story.key},
        )
        # Every cached page of the story marks experts and answers by these settings.
        await stories.record_change(session, rt, story.id, 0)
    return StoryWithExperts(story, await experts_of(session, story))


@dataclass(frozen=True)
class StoryStart:
    """Where a story not started yet lives: its page on the site, and its title."""

    url: str
    title: str | None = None


async def set_mode(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    story_key: str,
    enabled: bool,
    experts: Sequence[int],
    principal: Principal,
    start: StoryStart | None = None,
) -> StoryWithExperts:
    """Turn Q&A mode on or off and name the experts (they replace the story's); a moderator of
    the site or an admin. The same again changes nothing and records nothing. With `start`, a
    story without a comment yet is created, so that a Q&A can be announced before it opens."""
    site = await access.access_site_as_moderator(session, site_slug, principal)
    if start is None:
        story = (await stories.lookup(session, site.slug, story_key)).story
        if story is None:
            raise NotFound(
                f"There is no story '{story_key}' yet (it starts with its first comment); send "
                "story_url, its page on the site, to start it in Q&A mode now."
            )
    else:
        story = await access.story_to_post(session, rt, site, story_key, start.url, start.title)
    return await _set(session, rt, site, story, enabled, experts, audit.actor_of(principal))


async def set_mode_from_cli(
    session: AsyncSession,
    rt: Runtime,
    site_slug: str,
    story_key: str,
    enabled: bool,
    experts: Sequence[int],
) -> StoryWithExperts:
    """`rejoinder story qa`: the same, by the operator (audit actor `cli`)."""
    found = await stories.require(session, site_slug, story_key)
    return await _set(session, rt, found.site, found.story, enabled, experts, audit.CLI)
