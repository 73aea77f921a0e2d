"""The words of the mail that tells a site's moderators a queue passed its threshold
(services/queue_alerts.py), in every language the dashboard speaks, the same keys and fields in
each. Plain text with `{name}` fields; the fields are shown as written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from rejoinder.i18n.outcome_mail import language_of

_EN: Final[dict[str, str]] = {
    "lang": "en",
    "pending_subject": "{site}: held comments waiting for review: {count}",
    "reported_subject": "{site}: reported comments waiting for review: {count}",
    "greeting": "Hello {name},",
    "pending_text": "the queue of held comments on {site} has passed its alert threshold "
    "({threshold}). Comments waiting now: {count}.",
    "reported_text": "the queue of reported comments on {site} has passed its alert threshold "
    "({threshold}). Comments waiting now: {count}.",
    "open_queue": "Open the queue: {link}",
    "footer": "You get this mail as a moderator of {site}. No new alert for this queue is sent "
    "within the hour unless it falls under the threshold and passes it again; the site's "
    "settings set the thresholds.\n",
}

_JA: Final[dict[str, str]] = {
    "lang": "ja",
    "pending_subject": "{site}: 確認待ちの保留コメント {count} 件",
    "reported_subject": "{site}: 確認待ちの通報されたコメント {count} 件",
    "greeting": "{name} さん",
    "pending_text": "{site} の保留コメントのキューが通知のしきい値({threshold})を超えました。"
    "現在の確認待ち: {count} 件。",
    "reported_text": "{site} の通報されたコメントのキューが通知のしきい値({threshold})を"
    "超えました。現在の確認待ち: {count} 件。",
    "open_queue": "キューを開く: {link}",
    "footer": "{site} のモデレーターとしてこのメールをお送りしています。しきい値を一度下回って"
    "再び超えない限り、このキューについて1時間以内に次の通知は送られません。"
    "しきい値はサイトの設定で変更できます。\n",
}

_DE: Final[dict[str, str]] = {
    "lang": "de",
    "pending_subject": "{site}: zurückgehaltene Kommentare warten auf Prüfung: {count}",
    "reported_subject": "{site}: gemeldete Kommentare warten auf Prüfung: {count}",
    "greeting": "Hallo {name},",
    "pending_text": "die Warteschlange der zurückgehaltenen Kommentare auf {site} hat ihre "
    "Alarmschwelle ({threshold}) überschritten. Jetzt wartende Kommentare: {count}.",
    "reported_text": "die Warteschlange der gemeldeten Kommentare auf {site} hat ihre "
    "Alarmschwelle ({threshold}) überschritten. Jetzt wartende Kommentare: {count}.",
    "open_queue": "Zur Warteschlange: {link}",
    "footer": "Sie erhalten diese E-Mail als Moderatorin oder Moderator von {site}. Innerhalb "
    "einer Stunde folgt kein neuer Alarm für diese Warteschlange, außer sie fällt unter die "
    "Schwelle und überschreitet sie erneut; die Schwellen legen die Einstellungen der Website "
    "fest.\n",
}

_FR: Final[dict[str, str]] = {
    "lang": "fr",
    "pending_subject": "{site} : commentaires retenus en attente de modération : {count}",
    "reported_subject": "{site} : commentaires signalés en attente de modération : {count}",
    "greeting": "Bonjour {name},",
    "pending_text": "la file des commentaires retenus sur {site} a dépassé son seuil d'alerte "
    "({threshold}). Commentaires en attente : {count}.",
    "reported_text": "la file des commentaires signalés sur {site} a dépassé son seuil d'alerte "
    "({threshold}). Commentaires en attente : {count}.",
    "open_queue": "Ouvrir la file : {link}",
    "footer": "Vous recevez ce message en tant que modérateur de {site}. Aucune nouvelle alerte "
    "pour cette file n'est envoyée dans l'heure, sauf si elle repasse sous le seuil puis le "
    "dépasse à nouveau ; les réglages du site fixent les seuils.\n",
}

_ES: Final[dict[str, str]] = {
    "lang": "es",
    "pending_subject": "{site}: comentarios retenidos pendientes de revisión: {count}",
    "reported_subject": "{site}: comentarios denunciados pendientes de revisión: {count}",
    "greeting": "Hola, {name}:",
    "pending_text": "la cola de comentarios retenidos de {site} superó su umbral de alerta "
    "({threshold}). Comentarios pendientes ahora: {count}.",
    "reported_text": "la cola de comentarios denunciados de {site} superó su umbral de alerta "
    "({threshold}). Comentarios pendientes ahora: {count}.",
    "open_queue": "Abrir la cola: {link}",
    "footer": "Recibes este correo como moderador de {site}. No se envía otra alerta de esta "
    "cola en la próxima hora salvo que baje del umbral y lo vuelva a superar; los umbrales se "
    "fijan en la configuración del sitio.\n",
}

_AR: Final[dict[str, str]] = {
    "lang": "ar",
    "pending_subject": "{site}: تعليقات محجوزة بانتظار المراجعة: {count}",
    "reported_subject": "{site}: تعليقات مُبلّغ عنها بانتظار المراجعة: {count}",
    "greeting": "مرحبًا {name}،",
    "pending_text": "تجاوزت قائمة التعليقات المحجوزة على {site} حد التنبيه ({threshold}). "
    "التعليقات المنتظرة الآن: {count}.",
    "reported_text": "تجاوزت قائمة التعليقات المُبلّغ عنها على {site} حد التنبيه ({threshold}). "
    "التعليقات المنتظرة الآن: {count}.",
    "open_queue": "افتح القائمة: {link}",
    "footer": "تصلك هذه الرسالة بصفتك مشرفًا على {site}. لن يُرسل تنبيه جديد لهذه القائمة خلال "
    "ساعة إلا إذا انخفضت عن الحد ثم تجاوزته مجددًا؛ تُحدَّد الحدود في إعدادات الموقع.\n",
}

CATALOGUES: Final[dict[str, dict[str, str]]] = {
    "en": _EN, "ja": _JA, "de": _DE, "fr": _FR, "es": _ES, "ar": _AR,
}  # fmt: skip
Translate = Callable[..., str]


def translator(tag: str | None) -> Translate:
    """`t("pending_subject", site="News", count=12)` in the language of `tag` (English by
    default)."""
    catalogue = CATALOGUES[language_of(tag)]

    def t(key: str, **fields: object) -> str:
        return catalogue[key].format(**fields)

    return t
