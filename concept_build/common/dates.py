"""Dates as each language writes them (CLDR through babel)."""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import format_date


def long_date(date: dt.date, language: str) -> str:
    """The language's long date, with the day as people write it: "2 April", never "02 April"."""
    locale = Locale.parse('en_GB' if language == 'en' else language)
    # CLDR pads the day in some languages' long form (Tajik, Armenian); no document does.
    pattern = locale.date_formats['long'].pattern.replace('dd', 'd')
    return format_date(date, format=pattern, locale=locale)


def format_act_date(date: str, language: str) -> str:
    """A date as the edition's language writes it; a bare year stays a year."""
    if len(date) == 4:
        return date
    return long_date(dt.date.fromisoformat(date), language)
