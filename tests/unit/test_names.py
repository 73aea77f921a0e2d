"""Shown names: look-alike letters, fullwidth forms, case and invisible characters do not make a
name that reads as staff, as the install or as someone else (Unicode TR39 skeletons, ADR 0007)."""

from __future__ import annotations

import pytest

from rejoinder.domain import names
from rejoinder.domain.accounts import clean_display_name
from rejoinder.domain.errors import Invalid
from rejoinder.services.comments import clean_author_name

HANGUL_FILLER = "\u3164"  # a letter (Lo) that shows nothing

RESERVED_LOOKALIKES = [
    "Moderator",
    "admin",
    "ADMINISTRATOR",
    "Rejoinder staff",
    "Rejoinder_Staff",
    "RejoinderStaff",
    "Site Admin",
    "The Newsroom",
    "Editor",
    "Mod",
    "\u0410dmin",  # Cyrillic capital A
    "\u0430\u0501m\u0456n",  # every letter Cyrillic: no mixed script to spot
    "\uff2d\uff4f\uff44\uff45\uff52\uff41\uff54\uff4f\uff52",  # fullwidth "Moderator"
    "M0DERAT0R",  # digit zero for O
    "\u13b7oderator",  # Cherokee MU for M
    "rnoderator",  # r n for m
    "moderator2",
]
INVISIBLE = [
    f"{HANGUL_FILLER}Moderator",
    f"Anna{HANGUL_FILLER}",
    "Anna\u115fK",  # Hangul choseong filler
    "Anna\uffa0K",  # halfwidth Hangul filler
    "Anna\u200bK",  # zero width space
    "Anna\u2060K",  # word joiner
    "Anna\ufe0f",  # variation selector
    "Anna\U000e0041",  # tag letter A
    "Anna\u2800K",  # braille blank
]
FINE = ["Anna", "Zoë Müller-Lüdenscheidt", "Badminton Fan", "Modesty", "山田太郎", "Σωκράτης"]


@pytest.mark.parametrize("name", RESERVED_LOOKALIKES)
def test_reserved_names_are_refused_to_accounts_in_any_disguise(name: str) -> None:
    with pytest.raises(Invalid, match="reserved"):
        clean_display_name(name)


@pytest.mark.parametrize("name", RESERVED_LOOKALIKES)
def test_reserved_names_are_refused_to_guests_in_any_disguise(name: str) -> None:
    with pytest.raises(Invalid, match="reserved"):
        clean_author_name(name)


@pytest.mark.parametrize("name", INVISIBLE)
def test_invisible_characters_are_refused_in_guest_names(name: str) -> None:
    with pytest.raises(Invalid, match=r"invisible|control"):
        clean_author_name(name)


@pytest.mark.parametrize("name", INVISIBLE[:3])
def test_invisible_letters_are_refused_in_account_names(name: str) -> None:
    with pytest.raises(Invalid, match="invisible"):
        clean_display_name(name)


@pytest.mark.parametrize("name", FINE)
def test_ordinary_names_pass(name: str) -> None:
    assert clean_display_name(name) == name
    assert clean_author_name(name) == name


def test_guests_may_call_themselves_guest() -> None:
    """Only accounts cannot: a guest saying so is telling the truth."""
    assert clean_author_name("Guest") == "Guest"
    with pytest.raises(Invalid, match="reserved"):
        clean_display_name("Guest")


@pytest.mark.parametrize(
    "other",
    ["jane doe", "JANE DOE", "\u0408ane Doe", "Jane \uff24oe", "Jane_Doe", "Jane  Doe", "Jane-Doe"],
)
def test_names_that_read_the_same_have_one_key(other: str) -> None:
    assert names.name_key(other) == names.name_key("Jane Doe")


@pytest.mark.parametrize("other", ["Jane Dodd", "Janet Doe", "Jane Doe 2"])
def test_names_that_read_differently_have_different_keys(other: str) -> None:
    assert names.name_key(other) != names.name_key("Jane Doe")
