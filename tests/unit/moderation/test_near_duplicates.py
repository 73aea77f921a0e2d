"""Near-duplicates that survive small edits, reordering and padding (SECURITY 31, ADR 0015)."""

from __future__ import annotations

import pytest

from rejoinder.moderation import RecentPost
from rejoinder.moderation.near_duplicates import (
    SignatureCache,
    compute_signature,
    containment,
    signature,
    similar,
)
from tests.unit.moderation.conftest import NOW, codes, verdict

CAMPAIGN = (
    "Everyone should cancel their subscription to this paper right now. "
    "They have lost all credibility with this coverage."
)
PARAPHRASES = {
    "one added word": CAMPAIGN.replace("should cancel", "should really cancel"),
    "exclamation": CAMPAIGN.replace("coverage.", "coverage!"),
    "added word and exclamation": CAMPAIGN.replace("now.", "now!").replace("all", "all their"),
    "sentences reordered": (
        "They have lost all credibility with this coverage. "
        "Everyone should cancel their subscription to this paper right now."
    ),
    "padded": (
        "I have read this paper for twenty years. " + CAMPAIGN + " Sad to see it come to this."
    ),
    "one synonym": CAMPAIGN.replace("paper", "newspaper"),
    "leet and case": CAMPAIGN.upper().replace("E", "3", 4),
}
GOLDEN_SUM = 55261017  # the hashes of CAMPAIGN, the same in every process
DISTINCT = [
    "The subscription price went up again this year and the paper is thinner than ever.",
    "Good coverage of the council meeting, though I wish they had quoted the residents.",
    "I cancelled my subscription years ago when they moved the crossword to the weekend.",
    "Credibility is earned slowly; this paper has been reliable on local news for decades.",
]


@pytest.mark.parametrize("name", sorted(PARAPHRASES))
def test_a_paraphrase_is_a_near_duplicate(name: str) -> None:
    assert containment(signature(CAMPAIGN), signature(PARAPHRASES[name])) >= 0.6


@pytest.mark.parametrize("name", sorted(PARAPHRASES))
async def test_paraphrases_from_other_accounts_are_held(name: str) -> None:
    others = [p for n, p in sorted(PARAPHRASES.items()) if n != name][:2]
    posts = [RecentPost(text, author, NOW - 30) for text, author in zip(others, "bc", strict=True)]
    result = await verdict(text=PARAPHRASES[name], recent_posts=posts)
    assert result.action == "hold" and "duplicate_across_accounts" in codes(result)


async def test_the_author_posting_a_paraphrase_again_is_rejected() -> None:
    posts = [RecentPost(PARAPHRASES["padded"], "a1", NOW - 60)]
    result = await verdict(text=PARAPHRASES["one synonym"], recent_posts=posts)
    assert codes(result) == ["repeated_comment"]


def test_distinct_comments_on_the_same_subject_are_not_duplicates() -> None:
    mine = signature(CAMPAIGN)
    assert similar(mine, [signature(t) for t in DISTINCT], 0.6) == [False] * len(DISTINCT)
    assert max(containment(mine, signature(t)) for t in DISTINCT) < 0.3


async def test_many_readers_saying_great_article_is_not_a_campaign() -> None:
    posts = [RecentPost("Great article!", author, NOW - 5) for author in "bcdefg"]
    assert (await verdict(text="Great article!!", recent_posts=posts)).action == "publish"


async def test_short_comments_by_one_author_differ_by_one_word() -> None:
    # Too short to tell a copy from a coincidence: only equal words match.
    posts = [RecentPost(f"Point number {n} about the story.", "a1", NOW - n) for n in range(3)]
    assert (await verdict(text="Point number 7 about the story.", recent_posts=posts)).reasons == ()
    again = await verdict(text="point number 2 about the story!", recent_posts=posts)
    assert codes(again) == ["repeated_comment"]


async def test_quoting_a_comment_to_answer_it_is_not_copying_it() -> None:
    posts = [RecentPost(CAMPAIGN, author, NOW - 30) for author in "bc"]
    reply = f"> {CAMPAIGN}\n\nNo: their reporting on the budget was the best in the region."
    assert (await verdict(text=reply, recent_posts=posts)).action == "publish"


async def test_old_posts_fall_out_of_the_window() -> None:
    posts = [RecentPost(CAMPAIGN, author, NOW - 7200) for author in "bc"]
    assert (await verdict(text=PARAPHRASES["padded"], recent_posts=posts)).action == "publish"


def test_signatures_do_not_depend_on_the_process() -> None:
    # No `hash()`: app servers with different hash seeds must agree on every post.
    assert int(compute_signature(CAMPAIGN).shingles.sum()) == GOLDEN_SUM


def test_the_cache_is_bounded_by_entries_and_by_hashes() -> None:
    cache = SignatureCache(max_entries=3, max_hashes=10_000)
    for n in range(10):
        cache.get(f"{CAMPAIGN} {n}")
    assert len(cache) == 3
    small = SignatureCache(max_entries=100, max_hashes=250)
    for n in range(10):
        small.get(f"{CAMPAIGN} and {n} more words about nothing at all")
    assert small.hashes <= 250 and len(small) >= 1


def test_every_length_and_odd_input_has_a_signature() -> None:
    for text in ["", "!!!", "a", "ab cd", "\u0000\U0010ffff" * 20, "x" * 10_000, "> only a quote"]:
        mine = compute_signature(text)
        assert containment(mine, mine) in (0.0, 1.0)
        assert similar(mine, [mine, compute_signature(CAMPAIGN)], 0.6)[1] is False
