"""The words of "my comments" (the no-JS page), account deletion by mail and a guest's "forget
me": their mail and their pages, in English, Japanese, German, French, Spanish and Arabic.

Plain text with `{name}` fields (`str.format`); what fills them is shown as written (pages are
auto-escaped, mail is plain text). Every catalogue has the same keys and fields
(tests/unit/test_my_comments_catalogue.py). Counts are written as "Label: 3", so no language
needs plural forms here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

_EN: Final[dict[str, str]] = {
    "lang": "en",
    "back_to_list": "Back to my comments",
    "dir": "ltr",
    # the page of one's own comments
    "title": "My comments on {site}",
    "signed_out_title": "Sign in to see your comments",
    "signed_out_text": "Sign in on {site} to see your comments and the replies to them here.",
    "to_site": "Go to {site}",
    "none_yet": "You have not written any comments on this site yet.",
    "status_published": "Published",
    "status_pending": "Waiting for a moderator",
    "status_rejected": "Rejected by a moderator",
    "posted": "Posted {when}",
    "edited": "edited {when}",
    "likes": "Likes: {count}",
    "reply_count": "Replies: {count}",
    "latest_replies": "Latest replies",
    "open_in_story": "Open in the discussion",
    "delete_button": "Delete this comment",
    "edit_until": "You can edit it in the story's comments until {when}.",
    "edit_note": "This page deletes comments; to edit one, use the comments under the story "
    "while its edit window is open.",
    "older": "Older comments",
    "comment_deleted": "Your comment was deleted.",
    "your_data": "Your data and your account",
    "download": "Download all my data (JSON)",
    "delete_account_text": "To delete your account, we mail a link to your confirmed address; "
    "the account is deleted when you press the button on the page the link opens.",
    "delete_account_button": "Mail me a link to delete my account",
    "deletion_sent": "We sent a link to your address. Open it and press the button to delete "
    "your account; the link works once, within 24 hours.",
    "failed_heading": "That did not work",
    "link_not_valid": "This link is not valid any more: it was used already or has expired, "
    "or it is not the whole link.",
    # deleting an account by mail
    "deletion_subject": "Confirm that your account should be deleted",
    "deletion_body": (
        "Hello {name},\n\n"
        "someone, hopefully you, asked to delete your account at {install}. To delete it,\n"
        "open this link and press the button on the page:\n\n{link}\n\n"
        "The link works once and expires in 24 hours. Deleting the account signs you out\n"
        "everywhere; your comments are removed or kept as 'deleted account', as each site\n"
        "decides. If you did not ask for this, ignore this mail: nothing happens unless the\n"
        "button is pressed.\n"
    ),
    "deletion_title": "Delete your account",
    "deletion_text": "Pressing the button deletes the account {name} for good: you are signed "
    "out everywhere, your likes are withdrawn, and your comments are removed or kept as "
    "'deleted account', as each site decides. This cannot be undone.",
    "deletion_button": "Delete my account",
    "deletion_done_heading": "Account deleted",
    "deletion_done_text": "Your account is deleted and you are signed out everywhere.",
    # a guest's "forget me"
    "forget_subject": "Erase your comments on {site}",
    "forget_body": (
        "Hello,\n\n"
        "someone, hopefully you, asked {site} to forget this address. To erase the comments\n"
        "written with it as a guest and stop every reply notification to it, open this link\n"
        "and press the button on the page:\n\n{link}\n\n"
        "The link works once and expires in 24 hours. If you did not ask for this, ignore\n"
        "this mail: nothing happens unless the button is pressed.\n"
    ),
    "forget_title": "Forget my address",
    "forget_text": "Pressing the button erases what {site} keeps of this address: the comments "
    "written with it as a guest are removed (one that has replies stays as an empty "
    "placeholder, so that the replies still make sense), and its reply notifications and "
    "their confirmation are removed. This cannot be undone.",
    "forget_count": "Comments that will be removed: {count}",
    "forget_button": "Erase my comments",
    "forget_done_heading": "Your address is forgotten",
    "forget_done_text": "Comments removed: {count}. This address gets no more reply "
    "notifications from {site}.",
}

_JA: Final[dict[str, str]] = {
    "lang": "ja",
    "back_to_list": "自分のコメントに戻る",
    "dir": "ltr",
    "title": "{site} での自分のコメント",
    "signed_out_title": "コメントを見るにはサインインしてください",
    "signed_out_text": "{site} でサインインすると、自分のコメントとその返信をここで確認できます。",
    "to_site": "{site} へ移動",
    "none_yet": "このサイトにはまだコメントを書いていません。",
    "status_published": "公開中",
    "status_pending": "モデレーターの確認待ち",
    "status_rejected": "モデレーターにより非承認",
    "posted": "投稿 {when}",
    "edited": "編集 {when}",
    "likes": "いいね: {count}",
    "reply_count": "返信: {count}",
    "latest_replies": "最近の返信",
    "open_in_story": "ディスカッションで開く",
    "delete_button": "このコメントを削除",
    "edit_until": "{when} まで、記事のコメント欄で編集できます。",
    "edit_note": "このページではコメントを削除できます。編集は、編集期間中に記事のコメント欄で"
    "行ってください。",
    "older": "以前のコメント",
    "comment_deleted": "コメントを削除しました。",
    "your_data": "データとアカウント",
    "download": "すべてのデータをダウンロード (JSON)",
    "delete_account_text": "アカウントを削除するには、確認済みのアドレスにリンクをお送りします。"
    "リンク先のページでボタンを押すとアカウントが削除されます。",
    "delete_account_button": "アカウント削除のリンクをメールで受け取る",
    "deletion_sent": "アドレスにリンクを送りました。開いてボタンを押すとアカウントが削除されます。"
    "リンクは24時間以内に一度だけ使えます。",
    "failed_heading": "処理できませんでした",
    "link_not_valid": "このリンクはもう使えません。使用済みか期限切れ、またはリンクの一部が"
    "欠けています。",
    "deletion_subject": "アカウント削除の確認",
    "deletion_body": (
        "{name} さん\n\n"
        "どなたか、おそらくあなたが、{install} のアカウントの削除を依頼しました。\n"
        "削除するには、次のリンクを開き、ページのボタンを押してください。\n\n{link}\n\n"
        "リンクは一度だけ使え、24時間で期限が切れます。アカウントを削除すると、すべての\n"
        "サインインが終了し、コメントは各サイトの設定に従って削除されるか「削除された\n"
        "アカウント」として残ります。お心当たりがなければ、このメールは無視してください。\n"
        "ボタンを押さない限り何も起こりません。\n"
    ),
    "deletion_title": "アカウントの削除",
    "deletion_text": "ボタンを押すと、アカウント {name} が完全に削除されます。すべてのサインイン"
    "が終了し、いいねは取り消され、コメントは各サイトの設定に従って削除されるか「削除された"
    "アカウント」として残ります。元に戻すことはできません。",
    "deletion_button": "アカウントを削除する",
    "deletion_done_heading": "アカウントを削除しました",
    "deletion_done_text": "アカウントは削除され、すべてのサインインが終了しました。",
    "forget_subject": "{site} でのコメントの消去",
    "forget_body": (
        "こんにちは。\n\n"
        "どなたか、おそらくあなたが、このアドレスを忘れるよう {site} に依頼しました。\n"
        "このアドレスでゲストとして書いたコメントを消去し、返信の通知をすべて止めるには、\n"
        "次のリンクを開き、ページのボタンを押してください。\n\n{link}\n\n"
        "リンクは一度だけ使え、24時間で期限が切れます。お心当たりがなければ、このメールは\n"
        "無視してください。ボタンを押さない限り何も起こりません。\n"
    ),
    "forget_title": "アドレスの消去",
    "forget_text": "ボタンを押すと、{site} が保持するこのアドレスの情報が消去されます。この"
    "アドレスでゲストとして書いたコメントは削除され (返信のあるコメントは、返信の文脈が"
    "わかるよう空の枠として残ります)、返信の通知とその確認も削除されます。元に戻すことは"
    "できません。",
    "forget_count": "削除されるコメント: {count}",
    "forget_button": "コメントを消去する",
    "forget_done_heading": "アドレスを消去しました",
    "forget_done_text": "削除したコメント: {count}。このアドレスに {site} から返信の通知が送られる"
    "ことはありません。",
}

_DE: Final[dict[str, str]] = {
    "lang": "de",
    "back_to_list": "Zurück zu meinen Kommentaren",
    "dir": "ltr",
    "title": "Meine Kommentare auf {site}",
    "signed_out_title": "Melden Sie sich an, um Ihre Kommentare zu sehen",
    "signed_out_text": "Melden Sie sich auf {site} an, um hier Ihre Kommentare und die "
    "Antworten darauf zu sehen.",
    "to_site": "Zu {site}",
    "none_yet": "Sie haben auf dieser Website noch keine Kommentare geschrieben.",
    "status_published": "Veröffentlicht",
    "status_pending": "Wartet auf die Moderation",
    "status_rejected": "Von der Moderation abgelehnt",
    "posted": "Geschrieben {when}",
    "edited": "bearbeitet {when}",
    "likes": "Gefällt: {count}",
    "reply_count": "Antworten: {count}",
    "latest_replies": "Neueste Antworten",
    "open_in_story": "In der Diskussion öffnen",
    "delete_button": "Diesen Kommentar löschen",
    "edit_until": "Sie können ihn bis {when} in den Kommentaren unter dem Artikel bearbeiten.",
    "edit_note": "Auf dieser Seite können Sie Kommentare löschen; bearbeiten können Sie sie in "
    "den Kommentaren unter dem Artikel, solange die Frist dafür läuft.",
    "older": "Ältere Kommentare",
    "comment_deleted": "Ihr Kommentar wurde gelöscht.",
    "your_data": "Ihre Daten und Ihr Konto",
    "download": "Alle meine Daten herunterladen (JSON)",
    "delete_account_text": "Um Ihr Konto zu löschen, senden wir einen Link an Ihre bestätigte "
    "Adresse; das Konto wird gelöscht, wenn Sie auf der Seite des Links die Schaltfläche drücken.",
    "delete_account_button": "Link zum Löschen meines Kontos senden",
    "deletion_sent": "Wir haben einen Link an Ihre Adresse gesendet. Öffnen Sie ihn und drücken "
    "Sie die Schaltfläche, um Ihr Konto zu löschen; der Link gilt einmal, 24 Stunden lang.",
    "failed_heading": "Das hat nicht geklappt",
    "link_not_valid": "Dieser Link gilt nicht mehr: Er wurde schon benutzt, ist abgelaufen oder "
    "unvollständig.",
    "deletion_subject": "Bestätigen Sie, dass Ihr Konto gelöscht werden soll",
    "deletion_body": (
        "Hallo {name},\n\n"
        "jemand, hoffentlich Sie, hat darum gebeten, Ihr Konto bei {install} zu löschen. Um\n"
        "es zu löschen, öffnen Sie diesen Link und drücken Sie die Schaltfläche auf der\n"
        "Seite:\n\n{link}\n\n"
        "Der Link gilt einmal und läuft nach 24 Stunden ab. Mit dem Konto enden alle\n"
        "Anmeldungen; Ihre Kommentare werden entfernt oder bleiben als 'gelöschtes Konto'\n"
        "stehen, wie jede Website es festlegt. Wenn Sie das nicht waren, ignorieren Sie diese\n"
        "Mail: Ohne den Klick auf die Schaltfläche geschieht nichts.\n"
    ),
    "deletion_title": "Konto löschen",
    "deletion_text": "Die Schaltfläche löscht das Konto {name} endgültig: Sie werden überall "
    "abgemeldet, Ihre Gefällt-mir-Angaben werden zurückgenommen, und Ihre Kommentare werden "
    "entfernt oder bleiben als 'gelöschtes Konto' stehen, wie jede Website es festlegt. Das "
    "lässt sich nicht rückgängig machen.",
    "deletion_button": "Mein Konto löschen",
    "deletion_done_heading": "Konto gelöscht",
    "deletion_done_text": "Ihr Konto ist gelöscht, und Sie sind überall abgemeldet.",
    "forget_subject": "Ihre Kommentare auf {site} löschen",
    "forget_body": (
        "Hallo,\n\n"
        "jemand, hoffentlich Sie, hat {site} gebeten, diese Adresse zu vergessen. Um die\n"
        "damit als Gast geschriebenen Kommentare zu löschen und alle Benachrichtigungen über\n"
        "Antworten an sie zu beenden, öffnen Sie diesen Link und drücken Sie die\n"
        "Schaltfläche auf der Seite:\n\n{link}\n\n"
        "Der Link gilt einmal und läuft nach 24 Stunden ab. Wenn Sie das nicht waren,\n"
        "ignorieren Sie diese Mail: Ohne den Klick auf die Schaltfläche geschieht nichts.\n"
    ),
    "forget_title": "Meine Adresse vergessen",
    "forget_text": "Die Schaltfläche löscht, was {site} zu dieser Adresse speichert: Die damit "
    "als Gast geschriebenen Kommentare werden entfernt (einer mit Antworten bleibt als leerer "
    "Platzhalter, damit die Antworten verständlich bleiben), und ihre Benachrichtigungen über "
    "Antworten samt Bestätigung werden gelöscht. Das lässt sich nicht rückgängig machen.",
    "forget_count": "Kommentare, die entfernt werden: {count}",
    "forget_button": "Meine Kommentare löschen",
    "forget_done_heading": "Ihre Adresse ist vergessen",
    "forget_done_text": "Entfernte Kommentare: {count}. Diese Adresse erhält von {site} keine "
    "Benachrichtigungen über Antworten mehr.",
}

_FR: Final[dict[str, str]] = {
    "lang": "fr",
    "back_to_list": "Retour à mes commentaires",
    "dir": "ltr",
    "title": "Mes commentaires sur {site}",
    "signed_out_title": "Connectez-vous pour voir vos commentaires",
    "signed_out_text": "Connectez-vous sur {site} pour voir ici vos commentaires et les "
    "réponses qu'ils ont reçues.",
    "to_site": "Aller sur {site}",
    "none_yet": "Vous n'avez encore écrit aucun commentaire sur ce site.",
    "status_published": "Publié",
    "status_pending": "En attente de modération",
    "status_rejected": "Refusé par la modération",
    "posted": "Publié le {when}",
    "edited": "modifié le {when}",
    "likes": "J'aime : {count}",
    "reply_count": "Réponses : {count}",
    "latest_replies": "Dernières réponses",
    "open_in_story": "Ouvrir dans la discussion",
    "delete_button": "Supprimer ce commentaire",
    "edit_until": "Vous pouvez le modifier dans les commentaires de l'article jusqu'au {when}.",
    "edit_note": "Cette page supprime les commentaires ; pour en modifier un, utilisez les "
    "commentaires sous l'article tant que le délai de modification court.",
    "older": "Commentaires plus anciens",
    "comment_deleted": "Votre commentaire a été supprimé.",
    "your_data": "Vos données et votre compte",
    "download": "Télécharger toutes mes données (JSON)",
    "delete_account_text": "Pour supprimer votre compte, nous envoyons un lien à votre adresse "
    "confirmée ; le compte est supprimé quand vous appuyez sur le bouton de la page qu'il ouvre.",
    "delete_account_button": "M'envoyer un lien pour supprimer mon compte",
    "deletion_sent": "Nous avons envoyé un lien à votre adresse. Ouvrez-le et appuyez sur le "
    "bouton pour supprimer votre compte ; le lien sert une fois, pendant 24 heures.",
    "failed_heading": "Cela n'a pas fonctionné",
    "link_not_valid": "Ce lien n'est plus valable : il a déjà servi, il a expiré ou il est "
    "incomplet.",
    "deletion_subject": "Confirmez la suppression de votre compte",
    "deletion_body": (
        "Bonjour {name},\n\n"
        "quelqu'un, vous sans doute, a demandé la suppression de votre compte sur {install}.\n"
        "Pour le supprimer, ouvrez ce lien et appuyez sur le bouton de la page :\n\n{link}\n\n"
        "Le lien sert une fois et expire dans 24 heures. La suppression du compte vous\n"
        "déconnecte partout ; vos commentaires sont retirés ou restent signés « compte\n"
        "supprimé », selon chaque site. Si vous n'êtes pas à l'origine de cette demande,\n"
        "ignorez ce message : rien ne se passe tant que le bouton n'est pas pressé.\n"
    ),
    "deletion_title": "Supprimer votre compte",
    "deletion_text": "Le bouton supprime définitivement le compte {name} : vous êtes déconnecté "
    "partout, vos « j'aime » sont retirés, et vos commentaires sont retirés ou restent signés "
    "« compte supprimé », selon chaque site. C'est irréversible.",
    "deletion_button": "Supprimer mon compte",
    "deletion_done_heading": "Compte supprimé",
    "deletion_done_text": "Votre compte est supprimé et vous êtes déconnecté partout.",
    "forget_subject": "Effacer vos commentaires sur {site}",
    "forget_body": (
        "Bonjour,\n\n"
        "quelqu'un, vous sans doute, a demandé à {site} d'oublier cette adresse. Pour effacer\n"
        "les commentaires écrits avec elle en tant qu'invité et arrêter toutes les\n"
        "notifications de réponses, ouvrez ce lien et appuyez sur le bouton de la page :\n\n"
        "{link}\n\n"
        "Le lien sert une fois et expire dans 24 heures. Si vous n'êtes pas à l'origine de\n"
        "cette demande, ignorez ce message : rien ne se passe tant que le bouton n'est pas\n"
        "pressé.\n"
    ),
    "forget_title": "Oublier mon adresse",
    "forget_text": "Le bouton efface ce que {site} conserve de cette adresse : les commentaires "
    "écrits avec elle en tant qu'invité sont retirés (celui qui a des réponses reste comme un "
    "emplacement vide, pour que les réponses gardent leur sens), et ses notifications de "
    "réponses et leur confirmation sont supprimées. C'est irréversible.",
    "forget_count": "Commentaires qui seront retirés : {count}",
    "forget_button": "Effacer mes commentaires",
    "forget_done_heading": "Votre adresse est oubliée",
    "forget_done_text": "Commentaires retirés : {count}. Cette adresse ne recevra plus de "
    "notifications de réponses de {site}.",
}

_ES: Final[dict[str, str]] = {
    "lang": "es",
    "back_to_list": "Volver a mis comentarios",
    "dir": "ltr",
    "title": "Mis comentarios en {site}",
    "signed_out_title": "Inicia sesión para ver tus comentarios",
    "signed_out_text": "Inicia sesión en {site} para ver aquí tus comentarios y sus respuestas.",
    "to_site": "Ir a {site}",
    "none_yet": "Todavía no has escrito ningún comentario en este sitio.",
    "status_published": "Publicado",
    "status_pending": "Pendiente de moderación",
    "status_rejected": "Rechazado por la moderación",
    "posted": "Publicado el {when}",
    "edited": "editado el {when}",
    "likes": "Me gusta: {count}",
    "reply_count": "Respuestas: {count}",
    "latest_replies": "Últimas respuestas",
    "open_in_story": "Abrir en la conversación",
    "delete_button": "Eliminar este comentario",
    "edit_until": "Puedes editarlo en los comentarios del artículo hasta el {when}.",
    "edit_note": "Esta página elimina comentarios; para editar uno, usa los comentarios bajo el "
    "artículo mientras el plazo de edición siga abierto.",
    "older": "Comentarios anteriores",
    "comment_deleted": "Tu comentario se ha eliminado.",
    "your_data": "Tus datos y tu cuenta",
    "download": "Descargar todos mis datos (JSON)",
    "delete_account_text": "Para eliminar tu cuenta, enviamos un enlace a tu dirección "
    "confirmada; la cuenta se elimina cuando pulsas el botón de la página que abre el enlace.",
    "delete_account_button": "Enviarme un enlace para eliminar mi cuenta",
    "deletion_sent": "Hemos enviado un enlace a tu dirección. Ábrelo y pulsa el botón para "
    "eliminar tu cuenta; el enlace sirve una vez, durante 24 horas.",
    "failed_heading": "No ha funcionado",
    "link_not_valid": "Este enlace ya no es válido: ya se usó, ha caducado o está incompleto.",
    "deletion_subject": "Confirma que quieres eliminar tu cuenta",
    "deletion_body": (
        "Hola, {name}:\n\n"
        "alguien, seguramente tú, ha pedido eliminar tu cuenta en {install}. Para eliminarla,\n"
        "abre este enlace y pulsa el botón de la página:\n\n{link}\n\n"
        "El enlace sirve una vez y caduca en 24 horas. Al eliminar la cuenta se cierran\n"
        "todas tus sesiones; tus comentarios se retiran o quedan como 'cuenta eliminada',\n"
        "según decida cada sitio. Si no lo has pedido tú, ignora este correo: no pasa nada\n"
        "mientras no se pulse el botón.\n"
    ),
    "deletion_title": "Eliminar tu cuenta",
    "deletion_text": "El botón elimina para siempre la cuenta {name}: se cierran todas tus "
    "sesiones, se retiran tus «me gusta» y tus comentarios se retiran o quedan como 'cuenta "
    "eliminada', según decida cada sitio. No se puede deshacer.",
    "deletion_button": "Eliminar mi cuenta",
    "deletion_done_heading": "Cuenta eliminada",
    "deletion_done_text": "Tu cuenta se ha eliminado y se han cerrado todas tus sesiones.",
    "forget_subject": "Borrar tus comentarios en {site}",
    "forget_body": (
        "Hola:\n\n"
        "alguien, seguramente tú, ha pedido a {site} que olvide esta dirección. Para borrar\n"
        "los comentarios escritos con ella como invitado y detener todos los avisos de\n"
        "respuestas, abre este enlace y pulsa el botón de la página:\n\n{link}\n\n"
        "El enlace sirve una vez y caduca en 24 horas. Si no lo has pedido tú, ignora este\n"
        "correo: no pasa nada mientras no se pulse el botón.\n"
    ),
    "forget_title": "Olvidar mi dirección",
    "forget_text": "El botón borra lo que {site} guarda de esta dirección: se retiran los "
    "comentarios escritos con ella como invitado (uno con respuestas queda como un hueco "
    "vacío, para que las respuestas sigan teniendo sentido) y se eliminan sus avisos de "
    "respuestas y su confirmación. No se puede deshacer.",
    "forget_count": "Comentarios que se retirarán: {count}",
    "forget_button": "Borrar mis comentarios",
    "forget_done_heading": "Tu dirección se ha olvidado",
    "forget_done_text": "Comentarios retirados: {count}. Esta dirección ya no recibirá avisos "
    "de respuestas de {site}.",
}

_AR: Final[dict[str, str]] = {
    "lang": "ar",
    "back_to_list": "العودة إلى تعليقاتي",
    "dir": "rtl",
    "title": "تعليقاتي على {site}",
    "signed_out_title": "سجّل الدخول لرؤية تعليقاتك",
    "signed_out_text": "سجّل الدخول على {site} لترى هنا تعليقاتك والردود عليها.",
    "to_site": "الانتقال إلى {site}",
    "none_yet": "لم تكتب أي تعليق على هذا الموقع بعد.",
    "status_published": "منشور",
    "status_pending": "بانتظار المشرف",
    "status_rejected": "رفضه المشرف",
    "posted": "نُشر {when}",
    "edited": "عُدّل {when}",
    "likes": "الإعجابات: {count}",
    "reply_count": "الردود: {count}",
    "latest_replies": "أحدث الردود",
    "open_in_story": "فتح في النقاش",
    "delete_button": "حذف هذا التعليق",
    "edit_until": "يمكنك تعديله في تعليقات المقال حتى {when}.",
    "edit_note": "هذه الصفحة تحذف التعليقات؛ لتعديل تعليق استخدم التعليقات أسفل المقال ما دامت "
    "مدة التعديل مفتوحة.",
    "older": "تعليقات أقدم",
    "comment_deleted": "حُذف تعليقك.",
    "your_data": "بياناتك وحسابك",
    "download": "تنزيل كل بياناتي (JSON)",
    "delete_account_text": "لحذف حسابك نرسل رابطًا إلى عنوانك المؤكَّد؛ ويُحذف الحساب عندما "
    "تضغط الزر في الصفحة التي يفتحها الرابط.",
    "delete_account_button": "أرسل إليّ رابطًا لحذف حسابي",
    "deletion_sent": "أرسلنا رابطًا إلى عنوانك. افتحه واضغط الزر لحذف حسابك؛ يعمل الرابط مرة "
    "واحدة خلال 24 ساعة.",
    "failed_heading": "لم تنجح العملية",
    "link_not_valid": "هذا الرابط لم يعد صالحًا: استُخدم من قبل أو انتهت صلاحيته أو أنه غير مكتمل.",
    "deletion_subject": "أكّد حذف حسابك",
    "deletion_body": (
        "مرحبًا {name}،\n\n"
        "طلب أحدهم، ونأمل أن تكون أنت، حذف حسابك على {install}. لحذفه افتح هذا الرابط\n"
        "واضغط الزر في الصفحة:\n\n{link}\n\n"
        "يعمل الرابط مرة واحدة وتنتهي صلاحيته بعد 24 ساعة. حذف الحساب ينهي كل جلساتك،\n"
        "وتُزال تعليقاتك أو تبقى باسم «حساب محذوف» كما يقرر كل موقع. إن لم تطلب ذلك فتجاهل\n"
        "هذه الرسالة: لا يحدث شيء ما لم يُضغط الزر.\n"
    ),
    "deletion_title": "حذف حسابك",
    "deletion_text": "يحذف الزر الحساب {name} نهائيًا: تُنهى كل جلساتك، وتُسحب إعجاباتك، "
    "وتُزال تعليقاتك أو تبقى باسم «حساب محذوف» كما يقرر كل موقع. لا يمكن التراجع عن ذلك.",
    "deletion_button": "احذف حسابي",
    "deletion_done_heading": "حُذف الحساب",
    "deletion_done_text": "حُذف حسابك وأُنهيت كل جلساتك.",
    "forget_subject": "محو تعليقاتك على {site}",
    "forget_body": (
        "مرحبًا،\n\n"
        "طلب أحدهم، ونأمل أن تكون أنت، من {site} أن ينسى هذا العنوان. لمحو التعليقات التي\n"
        "كُتبت به كضيف وإيقاف كل إشعارات الردود إليه، افتح هذا الرابط واضغط الزر في الصفحة:\n\n"
        "{link}\n\n"
        "يعمل الرابط مرة واحدة وتنتهي صلاحيته بعد 24 ساعة. إن لم تطلب ذلك فتجاهل هذه\n"
        "الرسالة: لا يحدث شيء ما لم يُضغط الزر.\n"
    ),
    "forget_title": "انسَ عنواني",
    "forget_text": "يمحو الزر ما يحفظه {site} عن هذا العنوان: تُزال التعليقات التي كُتبت به "
    "كضيف (ويبقى التعليق الذي له ردود إطارًا فارغًا كي تبقى الردود مفهومة)، وتُحذف إشعارات "
    "الردود وتأكيدها. لا يمكن التراجع عن ذلك.",
    "forget_count": "التعليقات التي ستُزال: {count}",
    "forget_button": "امحُ تعليقاتي",
    "forget_done_heading": "نُسي عنوانك",
    "forget_done_text": "التعليقات المُزالة: {count}. لن يتلقى هذا العنوان إشعارات ردود من "
    "{site} بعد الآن.",
}

CATALOGUES: Final[dict[str, dict[str, str]]] = {
    "en": _EN, "ja": _JA, "de": _DE, "fr": _FR, "es": _ES, "ar": _AR,
}  # fmt: skip
DEFAULT_LANGUAGE: Final = "en"
Translate = Callable[..., str]


def supported(tag: str | None) -> str | None:
    """The language of ours for a tag such as `ja-JP` or `fr_CA`, or None."""
    primary = (tag or "").replace("_", "-").split("-")[0].strip().lower()
    return primary if primary in CATALOGUES else None


def choose(asked: str | None, accept_language: str | None) -> str:
    """`?lang=` when we speak it, else the first language of Accept-Language we speak (in the
    order the reader listed them), else English."""
    found = supported(asked)
    if found is not None:
        return found
    for part in (accept_language or "").split(",")[:20]:
        found = supported(part.split(";")[0])
        if found is not None:
            return found
    return DEFAULT_LANGUAGE


def translator(tag: str | None) -> Translate:
    """`t("title", site="News")` in the language of `tag` (English by default)."""
    catalogue = CATALOGUES[supported(tag) or DEFAULT_LANGUAGE]

    def t(key: str, **fields: object) -> str:
        return catalogue[key].format(**fields)

    return t
