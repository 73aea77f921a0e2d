"""The languages readers may ask for (mail, pages), as a type for settings and API fields.

The same codes as `rejoinder.i18n.locales.LANGUAGES`, which holds the words (a unit test keeps
the two equal; domain imports nothing of i18n)."""

from __future__ import annotations

from typing import Literal

Language = Literal["en", "ja", "de", "fr", "es", "ar"]
