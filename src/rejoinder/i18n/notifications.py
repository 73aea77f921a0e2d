"""The words of reply notification mail and pages: English and Japanese.

Plain text with `{name}` fields (`str.format`); what fills them is shown as written, never
interpreted (the HTML part escapes every field, services/reply_mail.py). Both catalogues have
the same keys (tests/unit/test_reply_notifications.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from rejoinder.i18n import language

_EN: Final[dict[str, str]] = {
    "lang": "en",
    # to a guest whose address is not confirmed yet: the only mail it gets before it is
    "confirm_subject": "Confirm your address for replies on {site}",
    "confirm_body": (
        "Hello,\n\n"
        "someone, hopefully you, commented on {site} with this address and asked to hear\n"
        "of replies. To confirm the address, open this link and press the button on the\n"
        "page:\n\n{link}\n\n"
        "The link expires in 7 days. Until the address is confirmed nothing else is sent to\n"
        "it, and replies written before you confirm are not mailed later. If this was not\n"
        "you, ignore this mail: nothing happens unless the button is pressed.\n"
    ),
    "reply_subject": "{name} replied to your comment on {site}",
    "replies_subject": "{count} new replies to your comment on {site}",
    "digest_subject": "Today's replies to your comments on {site} ({count})",
    "reply_line": "{name} replied:",
    "read_reply": "Read the reply: {link}",
    "more_replies": "{count} more replies:",
    "footer": (
        "You get this mail because you asked to hear of replies to your comment on {site}.\n"
        "Stop these mails: {link}\n"
    ),
    "stop_label": "Stop these mails",
    # the pages
    "page_title": "Confirm your address",
    "page_text": "Press the button to confirm that this address is yours and that you want "
    "mail about replies to your comments on this site.",
    "page_button": "Confirm my address",
    "page_incomplete": "This link is incomplete. Please open the whole link from the mail.",
    "confirmed_heading": "Address confirmed",
    "confirmed_text": "Thank you. You will get a mail when someone replies to your comment.",
    "failed_heading": "That did not work",
    "link_not_valid": "This link is not valid: it has expired, or it is not the whole link.",
    "stop_title": "Stop reply notifications",
    "stop_text": "Which mails should stop?",
    "stop_this": "Replies to this comment",
    "stop_all": "All reply notifications from this site",
    "stopped_heading": "Unsubscribed",
    "stopped_this": "You will get no more mail about replies to this comment.",
    "stopped_all": "You will get no more reply notifications from this site.",
}

_JA: Final[dict[str, str]] = {
    "lang": "ja",
    "confirm_subject": "{site} の返信通知のためにメールアドレスを確認してください",
    "confirm_body": (
        "こんにちは。\n\n"
        "どなたか、おそらくあなたが、このアドレスで {site} にコメントし、"
        "返信の通知を希望しました。\n"
        "アドレスを確認するには、次のリンクを開き、ページのボタンを押してください。\n\n{link}\n\n"
        "リンクの有効期限は7日間です。確認されるまで、このアドレスには何も送られず、"
        "確認前に書かれた返信が後から送られることもありません。\n"
        "お心当たりがなければ、このメールは無視してください。ボタンを押さない限り何も起こりません。\n"
    ),
    "reply_subject": "{site} のあなたのコメントに {name} さんが返信しました",
    "replies_subject": "{site} のあなたのコメントに新しい返信が {count} 件あります",
    "digest_subject": "{site} のあなたのコメントへの今日の返信 {count} 件",
    "reply_line": "{name} さんの返信:",
    "read_reply": "返信を読む: {link}",
    "more_replies": "ほかに {count} 件の返信:",
    "footer": (
        "{site} のコメントへの返信の通知を希望されたため、このメールをお送りしています。\n"
        "配信停止: {link}\n"
    ),
    "stop_label": "配信を停止する",
    "page_title": "メールアドレスの確認",
    "page_text": "このアドレスがあなたのものであり、このサイトでのコメントへの返信をメールで"
    "受け取ることを確認するには、ボタンを押してください。",
    "page_button": "アドレスを確認する",
    "page_incomplete": "このリンクは不完全です。メールのリンクをそのまま開いてください。",
    "confirmed_heading": "アドレスを確認しました",
    "confirmed_text": "ありがとうございます。コメントに返信があるとメールでお知らせします。",
    "failed_heading": "処理できませんでした",
    "link_not_valid": "このリンクは無効です。有効期限が切れているか、リンクの一部が欠けています。",
    "stop_title": "返信通知の停止",
    "stop_text": "どのメールを停止しますか。",
    "stop_this": "このコメントへの返信",
    "stop_all": "このサイトからのすべての返信通知",
    "stopped_heading": "配信を停止しました",
    "stopped_this": "このコメントへの返信のメールは今後送られません。",
    "stopped_all": "このサイトからの返信通知は今後送られません。",
}

CATALOGUES: Final[dict[str, dict[str, str]]] = {"en": _EN, "ja": _JA}
Translate = Callable[..., str]


def translator(tag: str | None) -> Translate:
    """`t("reply_subject", name="Aiko", site="News")` in the language of `tag` (English by
    default)."""
    catalogue = CATALOGUES[language(tag)]

    def t(key: str, **fields: object) -> str:
        return catalogue[key].format(**fields)

    return t
