"""Load the labelled sources and split each one into train / dev / test with a fixed seed.

Labels per category are None where a source says nothing about that category. Texts are
de-duplicated across sources too (a text seen in an earlier source is dropped from a later one),
so no comment sits in one source's training split and another's test split.
"""

from __future__ import annotations

import ast
import csv
import re
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np

DATA = Path(__file__).parent / "data"
SPLIT_SEED = 20240601
CATEGORIES = ("toxicity", "insult", "identity_attack")
Row = TypeVar("Row", bound=Mapping[str, object])


@dataclass
class Source:
    name: str
    texts: list[str]
    labels: dict[str, np.ndarray | None]
    splits: dict[str, np.ndarray] = field(default_factory=dict)
    groups: list[str] = field(default_factory=list)  # article or post of each text, if known

    def subset(self, split: str) -> tuple[list[str], dict[str, np.ndarray | None]]:
        rows = self.splits[split]
        labels = {k: (None if v is None else v[rows]) for k, v in self.labels.items()}
        return [self.texts[i] for i in rows], labels


def load_olid() -> Source:
    with (DATA / "olid" / "olid-training-v1.0.tsv").open(encoding="utf-8") as handle:
        rows = _unique(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), "tweet")
    a = np.array([r["subtask_a"] == "OFF" for r in rows])
    targeted = np.array([r["subtask_b"] == "TIN" for r in rows])
    target = np.array([r["subtask_c"] for r in rows])
    return Source(
        "olid",
        [r["tweet"] for r in rows],
        {
            "toxicity": a,
            "insult": a & targeted & (target == "IND"),
            "identity_attack": a & targeted & (target == "GRP"),
        },
    )


def load_davidson() -> Source:
    with (DATA / "davidson_hate_offensive" / "labeled_data.csv").open(encoding="utf-8") as handle:
        rows = _unique(csv.DictReader(handle), "tweet")
    cls = np.array([int(r["class"]) for r in rows])
    # "Offensive" tweets are mostly profanity and slurs at no one in particular: no insult label.
    return Source(
        "davidson",
        [r["tweet"] for r in rows],
        {"toxicity": cls <= 1, "insult": None, "identity_attack": cls == 0},
    )


