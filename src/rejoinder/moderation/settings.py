"""Per-site moderation settings (site settings["moderation"]); every field has a default."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal

DEFAULT_PHASES = (
    "length",
    "story_closed",
    "duplicates",
    "flood",
    "surge",
    "words",
    "slurs",
    "links",
    "model",
    "history",
    "premoderation",
)


@dataclass(frozen=True)
class CategoryThresholds:
    """None for hold means the model's shipped threshold; None for reject/nudge disables them."""

    hold: float | None = None
    # Rejected with no moderator only when the model is all but certain: a mild insult ("You
    # sound like a fool.", "Pathetic bunch of clowns.") scores 0.98-0.997 and is nudged instead.
    reject: float | None = 0.999
    nudge: float | None = None  # defaults to the hold threshold when nudging is on

    @classmethod
    def from_mapping(cls, category: str, data: Mapping[str, object]) -> CategoryThresholds:
        unknown = set(data) - {"hold", "reject", "nudge"}
        if unknown:
            raise ValueError(f"moderation.thresholds.{category}: unknown keys {sorted(unknown)}")
        values = {
            k: None if v is None else _probability(f"{category}.{k}", v) for k, v in data.items()
        }
        return replace(cls(), **values)


# Bounds no site setting may pass: a site model learns from this many decisions at least and
# moves a score by at most this much (docs/site-learning.md, the poisoning analysis).
SITE_LEARNING_MIN_DECISIONS = 100
SITE_LEARNING_MAX_RAISE = 0.5
SITE_LEARNING_MAX_LOWER = 0.25

DEFAULT_THRESHOLDS = {
    "toxicity": CategoryThresholds(),
    "insult": CategoryThresholds(),
    "identity_attack": CategoryThresholds(),
    "profanity": CategoryThresholds(reject=None),
}


