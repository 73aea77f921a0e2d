"""Edit tokens and cursors: signed, bound, expiring; forged ones refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rejoinder.domain.edit_grants import EditGrant
from rejoinder.domain.enums import SortOrder
from rejoinder.domain.errors import BadRequest, Forbidden
from rejoinder.domain.paging import Keyset
from rejoinder.platform import cursors
from rejoinder.platform.tokens import identity_hash, sign_edit_grant, verify_edit_grant

KEY = b"k" * 32


def test_token_round_trips_and_expires() -> None:
    grant = EditGrant(comment_id=5, site_id=2, version=3, expires_at=1_000)
    token = sign_edit_grant(KEY, grant)
    assert verify_edit_grant(KEY, token, now=999) == grant
    with pytest.raises(Forbidden, match="expired"):
        verify_edit_grant(KEY, token, now=1_001)


@pytest.mark.parametrize(
    "mangle", [lambda t: t + "x", lambda t: "A" + t[1:], lambda t: "", lambda t: "a.b.c"]
)
def test_tampered_tokens_are_refused(mangle: object) -> None:
    token = sign_edit_grant(KEY, EditGrant(1, 1, 1, 10**10))
    with pytest.raises(Forbidden):
        verify_edit_grant(KEY, mangle(token), now=0)  # type: ignore[operator]


def test_another_install_secret_refuses_the_token() -> None:
    token = sign_edit_grant(KEY, EditGrant(1, 1, 1, 10**10))
    with pytest.raises(Forbidden):
        verify_edit_grant(b"other" * 8, token, now=0)


def test_identity_hash_depends_on_secret_and_kind() -> None:
    assert identity_hash(KEY, "ip", "192.0.2.1") == identity_hash(KEY, "ip", "192.0.2.1")
    assert identity_hash(KEY, "ip", "192.0.2.1") != identity_hash(b"x" * 32, "ip", "192.0.2.1")
    assert identity_hash(KEY, "ip", "a") != identity_hash(KEY, "guest", "a")


def test_cursor_round_trip_and_sort_binding() -> None:
    at = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    cursor = cursors.encode(SortOrder.OLDEST, Keyset(at, 42))
    assert cursors.decode(SortOrder.OLDEST, cursor) == Keyset(at, 42)
    with pytest.raises(BadRequest):
        cursors.decode(SortOrder.TOP, cursor)
    top = cursors.encode(SortOrder.TOP, Keyset(7, 3))
    assert cursors.decode(SortOrder.TOP, top) == Keyset(7, 3)