def load_cat() -> Source:
    folder = DATA / "cat_wikipedia_context"
    texts: list[str] = []
    labels: list[bool] = []
    for name, column in (("cat_large_gn.csv", "label"), ("cat_large_gc.csv", "label"),
                         ("cat_small.csv", "label_oc")):  # fmt: skip
        with (folder / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                texts.append(row["text"])
                labels.append(row[column] == "1")
    rows = _unique([{"text": t, "label": y} for t, y in zip(texts, labels, strict=True)], "text")
    toxic = np.array([bool(r["label"]) for r in rows])
    return Source(
        "cat",
        [str(r["text"]) for r in rows],
        {"toxicity": toxic, "insult": None, "identity_attack": None},
    )


def _unique(rows: Iterable[Row], key: str) -> list[Row]:
    seen: set[object] = set()
    kept = []
    for row in rows:
        text = row[key]
        if text not in seen:
            seen.add(text)
            kept.append(row)
    return kept


def split(source: Source, dev: float, test: float) -> Source:
    order = np.random.default_rng(SPLIT_SEED).permutation(len(source.texts))
    n_test, n_dev = int(len(order) * test), int(len(order) * dev)
    source.splits = {
        "test": np.sort(order[:n_test]),
        "dev": np.sort(order[n_test : n_test + n_dev]),
        "train": np.sort(order[n_test + n_dev :]),
    }
    return source


def load_all() -> list[Source]:
    """Every source, in priority order: a text kept by an earlier source is dropped later."""
    loaded = [
        split(load_olid(), 0.1, 0.1),
        load_news_spans(),
        split_by_group(load_fox(), FOX_DEV_ARTICLES, FOX_TEST_ARTICLES),
        split(load_hatexplain(), 0.1, 0.1),
        split(load_davidson(), 0.1, 0.1),
        split(load_cat(), 0.15, 0.2),  # few toxic comments: larger held-out parts
        split(load_jigsaw(), 0.1, 0.1),
        split_by_group(load_stormfront(), *_stormfront_groups()),
    ]
    return dedupe_across(loaded)


def norm_key(text: str) -> str:
    """The overlap key the datasets' READMEs use: lower-case, word characters, one space."""
    return " ".join(re.sub(r"https?://\S+|@\w+|\W+", " ", text.lower()).split())


def dedupe_across(sources: list[Source]) -> list[Source]:
    seen: set[str] = set()
    for source in sources:
        keep = np.array([norm_key(t) not in seen for t in source.texts])
        seen.update(norm_key(t) for t in source.texts)
        if keep.all():
            continue
        for name, rows in source.splits.items():
            source.splits[name] = rows[keep[rows]]
    return sources


# News comments (Civil Comments via Toxic Spans): every post is toxic, so civil sentences of the
# same posts (no rater marked a character of them) are the in-domain negatives.
NEWS_MIN_WORDS = 8
SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def load_news_spans() -> Source:
    folder = DATA / "toxic_spans_civil_comments"
    parts: dict[str, list[tuple[str, bool]]] = {}
    for part, name in (("train", "tsd_train.csv"), ("trial", "tsd_trial.csv")):
        rows: list[tuple[str, bool]] = []
        with (folder / name).open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                spans = set(ast.literal_eval(row["spans"]))
                rows.append((row["text"], True))
                rows += [(text, False) for text in civil_sentences(row["text"], spans)]
        parts[part] = rows
    texts = [t for rows in parts.values() for t, _ in rows]
    toxic = np.array([y for rows in parts.values() for _, y in rows])
    n_train = len(parts["train"])
    trial = np.arange(n_train, len(texts))
    source = Source("news", texts, {"toxicity": toxic, "insult": None, "identity_attack": None})
    # tsd_trial is the held-out part: half its posts for dev, half for test, each post with its
    # civil sentences (a sentence's row follows its post's row).
    post_of = np.cumsum(toxic) - 1
    trial_posts = np.unique(post_of[trial])
    dev_posts = np.random.default_rng(SPLIT_SEED).permutation(trial_posts)[: len(trial_posts) // 2]
    in_dev = np.isin(post_of[trial], dev_posts)
    source.splits = {
        "train": np.arange(n_train),
        "dev": trial[in_dev],
        "test": trial[~in_dev],
    }
    return source


def civil_sentences(text: str, spans: set[int]) -> list[str]:
    found: list[str] = []
    if not spans:  # raters could not reduce the post to spans: toxic as a whole
        return found
    for match in SENTENCE.finditer(text):
        sentence = match.group().strip()
        inside = range(match.start(), match.end())
        if len(sentence.split()) >= NEWS_MIN_WORDS and not spans.intersection(inside):
            found.append(sentence)
    return found


FOX_DEV_ARTICLES = (
    "First lady Obama takes swipe at Trump",
    "Black Lives Matter must rescind anti-Israel declaration",
)
FOX_TEST_ARTICLES = (
    "Confederate flag debate: Protecting hatred preserves freedom",
    "German lawmakers approve 'no means no' rape law after Cologne assaults",
)


def load_fox() -> Source:
    """Fox News comments; "hateful" means an attack on identity, plain rudeness may be 0."""
    with (DATA / "fox_news_comments" / "fox_news_comments.csv").open(encoding="utf-8") as handle:
        rows = _unique(csv.DictReader(handle), "text")
    hateful = np.array([r["label"] == "1" for r in rows])
    source = Source(
        "fox",
        [r["text"] for r in rows],
        {"toxicity": hateful, "insult": None, "identity_attack": hateful},
    )
    source.groups = [r["title"] for r in rows]
    return source


HATEXPLAIN_TOKENS = re.compile(r"<user>|<number>|<percent>|<money>|<url>")


def load_hatexplain() -> Source:
    with (DATA / "hatexplain_majority" / "hatexplain_majority.csv").open(encoding="utf-8") as fh:
        rows = _unique(csv.DictReader(fh), "text")
    label = np.array([r["label"] for r in rows])
    texts = [" ".join(HATEXPLAIN_TOKENS.sub(" ", r["text"]).split()) for r in rows]
    return Source(
        "hatexplain",
        texts,
        {"toxicity": label != "normal", "insult": None, "identity_attack": label == "hatespeech"},
    )


def load_jigsaw() -> Source:
    folder = DATA / "jigsaw_toxic_wikipedia_balanced"
    with (folder / "jigsaw_toxic_balanced.csv").open(encoding="utf-8") as handle:
        rows = _unique(csv.DictReader(handle), "comment_text")
    return Source(
        "jigsaw",
        [r["comment_text"] for r in rows],
        {"toxicity": np.array([r["toxic"] == "1" for r in rows]), "insult": None,
         "identity_attack": None},
    )  # fmt: skip


def load_stormfront() -> Source:
    """Forum sentences: hate vs noHate only ("relation" needs its neighbours, idk is unsure)."""
    folder = DATA / "stormfront_hate_speech"
    with (folder / "stormfront_sentences.csv").open(encoding="utf-8") as handle:
        rows = [
            r for r in _unique(csv.DictReader(handle), "text") if r["label"] in ("hate", "noHate")
        ]
    hate = np.array([r["label"] == "hate" for r in rows])
    source = Source(
        "stormfront",
        [r["text"] for r in rows],
        {"toxicity": hate, "insult": None, "identity_attack": hate},
    )
    source.groups = [r["file_id"].split("_")[0] for r in rows]  # sentences of one post together
    return source


def _stormfront_groups() -> tuple[tuple[str, ...], tuple[str, ...]]:
    with (DATA / "stormfront_hate_speech" / "stormfront_sentences.csv").open(
        encoding="utf-8"
    ) as fh:
        posts = sorted({r["file_id"].split("_")[0] for r in csv.DictReader(fh)})
    bucket = {p: zlib.crc32(p.encode()) % 10 for p in posts}
    return tuple(p for p in posts if bucket[p] == 0), tuple(p for p in posts if bucket[p] == 1)


def split_by_group(source: Source, dev: Iterable[str], test: Iterable[str]) -> Source:
    """Whole articles (or posts) go to one split, so a thread cannot leak across them."""
    groups = np.array(source.groups)
    in_dev, in_test = np.isin(groups, list(dev)), np.isin(groups, list(test))
    source.splits = {
        "train": np.flatnonzero(~in_dev & ~in_test),
        "dev": np.flatnonzero(in_dev),
        "test": np.flatnonzero(in_test),
    }
    return source
