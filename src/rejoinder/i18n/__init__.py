"""Server-side string catalogues (the widget keeps its own in widget/src/i18n.ts).

Only what the server renders for readers without JavaScript lives here: English and Japanese.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

Catalogue = dict[str, Callable[[int], str] | str]

_EN: Final[Catalogue] = {
    "badge_guest": "guest",
    "badge_staff": "staff",
    "badge_verified": "verified",
    "comments": lambda n: "1 Comment" if n == 1 else f"{n} Comments",
    "deleted": "[deleted]",
    "deleted_body": "This comment was deleted.",
    "more_comments": "More comments",
    "no_comments": "No comments yet.",
    "replies_to": "Replies",
}

_JA: Final[Catalogue] = {
    "badge_guest": "ゲスト",
    "badge_staff": "スタッフ",
    "badge_verified": "認証済み",
    "comments": lambda n: f"コメント {n} 件",
    "deleted": "[削除済み]",
    "deleted_body": "このコメントは削除されました。",
    "more_comments": "さらにコメントを見る",
    "no_comments": "まだコメントはありません。",
    "replies_to": "返信",
}

CATALOGUES: Final[dict[str, Catalogue]] = {"en": _EN, "ja": _JA}
DEFAULT_LANGUAGE: Final = "en"


def language(tag: str | None) -> str:
    """The catalogue for a language tag such as `ja-JP`; English when we have none for it."""
    primary = (tag or "").split("-")[0].strip().lower()
    return primary if primary in CATALOGUES else DEFAULT_LANGUAGE


def translator(tag: str | None) -> Callable[..., str]:
    """`t("comments", 25)` or `t("deleted")` in the language of `tag`."""
    catalogue = CATALOGUES[language(tag)]

    def t(key: str, count: int = 0) -> str:
        entry = catalogue[key]
        return entry if isinstance(entry, str) else entry(count)

    return t
