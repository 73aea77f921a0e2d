"""The accurate mode: the shipped transformer, run only where the fast model is unsure."""

from pathlib import Path

import pytest

from rejoinder.moderation import CommentFacts, ModerationSettings, build_pipeline
from rejoinder.moderation.accurate import Band, load_accurate, nested
from rejoinder.moderation.scoring import ModerationModel, load_model
from rejoinder.moderation.transformer_text import MASK, prepare

CIVIL = "The minister's figures on defence spending do not add up, as the auditor said."
HOSTILE = "You are a pathetic idiot and everyone here is sick of your stupid lies."


@pytest.fixture(scope="module")
def accurate() -> ModerationModel:
    model = load_model(mode="accurate")
    assert model.accurate is not None, "the shipped accurate model did not load"
    return model


@pytest.fixture(scope="module")
def fast() -> ModerationModel:
    return load_model(mode="fast")


def test_band_combines_inside_and_leaves_outside_alone() -> None:
    band = Band(low=0.2, high=0.6, weight=0.75)
    assert band.contains(0.2) and band.contains(0.59)
    assert not band.contains(0.19) and not band.contains(0.6)
    combined = band.combine({"toxicity": 0.4, "profanity": 0.1}, {"toxicity": 0.8})
    assert combined == pytest.approx({"toxicity": 0.7, "profanity": 0.1})


def test_identity_terms_are_masked_before_the_transformer_sees_them() -> None:
    text = prepare("I am a gay Muslim woman, @editor", frozenset({"gay", "muslim", "woman"}))
    assert text == f"i am a {MASK} {MASK} {MASK}, user"


def test_missing_files_mean_fast_mode(tmp_path: Path) -> None:
    assert load_accurate(tmp_path) is None
    (tmp_path / "model.json").write_text("{}")
    assert load_accurate(tmp_path) is None  # no graph, no band: never half-loaded


def test_the_shipped_transformer_separates_hostile_from_civil(accurate: ModerationModel) -> None:
    assert accurate.accurate is not None
    civil, hostile = accurate.accurate.probabilities([CIVIL, HOSTILE])
    assert hostile["toxicity"] > 0.8 > 0.2 > civil["toxicity"]
    assert hostile["insult"] > civil["insult"]


def test_only_the_uncertain_band_reaches_the_transformer(
    accurate: ModerationModel, fast: ModerationModel
) -> None:
    assert accurate.accurate is not None
    band = accurate.accurate.band
    # Fast toxicity about 0.04, 0.42 and 0.49 on the shipped linear model, and the extremes.
    texts = [
        CIVIL,
        HOSTILE,
        "this is wrong",
        "The government is useless",
        "Pathetic bunch of pirates",
    ]
    for text in texts:
        fast_scores, cascade_scores = fast.scores(text), accurate.scores(text)
        if band.contains(fast_scores["toxicity"]):
            assert accurate.reaches_accurate(text)
            assert cascade_scores != fast_scores
        else:
            assert not accurate.reaches_accurate(text)
            assert cascade_scores == nested(fast_scores)  # sub-categories capped, nothing else
    assert any(accurate.reaches_accurate(t) for t in texts), "no example in the band"


def test_a_batch_scores_like_one_at_a_time(accurate: ModerationModel) -> None:
    texts = [CIVIL, HOSTILE, "this is wrong", "The government is useless", ""]
    batch = accurate.scores_many(texts)
    for text, scores in zip(texts, batch, strict=True):
        # Dynamic int8 quantisation scales activations per batch: a few 1e-4 apart, no more.
        assert scores == pytest.approx(accurate.scores(text), abs=2e-3)


def test_thresholds_come_from_the_cascade_in_accurate_mode(
    accurate: ModerationModel, fast: ModerationModel
) -> None:
    assert accurate.accurate is not None
    assert accurate.thresholds["toxicity"] == accurate.accurate.thresholds["toxicity"]
    assert fast.thresholds["toxicity"] == fast.linear.thresholds["toxicity"]
    assert accurate.thresholds["profanity"] == fast.thresholds["profanity"]


def test_kinds_of_toxicity_never_score_above_toxicity(accurate: ModerationModel) -> None:
    assert accurate.accurate is not None
    texts = ["Muslim people live here.", HOSTILE, CIVIL, "those people are vermin", "you liar"]
    for scores in accurate.accurate.probabilities(texts) + accurate.scores_many(texts):
        assert scores["insult"] <= scores["toxicity"]
        assert scores["identity_attack"] <= scores["toxicity"]


def test_thorough_mode_sends_more_comments_to_the_transformer(accurate: ModerationModel) -> None:
    thorough = load_model(mode="thorough")
    assert thorough.accurate is not None and accurate.accurate is not None
    band, wider = accurate.accurate.band, thorough.accurate.band
    assert wider.low <= band.low and wider.high >= band.high
    texts = [CIVIL, "this is wrong", "The government is useless", "thanks", "I disagree"]
    assert sum(map(thorough.reaches_accurate, texts)) > sum(map(accurate.reaches_accurate, texts))


async def test_posting_scores_like_the_command_line(accurate: ModerationModel) -> None:
    pipeline = build_pipeline(ModerationSettings.from_mapping({}), accurate)
    for text in [CIVIL, "The government is useless", "Pathetic bunch of pirates"]:
        verdict = await pipeline.evaluate(CommentFacts(text=text, author_key="a", now=0.0))
        assert verdict.scores == pytest.approx(accurate.scores(text), abs=1e-6)


def test_a_transformer_decision_is_explained_by_the_transformer() -> None:
    thorough = load_model(mode="thorough")  # every comment reaches the transformer
    text = "Pathetic bunch of pirates..."  # comment 21 of the reference page
    assert thorough.reaches_accurate(text)
    assert thorough.accurate is not None
    explained = thorough.accurate.explain(text, ["toxicity", "insult"])
    assert explained["toxicity"][0] == "pathetic"
    # The pipeline's explanation is the span model's highlight (docs/spans.md), not occlusion.
    assert "pathetic" in " ".join(thorough.explain(text, "toxicity")).lower()
    civil = thorough.accurate.explain(CIVIL, ["toxicity"])
    assert civil == {"toxicity": []}  # no word drives a civil comment
