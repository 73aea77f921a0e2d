"""The moderator workspace's strings (server-rendered pages only), in every language of
`LANGUAGES`; the page groups add theirs with `register` (admin_queue.py, admin_site.py, ...)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from rejoinder.i18n.locales import LANGUAGES, Entry, language, say

Strings = dict[str, Entry]

_EN: Final[Strings] = {
    "workspace": "Moderator workspace",
    "skip": "Skip to content",
    "sign_in": "Sign in",
    "sign_in_heading": "Sign in to moderate",
    "sign_in_with": "Sign in with {provider}",
    "or": "or",
    "email": "Email",
    "password": "Password",
    "sign_out": "Sign out",
    "signed_in_as": "Signed in as {name}",
    "your_sites": "Your sites",
    "no_sites": "You do not moderate any site yet. Ask an administrator to appoint you.",
    "site": "Site",
    "queues": "Queues",
    "audit": "Audit log",
    "settings": "Settings",
    "overview": "Overview",
    "error": "Something is not right",
    "back": "Back to your sites",
    "primary": "Main",
}

_JA: Final[Strings] = {
    "workspace": "モデレーター画面",
    "skip": "本文へ移動",
    "sign_in": "ログイン",
    "sign_in_heading": "モデレーターとしてログイン",
    "sign_in_with": "{provider} でログイン",
    "or": "または",
    "email": "メールアドレス",
    "password": "パスワード",
    "sign_out": "ログアウト",
    "signed_in_as": "{name} としてログイン中",
    "your_sites": "担当サイト",
    "no_sites": "担当するサイトはまだありません。管理者に任命を依頼してください。",
    "site": "サイト",
    "queues": "キュー",
    "audit": "監査ログ",
    "settings": "設定",
    "overview": "概要",
    "error": "問題が発生しました",
    "back": "サイト一覧へ戻る",
    "primary": "メイン",
}

_DE: Final[Strings] = {
    "workspace": "Moderationsbereich",
    "skip": "Zum Inhalt springen",
    "sign_in": "Anmelden",
    "sign_in_heading": "Zur Moderation anmelden",
    "sign_in_with": "Mit {provider} anmelden",
    "or": "oder",
    "email": "E-Mail",
    "password": "Passwort",
    "sign_out": "Abmelden",
    "signed_in_as": "Angemeldet als {name}",
    "your_sites": "Ihre Websites",
    "no_sites": "Sie moderieren noch keine Website. Bitten Sie eine Administratorin oder einen "
    "Administrator, Sie einzusetzen.",
    "site": "Website",
    "queues": "Warteschlangen",
    "audit": "Protokoll",
    "settings": "Einstellungen",
    "overview": "Überblick",
    "error": "Etwas stimmt nicht",
    "back": "Zurück zu Ihren Websites",
    "primary": "Hauptnavigation",
}

_FR: Final[Strings] = {
    "workspace": "Espace de modération",
    "skip": "Aller au contenu",
    "sign_in": "Se connecter",
    "sign_in_heading": "Se connecter pour modérer",
    "sign_in_with": "Se connecter avec {provider}",
    "or": "ou",
    "email": "Adresse e-mail",
    "password": "Mot de passe",
    "sign_out": "Se déconnecter",
    "signed_in_as": "Connecté en tant que {name}",
    "your_sites": "Vos sites",
    "no_sites": "Vous ne modérez encore aucun site. Demandez à un administrateur de vous nommer.",
    "site": "Site",
    "queues": "Files d’attente",
    "audit": "Journal d’audit",
    "settings": "Réglages",
    "overview": "Vue d’ensemble",
    "error": "Quelque chose ne va pas",
    "back": "Retour à vos sites",
    "primary": "Navigation principale",
}

_ES: Final[Strings] = {
    "workspace": "Espacio de moderación",
    "skip": "Ir al contenido",
    "sign_in": "Iniciar sesión",
    "sign_in_heading": "Inicia sesión para moderar",
    "sign_in_with": "Iniciar sesión con {provider}",
    "or": "o",
    "email": "Correo electrónico",
    "password": "Contraseña",
    "sign_out": "Cerrar sesión",
    "signed_in_as": "Sesión iniciada como {name}",
    "your_sites": "Tus sitios",
    "no_sites": "Todavía no moderas ningún sitio. Pide a un administrador que te designe.",
    "site": "Sitio",
    "queues": "Colas",
    "audit": "Registro de auditoría",
    "settings": "Ajustes",
    "overview": "Resumen",
    "error": "Algo no va bien",
    "back": "Volver a tus sitios",
    "primary": "Navegación principal",
}

_AR: Final[Strings] = {
    "workspace": "مساحة الإشراف",
    "skip": "انتقل إلى المحتوى",
    "sign_in": "تسجيل الدخول",
    "sign_in_heading": "سجّل الدخول للإشراف",
    "sign_in_with": "تسجيل الدخول عبر {provider}",
    "or": "أو",
    "email": "البريد الإلكتروني",
    "password": "كلمة المرور",
    "sign_out": "تسجيل الخروج",
    "signed_in_as": "مسجّل الدخول باسم {name}",
    "your_sites": "مواقعك",
    "no_sites": "لا تشرف على أي موقع بعد. اطلب من أحد المسؤولين تعيينك.",
    "site": "الموقع",
    "queues": "قوائم الانتظار",
    "audit": "سجل التدقيق",
    "settings": "الإعدادات",
    "overview": "نظرة عامة",
    "error": "حدث خطأ ما",
    "back": "العودة إلى مواقعك",
    "primary": "القائمة الرئيسية",
}

CATALOGUES: Final[dict[str, dict[str, Entry]]] = {
    "en": _EN, "ja": _JA, "de": _DE, "fr": _FR, "es": _ES, "ar": _AR,
}  # fmt: skip


def register(en: Strings, ja: Strings, **others: Strings) -> None:
    """A dashboard module adds its own strings: English and Japanese, and the other languages
    of `LANGUAGES` by code (`de=...`), each with English's keys. A language left out falls back
    to English per string (the key test fails on it: tests/unit/test_catalogues.py)."""
    given = {"en": en, "ja": ja, **others}
    unknown = sorted(set(given) - set(LANGUAGES))
    if unknown:
        raise ValueError(f"Languages we do not speak: {unknown}")
    for code, strings in given.items():
        if set(strings) != set(en):
            raise ValueError(f"Catalogues differ ({code}): {sorted(set(en) ^ set(strings))}")
    clash = set(en) & set(_EN)
    if clash:
        raise ValueError(f"Strings defined twice: {sorted(clash)}")
    for code, strings in given.items():
        CATALOGUES[code].update(strings)


def admin_translator(tag: str | None) -> Callable[..., str]:
    """`t("sign_in_with", provider="SSO")` in the language of `tag` (English by default); a
    plural entry takes its count from its field (`t("days", n=7)`)."""
    code = language(tag)
    catalogue = CATALOGUES[code]

    def t(key: str, **values: object) -> str:
        return say(catalogue.get(key) or _EN[key], code, values)

    return t
