"""The settings page's words for queue alerts (templates/admin/settings.html), in every
language the dashboard speaks."""

from __future__ import annotations

from rejoinder.i18n.admin import register

register(
    en={
        "qa_legend": "Queue alerts",
        "qa_help": "Mail the site's moderators and the admins when a queue reaches this many "
        "comments; at most once an hour per queue, unless it falls under and passes it again. "
        "Empty: no alert.",
        "qa_pending": "Held comments waiting",
        "qa_reported": "Reported comments waiting",
    },
    ja={
        "qa_legend": "キューの通知",
        "qa_help": "キューのコメント数がこの件数に達すると、サイトのモデレーターと管理者にメールで"
        "知らせます。一度しきい値を下回って再び達しない限り、キューごとに1時間に1回までです。"
        "空欄: 通知しない。",
        "qa_pending": "確認待ちの保留コメント",
        "qa_reported": "確認待ちの通報されたコメント",
    },
    de={
        "qa_legend": "Warteschlangen-Alarme",
        "qa_help": "Die Moderation und die Administration der Website per E-Mail benachrichtigen, "
        "wenn eine Warteschlange so viele Kommentare erreicht; höchstens einmal pro Stunde und "
        "Warteschlange, außer sie fällt darunter und erreicht den Wert erneut. Leer: kein Alarm.",
        "qa_pending": "Wartende zurückgehaltene Kommentare",
        "qa_reported": "Wartende gemeldete Kommentare",
    },
    fr={
        "qa_legend": "Alertes de file d'attente",
        "qa_help": "Prévenir par e-mail les modérateurs et les administrateurs du site quand une "
        "file atteint ce nombre de commentaires ; au plus une fois par heure et par file, sauf "
        "si elle repasse en dessous puis l'atteint de nouveau. Vide : pas d'alerte.",
        "qa_pending": "Commentaires retenus en attente",
        "qa_reported": "Commentaires signalés en attente",
    },
    es={
        "qa_legend": "Alertas de cola",
        "qa_help": "Avisar por correo a los moderadores y administradores del sitio cuando una "
        "cola llegue a este número de comentarios; como mucho una vez por hora y cola, salvo "
        "que baje y vuelva a llegar. Vacío: sin alerta.",
        "qa_pending": "Comentarios retenidos pendientes",
        "qa_reported": "Comentarios denunciados pendientes",
    },
    ar={
        "qa_legend": "تنبيهات القوائم",
        "qa_help": "راسل مشرفي الموقع والمديرين عندما تبلغ قائمة هذا العدد من التعليقات؛ مرة واحدة "
        "على الأكثر كل ساعة لكل قائمة، إلا إذا انخفضت عنه ثم بلغته مجددًا. فارغ: بلا تنبيه.",
        "qa_pending": "تعليقات محجوزة بانتظار المراجعة",
        "qa_reported": "تعليقات مُبلّغ عنها بانتظار المراجعة",
    },
)
