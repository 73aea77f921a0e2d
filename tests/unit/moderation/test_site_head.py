"""The per-site head: it learns a kind of comment the base model lets through, moves a score by
a bounded amount only, refuses to train below its minimums, resists one moderator or one author
carrying the training data, and trains to the same bytes every time."""

from __future__ import annotations

import io
import pickle

import numpy as np
import pytest

from rejoinder.moderation import ModerationSettings, build_pipeline, load_default_model
from rejoinder.moderation import site_head as heads
from rejoinder.moderation.linear import LinearModel
from tests.unit.moderation.conftest import facts
from tests.unit.moderation.site_learning_texts import stream

MODERATORS = ("account:1", "account:2", "account:3")


@pytest.fixture(scope="module")
def linear() -> LinearModel:
    return load_default_model("fast").linear


def _examples(count: int = 400, rejected_share: float = 0.3, seed: int = 7) -> list[heads.Example]:
    return [
        heads.Example(text, rejected, MODERATORS[i % 3], f"author-{i}")
        for i, (text, rejected) in enumerate(stream(count, rejected_share, seed))
    ]


def _policy(linear: LinearModel) -> heads.Policy:
    # The synthetic promotions score near 0: only the largest raise takes them to the hold line.
    return heads.Policy(hold=linear.thresholds["toxicity"], max_raise=0.5)


def test_the_base_model_lets_the_kind_through(linear: LinearModel) -> None:
    """The premise of the other tests: promotion is not what the base model looks for."""
    rejected = [e.text for e in _examples() if e.rejected]
    scores = [linear.probabilities(text)["toxicity"] for text in rejected]
    assert max(scores) < linear.thresholds["toxicity"]


def test_it_learns_the_kind_and_the_gate_lets_it_in(linear: LinearModel) -> None:
    candidate = heads.train_candidate(_examples(), linear, _policy(linear))
    e = candidate.evaluation
    assert candidate.refused == ()
    assert e.auc_site > e.auc_base + 0.2
    assert e.rejected_held_site > 0.9 > e.rejected_held_base
    assert e.approved_held_site <= e.approved_held_base + 0.02


def test_training_is_deterministic(linear: LinearModel) -> None:
    first = heads.train_candidate(_examples(), linear, _policy(linear))
    second = heads.train_candidate(_examples(), linear, _policy(linear))
    assert first.head.to_bytes() == second.head.to_bytes()
    assert first.figures == second.figures


def _wild_head(linear: LinearModel, scale: float) -> heads.SiteHead:
    ids = np.arange(1 << linear.config.dimension_bits, dtype=np.int64)
    weights = np.full(len(ids), scale)
    return heads.SiteHead(ids, weights, np.zeros(3), scale, heads.fingerprint(linear))


@pytest.mark.parametrize("scale", [1e3, -1e3])
def test_the_cap_holds_whatever_the_weights(linear: LinearModel, scale: float) -> None:
    encoded = heads.encode(["A calm remark.", "You absolute idiot.", "x"], linear)
    shifts = _wild_head(linear, scale).shifts(encoded, max_raise=0.3, max_lower=0.1)
    assert np.all(shifts <= 0.3 + 1e-12) and np.all(shifts >= -0.1 - 1e-12)
    assert np.abs(shifts).max() > 0.05  # it did move: the cap, not a dead head, bounds it
    beyond = _wild_head(linear, scale).shifts(encoded, max_raise=5.0, max_lower=5.0)
    assert np.all(beyond <= heads.HARD_MAX_RAISE) and np.all(beyond >= -heads.HARD_MAX_LOWER)


def test_the_adjustment_moves_toxicity_only(linear: LinearModel) -> None:
    adjustment = heads.SiteAdjustment(_wild_head(linear, 1e3), 4, linear, 0.3, 0.1)
    scores = {"toxicity": 0.1, "insult": 0.2, "identity_attack": 0.05, "profanity": 0.0}
    adjusted = adjustment.adjust("Earn money from home", scores)
    assert adjusted == {**scores, "toxicity": pytest.approx(0.4)}
    assert adjustment.record() == {"version": 4, "shift": 0.3}


def test_a_site_model_never_rejects_on_its_own(linear: LinearModel) -> None:
    adjustment = heads.SiteAdjustment(_wild_head(linear, 1e3), 1, linear, 0.5, 0.1, ceiling=0.9)
    near = adjustment.adjust("Earn money from home", {"toxicity": 0.7})
    assert near["toxicity"] == pytest.approx(0.9)
    over = adjustment.adjust("Earn money from home", {"toxicity": 0.95})
    assert over["toxicity"] == 0.95  # already past it by the base model's own score: unchanged


