"""The EU Digital Services Act in Rejoinder's terms: notices (Art. 16) and statements of reasons
(Art. 17) in the DSA Transparency Database's own vocabulary, with its validation rules (Art. 24(5)).

The names and values are those of the database's submission API (`POST /api/v1/statement`, schema
v2 of 1 July 2025), taken from its documentation, https://transparency.dsa.ec.europa.eu/page/
api-documentation, and from the request validation of its source code
(github.com/digital-services-act/transparency-database: `app/Models/Statement.php`,
`app/Http/Requests/StatementStoreRequest.php`, `app/Services/GroupedSubmissionsService.php`).
ADR 0013 says why statements are kept in exactly this form. Pure: no I/O, no framework.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Final
from urllib.parse import urlsplit

from rejoinder.domain.errors import BadRequest

# --- notices (Art. 16) -----------------------------------------------------------------------

MAX_LEGAL_GROUND_CHARS: Final = 300  # the column's length (reports.legal_ground)
MIN_NOTICE_EXPLANATION_CHARS: Final = 20  # "a sufficiently substantiated explanation", 16(2)(a)
NOTICE_LANGUAGES: Final = ("en", "ja")


def check_notice(legal_ground: str, explanation: str) -> None:
    """A reader's notice of illegal content names the law and explains why, or it is refused
    (400) with what is missing, so that the reader can complete it."""
    missing = []
    if not legal_ground.strip():
        missing.append("legal_ground (the law or legal reason the comment breaks)")
    if len(explanation.strip()) < MIN_NOTICE_EXPLANATION_CHARS:
        missing.append(
            f"detail (why the comment is illegal, at least {MIN_NOTICE_EXPLANATION_CHARS} "
            "characters)"
        )
    if missing:
        raise BadRequest(f"A notice of illegal content needs {' and '.join(missing)}.")


# --- the database's enumerations -------------------------------------------------------------


class DecisionVisibility(StrEnum):
    CONTENT_REMOVED = "DECISION_VISIBILITY_CONTENT_REMOVED"
    CONTENT_DISABLED = "DECISION_VISIBILITY_CONTENT_DISABLED"
    CONTENT_DEMOTED = "DECISION_VISIBILITY_CONTENT_DEMOTED"
    CONTENT_AGE_RESTRICTED = "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED"
    CONTENT_INTERACTION_RESTRICTED = "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED"
    CONTENT_LABELLED = "DECISION_VISIBILITY_CONTENT_LABELLED"
    OTHER = "DECISION_VISIBILITY_OTHER"


class DecisionGround(StrEnum):
    ILLEGAL_CONTENT = "DECISION_GROUND_ILLEGAL_CONTENT"
    INCOMPATIBLE_CONTENT = "DECISION_GROUND_INCOMPATIBLE_CONTENT"


class Category(StrEnum):
    """`category` (and `category_addition`), schema v2."""

    ANIMAL_WELFARE = "STATEMENT_CATEGORY_ANIMAL_WELFARE"
    CONSUMER_INFORMATION = "STATEMENT_CATEGORY_CONSUMER_INFORMATION"
    CYBER_VIOLENCE = "STATEMENT_CATEGORY_CYBER_VIOLENCE"
    CYBER_VIOLENCE_AGAINST_WOMEN = "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN"
    DATA_PROTECTION_AND_PRIVACY_VIOLATIONS = (
        "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS"
    )
    ILLEGAL_OR_HARMFUL_SPEECH = "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH"
    INTELLECTUAL_PROPERTY_INFRINGEMENTS = "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS"
    NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS = (
        "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS"
    )
    NOT_SPECIFIED_NOTICE = "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE"
    OTHER_VIOLATION_TC = "STATEMENT_CATEGORY_OTHER_VIOLATION_TC"
    PROTECTION_OF_MINORS = "STATEMENT_CATEGORY_PROTECTION_OF_MINORS"
    RISK_FOR_PUBLIC_SECURITY = "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY"
    SCAMS_AND_FRAUD = "STATEMENT_CATEGORY_SCAMS_AND_FRAUD"
    SELF_HARM = "STATEMENT_CATEGORY_SELF_HARM"
    UNSAFE_AND_PROHIBITED_PRODUCTS = "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS"
    VIOLENCE = "STATEMENT_CATEGORY_VIOLENCE"


class SourceType(StrEnum):
    ARTICLE_16 = "SOURCE_ARTICLE_16"  # a notice of illegal content (a reader's "illegal" report)
    TRUSTED_FLAGGER = "SOURCE_TRUSTED_FLAGGER"
    OTHER_NOTIFICATION = "SOURCE_TYPE_OTHER_NOTIFICATION"  # any other reader report
    VOLUNTARY = "SOURCE_VOLUNTARY"  # the site's own initiative: its moderators, its models


class AutomatedDecision(StrEnum):
    FULLY = "AUTOMATED_DECISION_FULLY"
    PARTIALLY = "AUTOMATED_DECISION_PARTIALLY"
    NOT_AUTOMATED = "AUTOMATED_DECISION_NOT_AUTOMATED"


YES, NO = "Yes", "No"  # automated_detection, incompatible_content_illegal
CONTENT_TYPES: Final = frozenset(
    {
        "CONTENT_TYPE_APP", "CONTENT_TYPE_AUDIO", "CONTENT_TYPE_IMAGE", "CONTENT_TYPE_PRODUCT",
        "CONTENT_TYPE_SYNTHETIC_MEDIA", "CONTENT_TYPE_TEXT", "CONTENT_TYPE_VIDEO",
        "CONTENT_TYPE_OTHER",
    }
)  # fmt: skip
DECISION_MONETARIES: Final = frozenset(
    {"DECISION_MONETARY_SUSPENSION", "DECISION_MONETARY_TERMINATION", "DECISION_MONETARY_OTHER"}
)
DECISION_PROVISIONS: Final = frozenset(
    {
        "DECISION_PROVISION_PARTIAL_SUSPENSION", "DECISION_PROVISION_TOTAL_SUSPENSION",
        "DECISION_PROVISION_PARTIAL_TERMINATION", "DECISION_PROVISION_TOTAL_TERMINATION",
    }
)  # fmt: skip
DECISION_ACCOUNTS: Final = frozenset({"DECISION_ACCOUNT_SUSPENDED", "DECISION_ACCOUNT_TERMINATED"})
ACCOUNT_TYPES: Final = frozenset({"ACCOUNT_TYPE_BUSINESS", "ACCOUNT_TYPE_PRIVATE"})
EU_COUNTRIES: Final = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
)  # fmt: skip
EEA_COUNTRIES: Final = (*EU_COUNTRIES, "IS", "LI", "NO")

# --- the database's rules --------------------------------------------------------------------

MAX_CHARS: Final = {
    "decision_visibility_other": 500, "decision_monetary_other": 500, "content_type_other": 500,
    "category_specification_other": 500, "decision_ground_reference_url": 500,
    "illegal_content_legal_ground": 500, "illegal_content_explanation": 2000,
    "incompatible_content_ground": 500, "incompatible_content_explanation": 2000,
    "decision_facts": 5000, "source_identity": 500, "puid": 500,
}  # fmt: skip
PUID: Final = re.compile(r"[a-zA-Z0-9_-]+")
_DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANGUAGE: Final = re.compile("[A-Z]{2}")  # ISO 639-1, upper case
EARLIEST_CONTENT_DATE: Final = date(2000, 1, 1)
EARLIEST_APPLICATION_DATE: Final = date(2020, 1, 1)
LATEST_DATE: Final = date(2038, 1, 1)
END_DATES: Final = (
    "end_date_account_restriction", "end_date_monetary_restriction",
    "end_date_service_restriction", "end_date_visibility_restriction",
)  # fmt: skip
_ILLEGAL_ONLY: Final = ("illegal_content_legal_ground", "illegal_content_explanation")
_INCOMPATIBLE_ONLY: Final = (
    "incompatible_content_ground", "incompatible_content_explanation",
    "incompatible_content_illegal",
)  # fmt: skip
FIELDS: Final = frozenset(
    {
        "decision_visibility", "decision_visibility_other", "decision_monetary",
        "decision_monetary_other", "decision_provision", "decision_account", "account_type",
        "decision_ground", "decision_ground_reference_url", *_ILLEGAL_ONLY, *_INCOMPATIBLE_ONLY,
        "content_type", "content_type_other", "category", "category_addition",
        "category_specification", "category_specification_other", "content_id",
        "territorial_scope", "content_language", "content_date", "application_date", *END_DATES,
        "decision_facts", "source_type", "source_identity", "automated_detection",
        "automated_decision", "puid",
    }
)  # fmt: skip
_RESTRICTIONS: Final = (
    "decision_visibility",
    "decision_monetary",
    "decision_provision",
    "decision_account",
)


def _given(value: object) -> bool:
    return value is not None and value != "" and value != []


def _day(statement: Mapping[str, Any], name: str, problems: list[str]) -> date | None:
    """The field as a date if it is one, in YYYY-MM-DD with leading zeroes (else a problem)."""
    value = statement.get(name)
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        problems.append(f"{name} must be a date written YYYY-MM-DD.")
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"{name} must be a date written YYYY-MM-DD.")
        return None


def _one_of(statement: Mapping[str, Any], name: str, allowed: frozenset[str]) -> list[str]:
    value = statement.get(name)
    if value is None or value in allowed:
        return []
    return [f"{name} {value!r} is not one of the allowed values."]


def _list_of(statement: Mapping[str, Any], name: str, allowed: frozenset[str]) -> list[str]:
    value = statement.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return [f"{name} must be a list of values."]
    unknown = [v for v in value if v not in allowed]
    return [f"{name} has values that are not allowed: {', '.join(unknown)}."] if unknown else []


def _lengths(statement: Mapping[str, Any]) -> list[str]:
    problems = []
    for name, limit in MAX_CHARS.items():
        value = statement.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append(f"{name} must be text.")
        elif len(value) > limit:
            problems.append(f"{name} is longer than {limit} characters.")
    return problems


def _restriction_problems(statement: Mapping[str, Any]) -> list[str]:
    problems = []
    if not any(_given(statement.get(name)) for name in _RESTRICTIONS):
        problems.append(
            "One of decision_visibility, decision_monetary, decision_provision or "
            "decision_account is required."
        )
    visibility = statement.get("decision_visibility")
    problems += _list_of(statement, "decision_visibility", frozenset(DecisionVisibility))
    other_visibility = isinstance(visibility, list) and DecisionVisibility.OTHER in visibility
    if other_visibility and not _given(statement.get("decision_visibility_other")):
        problems.append("decision_visibility_other is required with DECISION_VISIBILITY_OTHER.")
    problems += _one_of(statement, "decision_monetary", DECISION_MONETARIES)
    other_monetary = statement.get("decision_monetary") == "DECISION_MONETARY_OTHER"
    if other_monetary and not _given(statement.get("decision_monetary_other")):
        problems.append("decision_monetary_other is required with DECISION_MONETARY_OTHER.")
    problems += _one_of(statement, "decision_provision", DECISION_PROVISIONS)
    problems += _one_of(statement, "decision_account", DECISION_ACCOUNTS)
    problems += _one_of(statement, "account_type", ACCOUNT_TYPES)
    return problems


def _ground_problems(statement: Mapping[str, Any]) -> list[str]:
    ground = statement.get("decision_ground")
    if ground not in set(DecisionGround):
        return ["decision_ground is required: DECISION_GROUND_ILLEGAL_CONTENT or "
                "DECISION_GROUND_INCOMPATIBLE_CONTENT."]  # fmt: skip
    needed, excluded = (
        (_ILLEGAL_ONLY, _INCOMPATIBLE_ONLY)
        if ground == DecisionGround.ILLEGAL_CONTENT
        else (_INCOMPATIBLE_ONLY[:2], _ILLEGAL_ONLY)
    )
    problems = [f"{name} is required with {ground}." for name in needed
                if not _given(statement.get(name))]  # fmt: skip
    problems += [f"{name} does not go with {ground}." for name in excluded
                 if statement.get(name) is not None]  # fmt: skip
    problems += _one_of(statement, "incompatible_content_illegal", frozenset({YES, NO}))
    url = statement.get("decision_ground_reference_url")
    if isinstance(url, str) and not is_web_url(url):
        problems.append("decision_ground_reference_url must be a URL.")
    return problems


def _content_problems(statement: Mapping[str, Any]) -> list[str]:
    types = statement.get("content_type")
    problems = [] if _given(types) else ["content_type is required (a list)."]
    problems += _list_of(statement, "content_type", CONTENT_TYPES)
    other_type = isinstance(types, list) and "CONTENT_TYPE_OTHER" in types
    if other_type and not _given(statement.get("content_type_other")):
        problems.append("content_type_other is required with CONTENT_TYPE_OTHER.")
    if statement.get("category") not in set(Category):
        problems.append("category is required and must be one of the STATEMENT_CATEGORY_ values.")
    problems += _list_of(statement, "category_addition", frozenset(Category))
    language = statement.get("content_language")
    if language is not None and not (isinstance(language, str) and _LANGUAGE.fullmatch(language)):
        problems.append("content_language must be an upper-case ISO 639-1 code such as EN.")
    return problems


def _scope_problems(statement: Mapping[str, Any]) -> list[str]:
    # The documentation calls it required; the validation accepts it missing. We always send it.
    if not _given(statement.get("territorial_scope")):
        return ["territorial_scope is required (a list of EU/EEA country codes)."]
    return _list_of(statement, "territorial_scope", frozenset(EEA_COUNTRIES))


def _date_problems(statement: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    content = _day(statement, "content_date", problems)
    if content is not None and not EARLIEST_CONTENT_DATE <= content <= LATEST_DATE:
        problems.append("content_date must be between 2000-01-01 and 2038-01-01.")
    applied = _day(statement, "application_date", problems)
    if applied is not None and not EARLIEST_APPLICATION_DATE <= applied <= LATEST_DATE:
        problems.append("application_date must be between 2020-01-01 and 2038-01-01.")
    for name in END_DATES:
        if statement.get(name) is None:
            continue
        end = _day(statement, name, problems)
        if end is not None and (end > LATEST_DATE or (applied is not None and end < applied)):
            problems.append(f"{name} must be on or after application_date, by 2038-01-01.")
    return problems


def _source_problems(statement: Mapping[str, Any]) -> list[str]:
    problems = []
    if statement.get("source_type") not in set(SourceType):
        problems.append("source_type is required and must be one of the SOURCE_ values.")
    if statement.get("source_type") == SourceType.VOLUNTARY and _given(
        statement.get("source_identity")
    ):
        problems.append("source_identity is not taken with SOURCE_VOLUNTARY.")
    if statement.get("automated_detection") not in (YES, NO):
        problems.append("automated_detection is required: Yes or No.")
    if statement.get("automated_decision") not in set(AutomatedDecision):
        problems.append("automated_decision is required and must be one of AUTOMATED_DECISION_.")
    if not _given(statement.get("decision_facts")):
        problems.append("decision_facts is required.")
    puid = statement.get("puid")
    if not isinstance(puid, str) or not PUID.fullmatch(puid):
        problems.append("puid is required: letters, digits, '-' and '_' only.")
    return problems


def statement_problems(statement: Mapping[str, Any]) -> list[str]:
    """What the Transparency Database would refuse in `statement` (empty: it is valid).

    Stricter in two ways, both on the safe side: fields it does not know are refused (it would
    drop them), and fields it would exclude (`exclude_unless`) are refused rather than dropped.
    """
    unknown = sorted(set(statement) - FIELDS)
    problems = [f"Unknown fields: {', '.join(unknown)}."] if unknown else []
    for check in (_restriction_problems, _ground_problems, _content_problems, _scope_problems,
                  _date_problems, _source_problems):  # fmt: skip
        problems += check(statement)
    return problems + _lengths(statement)


def is_web_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in value


# --- Rejoinder's decisions as statements -----------------------------------------------------

# Pipeline phases that look at the content itself: their reasons are an automated detection.
DETECTION_PHASES: Final = frozenset({"model", "words", "links", "external", "duplicates", "flood"})


@dataclass(frozen=True)
class Grounds:
    """Why a comment was restricted: the law (illegal content) or the site's terms."""

    decision_ground: DecisionGround
    reference: str  # the legal ground, or the clause of the site's terms
    explanation: str
    category: Category
    reference_url: str | None = None
    also_illegal: bool | None = None  # incompatible content that is illegal as well


