"""Proposals as delegates submit them: a file the site wrote in their browser, read as untrusted
input and checked field by field, each problem one ``file:line: what`` line."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from concept_build.common.datafile import DataFileError, Entry, parse_date, yaml_entries
from concept_build.common.keys import KEY_PATTERN
from concept_build.common.languages import ALL_LANGUAGES
from concept_build.common.project import LATEST

#: What a delegate can propose from a provision: a new wording of it, a new provision after it,
#: its deletion, or a comment on it.
KINDS = ('substitution', 'insertion', 'repeal', 'comment')
REQUIRED = ('kind', 'against', 'language', 'date')
OPTIONAL = (
    'targets',
    'insert_after',
    'text',
    'rationale',
    'proposer',
    'proposer_body',
    'person',
    'email',
    'against_digest',
    'seen',
    'manner',
)
#: Limits that no real proposal reaches and that keep a hostile file from costing anything.
MAX_FILE_BYTES = 1_000_000
MAX_TEXT = 20_000
MAX_PROPOSALS = 500
#: What the text's sources would read as markup: a fence, a role or code (both need a backtick),
#: raw HTML (MyST passes a tag through to the page) and a link or image, whose address could be a
#: script. A proposal is text; braces, ampersands and backslashes are words to MyST.
MARKUP = re.compile(r':::|`|</?[A-Za-z!?]|\]\(|\]:')
EMAIL = re.compile(r'[^@\s]+@[^@\s]+\.[^@\s]+')


def digest(text: str) -> str:
    """The digest of a provision's text as a reader saw it (the first 16 hex digits of its SHA-256)."""
    return hashlib.sha256(text.encode('utf-8')).hexdigest()[:16]


@dataclass(frozen=True)
class Proposal:
    """One proposal of a submitted file, checked for its shape (its key and proposer are checked
    against the register and the text by the intake)."""

    kind: str
    key: str
    language: str
    against: str
    date: str
    text: str | None
    rationale: str | None
    proposer: str | None
    proposer_body: str | None
    person: str | None
    email: str | None
    seen: str | None
    source: str
    line: int
    lines: dict[str, int]

    def where(self, name: str | None = None) -> str:
        return f'{self.source}:{self.lines.get(name, self.line) if name else self.line}'


def text_field(entry: Entry, name: str) -> str | None:
    """A free text of the proposal: a string, within the size limit, with no markup of the sources."""
    value = entry.get(name)
    if value is None or value == '':
        return None
    if not isinstance(value, str):
        raise DataFileError(f'{entry.where(name)}: {name} must be text')
    if len(value) > MAX_TEXT:
        raise DataFileError(f'{entry.where(name)}: {name} is {len(value)} characters long; the limit is {MAX_TEXT}')
    # Only the wording goes into the sources; the text the proposer saw is the published one.
    if name == 'text' and MARKUP.search(value):
        found = MARKUP.search(value).group()
        raise DataFileError(
            f"{entry.where(name)}: {name} holds {found!r}, which the text's sources would read as "
            'markup (a fence, a role, code, HTML or a link); write the wording as plain text'
        )
    return ' '.join(value.split())


def the_key(entry: Entry, kind: str) -> str:
    """The one provision the proposal is made from: its target, or where a new provision goes."""
    field_name = 'insert_after' if kind == 'insertion' else 'targets'
    value = entry.get(field_name)
    keys = [value] if isinstance(value, str) else value
    if not isinstance(keys, list) or len(keys) != 1 or not isinstance(keys[0], str):
        raise DataFileError(f'{entry.where(field_name)}: a {kind} names one provision in {field_name}')
    if not KEY_PATTERN.fullmatch(keys[0]):
        raise DataFileError(f'{entry.where(field_name)}: {keys[0]!r} is not a provision key')
    return keys[0]


def proposal_of(entry: Entry) -> Proposal:
    kind = str(entry['kind'])
    if kind not in KINDS:
        raise DataFileError(f'{entry.where("kind")}: kind {kind!r} is not one of {", ".join(KINDS)}')
    language = str(entry['language'])
    if language not in ALL_LANGUAGES:
        raise DataFileError(
            f'{entry.where("language")}: language {language!r} is not one of {", ".join(ALL_LANGUAGES)}'
        )
    texts = {name: text_field(entry, name) for name in ('text', 'rationale', 'proposer_body', 'person', 'seen')}
    if kind in ('substitution', 'insertion') and not texts['text']:
        raise DataFileError(f'{entry.where("kind")}: a {kind} needs its wording in text')
    if kind == 'comment' and not texts['rationale']:
        raise DataFileError(f'{entry.where("kind")}: a comment needs its words in rationale')
    proposer = str(entry['proposer']) if entry.get('proposer') else None
    if not (proposer or texts['proposer_body']):
        raise DataFileError(f'{entry.where()}: the proposal names no proposer (proposer or proposer_body)')
    email = str(entry['email']) if entry.get('email') else None
    if email and not EMAIL.fullmatch(email):
        raise DataFileError(f'{entry.where("email")}: {email!r} is not an e-mail address')
    seen_digest = str(entry.get('against_digest') or '')
    if texts['seen'] and seen_digest and digest(texts['seen']) != seen_digest:
        raise DataFileError(f'{entry.where("against_digest")}: the text drafted against does not match its digest')
    return Proposal(
        kind=kind,
        key=the_key(entry, kind),
        language=language,
        against=str(entry['against']),
        date=parse_date(entry, 'date'),
        text=texts['text'],
        rationale=texts['rationale'],
        proposer=proposer,
        proposer_body=texts['proposer_body'],
        person=texts['person'],
        email=email,
        seen=texts['seen'],
        source=str(entry.path),
        line=entry.line,
        lines=entry.lines,
    )


def read_submission(path: Path) -> list[Proposal]:
    """The proposals of one submitted file; a file that is not one is a DataFileError."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DataFileError(f'{path}: {size} bytes, more than a file of proposals takes ({MAX_FILE_BYTES})')
    proposals = [proposal_of(entry) for entry in yaml_entries(path, 'proposal', 'kind', REQUIRED, OPTIONAL)]
    if not proposals:
        raise DataFileError(f'{path}:1: no proposals in the file')
    if len(proposals) > MAX_PROPOSALS:
        raise DataFileError(f'{path}: {len(proposals)} proposals, more than one file takes ({MAX_PROPOSALS})')
    for proposal in proposals:
        if proposal.against != LATEST and not KEY_PATTERN.fullmatch(proposal.against):
            raise DataFileError(f'{proposal.where("against")}: {proposal.against!r} is not a version')
    return proposals
