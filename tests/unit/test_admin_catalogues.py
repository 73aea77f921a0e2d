"""The dashboard's catalogues: every language has English's strings with the same
placeholders, and every reason a queue item gives for its place has words in each.
(tests/unit/test_catalogues.py holds every catalogue module to the same rules.)"""

from __future__ import annotations

import importlib
import pkgutil

import rejoinder.i18n
from rejoinder.domain import risk
from rejoinder.i18n.admin import CATALOGUES
from rejoinder.i18n.locales import LANGUAGES, fields_of

for _module in pkgutil.iter_modules(rejoinder.i18n.__path__, "rejoinder.i18n."):
    importlib.import_module(_module.name)  # each dashboard module registers its strings


def test_every_language_has_english_keys_and_placeholders() -> None:
    en = CATALOGUES["en"]
    for code in LANGUAGES:
        catalogue = CATALOGUES[code]
        assert set(catalogue) == set(en), code
        differ = [key for key in en if fields_of(en[key]) != fields_of(catalogue[key])]
        assert differ == [], code


def test_every_risk_factor_is_said_in_every_language_with_its_values() -> None:
    for code, words in risk.WORDS.items():
        for catalogue in CATALOGUES.values():
            assert fields_of(catalogue[f"why_{code}"]) == fields_of(words), code
    assert CATALOGUES["en"]["why_score"] == risk.WORDS["score"]  # English as the API says it
