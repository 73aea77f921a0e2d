"""Rate limits as route dependencies: `dependencies=[limited("post")]` (SECURITY 28).

The address, its network and the story or comment in the path are counted before the request
touches the database (a flood is refused without queueing for SQLite's write lock); the signed-in
account is counted once its session has been looked up.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request

from rejoinder.http.deps import PrincipalDep, RuntimeDep, request_ip
from rejoinder.platform.rate_limits import network_of


def _in_site(request: Request, name: str) -> str | None:
    """A path parameter qualified by its site, so that `news/42` and `sport/42` count apart."""
    value = request.path_params.get(name)
    site = request.path_params.get("site", "")
    return None if value is None else f"{site}/{value}"


def limited(action: str) -> Any:
    """A dependency that counts one `action` against every limit that applies to the request."""

    async def count_address(request: Request, runtime: RuntimeDep) -> None:
        ip = request_ip(request, runtime)
        await runtime.limiter.hit(
            action,
            ip=ip,
            net=network_of(ip),
            story=_in_site(request, "story"),
            comment=_in_site(request, "comment_id"),
        )

    # A default, not Annotated: `count_address` is local, so that annotation would not resolve.
    # Declared first, it runs before the session (and SQLite's write lock) and the principal.
    async def count_account(
        *,
        _address: None = Depends(count_address),
        runtime: RuntimeDep,
        principal: PrincipalDep,
    ) -> None:
        if principal is not None:
            await runtime.limiter.hit(action, account=str(principal.account_id))

    return Depends(count_account)