async def test_the_pipeline_holds_what_the_head_raises(linear: LinearModel) -> None:
    model = load_default_model("fast")
    adjustment = heads.SiteAdjustment(_wild_head(linear, 1e3), 1, linear, 0.5, 0.1)
    settings = ModerationSettings.from_mapping({"phases": ["model"], "nudge_enabled": False})
    text = "Make easy money online, visit my profile."
    plain = await build_pipeline(settings, model).evaluate(facts(text=text))
    learnt = await build_pipeline(settings, model, adjustment).evaluate(facts(text=text))
    assert plain.action == "publish" and learnt.action == "hold"
    assert learnt.scores["toxicity"] == pytest.approx(plain.scores["toxicity"] + 0.5)


@pytest.mark.parametrize(
    ("examples", "message"),
    [
        (lambda: _examples(150), "decisions"),
        (lambda: _examples(400, rejected_share=0.05), "of each"),
        (
            lambda: [heads.Example(e.text, e.rejected, "account:1", e.author) for e in _examples()],
            "moderator",
        ),
        (
            lambda: [
                heads.Example(e.text, e.rejected and i < 300, e.moderator, e.author)
                for i, e in enumerate(_examples())
            ],
            "latest",
        ),
    ],
    ids=["too few", "one outcome rare", "one moderator", "none rejected lately"],
)
def test_no_head_below_the_minimums(linear: LinearModel, examples: object, message: str) -> None:
    with pytest.raises(heads.NotEnoughDecisions, match=message):
        heads.train_candidate(examples(), linear, _policy(linear))  # type: ignore[operator]


def test_no_moderator_carries_more_than_half() -> None:
    groups = ["account:1"] * 800 + ["account:2"] * 150 + ["account:3"] * 50
    weights = heads.capped_weights(groups, 0.5)
    share = weights[:800].sum() / weights.sum()
    assert share == pytest.approx(0.5)
    assert weights[800] == weights[-1] == 1.0  # the others keep their full weight


def test_one_author_weighs_little() -> None:
    weights = heads.per_author_weights(["flood"] * 200 + ["a", "b"], max_per_author=20)
    assert weights[:200].sum() == pytest.approx(20)
    assert weights[-1] == 1.0


def test_one_moderator_flipping_decisions_cannot_push_it_through(linear: LinearModel) -> None:
    """Poisoning: a rogue moderator rejects civil comments en masse. With the weight cap the
    others' decisions still rule, and the gate (judged on everyone's latest decisions) refuses
    a head that holds the comments they approve."""
    civil = [
        heads.Example(e.text, False, e.moderator, e.author) for e in _examples(600, 0.0, seed=3)
    ]
    rogue = [heads.Example(e.text, True, "account:9", e.author) for e in civil[:300]]
    honest = civil[300:]
    mixed = [x for pair in zip(rogue, honest, strict=True) for x in pair]
    candidate = heads.train_candidate(mixed, linear, _policy(linear))
    share = candidate.figures["largest_moderator_share"]
    assert isinstance(share, float) and share <= 0.5
    assert candidate.refused


def test_the_gate_refuses_a_head_that_releases_what_the_base_holds() -> None:
    evaluation = heads.Evaluation(
        decisions=100,
        rejected=50,
        auc_base=0.80,
        auc_site=0.90,
        approved_held_base=0.10,
        approved_held_site=0.02,
        rejected_held_base=0.60,
        rejected_held_site=0.50,
    )
    assert any("let through" in r for r in heads.gate(evaluation, heads.Policy(hold=0.5)))


def test_the_weights_round_trip_and_refuse_anything_else(linear: LinearModel) -> None:
    head = heads.train_candidate(_examples(), linear, _policy(linear)).head
    again = heads.SiteHead.from_bytes(head.to_bytes(), head.base_model)
    encoded = heads.encode(["Earn $400 a day from home, visit my profile."], linear)
    assert again.shifts(encoded, 0.3, 0.1) == pytest.approx(head.shifts(encoded, 0.3, 0.1))
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"evil": 1}], dtype=object), allow_pickle=True)
    for bad in (b"", b"not an npz", pickle.dumps(head), buffer.getvalue()):
        with pytest.raises(ValueError, match="not a site model"):
            heads.SiteHead.from_bytes(bad, head.base_model)


def test_the_fingerprint_follows_the_weights(linear: LinearModel) -> None:
    changed = LinearModel(
        linear.categories,
        linear.weights * 1.01,
        linear.bias,
        linear.config,
        linear.thresholds,
        linear.metadata,
    )
    assert heads.fingerprint(linear) == heads.fingerprint(linear)
    assert heads.fingerprint(changed) != heads.fingerprint(linear)
