"""Record a working-group round: check the text builds, add it to the registry, tag its commit."""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

from concept_build import rounds, site


class ReleaseRefused(Exception):
    """The round cannot be recorded; the message says why and what to do."""


def release(round_id: str, date: dt.date, place: str, event: str, discussed: str,
            amendments_due: dt.date, root: Path = site.ROOT,
            languages: tuple[str, ...] = site.LANGUAGES) -> str:
    """Record the round whose text is HEAD; return the commit it tagged."""
    path = root / rounds.REGISTRY
    try:
        registry = rounds.load(path)
    except rounds.RegistryError as exc:
        raise ReleaseRefused(f'the registry is broken, fix it first: {exc}') from None
    dirty = rounds.git(root, 'status', '--porcelain').stdout.strip()
    if dirty:
        raise ReleaseRefused('the working tree has uncommitted changes; a round must be a commit. '
                             f'Commit or stash them first:\n{dirty}')
    if not rounds.ID_PATTERN.fullmatch(round_id) or round_id == site.LATEST:
        raise ReleaseRefused(f'{round_id!r} is not a plain lowercase slug such as round-2')
    if any(r.id == round_id for r in registry):
        first = next(r for r in registry if r.id == round_id)
        raise ReleaseRefused(f'{round_id} is already in the registry ({first.where})')
    if rounds.git(root, 'rev-parse', '--verify', '--quiet', f'refs/tags/{round_id}', check=False).returncode == 0:
        raise ReleaseRefused(f'the tag {round_id} already exists')
    if registry and date <= registry[-1].date:
        raise ReleaseRefused(f'the date {date} is not after the previous round, '
                             f'{registry[-1].id} of {registry[-1].date}')
    if amendments_due < date:
        raise ReleaseRefused(f'amendments cannot be due ({amendments_due}) before the round ({date})')
    commit = rounds.git(root, 'rev-parse', 'HEAD').stdout.strip()
    # The round's text must build strictly in every language and format before it is fixed.
    with tempfile.TemporaryDirectory(prefix='concept-release-') as scratch:
        try:
            site.build(languages, (site.LATEST,), site.FORMATS, Path(scratch) / 'site',
                       with_handbook=False, root=root)
        except site.BuildError as exc:
            raise ReleaseRefused(f'the text at {commit[:12]} does not build strictly, so it cannot be '
                                 f'recorded as {round_id}: {exc}') from None
    text = path.read_text(encoding='utf-8') if path.exists() else REGISTRY_HEADER
    path.write_text(text.rstrip('\n') + '\n\n' + rounds.entry_text(
        round_id, len(registry) + 1, date, place, event, discussed, amendments_due, commit),
        encoding='utf-8')
    rounds.load(path)
    rounds.git(root, 'add', rounds.REGISTRY)
    rounds.git(root, 'commit', '-q', '-m', f'Record {round_id}: {date.isoformat()}, {place}')
    rounds.git(root, 'tag', '-a', round_id, commit, '-m',
               f'{round_id}: the text discussed on {date.isoformat()}, {place}, {event}')
    return commit


REGISTRY_HEADER = '''# The round registry: one entry per meeting of the working group that discussed the text.
# Each round is built from its commit (also tagged with its id); `nox -s release` adds entries.
'''


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog='nox -s release --', description=__doc__)
    parser.add_argument('round_id', help='the new round id, such as round-2')
    parser.add_argument('--date', required=True, type=dt.date.fromisoformat, help='YYYY-MM-DD')
    parser.add_argument('--place', required=True, help='where the round met')
    parser.add_argument('--event', required=True, help='the event it was part of')
    parser.add_argument('--discussed', required=True, help='what the round discussed')
    parser.add_argument('--amendments-due', required=True, type=dt.date.fromisoformat,
                        help='the deadline for amendments it set, YYYY-MM-DD')
    args = parser.parse_args(argv)
    try:
        commit = release(args.round_id, args.date, args.place, args.event, args.discussed,
                         args.amendments_due)
    except ReleaseRefused as exc:
        raise SystemExit(f'release refused: {exc}') from None
    branch = rounds.git(site.ROOT, 'branch', '--show-current').stdout.strip() or 'HEAD'
    print(f'Recorded {args.round_id} at {commit[:12]} and tagged it. Publish both with:\n'
          f'    git push origin {branch} {args.round_id}')


if __name__ == '__main__':
    main()
