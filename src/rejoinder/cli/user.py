"""`rejoinder user create|list`: staff and reader accounts, from the operator's shell."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.cli._context import data_dir_option, load_settings, run
from rejoinder.domain.enums import AccountRole
from rejoinder.services import user_admin
from rejoinder.services.runtime import Runtime
from rejoinder.services.user_admin import NewUser, UserRow


@click.group()
def user() -> None:
    """Manage accounts: admins, moderators, readers."""


def _password_from_stdin() -> str:
    """One line from stdin (never an argument: arguments end up in shell history and `ps`)."""
    return sys.stdin.readline().rstrip("\r\n")


@user.command("create")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice([r.value for r in AccountRole]),
    required=True,
    help="admin (every site), moderator (of each --site) or reader.",
)
@click.option("--site", "sites", multiple=True, help="A site a moderator moderates (repeat).")
@click.option("--email", default=None, help="Sign-in address (confirmed by mail later).")
@click.option("--password-stdin", is_flag=True, help="Read a password from the first stdin line.")
@data_dir_option
def create(
    name: str,
    role: str,
    sites: tuple[str, ...],
    email: str | None,
    password_stdin: bool,
    data_dir: Path | None,
) -> None:
    """Create an account NAME with a role."""
    new = NewUser(
        name=name,
        role=AccountRole(role),
        email=email,
        password=_password_from_stdin() if password_stdin else None,
        sites=sites,
    )

    async def work(session: AsyncSession, runtime: Runtime) -> tuple[int, str]:
        account = await user_admin.create_user(session, runtime, new)
        return account.id, account.display_name

    account_id, display_name = run(load_settings(data_dir), work)
    where = f" of {', '.join(sites)}" if sites else ""
    click.echo(f"Created {role} {display_name}{where} (account {account_id}).")


def _line(row: UserRow) -> str:
    account = row.account
    moderates = ",".join(row.moderates) or "-"
    fields = (str(account.id), account.display_name, account.role, moderates, account.email or "-")
    return "\t".join(fields)


@user.command("list")
@data_dir_option
def list_users(data_dir: Path | None) -> None:
    """Accounts: id, name, role, sites moderated, email; tab-separated."""

    async def work(session: AsyncSession, _runtime: Runtime) -> list[str]:
        return [_line(row) for row in await user_admin.list_users(session)]

    for line in run(load_settings(data_dir), work):
        click.echo(line)
