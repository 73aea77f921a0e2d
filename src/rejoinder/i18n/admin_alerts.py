"""The strings of the story surge banner (templates/admin/_story_alerts.html)."""

from __future__ import annotations

from rejoinder.i18n.admin import register

register(
    en={
        "surge_alerts": "Story surges",
        "surge_title": "Surge on “{story}”",
        "surge_counts": (
            "{comments} comments by {authors} authors in {minutes} minutes: {new} new "
            "({guests} guests, {accounts} new accounts)."
        ),
        "surge_held": "{n} held for review so far.",
        "surge_networks": "Over-active network identities (comments / authors)",
        "surge_ages": "New accounts' ages (hours)",
        "surge_review": "Review the held comments",
        "surge_clear": "Clear alert",
        "surge_since": "since {time}",
    },
    ja={
        "surge_alerts": "記事への集中投稿",
        "surge_title": "「{story}」への集中投稿",
        "surge_counts": (
            "{minutes} 分間に {authors} 人から {comments} 件: うち新規 {new} 人"
            "(ゲスト {guests} 人、新しいアカウント {accounts} 件)。"
        ),
        "surge_held": "これまでに {n} 件を保留しました。",
        "surge_networks": "投稿の多いネットワーク(件数 / 投稿者数)",
        "surge_ages": "新しいアカウントの経過時間(時間)",
        "surge_review": "保留中のコメントを確認",
        "surge_clear": "警告を解除",
        "surge_since": "{time} から",
    },
)
