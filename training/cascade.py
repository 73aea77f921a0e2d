"""Choose the accurate model's band, weight and thresholds on dev data; report held-out figures.

Run from the repository root after training/finetune.py:  .venv/bin/python training/cascade.py
Writes src/rejoinder/moderation/models/accurate/cascade.json and training/report-accurate.json.
Only dev splits choose anything; test splits are scored once, at the end.
"""

from __future__ import annotations

import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "training")]

from augment import neutral_sentences  # noqa: E402
from report import (  # noqa: E402
    fairness_figures,
    news_figures,
    news_sets,
    source_figures,
    write_report,
)
from seed_page import PAGE, parse_comments  # noqa: E402
from sources import CATEGORIES, Source, load_all  # noqa: E402

from rejoinder.moderation.accurate import load_accurate  # noqa: E402
from rejoinder.moderation.evaluation.metrics import best_threshold, macro_f1, roc_auc  # noqa: E402
from rejoinder.moderation.scoring import MODELS_DIR, ModerationModel, load_model  # noqa: E402

ACCURATE_DIR = MODELS_DIR / "accurate"
LOWS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)
HIGHS = (0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
WEIGHTS = (0.5, 0.7, 0.85, 1.0)
# The most a preset may send to the transformer (share of OLID dev): "accurate" keeps to the
# uncertain half, "thorough" may send everything (it sends the comments under 0.8).
PRESETS = {"accurate": 0.5, "thorough": 1.0}
SHARE_CAPS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1.0)


def preset(band: tuple[float, ...], thresholds: dict[str, float]) -> dict[str, object]:
    return {
        "band": dict(zip(("low", "high", "weight"), band, strict=True)),
        "thresholds": {c: round(t, 4) for c, t in thresholds.items()},
    }


def write_cascade(presets: dict[str, dict[str, object]]) -> None:
    body = {"presets": presets, "chosen_by": "training/cascade.py on dev splits"}
    (ACCURATE_DIR / "cascade.json").write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")


