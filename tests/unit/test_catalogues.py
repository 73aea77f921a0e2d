"""Every server catalogue speaks every language of `locales.LANGUAGES` as English does: the same
keys, the same `{fields}` per entry, and for a phrase with a count exactly the plural forms CLDR
(through Babel) gives that language (docs/languages.md, ADR 0024)."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Mapping
from pathlib import Path
from types import ModuleType
from typing import get_args

import pytest
from babel import Locale

import rejoinder.i18n
from rejoinder.domain.languages import Language
from rejoinder.i18n.locales import LANGUAGES, Plural, direction, fields_of

REPO = Path(__file__).parents[2]


def _catalogue_modules() -> list[ModuleType]:
    """The package and each module of it that has a `CATALOGUES` dict; all are imported first,
    as the dashboard's modules add their strings to admin.py's on import."""
    names = [m.name for m in pkgutil.iter_modules(rejoinder.i18n.__path__, "rejoinder.i18n.")]
    modules = [rejoinder.i18n, *(importlib.import_module(name) for name in names)]
    return [m for m in modules if isinstance(getattr(m, "CATALOGUES", None), dict)]


def _plural_forms(code: str) -> set[str]:
    return {"other", *Locale.parse(code).plural_form.tags}


def _entry_problems(code: str, key: str, english: object, entry: object) -> list[str]:
    if callable(entry) or callable(english):
        return [f"{code}.{key}: a function, not a string or Plural (its forms cannot be checked)"]
    if not isinstance(entry, str | Plural) or not isinstance(english, str | Plural):
        return [f"{code}.{key}: neither a string nor a Plural"]
    problems = []
    if fields_of(entry) != fields_of(english):
        problems.append(
            f"{code}.{key}: fields {sorted(fields_of(entry))}, English {sorted(fields_of(english))}"
        )
    if isinstance(entry, Plural):
        given, needed = set(entry.forms()), _plural_forms(code)
        if given - needed:
            problems.append(
                f"{code}.{key}: plural forms {code} does not have {sorted(given - needed)}"
            )
        if needed - given:
            problems.append(f"{code}.{key}: plural forms missing {sorted(needed - given)}")
    elif isinstance(english, Plural) and code != "en":
        problems.append(f"{code}.{key}: a string where English has a Plural")
    return problems


def catalogue_problems(catalogues: Mapping[str, Mapping[str, object]]) -> list[str]:
    """What is wrong with one module's catalogues, one line a problem (empty when all is well)."""
    problems = [f"no catalogue for {code}" for code in LANGUAGES if code not in catalogues]
    problems += [f"a language we do not speak: {c}" for c in catalogues if c not in LANGUAGES]
    english = catalogues.get("en", {})
    for code in (c for c in LANGUAGES if c in catalogues):
        catalogue = catalogues[code]
        problems += [f"{code}: missing key {key}" for key in english if key not in catalogue]
        problems += [f"{code}: key English lacks {key}" for key in catalogue if key not in english]
        for key in (k for k in english if k in catalogue):
            problems += _entry_problems(code, key, english[key], catalogue[key])
    return problems


MODULES = _catalogue_modules()


def test_the_catalogue_modules_are_found() -> None:
    found = {m.__name__.removeprefix("rejoinder.i18n").lstrip(".") or "comments" for m in MODULES}
    assert {"comments", "admin", "accounts", "dsa", "notifications", "my_comments"} <= found


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_language_has_english_keys_fields_and_its_own_plural_forms(
    module: ModuleType,
) -> None:
    assert catalogue_problems(module.CATALOGUES) == []


def test_a_broken_catalogue_is_reported() -> None:
    english: dict[str, object] = {
        "title": "Comments on {story}",
        "count": Plural(one="{n} comment", other="{n} comments"),
    }
    broken: dict[str, dict[str, object]] = {code: dict(english) for code in LANGUAGES}
    broken["en"]["only_in_english"] = "New"
    broken["de"]["title"] = "Kommentare zu {stroy}"
    broken["ja"]["count"] = Plural(one="コメント {n} 件", other="コメント {n} 件")
    broken["ar"]["count"] = Plural(one="تعليق واحد", other="{n} تعليق")
    problems = catalogue_problems(broken)
    for code in ("ja", "de", "fr", "es", "ar"):
        assert f"{code}: missing key only_in_english" in problems
    assert "de.title: fields ['stroy'], English ['story']" in problems
    assert "ja.count: plural forms ja does not have ['one']" in problems
    assert "ar.count: plural forms missing ['few', 'many', 'two', 'zero']" in problems
    assert "fr.count: plural forms missing ['many']" in problems  # one million: "de"
    assert "es.count: plural forms missing ['many']" in problems
    assert len(problems) == 10, problems


def test_the_domain_type_names_the_same_languages() -> None:
    assert get_args(Language) == LANGUAGES


def _quoted(text: str, pattern: str) -> set[str]:
    found = re.search(pattern, text)
    assert found is not None, pattern
    return set(re.findall(r"[\"']([a-z]{2})[\"']", found.group(1)))


def test_the_pages_and_the_widget_write_right_to_left_what_cldr_does() -> None:
    rtl = {code for code in LANGUAGES if direction(code) == "rtl"}
    assert rtl == {"ar"}
    base = (REPO / "src" / "rejoinder" / "templates" / "base.html").read_text()
    assert _quoted(base, r'"rtl" if \(self\.lang\(\) \| trim\)\[:2\] in \(([^)]*)\)') == rtl
    widget = (REPO / "widget" / "src" / "languages.ts").read_text()
    assert _quoted(widget, r"export const RTL = \[([^\]]*)\]") == rtl
    assert _quoted(widget, r"export const LANGUAGES = \[([^\]]*)\]") == set(LANGUAGES)
