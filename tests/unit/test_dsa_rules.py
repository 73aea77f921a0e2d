"""The DSA Transparency Database's rules, as domain/dsa.py implements them: each rule refuses."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from rejoinder.domain import dsa
from rejoinder.domain.errors import BadRequest


def _facts(**changes: Any) -> dsa.StatementFacts:
    values: dict[str, Any] = {
        "puid": "news-12-0a1b2c",
        "grounds": dsa.Grounds(
            dsa.DecisionGround.ILLEGAL_CONTENT,
            "§ 186 StGB (defamation)",
            "It states as fact that a named person took bribes.",
            dsa.Category.ILLEGAL_OR_HARMFUL_SPEECH,
        ),
        "facts": "A reader comment was removed by a moderator after a notice.",
        "content_date": date(2026, 11, 30),
        "application_date": date(2026, 12, 1),
        "source_type": dsa.SourceType.ARTICLE_16,
        "automated_detection": False,
        "automated_decision": dsa.AutomatedDecision.NOT_AUTOMATED,
        "territorial_scope": dsa.EEA_COUNTRIES,
        "content_language": "en",
    }
    return dsa.StatementFacts(**(values | changes))


def _valid() -> dict[str, Any]:
    return dsa.build_statement(_facts())


def test_a_built_statement_is_valid_and_in_the_databases_own_terms() -> None:
    statement = _valid()
    assert dsa.statement_problems(statement) == []
    assert statement["decision_visibility"] == ["DECISION_VISIBILITY_CONTENT_REMOVED"]
    assert statement["decision_ground"] == "DECISION_GROUND_ILLEGAL_CONTENT"
    assert statement["illegal_content_legal_ground"] == "§ 186 StGB (defamation)"
    assert statement["content_type"] == ["CONTENT_TYPE_TEXT"]
    assert statement["content_date"] == "2026-11-30"
    assert statement["application_date"] == "2026-12-01"
    assert statement["content_language"] == "EN"
    assert statement["automated_detection"] == "No"
    assert statement["automated_decision"] == "AUTOMATED_DECISION_NOT_AUTOMATED"
    assert statement["source_type"] == "SOURCE_ARTICLE_16"
    assert "incompatible_content_ground" not in statement


def test_terms_grounds_give_the_incompatible_fields_only() -> None:
    grounds = dsa.Grounds(
        dsa.DecisionGround.INCOMPATIBLE_CONTENT,
        "Comment rules, section 2 (no insults)",
        "It insults another reader.",
        dsa.Category.CYBER_VIOLENCE,
        "https://news.example/rules#2",
        also_illegal=False,
    )
    statement = dsa.build_statement(_facts(grounds=grounds, source_type=dsa.SourceType.VOLUNTARY))
    assert dsa.statement_problems(statement) == []
    assert statement["incompatible_content_ground"] == "Comment rules, section 2 (no insults)"
    assert statement["incompatible_content_illegal"] == "No"
    assert statement["decision_ground_reference_url"] == "https://news.example/rules#2"
    assert not {"illegal_content_legal_ground", "illegal_content_explanation"} & set(statement)


def test_long_texts_are_cut_to_the_limits_and_old_comments_dated_2000() -> None:
    grounds = dsa.Grounds(
        dsa.DecisionGround.ILLEGAL_CONTENT, "x" * 900, "y" * 3000, dsa.Category.VIOLENCE
    )
    statement = dsa.build_statement(
        _facts(grounds=grounds, facts="z" * 6000, content_date=date(1998, 5, 1))
    )
    assert dsa.statement_problems(statement) == []
    assert len(statement["illegal_content_legal_ground"]) == 500
    assert len(statement["illegal_content_explanation"]) == 2000
    assert len(statement["decision_facts"]) == 5000
    assert statement["content_date"] == "2000-01-01"


def _without(name: str) -> dict[str, Any]:
    statement = _valid()
    del statement[name]
    return statement


def _with(**changes: Any) -> dict[str, Any]:
    return _valid() | changes


INVALID = {
    "no decision ground": (_without("decision_ground"), "decision_ground"),
    "illegal without its legal ground": (
        _without("illegal_content_legal_ground"), "illegal_content_legal_ground"),
    "illegal without its explanation": (
        _without("illegal_content_explanation"), "illegal_content_explanation"),
    "illegal with the terms' fields": (
        _with(incompatible_content_ground="Rule 1"), "incompatible_content_ground"),
    "terms without the clause": (
        _with(decision_ground="DECISION_GROUND_INCOMPATIBLE_CONTENT",
              illegal_content_legal_ground=None, illegal_content_explanation=None,
              incompatible_content_explanation="Why"),
        "incompatible_content_ground"),
    "an unknown ground": (_with(decision_ground="ILLEGAL_CONTENT"), "decision_ground"),
    "no restriction at all": (_without("decision_visibility"), "decision_visibility"),
    "visibility not a list": (
        _with(decision_visibility="DECISION_VISIBILITY_CONTENT_REMOVED"), "decision_visibility"),
    "another restriction without saying which": (
        _with(decision_visibility=["DECISION_VISIBILITY_OTHER"]), "decision_visibility_other"),
    "an unknown account decision": (_with(decision_account="BANNED"), "decision_account"),
    "no content type": (_without("content_type"), "content_type"),
    "an unknown content type": (_with(content_type=["CONTENT_TYPE_COMMENT"]), "content_type"),
    "other content without saying which": (
        _with(content_type=["CONTENT_TYPE_OTHER"]), "content_type_other"),
    "no category": (_without("category"), "category"),
    "a category of schema v1 only": (
        _with(category="STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT"), "category"),
    "a country outside the EEA": (_with(territorial_scope=["DE", "US"]), "territorial_scope"),
    "no territorial scope": (_with(territorial_scope=[]), "territorial_scope"),
    "a lower-case language": (_with(content_language="en"), "content_language"),
    "a date without leading zeroes": (_with(content_date="2026-1-5"), "content_date"),
    "a date with an hour (schema v1)": (
        _with(application_date="2026-12-01-10"), "application_date"),
    "a date that does not exist": (_with(application_date="2026-02-30"), "application_date"),
    "a decision before 2020": (_with(application_date="2019-12-31"), "application_date"),
    "content before 2000": (_with(content_date="1999-12-31"), "content_date"),
    "a decision after 2038": (_with(application_date="2038-01-02"), "application_date"),
    "an end before the start": (
        _with(end_date_visibility_restriction="2026-11-01"), "end_date_visibility_restriction"),
    "no facts": (_with(decision_facts=""), "decision_facts"),
    "too many facts": (_with(decision_facts="f" * 5001), "decision_facts"),
    "an explanation too long": (
        _with(illegal_content_explanation="e" * 2001), "illegal_content_explanation"),
    "an unknown source": (_with(source_type="SOURCE_READER"), "source_type"),
    "a notifier named on a voluntary decision": (
        _with(source_type="SOURCE_VOLUNTARY", source_identity="Jane Doe"), "source_identity"),
    "detection in lower case": (_with(automated_detection="yes"), "automated_detection"),
    "an automated decision of schema v1": (_with(automated_decision="Yes"), "automated_decision"),
    "no puid": (_without("puid"), "puid"),
    "a puid with a dot": (_with(puid="news.12"), "puid"),
    "a puid with a space": (_with(puid="news 12"), "puid"),
    "a puid with a new line": (_with(puid="news-12\n"), "puid"),
    "a puid too long": (_with(puid="p" * 501), "puid"),
    "a reference that is no URL": (
        _with(decision_ground_reference_url="javascript:alert(1)"),
        "decision_ground_reference_url"),
    "a field the database does not know": (_with(author_email="a@b.example"), "author_email"),
}  # fmt: skip


@pytest.mark.parametrize(("statement", "field"), INVALID.values(), ids=INVALID.keys())
def test_each_published_rule_refuses(statement: dict[str, Any], field: str) -> None:
    problems = dsa.statement_problems(statement)
    assert problems, "the validator accepted an invalid statement"
    assert any(field in problem for problem in problems), problems


def test_the_other_restrictions_satisfy_the_one_of_rule() -> None:
    statement = _without("decision_visibility") | {"decision_account": "DECISION_ACCOUNT_SUSPENDED"}
    assert dsa.statement_problems(statement) == []


def test_an_illegal_notice_needs_a_legal_ground_and_an_explanation() -> None:
    dsa.check_notice("Defamation", "It says a named person took bribes.")
    with pytest.raises(BadRequest, match="legal_ground"):
        dsa.check_notice("  ", "It says a named person took bribes.")
    with pytest.raises(BadRequest, match=r"detail .*at least 20"):
        dsa.check_notice("Defamation", "Untrue.")
    with pytest.raises(BadRequest, match=r"legal_ground .* and detail"):
        dsa.check_notice("", "")


def _given(**changes: Any) -> dsa.GroundsGiven:
    values: dict[str, Any] = {
        "decision_ground": dsa.DecisionGround.INCOMPATIBLE_CONTENT,
        "explanation": "It insults another reader.",
        "category": dsa.Category.CYBER_VIOLENCE,
        "terms_ground": "Rule 2",
    }
    return dsa.GroundsGiven(**(values | changes))


def test_a_moderators_grounds_take_the_reference_that_goes_with_them() -> None:
    assert dsa.grounds_of(_given()).reference == "Rule 2"
    illegal = _given(
        decision_ground=dsa.DecisionGround.ILLEGAL_CONTENT, terms_ground=None, legal_ground="§130"
    )
    assert dsa.grounds_of(illegal).reference == "§130"
    refused = {
        "terms_ground": _given(terms_ground=None),
        "not legal_ground": _given(legal_ground="§130"),
        "explanation": _given(explanation=" "),
        "reference_url": _given(reference_url="ftp://x.example/"),
        "also_illegal": _given(
            decision_ground=dsa.DecisionGround.ILLEGAL_CONTENT,
            terms_ground=None,
            legal_ground="§130",
            also_illegal=True,
        ),
    }
    for message, given in refused.items():
        with pytest.raises(BadRequest, match=message):
            dsa.grounds_of(given)


def test_puids_and_automated_categories() -> None:
    puid = dsa.puid_for("news-site", 42, "00ff")
    assert puid == "news-site-42-00ff" and dsa.PUID.fullmatch(puid)
    assert dsa.automated_category({"insult", "toxicity"}) is dsa.Category.CYBER_VIOLENCE
    assert dsa.automated_category({"identity_attack"}) is dsa.Category.ILLEGAL_OR_HARMFUL_SPEECH
    assert dsa.automated_category({"too_many_links"}) is dsa.Category.OTHER_VIOLATION_TC