def raw_scores(model: ModerationModel, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Fast and accurate scores of every text (rows x CATEGORIES), the accurate one unbanded."""
    assert model.accurate is not None
    fast = np.array([[model.linear.probabilities(t)[c] for c in CATEGORIES] for t in texts])
    accurate = []
    for start in range(0, len(texts), 64):
        batch = model.accurate.probabilities(texts[start : start + 64])
        accurate += [[row[c] for c in CATEGORIES] for row in batch]
    return fast, np.array(accurate)


def combine(fast: np.ndarray, accurate: np.ndarray, band: tuple[float, float, float]) -> np.ndarray:
    low, high, weight = band
    inside = (fast[:, 0] >= low) & (fast[:, 0] < high)
    mixed = weight * accurate + (1 - weight) * fast
    combined = np.where(inside[:, None], mixed, fast)
    combined[:, 1:] = np.minimum(combined[:, 1:], combined[:, :1])  # as accurate.nested does
    return combined


def objective(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float, float]:
    threshold = best_threshold(labels, scores)
    auc = roc_auc(labels, scores)
    f1 = macro_f1(labels, scores >= threshold)
    return (auc + f1) / 2, auc, f1


Dev = dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]


def candidates(dev: Dev) -> list[tuple[float, ...]]:
    """(low, high, weight, OLID dev share, objective, OLID AUC, OLID F1, news AUC) per band."""
    fast_olid, accurate_olid, y_olid = dev["olid"]
    fast_news, accurate_news, y_news = dev["news"]
    rows: list[tuple[float, ...]] = []
    for low, high, weight in itertools.product(LOWS, HIGHS, WEIGHTS):
        share = float(np.mean((fast_olid[:, 0] >= low) & (fast_olid[:, 0] < high)))
        olid = objective(combine(fast_olid, accurate_olid, (low, high, weight))[:, 0], y_olid)
        news_auc = roc_auc(y_news, combine(fast_news, accurate_news, (low, high, weight))[:, 0])
        rows.append((low, high, weight, share, (olid[0] * 2 + news_auc) / 3, *olid[1:], news_auc))
    return rows


def best_within(rows: list[tuple[float, ...]], max_share: float) -> tuple[float, ...]:
    return max((r for r in rows if r[3] <= max_share), key=lambda r: r[4])


def tradeoff(rows: list[tuple[float, ...]]) -> list[dict[str, float]]:
    """The best band for each cap on the share of comments the transformer sees (dev data)."""
    names = ("low", "high", "weight", "olid_dev_share", "objective", "olid_dev_auc",
             "olid_dev_f1", "news_dev_auc")  # fmt: skip
    table = []
    for cap in SHARE_CAPS:
        if not any(r[3] <= cap for r in rows):
            continue
        best = best_within(rows, cap)
        table.append({"cap": cap, **{n: round(v, 4) for n, v in zip(names, best, strict=True)}})
        print(table[-1])
    return table


def thresholds_for(
    band: tuple[float, float, float],
    olid_dev: tuple[np.ndarray, np.ndarray, dict[str, np.ndarray | None]],
    neutral: tuple[np.ndarray, np.ndarray],
) -> dict[str, float]:
    """Tuned on OLID dev, floored above held-out neutral identity sentences (as train.py does)."""
    fast, accurate, labels = olid_dev
    combined = combine(fast, accurate, band)
    neutral_combined = combine(*neutral, band)
    chosen = {}
    for i, category in enumerate(CATEGORIES):
        y = labels[category]
        assert y is not None  # OLID has every category
        tuned = best_threshold(y, combined[:, i])
        floor = float(neutral_combined[:, i].max()) + 0.02
        chosen[category] = max(tuned, floor)
        print(f"  {category}: OLID-dev threshold {tuned:.3f}, neutral floor {floor:.3f}")
    return chosen


def share_reaching(model: ModerationModel, sources: list[Source]) -> dict[str, float]:
    page = [text for _, text in parse_comments(PAGE.read_text(encoding="utf-8"))]
    shares = {
        source.name: float(np.mean([model.reaches_accurate(t) for t in source.subset("test")[0]]))
        for source in sources
    }
    shares["reference_page"] = float(np.mean([model.reaches_accurate(t) for t in page]))
    return {k: round(v, 3) for k, v in shares.items()}


def latency(model: ModerationModel, texts: list[str]) -> dict[str, float]:
    assert model.accurate is not None
    started = time.perf_counter()
    for text in texts:
        model.accurate.probabilities([text])
    one = (time.perf_counter() - started) / len(texts)
    started = time.perf_counter()
    for text in texts:
        model.scores(text)
    cascade = len(texts) / (time.perf_counter() - started)
    return {"accurate_ms_per_comment": round(one * 1000, 2), "cascade_per_s": round(cascade)}


def main() -> None:
    sources = {s.name: s for s in load_all()}
    everything = preset((0.0, 2.0, 1.0), dict.fromkeys(CATEGORIES, 0.5))
    write_cascade({"accurate": everything})  # provisional: the raw transformer on every comment
    model = load_model(mode="accurate")
    dev = {}
    olid_texts, olid_dev_labels = sources["olid"].subset("dev")
    news_texts, news_y = news_sets(list(sources.values()), "dev")["clear"]
    for name, texts, y in (("olid", olid_texts, np.asarray(olid_dev_labels["toxicity"])),
                           ("news", news_texts, news_y)):  # fmt: skip
        fast, accurate = raw_scores(model, texts)
        dev[name] = (fast, accurate, y)
    rows = candidates(dev)
    olid_labels = sources["olid"].subset("dev")[1]
    neutral = raw_scores(model, neutral_sentences("dev"))
    presets = {}
    for name, cap in PRESETS.items():
        low, high, weight = best_within(rows, cap)[:3]
        band = (low, high, weight)
        olid_dev = (dev["olid"][0], dev["olid"][1], olid_labels)
        presets[name] = preset(band, thresholds_for(band, olid_dev, neutral))
    write_cascade(presets)
    report: dict[str, object] = {"band_tradeoff_on_dev": tradeoff(rows)}
    for name in PRESETS:
        model = ModerationModel(model.linear, model.profanity, load_accurate(ACCURATE_DIR, name))
        report[name] = {
            **presets[name],
            "test": {source: source_figures(model, s) for source, s in sources.items()},
            "news_comments": news_figures(model, list(sources.values())),
            "share_reaching_accurate": share_reaching(model, list(sources.values())),
            **fairness_figures(model),
            "speed_one_core": latency(model, sources["olid"].subset("test")[0][:300]),
        }
    write_report(report, ROOT / "training" / "report-accurate.json")


if __name__ == "__main__":
    main()
