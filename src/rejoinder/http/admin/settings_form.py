"""The site settings form: its fields by settings path, what was typed, and the typed values.

Each field is named by its settings path (`moderation.thresholds.toxicity.hold`), so a refusal
from `sites.update` (the validation `rejoinder site update` uses) is shown next to the field it is
about, with what the admin typed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rejoinder.http.admin.common import Form
from rejoinder.services import site_admin
from rejoinder.services.site_admin import SettingsEdit, SiteSettingsView, SsoEdit

CATEGORIES = site_admin.THRESHOLD_CATEGORIES
LIMITS = site_admin.THRESHOLD_LIMITS
MAX_NUMBER_CHARS = 30


@dataclass(frozen=True)
class Field:
    name: str  # the settings path
    kind: str  # text | text? | lines | bool | int | int? | float | float? | many


_TOP = [
    Field("name", "text"), Field("allowed_origins", "lines"), Field("allow_guests", "bool"),
    Field("allow_accounts", "bool"), Field("hold_new_sso_accounts", "bool"),
    Field("account_deletion", "text"), Field("edit_window_seconds", "int"),
    Field("delete_window_seconds", "int"), Field("close_after_days", "int?"),
    Field("reactions_enabled", "bool"), Field("queue_alert_pending", "int?"),
    Field("queue_alert_reported", "int?"), Field("digest_mail", "bool"),
]  # fmt: skip
_MODERATION = [
    Field("moderation.mode", "text"), Field("moderation.phases", "many"),
    Field("moderation.nudge_enabled", "bool"), Field("moderation.site_learning", "bool"),
    Field("moderation.banned_words", "lines"),
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
# What statements of reasons name for contesting a decision (empty: not named); the site's
# DSA language and territorial scope are kept as stored (the JSON editor sets them).
_DSA = [Field("dsa.redress_url", "text?"), Field("dsa.contact_email", "text?")]
FIELDS = [*_TOP, *_MODERATION, *_SSO, *_DSA]
# Where a refusal about a whole group is shown (`sso: keys: ...`, `moderation.thresholds: ...`).
SLOTS = [field.name for field in FIELDS] + ["moderation", "moderation.thresholds", "sso", "dsa"]
SECRET_FIELDS = frozenset({"sso.new_material"})  # never written back into a page


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
    return str(value or "") if kind.startswith("text") else _shown_number(value)


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
    if root == "dsa":
        return (view.shown.get("dsa") or {}).get(rest)
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
    return text.strip() if kind == "text?" else text


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
        dsa=_nested(typed, "dsa."),
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
