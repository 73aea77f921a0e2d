"""The words of the weekly digest mail to a site's moderators and the admins
(services/digest.py), in every language the dashboard speaks, the same keys and fields in each.
Plain text with `{name}` fields; the fields are shown as written (the HTML part escapes them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from rejoinder.i18n.outcome_mail import language_of

_EN: Final[dict[str, str]] = {
    "lang": "en",
    "subject": "{site}: the week's most discussed stories ({day})",
    "greeting": "Hello {name},",
    "intro": "these are the stories most discussed on {site} from {since} to {until}.",
    "comments": "Comments this week: {n}",
    "peak": "Busiest interval: {interval} ({n})",
    "heated": "Heated intervals: {n}",
    "flagged": "Share flagged: {share}",
    "viewpoints": "Main viewpoints: {labels}",
    "no_viewpoints": "Main viewpoints: none stand out",
    "not_computed": "Insight not computed yet.",
    "open_insight": "Insight: {link}",
    "open_insight_label": "Open the insight page",
    "digest_page": "The digest in the dashboard: {link}",
    "digest_page_label": "Open the digest in the dashboard",
    "footer": "You get this mail as a moderator or an admin of {site}, whose settings have the "
    "weekly digest mail on (Mondays, 07:00 UTC).\n",
}

_JA: Final[dict[str, str]] = {
    "lang": "ja",
    "subject": "{site}: 今週最も議論された記事({day})",
    "greeting": "{name} さん",
    "intro": "{since} から {until} に {site} で最も議論された記事です。",
    "comments": "今週のコメント数: {n}",
    "peak": "最も多い区間: {interval}({n} 件)",
    "heated": "過熱した区間: {n}",
    "flagged": "要注意の割合: {share}",
    "viewpoints": "主な論点: {labels}",
    "no_viewpoints": "主な論点: 目立つ論点なし",
    "not_computed": "分析はまだ計算されていません。",
    "open_insight": "分析: {link}",
    "open_insight_label": "分析ページを開く",
    "digest_page": "管理画面のダイジェスト: {link}",
    "digest_page_label": "管理画面でダイジェストを開く",
    "footer": "{site} のモデレーターまたは管理者としてこのメールをお送りしています。"
    "サイトの設定で週間ダイジェストのメール(毎週月曜日 07:00 UTC)が有効になっています。\n",
}

_DE: Final[dict[str, str]] = {
    "lang": "de",
    "subject": "{site}: die meistdiskutierten Artikel der Woche ({day})",
    "greeting": "Hallo {name},",
    "intro": "das sind die meistdiskutierten Artikel auf {site} von {since} bis {until}.",
    "comments": "Kommentare diese Woche: {n}",
    "peak": "Stärkstes Intervall: {interval} ({n})",
    "heated": "Aufgeheizte Intervalle: {n}",
    "flagged": "Anteil markiert: {share}",
    "viewpoints": "Wichtigste Standpunkte: {labels}",
    "no_viewpoints": "Wichtigste Standpunkte: keine treten hervor",
    "not_computed": "Einblick noch nicht berechnet.",
    "open_insight": "Einblick: {link}",
    "open_insight_label": "Einblick-Seite öffnen",
    "digest_page": "Der Wochenbericht im Dashboard: {link}",
    "digest_page_label": "Wochenbericht im Dashboard öffnen",
    "footer": "Sie erhalten diese E-Mail als Moderatorin, Moderator oder Administration von "
    "{site}; in den Einstellungen der Website ist der wöchentliche Bericht per E-Mail "
    "eingeschaltet (montags, 07:00 UTC).\n",
}

_FR: Final[dict[str, str]] = {
    "lang": "fr",
    "subject": "{site} : les articles les plus discutés de la semaine ({day})",
    "greeting": "Bonjour {name},",
    "intro": "voici les articles les plus discutés sur {site} du {since} au {until}.",
    "comments": "Commentaires cette semaine : {n}",
    "peak": "Intervalle le plus chargé : {interval} ({n})",
    "heated": "Intervalles échauffés : {n}",
    "flagged": "Part signalée : {share}",
    "viewpoints": "Principaux points de vue : {labels}",
    "no_viewpoints": "Principaux points de vue : aucun ne se dégage",
    "not_computed": "Analyse pas encore calculée.",
    "open_insight": "Analyse : {link}",
    "open_insight_label": "Ouvrir la page d'analyse",
    "digest_page": "La synthèse dans le tableau de bord : {link}",
    "digest_page_label": "Ouvrir la synthèse dans le tableau de bord",
    "footer": "Vous recevez ce message en tant que modérateur ou administrateur de {site}, dont "
    "les réglages activent la synthèse hebdomadaire par e-mail (le lundi, 07:00 UTC).\n",
}

_ES: Final[dict[str, str]] = {
    "lang": "es",
    "subject": "{site}: los artículos más comentados de la semana ({day})",
    "greeting": "Hola, {name}:",
    "intro": "estos son los artículos más comentados en {site} del {since} al {until}.",
    "comments": "Comentarios esta semana: {n}",
    "peak": "Intervalo de más actividad: {interval} ({n})",
    "heated": "Intervalos caldeados: {n}",
    "flagged": "Parte marcada: {share}",
    "viewpoints": "Principales puntos de vista: {labels}",
    "no_viewpoints": "Principales puntos de vista: ninguno destaca",
    "not_computed": "Análisis aún no calculado.",
    "open_insight": "Análisis: {link}",
    "open_insight_label": "Abrir la página de análisis",
    "digest_page": "El resumen en el panel: {link}",
    "digest_page_label": "Abrir el resumen en el panel",
    "footer": "Recibes este correo como moderador o administrador de {site}, cuya configuración "
    "tiene activado el resumen semanal por correo (los lunes, 07:00 UTC).\n",
}

_AR: Final[dict[str, str]] = {
    "lang": "ar",
    "subject": "{site}: المقالات الأكثر نقاشًا هذا الأسبوع ({day})",
    "greeting": "مرحبًا {name}،",
    "intro": "هذه المقالات الأكثر نقاشًا على {site} من {since} إلى {until}.",
    "comments": "تعليقات هذا الأسبوع: {n}",
    "peak": "الفترة الأكثر نشاطًا: {interval} ({n})",
    "heated": "فترات محتدمة: {n}",
    "flagged": "الحصة المُعلَّمة: {share}",
    "viewpoints": "أبرز وجهات النظر: {labels}",
    "no_viewpoints": "أبرز وجهات النظر: لا شيء بارز",
    "not_computed": "لم يُحسب التحليل بعد.",
    "open_insight": "التحليل: {link}",
    "open_insight_label": "افتح صفحة التحليل",
    "digest_page": "الملخص في لوحة التحكم: {link}",
    "digest_page_label": "افتح الملخص في لوحة التحكم",
    "footer": "تصلك هذه الرسالة بصفتك مشرفًا على {site} أو مديرًا له، وإعداداته تُفعّل رسالة "
    "الملخص الأسبوعي (أيام الاثنين، 07:00 بالتوقيت العالمي).\n",
}

CATALOGUES: Final[dict[str, dict[str, str]]] = {
    "en": _EN, "ja": _JA, "de": _DE, "fr": _FR, "es": _ES, "ar": _AR,
}  # fmt: skip
Translate = Callable[..., str]


def translator(tag: str | None) -> Translate:
    """`t("subject", site="News", day="December 7, 2026")` in the language of `tag` (English by
    default)."""
    catalogue = CATALOGUES[language_of(tag)]

    def t(key: str, **fields: object) -> str:
        return catalogue[key].format(**fields)

    return t
