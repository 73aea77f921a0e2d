"""The settings page's words for the weekly digest mail (templates/admin/settings.html,
services/digest.py), in every language the dashboard speaks."""

from __future__ import annotations

from rejoinder.i18n.admin import register

register(
    en={
        "dm_legend": "Weekly digest",
        "dm_help": "Every Monday at 07:00 UTC, mail the site's moderators and the admins the "
        "week's digest: the most discussed stories with their temperature and main viewpoints, "
        "each linked to its insight page. No stories that week: no mail.",
        "dm_digest_mail": "Mail the weekly digest",
    },
    ja={
        "dm_legend": "週間ダイジェスト",
        "dm_help": "毎週月曜日 07:00 (UTC) に、その週のダイジェスト(最も議論された記事とその"
        "温度、主な論点、各記事の分析ページへのリンク)をサイトのモデレーターと管理者に"
        "メールで送ります。その週に記事がなければ送りません。",
        "dm_digest_mail": "週間ダイジェストをメールで送る",
    },
    de={
        "dm_legend": "Wochenbericht",
        "dm_help": "Jeden Montag um 07:00 UTC den Wochenbericht an die Moderation und die "
        "Administration der Website schicken: die meistdiskutierten Artikel mit Temperatur und "
        "wichtigsten Standpunkten, jeweils mit Link zur Einblick-Seite. Keine Artikel in der "
        "Woche: keine E-Mail.",
        "dm_digest_mail": "Wochenbericht per E-Mail senden",
    },
    fr={
        "dm_legend": "Synthèse hebdomadaire",
        "dm_help": "Chaque lundi à 07:00 UTC, envoyer aux modérateurs et aux administrateurs du "
        "site la synthèse de la semaine : les articles les plus discutés avec leur température "
        "et leurs principaux points de vue, chacun lié à sa page d'analyse. Aucun article dans "
        "la semaine : pas d'e-mail.",
        "dm_digest_mail": "Envoyer la synthèse hebdomadaire par e-mail",
    },
    es={
        "dm_legend": "Resumen semanal",
        "dm_help": "Cada lunes a las 07:00 UTC, enviar a los moderadores y administradores del "
        "sitio el resumen de la semana: los artículos más comentados con su temperatura y sus "
        "principales puntos de vista, cada uno enlazado a su página de análisis. Sin "
        "artículos esa semana: sin correo.",
        "dm_digest_mail": "Enviar el resumen semanal por correo",
    },
    ar={
        "dm_legend": "الملخص الأسبوعي",
        "dm_help": "كل يوم اثنين الساعة 07:00 بالتوقيت العالمي، أرسل إلى مشرفي الموقع والمديرين "
        "ملخص الأسبوع: المقالات الأكثر نقاشًا مع حرارتها ووجهات النظر الرئيسية فيها، وكل مقال "
        "برابط إلى صفحة تحليله. لا مقالات في ذلك الأسبوع: لا رسالة.",
        "dm_digest_mail": "أرسل الملخص الأسبوعي بالبريد",
    },
)
