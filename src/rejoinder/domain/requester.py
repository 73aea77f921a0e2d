"""Who is asking: the facts the HTTP layer hands to services about a request."""

from __future__ import annotations

from dataclasses import dataclass

from rejoinder.domain.principal import Principal


@dataclass(frozen=True)
class Requester:
    ip: str
    origin: str | None
    # HMAC of the reader's network identity (an IPv4 address, an IPv6 /64): one reaction or
    # report per reader without an account, and what a guest ban names.
    reader_key: str
    principal: Principal | None = None
    # HMAC of the exact address where it differs (IPv6): guest bans made before readers were
    # keyed by their /64 name it, and still hold.
    address_key: str | None = None

    @property
    def guest_keys(self) -> tuple[str, ...]:
        return (
            (self.reader_key,) if self.address_key is None else (self.reader_key, self.address_key)
        )

    @property
    def account_id(self) -> int | None:
        return self.principal.account_id if self.principal else None
