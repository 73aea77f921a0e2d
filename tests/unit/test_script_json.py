"""JSON embedded in <script> cannot end the element or start markup (SECURITY 1)."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from rejoinder.http.pages import script_json

HOSTILE = "</script><script>alert(1)</script><!-- \u2028\u2029 & <b>"


def test_hostile_strings_are_escaped_and_round_trip() -> None:
    embedded = str(script_json({"author": HOSTILE}))
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in embedded
    assert json.loads(embedded) == {"author": HOSTILE}


@given(st.text())
def test_any_string_survives_the_round_trip(text: str) -> None:
    embedded = str(script_json([text]))
    assert "</" not in embedded.lower()
    assert json.loads(embedded) == [text]
