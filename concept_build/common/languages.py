"""The languages of the Concept: English, its source, and the eight translations, with their own names."""

from __future__ import annotations

import functools

from babel import Locale

SOURCE_LANGUAGE = 'en'
#: The translations, Russian first: the others are often translated from it.
LANGUAGES = ('ru', 'kk', 'uz', 'ky', 'tg', 'hy', 'az', 'be')
ALL_LANGUAGES = (SOURCE_LANGUAGE, *LANGUAGES)
RELAY_LANGUAGE = 'ru'


@functools.cache
def language_name(code: str) -> str:
    """The language's own name for itself, as a reader looks for it (asked once per page beside
    the editions for every language, so remembered)."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]
