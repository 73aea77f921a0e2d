"""The moderator workspace's strings, English and Japanese (server-rendered pages only)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from rejoinder.i18n import language

_EN: Final[dict[str, str]] = {
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

_JA: Final[dict[str, str]] = {
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

CATALOGUES: Final[dict[str, dict[str, str]]] = {"en": _EN, "ja": _JA}


def register(en: dict[str, str], ja: dict[str, str]) -> None:
    """A dashboard module adds its own strings (both languages, the same keys)."""
    if set(en) != set(ja):
        raise ValueError(f"Catalogues differ: {sorted(set(en) ^ set(ja))}")
    clash = set(en) & set(_EN)
    if clash:
        raise ValueError(f"Strings defined twice: {sorted(clash)}")
    _EN.update(en)
    _JA.update(ja)


def admin_translator(tag: str | None) -> Callable[..., str]:
    """`t("sign_in_with", provider="SSO")` in the language of `tag` (English by default)."""
    catalogue = CATALOGUES[language(tag)]

    def t(key: str, **values: object) -> str:
        text = catalogue.get(key) or _EN[key]
        return text.format(**values) if values else text

    return t