@dataclass(frozen=True)
class GroundsGiven:
    """A moderator's grounds as sent, before `grounds_of` checks them."""

    decision_ground: DecisionGround
    explanation: str
    category: Category
    legal_ground: str | None = None
    terms_ground: str | None = None
    reference_url: str | None = None
    also_illegal: bool | None = None


def grounds_of(given: GroundsGiven) -> Grounds:
    """The grounds, checked: the reference that goes with the ground, and only it (400)."""
    illegal = given.decision_ground is DecisionGround.ILLEGAL_CONTENT
    if illegal:
        wanted, other, names = given.legal_ground, given.terms_ground, ("legal", "terms")
    else:
        wanted, other, names = given.terms_ground, given.legal_ground, ("terms", "legal")
    if not (wanted or "").strip():
        raise BadRequest(f"Grounds of {given.decision_ground} need {names[0]}_ground.")
    if other is not None:
        raise BadRequest(
            f"Grounds of {given.decision_ground} take {names[0]}_ground, not {names[1]}_ground."
        )
    if not given.explanation.strip():
        raise BadRequest("Grounds need an explanation of why the comment breaks them.")
    if illegal and given.also_illegal is not None:
        raise BadRequest("also_illegal goes with DECISION_GROUND_INCOMPATIBLE_CONTENT only.")
    if given.reference_url is not None and not is_web_url(given.reference_url):
        raise BadRequest("reference_url must be an http(s) URL.")
    return Grounds(
        given.decision_ground,
        " ".join((wanted or "").split()),
        given.explanation.strip(),
        given.category,
        given.reference_url,
        given.also_illegal,
    )


