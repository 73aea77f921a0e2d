"""Text that every database stores alike.

PostgreSQL refuses U+0000 anywhere in text, even in a lookup, and SQLite would keep it: user
text holding it is refused where it enters, with the same answer on either database. (A lone
surrogate, valid in JSON as `"\\ud800"`, is refused by pydantic itself as not a string.)
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

NUL_MESSAGE = "cannot contain the NUL character (U+0000)"


def has_nul(text: str) -> bool:
    return "\x00" in text


def storable(text: str) -> str:
    """A pydantic validator: the text unchanged, or an error that says what is wrong."""
    if has_nul(text):
        raise PydanticCustomError("nul_character", NUL_MESSAGE)
    return text


StorableStr = Annotated[str, AfterValidator(storable)]
