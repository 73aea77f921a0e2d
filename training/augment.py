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
    # nationalities and ethnicities (a broad list, not just the ones in the evaluation templates)
    "american", "americans", "british", "canadian", "mexican", "mexicans", "brazilian",
    "chinese", "japanese", "korean", "koreans", "vietnamese", "filipino", "indian", "indians",
    "pakistani", "pakistanis", "iranian", "iranians", "iraqi", "syrian", "syrians", "turkish",
    "russian", "russians", "ukrainian", "polish", "german", "germans", "french", "italian",
    "irish", "scottish", "spanish", "greek", "nigerian", "nigerians", "kenyan", "somali",
    "ethiopian", "ghanaian", "egyptian", "moroccan", "palestinian", "palestinians", "israeli",
    "israelis", "haitian", "cuban", "puerto", "romanian", "roma", "gypsy", "native",
)  # fmt: skip

AUGMENT_TERMS = MASKED_TERMS[:60:2] + MASKED_TERMS[60::3]

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
    "she is a {t} engineer who loves hiking",
    "he is a {t} father of three",
    "i am a {t} woman and i agree with this article",
    "as a {t} person i found this interesting",
    "{t} people run the bakery on our street",
    "there is a {t} church in the village",
    "our mayor is {t}",
    "my doctor is a {t} man",
    "{t} people were interviewed for the story",
    "a {t} author spoke at the library",
    "the {t} club meets on tuesdays",
    "is he {t}? i did not know that",
    "{t} people play football in the park",
    "we have {t} colleagues at work",
    "the new teacher is {t}",
    "{t} families moved into the building",
    "i have a {t} friend",
    "they are {t}",
    "the {t} festival was lovely",
    "a {t} company won the contract",
)

TOXIC = (
    "{t} scum like you ruin everything",
    "go back where you came from you dirty {t}",
    "those {t} are animals",
    "those {t} freaks make me sick",
    "kill all the {t} trash",
    "i hate every {t} i meet",
    "{t} are subhuman",
    "no one wants you filthy {t} here",
    "{t} should be banned from this country",
    "typical lying {t} scumbag",
)


def neutral_sentences(part: str = "train") -> list[str]:
    """Every other template is kept out of training to set the threshold floor ("dev")."""
    templates = NEUTRAL[::2] if part == "train" else NEUTRAL[1::2]
    return [template.format(t=term) for template in templates for term in AUGMENT_TERMS]


def toxic_sentences() -> list[str]:
    return [template.format(t=term) for template in TOXIC for term in AUGMENT_TERMS]


SHORT_SEED = 7
SHORT_SPANS = 3000
SHORT_WORDS = 300


def short_neutral_texts(sources: list) -> list[str]:  # type: ignore[type-arg]
    """Very short non-toxic texts, so a lone common word ("a", "the") cannot flag a comment.

    Taken from the training split only: the SHORT_WORDS most frequent words of non-toxic texts
    (minus words that are toxic more often than not), each alone, and one random 1-3 word window
    of SHORT_SPANS non-toxic texts.
    """
    from collections import Counter

    import numpy as np

    from rejoinder.moderation.text import normalise, words

    rng = np.random.default_rng(SHORT_SEED)
    clean_counts: Counter[str] = Counter()
    toxic_counts: Counter[str] = Counter()
    spans: list[str] = []
    clean_texts: list[list[str]] = []
    for source in sources:
        texts, labels = source.subset("train")
        for text, toxic in zip(texts, labels["toxicity"], strict=True):
            tokens = [t for t in words(normalise(text)) if t not in ("user", "url")]
            (toxic_counts if toxic else clean_counts).update(set(tokens))
            if not toxic and tokens:
                clean_texts.append(tokens)
    common = [w for w, n in clean_counts.most_common() if toxic_counts[w] < n][:SHORT_WORDS]
    for i in rng.choice(len(clean_texts), size=SHORT_SPANS, replace=False):
        tokens = clean_texts[int(i)]
        size = int(rng.integers(1, 4))
        start = int(rng.integers(0, max(len(tokens) - size, 0) + 1))
        spans.append(" ".join(tokens[start : start + size]))
    return common + spans
