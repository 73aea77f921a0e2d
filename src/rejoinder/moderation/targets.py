"""Who a comment is about: states and governments, or people. The identity-attack guard.

An identity attack targets people for who they are. Criticism of a state, a government or a
regime ("Of course China is the enemy", "Communist China and Fascist Russia") is political
argument, however heated, yet the models learnt `identity_attack` partly from OLID's "targeted at
a group" label, which counts countries as groups: on the reference page they scored criticism of
China and Russia as identity attacks in every mode (docs/moderation.md, The reference page).

The guard (`state_only_discount`) caps `identity_attack` at half the mode's threshold (or at the
highest score of its sentences about people read on their own, if higher) when

1. the comment contains no listed slur for a people (`models/slurs.json`);
2. it names a state, a capital or seat of government, or a government (`STATES`,
   `SEATS_OF_POWER`, `GOVERNMENTS`; "the Chinese government" and "the Russian regime" count as
   a government, not as the people);
3. every sentence that may be about people as a group scores below the identity-attack
   threshold *on its own* (the same model, the same mode). A sentence may be about people when it
   names a people group (a nationality, an ethnic or religious group, another identity word,
   "people", "immigrants", ...) or, naming no state, refers to someone as "they", "them",
   "those", "these". "Chinese people are vermin." crosses the threshold on its own, so a comment
   containing it keeps its score however much else it says about China.

Sentences that name a state and no people, and sentences that name no group at all ("opt out of
the idiocy"), are not checked: they attack no people group. Toxicity and insult are untouched, so
an abusive comment about a state is still judged rude or insulting by the models.

What the guard cannot see: a people group referred to only in a sentence that also names a state
("Send them all back to China, the vermin.") is taken as being about the state. Such a comment
loses its identity-attack flag, not its toxicity score; a listed slur always switches the guard
off, and the `slurs` phase holds it anyway.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rejoinder.moderation.text import lookup_tokens
from rejoinder.moderation.wordlist import WordList

MODELS_DIR = Path(__file__).parent / "models"
CATEGORY = "identity_attack"
CAP_SHARE = 0.5  # the capped score: this share of the mode's identity_attack threshold

# States and country names as commentators write them (lower case; phrases are token tuples).
STATES = (
    "afghanistan", "albania", "algeria", "america", "argentina", "armenia", "australia",
    "austria", "azerbaijan", "bahrain", "bangladesh", "belarus", "belgium", "bolivia", "bosnia",
    "brazil", "britain", "great britain", "bulgaria", "burma", "myanmar", "cambodia", "canada",
    "chile", "china", "communist china", "red china", "mainland china", "prc", "colombia",
    "congo", "croatia", "cuba", "czechia", "czech republic", "denmark", "ecuador", "egypt",
    "england", "eritrea", "estonia", "ethiopia", "finland", "france", "georgia", "germany",
    "ghana", "greece", "hungary", "iceland", "india", "indonesia", "iran", "iraq", "ireland",
    "israel", "italy", "japan", "jordan", "kazakhstan", "kenya", "north korea", "south korea",
    "dprk", "kosovo", "kuwait", "laos", "latvia", "lebanon", "libya", "lithuania", "malaysia",
    "mali", "mexico", "moldova", "mongolia", "morocco", "nepal", "netherlands", "holland",
    "new zealand", "nicaragua", "niger", "nigeria", "norway", "oman", "pakistan", "palestine",
    "panama", "peru", "philippines", "poland", "portugal", "qatar", "romania", "russia",
    "russian federation", "rwanda", "saudi arabia", "scotland", "serbia", "singapore",
    "slovakia", "slovenia", "somalia", "south africa", "spain", "sri lanka", "sudan",
    "south sudan", "sweden", "switzerland", "syria", "taiwan", "tajikistan", "tanzania",
    "thailand", "tibet", "tunisia", "turkey", "turkmenistan", "uganda", "ukraine", "uk",
    "united kingdom", "united states", "united states of america", "usa", "u s", "u s a", "uae",
    "united arab emirates", "uruguay", "uzbekistan", "venezuela", "vietnam", "wales", "yemen",
    "zimbabwe", "the soviet union", "ussr", "the eu", "european union", "nato", "the un",
    "united nations", "aukus", "the west", "hong kong",
)  # fmt: skip
SEATS_OF_POWER = (
    "beijing", "zhongnanhai", "moscow", "the kremlin", "kremlin", "tehran", "pyongyang",
    "washington", "the white house", "capitol hill", "whitehall", "westminster",
    "downing street", "brussels", "kyiv", "kiev", "minsk", "tokyo", "seoul", "taipei",
    "new delhi", "islamabad", "kabul", "baghdad", "damascus", "riyadh", "ankara", "cairo",
    "caracas", "havana", "canberra", "ottawa", "tel aviv", "jerusalem",
)  # fmt: skip
GOVERNMENTS = (
    "government", "governments", "regime", "regimes", "the administration", "ccp", "cpc",
    "the communist party", "communist party", "politburo", "junta", "dictatorship",
    "dictatorships", "parliament", "congress", "the pla", "the authorities",
    "state media", "state department", "foreign ministry",
)  # fmt: skip
# An adjective of nationality before one of these names an institution, not the people:
# "the Chinese government", "the Russian regime", "Chinese Communist Party", "Chinese aggression"
# is left to rule 3 (it is not about people, but not a government either).
INSTITUTIONS = (
    "government", "regime", "state", "authorities", "leadership", "military", "army", "navy",
    "air force", "communist party", "party", "embassy", "ministry", "foreign ministry",
    "president", "presidency", "propaganda", "state media", "administration", "parliament",
    "junta", "dictatorship", "empire", "federation", "republic",
)  # fmt: skip
NATIONALITIES = (
    "afghan", "american", "argentinian", "australian", "austrian", "belarusian", "belgian",
    "brazilian", "british", "burmese", "canadian", "chinese", "cuban", "czech", "danish",
    "dutch", "egyptian", "english", "eritrean", "ethiopian", "filipino", "finnish", "french",
    "georgian", "german", "greek", "hungarian", "indian", "indonesian", "iranian", "iraqi",
    "irish", "israeli", "italian", "japanese", "jordanian", "kenyan", "korean", "north korean",
    "south korean", "kurdish", "lebanese", "libyan", "malaysian", "mexican", "moroccan",
    "nigerian", "norwegian", "pakistani", "palestinian", "persian", "polish", "portuguese",
    "qatari", "romanian", "russian", "rwandan", "saudi", "scottish", "serbian", "somali",
    "soviet", "spanish", "sudanese", "swedish", "swiss", "syrian", "taiwanese", "thai",
    "tibetan", "turkish", "ugandan", "ukrainian", "uyghur", "venezuelan", "vietnamese",
    "welsh", "yemeni", "zimbabwean",
)  # fmt: skip
# Words for people as a group, beside the nationalities and their plurals: the models' own masked
# identity terms are added from models/linear.json when it is present.
PEOPLE = (
    "people", "peoples", "folk", "folks", "citizens", "citizen", "nationals", "population",
    "populations", "race", "races", "racial", "ethnic", "ethnics", "ethnicity", "tribe", "tribes",
    "immigrant", "immigrants", "migrant", "migrants", "refugee", "refugees", "foreigner",
    "foreigners", "asylum seekers", "minorities", "minority", "arabs", "asians", "africans",
    "europeans", "westerners", "easterners", "chinamen", "brits", "turks", "kurds", "jews",
    "muslims", "christians", "hindus", "sikhs", "buddhists", "blacks", "whites", "gays",
    "latinos", "hispanics", "natives", "aborigines", "gypsies", "roma", "men", "women", "kids",
    "children", "families", "everyone from", "anyone from",
)  # fmt: skip
# Naming no state, a sentence with these may continue about a people group named before it.
PRONOUNS = ("they", "them", "their", "theirs", "themselves", "those", "these")

_SENTENCE = re.compile(r"(?<=[.!?…])\s+|\n+")


@dataclass(frozen=True)
class Discount:
    """A category score lowered by a guard, and why: shown with the comment's reasons."""

    category: str
    score: float  # what the model said
    capped: float  # what the pipeline uses
    states: tuple[str, ...]  # the states and governments the comment names

    @property
    def reason(self) -> str:
        return (
            f"{self.category} {self.score:.2f} capped at {self.capped:.2f}, as it names states or "
            f"governments ({', '.join(self.states)}) and attacks no people group"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "category": self.category,
            "score": round(self.score, 4),
            "capped": round(self.capped, 4),
            "states": list(self.states),
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Mentions:
    states: tuple[str, ...]  # as written, normalised ("china", "the chinese government")
    people: tuple[str, ...]
    pronouns: bool


class TargetLexicon:
    """Phrase tables over `lookup_tokens`; longest match first, one pass over the tokens."""

    def __init__(self, people_terms: Iterable[str] = ()) -> None:
        states = [*STATES, *SEATS_OF_POWER, *GOVERNMENTS]
        states += [f"{n} {i}" for n in NATIONALITIES for i in INSTITUTIONS]
        self._states = _phrases(states)
        people = {*PEOPLE, *NATIONALITIES, *(f"{n}s" for n in NATIONALITIES), *people_terms}
        self._people = _phrases(people)
        self._pronouns = frozenset(PRONOUNS)
        self._longest = max(len(p) for p in (*self._states, *self._people))

    def mentions(self, text: str) -> Mentions:
        tokens = lookup_tokens(text)
        states: list[str] = []
        people: list[str] = []
        position = 0
        while position < len(tokens):
            found = self._match(tokens, position)
            if found is None:
                position += 1
                continue
            phrase, is_state = found
            (states if is_state else people).append(" ".join(phrase))
            position += len(phrase)
        pronouns = any(token in self._pronouns for token in tokens)
        return Mentions(tuple(dict.fromkeys(states)), tuple(dict.fromkeys(people)), pronouns)

    def _match(self, tokens: list[str], position: int) -> tuple[tuple[str, ...], bool] | None:
        for length in range(min(self._longest, len(tokens) - position), 0, -1):
            candidate = tuple(tokens[position : position + length])
            if candidate in self._states:  # "chinese government" before "chinese"
                return candidate, True
            if candidate in self._people:
                return candidate, False
        return None


def _phrases(entries: Iterable[str]) -> frozenset[tuple[str, ...]]:
    return frozenset(key for entry in entries if (key := tuple(lookup_tokens(entry))))


def sentences(text: str) -> list[str]:
    return [part for part in (p.strip() for p in _SENTENCE.split(text)) if part]


def about_people(mentions: Mentions) -> bool:
    """Whether a sentence may be about people as a group (rule 3 checks its score)."""
    return bool(mentions.people) or (mentions.pronouns and not mentions.states)


def state_only_discount(
    text: str,
    score: float,
    threshold: float,
    score_sentences: Callable[[Sequence[str]], Sequence[float]],
    lexicon: TargetLexicon | None = None,
) -> Discount | None:
    """The cap on `identity_attack` when the comment's only targets are states, else None.

    score: the comment's identity_attack as the model gave it; threshold: the mode's;
    score_sentences: the same model's identity_attack for sentences read on their own (called
    only when a state is named and the comment is over the cap, at most once per comment).
    """
    capped = CAP_SHARE * threshold
    if score <= capped or shipped_slurs().find(text):
        return None
    lexicon = lexicon or default_lexicon()
    whole = lexicon.mentions(text)
    if not whole.states:
        return None
    parts = sentences(text)
    checked = [part for part in parts if about_people(lexicon.mentions(part))]
    if checked:
        # One sentence: its own score is the comment's, no second pass needed.
        about = max([score] if len(parts) == 1 else score_sentences(checked))
        if about >= threshold:
            return None
        capped = max(capped, about)  # never below what its sentences about people score
    if capped >= score:
        return None
    return Discount(CATEGORY, score, capped, whole.states)


@cache
def shipped_slurs() -> WordList:
    entries = json.loads((MODELS_DIR / "slurs.json").read_text(encoding="utf-8"))["entries"]
    return WordList.of([str(entry) for entry in entries])


@cache
def default_lexicon() -> TargetLexicon:
    """With the linear model's masked identity terms (the words it reads as `identitygroup`)."""
    path = MODELS_DIR / "linear.json"
    masked: list[str] = []
    if path.exists():
        features = json.loads(path.read_text(encoding="utf-8")).get("features", {})
        masked = [str(term) for term in features.get("masked_terms", [])]
    return TargetLexicon(masked)
