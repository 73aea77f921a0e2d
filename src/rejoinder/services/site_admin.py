"""Site administration from the dashboard: a site's settings, its moderators, the API tokens.

Settings are changed through `sites.update`, so the dashboard validates exactly as `rejoinder site
update` does and is audited the same way (the admin as actor). A refused change leaves nothing
half-applied: the site is expired, so the request's commit writes nothing. The form's moderation
values are stored only where they differ from what is in effect (or were stored already), so a
save does not pin today's defaults. SSO secrets are never shown: the JSON shows them masked and a
masked secret sent back keeps the stored one of the same `kid`.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.errors import BadRequest, Invalid, NotFound
from rejoinder.domain.principal import Principal
from rejoinder.domain.site_settings import SiteSettings
from rejoinder.moderation import ModerationSettings
from rejoinder.moderation.registry import registered_phases
from rejoinder.moderation.settings import DEFAULT_THRESHOLDS, CategoryThresholds
from rejoinder.services import access, audit, auth, roles, sites, user_admin
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Account, Site
from rejoinder.storage.repositories import accounts as account_repo

MAX_WHO_CHARS = 320
THRESHOLD_CATEGORIES = tuple(DEFAULT_THRESHOLDS)  # toxicity, insult, ...
THRESHOLD_LIMITS = tuple(f.name for f in fields(CategoryThresholds))  # hold, reject, nudge
SETTINGS_PREFIX = "Site settings are not valid: "
_ROOTS = "|".join(sorted({*SiteSettings.model_fields, "moderation"}))
_LEADING_PATH = re.compile(rf"^((?:{_ROOTS})(?:\.[a-z_0-9]+)*)(?::| must| is)")


class SettingsRejected(Invalid):
    """Invalid settings, with each problem under the path it is about (`moderation.mode`;
    `name`, `allowed_origins`; "" when the message names none)."""

    def __init__(self, message: str, problems: dict[str, str]) -> None:
        super().__init__(message)
        self.problems = problems


class UnknownAccount(NotFound):
    """No account has the name or email the admin typed."""


@dataclass(frozen=True)
class SiteSettingsView:
    slug: str
    name: str
    origins: list[str]
    shown: dict[str, Any]  # the stored settings, SSO secrets masked
    moderation: dict[str, Any]  # every moderation setting in effect, as JSON
    phases: list[str]  # every registered phase: those switched on first, in their order
    sso_keys: list[tuple[str, str]]  # (kid, alg) of each SSO key


@dataclass(frozen=True)
class SsoEdit:
    """The form's single sign-on fields; stored keys are kept unless named in `remove`."""

    issuer: str
    audience: str
    max_role: str
    allowed_badges: list[str]
    leeway_seconds: int
    remove: frozenset[str] = frozenset()
    new_key: dict[str, str] | None = None


@dataclass(frozen=True)
class SettingsEdit:
    name: str
    origins: list[str]
    settings: dict[str, Any]  # top-level keys but `moderation` and `sso`
    moderation: dict[str, Any] = field(default_factory=dict)
    sso: SsoEdit | None = None  # None: single sign-on off
    dsa: dict[str, Any] = field(default_factory=dict)  # redress_url, contact_email; None: unset


@dataclass(frozen=True)
class ModeratorRow:
    account_id: int
    name: str
    since: datetime


@dataclass(frozen=True)
class TokenView:
    id: int
    name: str
    owner: str
    created_at: datetime
    last_used_at: datetime | None


# --- settings -------------------------------------------------------------------------------


async def _site_as_admin(session: AsyncSession, slug: str, principal: Principal) -> Site:
    access.check_admin(principal)
    return await access.access_site(session, slug)


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def effective_moderation(stored: dict[str, Any]) -> dict[str, Any]:
    """Every moderation setting in effect, as JSON (the defaults if what is stored is broken)."""
    try:
        settings = ModerationSettings.from_mapping(stored)
    except ValueError:
        settings = ModerationSettings()
    return {**_plain(asdict(settings)), "thresholds": _plain(
        {name: asdict(limits) for name, limits in settings.thresholds.items()}
    )}  # fmt: skip


def _phase_choices(on: list[str]) -> list[str]:
    return [*on, *sorted(set(registered_phases()) - set(on))]


