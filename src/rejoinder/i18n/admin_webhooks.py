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
    de={
        "wh_nav": "Webhooks", "wh_title": "Webhooks · {site}",
        "wh_intro": "Signierte Webhooks (Standard Webhooks) melden den Systemen der Redaktion, "
        "was mit Kommentaren, Meldungen und Artikeln geschieht. Empfänger prüfen jede Anfrage "
        "mit dem Geheimnis des Endpunkts (docs/webhooks.md).",
        "wh_none": "Diese Website hat keine Webhook-Endpunkte.", "wh_url": "URL",
        "wh_events": "Ereignisse", "wh_all_events": "jedes Ereignis", "wh_state": "Zustand",
        "wh_enabled": "aktiv", "wh_failing": "fehlerhaft seit {since}",
        "wh_disabled": "deaktiviert: {reason}",
        "wh_rotating": "das alte Geheimnis signiert ebenfalls bis {until}",
        "wh_remove": "Entfernen", "wh_remove_label": "Den Endpunkt {url} entfernen",
        "wh_rotate": "Geheimnis erneuern", "wh_enable": "Wieder aktivieren",
        "wh_log": "Zustellprotokoll (neueste zuerst)", "wh_log_empty": "Noch nichts gesendet.",
        "wh_time": "Zeit", "wh_event": "Ereignis", "wh_attempt": "Versuch",
        "wh_outcome": "Ergebnis", "wh_status": "Antwort", "wh_duration": "Dauer (ms)",
        "wh_error": "Problem", "wh_add": "Endpunkt hinzufügen",
        "wh_events_help": "Nichts ankreuzen, um jedes Ereignis zu senden.",
        "wh_add_button": "Endpunkt hinzufügen",
        "wh_secret_once": "Das Geheimnis des Endpunkts {id} ({url}). Kopieren Sie es jetzt: Es "
        "wird nicht noch einmal angezeigt.",
        "wh_secret_label": "Geheimnis", "wh_removed": "Der Endpunkt wurde entfernt.",
        "wh_enabled_again": "Der Endpunkt wurde wieder aktiviert.",
    },
    fr={
        "wh_nav": "Webhooks", "wh_title": "Webhooks · {site}",
        "wh_intro": "Des webhooks signés (Standard Webhooks) informent les systèmes de la "
        "rédaction de ce qui arrive aux commentaires, signalements et articles. Les "
        "destinataires vérifient chaque requête avec le secret du point de terminaison "
        "(docs/webhooks.md).",
        "wh_none": "Ce site n’a aucun point de terminaison de webhook.", "wh_url": "URL",
        "wh_events": "Événements", "wh_all_events": "tous les événements", "wh_state": "État",
        "wh_enabled": "actif", "wh_failing": "en échec depuis {since}",
        "wh_disabled": "désactivé : {reason}",
        "wh_rotating": "l’ancien secret signe aussi jusqu’au {until}",
        "wh_remove": "Supprimer", "wh_remove_label": "Supprimer le point de terminaison {url}",
        "wh_rotate": "Renouveler le secret", "wh_enable": "Réactiver",
        "wh_log": "Journal des envois (les plus récents d’abord)",
        "wh_log_empty": "Rien n’a encore été envoyé.",
        "wh_time": "Heure", "wh_event": "Événement", "wh_attempt": "Tentative",
        "wh_outcome": "Résultat", "wh_status": "Réponse", "wh_duration": "Durée (ms)",
        "wh_error": "Problème", "wh_add": "Ajouter un point de terminaison",
        "wh_events_help": "Ne cochez rien pour envoyer tous les événements.",
        "wh_add_button": "Ajouter",
        "wh_secret_once": "Le secret du point de terminaison {id} ({url}). Copiez-le maintenant : "
        "il ne sera plus affiché.",
        "wh_secret_label": "Secret", "wh_removed": "Le point de terminaison a été supprimé.",
        "wh_enabled_again": "Le point de terminaison a été réactivé.",
    },
    es={
        "wh_nav": "Webhooks", "wh_title": "Webhooks · {site}",
        "wh_intro": "Los webhooks firmados (Standard Webhooks) avisan a los sistemas de la "
        "redacción de lo que ocurre con comentarios, denuncias y artículos. Los receptores "
        "verifican cada petición con el secreto del endpoint (docs/webhooks.md).",
        "wh_none": "Este sitio no tiene endpoints de webhook.", "wh_url": "URL",
        "wh_events": "Eventos", "wh_all_events": "todos los eventos", "wh_state": "Estado",
        "wh_enabled": "activo", "wh_failing": "fallando desde {since}",
        "wh_disabled": "desactivado: {reason}",
        "wh_rotating": "el secreto anterior también firma hasta {until}",
        "wh_remove": "Eliminar", "wh_remove_label": "Eliminar el endpoint {url}",
        "wh_rotate": "Renovar el secreto", "wh_enable": "Volver a activar",
        "wh_log": "Registro de entregas (más recientes primero)",
        "wh_log_empty": "Todavía no se ha enviado nada.",
        "wh_time": "Hora", "wh_event": "Evento", "wh_attempt": "Intento",
        "wh_outcome": "Resultado", "wh_status": "Respuesta", "wh_duration": "Duración (ms)",
        "wh_error": "Problema", "wh_add": "Añadir un endpoint",
        "wh_events_help": "No marques ninguno para enviar todos los eventos.",
        "wh_add_button": "Añadir endpoint",
        "wh_secret_once": "El secreto del endpoint {id} ({url}). Cópialo ahora: no se volverá a "
        "mostrar.",
        "wh_secret_label": "Secreto", "wh_removed": "Se ha eliminado el endpoint.",
        "wh_enabled_again": "Se ha vuelto a activar el endpoint.",
    },
    ar={
        "wh_nav": "خطافات الويب", "wh_title": "خطافات الويب · {site}",
        "wh_intro": "تُعلِم خطافات الويب الموقَّعة (Standard Webhooks) أنظمةَ غرفة الأخبار بما "
        "يجري للتعليقات والبلاغات والمقالات. يتحقق المستقبِل من كل طلب بسرّ نقطة النهاية "
        "(docs/webhooks.md).",
        "wh_none": "لا توجد نقاط نهاية لخطافات الويب في هذا الموقع.", "wh_url": "العنوان",
        "wh_events": "الأحداث", "wh_all_events": "كل الأحداث", "wh_state": "الحالة",
        "wh_enabled": "مفعّلة", "wh_failing": "تفشل منذ {since}",
        "wh_disabled": "معطّلة: {reason}",
        "wh_rotating": "يوقّع السرّ القديم أيضًا حتى {until}",
        "wh_remove": "إزالة", "wh_remove_label": "إزالة نقطة النهاية {url}",
        "wh_rotate": "تجديد السرّ", "wh_enable": "إعادة التفعيل",
        "wh_log": "سجل الإرسال (الأحدث أولًا)", "wh_log_empty": "لم يُرسل شيء بعد.",
        "wh_time": "الوقت", "wh_event": "الحدث", "wh_attempt": "المحاولة",
        "wh_outcome": "النتيجة", "wh_status": "الاستجابة", "wh_duration": "المدة (ملّي ثانية)",
        "wh_error": "المشكلة", "wh_add": "إضافة نقطة نهاية",
        "wh_events_help": "لا تحدد شيئًا لإرسال كل الأحداث.",
        "wh_add_button": "إضافة نقطة النهاية",
        "wh_secret_once": "سرّ نقطة النهاية {id} ({url}). انسخه الآن: لن يُعرض مرة أخرى.",
        "wh_secret_label": "السرّ", "wh_removed": "أُزيلت نقطة النهاية.",
        "wh_enabled_again": "أُعيد تفعيل نقطة النهاية.",
    },
)  # fmt: skip
