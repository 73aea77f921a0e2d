"""The words of EU DSA mail and pages (notices, statements of reasons): English and Japanese.

Plain text with `{name}` fields (`str.format`); what fills them is shown as written, never
interpreted (mail bodies are plain text, SECURITY 21). Both catalogues have the same keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from rejoinder.i18n import language

_EN: Final[dict[str, str]] = {
    "lang": "en",
    # to a reporter whose address is not confirmed yet: the only mail it gets before it is
    "confirm_subject": "Confirm your address for your notice to {site}",
    "confirm_body": (
        "Hello,\n\n"
        "someone, hopefully you, sent {site} a notice that comment {comment} is illegal,\n"
        "and gave this address for the answers. To confirm it, open this link and press\n"
        "the button on the page:\n\n{link}\n\n"
        "The link expires in 48 hours. Until the address is confirmed nothing else is sent to\n"
        "it. If you sent no notice, ignore this mail: nothing happens unless the button is\n"
        "pressed.\n"
    ),
    "ack_subject": "We received your notice (reference {reference})",
    "ack_body": (
        "Hello,\n\n"
        "we received your notice about comment {comment} on {site}, reference {reference}.\n"
        "You named: {legal_ground}\n\n"
        "A moderator will look at the comment, and we will write to you with the decision.\n"
    ),
    "decision_subject": "Decision on your notice (reference {reference})",
    "decision_body": (
        "Hello,\n\n"
        "about your notice {reference} on comment {comment} on {site}:\n\n{outcome}\n"
        "{ground}"
        "The decision was taken by a person (a moderator), not by automated means.\n\n"
        "{redress}"
    ),
    "outcome_removed": "A moderator has removed the comment.",
    "outcome_kept": (
        "A moderator reviewed the comment and kept it: it was not found to be illegal\n"
        "nor against the site's rules."
    ),
    # to an author: the statement of reasons (Art. 17)
    "statement_subject": "Your comment on {site} was removed (reference {puid})",
    "statement_body": (
        "Hello {name},\n\n"
        "your comment {comment} on {site}, written on {content_date}, was removed on\n"
        "{application_date}. This is the statement of the reasons.\n\n"
        "{ground}"
        "Facts and circumstances: {facts}\n\n"
        "{detection}\n{decision}\n\n"
        "{redress}\n"
        "Reference: {puid}\n"
    ),
    "ground_illegal": "Ground: illegal content, under {reference}.\nWhy: {explanation}\n\n",
    "ground_terms": (
        "Ground: incompatible with the site's terms, {reference}.\nWhy: {explanation}\n\n"
    ),
    "detected_yes": "The comment was found by automated means (the site's moderation checks).",
    "detected_no": "The comment was not found by automated means.",
    "decided_automatically": "The decision was taken by automated means, without a person.",
    "decided_by_person": "The decision was taken by a person (a moderator).",
    "redress_intro": "If you disagree with the decision, you can:\n",
    "redress_url": "- ask the site to review it: {url}\n",
    "redress_email": "- write to the site: {email}\n",
    "redress_always": (
        "- turn to a certified out-of-court dispute settlement body (Art. 21 DSA);\n"
        "- go to court.\n"
    ),
    # the page the confirmation link opens (it acts on POST only, SECURITY 22)
    "page_title": "Confirm your address",
    "page_text": (
        "Press the button to confirm that this address is yours. We will then acknowledge your "
        "notice and tell you the decision on it."
    ),
    "page_button": "Confirm my address",
    "page_incomplete": "This link is incomplete. Please open the whole link from the mail.",
    "confirmed_heading": "Address confirmed",
    "confirmed_text": "Thank you. We have sent the acknowledgement of your notice to this address.",
    "failed_heading": "Not confirmed",
    "link_not_valid": "This link is not valid: it has expired, or it is not the whole link.",
}

_JA: Final[dict[str, str]] = {
    "lang": "ja",
    "confirm_subject": "{site} への通知のためのメールアドレス確認",
    "confirm_body": (
        "こんにちは。\n\n"
        "どなたか (おそらくあなた) が {site} に、コメント {comment} が違法であるとの通知を送り、\n"
        "回答の送り先としてこのアドレスを指定しました。確認するには、次のリンクを開き、\n"
        "ページのボタンを押してください。\n\n{link}\n\n"
        "リンクの有効期限は 48 時間です。アドレスが確認されるまで、このアドレスには他に何も\n"
        "送りません。通知を送っていない場合は、このメールを無視してください。ボタンが押されない\n"
        "限り何も起こりません。\n"
    ),
    "ack_subject": "通知を受け付けました (受付番号 {reference})",
    "ack_body": (
        "こんにちは。\n\n"
        "{site} のコメント {comment} についての通知を受け付けました。\n"
        "受付番号は {reference} です。\n"
        "ご指摘の根拠: {legal_ground}\n\n"
        "モデレーターがコメントを確認し、決定をお知らせします。\n"
    ),
    "decision_subject": "通知に対する決定 (受付番号 {reference})",
    "decision_body": (
        "こんにちは。\n\n"
        "{site} のコメント {comment} についての通知 {reference} について:\n\n{outcome}\n"
        "{ground}"
        "この決定は自動化された手段ではなく、担当者 (モデレーター) が行いました。\n\n"
        "{redress}"
    ),
    "outcome_removed": "モデレーターがコメントを削除しました。",
    "outcome_kept": (
        "モデレーターがコメントを確認し、違法でもサイトのルール違反でもないと判断したため、\n"
        "コメントを残しました。"
    ),
    "statement_subject": "{site} のあなたのコメントが削除されました (番号 {puid})",
    "statement_body": (
        "{name} さん\n\n"
        "{content_date} に投稿された {site} のあなたのコメント {comment} は、\n"
        "{application_date} に削除されました。以下はその理由の説明です。\n\n"
        "{ground}"
        "事実と状況: {facts}\n\n"
        "{detection}\n{decision}\n\n"
        "{redress}\n"
        "番号: {puid}\n"
    ),
    "ground_illegal": "根拠: 違法なコンテンツ ({reference})\n理由: {explanation}\n\n",
    "ground_terms": "根拠: サイトの規約に反するコンテンツ ({reference})\n理由: {explanation}\n\n",
    "detected_yes": (
        "このコメントは自動化された手段 (サイトのモデレーション検査) で検出されました。"
    ),
    "detected_no": "このコメントは自動化された手段では検出されていません。",
    "decided_automatically": "この決定は担当者を介さず、自動化された手段で行われました。",
    "decided_by_person": "この決定は担当者 (モデレーター) が行いました。",
    "redress_intro": "決定に同意できない場合は、次の方法があります。\n",
    "redress_url": "- サイトに再検討を求める: {url}\n",
    "redress_email": "- サイトに連絡する: {email}\n",
    "redress_always": (
        "- 認定された裁判外紛争解決機関に申し立てる (DSA 第 21 条)\n- 裁判所に訴える\n"
    ),
    "page_title": "メールアドレスの確認",
    "page_text": (
        "このアドレスがあなたのものであることを確認するには、ボタンを押してください。"
        "その後、通知の受付と、通知に対する決定をお知らせします。"
    ),
    "page_button": "アドレスを確認する",
    "page_incomplete": "このリンクは不完全です。メールのリンクをそのまま開いてください。",
    "confirmed_heading": "アドレスを確認しました",
    "confirmed_text": "ありがとうございます。通知の受付をこのアドレスにお送りしました。",
    "failed_heading": "確認できませんでした",
    "link_not_valid": "このリンクは無効です。有効期限が切れているか、リンクの一部が欠けています。",
}

CATALOGUES: Final[dict[str, dict[str, str]]] = {"en": _EN, "ja": _JA}
Translate = Callable[..., str]


def translator(tag: str | None) -> Translate:
    """`t("ack_subject", reference="news-notice-7")` in the language of `tag` (English by
    default)."""
    catalogue = CATALOGUES[language(tag)]

    def t(key: str, **fields: object) -> str:
        return catalogue[key].format(**fields)

    return t
