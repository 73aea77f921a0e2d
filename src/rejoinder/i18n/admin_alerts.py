"""The strings of the story surge banner (templates/admin/_story_alerts.html)."""

from __future__ import annotations

from rejoinder.i18n.admin import register
from rejoinder.i18n.locales import Plural

register(
    en={
        "surge_alerts": "Story surges",
        "surge_title": "Surge on “{story}”",
        "surge_counts": (
            "{comments} comments by {authors} authors in {minutes} minutes: {new} new "
            "({guests} guests, {accounts} new accounts)."
        ),
        "surge_held": Plural(
            one="{n} held for review so far.", other="{n} held for review so far."
        ),
        "surge_networks": "Over-active network identities (comments / authors)",
        "surge_ages": "New accounts' ages (hours)",
        "surge_review": "Review the held comments",
        "surge_clear": "Clear alert",
        "surge_since": "since {time}",
    },
    ja={
        "surge_alerts": "記事への集中投稿",
        "surge_title": "「{story}」への集中投稿",
        "surge_counts": (
            "{minutes} 分間に {authors} 人から {comments} 件: うち新規 {new} 人"
            "(ゲスト {guests} 人、新しいアカウント {accounts} 件)。"
        ),
        "surge_held": Plural(other="これまでに {n} 件を保留しました。"),
        "surge_networks": "投稿の多いネットワーク(件数 / 投稿者数)",
        "surge_ages": "新しいアカウントの経過時間(時間)",
        "surge_review": "保留中のコメントを確認",
        "surge_clear": "警告を解除",
        "surge_since": "{time} から",
    },
    de={
        "surge_alerts": "Ansturm auf Artikel",
        "surge_title": "Ansturm auf „{story}“",
        "surge_counts": (
            "{comments} Kommentare von {authors} Personen in {minutes} Minuten, davon {new} neu "
            "({guests} Gäste, {accounts} neue Konten)."
        ),
        "surge_held": Plural(
            one="Bisher wurde {n} Kommentar zur Prüfung zurückgehalten.",
            other="Bisher wurden {n} Kommentare zur Prüfung zurückgehalten.",
        ),
        "surge_networks": "Auffällig aktive Netzwerkkennungen (Kommentare / Personen)",
        "surge_ages": "Alter der neuen Konten (Stunden)",
        "surge_review": "Zurückgehaltene Kommentare prüfen",
        "surge_clear": "Warnung aufheben",
        "surge_since": "seit {time}",
    },
    fr={
        "surge_alerts": "Afflux sur des articles",
        "surge_title": "Afflux sur « {story} »",
        "surge_counts": (
            "{comments} commentaires de {authors} auteurs en {minutes} minutes, dont {new} "
            "nouveaux ({guests} invités, {accounts} nouveaux comptes)."
        ),
        "surge_held": Plural(
            one="{n} commentaire retenu pour examen jusqu’ici.",
            many="{n} de commentaires retenus pour examen jusqu’ici.",
            other="{n} commentaires retenus pour examen jusqu’ici.",
        ),
        "surge_networks": "Identités réseau trop actives (commentaires / auteurs)",
        "surge_ages": "Âge des nouveaux comptes (heures)",
        "surge_review": "Examiner les commentaires retenus",
        "surge_clear": "Lever l’alerte",
        "surge_since": "depuis {time}",
    },
    es={
        "surge_alerts": "Avalanchas en artículos",
        "surge_title": "Avalancha en «{story}»",
        "surge_counts": (
            "{comments} comentarios de {authors} autores en {minutes} minutos, {new} de ellos "
            "nuevos ({guests} invitados, {accounts} cuentas nuevas)."
        ),
        "surge_held": Plural(
            one="{n} comentario retenido para revisión hasta ahora.",
            many="{n} de comentarios retenidos para revisión hasta ahora.",
            other="{n} comentarios retenidos para revisión hasta ahora.",
        ),
        "surge_networks": "Identidades de red demasiado activas (comentarios / autores)",
        "surge_ages": "Antigüedad de las cuentas nuevas (horas)",
        "surge_review": "Revisar los comentarios retenidos",
        "surge_clear": "Quitar la alerta",
        "surge_since": "desde {time}",
    },
    ar={
        "surge_alerts": "تدفّق مفاجئ على المقالات",
        "surge_title": "تدفّق مفاجئ على «{story}»",
        "surge_counts": (
            "التعليقات: {comments}، الكتّاب: {authors}، خلال {minutes} د؛ الكتّاب الجدد: {new} "
            "(زوار: {guests}، حسابات جديدة: {accounts})."
        ),
        "surge_held": Plural(
            zero="لم يُحتجز أي تعليق للمراجعة حتى الآن.",
            one="احتُجز تعليق واحد للمراجعة حتى الآن.",
            two="احتُجز تعليقان للمراجعة حتى الآن.",
            few="احتُجزت {n} تعليقات للمراجعة حتى الآن.",
            many="احتُجز {n} تعليقًا للمراجعة حتى الآن.",
            other="احتُجز {n} تعليق للمراجعة حتى الآن.",
        ),
        "surge_networks": "هويات شبكية مفرطة النشاط (التعليقات / الكتّاب)",
        "surge_ages": "أعمار الحسابات الجديدة (بالساعات)",
        "surge_review": "مراجعة التعليقات المحتجزة",
        "surge_clear": "إلغاء التنبيه",
        "surge_since": "منذ {time}",
    },
)
