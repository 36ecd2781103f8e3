"""The round registry: each working-group round, its tagged commit, and the tree it is built from."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import tarfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from concept_build.common.datafile import DataFileError, parse_date, yaml_entries
from concept_build.common.git import GitError, git
from concept_build.common.git import archive as git_archive
from concept_build.common.project import LATEST

REGISTRY = 'rounds.yaml'
#: A round's id is a folder of the site and a git tag: a plain lowercase slug.
ID_PATTERN = re.compile(r'[a-z0-9]+(?:-[a-z0-9]+)*')
REQUIRED = ('id', 'number', 'date', 'place', 'event', 'discussed', 'amendments_due', 'commit')
#: secretariat: the e-mail address to which amendments to the round's text are sent.
OPTIONAL = ('tag', 'secretariat')
#: What a round's own tree contributes: its text, its translations, its sources.
ROUND_TREE = ('concept', 'locale', 'bib')
#: Today's files laid over a round's tree: the build configuration and the interface strings,
#: so that every version has the same switchers, banners and look in every language; and the
#: amendments register, so that a round's text shows where it is being changed.
TODAYS_FILES = (
    'concept/conf.py',
    'locale/*/LC_MESSAGES/concept.po',
    'locale/*/LC_MESSAGES/sphinx.po',
    'concept/amendments.md',
    'amendments/*.yaml',
    'locale/*/LC_MESSAGES/amendments.po',
)


class RegistryError(Exception):
    """The registry or the repository does not give a round's text; the message names the place."""


@dataclass(frozen=True)
class Round:
    id: str
    number: int
    date: dt.date
    place: str
    event: str
    discussed: str
    amendments_due: dt.date
    commit: str
    tag: str
    secretariat: str = ''
    #: Where the registry records it (none for a round not yet written into it).
    source: str = ''
    line: int = 0

    @property
    def where(self) -> str:
        return f'{self.source}:{self.line}'


def load(path: Path) -> list[Round]:
    """Read and check the registry; any problem names the file and line. No file: no rounds."""
    if not path.exists():
        return []
    try:
        return _load(path)
    except DataFileError as exc:
        raise RegistryError(str(exc)) from None


def _load(path: Path) -> list[Round]:
    rounds: list[Round] = []
    for entry in yaml_entries(path, 'round', 'id', REQUIRED, OPTIONAL, may_be_empty=True):
        round_id = str(entry['id'])
        if not ID_PATTERN.fullmatch(round_id) or round_id == LATEST:
            raise DataFileError(
                f'{entry.where("id")}: round id {round_id!r} is not a plain lowercase '
                'slug (letters, digits and single hyphens, such as round-2)'
            )
        previous = rounds[-1] if rounds else None
        if any(r.id == round_id for r in rounds):
            first = next(r for r in rounds if r.id == round_id)
            raise DataFileError(f'{entry.where("id")}: duplicate round id {round_id!r}, first at line {first.line}')
        number = str(entry['number'])
        expected = previous.number + 1 if previous else 1
        if number != str(expected):
            raise DataFileError(f'{entry.where("number")}: round {round_id!r} has number {number}, expected {expected}')
        date = dt.date.fromisoformat(parse_date(entry, 'date'))
        if previous and date <= previous.date:
            raise DataFileError(
                f'{entry.where("date")}: round {round_id!r} is dated {date}, not after '
                f'{previous.id} ({previous.date}, line {previous.line})'
            )
        due = dt.date.fromisoformat(parse_date(entry, 'amendments_due'))
        if due < date:
            raise DataFileError(
                f'{entry.where("amendments_due")}: amendments to {round_id!r} are due {due}, before the round'
            )
        commit = str(entry['commit'])
        if not re.fullmatch(r'[0-9a-f]{40}', commit):
            raise DataFileError(
                f'{entry.where("commit")}: commit {commit!r} of {round_id!r} is not a full 40-digit hash'
            )
        rounds.append(
            Round(
                id=round_id,
                number=expected,
                date=date,
                place=str(entry['place']),
                event=str(entry['event']),
                discussed=' '.join(str(entry['discussed']).split()),
                amendments_due=due,
                commit=commit,
                tag=str(entry.get('tag') or round_id),
                secretariat=secretariat_of(entry),
                source=str(path),
                line=entry.line,
            )
        )
    return rounds


def secretariat_of(entry) -> str:
    """The round's address for amendments, if the registry gives one."""
    address = str(entry.get('secretariat') or '')
    if address and not re.fullmatch(r'[^@\s]+@[^@\s]+\.[^@\s]+', address):
        raise DataFileError(f'{entry.where("secretariat")}: secretariat {address!r} is not an e-mail address')
    return address


def entry_text(round_: Round) -> str:
    """One round as the registry writes it."""

    def quoted(text: str) -> str:
        return '"' + text.replace('\\', '\\\\').replace('"', '\\"') + '"'

    return (
        f'- id: {round_.id}\n  number: {round_.number}\n  date: {round_.date.isoformat()}\n'
        f'  place: {quoted(round_.place)}\n  event: {quoted(round_.event)}\n'
        f'  discussed: {quoted(round_.discussed)}\n  amendments_due: {round_.amendments_due.isoformat()}\n'
        f'  tag: {round_.tag or round_.id}\n  commit: {round_.commit}\n'
        + (f'  secretariat: {quoted(round_.secretariat)}\n' if round_.secretariat else '')
    )


