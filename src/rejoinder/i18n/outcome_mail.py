"""The words of moderation-outcome mail (featured, approved, rejected) and of its unsubscribe
page: English, Japanese, German, French, Spanish and Arabic, the same keys and fields in each
(tests/unit/test_outcome_mail.py).

Plain text with `{name}` fields (`str.format`); what fills them is shown as written, never
interpreted (the HTML part escapes every field, services/outcome_mail.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

_EN: Final[dict[str, str]] = {
    "lang": "en",
    "featured_subject": "A moderator featured your comment on {site}",
    "approved_subject": "Your comment on {site} was approved",
    "rejected_subject": "Your comment on {site} was rejected",
    "greeting": "Hello {name},",
    "featured_text": "a moderator of {site} featured your comment: it is shown at the top of "
    "the discussion, with a badge.",
    "approved_text": "a moderator of {site} approved your comment: readers can see it now.",
    "rejected_text": "a moderator of {site} rejected your comment: it is not shown to readers.",
    "your_comment": "Your comment:",
    "see_comment": "See your comment: {link}",
    "see_comment_label": "See your comment",
    "see_story": "The discussion: {link}",
    "see_story_label": "The discussion",
    "reasons": "Reasons: {reason}",
    "reference": "Reference of the statement of reasons: {puid}",
    "redress": "If you disagree with the decision, you can contest it: {where}",
    "footer": "You get this mail because you commented on {site}.\n"
    "Stop mail about moderators' decisions: {link}\n",
    "stop_label": "Stop these mails",
    "stop_title": "Stop mail about moderators' decisions",
    "stop_text": "Which mails should stop?",
    "stop_this": "Mail about moderators' decisions on my comments",
    "stop_all": "All notifications from this site",
    "stopped_heading": "Unsubscribed",
    "stopped_this": "You will get no more mail about moderators' decisions on your comments "
    "on this site.",
    "stopped_all": "You will get no more notifications from this site.",
    "failed_heading": "That did not work",
    "link_not_valid": "This link is not valid: it has expired, or it is not the whole link.",
}

_JA: Final[dict[str, str]] = {
    "lang": "ja",
    "featured_subject": "{site} のあなたのコメントがモデレーターにより注目コメントに選ばれました",
    "approved_subject": "{site} のあなたのコメントが承認されました",
    "rejected_subject": "{site} のあなたのコメントは掲載されませんでした",
    "greeting": "{name} さん",
    "featured_text": "{site} のモデレーターがあなたのコメントを注目コメントに選びました。"
    "バッジ付きで議論の先頭に表示されます。",
    "approved_text": "{site} のモデレーターがあなたのコメントを承認しました。"
    "読者が読めるようになりました。",
    "rejected_text": "{site} のモデレーターがあなたのコメントを却下しました。"
    "読者には表示されません。",
    "your_comment": "あなたのコメント:",
    "see_comment": "コメントを見る: {link}",
    "see_comment_label": "コメントを見る",
    "see_story": "議論のページ: {link}",
    "see_story_label": "議論のページ",
    "reasons": "理由: {reason}",
    "reference": "理由の説明の参照番号: {puid}",
    "redress": "この判断に同意できない場合は、異議を申し立てることができます: {where}",
    "footer": "{site} にコメントされたため、このメールをお送りしています。\n"
    "モデレーターの判断についてのメールの配信停止: {link}\n",
    "stop_label": "配信を停止する",
    "stop_title": "モデレーターの判断についてのメールを停止",
    "stop_text": "どのメールを停止しますか。",
    "stop_this": "自分のコメントへのモデレーターの判断についてのメール",
    "stop_all": "このサイトからのすべての通知",
    "stopped_heading": "配信を停止しました",
    "stopped_this": "このサイトでのコメントへのモデレーターの判断についてのメールは"
    "今後送られません。",
    "stopped_all": "このサイトからの通知は今後送られません。",
    "failed_heading": "処理できませんでした",
    "link_not_valid": "このリンクは無効です。有効期限が切れているか、リンクの一部が欠けています。",
}

_DE: Final[dict[str, str]] = {
    "lang": "de",
    "featured_subject": "Die Moderation hat Ihren Kommentar auf {site} hervorgehoben",
    "approved_subject": "Ihr Kommentar auf {site} wurde freigegeben",
    "rejected_subject": "Ihr Kommentar auf {site} wurde abgelehnt",
    "greeting": "Hallo {name},",
    "featured_text": "die Moderation von {site} hat Ihren Kommentar hervorgehoben: Er wird mit "
    "einem Abzeichen oben in der Diskussion gezeigt.",
    "approved_text": "die Moderation von {site} hat Ihren Kommentar freigegeben: Er ist jetzt "
    "für alle sichtbar.",
    "rejected_text": "die Moderation von {site} hat Ihren Kommentar abgelehnt: Er wird nicht "
    "angezeigt.",
    "your_comment": "Ihr Kommentar:",
    "see_comment": "Ihr Kommentar: {link}",
    "see_comment_label": "Zum Kommentar",
    "see_story": "Zur Diskussion: {link}",
    "see_story_label": "Zur Diskussion",
    "reasons": "Begründung: {reason}",
    "reference": "Kennung der Begründung: {puid}",
    "redress": "Wenn Sie mit der Entscheidung nicht einverstanden sind, können Sie sie "
    "anfechten: {where}",
    "footer": "Sie erhalten diese E-Mail, weil Sie auf {site} kommentiert haben.\n"
    "Keine E-Mails mehr zu Entscheidungen der Moderation: {link}\n",
    "stop_label": "Diese E-Mails abbestellen",
    "stop_title": "E-Mails zu Entscheidungen der Moderation abbestellen",
    "stop_text": "Welche E-Mails sollen nicht mehr kommen?",
    "stop_this": "E-Mails zu Entscheidungen der Moderation über meine Kommentare",
    "stop_all": "Alle Benachrichtigungen dieser Website",
    "stopped_heading": "Abbestellt",
    "stopped_this": "Sie erhalten keine E-Mails mehr zu Entscheidungen der Moderation über Ihre "
    "Kommentare auf dieser Website.",
    "stopped_all": "Sie erhalten keine Benachrichtigungen dieser Website mehr.",
    "failed_heading": "Das hat nicht geklappt",
    "link_not_valid": "Dieser Link ist ungültig: Er ist abgelaufen oder unvollständig.",
}

_FR: Final[dict[str, str]] = {
    "lang": "fr",
    "featured_subject": "Un modérateur a mis en avant votre commentaire sur {site}",
    "approved_subject": "Votre commentaire sur {site} a été approuvé",
    "rejected_subject": "Votre commentaire sur {site} a été refusé",
    "greeting": "Bonjour {name},",
    "featured_text": "un modérateur de {site} a mis en avant votre commentaire : il est affiché "
    "en tête de la discussion, avec un badge.",
    "approved_text": "un modérateur de {site} a approuvé votre commentaire : les lecteurs "
    "peuvent maintenant le lire.",
    "rejected_text": "un modérateur de {site} a refusé votre commentaire : il n'est pas montré "
    "aux lecteurs.",
    "your_comment": "Votre commentaire :",
    "see_comment": "Voir votre commentaire : {link}",
    "see_comment_label": "Voir votre commentaire",
    "see_story": "La discussion : {link}",
    "see_story_label": "La discussion",
    "reasons": "Motifs : {reason}",
    "reference": "Référence de l'exposé des motifs : {puid}",
    "redress": "Si vous n'êtes pas d'accord avec cette décision, vous pouvez la contester : "
    "{where}",
    "footer": "Vous recevez ce message parce que vous avez commenté sur {site}.\n"
    "Ne plus recevoir de messages sur les décisions des modérateurs : {link}\n",
    "stop_label": "Ne plus recevoir ces messages",
    "stop_title": "Ne plus recevoir de messages sur les décisions des modérateurs",
    "stop_text": "Quels messages voulez-vous arrêter ?",
    "stop_this": "Les messages sur les décisions des modérateurs concernant mes commentaires",
    "stop_all": "Toutes les notifications de ce site",
    "stopped_heading": "Désinscription effectuée",
    "stopped_this": "Vous ne recevrez plus de messages sur les décisions des modérateurs "
    "concernant vos commentaires sur ce site.",
    "stopped_all": "Vous ne recevrez plus de notifications de ce site.",
    "failed_heading": "Cela n'a pas fonctionné",
    "link_not_valid": "Ce lien n'est pas valide : il a expiré ou il est incomplet.",
}

_ES: Final[dict[str, str]] = {
    "lang": "es",
    "featured_subject": "Un moderador destacó tu comentario en {site}",
    "approved_subject": "Tu comentario en {site} fue aprobado",
    "rejected_subject": "Tu comentario en {site} fue rechazado",
    "greeting": "Hola, {name}:",
    "featured_text": "un moderador de {site} destacó tu comentario: se muestra al principio de "
    "la conversación, con una insignia.",
    "approved_text": "un moderador de {site} aprobó tu comentario: los lectores ya pueden verlo.",
    "rejected_text": "un moderador de {site} rechazó tu comentario: no se muestra a los lectores.",
    "your_comment": "Tu comentario:",
    "see_comment": "Ver tu comentario: {link}",
    "see_comment_label": "Ver tu comentario",
    "see_story": "La conversación: {link}",
    "see_story_label": "La conversación",
    "reasons": "Motivos: {reason}",
    "reference": "Referencia de la exposición de motivos: {puid}",
    "redress": "Si no estás de acuerdo con la decisión, puedes impugnarla: {where}",
    "footer": "Recibes este correo porque comentaste en {site}.\n"
    "Dejar de recibir correos sobre las decisiones de los moderadores: {link}\n",
    "stop_label": "Dejar de recibir estos correos",
    "stop_title": "Dejar de recibir correos sobre las decisiones de los moderadores",
    "stop_text": "¿Qué correos quieres dejar de recibir?",
    "stop_this": "Los correos sobre las decisiones de los moderadores sobre mis comentarios",
    "stop_all": "Todas las notificaciones de este sitio",
    "stopped_heading": "Suscripción cancelada",
    "stopped_this": "Ya no recibirás correos sobre las decisiones de los moderadores sobre tus "
    "comentarios en este sitio.",
    "stopped_all": "Ya no recibirás notificaciones de este sitio.",
    "failed_heading": "No ha funcionado",
    "link_not_valid": "Este enlace no es válido: ha caducado o está incompleto.",
}

_AR: Final[dict[str, str]] = {
    "lang": "ar",
    "featured_subject": "أبرز أحد المشرفين تعليقك على {site}",
    "approved_subject": "تمت الموافقة على تعليقك على {site}",
    "rejected_subject": "رُفض تعليقك على {site}",
    "greeting": "مرحبًا {name}،",
    "featured_text": "أبرز أحد مشرفي {site} تعليقك: يظهر الآن في أعلى النقاش مع شارة.",
    "approved_text": "وافق أحد مشرفي {site} على تعليقك: أصبح بإمكان القراء رؤيته الآن.",
    "rejected_text": "رفض أحد مشرفي {site} تعليقك: لن يظهر للقراء.",
    "your_comment": "تعليقك:",
    "see_comment": "اطّلع على تعليقك: {link}",
    "see_comment_label": "اطّلع على تعليقك",
    "see_story": "النقاش: {link}",
    "see_story_label": "النقاش",
    "reasons": "الأسباب: {reason}",
    "reference": "مرجع بيان الأسباب: {puid}",
    "redress": "إذا لم توافق على القرار، يمكنك الطعن فيه: {where}",
    "footer": "تصلك هذه الرسالة لأنك علّقت على {site}.\nإيقاف رسائل قرارات المشرفين: {link}\n",
    "stop_label": "إيقاف هذه الرسائل",
    "stop_title": "إيقاف رسائل قرارات المشرفين",
    "stop_text": "ما الرسائل التي تريد إيقافها؟",
    "stop_this": "رسائل قرارات المشرفين بشأن تعليقاتي",
    "stop_all": "جميع الإشعارات من هذا الموقع",
    "stopped_heading": "تم إلغاء الاشتراك",
    "stopped_this": "لن تصلك بعد الآن رسائل عن قرارات المشرفين بشأن تعليقاتك على هذا الموقع.",
    "stopped_all": "لن تصلك بعد الآن إشعارات من هذا الموقع.",
    "failed_heading": "لم تنجح العملية",
    "link_not_valid": "هذا الرابط غير صالح: انتهت صلاحيته أو أنه غير مكتمل.",
}

CATALOGUES: Final[dict[str, dict[str, str]]] = {
    "en": _EN, "ja": _JA, "de": _DE, "fr": _FR, "es": _ES, "ar": _AR,
}  # fmt: skip
Translate = Callable[..., str]


def language_of(tag: str | None) -> str:
    """The catalogue for a tag such as `de-CH` or `fr_CA`; English when there is none for it."""
    primary = (tag or "").replace("_", "-").split("-")[0].strip().lower()
    return primary if primary in CATALOGUES else "en"


def translator(tag: str | None) -> Translate:
    """`t("approved_subject", site="News")` in the language of `tag` (English by default)."""
    catalogue = CATALOGUES[language_of(tag)]

    def t(key: str, **fields: object) -> str:
        return catalogue[key].format(**fields)

    return t
