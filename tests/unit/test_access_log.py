"""The request id a client may choose, and the route label of an unrouted request."""

from __future__ import annotations

from rejoinder.http.access_log import UNMATCHED, request_id, route_template


def test_a_request_id_is_kept_only_when_it_is_a_short_safe_token() -> None:
    assert request_id([(b"x-request-id", b"edge-01.abc_9")]) == "edge-01.abc_9"
    for unsafe in (b"abc\n", b"a\r\nSet-Cookie: x", b"", b"x" * 65, b"%41", b"caf\xc3\xa9"):
        made = request_id([(b"x-request-id", unsafe)])
        assert len(made) == 32 and made != unsafe.decode("latin-1")


def test_an_unrouted_request_is_labelled_unmatched_never_by_its_path() -> None:
    assert route_template({"path": "/api/v1/sites/secret-site/x"}) == UNMATCHED
