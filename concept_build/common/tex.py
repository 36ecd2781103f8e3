"""The one TeX escaper: text from a catalogue, a data file or a store, as LaTeX prints it."""

from __future__ import annotations

import re

SPECIAL = {
    '\\': r'\textbackslash{}',
    '{': r'\{',
    '}': r'\}',
    '$': r'\$',
    '&': r'\&',
    '#': r'\#',
    '^': r'\^{}',
    '_': r'\_',
    '%': r'\%',
    '~': r'\textasciitilde{}',
    # A straight double quote stays one: TeX's ligatures would print it as a closing quote.
    '"': r'\textquotedbl{}',
}


def tex(text: str) -> str:
    """Text as LaTeX typesets it, every special character escaped."""
    return re.sub(r'[\\{}$&#^_%~"]', lambda m: SPECIAL[m.group()], text)
