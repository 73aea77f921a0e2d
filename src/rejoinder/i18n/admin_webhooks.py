"""The strings of a site's webhooks page in the dashboard."""

from __future__ import annotations

from rejoinder.i18n.admin import register

register(
    {
        "wh_nav": "Webhooks", "wh_title": "Webhooks · {site}",
        "wh_intro": "Signed webhooks (Standard Webhooks) tell the newsroom's systems what happens "
        "to comments, reports and stories. Receivers verify each request with the endpoint's "
        "secret (docs/webhooks.md).",
        "wh_none": "This site has no webhook endpoints.", "wh_url": "URL",
        "wh_events": "Events", "wh_all_events": "every event", "wh_state": "State",
        "wh_enabled": "enabled", "wh_failing": "failing since {since}",
        "wh_disabled": "disabled: {reason}",
        "wh_rotating": "the old secret signs too until {until}",
        "wh_remove": "Remove", "wh_remove_label": "Remove the endpoint {url}",
        "wh_rotate": "Rotate secret", "wh_enable": "Enable again",
        "wh_log": "Delivery log (newest first)", "wh_log_empty": "Nothing sent yet.",
        "wh_time": "Time", "wh_event": "Event", "wh_attempt": "Attempt",
        "wh_outcome": "Outcome", "wh_status": "Response", "wh_duration": "Duration (ms)",
        "wh_error": "Problem", "wh_add": "Add an endpoint",
        "wh_events_help": "Tick none to send every event.",
        "wh_add_button": "Add endpoint",
        "wh_secret_once": "The secret of endpoint {id} ({url}). Copy it now: it is not shown "
        "again.",
        "wh_secret_label": "Secret", "wh_removed": "The endpoint was removed.",
        "wh_enabled_again": "The endpoint was enabled again.",
    },
    {
        "wh_nav": "Webhook", "wh_title": "Webhook · {site}",
        "wh_intro": "署名付き Webhook(Standard Webhooks)で、コメント・通報・記事の出来事を"
        "報道機関のシステムに知らせます。受信側はエンドポイントのシークレットで各リクエストを"
        "検証します(docs/webhooks.md)。",
        "wh_none": "このサイトには Webhook のエンドポイントがありません。", "wh_url": "URL",
        "wh_events": "イベント", "wh_all_events": "すべてのイベント", "wh_state": "状態",
        "wh_enabled": "有効", "wh_failing": "{since} から失敗中",
        "wh_disabled": "無効: {reason}", "wh_rotating": "{until} まで旧シークレットでも署名します",
        "wh_remove": "削除", "wh_remove_label": "エンドポイント {url} を削除",
        "wh_rotate": "シークレットを更新", "wh_enable": "再度有効にする",
        "wh_log": "配信ログ(新しい順)", "wh_log_empty": "まだ何も送信していません。",
        "wh_time": "日時", "wh_event": "イベント", "wh_attempt": "試行",
        "wh_outcome": "結果", "wh_status": "応答", "wh_duration": "所要時間(ミリ秒)",
        "wh_error": "問題", "wh_add": "エンドポイントを追加",
        "wh_events_help": "何も選ばなければすべてのイベントを送ります。",
        "wh_add_button": "追加",
        "wh_secret_once": "エンドポイント {id}({url})のシークレットです。今コピーしてください。"
        "再表示されません。",
        "wh_secret_label": "シークレット", "wh_removed": "エンドポイントを削除しました。",
        "wh_enabled_again": "エンドポイントを再度有効にしました。",
    },
)  # fmt: skip
