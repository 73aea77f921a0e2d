"""Load the three labelled sources and split each one into train / dev / test with a fixed seed.

Labels per category are None where a source says nothing about that category.
"""

from __future__ import annotations

import csv
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
    return [
        split(load_olid(), 0.1, 0.1),
        split(load_davidson(), 0.1, 0.1),
        split(load_cat(), 0.15, 0.2),  # few toxic comments: larger held-out parts
    ]
