"""The operator's accounts and API tokens, from the command line (`rejoinder user`, `token`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from rejoinder.domain.accounts import check_password, clean_display_name, clean_email
from rejoinder.domain.enums import AccountRole
from rejoinder.domain.errors import Conflict, Invalid, NotFound
from rejoinder.platform.passwords import hash_password
from rejoinder.services import access, audit, auth, roles
from rejoinder.services.runtime import Runtime
from rejoinder.storage.models import Account, ApiToken
from rejoinder.storage.repositories import accounts as account_repo
from rejoinder.storage.repositories import auth as auth_repo
from rejoinder.storage.repositories import roles as role_repo


@dataclass(frozen=True)
class NewUser:
    name: str
    role: AccountRole
    email: str | None = None
    password: str | None = None
    sites: tuple[str, ...] = ()


@dataclass(frozen=True)
class UserRow:
    account: Account
    moderates: list[str]


@dataclass(frozen=True)
class TokenRow:
    token: ApiToken
    owner: str


def _check_new_user(new: NewUser) -> None:
    if new.role is AccountRole.MODERATOR and not new.sites:
        raise Invalid("A moderator needs at least one --site.")
    if new.role is not AccountRole.MODERATOR and new.sites:
        raise Invalid("--site is only for moderators (admins moderate every site).")
    if new.password is not None and new.email is None:
        raise Invalid("A password needs an --email to sign in with.")


async def _unique(session: AsyncSession, name: str, email: str | None) -> None:
    if await account_repo.by_display_name(session, name) is not None:
        raise Conflict(f"There is already an account named '{name}'.")
    if email is not None and await account_repo.by_email(session, email) is not None:
        raise Conflict(f"There is already an account with the email {email}.")


async def create_user(session: AsyncSession, rt: Runtime, new: NewUser) -> Account:
    """An account with its role; a moderator gets each of their sites."""
    _check_new_user(new)
    name = clean_display_name(new.name, by_operator=True)
    email = clean_email(new.email) if new.email is not None else None
    if new.password is not None:
        check_password(new.password, email or "", name)
    await _unique(session, name, email)
    sites = [await access.access_site(session, slug) for slug in new.sites]
    account = await account_repo.add(
        session,
        Account(
            display_name=name,
            email=email,  # unverified: the address is confirmed by mail before any other mail
            password_hash=await hash_password(new.password) if new.password else None,
            role=AccountRole.ADMIN.value if new.role is AccountRole.ADMIN else "reader",
            created_at=rt.now(),
        ),
    )
    for site in sites:  # the operator's shell: the audit log names the command line
        await roles.grant_moderator(session, rt, site, account, actor=audit.CLI)
    return account


async def list_users(session: AsyncSession) -> list[UserRow]:
    return [
        UserRow(account, await role_repo.site_slugs_of(session, account.id))
        for account in await account_repo.list_all(session)
    ]


async def _account_named(session: AsyncSession, name: str) -> Account:
    account = await account_repo.by_display_name(session, name)
    if account is None:
        raise NotFound(f"There is no account named '{name}'.")
    return account


async def create_token(
    session: AsyncSession, rt: Runtime, user: str, label: str
) -> tuple[ApiToken, str]:
    """A token that acts as the account; its secret is returned here once, never stored."""
    label = label.strip()
    if not 1 <= len(label) <= 100:
        raise Invalid("A token name is 1-100 characters.")
    account = await _account_named(session, user)
    return await auth.create_api_token(session, rt, account, label)


async def list_tokens(session: AsyncSession) -> list[TokenRow]:
    rows = []
    for token in await auth_repo.tokens_of(session):
        owner = await account_repo.get(session, token.account_id)
        rows.append(TokenRow(token, owner.display_name if owner else "?"))
    return rows


async def revoke_token(session: AsyncSession, rt: Runtime, token_id: int) -> None:
    await auth.revoke_api_token(session, rt, token_id)
