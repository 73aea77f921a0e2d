"""Brigades: recall on synthetic brigades, false positives on normal traffic, cost per post.

Run: .venv/bin/python bench/brigade.py   (writes bench/results/brigade.json)

A brigade is N authors (guests and accounts alike: only the author key matters to the phase)
posting paraphrases of one message, each with 1 to 3 random edits (a word added, a "!", the
sentences reordered, a sentence padded before and after, a synonym, a typo), within half an hour,
mixed into normal traffic: distinct news comments (Civil Comments' Toxic Spans trial split and the
reference page), each by its own author, one every five seconds. The phase sees what the service
gives it: the site's 200 newest posts within the window. A brigade's first two posts cannot be
caught (the phase holds from the third copy by other authors), so recall counts the later ones.

Detectors compared: `old` (word trigram Jaccard >= 0.8, the phase before ADR 0015), `new` (the
`duplicates` phase: character 5-gram containment >= 0.6) and, when datasketch is importable,
`minhash` (128 permutations; containment estimated from Jaccard and the sets' sizes).
"""

from __future__ import annotations

import csv
import json
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "training")]

from seed_page import PAGE, parse_comments  # noqa: E402

from rejoinder.domain.moderation import CommentFacts, RecentPost, StoryPost  # noqa: E402
from rejoinder.moderation import ModerationSettings  # noqa: E402
from rejoinder.moderation.near_duplicates import (  # noqa: E402
    compute_signature,
    signature,
    similar,
)
from rejoinder.moderation.phases.similarity import (  # noqa: E402
    MIN_WORDS_FOR_BRIGADING,
    DuplicatesPhase,
)
from rejoinder.moderation.phases.surge import SurgePhase  # noqa: E402
from rejoinder.moderation.text import normalise, words  # noqa: E402

DATA = ROOT / "training" / "data"
TRIAL = DATA / "toxic_spans_civil_comments" / "tsd_trial.csv"
FOX = DATA / "fox_news_comments" / "fox_news_comments.csv"
RECENT = 200  # services/moderation.RECENT_POSTS
WINDOW = 3600.0
BRIGADE_SIZE = 8
EDITS = (1, 2, 3)
SEED = 13

CAMPAIGNS = [
    "Everyone should cancel their subscription to this paper right now. "
    "They have lost all credibility with this coverage.",
    "This reporter is clearly paid by the government. Nobody should trust a single word here.",
    "The mayor has done more for this city than anyone before him. "
    "Stop the smear campaign and report the facts.",
    "Vote no on measure twelve. It will raise your taxes and destroy local businesses.",
    "Read the real story that the media will not tell you. "
    "The truth about the election is finally coming out.",
    "Why is nobody talking about the cover up at city hall? "
    "Ask your council member what they knew and when.",
    "This article is fake news written to push an agenda. "
    "Real journalists would have asked the other side.",
    "Boycott every advertiser on this site until they fire the editor. "
    "Share this with everyone you know.",
]
SYNONYMS = {
    "cancel": "end", "paper": "newspaper", "credibility": "trust", "clearly": "obviously",
    "trust": "believe", "city": "town", "facts": "truth", "raise": "increase",
    "destroy": "ruin", "story": "news", "finally": "now", "talking": "speaking",
    "fake": "false", "push": "promote", "everyone": "everybody", "site": "website",
    "fire": "sack", "real": "true", "nobody": "no one", "vote": "say",
}  # fmt: skip
PADDING = [
    "I have been reading this site for years.", "Just my two cents.", "Think about it.",
    "Wake up people.", "Sad to see this happen.", "Anyway, here is what I think.",
]  # fmt: skip
FILLERS = ["really", "very", "just", "so", "truly", "honestly"]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def add_word(text: str, rng: random.Random) -> str:
    tokens = text.split()
    tokens.insert(rng.randrange(len(tokens)), rng.choice(FILLERS))
    return " ".join(tokens)


def exclaim(text: str, rng: random.Random) -> str:
    return text.rstrip(".") + "!"


def reorder(text: str, rng: random.Random) -> str:
    return " ".join(reversed(_sentences(text)))


def pad(text: str, rng: random.Random) -> str:
    return f"{rng.choice(PADDING)} {text} {rng.choice(PADDING)}"


def synonym(text: str, rng: random.Random) -> str:
    tokens = text.split()
    found = [i for i, t in enumerate(tokens) if t.lower().strip(".,?!") in SYNONYMS]
    if not found:
        return text
    i = rng.choice(found)
    word = tokens[i].lower().strip(".,?!")
    tokens[i] = tokens[i].lower().replace(word, SYNONYMS[word])
    return " ".join(tokens)