def _view(site: Site) -> SiteSettingsView:
    moderation = effective_moderation(site.settings.get("moderation") or {})
    sso = site.settings.get("sso") or {}
    return SiteSettingsView(
        slug=site.slug,
        name=site.name,
        origins=list(site.allowed_origins),
        shown=sites.masked(dict(site.settings)),
        moderation=moderation,
        phases=_phase_choices(list(moderation["phases"])),
        sso_keys=[(key["kid"], key["alg"]) for key in sso.get("keys", [])],
    )


async def settings_of(session: AsyncSession, slug: str, principal: Principal) -> SiteSettingsView:
    return _view(await _site_as_admin(session, slug, principal))


def _merged_thresholds(
    stored: object, effective: dict[str, dict[str, Any]], submitted: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    merged = {
        category: dict(limits)
        for category, limits in (stored.items() if isinstance(stored, dict) else ())
        if isinstance(limits, dict)
    }
    for category, limits in submitted.items():
        for limit, value in limits.items():
            explicit = limit in merged.get(category, {})
            if explicit or value != effective.get(category, {}).get(limit):
                merged.setdefault(category, {})[limit] = value
    return merged


def merged_moderation(stored: dict[str, Any], submitted: dict[str, Any]) -> dict[str, Any]:
    """`stored` with each submitted value that differs from what is in effect (or was stored)."""
    effective = effective_moderation(stored)
    merged = dict(stored)
    for key, value in submitted.items():
        if key == "thresholds":
            thresholds = _merged_thresholds(stored.get(key), effective[key], value)
            if thresholds:
                merged[key] = thresholds
        elif key in stored or _plain(value) != effective.get(key):
            merged[key] = value
    return merged


def _sso(stored: dict[str, Any] | None, edit: SsoEdit | None) -> dict[str, Any] | None:
    if edit is None:
        return None
    keys = [key for key in (stored or {}).get("keys", []) if key.get("kid") not in edit.remove]
    return {
        "keys": [*keys, *([edit.new_key] if edit.new_key else [])],
        "issuer": edit.issuer,
        "audience": edit.audience,
        "max_role": edit.max_role,
        "allowed_badges": edit.allowed_badges,
        "leeway_seconds": edit.leeway_seconds,
    }


def _problems(message: str, name: str | None, origins: list[str] | None) -> dict[str, str]:
    """Which field each part of a refusal is about (the same checks `sites.update` runs)."""
    if name is not None:
        try:
            sites.clean_name(name, "site")
        except Invalid as error:
            return {"name": error.message}
    for origin in origins or []:
        try:
            sites.clean_origin(origin)
        except Invalid as error:
            return {"allowed_origins": error.message}
    return _settings_problems(message.removeprefix(SETTINGS_PREFIX))


def _settings_problems(text: str) -> dict[str, str]:
    chunks: list[str] = []
    for part in text.split("; "):  # pydantic's problems are joined with "; "
        if chunks and not _LEADING_PATH.match(part):
            chunks[-1] += "; " + part
        else:
            chunks.append(part)
    problems: dict[str, str] = {}
    for chunk in chunks:
        found = _LEADING_PATH.match(chunk)
        path = found.group(1) if found else ""
        problems[path] = f"{problems[path]}; {chunk}" if path in problems else chunk
    return problems


async def _update(
    session: AsyncSession,
    rt: Runtime,
    site: Site,
    principal: Principal,
    change: tuple[str | None, list[str] | None, dict[str, Any]],
) -> None:
    name, origins, settings = change
    try:
        await sites.update(
            session, site.slug, name, origins, settings, rt=rt, actor=audit.actor_of(principal)
        )
    except Invalid as error:
        session.expire(site)  # nothing of a refused change is committed
        raise SettingsRejected(error.message, _problems(error.message, name, origins)) from error


async def save_form(
    session: AsyncSession, rt: Runtime, slug: str, principal: Principal, edit: SettingsEdit
) -> None:
    """The settings form: name, origins, the top-level settings, moderation, SSO and the DSA
    redress (the site's other DSA settings are kept)."""
    site = await _site_as_admin(session, slug, principal)
    stored = site.settings
    settings = {
        **edit.settings,
        "moderation": merged_moderation(stored.get("moderation") or {}, edit.moderation),
        "sso": _sso(stored.get("sso"), edit.sso),
        "dsa": {**(stored.get("dsa") or {}), **edit.dsa},
    }
    await _update(session, rt, site, principal, (edit.name, edit.origins, settings))


def _unmasked(submitted: dict[str, Any], stored: dict[str, Any]) -> dict[str, Any]:
    """A masked secret sent back is the stored secret of the same `kid`."""
    sso = submitted.get("sso")
    if not isinstance(sso, dict) or not isinstance(sso.get("keys"), list):
        return submitted
    stored_keys = (stored.get("sso") or {}).get("keys", [])
    secrets = {key.get("kid"): key.get("secret") for key in stored_keys}
    keys = [
        {**key, "secret": secrets.get(key.get("kid"), sites.MASK)}
        if isinstance(key, dict) and key.get("secret") == sites.MASK
        else key
        for key in sso["keys"]
    ]
    return {**submitted, "sso": {**sso, "keys": keys}}


def parse_settings_json(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadRequest(
            f"The settings are not JSON: {error.msg} (line {error.lineno}, column {error.colno})."
        ) from error
    except RecursionError as error:
        raise BadRequest("The settings are nested too deeply to be site settings.") from error
    if not isinstance(value, dict):
        raise Invalid('The settings must be a JSON object: {"key": value, ...}.')
    return value


async def save_json(
    session: AsyncSession, rt: Runtime, slug: str, principal: Principal, text: str
) -> None:
    """The advanced editor: settings as JSON; keys left out keep their values."""
    site = await _site_as_admin(session, slug, principal)
    submitted = _unmasked(parse_settings_json(text), site.settings)
    await _update(session, rt, site, principal, (None, None, submitted))


# --- moderators -----------------------------------------------------------------------------


async def find_account(session: AsyncSession, who: str) -> Account:
    """An account by its email or its display name (as the admin typed either)."""
    wanted = who.strip()[:MAX_WHO_CHARS]
    if not wanted:
        raise Invalid("Enter an account's display name or email.")
    found = await account_repo.by_email(session, wanted) if "@" in wanted else None
    found = found or await account_repo.by_display_name(session, wanted)
    if found is None:
        raise UnknownAccount(f"There is no account with the name or email '{wanted}'.")
    return found


async def moderators_of(
    session: AsyncSession, slug: str, principal: Principal
) -> tuple[str, list[ModeratorRow]]:
    """The site's name and its moderators, for its moderators and admins."""
    site = await access.access_site_as_moderator(session, slug, principal)
    members = await roles.moderators(session, site)
    return site.name, [
        ModeratorRow(account.id, account.display_name, role.created_at) for role, account in members
    ]


async def appoint(
    session: AsyncSession, rt: Runtime, slug: str, who: str, principal: Principal
) -> str:
    """Make the account named (or with that email) a moderator of the site; its name."""
    await _site_as_admin(session, slug, principal)
    account = await find_account(session, who)
    await roles.add_by_admin(session, rt, slug, account.id, principal)
    return account.display_name


async def dismiss(
    session: AsyncSession, rt: Runtime, slug: str, account_id: int, principal: Principal
) -> None:
    await roles.remove_by_admin(session, rt, slug, account_id, principal)


# --- API tokens -----------------------------------------------------------------------------


async def live_tokens(session: AsyncSession, principal: Principal) -> list[TokenView]:
    """Every token that still works, oldest first; never a secret."""
    access.check_admin(principal)
    return [
        TokenView(row.token.id, row.token.name, row.owner, row.token.created_at,
                  row.token.last_used_at)
        for row in await user_admin.list_tokens(session)
        if row.token.revoked_at is None
    ]  # fmt: skip


async def create_token(
    session: AsyncSession, rt: Runtime, principal: Principal, who: str, label: str
) -> tuple[TokenView, str]:
    """A token acting as the account named (or with that email), and its secret, once."""
    access.check_admin(principal)
    account = await find_account(session, who)
    row, secret = await user_admin.create_token(session, rt, account.display_name, label)
    await _audit_token(session, rt, principal, "token.create", row.id, {"account": account.id})
    view = TokenView(row.id, row.name, account.display_name, row.created_at, row.last_used_at)
    return view, secret


async def _audit_token(
    session: AsyncSession,
    rt: Runtime,
    principal: Principal,
    action: str,
    token_id: int,
    after: dict[str, Any] | None = None,
) -> None:
    """Tokens belong to the install, not a site: their entries have no site (never the secret)."""
    await audit.record(
        session,
        rt,
        site_id=None,
        actor=audit.actor_of(principal),
        action=action,
        target_type="api_token",
        target_id=token_id,
        after=after,
    )


async def revoke_token(
    session: AsyncSession, rt: Runtime, principal: Principal, token_id: int
) -> None:
    access.check_admin(principal)
    await auth.revoke_api_token(session, rt, token_id)
    await _audit_token(session, rt, principal, "token.revoke", token_id)
