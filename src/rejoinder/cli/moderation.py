"""`rejoinder moderation`: score comments and evaluate the model from the command line.

`score` reads JSON lines {"text": ...} on stdin and writes one JSON line per input line: scores,
flags, the explanation words of each flag (and, under "discounted", any score a guard lowered and
why: criticism of states alone is no identity attack), and `spans`, the [start, end) character
offsets (end exclusive) of the text as given that the dashboard would highlight (docs/spans.md).
A line that is not a JSON object with a string "text" gets {"error": ..., "line": N} in its place
(so output lines stay aligned with input lines), a message on stderr, and the command exits with
status 1 after reading everything. Blank lines are skipped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
import numpy as np

from rejoinder.config import Settings
from rejoinder.moderation.evaluation.labelled import read_labelled
from rejoinder.moderation.evaluation.metrics import macro_f1, roc_auc
from rejoinder.moderation.scoring import CATEGORIES, Mode, ModerationModel, load_default_model

MODE = click.option(
    "--mode",
    type=click.Choice(["fast", "accurate", "thorough"]),
    default=None,
    help="fast: the linear model alone; accurate: the transformer too on the comments the fast "
    "model is unsure of (its toxicity inside the accurate band of models/accurate/cascade.json); "
    "thorough: the transformer on every comment (cascade.json's thorough band is 0.00-1.01). "
    "Default: REJOINDER_MODERATION_MODE, else accurate.",
)


@click.group("moderation")
def moderation() -> None:
    """Local moderation models: score text, measure accuracy."""


def score_line(model: ModerationModel, text: str) -> dict[str, object]:
    scored = model.scored(text)
    scores = scored.scores
    flags = model.flags(scores)
    explanation: dict[str, object] = dict(model.explain_many(text, flags)) if flags else {}
    if scored.discounts:  # e.g. identity_attack capped: the comment's only targets are states
        explanation["discounted"] = [d.as_dict() for d in scored.discounts]
    return {
        "scores": {c: round(scores[c], 4) for c in CATEGORIES},
        "flags": flags,
        "explanation": explanation,
        # What a moderator sees highlighted: [start, end) offsets into "text" as given.
        "spans": [[start, end] for start, end in model.highlight(text, flags)],
    }


def _parse(raw: str) -> str:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ValueError(f"invalid JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise ValueError('expected a JSON object with a string "text"')
    return str(data["text"])


@moderation.command("score")
@MODE
def score(mode: Mode | None) -> None:
    """Score JSON lines {"text": ...} from stdin; write one JSON line each to stdout."""
    model = load_default_model(mode or Settings().moderation_mode)
    failures = 0
    for number, raw in enumerate(sys.stdin, start=1):
        if not raw.strip():
            continue
        try:
            result = score_line(model, _parse(raw))
        except ValueError as error:
            failures += 1
            click.echo(f"line {number}: {error}", err=True)
            result = {"error": str(error), "line": number}
        click.echo(json.dumps(result, ensure_ascii=False))
    if failures:
        sys.exit(1)


@moderation.command("evaluate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--text-column", required=True, help="Column holding the comment text.")
@click.option("--label-column", required=True, help="1/0, OFF/NOT, true/false or a probability.")
@click.option("--threshold", type=float, default=None, help="Default: the model's own.")
@MODE
def evaluate(
    file: Path, text_column: str, label_column: str, threshold: float | None, mode: Mode | None
) -> None:
    """Print macro-F1 and ROC-AUC of the toxicity score on a labelled CSV/TSV file."""
    try:
        texts, labels = read_labelled(file, text_column, label_column)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    model = load_default_model(mode or Settings().moderation_mode)
    cutoff = model.thresholds["toxicity"] if threshold is None else threshold
    scores = np.array([s["toxicity"] for s in model.scores_many(texts)])
    if model.accurate is not None:
        reached = np.mean([model.reaches_accurate(text) for text in texts]) if texts else 0.0
        click.echo(f"share_scored_by_accurate_model\t{reached:.3f}")
    y = np.array(labels, dtype=bool)
    click.echo(f"rows\t{len(y)}\npositives\t{int(y.sum())}\nthreshold\t{cutoff:.4f}")
    click.echo(f"macro_f1\t{macro_f1(y, scores >= cutoff):.4f}")
    click.echo(f"roc_auc\t{roc_auc(y, scores):.4f}")
