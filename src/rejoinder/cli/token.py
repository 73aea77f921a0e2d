"""`rejoinder token create|list|revoke`: API tokens for server-to-server use."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.cli._context import data_dir_option, load_settings, run
from rejoinder.services import user_admin
from rejoinder.services.runtime import Runtime
from rejoinder.services.user_admin import TokenRow


@click.group()
def token() -> None:
    """Manage API tokens (they act as their account)."""


@token.command("create")
@click.option("--user", "user_name", required=True, help="The account the token acts as.")
@click.option("--name", "label", required=True, help="What the token is for, e.g. 'cms'.")
@data_dir_option
def create(user_name: str, label: str, data_dir: Path | None) -> None:
    """Create a token and print its secret, once."""

    async def work(session: AsyncSession, runtime: Runtime) -> tuple[int, str]:
        row, secret = await user_admin.create_token(session, runtime, user_name, label)
        return row.id, secret

    token_id, secret = run(load_settings(data_dir), work)
    click.echo(f"Created token {token_id} for {user_name}. Store it now; it is not shown again:")
    click.echo(secret)


def _when(row: TokenRow) -> str:
    token = row.token
    if token.revoked_at is not None:
        return f"revoked {token.revoked_at:%Y-%m-%d %H:%M}"
    if token.last_used_at is not None:
        return f"last used {token.last_used_at:%Y-%m-%d %H:%M}"
    return "never used"


@token.command("list")
@data_dir_option
def list_tokens(data_dir: Path | None) -> None:
    """Tokens: id, account, name, created, state; tab-separated. Secrets are never shown."""

    async def work(session: AsyncSession, _runtime: Runtime) -> list[str]:
        return [
            f"{row.token.id}\t{row.owner}\t{row.token.name}\t"
            f"{row.token.created_at:%Y-%m-%d %H:%M}\t{_when(row)}"
            for row in await user_admin.list_tokens(session)
        ]

    for line in run(load_settings(data_dir), work):
        click.echo(line)


@token.command("revoke")
@click.argument("token_id", type=int)
@data_dir_option
def revoke(token_id: int, data_dir: Path | None) -> None:
    """Revoke token TOKEN_ID: it stops working at once."""

    async def work(session: AsyncSession, runtime: Runtime) -> None:
        await user_admin.revoke_token(session, runtime, token_id)

    run(load_settings(data_dir), work)
    click.echo(f"Revoked token {token_id}.")
