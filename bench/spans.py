"""Toxic spans: character F1 on SemEval-2021 Task 5's trial split and the cost per comment.

Run: `.venv/bin/python -m bench.spans` (writes bench/results/spans.json). tsd_trial was held
out from tuning (training/spans.py tunes on a dev split of tsd_train). Every trial post is toxic,
so "as if flagged" is what a moderator sees on a held comment; the `score` row is what
`rejoinder moderation score` outputs (highlights gated by the accurate mode's flags). Occlusion
runs one transformer pass per word, so it is measured on a sample.
"""

from __future__ import annotations

import ast
import csv
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from bench._harness import report
from rejoinder.moderation.evaluation.spans import char_f1, offsets, word_spans
from rejoinder.moderation.scoring import ModerationModel, load_model

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "training" / "data"
OCCLUSION_SAMPLE = 120  # every 6th trial post
MODEL_CATEGORIES = ("toxicity", "insult", "identity_attack")


def read_trial() -> tuple[list[str], list[set[int]]]:
    path = DATA / "toxic_spans_civil_comments" / "tsd_trial.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [r["text"] for r in rows], [set(ast.literal_eval(r["spans"])) for r in rows]


def read_civil() -> list[str]:
    """Fox News comments annotated not hateful: news comments, mostly civil (some rude)."""
    path = DATA / "fox_news_comments" / "fox_news_comments.csv"
    with path.open(encoding="utf-8") as handle:
        return [r["text"] for r in csv.DictReader(handle) if r["label"] == "0"]


Method = Callable[[str], Iterable[tuple[int, int]]]


def measure(method: Method, texts: list[str], gold: list[set[int]]) -> tuple[float, float]:
    for text in texts[:10]:  # warm the word caches: timings are of a running server
        method(text)
    started = time.perf_counter()
    predicted = [offsets(list(method(text))) for text in texts]
    cost = (time.perf_counter() - started) * 1000 / len(texts)
    return char_f1(predicted, gold), cost


def main() -> None:
    texts, gold = read_trial()
    model = load_model(mode="accurate")
    spans, accurate = model.spans, model.accurate
    if spans is None or accurate is None:
        raise SystemExit("needs the shipped span model and the accurate model")
    before = ModerationModel(model.linear, model.profanity)  # explanations as they were

    def span_model(text: str) -> list[tuple[int, int]]:
        return spans.spans(text, flagged=True)

    def fast_words(text: str) -> list[tuple[int, int]]:
        explained = before.explain_many(text, [*MODEL_CATEGORIES, "profanity"])
        return word_spans(text, [w for words in explained.values() for w in words])

    def occlusion(text: str) -> list[tuple[int, int]]:
        explained = accurate.explain(text, MODEL_CATEGORIES)
        return word_spans(text, [w for words in explained.values() for w in words])

    flags = [model.flags(s) for s in model.scores_many(texts)]
    flags_of = dict(zip(texts, flags, strict=True))

    def cli(text: str) -> list[tuple[int, int]]:
        return model.highlight(text, flags_of[text])

    sample = list(range(0, len(texts), len(texts) // OCCLUSION_SAMPLE))[:OCCLUSION_SAMPLE]
    s_texts, s_gold = [texts[i] for i in sample], [gold[i] for i in sample]
    rows: list[dict[str, Any]] = []
    for name, method, corpus, truth in (
        ("span model, as if flagged", span_model, texts, gold),
        ("span model, as `score` outputs it (accurate flags)", cli, texts, gold),
        ("fast model's word weights + word list (before)", fast_words, texts, gold),
        ("span model, as if flagged (occlusion sample)", span_model, s_texts, s_gold),
        ("transformer occlusion (occlusion sample)", occlusion, s_texts, s_gold),
    ):
        f1, cost = measure(method, corpus, truth)
        rows.append(
            {"method": name, "posts": len(corpus), "char F1": f"{f1:.4f}", "ms/comment": cost}
        )
    civil = read_civil()
    marked = sum(bool(spans.spans(text)) for text in civil) / len(civil)
    flagged_share = sum(bool(f) for f in flags) / len(flags)
    report(
        "spans",
        rows,
        {
            "trial_posts": len(texts),
            "trial_share_flagged_accurate_mode": round(flagged_share, 3),
            "fox_civil_comments": len(civil),
            "fox_civil_share_highlighted_unflagged": round(marked, 3),
            "span_model": spans.metadata.get("training"),
        },
    )
    print(f"trial posts flagged in accurate mode: {flagged_share:.1%}")
    print(f"Fox News 'not hateful' comments with a highlight (no flag): {marked:.1%}")


if __name__ == "__main__":
    main()