@dataclass(frozen=True)
class StatementFacts:
    """Everything a statement says, gathered by the service; `build_statement` only arranges."""

    puid: str
    grounds: Grounds
    facts: str
    content_date: date
    application_date: date
    source_type: SourceType
    automated_detection: bool
    automated_decision: AutomatedDecision
    territorial_scope: tuple[str, ...]
    content_language: str | None
    visibility: DecisionVisibility = DecisionVisibility.CONTENT_REMOVED


def _clip(text: str, name: str) -> str:
    limit = MAX_CHARS[name]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _ground_fields(grounds: Grounds) -> dict[str, Any]:
    if grounds.decision_ground is DecisionGround.ILLEGAL_CONTENT:
        legal, why = "illegal_content_legal_ground", "illegal_content_explanation"
        return {legal: _clip(grounds.reference, legal), why: _clip(grounds.explanation, why)}
    fields: dict[str, Any] = {
        "incompatible_content_ground": _clip(grounds.reference, "incompatible_content_ground"),
        "incompatible_content_explanation": _clip(
            grounds.explanation, "incompatible_content_explanation"
        ),
    }
    if grounds.also_illegal is not None:
        fields["incompatible_content_illegal"] = YES if grounds.also_illegal else NO
    return fields


def build_statement(facts: StatementFacts) -> dict[str, Any]:
    """The statement as the Transparency Database takes it. A comment is text; nothing about the
    author goes in (the API takes no personal data: no names, addresses, nor the text itself)."""
    grounds = facts.grounds
    statement: dict[str, Any] = {
        "decision_visibility": [facts.visibility.value],
        "decision_ground": grounds.decision_ground.value,
        **_ground_fields(grounds),
        "content_type": ["CONTENT_TYPE_TEXT"],
        "category": grounds.category.value,
        "territorial_scope": list(facts.territorial_scope),
        "content_date": max(facts.content_date, EARLIEST_CONTENT_DATE).isoformat(),
        "application_date": facts.application_date.isoformat(),
        "decision_facts": _clip(facts.facts, "decision_facts"),
        "source_type": facts.source_type.value,
        "automated_detection": YES if facts.automated_detection else NO,
        "automated_decision": facts.automated_decision.value,
        "puid": facts.puid,
    }
    if grounds.reference_url is not None:
        statement["decision_ground_reference_url"] = grounds.reference_url
    if facts.content_language is not None:
        statement["content_language"] = facts.content_language.upper()
    return statement


# What an automated rejection's reasons say, as the database's categories (first match wins).
_AUTOMATED_CATEGORIES: Final = (
    ("identity_attack", Category.ILLEGAL_OR_HARMFUL_SPEECH),
    ("insult", Category.CYBER_VIOLENCE),
    ("toxicity", Category.ILLEGAL_OR_HARMFUL_SPEECH),
)


def automated_category(codes: set[str]) -> Category:
    """The category of a rejection the pipeline made alone: spam, links, words and profanity
    break the site's rules rather than a law (OTHER_VIOLATION_TC)."""
    for code, category in _AUTOMATED_CATEGORIES:
        if code in codes:
            return category
    return Category.OTHER_VIOLATION_TC


def puid_for(site_slug: str, decision_id: int, random_part: str) -> str:
    """`<site>-<decision>-<random>`: unique per decision and never reused (site slugs are
    `[a-z0-9-]`, the random part hex)."""
    puid = f"{site_slug}-{decision_id}-{random_part}"
    assert PUID.fullmatch(puid), puid
    return puid
