import random
import string
import time

from rejoinder.moderation.wordlist import WordList


def test_matches_words_phrases_and_stems() -> None:
    words = WordList({"idiot": 1.0, "piece of junk": 1.0, "scum*": 1.0})
    found = {m.found for m in words.find("You IDI0T, a piece of junk... scumbags!")}
    assert found == {"idiot", "piece of junk", "scumbags"}


def test_undoes_spelling_tricks_but_not_substrings() -> None:
    words = WordList.of(["idiot", "ass"])
    assert [m.found for m in words.find("i d i o t")] == ["idiot"]
    assert [m.found for m in words.find("iiidiooot")] == ["idiot"]
    assert words.find("The assassin passed the class") == []


def test_five_thousand_words_against_hostile_input_is_fast() -> None:
    rng = random.Random(7)
    entries = [
        "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9))) for _ in range(4990)
    ]
    entries += [f"{w}*" for w in entries[:5]] + ["a a a a b", "x y z"]
    words = WordList.of(entries)
    hostile_inputs = [
        "a " * 32_768,
        "a" * 65_536,
        "aaa aab " * 8_192,
        "".join(rng.choices(string.printable, k=65_536)),
        entries[0] + " " + "ab" * 32_000,
    ]
    started = time.perf_counter()
    for text in hostile_inputs:
        words.find(text)
    assert time.perf_counter() - started < 2.0
    assert words.find(hostile_inputs[-1])[0].found == entries[0]


def test_numbers_are_not_read_as_leetspeak() -> None:
    from rejoinder.moderation.text import lookup_tokens

    assert "ass" not in lookup_tokens("comment 65 from thread 455")
    assert "shit" in lookup_tokens("sh1t happens")
