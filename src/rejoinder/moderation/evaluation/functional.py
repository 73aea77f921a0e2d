"""Functional hate-speech tests after HateCheck's 29 functionalities (Röttger et al., ACL 2021).

The cases are our own (functional_cases.json), templated over eight protected groups, each with
HateCheck's gold label for its functionality. A comment is predicted hateful when the model flags
it in `toxicity` or `identity_attack`: what a moderator would see held or nudged.

Abuse at objects (F22), at individuals (F23) and at non-protected groups (F24) is not hate in
HateCheck's sense, and HateCheck labels it non-hateful; a toxicity model is right to flag much of
it. So two macro-F1 figures are reported: `hatecheck` counts F22-F24 as non-hateful, as HateCheck
does; `hate_only` leaves them out. Their flag rate is reported on its own as `abuse_flagged`.

Report: `python -m rejoinder.moderation.evaluation.functional [--mode M ...] [--json PATH]`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, cast, get_args

import numpy as np

from rejoinder.moderation.evaluation.metrics import macro_f1

if TYPE_CHECKING:
    from rejoinder.moderation.scoring import Mode, ModerationModel

CASES_FILE = Path(__file__).with_name("functional_cases.json")
HATE_CATEGORIES = ("toxicity", "identity_attack")
ABUSE_FUNCTIONALITIES = ("F22", "F23", "F24")  # abusive but not hateful in HateCheck's sense
DEFAULT_REPORT = Path("training/report-functional.json")

Predict = Callable[[Sequence[str]], np.ndarray]  # texts -> predicted hateful (bool per text)


@dataclass(frozen=True)
class Functionality:
    id: str
    name: str
    description: str
    hateful: bool
    abuse: bool  # F22-F24: abuse that HateCheck does not count as hate


@dataclass(frozen=True)
class Case:
    functionality: Functionality
    text: str
    target: str  # the protected group's key, the object/person/profession, or "" for fixed cases

    @property
    def hateful(self) -> bool:
        return self.functionality.hateful


# --- spelling variants (F25-F29): the [bracketed] span of a template is rewritten ------------

LEET = str.maketrans({"a": "4", "e": "3", "i": "1", "o": "0", "A": "4", "E": "3", "I": "1"})


def _longest_word(span: str) -> tuple[int, int]:
    found = max(re.finditer(r"\w+", span), key=lambda m: len(m.group()))
    return found.start(), found.end()


def _swap(word: str) -> str:
    """Swap two adjacent, different characters from the middle on: "hate" -> "haet"."""
    for i in range(len(word) // 2, len(word) - 1):
        if word[i] != word[i + 1]:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[1] + word[0] + word[2:]


def _on_longest(rewrite: Callable[[str], str]) -> Callable[[str], str]:
    def apply(span: str) -> str:
        start, end = _longest_word(span)
        return span[:start] + rewrite(span[start:end]) + span[end:]

    return apply


TRANSFORMS: dict[str, Callable[[str], str]] = {
    "swap": _on_longest(_swap),  # F25
    "delete": _on_longest(lambda w: w[: (len(w) - 1) // 2] + w[(len(w) + 1) // 2 :]),  # F26
    "join": lambda span: span.replace(" ", ""),  # F27: "I hate" -> "Ihate"
    "spaces": _on_longest(" ".join),  # F28: "hate" -> "h a t e"
    "leet": lambda span: span.translate(LEET),  # F29: "hate" -> "h4t3"
}


def _rewrite(text: str, transform: str | None) -> str:
    if transform is None:
        return text
    return re.sub(r"\[([^\]]+)\]", lambda m: TRANSFORMS[transform](m.group(1)), text)


def _fill(template: str, values: dict[str, str]) -> str:
    def capitalised(value: str) -> str:
        return value[:1].upper() + value[1:]

    return template.format(**values, **{k.capitalize(): capitalised(v) for k, v in values.items()})


@cache
def load_cases(path: Path = CASES_FILE) -> tuple[Case, ...]:
    body = json.loads(path.read_text(encoding="utf-8"))
    groups: dict[str, dict[str, str]] = body["groups"]
    cases: list[Case] = []
    for entry in body["functionalities"]:
        functionality = Functionality(
            id=entry["id"],
            name=entry["name"],
            description=entry["description"],
            hateful={"hateful": True, "non-hateful": False}[entry["label"]],
            abuse=bool(entry.get("abuse", False)),
        )
        transform = entry.get("transform")
        for text in entry.get("cases", []):
            cases.append(Case(functionality, text, ""))
        for template in entry.get("templates", []):
            if "targets" in entry:
                for target in entry["targets"]:
                    cases.append(Case(functionality, _fill(template, {"target": target}), target))
            else:
                for key, forms in groups.items():
                    text = _rewrite(_fill(template, forms), transform)
                    cases.append(Case(functionality, text, key))
    return tuple(cases)


def functionalities(cases: Sequence[Case]) -> list[Functionality]:
    return list(dict.fromkeys(case.functionality for case in cases))


# --- scoring ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FunctionalityResult:
    id: str
    name: str
    label: str
    n: int
    accuracy: float  # share of cases where the prediction matches the gold label
    flagged: float  # share of cases predicted hateful


@dataclass(frozen=True)
class FunctionalReport:
    n: int
    macro_f1_hatecheck: float  # all cases, F22-F24 counted as non-hateful (HateCheck's labels)
    macro_f1_hate_only: float  # F22-F24 left out
    accuracy: float  # all cases, HateCheck's labels
    abuse_flagged: float  # share of F22-F24 (abuse, not hate) that is flagged
    by_functionality: tuple[FunctionalityResult, ...]
    by_group: dict[str, float]  # accuracy over the cases templated with each protected group

    def result(self, functionality_id: str) -> FunctionalityResult:
        return next(r for r in self.by_functionality if r.id == functionality_id)

    def as_dict(self) -> dict[str, object]:
        return {
            "n": self.n,
            "macro_f1_hatecheck": self.macro_f1_hatecheck,
            "macro_f1_hate_only": self.macro_f1_hate_only,
            "accuracy": self.accuracy,
            "abuse_flagged": self.abuse_flagged,
            "by_functionality": [dict(r.__dict__) for r in self.by_functionality],
            "by_group": self.by_group,
        }


def evaluate_functional(
    predict: Predict, cases: Sequence[Case] | None = None
) -> tuple[FunctionalReport, np.ndarray]:
    """predict: whether each text is predicted hateful. Returns the report and the predictions."""
    cases = load_cases() if cases is None else cases
    predicted = np.asarray(predict([case.text for case in cases]), dtype=bool)
    gold = np.array([case.hateful for case in cases])
    ids = np.array([case.functionality.id for case in cases])
    abuse = np.isin(ids, ABUSE_FUNCTIONALITIES)
    correct = predicted == gold
    results = []
    for functionality in functionalities(cases):
        mask = ids == functionality.id
        results.append(
            FunctionalityResult(
                id=functionality.id,
                name=functionality.name,
                label="hateful" if functionality.hateful else "non-hateful",
                n=int(mask.sum()),
                accuracy=float(correct[mask].mean()),
                flagged=float(predicted[mask].mean()),
            )
        )
    targets = np.array([case.target for case in cases])
    group_keys = dict.fromkeys(c.target for c in cases if c.target and not c.functionality.abuse)
    return (
        FunctionalReport(
            n=len(cases),
            macro_f1_hatecheck=macro_f1(gold, predicted),
            macro_f1_hate_only=macro_f1(gold[~abuse], predicted[~abuse]),
            accuracy=float(correct.mean()),
            abuse_flagged=float(predicted[abuse].mean()) if abuse.any() else float("nan"),
            by_functionality=tuple(results),
            by_group={key: float(correct[(targets == key) & ~abuse].mean()) for key in group_keys},
        ),
        predicted,
    )


def predicted_hateful(model: ModerationModel, texts: Sequence[str]) -> np.ndarray:
    """Flagged in toxicity or identity_attack at the model's own thresholds; one batch."""
    return np.array(
        [
            any(c in HATE_CATEGORIES for c in model.flags(scores))
            for scores in model.scores_many(list(texts))
        ],
        dtype=bool,
    )


