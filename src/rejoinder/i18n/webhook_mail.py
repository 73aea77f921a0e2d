"""The words of the mail to administrators when a webhook endpoint was disabled
(services/webhook_delivery.py). Plain text with `{name}` fields; every catalogue has English's
keys and fields (tests/unit/test_catalogues.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from rejoinder.i18n.locales import language

_EN: Final[dict[str, str]] = {
    "subject": "Webhook endpoint {id} of {site} was disabled",
    "body": (
        "Hello {name},\n\n"
        "the webhook endpoint {id} ({url}) was disabled: {reason}\n"
        "Nothing more is sent to it until it is enabled again.\n\n"
        "Its delivery log, and the button to enable it, are at:\n{page}\n"
    ),
    "a_site": "a site",
}

_JA: Final[dict[str, str]] = {
    "subject": "{site} の Webhook エンドポイント {id} が無効になりました",
    "body": (
        "{name} さん\n\n"
        "Webhook のエンドポイント {id}({url})が無効になりました: {reason}\n"
        "再度有効にするまで、このエンドポイントには何も送信されません。\n\n"
        "配信ログと、再度有効にするボタンはこちらです:\n{page}\n"
    ),
    "a_site": "サイト",
}

_DE: Final[dict[str, str]] = {
    "subject": "Webhook-Endpunkt {id} von {site} wurde deaktiviert",
    "body": (
        "Guten Tag {name},\n\n"
        "der Webhook-Endpunkt {id} ({url}) wurde deaktiviert: {reason}\n"
        "Bis er wieder aktiviert wird, wird nichts mehr an ihn gesendet.\n\n"
        "Sein Zustellprotokoll und die Schaltfläche zum Aktivieren finden Sie hier:\n{page}\n"
    ),
    "a_site": "einer Website",
}

_FR: Final[dict[str, str]] = {
    "subject": "Le point de terminaison de webhook {id} de {site} a été désactivé",
    "body": (
        "Bonjour {name},\n\n"
        "le point de terminaison de webhook {id} ({url}) a été désactivé : {reason}\n"
        "Plus rien ne lui est envoyé tant qu’il n’est pas réactivé.\n\n"
        "Son journal des envois, et le bouton pour le réactiver, se trouvent ici :\n{page}\n"
    ),
    "a_site": "un site",
}

_ES: Final[dict[str, str]] = {
    "subject": "Se ha desactivado el endpoint de webhook {id} de {site}",
    "body": (
        "Hola, {name}:\n\n"
        "se ha desactivado el endpoint de webhook {id} ({url}): {reason}\n"
        "No se le enviará nada más hasta que se vuelva a activar.\n\n"
        "Su registro de entregas, y el botón para activarlo, están en:\n{page}\n"
    ),
    "a_site": "un sitio",
}

_AR: Final[dict[str, str]] = {
    "subject": "عُطّلت نقطة نهاية خطاف الويب {id} الخاصة بـ {site}",
    "body": (
        "مرحبًا {name}،\n\n"
        "عُطّلت نقطة نهاية خطاف الويب {id} ({url}): {reason}\n"
        "لن يُرسل إليها شيء بعد الآن حتى يُعاد تفعيلها.\n\n"
        "سجل الإرسال الخاص بها وزر إعادة التفعيل هنا:\n{page}\n"
    ),
    "a_site": "موقع",
}

CATALOGUES: Final[dict[str, dict[str, str]]] = {
    "en": _EN, "ja": _JA, "de": _DE, "fr": _FR, "es": _ES, "ar": _AR,
}  # fmt: skip


def translator(tag: str | None) -> Callable[..., str]:
    """`t("subject", id=3, site="News")` in the language of `tag` (English by default)."""
    catalogue = CATALOGUES[language(tag)]

    def t(key: str, **fields: object) -> str:
        return catalogue[key].format(**fields) if fields else catalogue[key]

    return t
