"""`rejoinder user` and `rejoinder token` through the CLI, on both databases (SECURITY 18)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from rejoinder.app import create_app
from rejoinder.config import Settings
from rejoinder.platform.passwords import verify_password
from rejoinder.storage.db import create_engine, session_factory
from rejoinder.storage.repositories import accounts
from tests.helpers import CLI_SECRET, cli_invoker


@pytest.fixture
def rejoinder(clean_database: str, tmp_path: Path) -> Any:
    invoke = cli_invoker(clean_database, tmp_path)
    invoke("site", "create", "news", "--origin", "https://news.example")
    invoke("site", "create", "sport", "--origin", "https://news.example")
    return invoke


def _queue_status(database_url: str, tmp_path: Path, site: str, secret: str) -> int:
    async def fetch() -> int:
        app = create_app(
            Settings(database_url=database_url, data_dir=tmp_path, secret_key=CLI_SECRET)
        )
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.get(
                f"/api/v1/sites/{site}/moderation/queue",
                headers={"Authorization": f"Bearer {secret}"},
            )
        await app.state.shutdown()
        return response.status_code

    return asyncio.run(fetch())


def _lines(output: str) -> list[list[str]]:
    return [line.split("\t") for line in output.splitlines()]


def test_an_admin_token_is_shown_once_works_everywhere_and_revokes(
    rejoinder: Any, clean_database: str, tmp_path: Path
) -> None:
    assert "Created admin desk-admin" in rejoinder(
        "user", "create", "desk-admin", "--role", "admin"
    )
    created = rejoinder("token", "create", "--user", "desk-admin", "--name", "cms")
    secret = created.splitlines()[-1]
    assert secret.startswith("rjt_") and "not shown again" in created

    listed = rejoinder("token", "list")
    assert secret not in listed
    token_id, owner, label, _created, state = _lines(listed)[0]
    assert (owner, label, state) == ("desk-admin", "cms", "never used")

    for site in ("news", "sport"):
        assert _queue_status(clean_database, tmp_path, site, secret) == 200
    assert _lines(rejoinder("token", "list"))[0][4].startswith("last used")

    assert f"Revoked token {token_id}" in rejoinder("token", "revoke", token_id)
    assert _queue_status(clean_database, tmp_path, "news", secret) == 401
    assert _lines(rejoinder("token", "list"))[0][4].startswith("revoked")
    assert "no live API token" in rejoinder("token", "revoke", token_id, expect=1)


def test_a_moderator_is_a_moderator_of_their_sites_only(
    rejoinder: Any, clean_database: str, tmp_path: Path
) -> None:
    rejoinder("user", "create", "night-desk", "--role", "moderator", "--site", "news")
    rejoinder("user", "create", "reader-ray", "--role", "reader")
    rows = {row[1]: row for row in _lines(rejoinder("user", "list"))}
    assert rows["night-desk"][2:4] == ["reader", "news"]  # install role, sites moderated
    assert rows["reader-ray"][2:4] == ["reader", "-"]

    secret = rejoinder("token", "create", "--user", "night-desk", "--name", "bot").splitlines()[-1]
    assert _queue_status(clean_database, tmp_path, "news", secret) == 200
    assert _queue_status(clean_database, tmp_path, "sport", secret) == 403


def test_bad_user_commands_fail_cleanly(rejoinder: Any) -> None:
    assert "at least one --site" in rejoinder(
        "user", "create", "mod-mo", "--role", "moderator", expect=1
    )
    assert "no site 'nowhere'" in rejoinder(
        "user", "create", "mod-mo", "--role", "moderator", "--site", "nowhere", expect=1
    )
    assert "only for moderators" in rejoinder(
        "user", "create", "ann", "--role", "admin", "--site", "news", expect=1
    )
    rejoinder("user", "create", "ann", "--role", "admin")
    assert "already an account" in rejoinder("user", "create", "ANN", "--role", "reader", expect=1)
    assert "no account named" in rejoinder(
        "token", "create", "--user", "nobody", "--name", "x", expect=1
    )
    assert "needs an --email" in rejoinder(
        "user", "create", "bob", "--role", "admin", "--password-stdin", stdin="long enough pw\n",
        expect=1,
    )  # fmt: skip
    assert rejoinder("user", "list").count("\n") == 1  # nothing half-created


def test_a_password_comes_from_stdin_and_is_stored_hashed(
    rejoinder: Any, clean_database: str
) -> None:
    password = "correct horse battery staple"
    rejoinder(
        "user", "create", "ed-itor", "--role", "admin", "--email", "Ed@News.example",
        "--password-stdin", stdin=f"{password}\n",
    )  # fmt: skip
    assert "ed@news.example" in rejoinder("user", "list")
    assert "password" in rejoinder(
        "user", "create", "weak", "--role", "reader", "--email", "w@news.example",
        "--password-stdin", stdin="short\n", expect=1,
    )  # fmt: skip

    async def stored() -> tuple[str | None, bool, bool]:
        engine = create_engine(clean_database)
        async with session_factory(engine)() as session:
            account = await accounts.by_display_name(session, "ed-itor")
            assert account is not None
            result = (
                account.password_hash,
                await verify_password(account.password_hash, password),
                account.email_verified_at is None,
            )
        await engine.dispose()
        return result

    password_hash, matches, unverified = asyncio.run(stored())
    assert password_hash is not None and password not in password_hash
    assert matches and unverified
