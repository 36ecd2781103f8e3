"""Write an accepted amendment into the text: its English into concept/, its proposer's own wording
as the translation in their language (nox -s amendments -- apply ID); the other languages are
left to their translators."""

from __future__ import annotations

import argparse
import re
import textwrap
from pathlib import Path

import polib

from concept_build.common import rounds
from concept_build.common.datafile import DataFileError, read_text
from concept_build.common.keys import KEY_PATTERN
from concept_build.common.project import ROOT
from concept_build.common.register import ACCEPTED, FOLDER, Amendment, load_register
from concept_build.common.sources import PROVISION_SOURCE
from concept_build.common.submissions import MARKUP

#: The width the Concept's sources are wrapped at.
WIDTH = 95


class Refused(Exception):
    """The amendment cannot be applied; the message says why and what to do."""


def find(concept: Path, key: str) -> tuple[Path, re.Match[str]]:
    """The page of concept/ that holds provision *key*, and its fence in that page's text."""
    for page in sorted(concept.glob('*.md')):
        for match in PROVISION_SOURCE.finditer(read_text(page)):
            if match.group(2) == key:
                return page, match
    raise Refused(f'no provision of concept/ has the key {key!r}')


def english_of(amendment: Amendment) -> str:
    """The wording to write into concept/: the amendment's own, or the secretariat's English of it."""
    wording = amendment.text if amendment.language == 'en' else amendment.english
    if not wording:
        raise Refused(
            f'{amendment.where("text")}: {amendment.id!r} is written in {amendment.language}: record the '
            'secretariat\'s English translation of its wording in its "english" field first'
        )
    found = MARKUP.search(wording)
    if found:
        raise Refused(
            f'{amendment.where("english")}: the wording of {amendment.id!r} holds {found.group()!r}, '
            'which the sources would read as markup; write it as plain text'
        )
    return ' '.join(wording.split())


#: What MyST reads as the start of another block when a line begins with it, even in the middle
#: of a paragraph: a heading, a quote, a list item ("- ", "1. "), a setext rule, a table, a fence.
BLOCK_START = re.compile(r'(#{1,6}|>|[-+*]|\d{1,9}[.)]|=+|-+|\||:::|\(\S*\)=)(\s|$)')


def fence(key: str, text: str) -> str:
    """The provision's source: its wording wrapped, a line never starting with what would end the paragraph."""
    lines: list[str] = []
    for line in textwrap.wrap(text, WIDTH, break_long_words=False, break_on_hyphens=False):
        if lines and BLOCK_START.match(line):
            lines[-1] += ' ' + line
        else:
            lines.append(line)
    return f':::{{provision}} {key}\n' + '\n'.join(lines) + '\n:::\n'


def translate(root: Path, amendment: Amendment, page: Path, old: str | None, new: str) -> None:
    """The proposer's wording as the translation of the new English in their language's catalogue."""
    if amendment.language == 'en' or not amendment.text:
        return
    path = root / 'locale' / amendment.language / 'LC_MESSAGES' / f'{page.stem}.po'
    catalogue = polib.pofile(str(path), wrapwidth=76)
    entry = catalogue.find(old) if old else None
    if entry is None:
        entry = polib.POEntry(msgid=new, occurrences=[(f'../../concept/{page.name}', '')])
        catalogue.append(entry)
    entry.msgid, entry.msgstr = new, ' '.join(amendment.text.split())
    entry.flags = [flag for flag in entry.flags if flag != 'fuzzy']
    entry.previous_msgid = None
    catalogue.save()


def write_text(root: Path, amendment: Amendment) -> str:
    """Change concept/ as the amendment says; return the key of the provision that now carries it."""
    concept = root / 'concept'
    if amendment.kind == 'repeal':
        page, match = find(concept, amendment.targets[0])
        page.write_text(read_text(page).replace(match.group(0) + '\n', '', 1), encoding='utf-8')
        return amendment.targets[0]
    new = english_of(amendment)
    if amendment.kind == 'substitution':
        key = amendment.targets[0]
        page, match = find(concept, key)
        old = ' '.join(match.group(3).split())
        page.write_text(read_text(page).replace(match.group(0), fence(key, new).rstrip('\n'), 1), encoding='utf-8')
        translate(root, amendment, page, old, new)
        return key
    if amendment.kind == 'insertion':
        if not amendment.new_key:
            raise Refused(f'{amendment.where("kind")}: give the key of the provision {amendment.id!r} adds in new_key')
        page, match = find(concept, amendment.insert_after[-1])
        text = read_text(page)
        end = match.end() + 1
        page.write_text(text[:end] + '\n' + fence(amendment.new_key, new) + text[end:], encoding='utf-8')
        translate(root, amendment, page, None, new)
        return amendment.new_key
    raise Refused(f'{amendment.where("kind")}: a {amendment.kind} has no wording to write into the text')


def note_carrier(amendment: Amendment, key: str) -> None:
    """Record in the register which provision carries the applied amendment."""
    path = Path(amendment.source)
    lines = path.read_text(encoding='utf-8').splitlines(keepends=True)
    at = amendment.line  # the entry's first line, "- id: ..."
    lines.insert(at, f'  carried_by: [{key}]\n')
    path.write_text(''.join(lines), encoding='utf-8')


def apply(root: Path, amendment_id: str) -> str:
    registry = rounds.load(root / rounds.REGISTRY)
    register = load_register(root / FOLDER, [r.id for r in registry])
    amendment = next((a for a in register.amendments if a.id == amendment_id), None)
    if amendment is None:
        raise Refused(f'no amendment {amendment_id!r} in {root / FOLDER}')
    if amendment.status not in ACCEPTED:
        raise Refused(
            f'{amendment.where("status")}: {amendment_id!r} is {amendment.status}; only an accepted '
            'amendment is written into the text'
        )
    if amendment.carried_by:
        raise Refused(
            f'{amendment.where("carried_by")}: {amendment_id!r} is applied already (carried by '
            f'{", ".join(amendment.carried_by)})'
        )
    key = write_text(root, amendment)
    if KEY_PATTERN.fullmatch(key) and amendment.kind != 'repeal':
        note_carrier(amendment, key)
    return key


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog='nox -s amendments --', description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest='command', required=True)
    applying = sub.add_parser('apply', help='write an accepted amendment into the text')
    applying.add_argument('id', help="the amendment's id in the register")
    applying.add_argument('--root', type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        key = apply(args.root, args.id)
    except (Refused, DataFileError, rounds.RegistryError) as exc:
        raise SystemExit(f'error: {exc}') from None
    print(
        f"applied {args.id}: provision {key!r} of concept/ and its catalogue in the proposer's language; "
        'run "nox -s translations" so that the other languages see the new English'
    )


if __name__ == '__main__':
    main()
