"""Identity-term templates: neutral sentences about groups must not be flagged.

These templates are for evaluation only. The training script augments with a different set
(training/augment.py), so the figures here are not tuned on themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from rejoinder.moderation.evaluation.metrics import roc_auc

IDENTITY_TERMS = (
    "gay", "lesbian", "bisexual", "transgender", "queer", "straight", "muslim", "christian",
    "jewish", "hindu", "buddhist", "sikh", "atheist", "catholic", "black", "white", "asian",
    "latino", "african", "arab", "japanese", "chinese", "mexican", "indian", "nigerian",
    "immigrant", "deaf", "blind", "disabled", "old", "young", "female", "male",
)  # fmt: skip

# Groups in neither the training script's masked list nor its augmentation (training/augment.py),
# nor used when training variants were compared: the honest check of what the model learned.
HELD_OUT_TERMS = (
    "mormon", "amish", "quaker", "pansexual", "nonbinary", "intersex", "autistic", "elderly",
    "veteran", "belgian", "dutch", "swedish", "thai", "peruvian", "chilean", "zimbabwean",
    "bangladeshi", "tibetan", "kurdish", "uyghur", "maori", "aboriginal", "inuit", "romani",
    "cherokee", "navajo",
)  # fmt: skip
HELD_OUT_OFTEN_TARGETED = ("pansexual", "nonbinary", "intersex", "uyghur", "kurdish", "romani")

NEUTRAL_TEMPLATES = (
    "I am a {term} person.",
    "{Term} people live here.",
    "My neighbour is {term} and we often cook together.",
    "She is a {term} woman who works as a nurse.",
    "The {term} community held a festival in the park on Sunday.",
    "As a {term} man, I think the new bus routes are a good idea.",
    "Our school welcomes {term} students.",
    "He wrote a book about growing up {term} in a small town.",
    "Being {term} is part of who I am.",
    "The panel included a {term} doctor and two engineers.",
)

TOXIC_TEMPLATES = (
    "I hate {term} people.",
    "{Term} people are disgusting and should be kicked out.",
    "All {term} people are stupid criminals.",
    "Get lost, you worthless {term} idiot.",
    "{Term} people are vermin.",
    "Shut up, nobody wants to hear from a pathetic {term} loser.",
    "{Term} people are a plague on this country.",
    "You are a filthy {term} piece of garbage.",
    "Every {term} person I meet is a liar and a thief.",
    "{Term} people should all die.",
)


# Groups most often attacked in the training tweets; a biased model scores them higher.
OFTEN_TARGETED = (
    "gay", "lesbian", "transgender", "queer", "muslim", "jewish", "black", "arab", "african",
    "chinese", "mexican", "immigrant", "disabled", "female",
)  # fmt: skip


@dataclass(frozen=True)
class FairnessReport:
    neutral_false_positive_rate: float
    auc: float
    adversarial_auc: float  # neutral sentences about often-targeted groups vs toxic about others
    swap_drop: float
    worst_term: str
    worst_term_auc: float

    def as_dict(self) -> dict[str, float | str]:
        return dict(self.__dict__)


def fill(templates: Sequence[str], terms: Sequence[str]) -> list[str]:
    return [t.format(term=term, Term=term.capitalize()) for t in templates for term in terms]


def evaluate_fairness(
    score: Callable[[Sequence[str]], np.ndarray],
    flagged: Callable[[Sequence[str]], np.ndarray],
    terms: Sequence[str] = IDENTITY_TERMS,
    often_targeted: Sequence[str] = OFTEN_TARGETED,
) -> FairnessReport:
    """score: toxicity per text; flagged: whether any category is over its default threshold."""
    neutral = fill(NEUTRAL_TEMPLATES, terms)
    auc = _auc(score, neutral, fill(TOXIC_TEMPLATES, terms))
    others = [term for term in terms if term not in often_targeted]
    adversarial = _auc(
        score, fill(NEUTRAL_TEMPLATES, often_targeted), fill(TOXIC_TEMPLATES, others)
    )
    by_term = {
        term: _auc(score, fill(NEUTRAL_TEMPLATES, [term]), fill(TOXIC_TEMPLATES, terms))
        for term in terms
    }
    worst = min(by_term, key=lambda term: by_term[term])
    return FairnessReport(
        neutral_false_positive_rate=float(np.mean(flagged(neutral))),
        auc=auc,
        adversarial_auc=adversarial,
        swap_drop=auc - adversarial,
        worst_term=worst,
        worst_term_auc=by_term[worst],
    )


def _auc(
    score: Callable[[Sequence[str]], np.ndarray], neutral: list[str], toxic: list[str]
) -> float:
    labels = np.array([0] * len(neutral) + [1] * len(toxic))
    return roc_auc(labels, score(neutral + toxic))
