"""Server-side string catalogues (the widget keeps its own in widget/src/i18n/).

This module holds what the server renders for readers without JavaScript (the comments of a
story, `_comments.html`); the other modules of the package hold the mails', the confirmation
pages' and the dashboard's. Every module speaks the languages of `locales.LANGUAGES` (English,
Japanese, German, French, Spanish and Arabic) with the same keys (docs/languages.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

from rejoinder.i18n.locales import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    Entry,
    Plural,
    language,
    say,
    supported,
)

__all__ = ["CATALOGUES", "DEFAULT_LANGUAGE", "LANGUAGES", "language", "supported", "translator"]

# An entry is a string, a `Plural` (the forms of a count phrase by CLDR category) or, as the
# first catalogues had it, a function of the count (still understood, for a catalogue of one's
# own; ours are Plurals, which the key test can check).
Catalogue = Mapping[str, Entry | Callable[[int], str]]

_EN: Final[Catalogue] = {
    "badge_answered": "Answered",
    "badge_expert": "Expert",
    "badge_featured": "Featured",
    "badge_guest": "guest",
    "badge_staff": "staff",
    "badge_verified": "verified",
    "comments": Plural(one="{n} Comment", other="{n} Comments"),
    "deleted": "[deleted]",
    "deleted_body": "This comment was deleted.",
    "featured_title": "Featured comments",
    "more_comments": "More comments",
    "no_comments": "No comments yet.",
    "replies_to": "Replies",
}

_JA: Final[Catalogue] = {
    "badge_answered": "回答済み",
    "badge_expert": "専門家",
    "badge_featured": "注目",
    "badge_guest": "ゲスト",
    "badge_staff": "スタッフ",
    "badge_verified": "認証済み",
    "comments": Plural(other="コメント {n} 件"),
    "deleted": "[削除済み]",
    "deleted_body": "このコメントは削除されました。",
    "featured_title": "注目のコメント",
    "more_comments": "さらにコメントを見る",
    "no_comments": "まだコメントはありません。",
    "replies_to": "返信",
}

_DE: Final[Catalogue] = {
    "badge_answered": "Beantwortet",
    "badge_expert": "Experte",
    "badge_featured": "Empfohlen",
    "badge_guest": "Gast",
    "badge_staff": "Redaktion",
    "badge_verified": "verifiziert",
    "comments": Plural(one="{n} Kommentar", other="{n} Kommentare"),
    "deleted": "[gelöscht]",
    "deleted_body": "Dieser Kommentar wurde gelöscht.",
    "featured_title": "Empfohlene Kommentare",
    "more_comments": "Weitere Kommentare",
    "no_comments": "Noch keine Kommentare.",
    "replies_to": "Antworten",
}

_FR: Final[Catalogue] = {
    "badge_answered": "Avec réponse",
    "badge_expert": "Expert",
    "badge_featured": "À la une",
    "badge_guest": "invité",
    "badge_staff": "rédaction",
    "badge_verified": "vérifié",
    "comments": Plural(one="{n} commentaire", many="{n} de commentaires", other="{n} commentaires"),
    "deleted": "[supprimé]",
    "deleted_body": "Ce commentaire a été supprimé.",
    "featured_title": "Commentaires à la une",
    "more_comments": "Plus de commentaires",
    "no_comments": "Aucun commentaire pour l’instant.",
    "replies_to": "Réponses",
}

_ES: Final[Catalogue] = {
    "badge_answered": "Respondida",
    "badge_expert": "Experto",
    "badge_featured": "Destacado",
    "badge_guest": "invitado",
    "badge_staff": "redacción",
    "badge_verified": "verificado",
    "comments": Plural(one="{n} comentario", many="{n} de comentarios", other="{n} comentarios"),
    "deleted": "[eliminado]",
    "deleted_body": "Este comentario se ha eliminado.",
    "featured_title": "Comentarios destacados",
    "more_comments": "Más comentarios",
    "no_comments": "Todavía no hay comentarios.",
    "replies_to": "Respuestas",
}

_AR: Final[Catalogue] = {
    "badge_answered": "تمت الإجابة",
    "badge_expert": "خبير",
    "badge_featured": "مميَّز",
    "badge_guest": "زائر",
    "badge_staff": "فريق التحرير",
    "badge_verified": "موثَّق",
    "comments": Plural(
        zero="لا تعليقات",
        one="تعليق واحد",
        two="تعليقان",
        few="{n} تعليقات",
        many="{n} تعليقًا",
        other="{n} تعليق",
    ),
    "deleted": "[محذوف]",
    "deleted_body": "حُذف هذا التعليق.",
    "featured_title": "تعليقات مميَّزة",
    "more_comments": "مزيد من التعليقات",
    "no_comments": "لا توجد تعليقات بعد.",
    "replies_to": "الردود",
}

CATALOGUES: Final[dict[str, Catalogue]] = {
    "en": _EN, "ja": _JA, "de": _DE, "fr": _FR, "es": _ES, "ar": _AR,
}  # fmt: skip


def translator(tag: str | None) -> Callable[..., str]:
    """`t("comments", 25)` or `t("deleted")` in the language of `tag` (English by default)."""
    code = language(tag)
    catalogue = CATALOGUES.get(code, _EN)

    def t(key: str, count: int | None = None) -> str:
        entry = catalogue.get(key, _EN[key])
        if callable(entry):
            return entry(count or 0)
        return say(entry, code, {"n": count} if count is not None else {})

    return t