def typo(text: str, rng: random.Random) -> str:
    tokens = text.split()
    long = [i for i, t in enumerate(tokens) if len(t) > 4]
    i = rng.choice(long)
    j = rng.randrange(1, len(tokens[i]) - 1)
    tokens[i] = tokens[i][:j] + tokens[i][j + 1 :]
    return " ".join(tokens)


EDIT_KINDS: list[Callable[[str, random.Random], str]] = [
    add_word, exclaim, reorder, pad, synonym, typo,
]  # fmt: skip


def paraphrase(text: str, edits: int, rng: random.Random) -> str:
    for edit in rng.sample(EDIT_KINDS, edits):
        text = edit(text, rng)
    return text


@dataclass(frozen=True)
class Post:
    text: str
    author: str
    at: float
    brigade: int | None = None  # which campaign, None for normal traffic
    member: int = 0
    edits: int = 0


def _column(path: Path, name: str) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row[name] for row in csv.DictReader(handle)]


def normal_texts() -> list[str]:
    """News comments, each once (the same text twice in a data set is not normal traffic)."""
    page = [text for _, text in parse_comments(PAGE.read_text(encoding="utf-8"))]
    texts = _column(TRIAL, "text") + _column(FOX, "text") + page
    random.Random(SEED).shuffle(texts)
    return list(dict.fromkeys(texts))


def normal_stream(texts: Sequence[str], start: float = 0.0) -> list[Post]:
    return [Post(text, f"reader{n}", start + 5.0 * n) for n, text in enumerate(texts)]


def brigade_stream(normal: list[Post], edits: int, rng: random.Random) -> list[Post]:
    """Normal traffic with each campaign's brigade posted within half an hour, somewhere in it."""
    posts = list(normal)
    span = normal[-1].at
    for number, campaign in enumerate(CAMPAIGNS):
        start = rng.uniform(0, span - 1800)
        for member in range(BRIGADE_SIZE):
            text = paraphrase(campaign, edits, rng)
            at = start + rng.uniform(0, 1800)
            posts.append(Post(text, f"brigade{number}-{member}", at, number, member, edits))
    posts.sort(key=lambda p: p.at)
    return _number_members(posts)


def _number_members(posts: list[Post]) -> list[Post]:
    seen: dict[int, int] = {}
    numbered = []
    for post in posts:
        if post.brigade is not None:
            order = seen.get(post.brigade, 0)
            seen[post.brigade] = order + 1
            post = Post(post.text, post.author, post.at, post.brigade, order, post.edits)
        numbered.append(post)
    return numbered


# Detectors: for a text and the recent texts, which recent ones are copies. ---------------------

Detector = Callable[[str, list[str]], list[bool]]