def view(registry: list[Round], version: str, amendments_folder: Path) -> list[Round]:
    """The rounds an edition of *version* shows: its own and those before it, and every round an
    amendment was made or decided at (which the register lists); the working draft shows only
    the latter (its switcher and banner take the others from editions.js).

    Always the registry's first rounds, so that each keeps its number. An edition so sees
    nothing of the rounds after it, and a new round leaves every edition already built as it was.
    """
    ids = [r.id for r in registry]
    last = ids.index(version) if version in ids else -1
    for path in sorted(amendments_folder.glob('*.yaml')):
        try:
            entries = yaml.safe_load(path.read_text(encoding='utf-8')) or []
        except (OSError, ValueError, yaml.YAMLError):  # ValueError: not UTF-8
            return list(registry)  # the edition's build reports the broken file
        for entry in entries if isinstance(entries, list) else []:
            for field in ('round', 'decided_at'):
                value = entry.get(field) if isinstance(entry, dict) else None
                if value in ids:
                    last = max(last, ids.index(value))
    return list(registry[: last + 1])


def view_text(registry: list[Round]) -> str:
    return ''.join(entry_text(r) for r in registry) or '[]\n'


def resolve(round_: Round, root: Path) -> str:
    """The round's commit, checked against the repository and against its tag if the clone has it."""
    if git(root, 'cat-file', '-e', f'{round_.commit}^{{commit}}', check=False).returncode != 0:
        shallow = git(root, 'rev-parse', '--is-shallow-repository', check=False).stdout.strip() == 'true'
        if shallow:
            raise RegistryError(
                f'{round_.where}: commit {round_.commit} of {round_.id} is not in this clone, which is '
                f'shallow. Fetch the history and the tags, then build again:\n'
                f'    git -C {root} fetch --unshallow --tags'
            )
        raise RegistryError(
            f'{round_.where}: unknown commit {round_.commit} of {round_.id}: it is not in this '
            f'repository. If it was pushed elsewhere, fetch it: git -C {root} fetch --tags origin'
        )
    # The registry is what a clone without tags builds from; a tag, where present, must agree.
    tagged = git(root, 'rev-parse', '--verify', '--quiet', f'refs/tags/{round_.tag}^{{commit}}', check=False)
    if tagged.returncode == 0 and tagged.stdout.strip() != round_.commit:
        raise RegistryError(
            f'{round_.where}: tag {round_.tag} points at {tagged.stdout.strip()}, '
            f'but the registry records {round_.commit} for {round_.id}'
        )
    return round_.commit


def ensure_tags(registry: list[Round], root: Path) -> list[Round]:
    """Tag each round whose tag this clone lacks (a clone brings the branch, not the tags) at the
    commit the registry records, and return those; a tag that points elsewhere is refused. A
    commit this clone lacks (a shallow clone) is left to the build of that round to report."""
    created = []
    for round_ in registry:
        if git(root, 'cat-file', '-e', f'{round_.commit}^{{commit}}', check=False).returncode:
            continue
        resolve(round_, root)  # refuses a tag that points at another commit
        if git(root, 'rev-parse', '--verify', '--quiet', f'refs/tags/{round_.tag}', check=False).returncode:
            git(root, 'tag', round_.tag, round_.commit)
            created.append(round_)
    return created


def export_tree(round_: Round, root: Path, target: Path) -> Path:
    """Write the round's own concept/, locale/ and bib/ into *target*, with today's build settings."""
    commit = resolve(round_, root)
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    try:
        present = git(root, 'ls-tree', '--name-only', commit).stdout.split()
        archive = git_archive(root, commit, [p for p in ROUND_TREE if p in present])
    except GitError as exc:
        raise RegistryError(f'{round_.where}: {exc}') from None
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        # The archive is git's own, of plain files; still, nothing may land outside *target*.
        # (tarfile's filter='data' does this check from Python 3.11.4; Debian 12 has 3.11.2.)
        for member in tar.getmembers():
            parts = Path(member.name).parts
            if member.name.startswith('/') or '..' in parts or not (member.isfile() or member.isdir()):
                raise RegistryError(
                    f'{round_.where}: the tree of {commit} holds {member.name!r}, '
                    'which is not a plain file or folder of the text'
                )
        safe = {'filter': 'data'} if hasattr(tarfile, 'data_filter') else {}
        tar.extractall(target, **safe)  # noqa: S202 - every member checked above
    for pattern in TODAYS_FILES:
        for today in root.glob(pattern):
            destination = target / today.relative_to(root)
            # A language the round did not have gets no folder: it has no text of that round.
            if not pattern.startswith('locale/'):
                destination.parent.mkdir(parents=True, exist_ok=True)
            if destination.parent.exists():
                shutil.copy2(today, destination)
    return target
