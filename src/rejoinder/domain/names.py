"""What a shown name may be: nothing invisible, nothing that reads as staff or as the install.

Names are compared by what a reader sees, not by their code points (ADR 0007): NFKC with case
folding (fullwidth U+FF2D and `M`, `ß` and `ss`), then the Unicode TR39 skeleton from ICU
(Cyrillic U+0410 and Latin `A`, `rn` and `m`, `0` and `O`), repeated until it is stable. Two
names with the same key look the same on a page.
"""

from __future__ import annotations

import re
from functools import lru_cache

import icu

from rejoinder.domain.errors import Invalid

# Words that would pass for the install or its staff: refused as a whole name, as a word inside
# one ("Site Admin", "Rejoinder staff", "SiteAdmin") and, for the first few, at its start.
STAFF_WORDS = (
    "admin", "admins", "administrator", "administrators", "moderator", "moderators", "mod",
    "mods", "staff", "rejoinder", "editor", "editors", "newsroom", "official", "sysop",
    "webmaster", "verified", "unconfirmed",
)  # fmt: skip
STAFF_PREFIXES = ("admin", "moderator", "rejoinder")
# Whole names that would pass for the system itself ("deleted account" is an anonymised author).
SYSTEM_NAMES = ("deleted", "deleted account", "system", "root", "support", "null")
# Whole names only accounts may not take: a guest calling themselves a guest is telling the truth.
ACCOUNT_ONLY_NAMES = ("guest", "anonymous")

# Shown as nothing or as a space: Default_Ignorable_Code_Point (U+3164, U+115F, U+FFA0, U+200B,
# U+2060, variation selectors, tags, ...), controls, formats, unassigned and private-use code
# points, separators other than the plain space, and the blank braille pattern. ICU's own tables,
# so the Unicode version is the same as the skeleton's.
_INVISIBLE = icu.UnicodeSet(
    r"[[:Default_Ignorable_Code_Point:][:Cc:][:Cf:][:Cs:][:Co:][:Cn:][:Zl:][:Zp:][:Zs:]"
    r"[\u2800]-[\u0020]]"
)
_INVISIBLE.freeze()  # read-only from here on: safe to share between threads
_SEPARATORS = re.compile(r"[\s._\-]+")
_SKELETON_ROUNDS = 3

_nfkc = icu.Normalizer2.getNFKCInstance()
_fold = icu.Normalizer2.getNFKCCasefoldInstance()
_spoof = icu.SpoofChecker()


def has_invisible(name: str) -> bool:
    return not _INVISIBLE.containsNone(name)


def without_invisible(name: str) -> str:
    """The name with every character that shows nothing taken out (for names we do not choose)."""
    return "".join(ch for ch in name if not _INVISIBLE.contains(ch))


def skeleton(text: str) -> str:
    """Case-folded TR39 skeleton. Folding can undo the skeleton (Cherokee U+13B7 → `M` → `m` →
    `rn`), so the two alternate until nothing changes."""
    key = str(_fold.normalize(text))
    for _ in range(_SKELETON_ROUNDS):
        again = str(_fold.normalize(_spoof.getSkeleton(0, key)))
        if again == key:
            break
        key = again
    return key


def name_key(name: str) -> str:
    """What two names are compared by: the skeleton without spaces or separators."""
    return skeleton(_SEPARATORS.sub("", name))


def _words(name: str) -> list[str]:
    """Split at separators and where a lower-case letter meets a capital: "SiteAdmin" is two
    words to a reader."""
    words: list[str] = []
    for part in _SEPARATORS.split(str(_nfkc.normalize(name))):
        start = 0
        for i in range(1, len(part)):
            if part[i - 1].islower() and part[i].isupper():
                words.append(part[start:i])
                start = i
        words.append(part[start:])
    return [word for word in words if word]


@lru_cache(maxsize=1)
def _reserved_keys() -> tuple[frozenset[str], tuple[str, ...], frozenset[str], frozenset[str]]:
    return (
        frozenset(skeleton(word) for word in STAFF_WORDS),
        tuple(skeleton(prefix) for prefix in STAFF_PREFIXES),
        frozenset(name_key(name) for name in SYSTEM_NAMES),
        frozenset(name_key(name) for name in ACCOUNT_ONLY_NAMES),
    )


def is_reserved(name: str, *, for_account: bool) -> bool:
    """Reads as staff or as the install (in any letters); `for_account` adds the names only
    accounts may not take."""
    words, prefixes, system, account_only = _reserved_keys()
    key = name_key(name)
    if key in words or key in system or key.startswith(prefixes):
        return True
    if for_account and key in account_only:
        return True
    return any(skeleton(word) in words for word in _words(name))


def check_shown_name(name: str, *, for_account: bool) -> None:
    """Invalid when the name hides characters or reads as staff, whoever chose it."""
    if has_invisible(name):
        raise Invalid("A name cannot contain invisible characters.")
    if is_reserved(name, for_account=for_account):
        raise Invalid(f"The name '{name}' is reserved; please choose another.")
