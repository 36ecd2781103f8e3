"""The Concept's MyST sources read without Sphinx: each provision's text by key, and fences left open."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from concept_build.common.datafile import read_text

PROVISION_SOURCE = re.compile(r'^ {0,3}(:{3,})\{provision\}[ \t]+(\S+)[ \t]*\n(.*?)^ {0,3}\1[ \t]*$', re.M | re.S)


def provisions_in(concept: Path) -> dict[str, str]:
    """The English text of each provision in a tree's concept/, by key, as written."""
    found: dict[str, str] = {}
    for page in sorted(concept.glob('*.md')):
        for match in PROVISION_SOURCE.finditer(read_text(page)):
            found[match.group(2)] = ' '.join(match.group(3).split())
    return found


FENCE_OPEN = re.compile(r'^ {0,3}(?P<colons>:{3,})\{(?P<name>[^}\s]+)\}[ \t]*(?P<argument>\S*)')
FENCE_CLOSE = re.compile(r'^ {0,3}(?P<colons>:{3,})[ \t]*$')
CODE_FENCE = re.compile(r'^ {0,3}(?P<ticks>`{3,}|~{3,})')


def unclosed_provision_fences(text: str) -> Iterator[tuple[int, str, str | None, int | None]]:
    """Each provision fence left open: (line, key, the key of the provision it swallows, its line).

    MyST closes a fence at the first line of at least as many colons. A provision fence that
    meets another provision's fence of as many colons first (a nested one would need fewer), or
    the end of the file, was not closed where the author meant.
    """
    lines = text.splitlines()
    index, in_code = 0, None
    while index < len(lines):
        line = lines[index]
        code = CODE_FENCE.match(line)
        if in_code:
            if code and code.group('ticks')[0] == in_code[0] and len(code.group('ticks')) >= len(in_code):
                in_code = None
        elif code:
            in_code = code.group('ticks')
        elif (opening := FENCE_OPEN.match(line)) and opening.group('name') in ('provision', 'concept:provision'):
            width = len(opening.group('colons'))
            for after in range(index + 1, len(lines)):
                closing = FENCE_CLOSE.match(lines[after])
                if closing and len(closing.group('colons')) >= width:
                    break
                inner = FENCE_OPEN.match(lines[after])
                if (
                    inner
                    and inner.group('name') in ('provision', 'concept:provision')
                    and len(inner.group('colons')) >= width
                ):
                    yield index + 1, opening.group('argument'), inner.group('argument'), after + 1
                    break
            else:
                yield index + 1, opening.group('argument'), None, None
        index += 1
