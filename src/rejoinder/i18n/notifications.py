"""The words of reply notification mail and pages, in every language of `LANGUAGES`.

Plain text with `{name}` fields (`str.format`); what fills them is shown as written, never
interpreted (the HTML part escapes every field, services/reply_mail.py). Every catalogue has
English's keys and fields (tests/unit/test_catalogues.py); a count phrase is a `Plural`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from rejoinder.i18n.locales import Entry, Plural, language, say

Catalogue = dict[str, Entry]

_EN: Final[Catalogue] = {
    "lang": "en",
    # to a guest whose address is not confirmed yet: the only mail it gets before it is
    "confirm_subject": "Confirm your address for replies on {site}",
    "confirm_body": (
        "Hello,\n\n"
        "someone, hopefully you, commented on {site} with this address and asked to hear\n"
        "of replies. To confirm the address, open this link and press the button on the\n"
        "page:\n\n{link}\n\n"
        "The link expires in 7 days. Until the address is confirmed nothing else is sent to\n"
        "it, and replies written before you confirm are not mailed later. If this was not\n"
        "you, ignore this mail: nothing happens unless the button is pressed.\n"
    ),
    "reply_subject": "{name} replied to your comment on {site}",
    "replies_subject": Plural(
        by="count",
        one="{count} new reply to your comment on {site}",
        other="{count} new replies to your comment on {site}",
    ),
    "digest_subject": "Today's replies to your comments on {site} ({count})",
    "reply_line": "{name} replied:",
    "read_reply": "Read the reply: {link}",
    "more_replies": Plural(by="count", one="{count} more reply:", other="{count} more replies:"),
    "footer": (
        "You get this mail because you asked to hear of replies to your comment on {site}.\n"
        "Stop these mails: {link}\n"
    ),
    "stop_label": "Stop these mails",
    # the pages
    "page_title": "Confirm your address",
    "page_text": "Press the button to confirm that this address is yours and that you want "
    "mail about replies to your comments on this site.",
    "page_button": "Confirm my address",
    "page_incomplete": "This link is incomplete. Please open the whole link from the mail.",
    "confirmed_heading": "Address confirmed",
    "confirmed_text": "Thank you. You will get a mail when someone replies to your comment.",
    "failed_heading": "That did not work",
    "link_not_valid": "This link is not valid: it has expired, or it is not the whole link.",
    "stop_title": "Stop reply notifications",
    "stop_text": "Which mails should stop?",
    "stop_this": "Replies to this comment",
    "stop_all": "All reply notifications from this site",
    "stopped_heading": "Unsubscribed",
    "stopped_this": "You will get no more mail about replies to this comment.",
    "stopped_all": "You will get no more reply notifications from this site.",
}

_JA: Final[Catalogue] = {
    "lang": "ja",
    "confirm_subject": "{site} の返信通知のためにメールアドレスを確認してください",
    "confirm_body": (
        "こんにちは。\n\n"
        "どなたか、おそらくあなたが、このアドレスで {site} にコメントし、"
        "返信の通知を希望しました。\n"
        "アドレスを確認するには、次のリンクを開き、ページのボタンを押してください。\n\n{link}\n\n"
        "リンクの有効期限は7日間です。確認されるまで、このアドレスには何も送られず、"
        "確認前に書かれた返信が後から送られることもありません。\n"
        "お心当たりがなければ、このメールは無視してください。ボタンを押さない限り何も起こりません。\n"
    ),
    "reply_subject": "{site} のあなたのコメントに {name} さんが返信しました",
    "replies_subject": Plural(
        by="count", other="{site} のあなたのコメントに新しい返信が {count} 件あります"
    ),
    "digest_subject": "{site} のあなたのコメントへの今日の返信 {count} 件",
    "reply_line": "{name} さんの返信:",
    "read_reply": "返信を読む: {link}",
    "more_replies": Plural(by="count", other="ほかに {count} 件の返信:"),
    "footer": (
        "{site} のコメントへの返信の通知を希望されたため、このメールをお送りしています。\n"
        "配信停止: {link}\n"
    ),
    "stop_label": "配信を停止する",
    "page_title": "メールアドレスの確認",
    "page_text": "このアドレスがあなたのものであり、このサイトでのコメントへの返信をメールで"
    "受け取ることを確認するには、ボタンを押してください。",
    "page_button": "アドレスを確認する",
    "page_incomplete": "このリンクは不完全です。メールのリンクをそのまま開いてください。",
    "confirmed_heading": "アドレスを確認しました",
    "confirmed_text": "ありがとうございます。コメントに返信があるとメールでお知らせします。",
    "failed_heading": "処理できませんでした",
    "link_not_valid": "このリンクは無効です。有効期限が切れているか、リンクの一部が欠けています。",
    "stop_title": "返信通知の停止",
    "stop_text": "どのメールを停止しますか。",
    "stop_this": "このコメントへの返信",
    "stop_all": "このサイトからのすべての返信通知",
    "stopped_heading": "配信を停止しました",
    "stopped_this": "このコメントへの返信のメールは今後送られません。",
    "stopped_all": "このサイトからの返信通知は今後送られません。",
}

_DE: Final[Catalogue] = {
    "lang": "de",
    "confirm_subject": "Bestätigen Sie Ihre Adresse für Antworten auf {site}",
    "confirm_body": (
        "Guten Tag,\n\n"
        "jemand, hoffentlich Sie, hat auf {site} mit dieser Adresse kommentiert und möchte\n"
        "über Antworten informiert werden. Um die Adresse zu bestätigen, öffnen Sie diesen\n"
        "Link und klicken Sie auf der Seite auf die Schaltfläche:\n\n{link}\n\n"
        "Der Link ist 7 Tage gültig. Bis die Adresse bestätigt ist, wird nichts weiter an sie\n"
        "gesendet, und Antworten, die vor Ihrer Bestätigung geschrieben werden, kommen auch\n"
        "später nicht. Falls Sie das nicht waren, ignorieren Sie diese E-Mail: Ohne Klick auf\n"
        "die Schaltfläche geschieht nichts.\n"
    ),
    "reply_subject": "{name} hat auf Ihren Kommentar auf {site} geantwortet",
    "replies_subject": Plural(
        by="count",
        one="{count} neue Antwort auf Ihren Kommentar auf {site}",
        other="{count} neue Antworten auf Ihren Kommentar auf {site}",
    ),
    "digest_subject": "Die heutigen Antworten auf Ihre Kommentare auf {site} ({count})",
    "reply_line": "{name} hat geantwortet:",
    "read_reply": "Antwort lesen: {link}",
    "more_replies": Plural(
        by="count", one="{count} weitere Antwort:", other="{count} weitere Antworten:"
    ),
    "footer": (
        "Sie erhalten diese E-Mail, weil Sie über Antworten auf Ihren Kommentar auf {site}\n"
        "informiert werden wollten. Diese E-Mails abbestellen: {link}\n"
    ),
    "stop_label": "Diese E-Mails abbestellen",
    "page_title": "Bestätigen Sie Ihre Adresse",
    "page_text": "Klicken Sie auf die Schaltfläche, um zu bestätigen, dass diese Adresse Ihnen "
    "gehört und dass Sie E-Mails über Antworten auf Ihre Kommentare auf dieser Website "
    "erhalten möchten.",
    "page_button": "Meine Adresse bestätigen",
    "page_incomplete": "Dieser Link ist unvollständig. Bitte öffnen Sie den ganzen Link aus der "
    "E-Mail.",
    "confirmed_heading": "Adresse bestätigt",
    "confirmed_text": "Danke. Sie erhalten eine E-Mail, wenn jemand auf Ihren Kommentar antwortet.",
    "failed_heading": "Das hat nicht geklappt",
    "link_not_valid": "Dieser Link ist ungültig: Er ist abgelaufen oder nicht vollständig.",
    "stop_title": "Benachrichtigungen über Antworten abbestellen",
    "stop_text": "Welche E-Mails sollen aufhören?",
    "stop_this": "Antworten auf diesen Kommentar",
    "stop_all": "Alle Benachrichtigungen über Antworten von dieser Website",
    "stopped_heading": "Abbestellt",
    "stopped_this": "Sie erhalten keine E-Mails mehr über Antworten auf diesen Kommentar.",
    "stopped_all": "Sie erhalten keine Benachrichtigungen über Antworten von dieser Website mehr.",
}

_FR: Final[Catalogue] = {
    "lang": "fr",
    "confirm_subject": "Confirmez votre adresse pour les réponses sur {site}",
    "confirm_body": (
        "Bonjour,\n\n"
        "quelqu’un, sans doute vous, a commenté sur {site} avec cette adresse et souhaite être\n"
        "prévenu des réponses. Pour confirmer l’adresse, ouvrez ce lien et appuyez sur le\n"
        "bouton de la page :\n\n{link}\n\n"
        "Le lien expire dans 7 jours. Tant que l’adresse n’est pas confirmée, rien d’autre ne\n"
        "lui est envoyé, et les réponses écrites avant votre confirmation ne seront pas\n"
        "envoyées plus tard. Si ce n’était pas vous, ignorez ce message : rien ne se passe tant\n"
        "que le bouton n’est pas pressé.\n"
    ),
    "reply_subject": "{name} a répondu à votre commentaire sur {site}",
    "replies_subject": Plural(
        by="count",
        one="{count} nouvelle réponse à votre commentaire sur {site}",
        many="{count} de nouvelles réponses à votre commentaire sur {site}",
        other="{count} nouvelles réponses à votre commentaire sur {site}",
    ),
    "digest_subject": "Les réponses du jour à vos commentaires sur {site} ({count})",
    "reply_line": "{name} a répondu :",
    "read_reply": "Lire la réponse : {link}",
    "more_replies": Plural(
        by="count",
        one="{count} autre réponse :",
        many="{count} d’autres réponses :",
        other="{count} autres réponses :",
    ),
    "footer": (
        "Vous recevez ce message car vous avez demandé à être prévenu des réponses à votre\n"
        "commentaire sur {site}. Ne plus recevoir ces messages : {link}\n"
    ),
    "stop_label": "Ne plus recevoir ces messages",
    "page_title": "Confirmez votre adresse",
    "page_text": "Appuyez sur le bouton pour confirmer que cette adresse est la vôtre et que "
    "vous souhaitez recevoir des e-mails sur les réponses à vos commentaires sur ce site.",
    "page_button": "Confirmer mon adresse",
    "page_incomplete": "Ce lien est incomplet. Veuillez ouvrir le lien entier depuis le message.",
    "confirmed_heading": "Adresse confirmée",
    "confirmed_text": "Merci. Vous recevrez un e-mail quand quelqu’un répondra à votre "
    "commentaire.",
    "failed_heading": "Cela n’a pas fonctionné",
    "link_not_valid": "Ce lien n’est pas valable : il a expiré ou il est incomplet.",
    "stop_title": "Arrêter les notifications de réponse",
    "stop_text": "Quels messages faut-il arrêter ?",
    "stop_this": "Les réponses à ce commentaire",
    "stop_all": "Toutes les notifications de réponse de ce site",
    "stopped_heading": "Désabonnement effectué",
    "stopped_this": "Vous ne recevrez plus de message sur les réponses à ce commentaire.",
    "stopped_all": "Vous ne recevrez plus de notification de réponse de ce site.",
}

_ES: Final[Catalogue] = {
    "lang": "es",
    "confirm_subject": "Confirma tu dirección para recibir respuestas en {site}",
    "confirm_body": (
        "Hola:\n\n"
        "alguien, seguramente tú, ha comentado en {site} con esta dirección y ha pedido que se\n"
        "le avise de las respuestas. Para confirmar la dirección, abre este enlace y pulsa el\n"
        "botón de la página:\n\n{link}\n\n"
        "El enlace caduca en 7 días. Hasta que se confirme la dirección no se le enviará nada\n"
        "más, y las respuestas escritas antes de que la confirmes no se enviarán después. Si\n"
        "no has sido tú, ignora este correo: no pasa nada si no se pulsa el botón.\n"
    ),
    "reply_subject": "{name} ha respondido a tu comentario en {site}",
    "replies_subject": Plural(
        by="count",
        one="{count} respuesta nueva a tu comentario en {site}",
        many="{count} de respuestas nuevas a tu comentario en {site}",
        other="{count} respuestas nuevas a tu comentario en {site}",
    ),
    "digest_subject": "Las respuestas de hoy a tus comentarios en {site} ({count})",
    "reply_line": "{name} ha respondido:",
    "read_reply": "Leer la respuesta: {link}",
    "more_replies": Plural(
        by="count",
        one="{count} respuesta más:",
        many="{count} de respuestas más:",
        other="{count} respuestas más:",
    ),
    "footer": (
        "Recibes este correo porque pediste que te avisáramos de las respuestas a tu\n"
        "comentario en {site}. Dejar de recibir estos correos: {link}\n"
    ),
    "stop_label": "Dejar de recibir estos correos",
    "page_title": "Confirma tu dirección",
    "page_text": "Pulsa el botón para confirmar que esta dirección es tuya y que quieres recibir "
    "correos sobre las respuestas a tus comentarios en este sitio.",
    "page_button": "Confirmar mi dirección",
    "page_incomplete": "Este enlace está incompleto. Abre el enlace completo del correo.",
    "confirmed_heading": "Dirección confirmada",
    "confirmed_text": "Gracias. Recibirás un correo cuando alguien responda a tu comentario.",
    "failed_heading": "No ha funcionado",
    "link_not_valid": "Este enlace no es válido: ha caducado o no está completo.",
    "stop_title": "Dejar de recibir avisos de respuestas",
    "stop_text": "¿Qué correos quieres dejar de recibir?",
    "stop_this": "Las respuestas a este comentario",
    "stop_all": "Todos los avisos de respuestas de este sitio",
    "stopped_heading": "Baja confirmada",
    "stopped_this": "No recibirás más correos sobre respuestas a este comentario.",
    "stopped_all": "No recibirás más avisos de respuestas de este sitio.",
}

_AR: Final[Catalogue] = {
    "lang": "ar",
    "confirm_subject": "أكِّد عنوانك لتلقّي الردود على {site}",
    "confirm_body": (
        "مرحبًا،\n\n"
        "علّق شخصٌ ما، ونرجو أن تكون أنت، على {site} بهذا العنوان وطلب إعلامه بالردود.\n"
        "لتأكيد العنوان افتح هذا الرابط واضغط الزر في الصفحة:\n\n{link}\n\n"
        "تنتهي صلاحية الرابط بعد 7 أيام. لن يُرسل إلى هذا العنوان شيء آخر قبل تأكيده، ولن تُرسل\n"
        "لاحقًا الردود المكتوبة قبل التأكيد. إن لم تكن أنت، فتجاهل هذه الرسالة: لن يحدث شيء ما لم\n"
        "يُضغط الزر.\n"
    ),
    "reply_subject": "ردّ {name} على تعليقك على {site}",
    "replies_subject": Plural(
        by="count",
        zero="لا ردود جديدة على تعليقك على {site}",
        one="رد جديد على تعليقك على {site}",
        two="ردّان جديدان على تعليقك على {site}",
        few="{count} ردود جديدة على تعليقك على {site}",
        many="{count} ردًّا جديدًا على تعليقك على {site}",
        other="{count} رد جديد على تعليقك على {site}",
    ),
    "digest_subject": "ردود اليوم على تعليقاتك على {site} ({count})",
    "reply_line": "ردّ {name}:",
    "read_reply": "اقرأ الرد: {link}",
    "more_replies": Plural(
        by="count",
        zero="لا ردود أخرى:",
        one="رد آخر:",
        two="ردّان آخران:",
        few="{count} ردود أخرى:",
        many="{count} ردًّا آخر:",
        other="{count} رد آخر:",
    ),
    "footer": (
        "تصلك هذه الرسالة لأنك طلبت إعلامك بالردود على تعليقك على {site}.\n"
        "إيقاف هذه الرسائل: {link}\n"
    ),
    "stop_label": "إيقاف هذه الرسائل",
    "page_title": "تأكيد عنوانك",
    "page_text": "اضغط الزر لتأكيد أن هذا العنوان لك وأنك تريد تلقّي رسائل عن الردود على "
    "تعليقاتك في هذا الموقع.",
    "page_button": "تأكيد عنواني",
    "page_incomplete": "هذا الرابط ناقص. يُرجى فتح الرابط كاملًا من الرسالة.",
    "confirmed_heading": "تأكّد العنوان",
    "confirmed_text": "شكرًا لك. ستصلك رسالة عندما يردّ أحد على تعليقك.",
    "failed_heading": "لم تنجح العملية",
    "link_not_valid": "هذا الرابط غير صالح: انتهت صلاحيته أو أنه ناقص.",
    "stop_title": "إيقاف إشعارات الردود",
    "stop_text": "أي الرسائل تريد إيقافها؟",
    "stop_this": "الردود على هذا التعليق",
    "stop_all": "كل إشعارات الردود من هذا الموقع",
    "stopped_heading": "أُلغي الاشتراك",
    "stopped_this": "لن تصلك بعد الآن رسائل عن الردود على هذا التعليق.",
    "stopped_all": "لن تصلك بعد الآن إشعارات الردود من هذا الموقع.",
}

CATALOGUES: Final[dict[str, Catalogue]] = {
    "en": _EN, "ja": _JA, "de": _DE, "fr": _FR, "es": _ES, "ar": _AR,
}  # fmt: skip
Translate = Callable[..., str]


def translator(tag: str | None) -> Translate:
    """`t("reply_subject", name="Aiko", site="News")` in the language of `tag` (English by
    default); a count phrase takes its count from its field (`t("more_replies", count=3)`)."""
    code = language(tag)
    catalogue = CATALOGUES[code]

    def t(key: str, **fields: object) -> str:
        return say(catalogue[key], code, fields)

    return t
