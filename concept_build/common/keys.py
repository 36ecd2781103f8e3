"""Provision, act and amendment keys: what a key looks like, and the nearest known one to a mistyped key."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

#: A key is a lowercase slug, so that it is a valid and stable HTML anchor in every language.
KEY_PATTERN = re.compile(r'[a-z0-9]+(?:-[a-z0-9]+)*')


def nearest(key: str, known: Iterable[str]) -> str:
    """ ", did you mean 'x'?" for the nearest known key, or nothing when none is near."""
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
    return f'; did you mean {close[0]!r}?' if close else ''
