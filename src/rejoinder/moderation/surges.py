"""Story surges: a burst of new authors on one story, or a few network identities writing much.

Pure: the caller supplies the story's recent comments (CommentFacts.story_posts, read from the
database so that every app server counts alike); this module counts them with the comment being
judged, and says whether the story surges, which comments to hold and on what evidence.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rejoinder.domain.moderation import CommentFacts, StoryPost
from rejoinder.moderation.settings import ModerationSettings

SHORT_KEY_CHARS = 8  # of an HMAC: enough to tell identities apart on one story, reveals nothing
MAX_LISTED = 20  # evidence stays small: the counts say the rest


def short_key(network_key: str) -> str:
    return network_key[:SHORT_KEY_CHARS]


@dataclass(frozen=True)
class Network:
    key: str  # short opaque key
    comments: int
    authors: int


@dataclass(frozen=True)
class Surge:
    """What a moderator needs to judge a surge, and whom it holds."""

    window_seconds: float
    comments: int
    authors: int
    new_authors: int
    guests: int
    new_accounts: int
    account_ages_seconds: tuple[int, ...]  # of the new accounts, youngest first
    networks: tuple[Network, ...]  # the over-active network identities
    by_new_authors: bool  # the burst of new authors tripped it (else only networks did)

    def evidence(self) -> dict[str, object]:
        return {
            "window_seconds": int(self.window_seconds),
            "comments": self.comments,
            "authors": self.authors,
            "new_authors": self.new_authors,
            "guests": self.guests,
            "new_accounts": self.new_accounts,
            "account_ages_seconds": list(self.account_ages_seconds),
            "networks": [
                {"key": n.key, "comments": n.comments, "authors": n.authors} for n in self.networks
            ],
        }

    def message(self) -> str:
        minutes = max(1, round(self.window_seconds / 60))
        parts = []
        if self.by_new_authors:
            parts.append(f"{self.new_authors} new accounts or guests")
        if self.networks:
            parts.append(f"{len(self.networks)} over-active network identities")
        return f"Surge on this story in the last {minutes} minutes: {' and '.join(parts)}."


def _is_new(age_seconds: float | None, guest: bool, settings: ModerationSettings) -> bool:
    return guest or (age_seconds is not None and age_seconds < settings.surge_new_account_seconds)


def _with_current(facts: CommentFacts, settings: ModerationSettings) -> list[StoryPost]:
    since = facts.now - settings.surge_window_seconds
    posts = [p for p in facts.story_posts if p.created_at >= since and p.author_key]
    # The comment being judged is part of the burst. A guest has no account age; a spared
    # account (the publisher's own sign-in, see services/sso.py) counts as established.
    age = facts.author_account_age_seconds
    if not facts.author_is_guest and age is None:
        age = float("inf")
    posts.append(StoryPost(facts.author_key, facts.network_key, age, facts.now))
    return posts


def _networks(posts: list[StoryPost], settings: ModerationSettings) -> tuple[Network, ...]:
    comments: dict[str, int] = defaultdict(int)
    authors: dict[str, set[str]] = defaultdict(set)
    for post in posts:
        if post.network_key:
            comments[post.network_key] += 1
            authors[post.network_key].add(post.author_key)
    busy = [
        Network(short_key(key), count, len(authors[key]))
        for key, count in comments.items()
        if count >= settings.surge_network_comments
        or len(authors[key]) >= settings.surge_network_authors
    ]
    busy.sort(key=lambda n: (-n.comments, -n.authors, n.key))
    return tuple(busy[:MAX_LISTED])


def assess(facts: CommentFacts, settings: ModerationSettings) -> Surge | None:
    """The story's surge, counted with this comment; None when it does not surge."""
    posts = _with_current(facts, settings)
    authors: dict[str, float | None] = {}
    guests: set[str] = set()
    for post in posts:
        authors[post.author_key] = post.account_age_seconds
        if post.account_age_seconds is None:
            guests.add(post.author_key)
    new = {key for key, age in authors.items() if _is_new(age, key in guests, settings)}
    by_new = len(new) >= settings.surge_new_authors and (
        len(new) >= settings.surge_new_share * len(authors)
    )
    networks = _networks(posts, settings)
    if not by_new and not networks:
        return None
    ages = sorted(round(authors[key] or 0) for key in new - guests)
    return Surge(
        window_seconds=settings.surge_window_seconds,
        comments=len(posts),
        authors=len(authors),
        new_authors=len(new),
        guests=len(guests),
        new_accounts=len(new - guests),
        account_ages_seconds=tuple(ages[:MAX_LISTED]),
        networks=networks,
        by_new_authors=by_new,
    )


def holds(surge: Surge, facts: CommentFacts, settings: ModerationSettings) -> bool:
    """New authors' comments are held while new authors surge; an over-active network's always."""
    if short_key(facts.network_key) in {n.key for n in surge.networks} and facts.network_key:
        return True
    age = facts.author_account_age_seconds
    return surge.by_new_authors and _is_new(age, facts.author_is_guest, settings)
