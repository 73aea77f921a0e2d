"""Reply notifications' rules that need no database: the flood limit and the catalogues."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rejoinder.domain.notifications import FLOOD_WINDOW, next_mail_at
from rejoinder.i18n.locales import fields_of
from rejoinder.i18n.notifications import CATALOGUES

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def test_mail_goes_now_while_the_last_hour_is_under_the_limit() -> None:
    sent = [NOW - timedelta(minutes=50), NOW - timedelta(minutes=10)]
    assert next_mail_at(sent, 3, NOW) == NOW
    assert next_mail_at([NOW - timedelta(minutes=61)] * 5, 3, NOW) == NOW  # out of the window


def test_over_the_limit_the_next_mail_waits_for_the_oldest_to_leave_the_window() -> None:
    sent = [NOW - timedelta(minutes=m) for m in (50, 30, 10)]
    assert next_mail_at(sent, 3, NOW) == sent[0] + FLOOD_WINDOW
    assert next_mail_at(sent, 2, NOW) == sent[1] + FLOOD_WINDOW


def test_every_catalogue_has_the_same_keys_and_fields() -> None:
    english = CATALOGUES["en"]
    for catalogue in CATALOGUES.values():
        assert catalogue.keys() == english.keys()
        for key, entry in catalogue.items():
            assert fields_of(entry) == fields_of(english[key]), key
