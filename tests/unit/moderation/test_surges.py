"""Story surges: bursts of new authors, over-active network identities (SECURITY 31)."""

from __future__ import annotations

from rejoinder.domain.moderation import StoryPost
from rejoinder.moderation import ModerationSettings
from rejoinder.moderation.surges import assess
from tests.unit.moderation.conftest import NOW, codes, facts, verdict

DAY = 86400.0
TEXT = "I have my own view on this story and it is a fair one, thank you."


def guests(count: int, age: float = 60.0) -> list[StoryPost]:
    return [StoryPost(f"g{n}", f"net{n:04d}", None, NOW - age) for n in range(count)]


def accounts(count: int, account_age: float, prefix: str = "acct") -> list[StoryPost]:
    return [
        StoryPost(f"{prefix}{n}", f"{prefix}-net{n}", account_age, NOW - 30) for n in range(count)
    ]


async def test_a_burst_of_guests_holds_the_next_guest_with_the_evidence() -> None:
    result = await verdict(text=TEXT, author_is_guest=True, story_posts=guests(11))
    assert (result.action, codes(result)) == ("hold", ["story_surge"])
    details = result.reasons[0].details
    assert details == {"window_seconds": 900, "new_authors": 12, "networks": 0}
    assert "12 new accounts or guests" in result.reasons[0].message


async def test_below_the_threshold_nothing_is_held() -> None:
    assert (await verdict(text=TEXT, author_is_guest=True, story_posts=guests(10))).reasons == ()


async def test_new_accounts_count_and_established_readers_still_publish() -> None:
    burst = accounts(11, account_age=2 * 3600)
    young = await verdict(text=TEXT, author_account_age_seconds=DAY, story_posts=burst)
    assert codes(young) == ["story_surge"]
    regular = await verdict(text=TEXT, author_account_age_seconds=400 * DAY, story_posts=burst)
    assert regular.action == "publish"
    spared = await verdict(text=TEXT, author_account_age_seconds=None, story_posts=burst)
    assert spared.action == "publish"  # an account the site's own sign-in vouches for


async def test_a_popular_story_with_mostly_regular_readers_does_not_surge() -> None:
    crowd = accounts(30, account_age=500 * DAY, prefix="reg") + guests(12)
    result = await verdict(text=TEXT, author_is_guest=True, story_posts=crowd)
    assert result.action == "publish"  # 13 new of 43 authors: under the 50% share


async def test_old_comments_fall_out_of_the_window() -> None:
    stale = guests(20, age=3600)
    assert (await verdict(text=TEXT, author_is_guest=True, story_posts=stale)).action == "publish"


async def test_one_network_with_many_comments_or_accounts_is_held() -> None:
    chatty = [StoryPost("g1", "busy-network-key", None, NOW - n) for n in range(9)]
    result = await verdict(
        text=TEXT, author_key="g1", author_is_guest=True, network_key="busy-network-key",
        story_posts=chatty,
    )  # fmt: skip
    assert codes(result) == ["story_surge"]
    puppets = [StoryPost(f"a{n}", "office-network", 900 * DAY, NOW - 5) for n in range(2)]
    sock = await verdict(
        text=TEXT, author_key="a7", author_account_age_seconds=900 * DAY,
        network_key="office-network", story_posts=puppets,
    )  # fmt: skip
    assert codes(sock) == ["story_surge"]  # a third account from one network, however old
    elsewhere = await verdict(
        text=TEXT, author_account_age_seconds=900 * DAY, network_key="home", story_posts=puppets
    )
    assert elsewhere.action == "publish"


def test_the_evidence_names_networks_by_short_opaque_keys_and_ages() -> None:
    posts = [StoryPost(f"a{n}", "f" * 64, 3600.0 * (n + 1), NOW - n) for n in range(3)]
    surge = assess(
        facts(author_key="a9", network_key="e" * 64, author_account_age_seconds=60.0,
              story_posts=posts),
        ModerationSettings(),
    )  # fmt: skip
    assert surge is not None
    evidence = surge.evidence()
    assert evidence["networks"] == [{"key": "ffffffff", "comments": 3, "authors": 3}]
    assert evidence["account_ages_seconds"] == [60, 3600, 7200, 10800]
    assert evidence["new_accounts"] == 4 and evidence["guests"] == 0


async def test_edits_imports_and_switched_off_sites_are_not_held() -> None:
    burst = guests(20)
    for changes in ({"is_edit": True}, {"is_import": True}):
        result = await verdict(text=TEXT, author_is_guest=True, story_posts=burst, **changes)
        assert "story_surge" not in codes(result)
    loose = {"surge_new_authors": 50}
    assert (await verdict(loose, text=TEXT, author_is_guest=True, story_posts=burst)).reasons == ()


def test_surge_settings_are_checked() -> None:
    for bad in ({"surge_new_authors": 1}, {"surge_new_share": 1.5}, {"surge_window_seconds": 0}):
        try:
            ModerationSettings.from_mapping(bad)
        except ValueError:
            continue
        raise AssertionError(f"accepted {bad}")