def evaluate_model(model: ModerationModel) -> FunctionalReport:
    return evaluate_functional(lambda texts: predicted_hateful(model, texts))[0]


# --- the report command -------------------------------------------------------------------------


def _slur_listed(texts: Sequence[str]) -> np.ndarray:
    from rejoinder.moderation.phases.words import shipped_slurs

    slurs = shipped_slurs()
    return np.array([bool(slurs.find(text)) for text in texts], dtype=bool)


def _already_predicted(predicted: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    return predicted


def _fingerprints() -> dict[str, str]:
    """Which model files the figures describe (the models are retrained often)."""
    from rejoinder.moderation.scoring import MODELS_DIR

    files = [*MODELS_DIR.glob("*.npz"), *MODELS_DIR.glob("*/*.onnx"), *MODELS_DIR.glob("**/*.json")]
    return {
        str(f.relative_to(MODELS_DIR)): hashlib.sha256(f.read_bytes()).hexdigest()[:12]
        for f in sorted(files)
    }


def report(modes: Sequence[Mode]) -> dict[str, object]:
    from rejoinder.moderation.scoring import load_default_model

    cases = load_cases()
    listed = _slur_listed([case.text for case in cases])
    figures: dict[str, object] = {}
    for mode in modes:
        model = load_default_model(mode)
        result, predicted = evaluate_functional(partial(predicted_hateful, model), cases)
        # With the pipeline's `slurs` phase too (it holds a listed slur whatever the model says).
        with_phase, _ = evaluate_functional(partial(_already_predicted, predicted | listed), cases)
        figures[mode] = {
            **result.as_dict(),
            "with_slurs_phase": {
                "macro_f1_hatecheck": with_phase.macro_f1_hatecheck,
                "macro_f1_hate_only": with_phase.macro_f1_hate_only,
            },
            "errors": [
                {"id": c.functionality.id, "text": c.text, "gold": c.hateful, "predicted": bool(p)}
                for c, p in zip(cases, predicted, strict=True)
                if p != c.hateful
            ],
        }
    return {
        "models": _fingerprints(),
        "cases": CASES_FILE.name,
        "n": len(cases),
        "hateful": sum(c.hateful for c in cases),
        "predicted_hateful": "flagged in toxicity or identity_attack at the mode's thresholds",
        "modes": figures,
    }


def _table(figures: dict[str, dict[str, object]]) -> str:
    modes = list(figures)
    rows = [
        "| functionality | gold | n | " + " | ".join(f"`{m}`" for m in modes) + " |",
        "|---|---|---|" + "---|" * len(modes),
    ]
    first = cast(list[dict[str, object]], figures[modes[0]]["by_functionality"])
    for i, entry in enumerate(first):
        accuracies = [
            cast(list[dict[str, float]], figures[m]["by_functionality"])[i]["accuracy"]
            for m in modes
        ]
        rows.append(
            f"| {entry['id']} {entry['name']} | {entry['label']} | {entry['n']} | "
            + " | ".join(f"{a:.0%}" for a in accuracies)
            + " |"
        )
    for key, title in (
        ("macro_f1_hatecheck", "macro-F1, F22-F24 as non-hateful (HateCheck)"),
        ("macro_f1_hate_only", "macro-F1, F22-F24 left out"),
        ("accuracy", "accuracy, all cases"),
        ("abuse_flagged", "F22-F24 flagged (abuse, not hate)"),
    ):
        values = [cast(float, figures[m][key]) for m in modes]
        rows.append(f"| **{title}** | | | " + " | ".join(f"{v:.3f}" for v in values) + " |")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--mode",
        action="append",
        choices=["fast", "accurate", "thorough"],
        help="repeat for several; default: all three",
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=DEFAULT_REPORT,
        help=f"where to write the full report (default {DEFAULT_REPORT}); '-' for none",
    )
    args = parser.parse_args(argv)
    modes = cast(list["Mode"], args.mode or list(_modes()))
    body = report(modes)
    figures = cast(dict[str, dict[str, object]], body["modes"])
    print(f"{body['n']} cases, {body['hateful']} hateful; hateful = {body['predicted_hateful']}")
    print(_table(figures))
    for mode in modes:
        by_group = cast(dict[str, float], figures[mode]["by_group"])
        phase = cast(dict[str, float], figures[mode]["with_slurs_phase"])
        print(
            f"{mode}: accuracy by group "
            + ", ".join(f"{g} {a:.0%}" for g, a in by_group.items())
            + f"; with the slurs phase, macro-F1 {phase['macro_f1_hatecheck']:.3f}"
            + f" / {phase['macro_f1_hate_only']:.3f}"
        )
    if str(args.json) != "-":
        args.json.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(f"wrote {args.json}")


def _modes() -> tuple[str, ...]:
    from rejoinder.moderation.scoring import Mode

    return get_args(Mode)


if __name__ == "__main__":
    main()
