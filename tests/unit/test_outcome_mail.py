"""Outcome mail and queue alerts' rules that need no database: the catalogues (six languages,
the same keys and fields), the language chosen for a tag, and what an inbox item shows."""

from __future__ import annotations

from string import Formatter

import pytest

from rejoinder.domain.inbox import excerpt, statement_summary
from rejoinder.i18n import (
    admin,
    admin_queue_alerts,  # noqa: F401  (registers its strings)
    outcome_mail,
    queue_alert_mail,
)

LANGUAGES = {"en", "ja", "de", "fr", "es", "ar"}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("module", [outcome_mail, queue_alert_mail])
def test_every_catalogue_has_six_languages_with_the_same_keys_and_fields(module: object) -> None:
    catalogues: dict[str, dict[str, str]] = getattr(module, "CATALOGUES")
    assert set(catalogues) == LANGUAGES
    english = catalogues["en"]
    for code, catalogue in catalogues.items():
        assert catalogue.keys() == english.keys(), code
        assert catalogue["lang"] == code
        for key, text in catalogue.items():
            assert _fields(text) == _fields(english[key]), (code, key)


def test_the_settings_page_labels_are_in_every_language_of_the_dashboard() -> None:
    for code in LANGUAGES:
        t = admin.admin_translator(code)
        assert t("qa_legend") and t("qa_pending") and t("qa_reported")
    assert admin.admin_translator("ja")("qa_legend") != admin.admin_translator("en")("qa_legend")


def test_the_language_of_a_tag_falls_back_to_english() -> None:
    assert outcome_mail.language_of("de-CH") == "de"
    assert outcome_mail.language_of("fr_CA") == "fr"
    assert outcome_mail.language_of("pt-BR") == "en"
    assert outcome_mail.language_of(None) == "en"
    t = outcome_mail.translator("ar")
    assert t("approved_subject", site="News") == "تمت الموافقة على تعليقك على News"


def test_an_excerpt_is_plain_text_of_at_most_140_characters() -> None:
    assert excerpt("<p>It was <strong>moved</strong> &amp; kept.</p>") == "It was moved & kept."
    long = excerpt("<p>" + "word " * 100 + "</p>")
    assert len(long) <= 140 and long.endswith("…")


def test_a_statement_summary_names_its_ground_and_explanation() -> None:
    terms = {
        "decision_ground": "DECISION_GROUND_INCOMPATIBLE_CONTENT",
        "incompatible_content_ground": "The comment rules of News",
        "incompatible_content_explanation": "Off topic.",
    }
    assert statement_summary(terms) == "The comment rules of News: Off topic."
    illegal = {
        "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT",
        "illegal_content_legal_ground": "Criminal code § 130",
        "illegal_content_explanation": "",
    }
    assert statement_summary(illegal) == "Criminal code § 130"
    assert statement_summary({}) is None
