"""Score the 25 comments of the reference page and print a Markdown table for the model card.

Run: REJOINDER_MODERATION_MODE=<fast|accurate|thorough> .venv/bin/python training/seed_page.py
The id column is the score the pipeline uses; "discounted" shows an identity_attack score the
guard capped (moderation/targets.py: the comment's only targets are states or governments).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rejoinder.config import Settings  # noqa: E402
from rejoinder.moderation import (  # noqa: E402
    CommentFacts,
    ModerationSettings,
    build_pipeline,
    load_default_model,
)

PAGE = ROOT / "tests" / "fixtures" / "pages" / "wire-story-with-comments.txt"


def parse_comments(text: str) -> list[tuple[str, str]]:
    """After "25 Comments": a one-word line is a username, following lines are its paragraphs."""
    lines = text.split("25 Comments", 1)[1].strip().splitlines()
    comments: list[tuple[str, list[str]]] = []
    for line in lines:
        if line.strip() and " " not in line.strip() and len(line) <= 30:
            comments.append((line.strip(), []))
        elif comments and line.strip():
            comments[-1][1].append(line.strip())
    return [(user, "\n".join(paragraphs)) for user, paragraphs in comments]


async def main() -> None:
    model = load_default_model(Settings().moderation_mode)  # REJOINDER_MODERATION_MODE
    pipeline = build_pipeline(ModerationSettings.from_mapping({}), model)
    comments = parse_comments(PAGE.read_text(encoding="utf-8"))
    print(f"{len(comments)} comments\n")
    print("| # | user | tox | ins | id | prof | verdict | reasons | flags (words) | discounted |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for number, (user, text) in enumerate(comments, start=1):
        scored = model.scored(text)
        scores = scored.scores
        flags = model.flags(scores)
        verdict = await pipeline.evaluate(CommentFacts(text=text, author_key=user, now=0.0))
        reasons = ", ".join(r.code for r in verdict.reasons) or "-"
        why = "; ".join(f"{c}: {', '.join(model.explain(text, c))}" for c in flags) or "-"
        cut = "; ".join(f"{d.category} {d.score:.2f} → {d.capped:.2f}" for d in scored.discounts)
        cells = " | ".join(f"{scores[c]:.2f}" for c in ("toxicity", "insult", "identity_attack",
                                                          "profanity"))  # fmt: skip
        row = [str(number), user, cells, verdict.action, reasons, why, cut or "-"]
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    asyncio.run(main())
