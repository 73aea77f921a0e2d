"""The dashboard's catalogues: English and Japanese have the same strings with the same
placeholders, and every reason a queue item gives for its place has words in both."""

from __future__ import annotations

import importlib
import pkgutil
import string

import rejoinder.i18n
from rejoinder.domain import risk
from rejoinder.i18n.admin import CATALOGUES

for _module in pkgutil.iter_modules(rejoinder.i18n.__path__, "rejoinder.i18n."):
    importlib.import_module(_module.name)  # each dashboard module registers its strings


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_english_and_japanese_have_the_same_keys_and_placeholders() -> None:
    en, ja = CATALOGUES["en"], CATALOGUES["ja"]
    assert set(en) == set(ja)
    differ = [key for key in en if _placeholders(en[key]) != _placeholders(ja[key])]
    assert differ == []


def test_every_risk_factor_is_said_in_both_languages_with_its_values() -> None:
    for code, words in risk.WORDS.items():
        for catalogue in CATALOGUES.values():
            assert _placeholders(catalogue[f"why_{code}"]) == _placeholders(words), code
    assert CATALOGUES["en"]["why_score"] == risk.WORDS["score"]  # English as the API says it
