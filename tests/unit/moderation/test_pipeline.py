import pytest

from rejoinder.moderation import ModerationSettings, RecentPost, build_pipeline
from tests.unit.moderation.conftest import NOW, codes, facts, verdict

TOXIC = "You are a pathetic idiot and a worthless moron, shut up."
RUDE = "You sound like a fool."


async def test_ordinary_comment_is_published_with_four_scores() -> None:
    result = await verdict()
    assert result.action == "publish"
    assert set(result.scores) == {"toxicity", "insult", "identity_attack", "profanity"}
    assert result.to_json()["action"] == "publish"


@pytest.mark.parametrize(("text", "code"), [("", "too_short"), ("x" * 10_001, "too_long")])
async def test_length_limits_reject(text: str, code: str) -> None:
    result = await verdict(text=text)
    assert (result.action, codes(result)) == ("reject", [code])


async def test_closed_story_rejects_and_stops_later_phases() -> None:
    result = await verdict(story_closed=True, text=TOXIC)
    assert result.action == "reject"
    assert codes(result) == ["story_closed"]


async def test_pre_moderation_holds_everything() -> None:
    result = await verdict({"mode": "pre"})
    assert (result.action, codes(result)) == ("hold", ["premoderation"])


async def test_banned_words_reject_and_suspect_words_hold() -> None:
    settings = {"banned_words": ["crypto giveaway"], "suspect_words": ["refund"]}
    banned = await verdict(settings, text="Join the CRYPTO   giveaway today")
    suspect = await verdict(settings, text="I want a refund for my subscription")
    assert banned.action == "reject"
    assert banned.reasons[0].details["words"] == ["crypto giveaway"]
    assert (suspect.action, codes(suspect)) == ("hold", ["suspect_words"])


async def test_link_policy() -> None:
    links = " ".join(f"https://site{i}.example/x" for i in range(4))
    assert codes(await verdict(text=f"See {links}")) == ["too_many_links"]
    settings = {"allowed_link_hosts": ["example.org"]}
    fine = await verdict(settings, text="Source: https://news.example.org/a")
    refused = await verdict(settings, text="Source: www.spam.test/buy")
    assert fine.action == "publish"
    assert refused.reasons[0].details["hosts"] == ["www.spam.test"]


def _posts(text: str, authors: list[str], age: float = 10.0) -> list[RecentPost]:
    return [RecentPost(text, author, NOW - age) for author in authors]


async def test_same_text_from_several_accounts_is_held() -> None:
    text = "Everyone should cancel their subscription to this paper right now"
    result = await verdict(text=text + "!", recent_posts=_posts(text, ["b", "c"]))
    assert (result.action, codes(result)) == ("hold", ["duplicate_across_accounts"])
    old = await verdict(text=text, recent_posts=_posts(text, ["b", "c"], age=7200))
    assert old.action == "publish"


async def test_repeat_from_same_author_is_rejected_and_bursts_are_held() -> None:
    repeat = await verdict(recent_posts=_posts(facts().text, ["a1"]))
    assert codes(repeat) == ["repeated_comment"]
    burst = [RecentPost(f"note number {i}", "a1", NOW - i) for i in range(5)]
    assert codes(await verdict(recent_posts=burst)) == ["flood"]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"author_always_premoderate": True}, "author_premoderated"),
        ({"author_account_age_seconds": 60.0}, "new_account"),
        ({"author_recent_total": 6, "author_recent_rejected": 4}, "high_rejection_rate"),
    ],
)
async def test_author_history_holds(changes: dict[str, object], code: str) -> None:
    result = await verdict(**changes)
    assert (result.action, codes(result)) == ("hold", [code])


async def test_toxic_comment_is_nudged_then_held_on_resubmission() -> None:
    first = await verdict(text=RUDE)
    assert first.action == "nudge"
    assert first.reasons[0].message.startswith("Your comment may read as rude")
    assert "fool" in " ".join(first.reasons[0].details["words"])  # type: ignore[arg-type]
    again = await verdict(text=RUDE, resubmitted_after_nudge=True)
    assert again.action == "hold"
    assert (await verdict(text=RUDE, is_import=True)).action == "hold"
    assert (await verdict(text=TOXIC)).action == "reject"


async def test_thresholds_are_per_site() -> None:
    strict = {"thresholds": {"toxicity": {"reject": 0.3}, "insult": {"reject": 0.3}}}
    assert (await verdict(strict, text=TOXIC)).action == "reject"
    relaxed = {"nudge_enabled": False, "phases": ["length", "model"]}
    assert (await verdict(relaxed, text=RUDE)).action == "hold"


def test_settings_reject_unknown_keys_and_values() -> None:
    with pytest.raises(ValueError, match="unknown keys"):
        ModerationSettings.from_mapping({"treshold": 1})
    with pytest.raises(ValueError, match="unknown phases"):
        ModerationSettings.from_mapping({"phases": ["length", "astrology"]})
    with pytest.raises(ValueError, match="between 0 and 1"):
        ModerationSettings.from_mapping({"thresholds": {"toxicity": {"hold": 2}}})
    with pytest.raises(ValueError, match="max_length"):
        ModerationSettings.from_mapping({"max_length": "long"})
    assert ModerationSettings.from_mapping({}).max_length == 10_000


async def test_noop_only_pipeline_publishes_anything() -> None:
    pipeline = build_pipeline(ModerationSettings.from_mapping({"phases": ["noop"]}))
    assert (await pipeline.evaluate(facts(text=TOXIC))).action == "publish"
