"""Site administration: `/admin/sites/{site}/settings`, `.../moderators` and `/admin/tokens`.

Settings and tokens are for admins; a site's moderators may see who moderates it. The settings
form names each field by its settings path (`moderation.thresholds.toxicity.hold`), so a refusal
from `sites.update` (the validation `rejoinder site update` uses) is shown next to the field it
is about, with what the admin typed. The advanced editor takes the settings as JSON.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from rejoinder.domain.errors import BadRequest, Invalid
from rejoinder.http.admin.common import Form, Staff, StaffDep, read_form, redirect, render
from rejoinder.http.deps import RuntimeDep, SessionDep
from rejoinder.http.params import IdPath
from rejoinder.i18n.admin import register
from rejoinder.services import site_admin
from rejoinder.services.access import acts_as_admin
from rejoinder.services.site_admin import SettingsEdit, SiteSettingsView, SsoEdit

router = APIRouter()
SitePath = Annotated[str, Path(min_length=1, max_length=63)]
CATEGORIES = site_admin.THRESHOLD_CATEGORIES
LIMITS = site_admin.THRESHOLD_LIMITS
MAX_NUMBER_CHARS = 30


@dataclass(frozen=True)
class Field:
    name: str  # the settings path
    kind: str  # text | lines | bool | int | int? | float | float? | many


_TOP = [
    Field("name", "text"), Field("allowed_origins", "lines"), Field("allow_guests", "bool"),
    Field("allow_accounts", "bool"), Field("hold_new_sso_accounts", "bool"),
    Field("account_deletion", "text"), Field("edit_window_seconds", "int"),
    Field("delete_window_seconds", "int"), Field("close_after_days", "int?"),
    Field("reactions_enabled", "bool"),
]  # fmt: skip
_MODERATION = [
    Field("moderation.mode", "text"), Field("moderation.phases", "many"),
    Field("moderation.nudge_enabled", "bool"), Field("moderation.banned_words", "lines"),
    Field("moderation.suspect_words", "lines"), Field("moderation.allowed_link_hosts", "lines"),
    Field("moderation.min_length", "int"), Field("moderation.max_length", "int"),
    Field("moderation.max_links", "int"), Field("moderation.new_account_seconds", "float"),
    *(Field(f"moderation.thresholds.{c}.{lim}", "float?") for c in CATEGORIES for lim in LIMITS),
]  # fmt: skip
_SSO = [
    Field("sso.on", "bool"), Field("sso.issuer", "text"), Field("sso.audience", "text"),
    Field("sso.max_role", "text"), Field("sso.allowed_badges", "lines"),
    Field("sso.leeway_seconds", "int?"), Field("sso.remove", "many"),
    Field("sso.new_kid", "text"), Field("sso.new_alg", "text"), Field("sso.new_material", "text"),
]  # fmt: skip
FIELDS = [*_TOP, *_MODERATION, *_SSO]
# Where a refusal about a whole group is shown (`sso: keys: ...`, `moderation.thresholds: ...`).
SLOTS = [field.name for field in FIELDS] + ["moderation", "moderation.thresholds", "sso"]
SECRET_FIELDS = frozenset({"sso.new_material"})  # never written back into a page

register(
    {
        "sa_site_nav": "Site pages", "sa_settings_title": "Settings · {site}",
        "sa_saved": "Saved.", "sa_fix": "The settings were not saved:",
        "sa_fix_fields": "Please correct the fields marked below.",
        "sa_general": "Site", "sa_name": "Name", "sa_origins": "Allowed origins",
        "sa_origins_help": "One per line, like https://news.example. Only pages on these "
        "origins may post comments.",
        "sa_participation": "Who may comment",
        "sa_allow_guests": "Guests may comment with only a name",
        "sa_allow_accounts": "Readers may sign up and sign in with an account",
        "sa_hold_new_sso": "Hold the first comments of readers signed in by single sign-on",
        "sa_account_deletion": "When readers delete their account",
        "sa_tombstone": "their comments become tombstones (text removed)",
        "sa_anonymise": "their comments stay, by “deleted account”",
        "sa_timing": "Editing, closing and reactions", "sa_edit_window": "Edit window (seconds)",
        "sa_delete_window": "Delete window (seconds)",
        "sa_close_after": "Close stories to new comments after (days; empty: never)",
        "sa_reactions": "Readers may like comments", "sa_moderation": "Moderation",
        "sa_mode": "Mode",
        "sa_mode_post": "Publish at once; hold what the checks question (post-moderation)",
        "sa_mode_pre": "Hold every comment for a moderator (pre-moderation)",
        "sa_phases": "Checks, in the order they run",
        "sa_nudge": "Ask authors to reconsider borderline comments",
        "sa_thresholds": "Model thresholds",
        "sa_thresholds_help": "Numbers from 0 to 1. An empty hold uses the model's own "
        "threshold; an empty reject or nudge turns it off.",
        "sa_category": "Category", "sa_hold": "Hold", "sa_reject": "Reject",
        "sa_nudge_at": "Nudge",
        "sa_banned_words": "Words that reject a comment (one per line)",
        "sa_suspect_words": "Words that hold a comment (one per line)",
        "sa_link_hosts": "Link hosts allowed (one per line; empty: any)",
        "sa_min_length": "Shortest comment (characters)",
        "sa_max_length": "Longest comment (characters)",
        "sa_max_links": "Most links in one comment",
        "sa_new_account": "An account counts as new for (seconds)",
        "sa_sso": "Single sign-on",
        "sa_sso_on": "Readers sign in with the publisher's single sign-on",
        "sa_sso_issuer": "Issuer (iss)", "sa_sso_audience": "Audience (aud)",
        "sa_sso_max_role": "Highest role a token may give", "sa_role_reader": "Reader",
        "sa_role_moderator": "Moderator", "sa_sso_badges": "Badges tokens may give (one per line)",
        "sa_sso_leeway": "Clock skew allowed (seconds)", "sa_sso_keys": "Keys",
        "sa_sso_remove": "Remove key {kid} ({alg})", "sa_sso_no_keys": "No keys yet.",
        "sa_sso_new_key": "Add a key", "sa_sso_kid": "Key id (kid)",
        "sa_sso_alg": "Algorithm",
        "sa_sso_material": "HS256 shared secret (32 bytes or more) or RS256 public key (PEM)",
        "sa_sso_material_note": "A secret is never shown again: if the form comes back with "
        "an error, type it again.",
        "sa_save": "Save settings", "sa_json_view": "All settings as stored (JSON)",
        "sa_json_note": "Moderation settings not listed use their defaults "
        "(docs/moderation.md). Secrets are masked.",
        "sa_json_edit": "Edit the settings as JSON (advanced)",
        "sa_json_label": "Settings (JSON)",
        "sa_json_help": "Keys left out keep their values; a masked secret keeps the stored one.",
        "sa_json_save": "Save JSON", "sa_moderators": "Moderators",
        "sa_moderators_title": "Moderators · {site}",
        "sa_no_moderators": "This site has no moderators yet; administrators moderate every site.",
        "sa_since": "Since", "sa_account": "Account", "sa_appoint": "Appoint a moderator",
        "sa_who": "Display name or email of the account", "sa_appoint_button": "Appoint",
        "sa_remove": "Remove", "sa_remove_label": "Remove {name} as a moderator",
        "sa_appointed": "The moderator was appointed.", "sa_removed": "The moderator was removed.",
        "sa_admins_only": "Only administrators can appoint or remove moderators.",
        "sa_tokens": "API tokens",
        "sa_tokens_intro": "A token acts as its account, for a newsroom's own tools. Send it as "
        "“Authorization: Bearer rjt_…”.",
        "sa_token_name": "What it is for", "sa_token_created": "Created",
        "sa_token_used": "Last used", "sa_never": "never", "sa_no_tokens": "No live tokens.",
        "sa_create_token": "Create a token",
        "sa_token_for": "Account it acts as (display name or email)", "sa_create": "Create",
        "sa_revoke": "Revoke", "sa_revoke_label": "Revoke token {name}",
        "sa_revoked": "The token was revoked; it no longer works.",
        "sa_secret_once": "Token “{name}” for {owner} is ready. Copy it now: it is not shown "
        "again.",
        "sa_secret_label": "Secret",
    },
    {
        "sa_site_nav": "サイトのページ", "sa_settings_title": "設定 · {site}",
        "sa_saved": "保存しました。", "sa_fix": "設定は保存されていません:",
        "sa_fix_fields": "下の印の付いた項目を直してください。",
        "sa_general": "サイト", "sa_name": "名前", "sa_origins": "許可するオリジン",
        "sa_origins_help": "1行に1つ(例: https://news.example)。これらのオリジンのページだけが"
        "コメントを投稿できます。",
        "sa_participation": "コメントできる人",
        "sa_allow_guests": "ゲストが名前だけでコメントできる",
        "sa_allow_accounts": "読者がアカウントを作成してログインできる",
        "sa_hold_new_sso": "シングルサインオンの読者の最初のコメントを保留する",
        "sa_account_deletion": "読者がアカウントを削除したとき",
        "sa_tombstone": "コメントを削除済み表示にする(本文を消去)",
        "sa_anonymise": "コメントを残し、投稿者を「削除されたアカウント」と表示する",
        "sa_timing": "編集・受付終了・リアクション", "sa_edit_window": "編集できる時間(秒)",
        "sa_delete_window": "削除できる時間(秒)",
        "sa_close_after": "記事のコメント受付を終了するまでの日数(空欄: 終了しない)",
        "sa_reactions": "コメントへの「いいね」を有効にする", "sa_moderation": "モデレーション",
        "sa_mode": "モード",
        "sa_mode_post": "すぐに公開し、チェックで疑わしいものを保留する(事後モデレーション)",
        "sa_mode_pre": "すべてのコメントをモデレーターの確認まで保留する(事前モデレーション)",
        "sa_phases": "チェック(実行順)",
        "sa_nudge": "際どいコメントの投稿者に再考を促す",
        "sa_thresholds": "モデルのしきい値",
        "sa_thresholds_help": "0〜1 の数値。保留が空欄ならモデル既定のしきい値、"
        "却下・再考が空欄なら無効です。",
        "sa_category": "カテゴリ", "sa_hold": "保留", "sa_reject": "却下", "sa_nudge_at": "再考",
        "sa_banned_words": "コメントを却下する語(1行に1つ)",
        "sa_suspect_words": "コメントを保留する語(1行に1つ)",
        "sa_link_hosts": "許可するリンク先ホスト(1行に1つ。空欄: すべて)",
        "sa_min_length": "最短のコメント(文字数)", "sa_max_length": "最長のコメント(文字数)",
        "sa_max_links": "1つのコメントのリンク数の上限",
        "sa_new_account": "新規アカウントとみなす期間(秒)",
        "sa_sso": "シングルサインオン",
        "sa_sso_on": "読者が発行元のシングルサインオンでログインする",
        "sa_sso_issuer": "発行者 (iss)", "sa_sso_audience": "対象者 (aud)",
        "sa_sso_max_role": "トークンが与えられる最上位の役割", "sa_role_reader": "読者",
        "sa_role_moderator": "モデレーター",
        "sa_sso_badges": "トークンが付与できるバッジ(1行に1つ)",
        "sa_sso_leeway": "許容する時刻のずれ(秒)", "sa_sso_keys": "鍵",
        "sa_sso_remove": "鍵 {kid}({alg})を削除", "sa_sso_no_keys": "鍵はまだありません。",
        "sa_sso_new_key": "鍵を追加", "sa_sso_kid": "鍵 ID (kid)",
        "sa_sso_alg": "アルゴリズム",
        "sa_sso_material": "HS256 の共有シークレット(32バイト以上)または RS256 の公開鍵(PEM)",
        "sa_sso_material_note": "シークレットは再表示されません。エラーで戻った場合は"
        "再入力してください。",
        "sa_save": "設定を保存", "sa_json_view": "保存されているすべての設定(JSON)",
        "sa_json_note": "ここにないモデレーション設定は既定値です(docs/moderation.md)。"
        "シークレットは伏せて表示しています。",
        "sa_json_edit": "設定を JSON で編集(上級者向け)", "sa_json_label": "設定(JSON)",
        "sa_json_help": "省略したキーは現在の値のままです。"
        "伏せ字のシークレットは保存済みの値のままです。",
        "sa_json_save": "JSON を保存", "sa_moderators": "モデレーター",
        "sa_moderators_title": "モデレーター · {site}",
        "sa_no_moderators": "このサイトにはまだモデレーターがいません。"
        "管理者はすべてのサイトをモデレートできます。",
        "sa_since": "任命日", "sa_account": "アカウント", "sa_appoint": "モデレーターを任命",
        "sa_who": "アカウントの表示名またはメールアドレス", "sa_appoint_button": "任命",
        "sa_remove": "解任", "sa_remove_label": "{name} をモデレーターから解任",
        "sa_appointed": "モデレーターを任命しました。",
        "sa_removed": "モデレーターを解任しました。",
        "sa_admins_only": "モデレーターの任命と解任は管理者だけが行えます。",
        "sa_tokens": "API トークン",
        "sa_tokens_intro": "トークンはそのアカウントとして動作します(編集部のツール向け)。"
        "「Authorization: Bearer rjt_…」として送信してください。",
        "sa_token_name": "用途", "sa_token_created": "作成日時", "sa_token_used": "最終使用",
        "sa_never": "未使用", "sa_no_tokens": "有効なトークンはありません。",
        "sa_create_token": "トークンを作成",
        "sa_token_for": "代理するアカウント(表示名またはメールアドレス)", "sa_create": "作成",
        "sa_revoke": "失効", "sa_revoke_label": "トークン {name} を失効させる",
        "sa_revoked": "トークンを失効させました。今後は使えません。",
        "sa_secret_once": "{owner} のトークン「{name}」を作成しました。今すぐコピーしてください。"
        "再表示されません。",
        "sa_secret_label": "シークレット",
    },
)  # fmt: skip


# --- the settings form: values shown, values posted, parsed -----------------------------------


def _shown_number(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _shown(kind: str, value: object) -> object:
    if kind in ("bool", "many"):
        return value
    if kind == "lines":
        return "\n".join(str(item) for item in value) if isinstance(value, list) else ""
    return _shown_number(value) if kind != "text" else str(value or "")


def _stored_value(view: SiteSettingsView, name: str) -> object:
    if name == "name":
        return view.name
    if name == "allowed_origins":
        return view.origins
    root, _, rest = name.partition(".")
    if root == "moderation":
        return _dig(view.moderation, rest)
    if root == "sso":
        sso = view.shown.get("sso") or {}
        return {"on": bool(sso), "remove": [], "new_alg": "HS256"}.get(rest, sso.get(rest))
    return view.shown.get(name)


def _dig(tree: dict[str, Any], path: str) -> object:
    value: Any = tree
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def values_of(view: SiteSettingsView) -> dict[str, object]:
    """What the form shows for the stored settings."""
    values = {f.name: _shown(f.kind, _stored_value(view, f.name)) for f in FIELDS}
    if values["sso.leeway_seconds"] == "":
        values["sso.leeway_seconds"] = "30"
    return values


def posted_values(form: Form) -> dict[str, object]:
    """What the admin sent, as typed (unticked boxes are not sent: off)."""
    values: dict[str, object] = {}
    for field in FIELDS:
        if field.kind == "bool":
            values[field.name] = form.first(field.name) == "on"
        elif field.kind == "many":
            values[field.name] = form.all(field.name)
        else:
            values[field.name] = form.first(field.name)
    return values


class FieldError(ValueError):
    pass


def _number(text: str, parse: Callable[[str], float | int], hint: str) -> float | int:
    cleaned = text.strip()
    try:
        if len(cleaned) > MAX_NUMBER_CHARS:
            raise ValueError(cleaned)
        number = parse(cleaned)
    except ValueError:
        raise FieldError(hint) from None
    if not math.isfinite(number):
        raise FieldError(hint)
    return number


def _typed(kind: str, raw: object) -> object:
    if kind in ("bool", "many"):
        return raw
    text = str(raw)
    if kind == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if kind.endswith("?") and not text.strip():
        return None
    if kind.startswith("int"):
        return _number(text, int, "Enter a whole number, like 900.")
    if kind.startswith("float"):
        return _number(text, float, "Enter a number, like 0.8.")
    return text


def parse_values(values: dict[str, object]) -> tuple[dict[str, Any], dict[str, str]]:
    typed: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field in FIELDS:
        try:
            typed[field.name] = _typed(field.kind, values[field.name])
        except FieldError as error:
            errors[field.name] = str(error)
    if not values["sso.on"]:
        errors = {name: text for name, text in errors.items() if not name.startswith("sso.")}
    return typed, errors


def _nested(typed: dict[str, Any], prefix: str) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for name, value in typed.items():
        if not name.startswith(prefix):
            continue
        *parents, leaf = name.removeprefix(prefix).split(".")
        node = tree
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return tree


def _new_key(typed: dict[str, Any]) -> dict[str, str] | None:
    kid, material = typed["sso.new_kid"].strip(), typed["sso.new_material"].strip()
    if not kid and not material:
        return None
    alg = typed["sso.new_alg"]
    return {"kid": kid, "alg": alg, ("secret" if alg == "HS256" else "public_key"): material}


def _sso_edit(typed: dict[str, Any]) -> SsoEdit | None:
    if not typed["sso.on"]:
        return None
    leeway = typed["sso.leeway_seconds"]
    return SsoEdit(
        issuer=typed["sso.issuer"].strip(),
        audience=typed["sso.audience"].strip(),
        max_role=typed["sso.max_role"],
        allowed_badges=typed["sso.allowed_badges"],
        leeway_seconds=30 if leeway is None else leeway,
        remove=frozenset(typed["sso.remove"]),
        new_key=_new_key(typed),
    )


def edit_of(typed: dict[str, Any]) -> SettingsEdit:
    top = {f.name: typed[f.name] for f in _TOP if f.name not in ("name", "allowed_origins")}
    return SettingsEdit(
        name=typed["name"],
        origins=typed["allowed_origins"],
        settings=top,
        moderation=_nested(typed, "moderation."),
        sso=_sso_edit(typed),
    )


def _slot(path: str) -> str:
    """The field (or group of fields) a refusal about `path` is shown next to; "" for none."""
    fits = [slot for slot in SLOTS if path == slot or path.startswith(slot + ".")]
    return max(fits, key=len, default="")


def field_errors(problems: dict[str, str]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for path, message in problems.items():
        slot = _slot(path)
        errors[slot] = f"{errors[slot]}; {message}" if slot in errors else message
    return errors


# --- the settings pages ---------------------------------------------------------------------


@dataclass(frozen=True)
class SettingsPage:
    view: SiteSettingsView
    values: dict[str, object]
    errors: dict[str, str] | None = None
    problem: str = ""
    saved: bool = False
    json_text: str | None = None
    json_error: str = ""


def _settings_page(
    request: Request, staff: Staff, page: SettingsPage, status: int = 200
) -> Response:
    values = {k: ("" if k in SECRET_FIELDS else v) for k, v in page.values.items()}
    shown_json = json.dumps(page.view.shown, indent=2, sort_keys=True, ensure_ascii=False)
    context = {
        "site": page.view,
        "v": values,
        "errors": page.errors or {},
        "problem": page.problem,
        "saved": page.saved,
        "categories": CATEGORIES,
        "limits": LIMITS,
        "shown_json": shown_json,
        "json_text": shown_json if page.json_text is None else page.json_text,
        "json_error": page.json_error,
        "is_admin": True,
        "current": "settings",
    }
    return render(request, "admin/settings.html", context, status, staff=staff)


def _site_path(site: str, page: str) -> str:
    return f"/admin/sites/{quote(site, safe='')}/{page}"


@router.get("/admin/sites/{site}/settings")
async def settings_page(
    request: Request, site: SitePath, staff: StaffDep, session: SessionDep, saved: bool = False
) -> Response:
    view = await site_admin.settings_of(session, site, staff.principal)
    return _settings_page(request, staff, SettingsPage(view, values_of(view), saved=saved))


@router.post("/admin/sites/{site}/settings")
async def save_settings(
    request: Request, site: SitePath, staff: StaffDep, session: SessionDep, runtime: RuntimeDep
) -> Response:
    view = await site_admin.settings_of(session, site, staff.principal)
    values = posted_values(await read_form(request))
    typed, errors = parse_values(values)
    if errors:
        page = SettingsPage(view, values, errors)
        return _settings_page(request, staff, page, 422)
    try:
        await site_admin.save_form(session, runtime, site, staff.principal, edit_of(typed))
    except site_admin.SettingsRejected as refused:
        page = SettingsPage(view, values, field_errors(refused.problems), refused.message)
        return _settings_page(request, staff, page, refused.status)
    return redirect(_site_path(site, "settings?saved=1"))


@router.post("/admin/sites/{site}/settings/json")
async def save_settings_json(
    request: Request, site: SitePath, staff: StaffDep, session: SessionDep, runtime: RuntimeDep
) -> Response:
    view = await site_admin.settings_of(session, site, staff.principal)
    text = (await read_form(request)).first("settings_json")
    try:
        await site_admin.save_json(session, runtime, site, staff.principal, text)
    except (BadRequest, Invalid) as refused:
        page = SettingsPage(view, values_of(view), json_text=text, json_error=refused.message)
        return _settings_page(request, staff, page, refused.status)
    return redirect(_site_path(site, "settings?saved=1"))


# --- moderators -----------------------------------------------------------------------------

MODERATOR_NOTES = {"appointed": "sa_appointed", "removed": "sa_removed"}


async def _moderators_page(
    request: Request,
    staff: Staff,
    site: str,
    session: SessionDep,
    *,
    done: str = "",
    error: str = "",
    who: str = "",
    status: int = 200,
) -> Response:
    name, moderators = await site_admin.moderators_of(session, site, staff.principal)
    context = {
        "site": {"slug": site, "name": name},
        "moderators": moderators,
        "note": MODERATOR_NOTES.get(done, ""),
        "error": error,
        "who": who,
        "is_admin": acts_as_admin(staff.principal),
        "current": "moderators",
    }
    return render(request, "admin/moderators.html", context, status, staff=staff)


@router.get("/admin/sites/{site}/moderators")
async def moderators_page(
    request: Request, site: SitePath, staff: StaffDep, session: SessionDep, done: str = ""
) -> Response:
    return await _moderators_page(request, staff, site, session, done=done[:20])


@router.post("/admin/sites/{site}/moderators")
async def appoint_moderator(
    request: Request, site: SitePath, staff: StaffDep, session: SessionDep, runtime: RuntimeDep
) -> Response:
    who = (await read_form(request)).first("who")
    try:
        await site_admin.appoint(session, runtime, site, who, staff.principal)
    except (site_admin.UnknownAccount, Invalid) as refused:
        kept = who[: site_admin.MAX_WHO_CHARS]
        return await _moderators_page(
            request, staff, site, session, error=refused.message, who=kept, status=refused.status
        )
    return redirect(_site_path(site, "moderators?done=appointed"))


@router.post("/admin/sites/{site}/moderators/{account_id}/remove")
async def remove_moderator(
    site: SitePath, account_id: IdPath, staff: StaffDep, session: SessionDep, runtime: RuntimeDep
) -> Response:
    await site_admin.dismiss(session, runtime, site, account_id, staff.principal)
    return redirect(_site_path(site, "moderators?done=removed"))


# --- API tokens -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TokenForm:
    who: str = ""
    label: str = ""
    error: str = ""


async def _tokens_page(
    request: Request,
    staff: Staff,
    session: SessionDep,
    *,
    done: str = "",
    form: TokenForm | None = None,
    created: tuple[site_admin.TokenView, str] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "tokens": await site_admin.live_tokens(session, staff.principal),
        "revoked": done == "revoked",
        "form": form or TokenForm(),
        "created": created,
    }
    return render(request, "admin/tokens.html", context, status, staff=staff)


@router.get("/admin/tokens")
async def tokens_page(
    request: Request, staff: StaffDep, session: SessionDep, done: str = ""
) -> Response:
    return await _tokens_page(request, staff, session, done=done[:20])


@router.post("/admin/tokens")
async def create_token(
    request: Request, staff: StaffDep, session: SessionDep, runtime: RuntimeDep
) -> Response:
    form = await read_form(request)
    who, label = form.first("who")[: site_admin.MAX_WHO_CHARS], form.first("name")[:200]
    try:
        created = await site_admin.create_token(session, runtime, staff.principal, who, label)
    except (site_admin.UnknownAccount, Invalid) as refused:
        kept = TokenForm(who, label, refused.message)
        return await _tokens_page(request, staff, session, form=kept, status=refused.status)
    # The secret is in this answer only (never cached, never in a URL): no redirect here.
    return await _tokens_page(request, staff, session, created=created, status=201)


@router.post("/admin/tokens/{token_id}/revoke")
async def revoke_token(
    token_id: IdPath, staff: StaffDep, session: SessionDep, runtime: RuntimeDep
) -> Response:
    await site_admin.revoke_token(session, runtime, staff.principal, token_id)
    return redirect("/admin/tokens?done=revoked")
