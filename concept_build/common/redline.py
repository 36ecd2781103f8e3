"""Word-level differences between two texts: the same tokens and the same stretches of change in
the build (here) and in the browser (concept-redline.js, checked against the same cases)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

from concept_build.common.words import word_pattern

#: An equal stretch between two changes with no more words than this is absorbed into them, so
#: that a rewritten sentence reads as one change and not as confetti.
ISLAND = 2

Token = list[str]  # ['w', word] | ['s', spaces] | ['p', punctuation] | ['ref', target, shown]


def split(text: str, language: str) -> list[Token]:
    """A plain text as tokens: words by the language's own rules, spaces, punctuation."""
    word = word_pattern(language)
    tokens: list[Token] = []
    for match in re.finditer(rf'{word.pattern}|\s+|.', text, re.S):
        piece = match.group()
        kind = 'w' if word.fullmatch(piece) else 's' if piece.isspace() else 'p'
        if kind == 's' and tokens and tokens[-1][0] == 's':
            tokens[-1][1] += piece
        else:
            tokens.append([kind, piece])
    return tokens


def shown(token: Token) -> str:
    """What a reader sees of a token: a reference by what the page shows for it."""
    return token[2] if token[0] == 'ref' and len(token) > 2 else token[1]


@dataclass(frozen=True)
class Span:
    """A stretch of the two texts: equal, or changed from *old* to *new* (either may be empty).
    *form* marks a change of one word into another form of itself (a new ending)."""

    changed: bool
    old: str
    new: str
    form: bool = False


def spans(old: list[Token], new: list[Token], same_word: Callable[[str, str], bool] | None = None) -> list[Span]:
    """The two token lists as stretches of equal and changed text, small equal islands between
    two changes absorbed into them. Tokens compare by kind and text (a reference by its target,
    so that a renumbered reference is no change); *same_word* tells a new form of a word."""
    a, b = [tuple(t[:2]) for t in old], [tuple(t[:2]) for t in new]
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    merged: list[list] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        changed = tag != 'equal'
        # An equal stretch inside the list stands between two changes: absorbed when small.
        if not changed and 0 < n < len(ops) - 1:
            changed = sum(1 for t in a[i1:i2] if t[0] in ('w', 'ref')) <= ISLAND
        if changed and merged and merged[-1][0]:
            merged[-1][2], merged[-1][4] = i2, j2
        else:
            merged.append([changed, i1, i2, j1, j2])
    out = []
    for changed, i1, i2, j1, j2 in merged:
        form = bool(
            changed
            and same_word
            and i2 - i1 == j2 - j1 == 1
            and old[i1][0] == new[j1][0] == 'w'
            and same_word(old[i1][1], new[j1][1])
        )
        out.append(Span(changed, ''.join(map(shown, old[i1:i2])), ''.join(map(shown, new[j1:j2])), form))
    return out
