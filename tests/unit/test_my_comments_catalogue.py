"""The words of "my comments", account deletion by mail and "forget me": six languages, each
with every key and the same `{fields}`; the language chosen as the pages choose it."""

from __future__ import annotations

import string

from rejoinder.i18n.my_comments import CATALOGUES, choose, translator


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_six_languages_with_the_same_keys_and_fields() -> None:
    assert set(CATALOGUES) == {"en", "ja", "de", "fr", "es", "ar"}
    english = CATALOGUES["en"]
    for code, catalogue in CATALOGUES.items():
        assert catalogue.keys() == english.keys(), code
        assert catalogue["lang"] == code
        for key, text in catalogue.items():
            assert _fields(text) == _fields(english[key]), (code, key)
    assert CATALOGUES["ar"]["dir"] == "rtl"
    assert {c["dir"] for code, c in CATALOGUES.items() if code != "ar"} == {"ltr"}


def test_the_language_comes_from_the_query_then_accept_language_then_english() -> None:
    assert choose("ja", "de-DE,de;q=0.9") == "ja"
    assert choose("pt-BR", "pt-PT,fr-CA;q=0.8,en;q=0.5") == "fr"
    assert choose(None, None) == "en"
    assert choose("", "xx") == "en"
    assert translator("es-MX")("forget_count", count=3) == "Comentarios que se retirarán: 3"
