"""The amendments register as data: participants and amendments read and checked from amendments/."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from concept_build.common.datafile import DataFileError, Entry, parse_date, yaml_entries
from concept_build.common.keys import KEY_PATTERN
from concept_build.common.languages import ALL_LANGUAGES
from concept_build.common.project import LATEST
from concept_build.common.sources import provisions_in

#: The register's folder at the top of the repository, and its file of participants.
FOLDER = 'amendments'
PARTICIPANTS = 'participants.yaml'
#: Statuses under which an amendment is still before the working group, and so can collide.
OPEN = ('submitted', 'reflected')
#: The working group's decisions; each but a withdrawal names the round that took it.
DECIDED = ('accepted', 'accepted-modified', 'rejected', 'withdrawn', 'merged')
ACCEPTED = ('accepted', 'accepted-modified')
#: Kinds that propose wording, which the amendment must then give.
WORDED = ('insertion', 'substitution', 'split', 'join', 'editorial')
#: Kinds that change provisions of the text, which they must name.
TARGETED = ('substitution', 'repeal', 'split', 'join', 'comment')


def kind_labels(_: Callable[[str], str]) -> dict[str, str]:
    """Each kind's name in the language of *_* (Sphinx's catalogue, or the interface catalogue):
    Akoma Ntoso's TextualMods that a proposal can make, an editorial correction, and a comment
    (a remark on a provision that proposes no wording)."""
    return {
        'insertion': _('Insertion'),
        'substitution': _('Substitution'),
        'repeal': _('Repeal'),
        'split': _('Split'),
        'join': _('Join'),
        'editorial': _('Editorial correction'),
        'comment': _('Comment'),
    }


def status_labels(_: Callable[[str], str]) -> dict[str, str]:
    """What became of an amendment: taken in (submitted); reflected in the working draft by its
    drafters, the working group not having decided yet (reflected); or the group's decision at
    a round (decided_at)."""
    return {
        'submitted': _('Submitted'),
        'reflected': _('Reflected in the working draft by its drafters; not yet decided by the working group'),
        'accepted': _('Accepted'),
        'accepted-modified': _('Accepted as modified'),
        'rejected': _('Rejected'),
        'withdrawn': _('Withdrawn'),
        'merged': _('Merged into another amendment'),
    }


def manner_labels(_: Callable[[str], str]) -> dict[str, str]:
    return {'oral': _('orally at the meeting'), 'written': _('in writing')}


KINDS = tuple(kind_labels(str))
STATUSES = tuple(status_labels(str))
MANNERS = tuple(manner_labels(str))
REQUIRED = ('id', 'round', 'proposer', 'manner', 'date', 'kind', 'status')
OPTIONAL = (
    'summary',
    'targets',
    'insert_after',
    'text',
    'rationale',
    'decision',
    'decided_at',
    'carried_by',
    'merged_into',
    'language',
    'against',
    'against_digest',
    'english',
    'person',
    'new_key',
)
PARTICIPANT_FIELDS = (('key', 'body'), ('person', 'role', 'language'))


@dataclass(frozen=True)
class Participant:
    key: str
    body: str
    person: str | None
    role: str | None
    source: str
    line: int
    #: The language of the body's name: English, unless a proposer typed it in theirs.
    language: str = 'en'


@dataclass(frozen=True)
class Amendment:
    id: str
    label: str  # "1.2": the round's number and the amendment's place among the round's proposals
    round: str
    proposer: str
    manner: str
    date: str
    kind: str
    summary: str | None
    status: str
    targets: tuple[str, ...]
    insert_after: tuple[str, ...]
    text: str | None
    rationale: str | None
    decision: str | None
    decided_at: str | None
    carried_by: tuple[str, ...]
    merged_into: str | None
    source: str
    line: int
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    #: The language its text is written in, and the secretariat's English of it (when not English).
    language: str = 'en'
    english: str | None = None
    #: The version of the text it was drafted against, and the digest of the provision it saw.
    against: str | None = None
    against_digest: str | None = None
    #: Who spoke or wrote for the proposer, where not the participant's own representative.
    person: str | None = None
    #: The key of the provision an accepted insertion adds, chosen by the secretariat.
    new_key: str | None = None

    def where(self, name: str) -> str:
        """``file:line`` of one of the amendment's fields."""
        return f'{self.source}:{self.lines.get(name, self.line)}'

    @property
    def anchor(self) -> str:
        return f'amendment-{self.id}'

    @property
    def concerns(self) -> tuple[str, ...]:
        """The provisions of the round's text that the amendment changes or inserts after."""
        return self.targets + self.insert_after


