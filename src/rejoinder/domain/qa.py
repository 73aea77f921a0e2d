"""Q&A mode of a story (issue 16): readers ask, the story's named experts answer.

A story in Q&A mode keeps `qa` and `experts` (account ids) in its settings JSON. There, a
top-level comment is a question, answered once one of the experts published a direct reply to
it; an expert's comments carry the "Expert" badge and are published without the pre-moderation
hold (services/moderation.py). Pure: what a stored story says and what a page marks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MAX_EXPERTS = 20


@dataclass(frozen=True)
class QaSettings:
    enabled: bool = False
    experts: tuple[int, ...] = ()

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any] | None) -> QaSettings:
        """From a story's settings JSON; whatever is not a flag and a list of ids reads as off."""
        data = settings or {}
        experts = data.get("experts")
        ids = tuple(
            expert
            for expert in (experts if isinstance(experts, list) else [])
            if isinstance(expert, int) and not isinstance(expert, bool)
        )
        return cls(data.get("qa") is True, ids)

    def merged_into(self, settings: Mapping[str, Any] | None) -> dict[str, Any]:
        """The story's settings with these in place of the old ones (the others kept)."""
        return {**(settings or {}), "qa": self.enabled, "experts": list(self.experts)}

    def is_expert(self, account_id: int | None) -> bool:
        """Whether the account speaks as an expert here: only in a story in Q&A mode."""
        return self.enabled and account_id is not None and account_id in self.experts


@dataclass(frozen=True)
class QaMarks:
    """What a page of a story needs to mark its comments: `expert` and `answered`."""

    enabled: bool = False
    experts: frozenset[int] = frozenset()
    answered: frozenset[int] = frozenset()  # ids of the page's questions an expert answered

    def expert(self, account_id: int | None, status: str) -> bool:
        shown = status == "published"
        return self.enabled and shown and account_id is not None and account_id in self.experts

    def answered_of(self, comment_id: int, parent_id: int | None) -> bool | None:
        """True or False for a question (a top-level comment of a Q&A story), else None."""
        if not self.enabled or parent_id is not None:
            return None
        return comment_id in self.answered


NO_QA = QaMarks()


def marks(settings: QaSettings, answered: frozenset[int] = frozenset()) -> QaMarks:
    if not settings.enabled:
        return NO_QA
    return QaMarks(True, frozenset(settings.experts), answered)
