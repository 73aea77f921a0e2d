"""The words of account mail (confirm a sign-up, reset a password, "someone used your
address") and of the pages their links open (http/account_pages.py).

Plain text with `{name}` fields (`str.format`); what fills them is shown as written (mail
bodies are plain text, SECURITY 21). Every catalogue has English's keys and fields
(tests/unit/test_catalogues.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from rejoinder.i18n.locales import language

_EN: Final[dict[str, str]] = {
    "lang": "en",
    "verify_subject": "Confirm your email address",
    "verify_body": (
        "Hello {name},\n\n"
        "someone, hopefully you, signed up to comment at {site} with this\n"
        "address. To confirm it, open this link and press the button on the page:\n\n"
        "{link}\n\n"
        "The link works once and expires in 48 hours. If you did not sign up, ignore this\n"
        "mail: nothing happens unless the button is pressed.\n"
    ),
    "reset_subject": "Reset your password",
    "reset_body": (
        "Hello {name},\n\n"
        "to choose a new password for {site}, open this link:\n\n"
        "{link}\n\n"
        "The link works once and expires in one hour. Choosing a new password signs you out\n"
        "everywhere. If you did not ask for this, ignore this mail: your password stays.\n"
    ),
    "taken_subject": "Someone tried to sign up with your address",
    "taken_body": (
        "Hello {name},\n\n"
        "someone tried to sign up at {site} with this address, which\n"
        "already has an account. Nothing was changed. If it was you, sign in as usual, or ask\n"
        "for a password reset if you have forgotten your password.\n"
    ),
    # the pages
    "verify_title": "Confirm your email address",
    "verify_text": "Press the button to confirm that this address is yours. Then you can sign "
    "in and comment.",
    "verify_button": "Confirm my address",
    "incomplete": "This link is incomplete. Please open the whole link from the mail, or ask "
    "for a new one.",
    "not_confirmed": "Not confirmed",
    "confirmed_heading": "Address confirmed",
    "confirmed_text": "Thank you. You can now sign in and comment.",
    "reset_title": "Choose a new password",
    "reset_text": "Choosing a new password signs you out everywhere; then sign in with the new "
    "one.",
    "reset_password": "New password (10 to 200 characters)",
    "reset_again": "The same password again",
    "reset_button": "Set the new password",
    "reset_failed": "Password not changed",
    "reset_done_heading": "Password changed",
    "reset_done_text": "You are signed out everywhere. Sign in with the new password.",
    "passwords_differ": "The two passwords are not the same.",
    "link_not_valid": "This link is not valid any more: it was used already or has expired.",
}

_JA: Final[dict[str, str]] = {
    "lang": "ja",
    "verify_subject": "メールアドレスを確認してください",
    "verify_body": (
        "{name} さん\n\n"
        "どなたか、おそらくあなたが、このアドレスで {site} のコメント用アカウントを登録しました。\n"
        "確認するには、次のリンクを開き、ページのボタンを押してください。\n\n"
        "{link}\n\n"
        "リンクは1回だけ使え、48時間で有効期限が切れます。登録していない場合は、このメールを\n"
        "無視してください。ボタンを押さない限り何も起こりません。\n"
    ),
    "reset_subject": "パスワードの再設定",
    "reset_body": (
        "{name} さん\n\n"
        "{site} の新しいパスワードを設定するには、次のリンクを開いてください。\n\n"
        "{link}\n\n"
        "リンクは1回だけ使え、1時間で有効期限が切れます。新しいパスワードを設定すると、すべての\n"
        "端末でログアウトします。依頼していない場合は、このメールを無視してください。"
        "パスワードは変わりません。\n"
    ),
    "taken_subject": "あなたのアドレスで登録しようとした人がいます",
    "taken_body": (
        "{name} さん\n\n"
        "どなたかが、すでにアカウントのあるこのアドレスで {site} に登録しようとしました。\n"
        "何も変更されていません。ご自身の場合は通常どおりログインするか、パスワードを忘れた\n"
        "場合は再設定を依頼してください。\n"
    ),
    "verify_title": "メールアドレスの確認",
    "verify_text": "このアドレスがあなたのものであることを確認するには、ボタンを押してください。"
    "その後、ログインしてコメントできます。",
    "verify_button": "アドレスを確認する",
    "incomplete": "このリンクは不完全です。メールのリンクをそのまま開くか、新しいリンクを"
    "依頼してください。",
    "not_confirmed": "確認できませんでした",
    "confirmed_heading": "アドレスを確認しました",
    "confirmed_text": "ありがとうございます。ログインしてコメントできます。",
    "reset_title": "新しいパスワードの設定",
    "reset_text": "新しいパスワードを設定すると、すべての端末でログアウトします。"
    "その後、新しいパスワードでログインしてください。",
    "reset_password": "新しいパスワード(10〜200文字)",
    "reset_again": "もう一度同じパスワード",
    "reset_button": "新しいパスワードを設定",
    "reset_failed": "パスワードは変更されていません",
    "reset_done_heading": "パスワードを変更しました",
    "reset_done_text": "すべての端末でログアウトしました。新しいパスワードでログインしてください。",
    "passwords_differ": "2つのパスワードが一致しません。",
    "link_not_valid": "このリンクはもう使えません。使用済みか、有効期限が切れています。",
}

_DE: Final[dict[str, str]] = {
    "lang": "de",
    "verify_subject": "Bestätigen Sie Ihre E-Mail-Adresse",
    "verify_body": (
        "Guten Tag {name},\n\n"
        "jemand, hoffentlich Sie, hat sich mit dieser Adresse zum Kommentieren auf {site}\n"
        "registriert. Um sie zu bestätigen, öffnen Sie diesen Link und klicken Sie auf der\n"
        "Seite auf die Schaltfläche:\n\n"
        "{link}\n\n"
        "Der Link funktioniert einmal und ist 48 Stunden gültig. Wenn Sie sich nicht registriert\n"
        "haben, ignorieren Sie diese E-Mail: Ohne Klick auf die Schaltfläche geschieht nichts.\n"
    ),
    "reset_subject": "Passwort zurücksetzen",
    "reset_body": (
        "Guten Tag {name},\n\n"
        "um ein neues Passwort für {site} zu wählen, öffnen Sie diesen Link:\n\n"
        "{link}\n\n"
        "Der Link funktioniert einmal und ist eine Stunde gültig. Mit einem neuen Passwort werden\n"
        "Sie überall abgemeldet. Wenn Sie das nicht angefordert haben, ignorieren Sie diese\n"
        "E-Mail: Ihr Passwort bleibt, wie es ist.\n"
    ),
    "taken_subject": "Jemand wollte sich mit Ihrer Adresse registrieren",
    "taken_body": (
        "Guten Tag {name},\n\n"
        "jemand wollte sich auf {site} mit dieser Adresse registrieren, zu der es bereits ein\n"
        "Konto gibt. Es wurde nichts geändert. Wenn Sie es waren, melden Sie sich wie gewohnt an,\n"
        "oder fordern Sie ein neues Passwort an, falls Sie Ihres vergessen haben.\n"
    ),
    "verify_title": "Bestätigen Sie Ihre E-Mail-Adresse",
    "verify_text": "Klicken Sie auf die Schaltfläche, um zu bestätigen, dass diese Adresse "
    "Ihnen gehört. Danach können Sie sich anmelden und kommentieren.",
    "verify_button": "Meine Adresse bestätigen",
    "incomplete": "Dieser Link ist unvollständig. Bitte öffnen Sie den ganzen Link aus der "
    "E-Mail oder fordern Sie einen neuen an.",
    "not_confirmed": "Nicht bestätigt",
    "confirmed_heading": "Adresse bestätigt",
    "confirmed_text": "Danke. Sie können sich jetzt anmelden und kommentieren.",
    "reset_title": "Neues Passwort wählen",
    "reset_text": "Mit einem neuen Passwort werden Sie überall abgemeldet; melden Sie sich dann "
    "mit dem neuen an.",
    "reset_password": "Neues Passwort (10 bis 200 Zeichen)",
    "reset_again": "Dasselbe Passwort noch einmal",
    "reset_button": "Neues Passwort festlegen",
    "reset_failed": "Passwort nicht geändert",
    "reset_done_heading": "Passwort geändert",
    "reset_done_text": "Sie sind überall abgemeldet. Melden Sie sich mit dem neuen Passwort an.",
    "passwords_differ": "Die beiden Passwörter stimmen nicht überein.",
    "link_not_valid": "Dieser Link gilt nicht mehr: Er wurde schon benutzt oder ist abgelaufen.",
}

_FR: Final[dict[str, str]] = {
    "lang": "fr",
    "verify_subject": "Confirmez votre adresse e-mail",
    "verify_body": (
        "Bonjour {name},\n\n"
        "quelqu’un, sans doute vous, s’est inscrit avec cette adresse pour commenter sur\n"
        "{site}. Pour la confirmer, ouvrez ce lien et appuyez sur le bouton de la page :\n\n"
        "{link}\n\n"
        "Le lien ne sert qu’une fois et expire dans 48 heures. Si vous ne vous êtes pas inscrit,\n"
        "ignorez ce message : rien ne se passe tant que le bouton n’est pas pressé.\n"
    ),
    "reset_subject": "Réinitialisez votre mot de passe",
    "reset_body": (
        "Bonjour {name},\n\n"
        "pour choisir un nouveau mot de passe pour {site}, ouvrez ce lien :\n\n"
        "{link}\n\n"
        "Le lien ne sert qu’une fois et expire dans une heure. Choisir un nouveau mot de passe\n"
        "vous déconnecte partout. Si vous n’avez rien demandé, ignorez ce message : votre mot de\n"
        "passe reste le même.\n"
    ),
    "taken_subject": "Quelqu’un a tenté de s’inscrire avec votre adresse",
    "taken_body": (
        "Bonjour {name},\n\n"
        "quelqu’un a tenté de s’inscrire sur {site} avec cette adresse, qui a déjà un compte.\n"
        "Rien n’a été modifié. Si c’était vous, connectez-vous comme d’habitude, ou demandez\n"
        "une réinitialisation si vous avez oublié votre mot de passe.\n"
    ),
    "verify_title": "Confirmez votre adresse e-mail",
    "verify_text": "Appuyez sur le bouton pour confirmer que cette adresse est la vôtre. Vous "
    "pourrez ensuite vous connecter et commenter.",
    "verify_button": "Confirmer mon adresse",
    "incomplete": "Ce lien est incomplet. Veuillez ouvrir le lien entier depuis le message, ou "
    "en demander un nouveau.",
    "not_confirmed": "Adresse non confirmée",
    "confirmed_heading": "Adresse confirmée",
    "confirmed_text": "Merci. Vous pouvez maintenant vous connecter et commenter.",
    "reset_title": "Choisissez un nouveau mot de passe",
    "reset_text": "Choisir un nouveau mot de passe vous déconnecte partout ; connectez-vous "
    "ensuite avec le nouveau.",
    "reset_password": "Nouveau mot de passe (10 à 200 caractères)",
    "reset_again": "Le même mot de passe, une seconde fois",
    "reset_button": "Enregistrer le nouveau mot de passe",
    "reset_failed": "Mot de passe inchangé",
    "reset_done_heading": "Mot de passe modifié",
    "reset_done_text": "Vous êtes déconnecté partout. Connectez-vous avec le nouveau mot de passe.",
    "passwords_differ": "Les deux mots de passe ne sont pas identiques.",
    "link_not_valid": "Ce lien n’est plus valable : il a déjà servi ou il a expiré.",
}

_ES: Final[dict[str, str]] = {
    "lang": "es",
    "verify_subject": "Confirma tu dirección de correo",
    "verify_body": (
        "Hola, {name}:\n\n"
        "alguien, seguramente tú, se ha registrado con esta dirección para comentar en\n"
        "{site}. Para confirmarla, abre este enlace y pulsa el botón de la página:\n\n"
        "{link}\n\n"
        "El enlace solo funciona una vez y caduca en 48 horas. Si no te has registrado, ignora\n"
        "este correo: no pasa nada si no se pulsa el botón.\n"
    ),
    "reset_subject": "Restablece tu contraseña",
    "reset_body": (
        "Hola, {name}:\n\n"
        "para elegir una contraseña nueva para {site}, abre este enlace:\n\n"
        "{link}\n\n"
        "El enlace solo funciona una vez y caduca en una hora. Al elegir una contraseña nueva se\n"
        "cierran todas tus sesiones. Si no lo has pedido, ignora este correo: tu contraseña no\n"
        "cambia.\n"
    ),
    "taken_subject": "Alguien ha intentado registrarse con tu dirección",
    "taken_body": (
        "Hola, {name}:\n\n"
        "alguien ha intentado registrarse en {site} con esta dirección, que ya tiene una cuenta.\n"
        "No se ha cambiado nada. Si has sido tú, inicia sesión como siempre, o pide restablecer\n"
        "la contraseña si la has olvidado.\n"
    ),
    "verify_title": "Confirma tu dirección de correo",
    "verify_text": "Pulsa el botón para confirmar que esta dirección es tuya. Después podrás "
    "iniciar sesión y comentar.",
    "verify_button": "Confirmar mi dirección",
    "incomplete": "Este enlace está incompleto. Abre el enlace completo del correo o pide uno "
    "nuevo.",
    "not_confirmed": "No confirmada",
    "confirmed_heading": "Dirección confirmada",
    "confirmed_text": "Gracias. Ya puedes iniciar sesión y comentar.",
    "reset_title": "Elige una contraseña nueva",
    "reset_text": "Al elegir una contraseña nueva se cierran todas tus sesiones; después inicia "
    "sesión con la nueva.",
    "reset_password": "Contraseña nueva (de 10 a 200 caracteres)",
    "reset_again": "La misma contraseña otra vez",
    "reset_button": "Guardar la contraseña nueva",
    "reset_failed": "La contraseña no ha cambiado",
    "reset_done_heading": "Contraseña cambiada",
    "reset_done_text": "Se han cerrado todas tus sesiones. Inicia sesión con la contraseña nueva.",
    "passwords_differ": "Las dos contraseñas no coinciden.",
    "link_not_valid": "Este enlace ya no es válido: ya se ha usado o ha caducado.",
}

_AR: Final[dict[str, str]] = {
    "lang": "ar",
    "verify_subject": "أكِّد عنوان بريدك الإلكتروني",
    "verify_body": (
        "مرحبًا {name}،\n\n"
        "سجّل شخصٌ ما، ونرجو أن تكون أنت، بهذا العنوان للتعليق على {site}.\n"
        "لتأكيده افتح هذا الرابط واضغط الزر في الصفحة:\n\n"
        "{link}\n\n"
        "يعمل الرابط مرة واحدة وتنتهي صلاحيته بعد 48 ساعة. إن لم تكن قد سجّلت، فتجاهل هذه\n"
        "الرسالة: لن يحدث شيء ما لم يُضغط الزر.\n"
    ),
    "reset_subject": "إعادة تعيين كلمة المرور",
    "reset_body": (
        "مرحبًا {name}،\n\n"
        "لاختيار كلمة مرور جديدة لـ {site}، افتح هذا الرابط:\n\n"
        "{link}\n\n"
        "يعمل الرابط مرة واحدة وتنتهي صلاحيته بعد ساعة. اختيار كلمة مرور جديدة يُخرجك من كل\n"
        "الأجهزة. إن لم تطلب ذلك، فتجاهل هذه الرسالة: تبقى كلمة مرورك كما هي.\n"
    ),
    "taken_subject": "حاول شخصٌ ما التسجيل بعنوانك",
    "taken_body": (
        "مرحبًا {name}،\n\n"
        "حاول شخصٌ ما التسجيل في {site} بهذا العنوان، وله حساب من قبل. لم يتغيّر شيء.\n"
        "إن كنت أنت، فسجّل الدخول كالمعتاد، أو اطلب إعادة تعيين كلمة المرور إن نسيتها.\n"
    ),
    "verify_title": "تأكيد عنوان بريدك الإلكتروني",
    "verify_text": "اضغط الزر لتأكيد أن هذا العنوان لك. وبعدها يمكنك تسجيل الدخول والتعليق.",
    "verify_button": "تأكيد عنواني",
    "incomplete": "هذا الرابط ناقص. يُرجى فتح الرابط كاملًا من الرسالة، أو طلب رابط جديد.",
    "not_confirmed": "لم يتأكّد العنوان",
    "confirmed_heading": "تأكّد العنوان",
    "confirmed_text": "شكرًا لك. يمكنك الآن تسجيل الدخول والتعليق.",
    "reset_title": "اختر كلمة مرور جديدة",
    "reset_text": "اختيار كلمة مرور جديدة يُخرجك من كل الأجهزة؛ ثم سجّل الدخول بالجديدة.",
    "reset_password": "كلمة المرور الجديدة (من 10 إلى 200 حرف)",
    "reset_again": "كلمة المرور نفسها مرة أخرى",
    "reset_button": "تعيين كلمة المرور الجديدة",
    "reset_failed": "لم تتغيّر كلمة المرور",
    "reset_done_heading": "تغيّرت كلمة المرور",
    "reset_done_text": "خرجت من كل الأجهزة. سجّل الدخول بكلمة المرور الجديدة.",
    "passwords_differ": "كلمتا المرور غير متطابقتين.",
    "link_not_valid": "هذا الرابط لم يعد صالحًا: استُخدم من قبل أو انتهت صلاحيته.",
}

CATALOGUES: Final[dict[str, dict[str, str]]] = {
    "en": _EN, "ja": _JA, "de": _DE, "fr": _FR, "es": _ES, "ar": _AR,
}  # fmt: skip
Translate = Callable[..., str]


def translator(tag: str | None) -> Translate:
    """`t("verify_subject")` or `t("reset_body", name=..., site=..., link=...)` in the
    language of `tag` (English by default)."""
    catalogue = CATALOGUES[language(tag)]

    def t(key: str, **fields: object) -> str:
        return catalogue[key].format(**fields) if fields else catalogue[key]

    return t
