"""Questions readers asked the newsroom or one another, and the comments that answered.

A comment asks when one of its sentences ends in "?", or opens with a phrase that asks ("does
anyone know", "can someone explain", "I wonder"). Answers are its real replies (parent_id) and,
on a flat page, the comments inferred to answer it (confidence at least MIN_CONFIDENCE);
the asker's own follow-ups are not answers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rejoinder.insight.model import InferredReply, InsightComment, Question

SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
ASKING = re.compile(
    r"^\s*(does anyone know|do you know|can (?:someone|anyone) (?:explain|tell)|"
    r"could (?:someone|anyone|you) (?:explain|tell)|i wonder(?: if| whether| why| how)?|"
    r"any idea|anyone know)\b",
    re.IGNORECASE,
)
NEWSROOM = re.compile(
    r"\b(editor|editors|newsroom|reporter|journalist|author of (?:this|the) article|"
    r"(?:this|the|your) article|(?:this|the|your) story|reuters)\b",
    re.IGNORECASE,
)
MIN_CONFIDENCE = 0.3


def asked(text: str) -> str | None:
    """The first sentence of `text` that asks something, or None."""
    for match in SENTENCE.finditer(text):
        sentence = match.group(0).strip()
        if sentence.endswith("?") or ASKING.match(sentence):
            return sentence
    return None


def find_questions(
    comments: Sequence[InsightComment], inferred: Sequence[InferredReply] = ()
) -> tuple[Question, ...]:
    authors = {c.id: c.author for c in comments}
    answers: dict[int, set[int]] = {}
    for comment in comments:
        if comment.parent_id is not None:
            answers.setdefault(comment.parent_id, set()).add(comment.id)
    for reply in inferred:
        if reply.parent_id is not None and reply.confidence >= MIN_CONFIDENCE:
            answers.setdefault(reply.parent_id, set()).add(reply.comment_id)
    found = []
    for comment in sorted(comments, key=lambda c: c.id):
        sentence = asked(comment.text)
        if sentence is None:
            continue
        by_others = sorted(a for a in answers.get(comment.id, ()) if authors[a] != comment.author)
        found.append(
            Question(
                comment_id=comment.id,
                answer_ids=tuple(by_others),
                text=sentence,
                to_newsroom=bool(NEWSROOM.search(comment.text)),
            )
        )
    return tuple(found)
