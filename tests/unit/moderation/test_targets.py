"""Criticism of states is not an identity attack; attacks on people still are (issue 13).

The reference page (tests/fixtures/pages/wire-story-with-comments.txt) is heated political
argument about China and Russia. Before the identity-attack guard (moderation/targets.py), #9
("China is not the enemy ... the idiocy") and #18 ("Of course China is the enemy ... the evil
China and Russia represent") were nudged as `identity_attack` in every mode.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from rejoinder.moderation import CommentFacts, ModerationSettings, build_pipeline
from rejoinder.moderation.scoring import Mode, load_default_model
from rejoinder.moderation.targets import CAP_SHARE, TargetLexicon, state_only_discount

PAGE = Path(__file__).resolve().parents[2] / "fixtures" / "pages" / "wire-story-with-comments.txt"

MODES = pytest.mark.parametrize("mode", ["fast", "accurate", "thorough"])
# The page's criticism of states and governments: #9 and #18 (the ones that were identity
# attacks) and the five the model card lists (Beijing ridiculed, China's "panties in a knot",
# a "Fascist" regime, states that steal, land-stealing bullies).
CRITICISM_OF_STATES = (9, 18, 2, 3, 11, 15, 16)

# People-targeted counterparts: the same kind of argument with a people group as the target.
# Each is flagged as an identity attack in every mode, with and without the guard.
ATTACKS_ON_PEOPLE = (
    "Russians are subhuman.",
    "Russia must be destroyed. Russians are subhuman.",
    "Of course China is the enemy. The Chinese are vermin and they breed like rats.",
    "China is evil. They are vermin, all of them, and should be sent back.",
    "All Chinese are liars, just like their government.",
    "Muslims are a plague on this country.",
)


def _page() -> list[str]:
    """The 25 comments, numbered as training/seed_page.py and the model card number them."""
    lines = PAGE.read_text(encoding="utf-8").split("25 Comments", 1)[1].strip().splitlines()
    comments: list[list[str]] = []
    for line in (raw.strip() for raw in lines):
        if line and " " not in line and len(line) <= 30:
            comments.append([])  # a one-word line is a username
        elif comments and line:
            comments[-1].append(line)
    assert len(comments) == 25
    return ["\n".join(paragraphs) for paragraphs in comments]


# --- the lexicon and the rule, without a model -------------------------------------------------


def test_a_government_named_by_nationality_is_not_the_people() -> None:
    lexicon = TargetLexicon()
    government = lexicon.mentions("The Chinese government and the Kremlin lie.")
    assert government.states == ("chinese government", "the kremlin")
    assert government.people == ()
    people = lexicon.mentions("Chinese people and Russians are welcome here.")
    assert people.states == () and set(people.people) == {"chinese", "people", "russians"}
    assert lexicon.mentions("They are vermin.").pronouns


def _by_length(parts: Sequence[str]) -> list[float]:
    # A stand-in model: a sentence "about people" scores 0.9 when it says "vermin", else 0.1.
    return [0.9 if "vermin" in part else 0.1 for part in parts]


@pytest.mark.parametrize(
    ("text", "discounted"),
    [
        ("China is the enemy. Russia is evil.", True),  # states only
        ("China is the enemy. Even the Chinese know it.", True),  # people named, no attack
        ("China is the enemy. The Chinese are vermin.", False),  # people attacked
        ("China is the enemy. They are vermin.", False),  # "they", no state in the sentence
        ("The Chinese are vermin.", False),  # no state at all
        ("The chicoms run China.", False),  # a listed slur switches the guard off
        ("Chinese people are vermin and China is evil.", False),  # one sentence about people
    ],
)
def test_the_guard_discounts_only_comments_about_states(text: str, discounted: bool) -> None:
    threshold = 0.5
    found = state_only_discount(text, 0.8, threshold, _by_length)
    assert (found is not None) is discounted, text
    if found is not None:
        assert found.capped < threshold and found.category == "identity_attack"
        assert found.capped == pytest.approx(max(CAP_SHARE * threshold, 0.1))


def test_a_score_under_the_cap_is_left_alone() -> None:
    assert state_only_discount("China is the enemy.", 0.2, 0.5, _by_length) is None


# --- the shipped models ------------------------------------------------------------------------


@MODES
def test_criticism_of_states_on_the_reference_page_is_no_identity_attack(mode: Mode) -> None:
    model = load_default_model(mode)
    page = _page()
    texts = [page[n - 1] for n in CRITICISM_OF_STATES]
    for number, scores in zip(CRITICISM_OF_STATES, model.scores_many(texts), strict=True):
        assert "identity_attack" not in model.flags(scores), (mode, number, scores)


@MODES
async def test_the_pipeline_gives_no_identity_attack_reason_for_9_and_18(mode: Mode) -> None:
    model = load_default_model(mode)
    pipeline = build_pipeline(ModerationSettings.from_mapping({}), model)
    page = _page()
    for number in (9, 18):
        verdict = await pipeline.evaluate(
            CommentFacts(text=page[number - 1], author_key="u", now=0)
        )
        codes = [reason.code for reason in verdict.reasons]
        assert "identity_attack" not in codes, (mode, number, codes)
        for reason in verdict.reasons:  # each remaining reason says what was discounted
            assert reason.details["discounted"], (mode, number, reason)


@MODES
def test_attacks_on_people_are_still_identity_attacks(mode: Mode) -> None:
    model = load_default_model(mode)
    for text, scored in zip(ATTACKS_ON_PEOPLE, model.scored_many(ATTACKS_ON_PEOPLE), strict=True):
        assert scored.discounts == (), (mode, text)
        assert "identity_attack" in model.flags(scored.scores), (mode, text, scored.scores)


@MODES
def test_18_with_an_attack_on_the_chinese_in_it_is_an_identity_attack(mode: Mode) -> None:
    model = load_default_model(mode)
    text = _page()[17].replace("Even the Chinese understand this.", "The Chinese are vermin.")
    assert text != _page()[17]
    scored = model.scored(text)
    assert scored.discounts == ()
    assert "identity_attack" in model.flags(scored.scores), (mode, scored.scores)


DEHUMANISING = ("Chinese people are vermin.", "China is a disgrace and Chinese people are vermin.")


@MODES
def test_dehumanising_a_nationality_is_never_discounted(mode: Mode) -> None:
    model = load_default_model(mode)
    for text in DEHUMANISING:
        assert model.scored(text).discounts == (), (mode, text)


@pytest.mark.xfail(
    strict=True,
    reason="a gap of the models, not of the guard (which leaves these alone): 'Chinese people "
    "are vermin.' scores identity_attack 0.24 / 0.48 / 0.59 against thresholds 0.39 / 0.53 / "
    "0.60, and fast mode does not flag it at all (toxicity 0.20); docs/moderation.md",
)
@MODES
def test_dehumanising_a_nationality_is_an_identity_attack(mode: Mode) -> None:
    model = load_default_model(mode)
    assert "identity_attack" in model.flags(model.scores(DEHUMANISING[0]))


@pytest.mark.parametrize("mode", ["accurate", "thorough"])
def test_dehumanising_a_nationality_is_flagged_in_the_cascaded_modes(mode: Mode) -> None:
    model = load_default_model(mode)
    for text in DEHUMANISING:
        assert "toxicity" in model.flags(model.scores(text)), (mode, text)


@MODES
async def test_a_nationality_slur_is_held_and_never_discounted(mode: Mode) -> None:
    model = load_default_model(mode)
    pipeline = build_pipeline(ModerationSettings.from_mapping({}), model)
    text = "China is the enemy and the chicoms must be stopped."
    assert model.scored(text).discounts == ()
    verdict = await pipeline.evaluate(CommentFacts(text=text, author_key="u", now=0))
    assert verdict.action == "hold" and "slur" in [r.code for r in verdict.reasons]


def test_the_score_command_explains_the_discount() -> None:
    from rejoinder.cli.moderation import score_line

    line = score_line(load_default_model("accurate"), _page()[8])
    assert line["flags"] == ["toxicity"]
    explanation = line["explanation"]
    assert isinstance(explanation, dict)
    (discount,) = explanation["discounted"]
    assert discount["category"] == "identity_attack" and "china" in discount["states"]
    assert "attacks no people group" in discount["reason"]
