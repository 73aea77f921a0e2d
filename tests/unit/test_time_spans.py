"""A stretch of time in each language (i18n/locales.span): the digest mail's busiest interval
names its date once when it starts and ends on the same day."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rejoinder.i18n.locales import moment, span

START = datetime(2026, 12, 3, 14, 0, tzinfo=UTC)
END = datetime(2026, 12, 3, 15, 30, tzinfo=UTC)


def test_the_same_day_is_written_once() -> None:
    assert span(START, END, "en") == "Dec 3, 2026, 2:00\u202fPM \N{EN DASH} 3:30\u202fPM UTC"
    assert span(START, END, "de") == "03.12.2026, 14:00 \N{EN DASH} 15:30 UTC"


@pytest.mark.parametrize("code", ["en", "ja", "de", "fr", "es", "ar"])
def test_each_language_names_the_date_once_and_both_times(code: str) -> None:
    written = span(START, END, code)
    on_its_own = moment(START, code)
    assert written.endswith(" UTC") and written.count(" UTC") == 1
    assert len(written) < 2 * len(on_its_own)  # not the whole moment twice
    assert "\N{EN DASH}" in written


def test_two_days_are_both_written_in_full() -> None:
    later = datetime(2026, 12, 4, 1, 0, tzinfo=UTC)
    assert span(START, later, "en") == (
        f"{moment(START, 'en').removesuffix(' UTC')} \N{EN DASH} {moment(later, 'en')}"
    )