@dataclass(frozen=True)
class Register:
    participants: dict[str, Participant]
    amendments: tuple[Amendment, ...]

    def colliding(self, amendment: Amendment) -> list[Amendment]:
        """Other open amendments on a provision this one targets (shown together, not an error)."""
        if amendment.status not in OPEN:
            return []
        return [
            other
            for other in self.amendments
            if other is not amendment
            and other.status in OPEN
            and other.round == amendment.round
            and set(other.targets) & set(amendment.targets)
        ]


def _keys(entry: Any, field: str) -> tuple[str, ...]:
    value = entry.get(field) or []
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise DataFileError(f'{entry.where(field)}: {field} must be a provision key or a list of keys')
    for key in values:
        if not KEY_PATTERN.fullmatch(key):
            raise DataFileError(f'{entry.where(field)}: {field} {key!r} is not a provision key')
    return tuple(values)


def _one_of(entry: Any, field: str, allowed: dict | tuple, what: str) -> str:
    value = str(entry[field])
    if value not in allowed:
        raise DataFileError(
            f'{entry.where(field)}: {what} {value!r} of {entry["id"]!r} is not one of {", ".join(allowed)}'
        )
    return value


def load_participants(path: Path) -> dict[str, Participant]:
    participants: dict[str, Participant] = {}
    for entry in yaml_entries(path, 'participant', 'key', *PARTICIPANT_FIELDS):
        key = str(entry['key'])
        if key in participants:
            raise DataFileError(
                f'{entry.where("key")}: duplicate participant {key!r}, first at line {participants[key].line}'
            )
        participants[key] = Participant(
            key,
            str(entry['body']),
            entry.get('person'),
            entry.get('role'),
            str(entry.path),
            entry.line,
            str(entry.get('language') or 'en'),
        )
    return participants


def check_shape(entry: Entry, kind: str, status: str) -> None:
    """What each kind and status needs besides the required fields."""
    amendment_id = entry['id']
    if kind == 'insertion' and not entry.get('insert_after'):
        raise DataFileError(
            f'{entry.where("kind")}: insertion {amendment_id!r} needs insert_after, '
            'the provision(s) after which its text goes'
        )
    if kind in TARGETED and not entry.get('targets'):
        raise DataFileError(f'{entry.where("kind")}: {kind} {amendment_id!r} needs targets')
    # A deletion says all by its kind and targets; any other amendment says what it proposes.
    if kind != 'repeal' and not (entry.get('summary') or entry.get('text') or entry.get('rationale')):
        raise DataFileError(
            f'{entry.where()}: amendment {amendment_id!r} says nothing: give its summary, text or rationale'
        )
    if status == 'reflected' and not entry.get('carried_by'):
        raise DataFileError(
            f'{entry.where("status")}: reflected amendment {amendment_id!r} needs carried_by, '
            'the provisions of the working draft that reflect it'
        )
    if status in DECIDED and status != 'withdrawn' and not entry.get('decided_at'):
        raise DataFileError(
            f'{entry.where("status")}: {status} amendment {amendment_id!r} needs decided_at, '
            'the round at which the working group decided it'
        )
    if (status == 'merged') != bool(entry.get('merged_into')):
        raise DataFileError(
            f'{entry.where("status")}: merged_into is given exactly when the status of {amendment_id!r} is merged'
        )


