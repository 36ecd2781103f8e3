"""Record a working-group round: check the text builds, add it to the registry, tag its commit."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import tempfile
from pathlib import Path

from concept_build.common import rounds
from concept_build.common.datafile import DataFileError
from concept_build.common.git import GitError, git
from concept_build.common.languages import ALL_LANGUAGES
from concept_build.common.project import LATEST, ROOT
from concept_build.common.register import ACCEPTED, load_register
from concept_build.common.register import FOLDER as REGISTER
from concept_build.common.sources import provisions_in
from concept_build.pipeline.build import build
from concept_build.pipeline.options import BuildError, BuildOptions


class ReleaseRefused(Exception):
    """The round cannot be recorded; the message says why and what to do."""


def refusal(round_: rounds.Round, registry: list[rounds.Round], root: Path) -> str | None:
    """Why the round cannot be recorded now, if it cannot."""
    dirty = git(root, 'status', '--porcelain').stdout.strip()
    if dirty:
        return (
            f'the working tree has uncommitted changes; a round must be a commit. Commit or stash them first:\n{dirty}'
        )
    if not rounds.ID_PATTERN.fullmatch(round_.id) or round_.id == LATEST:
        return f'{round_.id!r} is not a plain lowercase slug such as round-2'
    first = next((r for r in registry if r.id == round_.id), None)
    if first:
        return f'{round_.id} is already in the registry ({first.where})'
    if git(root, 'rev-parse', '--verify', '--quiet', f'refs/tags/{round_.id}', check=False).returncode == 0:
        return f'the tag {round_.id} already exists'
    if registry and round_.date <= registry[-1].date:
        return f'the date {round_.date} is not after the previous round, {registry[-1].id} of {registry[-1].date}'
    if round_.amendments_due < round_.date:
        return f'amendments cannot be due ({round_.amendments_due}) before the round ({round_.date})'
    return None


def unapplied(root: Path, registry: list[rounds.Round], scratch: Path) -> list[str]:
    """The accepted amendments that HEAD's text does not carry out: a provision they change that
    still reads as in the text the working group accepted them on, or one they delete still there."""
    folder = root / REGISTER
    if not folder.is_dir():
        return []
    register = load_register(folder, [r.id for r in registry])
    latest = provisions_in(root / 'concept')
    texts: dict[str, dict[str, str]] = {}
    found = []
    for amendment in register.amendments:
        if amendment.status not in ACCEPTED:
            continue
        decided = next(r for r in registry if r.id == amendment.decided_at)
        if decided.id not in texts:
            texts[decided.id] = provisions_in(rounds.export_tree(decided, root, scratch / decided.id) / 'concept')
        then = texts[decided.id]
        if amendment.kind == 'repeal':
            still = [key for key in amendment.targets if key in latest]
        else:
            # An insertion not yet applied has no provision that carries it: its place still reads as then.
            carriers = amendment.carried_by or amendment.targets or amendment.insert_after
            still = [key for key in carriers if key not in latest or latest[key] == then.get(key)]
        if still:
            found.append(
                f'{amendment.where("status")}: {amendment.id!r} was accepted at {decided.id}, but '
                f'{", ".join(still)} read(s) as then: apply it first (nox -s amendments -- apply {amendment.id})'
            )
    return found


def release(round_: rounds.Round, root: Path = ROOT, languages: tuple[str, ...] = ALL_LANGUAGES) -> str:
    """Record *round_* (its number and commit are filled in here: the next number, HEAD) and
    tag its commit; return the commit."""
    path = root / rounds.REGISTRY
    try:
        registry = rounds.load(path)
        rounds.ensure_tags(registry, root)
    except rounds.RegistryError as exc:
        raise ReleaseRefused(f'the registry is broken, fix it first: {exc}') from None
    try:
        why = refusal(round_, registry, root)
    except GitError as exc:
        raise ReleaseRefused(f'{root} is not a git checkout to record a round in: {exc}') from None
    if why:
        raise ReleaseRefused(why)
    commit = git(root, 'rev-parse', 'HEAD').stdout.strip()
    round_ = dataclasses.replace(round_, number=len(registry) + 1, commit=commit)
    with tempfile.TemporaryDirectory(prefix='concept-release-') as scratch:
        try:
            problems = unapplied(root, registry, Path(scratch) / 'trees')
        except (DataFileError, rounds.RegistryError) as exc:
            raise ReleaseRefused(f'the register cannot be read: {exc}') from None
        if problems:
            raise ReleaseRefused('the text does not carry out what the working group accepted:\n' + '\n'.join(problems))
    # The round's text must build strictly in every language and format before it is fixed.
    with tempfile.TemporaryDirectory(prefix='concept-release-') as scratch:
        try:
            build(
                BuildOptions(
                    languages=languages,
                    versions=(LATEST,),
                    site=Path(scratch) / 'site',
                    handbook=False,
                    root=root,
                    trial=True,
                )
            )
        except BuildError as exc:
            raise ReleaseRefused(
                f'the text at {commit[:12]} does not build strictly, so it cannot be recorded as {round_.id}: {exc}'
            ) from None
    text = path.read_text(encoding='utf-8') if path.exists() else REGISTRY_HEADER
    path.write_text(text.rstrip('\n') + '\n\n' + rounds.entry_text(round_), encoding='utf-8')
    rounds.load(path)
    git(root, 'add', rounds.REGISTRY)
    git(root, 'commit', '-q', '-m', f'Record {round_.id}: {round_.date.isoformat()}, {round_.place}')
    git(
        root,
        'tag',
        '-a',
        round_.id,
        commit,
        '-m',
        f'{round_.id}: the text discussed on {round_.date.isoformat()}, {round_.place}, {round_.event}',
    )
    return commit


REGISTRY_HEADER = """# The round registry: one entry per meeting of the working group that discussed the text.
# Each round is built from its commit (also tagged with its id); `nox -s release` adds entries.
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog='nox -s release --', description=__doc__)
    parser.add_argument('round_id', help='the new round id, such as round-2')
    parser.add_argument('--date', required=True, type=dt.date.fromisoformat, help='YYYY-MM-DD')
    parser.add_argument('--place', required=True, help='where the round met')
    parser.add_argument('--event', required=True, help='the event it was part of')
    parser.add_argument('--discussed', required=True, help='what the round discussed')
    parser.add_argument(
        '--amendments-due',
        required=True,
        type=dt.date.fromisoformat,
        help='the deadline for amendments it set, YYYY-MM-DD',
    )
    args = parser.parse_args(argv)
    discussed = ' '.join(args.discussed.split())
    # The entry page sets it as a sentence among others: it ends as one.
    if discussed and discussed[-1] not in '.!?։':
        discussed += '.'
    requested = rounds.Round(
        id=args.round_id,
        number=0,
        date=args.date,
        place=args.place,
        event=args.event,
        discussed=discussed,
        amendments_due=args.amendments_due,
        commit='',
        tag=args.round_id,
    )
    try:
        commit = release(requested)
    except ReleaseRefused as exc:
        raise SystemExit(f'release refused: {exc}') from None
    branch = git(ROOT, 'branch', '--show-current').stdout.strip() or 'HEAD'
    print(
        f'Recorded {args.round_id} at {commit[:12]} and tagged it.\n'
        f"The round's place, event and what it discussed are new messages of every language: bring the "
        f'catalogues up to date and have them translated before publishing (until then the pages show '
        f'them in English):\n    nox -s translations\n'
        f"Amendments to the new round's text are recorded in amendments/{args.round_id}.yaml, which "
        f'"nox -s intake" creates with the first proposal it takes in. Publish the round with:\n'
        f'    git push origin {branch} {args.round_id}'
    )


if __name__ == '__main__':
    main()
