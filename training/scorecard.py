"""The model card's scorecard, read-only: the shipped models on our own held-out sets.

Run: .venv/bin/python training/scorecard.py [--mode fast|accurate|thorough|all] [--json PATH]

Scores the model files as shipped (src/rejoinder/moderation/models/, through the runtime code,
the identity-attack guard included) with training/report.py's own functions, the ones
training/train.py and training/cascade.py print after retraining, but it trains nothing and
writes no model file: only its report (default training/report-scorecard.json; '-' for none).
Prints the issue-13 target table (news comments, OLID, identity templates) and the held-out
figures per source. Figures in docs/moderation.md: "Scorecard" and "Held-out figures".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import cast, get_args

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "training")]

from report import news_figures, source_figures  # noqa: E402
from sources import Source, load_all  # noqa: E402

from rejoinder.moderation.evaluation.fairness import (  # noqa: E402
    HELD_OUT_OFTEN_TARGETED,
    HELD_OUT_TERMS,
    FairnessReport,
    evaluate_fairness,
)
from rejoinder.moderation.scoring import MODELS_DIR, Mode, ModerationModel, load_model  # noqa: E402

DEFAULT_REPORT = ROOT / "training" / "report-scorecard.json"
Figures = dict[str, object]


def fairness(model: ModerationModel) -> dict[str, FairnessReport]:
    """report.fairness_figures, with each template scored once (one comment at a time, as
    report.py and the pipeline do; the report asks about the same sentences many times)."""
    known: dict[str, dict[str, float]] = {}

    def scores(text: str) -> dict[str, float]:
        if text not in known:
            known[text] = model.scores(text)
        return known[text]

    def toxicity(texts: Sequence[str]) -> np.ndarray:
        return np.array([scores(t)["toxicity"] for t in texts])

    def flagged(texts: Sequence[str]) -> np.ndarray:
        return np.array([bool(model.flags(scores(t))) for t in texts])

    return {
        "identity_templates": evaluate_fairness(toxicity, flagged),
        "identity_templates_held_out_terms": evaluate_fairness(
            toxicity, flagged, HELD_OUT_TERMS, HELD_OUT_OFTEN_TARGETED
        ),
    }


def score_mode(mode: Mode, sources: list[Source]) -> Figures:
    started = time.perf_counter()
    model = load_model(mode=mode)
    figures: Figures = {
        "thresholds": {k: round(v, 4) for k, v in model.thresholds.items()},
        "news": news_figures(model, sources),
        "test": {source.name: source_figures(model, source) for source in sources},
        **{name: report.as_dict() for name, report in fairness(model).items()},
    }
    figures["seconds"] = round(time.perf_counter() - started, 1)
    print(f"{mode}: scored in {figures['seconds']} s", file=sys.stderr, flush=True)
    return figures


def _get(figures: Figures, *path: str) -> float:
    value: object = figures
    for key in path:
        value = cast(dict[str, object], value)[key]
    return float(cast(float, value))


# (row title, target, path into a mode's figures, format)
ROWS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("news, clearly toxic vs civil, AUC (test)", "≥ 0.97", ("news", "clear_test", "auc"), "auc"),
    ("news, subtle (Fox News), AUC (test)", "≥ 0.75", ("news", "subtle_test", "auc"), "auc"),
    ("news, clearly toxic vs civil, AUC (dev)", "", ("news", "clear_dev", "auc"), "auc"),
    ("news, subtle, AUC (dev)", "", ("news", "subtle_dev", "auc"), "auc"),
    (
        "OLID test, toxicity macro-F1 (shipped threshold)",
        "≥ 0.82",
        ("test", "olid", "toxicity", "macro_f1_shipped_threshold"),
        "auc",
    ),
    ("OLID test, toxicity AUC", "≥ 0.90", ("test", "olid", "toxicity", "auc"), "auc"),
    (
        "identity templates, held-out terms, AUC",
        "≥ 0.97",
        ("identity_templates_held_out_terms", "auc"),
        "auc",
    ),
    (
        "identity templates, held-out terms, AUC lost on swap (points)",
        "≤ 1",
        ("identity_templates_held_out_terms", "swap_drop"),
        "points",
    ),
    (
        "identity templates, held-out terms, neutral flagged",
        "< 2%",
        ("identity_templates_held_out_terms", "neutral_false_positive_rate"),
        "share",
    ),
    ("identity templates, masked terms, AUC", "", ("identity_templates", "auc"), "auc"),
    (
        "identity templates, masked terms, neutral flagged",
        "",
        ("identity_templates", "neutral_false_positive_rate"),
        "share",
    ),
)


def _cell(value: float, kind: str) -> str:
    if kind == "points":
        return f"{100 * value:.1f}"
    if kind == "share":
        return f"{value:.1%}"
    return f"{value:.4f}"


def table(by_mode: dict[str, Figures]) -> str:
    modes = list(by_mode)
    lines = [
        "| target | goal | " + " | ".join(f"`{m}`" for m in modes) + " |",
        "|---|---|" + "---|" * len(modes),
    ]
    for title, goal, path, kind in ROWS:
        cells = [_cell(_get(by_mode[m], *path), kind) for m in modes]
        lines.append(f"| {title} | {goal} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def held_out_table(by_mode: dict[str, Figures]) -> str:
    """AUC / macro-F1 at the shipped threshold, per source's test split and category."""
    modes = list(by_mode)
    first = cast(dict[str, dict[str, dict[str, float]]], by_mode[modes[0]]["test"])
    lines = [
        "| source (test n / positives) | category | " + " | ".join(f"`{m}`" for m in modes) + " |",
        "|---|---|" + "---|" * len(modes),
    ]
    for source, categories in first.items():
        for category, row in categories.items():
            cells = []
            for mode in modes:
                auc = _get(by_mode[mode], "test", source, category, "auc")
                f1 = _get(by_mode[mode], "test", source, category, "macro_f1_shipped_threshold")
                cells.append(f"{auc:.3f} / {f1:.3f}")
            size = f"{int(row['n']):,} / {int(row['positives']):,}"
            lines.append(f"| {source} ({size}) | {category} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _fingerprints() -> dict[str, str]:
    files = [*MODELS_DIR.glob("*.npz"), *MODELS_DIR.glob("*/*.onnx"), *MODELS_DIR.glob("**/*.json")]
    return {
        str(f.relative_to(MODELS_DIR)): hashlib.sha256(f.read_bytes()).hexdigest()[:12]
        for f in sorted(files)
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--mode", choices=[*get_args(Mode), "all"], default="all")
    parser.add_argument(
        "--json", default=str(DEFAULT_REPORT), help="where to write the figures; '-' for none"
    )
    args = parser.parse_args(argv)
    modes = cast(list[Mode], list(get_args(Mode)) if args.mode == "all" else [args.mode])
    sources = load_all()
    by_mode: dict[str, Figures] = {mode: score_mode(mode, sources) for mode in modes}
    print(table(by_mode))
    print()
    print(held_out_table(by_mode))
    if args.json != "-":
        path = Path(args.json)
        body = {
            "command": "training/scorecard.py --mode " + args.mode,
            "models": _fingerprints(),
            "modes": by_mode,
        }
        path.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


if __name__ == "__main__":
    main()
