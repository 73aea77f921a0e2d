"""The languages the server speaks, and what CLDR (through Babel) says about each: how to choose
one, which way it is written, its plural forms, its numbers and its dates (ADR 0024).

Every catalogue module of this package has `CATALOGUES`, one catalogue per code of `LANGUAGES`
with English's keys and `{placeholders}` (tests/unit/test_catalogues.py). An entry is a string
or, for a phrase with a count, a `Plural`: its forms by CLDR plural category (Arabic has six).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from functools import cache
from string import Formatter
from typing import Final, Literal

from babel import Locale
from babel.dates import format_date, format_time, format_timedelta
from babel.numbers import format_decimal

LANGUAGES: Final = ("en", "ja", "de", "fr", "es", "ar")
DEFAULT_LANGUAGE: Final = "en"
Direction = Literal["ltr", "rtl"]


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


def supported(tag: str | None) -> str | None:
    """The language we speak for a tag such as `ja-JP` or `fr_CA`, or None (`pt-BR`)."""
    primary = (tag or "").replace("_", "-").split("-")[0].strip().lower()
    return primary if primary in LANGUAGES else None


def language(tag: str | None) -> str:
    """The language we speak for a tag; English when we have none for it."""
    return supported(tag) or DEFAULT_LANGUAGE


def negotiate(accept_language: str | None) -> str | None:
    """The reader's most preferred language we speak, from an Accept-Language header
    (`de-CH,de;q=0.9,en;q=0.5`), or None when they name none of ours."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        if weight > 0 and tag.strip():
            ranked.append((-weight, position, tag.strip()))
    for _, _, tag in sorted(ranked):
        code = supported(tag)
        if code is not None:
            return code
    return None


def direction(code: str | None) -> Direction:
    """`rtl` for a language written right to left (Arabic), else `ltr`."""
    rtl = _locale(language(code)).character_order == "right-to-left"
    return "rtl" if rtl else "ltr"


def categories(code: str) -> frozenset[str]:
    """The CLDR plural categories of a language: `other` and those its rules name."""
    return frozenset({"other", *_locale(language(code)).plural_form.tags})


@dataclass(frozen=True)
class Plural:
    """The forms of a phrase with a count, by CLDR plural category; `by` names the field that
    holds the count. A language gives exactly the categories its rules have (English: one and
    other; Arabic: zero, one, two, few, many, other). A form may leave the count out ("تعليق
    واحد")."""

    other: str
    zero: str | None = None
    one: str | None = None
    two: str | None = None
    few: str | None = None
    many: str | None = None
    by: str = "n"

    def forms(self) -> dict[str, str]:
        """The forms given, by category."""
        given = ((f.name, getattr(self, f.name)) for f in fields(self) if f.name != "by")
        return {name: text for name, text in given if text is not None}

    def form(self, code: str, count: int) -> str:
        chosen: str | None = getattr(self, _locale(language(code)).plural_form(abs(count)))
        return chosen if chosen is not None else self.other


Entry = str | Plural


def fields_of(entry: Entry) -> set[str]:
    """The `{fields}` an entry takes: a Plural's count field and every field of its forms (one
    form may leave the count out). What the key test compares between languages."""
    texts = entry.forms().values() if isinstance(entry, Plural) else [entry]
    found = {name for text in texts for _, name, _, _ in Formatter().parse(text) if name}
    return found | ({entry.by} if isinstance(entry, Plural) else set())


def say(entry: Entry, code: str, fields_: Mapping[str, object]) -> str:
    """An entry as text: the plural form for its count (shown in the language's digits and
    separators), the `{fields}` filled in. A count may come as digits (`"7"`, from a form or
    a stored factor); one that is not a number takes the `other` form as it is."""
    if isinstance(entry, Plural):
        count = _count(fields_.get(entry.by))
        if count is None:
            return entry.other.format(**fields_)
        text = entry.form(code, count)
        return text.format(**{**fields_, entry.by: number(count, code)})
    return entry.format(**fields_) if fields_ else entry


def _count(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value)
    return None


def number(value: int, code: str) -> str:
    """`1234` as its language writes it: `1,234`, `1.234`, `1 234`."""
    return str(format_decimal(value, locale=_locale(language(code))))


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def moment(value: datetime, code: str) -> str:
    """An absolute time, as the language writes one: `Dec 3, 2026, 2:05 PM UTC`,
    `03.12.2026, 14:05 UTC`, `2026/12/03 14:05 UTC` (times are UTC everywhere)."""
    locale = _locale(language(code))
    when = _utc(value)
    pattern = str(locale.datetime_formats["medium"])
    on = format_date(when, "medium", locale=locale)
    at = format_time(when, "short", tzinfo=UTC, locale=locale)
    return pattern.replace("{1}", on).replace("{0}", at) + " UTC"


def span(start: datetime, end: datetime, code: str) -> str:
    """A stretch of time: the date once when both ends fall on the same day (UTC),
    `Dec 3, 2026, 2:00 PM - 3:00 PM UTC` (an en dash); both in full otherwise."""
    first, last = _utc(start), _utc(end)
    if first.date() != last.date():
        return f"{moment(first, code).removesuffix(' UTC')} \N{EN DASH} {moment(last, code)}"
    locale = _locale(language(code))
    pattern = str(locale.datetime_formats["medium"])
    on = format_date(first, "medium", locale=locale)
    times = [format_time(when, "short", tzinfo=UTC, locale=locale) for when in (first, last)]
    return pattern.replace("{1}", on).replace("{0}", " \N{EN DASH} ".join(times)) + " UTC"


def day(value: date | datetime | str, code: str) -> str:
    """A date in words: `December 3, 2026`, `3. Dezember 2026`, `3 ديسمبر 2026`. An ISO string
    (as DSA statements keep dates) is read first; one that is not a date is shown as given."""
    if isinstance(value, datetime):
        value = _utc(value).date()
    elif isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return str(value)
    return str(format_date(value, "long", locale=_locale(language(code))))


def ago(value: datetime, now: datetime, code: str) -> str:
    """A time relative to now: `3 hours ago`, `vor 3 Stunden`, `قبل 3 ساعات`."""
    delta = min(_utc(value) - _utc(now), -timedelta(seconds=1))  # never "in 2 seconds"
    return str(format_timedelta(delta, add_direction=True, locale=_locale(language(code))))
