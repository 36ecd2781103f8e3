"""The amendments register as data: participants and amendments read and checked from amendments/."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from concept_build.common.datafile import DataFileError, parse_date, yaml_entries
from concept_build.common.keys import KEY_PATTERN
from concept_build.common.sources import provisions_in

#: The register's folder at the top of the repository, and its file of participants.
FOLDER = 'amendments'
PARTICIPANTS = 'participants.yaml'
#: Akoma Ntoso's TextualMods that a proposal can make, and an editorial correction.
KINDS = ('insertion', 'substitution', 'repeal', 'split', 'join', 'editorial')
STATUSES = ('submitted', 'incorporated', 'accepted', 'accepted-modified', 'rejected', 'withdrawn', 'merged')
MANNERS = ('oral', 'written')
#: Statuses under which an amendment is still before the working group, and so can collide.
OPEN = ('submitted', 'incorporated')
#: Statuses whose text the working draft must carry.
CARRIED = ('incorporated', 'accepted', 'accepted-modified')

REQUIRED = ('id', 'round', 'proposer', 'manner', 'date', 'kind', 'summary', 'status')
OPTIONAL = ('targets', 'insert_after', 'text', 'rationale', 'decision', 'decided_at', 'carried_by',
            'merged_into')
PARTICIPANT_FIELDS = (('key', 'body'), ('person', 'role'))


@dataclass(frozen=True)
class Participant:
    key: str
    body: str
    person: str | None
    role: str | None
    source: str
    line: int


@dataclass(frozen=True)
class Amendment:
    id: str
    label: str  # "1.2": the round's number and the amendment's place among the round's proposals
    round: str
    proposer: str
    manner: str
    date: str
    kind: str
    summary: str
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
        return [other for other in self.amendments if other is not amendment and other.status in OPEN
                and other.round == amendment.round and set(other.targets) & set(amendment.targets)]


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
        raise DataFileError(f'{entry.where(field)}: {what} {value!r} of {entry["id"]!r} is not one of '
                            f'{", ".join(allowed)}')
    return value


def load_register(folder: Path, round_ids: list[str]) -> Register:
    """Read and check the participants and every round's amendments; errors name file and line."""
    participants: dict[str, Participant] = {}
    for entry in yaml_entries(folder / PARTICIPANTS, 'participant', 'key', *PARTICIPANT_FIELDS):
        key = str(entry['key'])
        if key in participants:
            raise DataFileError(f'{entry.where("key")}: duplicate participant {key!r}, first at line '
                                f'{participants[key].line}')
        participants[key] = Participant(key, str(entry['body']),
                                        entry.get('person'), entry.get('role'), str(entry.path), entry.line)
    amendments: list[Amendment] = []
    for path in sorted(folder.glob('*.yaml')):
        if path.name == PARTICIPANTS:
            continue
        counted: dict[str, int] = {}
        for entry in yaml_entries(path, 'amendment', 'id', REQUIRED, OPTIONAL):
            amendment_id = str(entry['id'])
            if not KEY_PATTERN.fullmatch(amendment_id):
                raise DataFileError(f'{entry.where("id")}: amendment id {amendment_id!r} is not a lowercase slug')
            first = next((a for a in amendments if a.id == amendment_id), None)
            if first:
                raise DataFileError(f'{entry.where("id")}: duplicate amendment id {amendment_id!r}, first at '
                                    f'{first.source}:{first.line}')
            round_id = _one_of(entry, 'round', round_ids, 'round')
            proposer = _one_of(entry, 'proposer', participants, 'proposer')
            kind = _one_of(entry, 'kind', KINDS, 'kind')
            status = _one_of(entry, 'status', STATUSES, 'status')
            manner = _one_of(entry, 'manner', MANNERS, 'manner')
            targets, insert_after = _keys(entry, 'targets'), _keys(entry, 'insert_after')
            if kind == 'insertion' and not insert_after:
                raise DataFileError(f'{entry.where("kind")}: insertion {amendment_id!r} needs insert_after, '
                                    'the provision(s) after which its text goes')
            if kind in ('substitution', 'repeal', 'split', 'join') and not targets:
                raise DataFileError(f'{entry.where("kind")}: {kind} {amendment_id!r} needs targets')
            carried_by = _keys(entry, 'carried_by')
            if status in CARRIED and not carried_by:
                raise DataFileError(f'{entry.where("status")}: {status} amendment {amendment_id!r} needs '
                                    'carried_by, the provisions of the working draft that carry it')
            decided_at = str(entry['decided_at']) if entry.get('decided_at') else None
            if decided_at is not None:
                _one_of(entry, 'decided_at', round_ids, 'round of decision')
            merged_into = str(entry['merged_into']) if entry.get('merged_into') else None
            if (status == 'merged') != (merged_into is not None):
                raise DataFileError(f'{entry.where("status")}: merged_into is given exactly when the status '
                                    f'of {amendment_id!r} is merged')
            counted[round_id] = counted.get(round_id, 0) + 1
            number = round_ids.index(round_id) + 1
            amendments.append(Amendment(
                id=amendment_id, label=f'{number}.{counted[round_id]}', round=round_id, proposer=proposer,
                manner=manner, date=parse_date(entry, 'date'), kind=kind, summary=' '.join(str(entry['summary']).split()),
                status=status, targets=targets, insert_after=insert_after,
                text=_text(entry, 'text'), rationale=_text(entry, 'rationale'), decision=_text(entry, 'decision'),
                decided_at=decided_at, carried_by=carried_by, merged_into=merged_into,
                source=str(path), line=entry.line, lines=entry.lines))
    for amendment in amendments:
        if amendment.merged_into and all(a.id != amendment.merged_into for a in amendments):
            raise DataFileError(f'{amendment.source}:{amendment.line}: {amendment.id!r} is merged into '
                                f'unknown amendment {amendment.merged_into!r}')
    return Register(participants, tuple(amendments))


def _text(entry: Any, field: str) -> str | None:
    return ' '.join(str(entry[field]).split()) if entry.get(field) else None


def check_against_rounds(folder: Path, round_ids: list[str], round_concepts: dict[str, Path],
                         latest_concept: Path) -> None:
    """What needs the texts of the rounds: each target exists in the round the amendment was
    made at, and the working draft carries each incorporated amendment with changed text."""
    register = load_register(folder, round_ids)
    latest = provisions_in(latest_concept)
    texts = {round_id: provisions_in(concept) for round_id, concept in round_concepts.items()}
    for amendment in register.amendments:
        then = texts[amendment.round]
        for name in ('targets', 'insert_after'):
            unknown = [key for key in getattr(amendment, name) if key not in then]
            if unknown:
                raise DataFileError(f'{amendment.where(name)}: {name} {", ".join(map(repr, unknown))} of '
                                    f'{amendment.id!r}: no such provision in the text of {amendment.round}')
        if amendment.status in CARRIED:
            missing = [key for key in amendment.carried_by if key not in latest]
            if missing:
                raise DataFileError(f'{amendment.where("carried_by")}: carried_by {", ".join(map(repr, missing))} '
                                    f'of {amendment.id!r}: not in the working draft')
            if all(then.get(key) == latest[key] for key in amendment.carried_by):
                raise DataFileError(f'{amendment.where("carried_by")}: {amendment.id!r} is {amendment.status}, '
                                    f'but its carrying provision(s) are unchanged from {amendment.round}')
