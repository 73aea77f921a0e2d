"""Site administration in the dashboard: settings (form and JSON), moderators, API tokens."""

from __future__ import annotations

import asyncio
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from rejoinder.domain.enums import AccountRole
from rejoinder.services import sites
from rejoinder.storage.db import session_factory
from tests.conftest import RELAXED, make_site
from tests.helpers import cli_invoker
from tests.integration.admin_helpers import StaffClient, make_staff, staff_client

SETTINGS = "/admin/sites/news/settings"
SECRET = "a-shared-secret-of-at-least-32-bytes!"


class _FormReader(HTMLParser):
    """What a browser would send for the form posting to `action`: each named field's value
    (ticked boxes only, the selected option, a textarea's text)."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._text = ""
        self._select: str | None = None
        self._first_option: str | None = None
        self._selected = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        if tag == "input" and "name" in a:
            if a.get("type") != "checkbox" or "checked" in a:
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""
        elif tag == "select":
            self._select, self._first_option, self._selected = a["name"], None, False
        elif tag == "option" and self._select is not None:
            self._first_option = self._first_option or a.get("value", "")
            if "selected" in a:
                self.fields.append((self._select, a.get("value", "")))
                self._selected = True

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if not self._selected:
                self.fields.append((self._select, self._first_option or ""))
            self._select = None


def form_of(page: str, action: str) -> dict[str, str | list[str]]:
    reader = _FormReader(action)
    reader.feed(page)
    form: dict[str, str | list[str]] = {}
    for name, value in reader.fields:
        if name in form:
            existing = form[name]
            form[name] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            form[name] = value
    assert form, f"no form posting to {action}"
    form.pop("csrf_token", None)
    return form


async def stored_site(app: FastAPI, slug: str = "news") -> Any:
    async with session_factory(app.state.engine)() as session:
        return next(site for site in await sites.all_sites(session) if site.slug == slug)


async def admin(app: FastAPI) -> StaffClient:
    await make_staff(app, "Chief Editor", "chief@news.example", role=AccountRole.ADMIN)
    return await staff_client(app, "chief@news.example")


async def moderator(app: FastAPI, site: str = "news") -> StaffClient:
    await make_staff(app, "Night Desk", "desk@news.example", sites=(site,))
    return await staff_client(app, "desk@news.example")


def field_error(page: str, field: str) -> str:
    found = re.search(rf'<p class="field-error" id="err-f-{re.escape(field)}">([^<]*)</p>', page)
    assert found, f"no error next to {field}"
    return html.unescape(found.group(1))


def input_value(page: str, field: str) -> str:
    found = re.search(rf'name="{re.escape(field)}" type="text"[^>]* value="([^"]*)"', page)
    assert found, f"no input {field}"
    return html.unescape(found.group(1))


# --- settings -------------------------------------------------------------------------------


async def test_a_settings_change_is_stored_and_shown_again(app: FastAPI) -> None:
    await make_site(app, "news", **RELAXED)
    chief = await admin(app)
    page = await chief.http.get(SETTINGS)
    assert page.status_code == 200
    form = form_of(page.text, SETTINGS)
    assert form["name"] == "News" and form["edit_window_seconds"] == "900"
    assert form["moderation.phases"] == RELAXED["moderation"]["phases"]
    form.update({
        "name": "The Daily News",
        "allowed_origins": "https://news.example\nhttps://www.news.example/",
        "edit_window_seconds": "600",
        "close_after_days": "14",
        "moderation.mode": "pre",
        "moderation.thresholds.toxicity.hold": "0.7",
        "moderation.suspect_words": "crypto\n  casino \n",
    })  # fmt: skip
    del form["allow_guests"]  # untick the box
    saved = await chief.post(SETTINGS, form)
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"] == f"{SETTINGS}?saved=1"

    site = await stored_site(app)
    assert site.name == "The Daily News"
    assert site.allowed_origins == ["https://news.example", "https://www.news.example"]
    assert site.settings["edit_window_seconds"] == 600
    assert site.settings["close_after_days"] == 14
    assert site.settings["allow_guests"] is False
    assert site.settings["moderation"] == {
        **RELAXED["moderation"],
        "mode": "pre",
        "thresholds": {"toxicity": {"hold": 0.7}},
        "suspect_words": ["crypto", "casino"],
    }  # only what changed: today's defaults are not pinned

    shown = await chief.http.get(saved.headers["location"])
    assert 'role="status">Saved.' in shown.text
    again = form_of(shown.text, SETTINGS)
    assert again["name"] == "The Daily News" and again["close_after_days"] == "14"
    assert again["moderation.thresholds.toxicity.hold"] == "0.7"
    assert again["moderation.mode"] == "pre" and "allow_guests" not in again
    assert again["allowed_origins"] == "https://news.example\nhttps://www.news.example"


async def test_saving_the_form_unchanged_changes_nothing(app: FastAPI) -> None:
    await make_site(app, "news", **RELAXED)
    before = (await stored_site(app)).settings
    chief = await admin(app)
    form = form_of((await chief.http.get(SETTINGS)).text, SETTINGS)
    assert (await chief.post(SETTINGS, form)).status_code == 303
    assert (await stored_site(app)).settings == before


async def test_invalid_settings_are_shown_next_to_the_field_and_nothing_is_stored(
    app: FastAPI,
) -> None:
    await make_site(app, "news", **RELAXED)
    before = await stored_site(app)
    chief = await admin(app)
    form = form_of((await chief.http.get(SETTINGS)).text, SETTINGS)
    form.update({"name": "Renamed", "moderation.thresholds.toxicity.hold": "1.5"})
    refused = await chief.post(SETTINGS, form)
    assert refused.status_code == 422
    assert "between 0 and 1" in field_error(refused.text, "moderation-thresholds-toxicity-hold")
    assert 'role="alert"' in refused.text
    assert input_value(refused.text, "moderation.thresholds.toxicity.hold") == "1.5"
    assert input_value(refused.text, "name") == "Renamed"  # what the admin typed is kept
    after = await stored_site(app)
    assert after.name == before.name == "News"  # the valid part was not saved either
    assert after.settings == before.settings


async def test_each_kind_of_bad_value_is_refused_where_it_was_typed(app: FastAPI) -> None:
    await make_site(app, "news")
    chief = await admin(app)
    form = form_of((await chief.http.get(SETTINGS)).text, SETTINGS)
    cases = [
        ("edit_window_seconds", "soon", "whole number", "edit_window_seconds"),
        ("edit_window_seconds", "100000", "less than or equal to 86400", "edit_window_seconds"),
        ("allowed_origins", "https://news.example/path", "has a path", "allowed_origins"),
        ("moderation.mode", "sometimes", "'post' or 'pre'", "moderation-mode"),
        ("moderation.max_links", "inf", "whole number", "moderation-max_links"),
        ("moderation.new_account_seconds", "inf", "a number", "moderation-new_account_seconds"),
        ("close_after_days", "0", "greater than or equal to 1", "close_after_days"),
    ]  # fmt: skip
    for name, value, expected, shown_as in cases:
        refused = await chief.post(SETTINGS, {**form, name: value})
        assert refused.status_code == 422, (name, value)
        assert expected in field_error(refused.text, shown_as), (name, value)
    assert (await stored_site(app)).settings["edit_window_seconds"] == 900


async def test_single_sign_on_is_set_up_from_the_form_and_its_secret_never_shown(
    app: FastAPI,
) -> None:
    await make_site(app, "news")
    chief = await admin(app)
    form = form_of((await chief.http.get(SETTINGS)).text, SETTINGS)
    form.update({"sso.on": "on", "sso.issuer": "https://news.example", "sso.audience": "rj"})
    no_key = await chief.post(SETTINGS, form)
    assert no_key.status_code == 422
    assert "keys" in field_error(no_key.text, "sso")
    form.update({"sso.new_kid": "k1", "sso.new_alg": "HS256", "sso.new_material": SECRET})
    assert (await chief.post(SETTINGS, form)).status_code == 303
    sso = (await stored_site(app)).settings["sso"]
    assert sso["keys"] == [{"kid": "k1", "alg": "HS256", "secret": SECRET}]
    assert sso["issuer"] == "https://news.example" and sso["audience"] == "rj"
    page = await chief.http.get(SETTINGS)
    assert SECRET not in page.text and "********" in page.text
    assert "Remove key k1 (HS256)" in page.text
    form = form_of(page.text, SETTINGS)
    form["sso.remove"] = "k1"
    form.update({"sso.new_kid": "k2", "sso.new_material": SECRET + "2"})
    assert (await chief.post(SETTINGS, form)).status_code == 303
    keys = (await stored_site(app)).settings["sso"]["keys"]
    assert [key["kid"] for key in keys] == ["k2"]
    del form["sso.on"]
    assert (await chief.post(SETTINGS, form)).status_code == 303
    assert (await stored_site(app)).settings["sso"] is None


async def test_settings_can_be_edited_as_json_validated_the_same_way(app: FastAPI) -> None:
    await make_site(app, "news", sso={
        "keys": [{"kid": "k1", "alg": "HS256", "secret": SECRET}],
        "issuer": "https://news.example", "audience": "rj",
    })  # fmt: skip
    chief = await admin(app)
    page = await chief.http.get(SETTINGS)
    shown = form_of(page.text, f"{SETTINGS}/json")["settings_json"]
    assert isinstance(shown, str) and SECRET not in shown and "********" in shown
    # Sent back as shown, with one change: the masked secret keeps the stored one.
    edited = shown.replace('"reactions_enabled": true', '"reactions_enabled": false')
    saved = await chief.post(f"{SETTINGS}/json", {"settings_json": edited})
    assert saved.status_code == 303, saved.text
    stored = (await stored_site(app)).settings
    assert stored["reactions_enabled"] is False
    assert stored["sso"]["keys"][0]["secret"] == SECRET

    broken = await chief.post(f"{SETTINGS}/json", {"settings_json": '{"allow_guests": tru'})
    assert broken.status_code == 400
    assert "not JSON" in broken.text and "{&#34;allow_guests&#34;: tru" in broken.text
    unknown = await chief.post(f"{SETTINGS}/json", {"settings_json": '{"colour": "red"}'})
    assert unknown.status_code == 422
    assert "colour: Extra inputs are not permitted" in unknown.text
    listed = await chief.post(f"{SETTINGS}/json", {"settings_json": "[1, 2]"})
    assert listed.status_code == 422 and "JSON object" in listed.text
    assert (await stored_site(app)).settings == stored


async def test_a_moderator_cannot_see_or_change_settings_nor_tokens(app: FastAPI) -> None:
    await make_site(app, "news")
    desk = await moderator(app)
    for path in (SETTINGS, "/admin/tokens", "/admin/sites/nowhere/settings"):
        refused = await desk.http.get(path)
        assert refused.status_code == 403, path
        assert "Only an administrator" in refused.text
    writes: list[tuple[str, dict[str, str | list[str]]]] = [
        (SETTINGS, {"name": "Mine now"}),
        (f"{SETTINGS}/json", {"settings_json": '{"allow_guests": false}'}),
        ("/admin/tokens", {"who": "Night Desk", "name": "mine"}),
        ("/admin/tokens/1/revoke", {}),
    ]
    for path, data in writes:
        assert (await desk.post(path, data)).status_code == 403, path
    site = await stored_site(app)
    assert site.name == "News" and site.settings["allow_guests"] is True
    home = await desk.http.get("/admin/")
    assert "/admin/sites/news/overview" in home.text and SETTINGS not in home.text


async def test_unknown_sites_and_bad_paths_are_pages_not_errors(app: FastAPI) -> None:
    chief = await admin(app)
    missing = await chief.http.get("/admin/sites/nowhere/settings")
    assert missing.status_code == 404 and "There is no site" in missing.text
    assert (await chief.http.get(f"/admin/sites/{'x' * 70}/settings")).status_code == 422
    assert (await chief.post("/admin/tokens/abc/revoke", {})).status_code == 422
    assert (await chief.post("/admin/tokens/99/revoke", {})).status_code == 404


# --- moderators -----------------------------------------------------------------------------

MODERATORS = "/admin/sites/news/moderators"


async def test_an_admin_appoints_and_removes_moderators(app: FastAPI) -> None:
    await make_site(app, "news")
    chief = await admin(app)
    reader_id = await make_staff(
        app, "Sub Editor", "sub@news.example", role=AccountRole.READER
    )  # fmt: skip
    empty = await chief.http.get(MODERATORS)
    assert "has no moderators yet" in empty.text
    by_email = await chief.post(MODERATORS, {"who": "  SUB@news.example "})
    assert by_email.status_code == 303
    assert by_email.headers["location"] == f"{MODERATORS}?done=appointed"
    listed = await chief.http.get(by_email.headers["location"])
    assert f'data-account="{reader_id}"' in listed.text and "Sub Editor" in listed.text
    assert "The moderator was appointed." in listed.text
    sub = await staff_client(app, "sub@news.example")
    assert (await sub.http.get("/admin/sites/news/overview")).status_code == 200

    removed = await chief.post(f"{MODERATORS}/{reader_id}/remove", {})
    assert removed.status_code == 303
    assert f'data-account="{reader_id}"' not in (await chief.http.get(MODERATORS)).text
    assert (await sub.http.get("/admin/sites/news/overview")).status_code == 403
    again = await chief.post(f"{MODERATORS}/{reader_id}/remove", {})
    assert again.status_code == 404 and "is not a moderator" in again.text

    by_name = await chief.post(MODERATORS, {"who": "sub editor"})
    assert by_name.status_code == 303
    assert f'data-account="{reader_id}"' in (await chief.http.get(MODERATORS)).text


async def test_appointing_an_unknown_account_says_so_and_keeps_what_was_typed(
    app: FastAPI,
) -> None:
    await make_site(app, "news")
    chief = await admin(app)
    refused = await chief.post(MODERATORS, {"who": "nobody@news.example"})
    assert refused.status_code == 404
    assert "There is no account with the name or email &#39;nobody@news.example&#39;" in (
        refused.text
    )
    assert 'value="nobody@news.example"' in refused.text
    blank = await chief.post(MODERATORS, {"who": "   "})
    assert blank.status_code == 422 and "display name or email" in blank.text
    missing_site = await chief.post("/admin/sites/nowhere/moderators", {"who": "Chief Editor"})
    assert missing_site.status_code == 404 and "There is no site" in missing_site.text


async def test_moderators_see_the_list_but_cannot_change_it(app: FastAPI) -> None:
    await make_site(app, "news")
    await make_site(app, "sport")
    desk = await moderator(app)
    page = await desk.http.get(MODERATORS)
    assert page.status_code == 200 and "Night Desk" in page.text
    assert 'action="/admin/sites/news/moderators"' not in page.text
    assert "Only administrators can appoint" in page.text
    refused = await desk.post(MODERATORS, {"who": "Night Desk"})
    assert refused.status_code == 403
    desk_id = int(re.findall(r'data-account="(\d+)"', page.text)[0])
    assert (await desk.post(f"{MODERATORS}/{desk_id}/remove", {})).status_code == 403
    assert (await desk.http.get("/admin/sites/sport/moderators")).status_code == 403


# --- API tokens -----------------------------------------------------------------------------


async def test_a_token_is_shown_once_works_as_a_bearer_and_stops_when_revoked(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await make_site(app, "news")
    chief = await admin(app)
    await make_staff(app, "Desk Bot", "bot@news.example", sites=("news",))
    assert "No live tokens." in (await chief.http.get("/admin/tokens")).text
    created = await chief.post("/admin/tokens", {"who": "desk bot", "name": "cms plugin"})
    assert created.status_code == 201
    secret = re.search(r'value="(rjt_[^"]+)"', created.text)
    assert secret, created.text
    token = secret.group(1)
    assert "it is not shown again" in created.text

    listing = await chief.http.get("/admin/tokens")
    assert token not in listing.text
    assert "cms plugin" in listing.text and "Desk Bot" in listing.text and "never" in listing.text
    queue = "/api/v1/sites/news/moderation/queue"
    bearer = {"authorization": f"Bearer {token}"}
    assert (await client.get(queue, headers=bearer)).status_code == 200
    assert "never" not in (await chief.http.get("/admin/tokens")).text  # last used: now

    token_id = re.search(r'data-token="(\d+)"', listing.text)
    assert token_id
    revoked = await chief.post(f"/admin/tokens/{token_id.group(1)}/revoke", {})
    assert (
        revoked.status_code == 303 and revoked.headers["location"] == "/admin/tokens?done=revoked"
    )
    assert (await client.get(queue, headers=bearer)).status_code == 401
    after = await chief.http.get(revoked.headers["location"])
    assert "cms plugin" not in after.text and "The token was revoked" in after.text


async def test_a_token_for_an_unknown_account_or_without_a_name_is_refused(app: FastAPI) -> None:
    chief = await admin(app)
    unknown = await chief.post("/admin/tokens", {"who": "ghost", "name": "cms"})
    assert unknown.status_code == 404 and "There is no account" in unknown.text
    assert 'value="ghost"' in unknown.text and 'value="rjt_' not in unknown.text
    unnamed = await chief.post("/admin/tokens", {"who": "Chief Editor", "name": "  "})
    assert unnamed.status_code == 422 and "1-100 characters" in unnamed.text
    assert "No live tokens." in (await chief.http.get("/admin/tokens")).text


async def test_hostile_settings_input_is_refused_with_a_page(app: FastAPI) -> None:
    await make_site(app, "news")
    chief = await admin(app)
    deep = await chief.post(f"{SETTINGS}/json", {"settings_json": "[" * 15_000})
    assert deep.status_code == 400 and "nested too deeply" in deep.text
    form = form_of((await chief.http.get(SETTINGS)).text, SETTINGS)
    for name, value in (
        ("name", "News\x00"),
        ("edit_window_seconds", "9" * 5000),
        ("moderation.thresholds.insult.reject", "nan"),
        ("moderation.phases", ["length", "no-such-phase"]),
        ("account_deletion", "shred"),
    ):
        refused = await chief.post(SETTINGS, {**form, name: value})
        assert refused.status_code in (400, 422), (name, refused.status_code)
        assert 'role="alert"' in refused.text, name
    assert (await stored_site(app)).settings["moderation"] == {}
    japanese = await chief.http.get(SETTINGS, headers={"accept-language": "ja"})
    assert "設定を保存" in japanese.text


async def test_the_dsa_redress_url_and_contact_email_are_set_from_the_form(
    app: FastAPI, database_url: str, tmp_path: Path
) -> None:
    dsa = {"language": "ja", "territorial_scope": ["DE", "FR"]}
    await make_site(app, "news", dsa=dsa)
    chief = await admin(app)
    page = await chief.http.get(SETTINGS)
    assert '<label for="f-dsa-redress_url">' in page.text
    assert '<label for="f-dsa-contact_email">' in page.text
    form = form_of(page.text, SETTINGS)
    assert form["dsa.redress_url"] == "" and form["dsa.contact_email"] == ""
    form.update({"dsa.redress_url": " https://news.example/appeals ",
                 "dsa.contact_email": "Complaints@News.example"})  # fmt: skip
    saved = await chief.post(SETTINGS, form)
    assert saved.status_code == 303, saved.text
    stored = (await stored_site(app)).settings["dsa"]
    assert stored == {**dsa, "redress_url": "https://news.example/appeals",
                      "contact_email": "complaints@news.example"}  # fmt: skip
    again = form_of((await chief.http.get(SETTINGS)).text, SETTINGS)
    assert again["dsa.redress_url"] == "https://news.example/appeals"
    assert again["dsa.contact_email"] == "complaints@news.example"

    # Refused as `rejoinder site update` refuses them, each next to its own field.
    invoke = cli_invoker(database_url, tmp_path / "cli")
    for field, value, expected in [
        ("redress_url", "ftp://news.example/appeals", "must be an http(s) URL"),
        ("contact_email", "complaints at news", "is not a valid email address"),
    ]:
        refused = await chief.post(SETTINGS, {**form, f"dsa.{field}": value})
        assert refused.status_code == 422, field
        shown = field_error(refused.text, f"dsa-{field}")
        assert expected in shown and input_value(refused.text, f"dsa.{field}") == value
        cli = await asyncio.to_thread(
            invoke, "site", "update", "news", "--settings",
            json.dumps({"dsa": {field: value}}), expect=1,
        )  # fmt: skip
        assert shown in cli  # the very words the CLI prints
    assert (await stored_site(app)).settings["dsa"] == stored

    cleared = await chief.post(SETTINGS, {**form, "dsa.redress_url": "", "dsa.contact_email": ""})
    assert cleared.status_code == 303
    assert (await stored_site(app)).settings["dsa"] == {
        **dsa,
        "redress_url": None,
        "contact_email": None,
    }
    japanese = await chief.http.get(SETTINGS, headers={"accept-language": "ja"})
    assert "異議申し立て" in japanese.text and "苦情" in japanese.text