@dataclass(frozen=True)
class ModerationSettings:
    mode: Literal["post", "pre"] = "post"  # "pre" holds every comment for a moderator
    phases: tuple[str, ...] = DEFAULT_PHASES
    thresholds: Mapping[str, CategoryThresholds] = field(default_factory=lambda: DEFAULT_THRESHOLDS)
    nudge_enabled: bool = True
    banned_words: tuple[str, ...] = ()  # reject
    suspect_words: tuple[str, ...] = ()  # hold
    min_length: int = 1
    max_length: int = 10_000
    max_links: int = 3
    allowed_link_hosts: tuple[str, ...] = ()  # empty: any host
    duplicate_window_seconds: float = 3600.0
    # Share of the smaller comment's character 5-grams found in the other (ADR 0015).
    duplicate_similarity: float = 0.6
    duplicate_min_accounts: int = 2  # other accounts posting the same text within the window
    # Story surges (moderation/surges.py, docs/brigading.md): within the window, this many
    # distinct new authors (guests, accounts younger than surge_new_account_seconds) making at
    # least surge_new_share of the story's authors, or one network identity with this many
    # comments or authors, hold new authors' and that network's comments on the story.
    surge_window_seconds: float = 900.0
    surge_new_authors: int = 12
    surge_new_share: float = 0.5
    surge_new_account_seconds: float = 3 * 86400.0
    surge_network_comments: int = 10
    surge_network_authors: int = 3
    flood_window_seconds: float = 60.0
    flood_max_posts: int = 5
    new_account_seconds: float = 3600.0
    max_rejection_rate: float = 0.5
    min_history_for_rate: int = 4
    external_url: str | None = None
    external_secret: str = ""
    external_timeout_seconds: float = 2.0
    external_fail_action: Literal["hold", "publish"] = "hold"
    # Learning from this site's moderators (moderation/site_head.py, docs/site-learning.md).
    site_learning: bool = True
    site_learning_min_decisions: int = 200
    site_learning_max_raise: float = 0.3  # the most a site model may add to a toxicity score
    site_learning_max_lower: float = 0.1  # ... and take away from one

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> ModerationSettings:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(
                f"moderation settings: unknown keys {sorted(unknown)}; known keys: {sorted(known)}"
            )
        values: dict[str, Any] = {}
        for name, value in data.items():
            values[name] = _PARSERS.get(name, _scalar(cls, name))(name, value)
        settings = replace(cls(), **values)
        settings.validate()
        return settings

    def validate(self) -> None:
        from rejoinder.moderation.registry import registered_phases

        missing = [name for name in self.phases if name not in registered_phases()]
        if missing:
            raise ValueError(
                f"moderation.phases: unknown phases {missing}; "
                f"registered: {sorted(registered_phases())}"
            )
        if self.mode not in ("post", "pre"):
            raise ValueError("moderation.mode must be 'post' or 'pre'")
        if self.external_fail_action not in ("hold", "publish"):
            raise ValueError("moderation.external_fail_action must be 'hold' or 'publish'")
        if "external" in self.phases and not self.external_url:
            raise ValueError("moderation.external_url is required when the 'external' phase is on")
        self._validate_site_learning()
        self._validate_surges()

    def _validate_surges(self) -> None:
        if not 0 < self.duplicate_similarity <= 1 or not 0 <= self.surge_new_share <= 1:
            raise ValueError("moderation.duplicate_similarity and surge_new_share are shares")
        counts = ("surge_new_authors", "surge_network_comments", "surge_network_authors")
        if any(getattr(self, name) < 2 for name in counts):
            raise ValueError(f"moderation.{', '.join(counts)} must be at least 2")
        if self.surge_window_seconds <= 0 or self.surge_new_account_seconds < 0:
            raise ValueError("moderation.surge_window_seconds must be positive")

    def _validate_site_learning(self) -> None:
        if self.site_learning_min_decisions < SITE_LEARNING_MIN_DECISIONS:
            raise ValueError(
                "moderation.site_learning_min_decisions must be at least "
                f"{SITE_LEARNING_MIN_DECISIONS}: fewer decisions teach noise"
            )
        for name, limit in (
            ("site_learning_max_raise", SITE_LEARNING_MAX_RAISE),
            ("site_learning_max_lower", SITE_LEARNING_MAX_LOWER),
        ):
            if not 0 <= getattr(self, name) <= limit:
                raise ValueError(f"moderation.{name} must be between 0 and {limit}")

    def thresholds_for(self, category: str) -> CategoryThresholds:
        return self.thresholds.get(category, CategoryThresholds())


def _probability(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError(f"moderation.thresholds.{name} must be a number between 0 and 1")
    return float(value)


def _strings(name: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"moderation.{name} must be a list of strings")
    return tuple(value)


def _thresholds(name: str, value: object) -> dict[str, CategoryThresholds]:
    if not isinstance(value, Mapping):
        raise ValueError("moderation.thresholds must map a category to {hold, reject, nudge}")
    merged = dict(DEFAULT_THRESHOLDS)
    for category, limits in value.items():
        if category not in DEFAULT_THRESHOLDS or not isinstance(limits, Mapping):
            raise ValueError(f"moderation.thresholds: unknown category {category!r}")
        base = DEFAULT_THRESHOLDS[category]
        parsed = CategoryThresholds.from_mapping(category, limits)
        merged[category] = replace(base, **{k: getattr(parsed, k) for k in limits})
    return merged


def _scalar(cls: type[ModerationSettings], name: str) -> Callable[[str, object], object]:
    expected = type(getattr(cls(), name))

    def parse(field_name: str, value: object) -> object:
        if value is None and field_name == "external_url":
            return None
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if field_name == "external_url" and isinstance(value, str):
            return value
        if not isinstance(value, expected) or (expected is not bool and isinstance(value, bool)):
            raise ValueError(f"moderation.{field_name} must be of type {expected.__name__}")
        return value

    return parse


_PARSERS: dict[str, Callable[[str, object], object]] = {
    "phases": _strings,
    "banned_words": _strings,
    "suspect_words": _strings,
    "allowed_link_hosts": _strings,
    "thresholds": _thresholds,
}