def read_amendment(entry: Entry, label: str, participants: dict, round_ids: list[str]) -> Amendment:
    """One entry of a round's file, checked, as an Amendment numbered *label*."""
    amendment_id = str(entry['id'])
    if not KEY_PATTERN.fullmatch(amendment_id):
        raise DataFileError(f'{entry.where("id")}: amendment id {amendment_id!r} is not a lowercase slug')
    kind, status = _one_of(entry, 'kind', KINDS, 'kind'), _one_of(entry, 'status', STATUSES, 'status')
    check_shape(entry, kind, status)
    optional = {
        name: (str(entry[name]) if entry.get(name) else None)
        for name in ('decided_at', 'merged_into', 'against', 'against_digest', 'new_key')
    }
    if optional['decided_at']:
        _one_of(entry, 'decided_at', round_ids, 'round of decision')
    if optional['against']:
        _one_of(entry, 'against', (*round_ids, LATEST), 'version drafted against')
    if optional['new_key'] and not KEY_PATTERN.fullmatch(optional['new_key']):
        raise DataFileError(f'{entry.where("new_key")}: new_key {optional["new_key"]!r} is not a provision key')
    return Amendment(
        id=amendment_id,
        label=label,
        round=_one_of(entry, 'round', round_ids, 'round'),
        proposer=_one_of(entry, 'proposer', participants, 'proposer'),
        manner=_one_of(entry, 'manner', MANNERS, 'manner'),
        date=parse_date(entry, 'date'),
        kind=kind,
        summary=_text(entry, 'summary'),
        status=status,
        targets=_keys(entry, 'targets'),
        insert_after=_keys(entry, 'insert_after'),
        text=_text(entry, 'text'),
        rationale=_text(entry, 'rationale'),
        decision=_text(entry, 'decision'),
        carried_by=_keys(entry, 'carried_by'),
        source=str(entry.path),
        line=entry.line,
        lines=entry.lines,
        language=_one_of(entry, 'language', ALL_LANGUAGES, 'language') if entry.get('language') else 'en',
        english=_text(entry, 'english'),
        person=_text(entry, 'person'),
        **optional,
    )


def load_register(folder: Path, round_ids: list[str]) -> Register:
    """Read and check the participants and every round's amendments; errors name file and line."""
    participants = load_participants(folder / PARTICIPANTS)
    amendments: list[Amendment] = []
    for path in sorted(folder.glob('*.yaml')):
        if path.name == PARTICIPANTS:
            continue
        counted: dict[str, int] = {}
        for entry in yaml_entries(path, 'amendment', 'id', REQUIRED, OPTIONAL):
            first = next((a for a in amendments if a.id == str(entry['id'])), None)
            if first:
                raise DataFileError(
                    f'{entry.where("id")}: duplicate amendment id {entry["id"]!r}, first at {first.source}:{first.line}'
                )
            round_id = _one_of(entry, 'round', round_ids, 'round')
            counted[round_id] = counted.get(round_id, 0) + 1
            label = f'{round_ids.index(round_id) + 1}.{counted[round_id]}'
            amendments.append(read_amendment(entry, label, participants, round_ids))
    for amendment in amendments:
        if amendment.merged_into and all(a.id != amendment.merged_into for a in amendments):
            raise DataFileError(
                f'{amendment.source}:{amendment.line}: {amendment.id!r} is merged into '
                f'unknown amendment {amendment.merged_into!r}'
            )
    return Register(participants, tuple(amendments))


def _text(entry: Any, field: str) -> str | None:
    return ' '.join(str(entry[field]).split()) if entry.get(field) else None


def check_against_rounds(
    folder: Path, round_ids: list[str], round_concepts: dict[str, Path], latest_concept: Path
) -> None:
    """What needs the texts of the rounds: each provision an amendment names is in the text it
    was drafted against (its round's, or for one drafted against the working draft, the working
    draft's or a later round's), and the working draft carries each reflected or applied
    amendment with text changed since its round."""
    register = load_register(folder, round_ids)
    latest = provisions_in(latest_concept)
    texts = {round_id: provisions_in(concept) for round_id, concept in round_concepts.items()}
    for amendment in register.amendments:
        then = texts[amendment.round]
        if amendment.against == LATEST:
            later = round_ids[round_ids.index(amendment.round) :]
            known = set(latest).union(*(texts[r] for r in later))
        else:
            known = set(texts[amendment.against or amendment.round])
        for name in ('targets', 'insert_after'):
            unknown = [key for key in getattr(amendment, name) if key not in known]
            if unknown:
                raise DataFileError(
                    f'{amendment.where(name)}: {name} {", ".join(map(repr, unknown))} of '
                    f'{amendment.id!r}: no such provision in the text it was drafted against '
                    f'({amendment.against or amendment.round})'
                )
        if amendment.carried_by:
            missing = [key for key in amendment.carried_by if key not in latest]
            if missing:
                raise DataFileError(
                    f'{amendment.where("carried_by")}: carried_by {", ".join(map(repr, missing))} '
                    f'of {amendment.id!r}: not in the working draft'
                )
            if all(then.get(key) == latest[key] for key in amendment.carried_by):
                raise DataFileError(
                    f'{amendment.where("carried_by")}: {amendment.id!r} is {amendment.status}, '
                    f'but its carrying provision(s) are unchanged from {amendment.round}'
                )
