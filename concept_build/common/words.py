"""Each language's rules for what a word is: the apostrophes and signs that belong inside its words.

The search index, the provision store's tokens and the redlines all split text by these rules,
so that a word is the same word wherever it is looked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class WordRules:
    """How one language's text splits into words."""

    #: Signs written over a letter inside a word: dropped, so that they do not cut the word.
    signs: str = ''
    #: Apostrophes that belong to a word when they stand inside it; a reader may type any of them.
    apostrophes: str = ''
    #: How an apostrophe inside a word is indexed: after these letters, and after any other.
    apostrophe_after: dict[str, str] = field(default_factory=dict)
    apostrophe: str = ''
    #: Dotted İ lowers to i and dotless I to ı, as in Turkish and Azerbaijani.
    turkic: bool = False


RULES = {
    # The apostrophe is part of words such as з'яўляецца; keyboards give any of these.
    'be': WordRules(apostrophes="'\u2019\u02bc", apostrophe="'"),
    # The letters oʻ and gʻ are written with ʻ, the tutuq belgisi (taʼminot) with ʼ; readers
    # type them as ', ’, ‘ or `, and the index has the proper letter whatever was typed.
    'uz': WordRules(
        apostrophes="'`\u2018\u2019\u02bb\u02bc", apostrophe_after={'o': '\u02bb', 'g': '\u02bb'}, apostrophe='\u02bc'
    ),
    'az': WordRules(turkic=True),
    # The emphasis ՛, exclamation ՜, question ՞ and abbreviation ՟ marks sit above a letter
    # inside the word they belong to.
    'hy': WordRules(signs='\u055b\u055c\u055e\u055f'),
}
PLAIN = WordRules()


def rules(language: str) -> WordRules:
    return RULES.get(language, PLAIN)


def word_pattern(language: str) -> re.Pattern[str]:
    """A word as the search splits the language: letters and digits, with the language's own
    apostrophes and signs inside it (з'яўляецца, oʻzbek, Armenian marks)."""
    own = rules(language)
    inside = re.escape(own.apostrophes + own.signs)
    if not inside:
        return re.compile(r'\w+')
    # An apostrophe belongs to a word only between letters, as the search splits it.
    return re.compile(rf'\w+(?:[{inside}]+\w+)*')