def _old_shingles(text: str) -> frozenset[tuple[str, ...]]:
    tokens = words(normalise(text))
    size = 3 if len(tokens) >= 6 else 1
    return frozenset(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def old_detector(text: str, others: list[str]) -> list[bool]:
    mine = _old_shingles(text)

    def jaccard(other: frozenset[tuple[str, ...]]) -> float:
        return len(mine & other) / len(mine | other) if mine and other else 0.0

    return [jaccard(_old_shingles(o)) >= 0.8 for o in others]


def new_detector(text: str, others: list[str]) -> list[bool]:
    return similar(signature(text), [signature(o) for o in others], 0.6)


def minhash_detector() -> Detector | None:
    try:
        from datasketch import MinHash  # type: ignore[import-not-found]
    except ImportError:
        return None
    cache: dict[str, tuple[object, int]] = {}

    def sketch(text: str) -> tuple[object, int]:  # the same 5-grams as `new`
        if text not in cache:
            joined = signature(text).words
            grams = {joined[i : i + 5].encode() for i in range(max(1, len(joined) - 4))}
            hashed = MinHash(num_perm=128)
            hashed.update_batch(list(grams))
            cache[text] = (hashed, len(grams))
        return cache[text]

    def detect(text: str, others: list[str]) -> list[bool]:
        if not signature(text).fuzzy:  # short texts: equal words, as `new` does
            return new_detector(text, others)
        mine, mine_size = sketch(text)
        found = []
        for other in others:
            if not signature(other).fuzzy:
                found.append(False)
                continue
            theirs, their_size = sketch(other)
            j = mine.jaccard(theirs)  # type: ignore[attr-defined]
            common = j * (mine_size + their_size) / (1 + j)
            found.append(common / min(mine_size, their_size) >= 0.6)
        return found

    return detect


def verdicts(stream: list[Post], detect: Detector) -> list[str | None]:
    """The phase's decision for each post: repeated_comment, duplicate_across_accounts or None."""
    decided: list[str | None] = []
    for index, post in enumerate(stream):
        recent = [p for p in reversed(stream[max(0, index - RECENT) : index])]
        recent = [p for p in recent if p.at >= post.at - WINDOW]
        copies = [
            p
            for p, alike in zip(recent, detect(post.text, [p.text for p in recent]), strict=True)
            if alike
        ]
        if any(p.author == post.author for p in copies):
            decided.append("repeated_comment")
            continue
        authors = {p.author for p in copies}
        enough = len(words(normalise(post.text))) >= MIN_WORDS_FOR_BRIGADING
        decided.append("duplicate_across_accounts" if enough and len(authors) >= 2 else None)
    return decided


def recall_and_fpr(stream: list[Post], decided: list[str | None]) -> dict[str, float]:
    catchable = [
        d for p, d in zip(stream, decided, strict=True) if p.brigade is not None and p.member >= 2
    ]
    members = [d for p, d in zip(stream, decided, strict=True) if p.brigade is not None]
    normal = [d for p, d in zip(stream, decided, strict=True) if p.brigade is None]
    return {
        "recall_from_third_copy": round(sum(d is not None for d in catchable) / len(catchable), 3),
        "recall_all_members": round(sum(d is not None for d in members) / len(members), 3),
        "normal_posts_held_share": round(sum(d is not None for d in normal) / len(normal), 4),
    }


def false_positives(stream: list[Post], detect: Detector) -> dict[str, float | int]:
    decided = verdicts(stream, detect)
    flagged = sum(d is not None for d in decided)
    return {"posts": len(stream), "held": flagged, "fpr": round(flagged / len(stream), 4)}


# Cost of the real phase: 200 recent posts, warm signature cache. -------------------------------


class _NoScores:
    """The duplicates phase reads no scores."""

    @property
    def scores(self) -> dict[str, float]:
        return {}

    @property
    def default_thresholds(self) -> dict[str, float]:
        return {}

    def explain(self, category: str) -> list[str]:
        return []


def phase_cost(stream: list[Post], passes: int = 3) -> dict[str, float]:
    """CPU time of one check (thread time: what the phase costs, not what other processes on a
    shared machine take), the best of `passes` runs over 1,000 posts; the cache is warm, as in
    a server where each recent post was signed when it was itself checked."""
    phase = DuplicatesPhase(ModerationSettings())
    checks = []
    for index in range(RECENT, min(len(stream), RECENT + 1000)):
        post = stream[index]
        recent = [RecentPost(p.text, p.author, post.at - 1) for p in stream[index - RECENT : index]]
        checks.append(CommentFacts(post.text, post.author, now=post.at, recent_posts=recent))
    runs = []
    for _ in range(passes):
        timings = []
        for facts in checks:
            started = time.thread_time()
            phase.check(facts, _NoScores())
            timings.append(time.thread_time() - started)
        runs.append(timings)
    best = min(runs, key=statistics.fmean)
    texts = [p.text for p in stream[:1000]]
    started = time.thread_time()
    for text in texts:
        compute_signature(text)
    cold = (time.thread_time() - started) / len(texts)
    ordered = sorted(best)
    return {
        "phase_mean_ms": round(statistics.fmean(best) * 1000, 3),
        "phase_p50_ms": round(ordered[len(ordered) // 2] * 1000, 3),
        "phase_p99_ms": round(ordered[int(len(ordered) * 0.99)] * 1000, 3),
        "signature_of_a_new_text_ms": round(cold * 1000, 3),
    }


# Story surges: who is held on one story. --------------------------------------------------------

YEAR = 365 * 86400.0


@dataclass(frozen=True)
class Writer:
    key: str
    network: str
    age: float | None  # None: a guest


def surge_holds(writers: list[Writer], every_seconds: float) -> list[bool]:
    """Each writer posts once on one story, one every `every_seconds`; which are held."""
    phase = SurgePhase(ModerationSettings())
    held: list[bool] = []
    earlier: list[StoryPost] = []
    for n, writer in enumerate(writers):
        now = n * every_seconds
        facts = CommentFacts(
            text="-", author_key=writer.key, author_account_age_seconds=writer.age,
            author_is_guest=writer.age is None, network_key=writer.network, now=now,
            story_posts=list(reversed(earlier)),
        )  # fmt: skip
        held.append(phase.check(facts, _NoScores()).action == "hold")
        earlier.append(StoryPost(writer.key, writer.network, writer.age, now))
    return held


def surges() -> dict[str, object]:
    rng = random.Random(SEED)
    page = len(parse_comments(PAGE.read_text(encoding="utf-8")))
    # The reference page's readers: mostly established accounts, a fifth guests, each their own
    # network, over its first hour; and the same readers all at once, in ten minutes.
    readers = [
        Writer(f"r{n}", f"net{n}", None if rng.random() < 0.2 else rng.uniform(30, 2000) * 86400)
        for n in range(page)
    ]
    brigade = [Writer(f"b{n}", f"bnet{n}", rng.uniform(600, 86400)) for n in range(30)]
    puppets = [Writer(f"p{n}", "one-office", rng.uniform(1, 3) * YEAR) for n in range(6)]
    first = surge_holds(brigade, 20.0)
    return {
        "reference page over an hour: held": sum(surge_holds(readers, 3600 / page)),
        "reference page in ten minutes: held": sum(surge_holds(readers, 600 / page)),
        "all-guest story, 25 guests in ten minutes: held": sum(
            surge_holds([Writer(f"g{n}", f"g{n}", None) for n in range(25)], 24.0)
        ),
        "brigade of 30 new accounts, one every 20 s: held": sum(first),
        "brigade: first held comment (1-based)": first.index(True) + 1,
        "6 old accounts from one network: held": sum(surge_holds(puppets, 60.0)),
    }


def main() -> None:
    rng = random.Random(SEED)
    texts = normal_texts()
    normal = normal_stream(texts)
    page = normal_stream([text for _, text in parse_comments(PAGE.read_text(encoding="utf-8"))])
    detectors: dict[str, Detector] = {"old": old_detector, "new": new_detector}
    minhash = minhash_detector()
    if minhash is not None:
        detectors["minhash"] = minhash
    results: dict[str, object] = {
        "normal_comments": len(normal),
        "brigades": len(CAMPAIGNS),
        "brigade_size": BRIGADE_SIZE,
        "recent_posts": RECENT,
    }
    for name, detect in detectors.items():
        table: dict[str, object] = {
            "reference page": false_positives(page, detect),
            "normal traffic": false_positives(normal, detect),
        }
        for edits in EDITS:
            stream = brigade_stream(normal, edits, random.Random(SEED + edits))
            started = time.thread_time()
            decided = verdicts(stream, detect)
            spent = time.thread_time() - started
            table[f"brigades, {edits} edits"] = recall_and_fpr(stream, decided)
        # Includes the bench's own loop and a first signature of each text: for comparison only.
        table["comparison_ms_per_post"] = round(spent / len(stream) * 1000, 3)
        results[name] = table
    mixed = brigade_stream(normal, 2, rng)
    results["cost"] = phase_cost(mixed)
    results["surges"] = surges()
    _print(results, detectors)
    out = ROOT / "bench" / "results" / "brigade.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def _print(results: dict[str, object], detectors: dict[str, Detector]) -> None:
    head = f"{results['normal_comments']} normal comments; {results['brigades']} brigades of "
    print(f"{head}{results['brigade_size']}; {results['recent_posts']} recent posts a check\n")
    print("| detector | reference page FPR | normal traffic FPR | recall, 1 / 2 / 3 edits "
          "(from the 3rd copy) | normal held among brigades | ms per post |")  # fmt: skip
    print("|---|---|---|---|---|---|")
    for name in detectors:
        table: dict[str, dict[str, float]] = results[name]  # type: ignore[assignment]
        recall = " / ".join(
            f"{table[f'brigades, {e} edits']['recall_from_third_copy']:.3f}" for e in EDITS
        )
        held = max(table[f"brigades, {e} edits"]["normal_posts_held_share"] for e in EDITS)
        print(f"| {name} | {table['reference page']['fpr']:.4f} | "
              f"{table['normal traffic']['fpr']:.4f} | {recall} | {held:.4f} | "
              f"{table['comparison_ms_per_post']} |")  # fmt: skip
    print("\ncost of the duplicates phase (200 recent posts, warm cache, CPU time)")
    for key, value in results["cost"].items():  # type: ignore[attr-defined]
        print(f"  {key:<28} {value}")
    print("\nstory surges (default thresholds)")
    for key, value in results["surges"].items():  # type: ignore[attr-defined]
        print(f"  {key:<50} {value}")


if __name__ == "__main__":
    main()
