"""The shipped slurs phase: a slur for a people is held; ordinary words about them are not."""

import pytest

from tests.unit.moderation.conftest import codes, verdict

ONLY_SLURS = {"phases": ["slurs"]}


@pytest.mark.parametrize(
    "text",
    [
        "Wake up and accept the fact that chicom is no.1 threat.",
        "The Chicoms will never allow it.",
        "Typical japs, always the same.",
    ],
)
async def test_a_slur_for_a_people_is_held_with_the_word(text: str) -> None:
    result = await verdict(ONLY_SLURS, text=text)
    assert (result.action, codes(result)) == ("hold", ["slur"])
    assert result.reasons[0].details["words"]


@pytest.mark.parametrize(
    "text",
    [
        "Japan and the Philippines signed the pact in Tokyo.",
        "The Chinese delegation and the Japanese minister met today.",
        "He took a nip of whisky and a pakora.",
    ],
)
async def test_ordinary_words_about_the_same_peoples_pass(text: str) -> None:
    result = await verdict(ONLY_SLURS, text=text)
    assert result.action == "publish"
