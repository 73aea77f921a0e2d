"""The strings of the staff sign-in with the newsroom's OpenID Connect provider
(http/admin/oidc.py)."""

from __future__ import annotations

from rejoinder.i18n.admin import register

register(
    en={"oidc_failed": "Sign-in did not work", "oidc_back": "Back to the sign-in page"},
    ja={"oidc_failed": "ログインできませんでした", "oidc_back": "ログイン画面へ戻る"},
    de={"oidc_failed": "Die Anmeldung hat nicht geklappt", "oidc_back": "Zurück zur Anmeldung"},
    fr={"oidc_failed": "La connexion a échoué", "oidc_back": "Retour à la page de connexion"},
    es={"oidc_failed": "No se pudo iniciar sesión", "oidc_back": "Volver al inicio de sesión"},
    ar={"oidc_failed": "تعذّر تسجيل الدخول", "oidc_back": "العودة إلى صفحة تسجيل الدخول"},
)
