"""Training-time debiasing: identity terms to mask, and template sentences to augment with.

The templates here are deliberately different from the evaluation templates in
rejoinder.moderation.evaluation.fairness, so the fairness figures are not tuned on themselves.
"""

from __future__ import annotations

# Replaced by one neutral token before featurising, at training and at run time, so the model
# cannot learn that a group's name is itself offensive (Dixon et al. 2018 found exactly that).
MASKED_TERMS = (
    "gay", "gays", "lesbian", "lesbians", "bisexual", "transgender", "trans", "queer", "lgbt",
    "lgbtq", "homosexual", "homosexuals", "heterosexual", "straight", "muslim", "muslims",
    "islam", "islamic", "christian", "christians", "jew", "jews", "jewish", "hindu", "hindus",
    "buddhist", "sikh", "atheist", "atheists", "catholic", "catholics", "black", "blacks",
    "white", "whites", "asian", "asians", "latino", "latina", "latinos", "hispanic", "african",
    "arab", "arabs", "immigrant", "immigrants", "refugee", "refugees", "deaf", "blind",
    "disabled", "female", "male", "women", "woman", "men", "man", "old", "young",
)  # fmt: skip

AUGMENT_TERMS = (
    *MASKED_TERMS[::2], "japanese", "chinese", "mexican", "indian", "nigerian", "korean",
    "french", "german", "russian", "polish", "irish", "brazilian", "american", "canadian",
)  # fmt: skip

NEUTRAL = (
    "my {t} friend invited me to dinner",
    "the {t} family next door just had a baby",
    "we met a {t} couple on holiday",
    "{t} voters turned out in large numbers this year",
    "the report looks at {t} workers in the city",
    "i grew up in a {t} neighbourhood",
    "a {t} student won the science prize",
    "the museum has an exhibition on {t} history",
    "is the {t} population growing in this region?",
    "i'm {t} and proud of it",
    "the article quotes a {t} teacher",
    "{t} athletes did well at the games",
    "{t} people have lived in this city for generations",
    "many {t} people work in healthcare",
    "{t} people vote in every election",
    "the survey asked {t} people about housing",
    "a lot of {t} people came to the concert",
    "{t} people are welcome at the centre",
)

TOXIC = (
    "{t} scum like you ruin everything",
    "go back where you came from you dirty {t}",
    "those {t} are animals",
    "those {t} freaks make me sick",
    "kill all the {t} trash",
)


def neutral_sentences(part: str = "train") -> list[str]:
    """Every other template is kept out of training to set the threshold floor ("dev")."""
    templates = NEUTRAL[::2] if part == "train" else NEUTRAL[1::2]
    return [template.format(t=term) for template in templates for term in AUGMENT_TERMS]


def toxic_sentences() -> list[str]:
    return [template.format(t=term) for template in TOXIC for term in AUGMENT_TERMS]
