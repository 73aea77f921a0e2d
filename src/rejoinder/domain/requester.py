"""Who is asking: the facts the HTTP layer hands to services about a request."""

from __future__ import annotations

from dataclasses import dataclass

from rejoinder.domain.principal import Principal


@dataclass(frozen=True)
class Requester:
    ip: str
    origin: str | None
    # HMAC of the reader's network identity: one reaction/report per reader without accounts.
    reader_key: str
    principal: Principal | None = None

    @property
    def account_id(self) -> int | None:
        return self.principal.account_id if self.principal else None
