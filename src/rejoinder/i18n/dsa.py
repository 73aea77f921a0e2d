"""The words of EU DSA mail and pages (notices, statements of reasons), in every language of
`LANGUAGES`.

Plain text with `{name}` fields (`str.format`); what fills them is shown as written, never
interpreted (mail bodies are plain text, SECURITY 21). Every catalogue has English's keys
(tests/unit/test_catalogues.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from rejoinder.i18n.locales import language

_EN: Final[dict[str, str]] = {
    "lang": "en",
    # to a reporter whose address is not confirmed yet: the only mail it gets before it is
    "confirm_subject": "Confirm your address for your notice to {site}",
    "confirm_body": (
        "Hello,\n\n"
        "someone, hopefully you, sent {site} a notice that comment {comment} is illegal,\n"
        "and gave this address for the answers. To confirm it, open this link and press\n"
        "the button on the page:\n\n{link}\n\n"
        "The link expires in 48 hours. Until the address is confirmed nothing else is sent to\n"
        "it. If you sent no notice, ignore this mail: nothing happens unless the button is\n"
        "pressed.\n"
    ),
    "ack_subject": "We received your notice (reference {reference})",
    "ack_body": (
        "Hello,\n\n"
        "we received your notice about comment {comment} on {site}, reference {reference}.\n"
        "You named: {legal_ground}\n\n"
        "A moderator will look at the comment, and we will write to you with the decision.\n"
    ),
    "decision_subject": "Decision on your notice (reference {reference})",
    "decision_body": (
        "Hello,\n\n"
        "about your notice {reference} on comment {comment} on {site}:\n\n{outcome}\n"
        "{ground}"
        "The decision was taken by a person (a moderator), not by automated means.\n\n"
        "{redress}"
    ),
    "outcome_removed": "A moderator has removed the comment.",
    "outcome_kept": (
        "A moderator reviewed the comment and kept it: it was not found to be illegal\n"
        "nor against the site's rules."
    ),
    # to an author: the statement of reasons (Art. 17)
    "statement_subject": "Your comment on {site} was removed (reference {puid})",
    "statement_body": (
        "Hello {name},\n\n"
        "your comment {comment} on {site}, written on {content_date}, was removed on\n"
        "{application_date}. This is the statement of the reasons.\n\n"
        "{ground}"
        "Facts and circumstances: {facts}\n\n"
        "{detection}\n{decision}\n\n"
        "{redress}\n"
        "Reference: {puid}\n"
    ),
    "ground_illegal": "Ground: illegal content, under {reference}.\nWhy: {explanation}\n\n",
    "ground_terms": (
        "Ground: incompatible with the site's terms, {reference}.\nWhy: {explanation}\n\n"
    ),
    "detected_yes": "The comment was found by automated means (the site's moderation checks).",
    "detected_no": "The comment was not found by automated means.",
    "decided_automatically": "The decision was taken by automated means, without a person.",
    "decided_by_person": "The decision was taken by a person (a moderator).",
    "redress_intro": "If you disagree with the decision, you can:\n",
    "redress_url": "- ask the site to review it: {url}\n",
    "redress_email": "- write to the site: {email}\n",
    "redress_always": (
        "- turn to a certified out-of-court dispute settlement body (Art. 21 DSA);\n"
        "- go to court.\n"
    ),
    # the page the confirmation link opens (it acts on POST only, SECURITY 22)
    "page_title": "Confirm your address",
    "page_text": (
        "Press the button to confirm that this address is yours. We will then acknowledge your "
        "notice and tell you the decision on it."
    ),
    "page_button": "Confirm my address",
    "page_incomplete": "This link is incomplete. Please open the whole link from the mail.",
    "confirmed_heading": "Address confirmed",
    "confirmed_text": "Thank you. We have sent the acknowledgement of your notice to this address.",
    "failed_heading": "Not confirmed",
    "link_not_valid": "This link is not valid: it has expired, or it is not the whole link.",
}

_JA: Final[dict[str, str]] = {
    "lang": "ja",
    "confirm_subject": "{site} への通知のためのメールアドレス確認",
    "confirm_body": (
        "こんにちは。\n\n"
        "どなたか (おそらくあなた) が {site} に、コメント {comment} が違法であるとの通知を送り、\n"
        "回答の送り先としてこのアドレスを指定しました。確認するには、次のリンクを開き、\n"
        "ページのボタンを押してください。\n\n{link}\n\n"
        "リンクの有効期限は 48 時間です。アドレスが確認されるまで、このアドレスには他に何も\n"
        "送りません。通知を送っていない場合は、このメールを無視してください。ボタンが押されない\n"
        "限り何も起こりません。\n"
    ),
    "ack_subject": "通知を受け付けました (受付番号 {reference})",
    "ack_body": (
        "こんにちは。\n\n"
        "{site} のコメント {comment} についての通知を受け付けました。\n"
        "受付番号は {reference} です。\n"
        "ご指摘の根拠: {legal_ground}\n\n"
        "モデレーターがコメントを確認し、決定をお知らせします。\n"
    ),
    "decision_subject": "通知に対する決定 (受付番号 {reference})",
    "decision_body": (
        "こんにちは。\n\n"
        "{site} のコメント {comment} についての通知 {reference} について:\n\n{outcome}\n"
        "{ground}"
        "この決定は自動化された手段ではなく、担当者 (モデレーター) が行いました。\n\n"
        "{redress}"
    ),
    "outcome_removed": "モデレーターがコメントを削除しました。",
    "outcome_kept": (
        "モデレーターがコメントを確認し、違法でもサイトのルール違反でもないと判断したため、\n"
        "コメントを残しました。"
    ),
    "statement_subject": "{site} のあなたのコメントが削除されました (番号 {puid})",
    "statement_body": (
        "{name} さん\n\n"
        "{content_date} に投稿された {site} のあなたのコメント {comment} は、\n"
        "{application_date} に削除されました。以下はその理由の説明です。\n\n"
        "{ground}"
        "事実と状況: {facts}\n\n"
        "{detection}\n{decision}\n\n"
        "{redress}\n"
        "番号: {puid}\n"
    ),
    "ground_illegal": "根拠: 違法なコンテンツ ({reference})\n理由: {explanation}\n\n",
    "ground_terms": "根拠: サイトの規約に反するコンテンツ ({reference})\n理由: {explanation}\n\n",
    "detected_yes": (
        "このコメントは自動化された手段 (サイトのモデレーション検査) で検出されました。"
    ),
    "detected_no": "このコメントは自動化された手段では検出されていません。",
    "decided_automatically": "この決定は担当者を介さず、自動化された手段で行われました。",
    "decided_by_person": "この決定は担当者 (モデレーター) が行いました。",
    "redress_intro": "決定に同意できない場合は、次の方法があります。\n",
    "redress_url": "- サイトに再検討を求める: {url}\n",
    "redress_email": "- サイトに連絡する: {email}\n",
    "redress_always": (
        "- 認定された裁判外紛争解決機関に申し立てる (DSA 第 21 条)\n- 裁判所に訴える\n"
    ),
    "page_title": "メールアドレスの確認",
    "page_text": (
        "このアドレスがあなたのものであることを確認するには、ボタンを押してください。"
        "その後、通知の受付と、通知に対する決定をお知らせします。"
    ),
    "page_button": "アドレスを確認する",
    "page_incomplete": "このリンクは不完全です。メールのリンクをそのまま開いてください。",
    "confirmed_heading": "アドレスを確認しました",
    "confirmed_text": "ありがとうございます。通知の受付をこのアドレスにお送りしました。",
    "failed_heading": "確認できませんでした",
    "link_not_valid": "このリンクは無効です。有効期限が切れているか、リンクの一部が欠けています。",
}

_DE: Final[dict[str, str]] = {
    "lang": "de",
    "confirm_subject": "Bestätigen Sie Ihre Adresse für Ihre Meldung an {site}",
    "confirm_body": (
        "Guten Tag,\n\n"
        "jemand, hoffentlich Sie, hat {site} gemeldet, dass der Kommentar {comment} rechtswidrig\n"
        "ist, und diese Adresse für die Antworten angegeben. Um sie zu bestätigen, öffnen Sie\n"
        "diesen Link und klicken Sie auf der Seite auf die Schaltfläche:\n\n{link}\n\n"
        "Der Link ist 48 Stunden gültig. Bis die Adresse bestätigt ist, wird nichts weiter an\n"
        "sie gesendet. Wenn Sie nichts gemeldet haben, ignorieren Sie diese E-Mail: Ohne Klick\n"
        "auf die Schaltfläche geschieht nichts.\n"
    ),
    "ack_subject": "Wir haben Ihre Meldung erhalten (Aktenzeichen {reference})",
    "ack_body": (
        "Guten Tag,\n\n"
        "wir haben Ihre Meldung zum Kommentar {comment} auf {site} erhalten, Aktenzeichen\n"
        "{reference}.\n"
        "Von Ihnen genannt: {legal_ground}\n\n"
        "Die Moderation prüft den Kommentar, und wir teilen Ihnen die Entscheidung mit.\n"
    ),
    "decision_subject": "Entscheidung über Ihre Meldung (Aktenzeichen {reference})",
    "decision_body": (
        "Guten Tag,\n\n"
        "zu Ihrer Meldung {reference} über den Kommentar {comment} auf {site}:\n\n{outcome}\n"
        "{ground}"
        "Die Entscheidung hat ein Mensch (die Moderation) getroffen, nicht ein automatisiertes\n"
        "Verfahren.\n\n"
        "{redress}"
    ),
    "outcome_removed": "Die Moderation hat den Kommentar entfernt.",
    "outcome_kept": (
        "Die Moderation hat den Kommentar geprüft und stehen lassen: Er wurde weder als\n"
        "rechtswidrig noch als Verstoß gegen die Regeln der Website eingestuft."
    ),
    "statement_subject": "Ihr Kommentar auf {site} wurde entfernt (Aktenzeichen {puid})",
    "statement_body": (
        "Guten Tag {name},\n\n"
        "Ihr Kommentar {comment} auf {site}, geschrieben am {content_date}, wurde am\n"
        "{application_date} entfernt. Dies ist die Begründung.\n\n"
        "{ground}"
        "Tatsachen und Umstände: {facts}\n\n"
        "{detection}\n{decision}\n\n"
        "{redress}\n"
        "Aktenzeichen: {puid}\n"
    ),
    "ground_illegal": "Grund: rechtswidrige Inhalte, nach {reference}.\nWarum: {explanation}\n\n",
    "ground_terms": (
        "Grund: unvereinbar mit den Nutzungsbedingungen der Website, {reference}.\n"
        "Warum: {explanation}\n\n"
    ),
    "detected_yes": "Der Kommentar wurde automatisiert erkannt (durch die Prüfungen der Website).",
    "detected_no": "Der Kommentar wurde nicht automatisiert erkannt.",
    "decided_automatically": "Die Entscheidung wurde automatisiert getroffen, ohne einen Menschen.",
    "decided_by_person": "Die Entscheidung hat ein Mensch (die Moderation) getroffen.",
    "redress_intro": "Wenn Sie mit der Entscheidung nicht einverstanden sind, können Sie:\n",
    "redress_url": "- die Website um Überprüfung bitten: {url}\n",
    "redress_email": "- der Website schreiben: {email}\n",
    "redress_always": (
        "- sich an eine zertifizierte außergerichtliche Streitbeilegungsstelle wenden\n"
        "  (Art. 21 DSA);\n"
        "- vor Gericht gehen.\n"
    ),
    "page_title": "Bestätigen Sie Ihre Adresse",
    "page_text": (
        "Klicken Sie auf die Schaltfläche, um zu bestätigen, dass diese Adresse Ihnen gehört. "
        "Wir bestätigen dann den Eingang Ihrer Meldung und teilen Ihnen die Entscheidung mit."
    ),
    "page_button": "Meine Adresse bestätigen",
    "page_incomplete": "Dieser Link ist unvollständig. Bitte öffnen Sie den ganzen Link aus der "
    "E-Mail.",
    "confirmed_heading": "Adresse bestätigt",
    "confirmed_text": "Danke. Wir haben die Eingangsbestätigung Ihrer Meldung an diese Adresse "
    "gesendet.",
    "failed_heading": "Nicht bestätigt",
    "link_not_valid": "Dieser Link ist ungültig: Er ist abgelaufen oder nicht vollständig.",
}

_FR: Final[dict[str, str]] = {
    "lang": "fr",
    "confirm_subject": "Confirmez votre adresse pour votre notification à {site}",
    "confirm_body": (
        "Bonjour,\n\n"
        "quelqu’un, sans doute vous, a notifié à {site} que le commentaire {comment} est\n"
        "illicite et a indiqué cette adresse pour les réponses. Pour la confirmer, ouvrez ce\n"
        "lien et appuyez sur le bouton de la page :\n\n{link}\n\n"
        "Le lien expire dans 48 heures. Tant que l’adresse n’est pas confirmée, rien d’autre ne\n"
        "lui est envoyé. Si vous n’avez rien notifié, ignorez ce message : rien ne se passe tant\n"
        "que le bouton n’est pas pressé.\n"
    ),
    "ack_subject": "Nous avons reçu votre notification (référence {reference})",
    "ack_body": (
        "Bonjour,\n\n"
        "nous avons reçu votre notification concernant le commentaire {comment} sur {site},\n"
        "référence {reference}.\n"
        "Vous avez invoqué : {legal_ground}\n\n"
        "Un modérateur examinera le commentaire, et nous vous écrirons pour vous faire part de\n"
        "la décision.\n"
    ),
    "decision_subject": "Décision sur votre notification (référence {reference})",
    "decision_body": (
        "Bonjour,\n\n"
        "au sujet de votre notification {reference} sur le commentaire {comment} sur {site} :\n\n"
        "{outcome}\n"
        "{ground}"
        "La décision a été prise par une personne (un modérateur), et non par des moyens\n"
        "automatisés.\n\n"
        "{redress}"
    ),
    "outcome_removed": "Un modérateur a supprimé le commentaire.",
    "outcome_kept": (
        "Un modérateur a examiné le commentaire et l’a conservé : il n’a été jugé ni illicite\n"
        "ni contraire aux règles du site."
    ),
    "statement_subject": "Votre commentaire sur {site} a été supprimé (référence {puid})",
    "statement_body": (
        "Bonjour {name},\n\n"
        "votre commentaire {comment} sur {site}, écrit le {content_date}, a été supprimé le\n"
        "{application_date}. Voici l’exposé des motifs.\n\n"
        "{ground}"
        "Faits et circonstances : {facts}\n\n"
        "{detection}\n{decision}\n\n"
        "{redress}\n"
        "Référence : {puid}\n"
    ),
    "ground_illegal": (
        "Motif : contenu illicite, au titre de {reference}.\nPourquoi : {explanation}\n\n"
    ),
    "ground_terms": (
        "Motif : incompatible avec les conditions d’utilisation du site, {reference}.\n"
        "Pourquoi : {explanation}\n\n"
    ),
    "detected_yes": (
        "Le commentaire a été détecté par des moyens automatisés (les contrôles de modération "
        "du site)."
    ),
    "detected_no": "Le commentaire n’a pas été détecté par des moyens automatisés.",
    "decided_automatically": (
        "La décision a été prise par des moyens automatisés, sans intervention humaine."
    ),
    "decided_by_person": "La décision a été prise par une personne (un modérateur).",
    "redress_intro": "Si vous contestez la décision, vous pouvez :\n",
    "redress_url": "- demander au site de la réexaminer : {url}\n",
    "redress_email": "- écrire au site : {email}\n",
    "redress_always": (
        "- saisir un organisme certifié de règlement extrajudiciaire des litiges (art. 21 DSA) ;\n"
        "- saisir la justice.\n"
    ),
    "page_title": "Confirmez votre adresse",
    "page_text": (
        "Appuyez sur le bouton pour confirmer que cette adresse est la vôtre. Nous accuserons "
        "alors réception de votre notification et vous informerons de la décision prise."
    ),
    "page_button": "Confirmer mon adresse",
    "page_incomplete": "Ce lien est incomplet. Veuillez ouvrir le lien entier depuis le message.",
    "confirmed_heading": "Adresse confirmée",
    "confirmed_text": "Merci. Nous avons envoyé l’accusé de réception de votre notification à "
    "cette adresse.",
    "failed_heading": "Adresse non confirmée",
    "link_not_valid": "Ce lien n’est pas valable : il a expiré ou il est incomplet.",
}

_ES: Final[dict[str, str]] = {
    "lang": "es",
    "confirm_subject": "Confirma tu dirección para tu notificación a {site}",
    "confirm_body": (
        "Hola:\n\n"
        "alguien, seguramente tú, ha notificado a {site} que el comentario {comment} es ilegal\n"
        "y ha indicado esta dirección para las respuestas. Para confirmarla, abre este enlace\n"
        "y pulsa el botón de la página:\n\n{link}\n\n"
        "El enlace caduca en 48 horas. Hasta que se confirme la dirección no se le enviará\n"
        "nada más. Si no has enviado ninguna notificación, ignora este correo: no pasa nada si\n"
        "no se pulsa el botón.\n"
    ),
    "ack_subject": "Hemos recibido tu notificación (referencia {reference})",
    "ack_body": (
        "Hola:\n\n"
        "hemos recibido tu notificación sobre el comentario {comment} en {site}, referencia\n"
        "{reference}.\n"
        "Has indicado: {legal_ground}\n\n"
        "Un moderador revisará el comentario y te escribiremos con la decisión.\n"
    ),
    "decision_subject": "Decisión sobre tu notificación (referencia {reference})",
    "decision_body": (
        "Hola:\n\n"
        "sobre tu notificación {reference} relativa al comentario {comment} en {site}:\n\n"
        "{outcome}\n"
        "{ground}"
        "La decisión la ha tomado una persona (un moderador), no un medio automatizado.\n\n"
        "{redress}"
    ),
    "outcome_removed": "Un moderador ha retirado el comentario.",
    "outcome_kept": (
        "Un moderador ha revisado el comentario y lo ha mantenido: no se ha considerado ilegal\n"
        "ni contrario a las normas del sitio."
    ),
    "statement_subject": "Se ha retirado tu comentario en {site} (referencia {puid})",
    "statement_body": (
        "Hola, {name}:\n\n"
        "tu comentario {comment} en {site}, escrito el {content_date}, se retiró el\n"
        "{application_date}. Esta es la declaración de motivos.\n\n"
        "{ground}"
        "Hechos y circunstancias: {facts}\n\n"
        "{detection}\n{decision}\n\n"
        "{redress}\n"
        "Referencia: {puid}\n"
    ),
    "ground_illegal": (
        "Fundamento: contenido ilegal, en virtud de {reference}.\nMotivo: {explanation}\n\n"
    ),
    "ground_terms": (
        "Fundamento: incompatible con las condiciones del sitio, {reference}.\n"
        "Motivo: {explanation}\n\n"
    ),
    "detected_yes": (
        "El comentario se detectó por medios automatizados (los controles de moderación del sitio)."
    ),
    "detected_no": "El comentario no se detectó por medios automatizados.",
    "decided_automatically": "La decisión se tomó por medios automatizados, sin una persona.",
    "decided_by_person": "La decisión la tomó una persona (un moderador).",
    "redress_intro": "Si no estás de acuerdo con la decisión, puedes:\n",
    "redress_url": "- pedir al sitio que la revise: {url}\n",
    "redress_email": "- escribir al sitio: {email}\n",
    "redress_always": (
        "- acudir a un órgano certificado de resolución extrajudicial de litigios\n"
        "  (art. 21 DSA);\n"
        "- acudir a los tribunales.\n"
    ),
    "page_title": "Confirma tu dirección",
    "page_text": (
        "Pulsa el botón para confirmar que esta dirección es tuya. Después acusaremos recibo "
        "de tu notificación y te comunicaremos la decisión."
    ),
    "page_button": "Confirmar mi dirección",
    "page_incomplete": "Este enlace está incompleto. Abre el enlace completo del correo.",
    "confirmed_heading": "Dirección confirmada",
    "confirmed_text": "Gracias. Hemos enviado el acuse de recibo de tu notificación a esta "
    "dirección.",
    "failed_heading": "No confirmada",
    "link_not_valid": "Este enlace no es válido: ha caducado o no está completo.",
}

_AR: Final[dict[str, str]] = {
    "lang": "ar",
    "confirm_subject": "أكِّد عنوانك لإشعارك المرسل إلى {site}",
    "confirm_body": (
        "مرحبًا،\n\n"
        "أرسل شخصٌ ما، ونرجو أن تكون أنت، إشعارًا إلى {site} بأن التعليق {comment} غير قانوني،\n"
        "وحدّد هذا العنوان لتلقّي الردود. لتأكيده افتح هذا الرابط واضغط الزر في الصفحة:\n\n"
        "{link}\n\n"
        "تنتهي صلاحية الرابط بعد 48 ساعة. لن يُرسل إلى هذا العنوان شيء آخر قبل تأكيده. إن لم\n"
        "ترسل أي إشعار، فتجاهل هذه الرسالة: لن يحدث شيء ما لم يُضغط الزر.\n"
    ),
    "ack_subject": "تلقّينا إشعارك (المرجع {reference})",
    "ack_body": (
        "مرحبًا،\n\n"
        "تلقّينا إشعارك بشأن التعليق {comment} على {site}، ومرجعه {reference}.\n"
        "السند الذي ذكرته: {legal_ground}\n\n"
        "سيراجع أحد المشرفين التعليق، وسنراسلك بالقرار.\n"
    ),
    "decision_subject": "القرار بشأن إشعارك (المرجع {reference})",
    "decision_body": (
        "مرحبًا،\n\n"
        "بشأن إشعارك {reference} عن التعليق {comment} على {site}:\n\n{outcome}\n"
        "{ground}"
        "اتخذ القرارَ شخصٌ (مشرف)، لا وسيلة آلية.\n\n"
        "{redress}"
    ),
    "outcome_removed": "أزال أحد المشرفين التعليق.",
    "outcome_kept": (
        "راجع أحد المشرفين التعليق وأبقاه: لم يتبيّن أنه غير قانوني\nولا أنه يخالف قواعد الموقع."
    ),
    "statement_subject": "أُزيل تعليقك على {site} (المرجع {puid})",
    "statement_body": (
        "مرحبًا {name}،\n\n"
        "أُزيل تعليقك {comment} على {site}، المكتوب في {content_date}، بتاريخ\n"
        "{application_date}. وهذا بيان الأسباب.\n\n"
        "{ground}"
        "الوقائع والملابسات: {facts}\n\n"
        "{detection}\n{decision}\n\n"
        "{redress}\n"
        "المرجع: {puid}\n"
    ),
    "ground_illegal": "الأساس: محتوى غير قانوني، بموجب {reference}.\nالسبب: {explanation}\n\n",
    "ground_terms": "الأساس: مخالف لشروط الموقع، {reference}.\nالسبب: {explanation}\n\n",
    "detected_yes": "اكتُشف التعليق بوسائل آلية (فحوص الإشراف في الموقع).",
    "detected_no": "لم يُكتشف التعليق بوسائل آلية.",
    "decided_automatically": "اتُّخذ القرار بوسائل آلية، دون تدخّل بشري.",
    "decided_by_person": "اتخذ القرارَ شخصٌ (مشرف).",
    "redress_intro": "إن لم توافق على القرار، يمكنك:\n",
    "redress_url": "- أن تطلب من الموقع مراجعته: {url}\n",
    "redress_email": "- أن تراسل الموقع: {email}\n",
    "redress_always": (
        "- أن تلجأ إلى هيئة معتمدة لتسوية النزاعات خارج القضاء (المادة 21 من قانون الخدمات\n"
        "  الرقمية)؛\n"
        "- أن تلجأ إلى القضاء.\n"
    ),
    "page_title": "تأكيد عنوانك",
    "page_text": (
        "اضغط الزر لتأكيد أن هذا العنوان لك. وبعدها سنؤكّد استلام إشعارك ونبلغك بالقرار "
        "المتخذ بشأنه."
    ),
    "page_button": "تأكيد عنواني",
    "page_incomplete": "هذا الرابط ناقص. يُرجى فتح الرابط كاملًا من الرسالة.",
    "confirmed_heading": "تأكّد العنوان",
    "confirmed_text": "شكرًا لك. أرسلنا تأكيد استلام إشعارك إلى هذا العنوان.",
    "failed_heading": "لم يتأكّد العنوان",
    "link_not_valid": "هذا الرابط غير صالح: انتهت صلاحيته أو أنه ناقص.",
}

CATALOGUES: Final[dict[str, dict[str, str]]] = {
    "en": _EN, "ja": _JA, "de": _DE, "fr": _FR, "es": _ES, "ar": _AR,
}  # fmt: skip
Translate = Callable[..., str]


def translator(tag: str | None) -> Translate:
    """`t("ack_subject", reference="news-notice-7")` in the language of `tag` (English by
    default)."""
    catalogue = CATALOGUES[language(tag)]

    def t(key: str, **fields: object) -> str:
        return catalogue[key].format(**fields)

    return t
