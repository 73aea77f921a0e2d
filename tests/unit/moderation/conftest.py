from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from rejoinder.moderation import CommentFacts, ModerationSettings, Verdict, build_pipeline

NOW = 1_700_000_000.0
BASE = CommentFacts(text="A perfectly ordinary remark about the budget.", author_key="a1", now=NOW)


def facts(**changes: object) -> CommentFacts:
    return replace(BASE, **changes)  # type: ignore[arg-type]


async def verdict(settings: Mapping[str, object] | None = None, /, **changes: object) -> Verdict:
    pipeline = build_pipeline(ModerationSettings.from_mapping(settings or {}))
    return await pipeline.evaluate(facts(**changes))


def codes(result: Verdict) -> list[str]:
    return [reason.code for reason in result.reasons]
