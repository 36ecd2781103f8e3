"""Where an edition's text comes from: the commit, its date, uncommitted changes, and the digest of its files."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from concept_build.common import git, rounds
from concept_build.pipeline import cache

#: What the working draft is built from, and what a round's edition takes from today's tree.
LATEST_PATHS = ('concept', 'locale', 'bib', 'amendments', rounds.REGISTRY, 'concept_build', 'pyproject.toml')
ROUND_PATHS = (*(f':(glob){p}' for p in rounds.TODAYS_FILES), rounds.REGISTRY, 'concept_build', 'pyproject.toml')
#: What the working draft's text is: its date is that of the last commit that changed these
#: (not the registry: recording a round changes no word of the working draft; nor the build's
#: settings in conf.py, which every version shares).
TEXT_PATHS = ('concept', ':(exclude)concept/conf.py', 'locale', 'bib', 'amendments')


@dataclass(frozen=True)
class Sources:
    """Where an edition's text comes from: a commit, and whether the tree differed from it."""

    commit: str | None
    uncommitted_changes: bool
    epoch: int  # SOURCE_DATE_EPOCH: the commit's time, or now for uncommitted changes

    def as_manifest(self) -> dict:
        return {'commit': self.commit, 'uncommitted_changes': self.uncommitted_changes}

    def environ(self) -> dict[str, str]:
        """The environment that makes Sphinx and xelatex write the same bytes for the same text."""
        return {**os.environ, 'SOURCE_DATE_EPOCH': str(self.epoch), 'FORCE_SOURCE_DATE': '1', 'TZ': 'UTC'}


def sources_of(root: Path, commit: str | None = None, paths: tuple[str, ...] = LATEST_PATHS) -> Sources:
    """HEAD (or *commit*), the text's time, and whether *paths* have uncommitted changes.

    The working draft is dated by the last commit that changed its text, uncommitted changes or
    not (the manifest says whether there were any): the same text always makes the same bytes.
    """
    if commit:
        epoch = git.output(root, 'show', '-s', '--format=%ct', commit)
    else:
        commit = git.output(root, 'rev-parse', '--verify', '--quiet', 'HEAD')
        epoch = commit and (
            git.output(root, 'log', '-1', '--format=%ct', commit, '--', *TEXT_PATHS)
            or git.output(root, 'show', '-s', '--format=%ct', commit)
        )
    if not commit:
        # Not a git checkout: the text is dated today (midnight, so that builds of one day agree).
        return Sources(None, True, int(time.time()) // 86400 * 86400)
    status = git.output(root, 'status', '--porcelain', '--untracked-files=all', '--', *paths)
    return Sources(commit, bool(status), int(epoch or 0))


def round_trees(root: Path, round_: rounds.Round) -> dict[str, str]:
    """git's ids of the round's text, sources and each language's translations, by path."""
    listing = git.git(root, 'ls-tree', round_.commit, '--', 'concept', 'bib', 'locale/').stdout
    return {line.split('\t')[1]: line.split()[2] for line in listing.splitlines()}


def text_digest(root: Path, language: str, trees: dict[str, str] | None) -> str:
    """A digest of the text an edition is made from: for a round, git's ids of its trees (no
    need to read them) and today's files laid over them; for the working draft, the files."""
    if trees is None:
        return cache.files_digest(root, ['concept', 'bib', f'locale/{language}', 'amendments'])
    todays = sorted(
        str(p.relative_to(root))
        for pattern in rounds.TODAYS_FILES
        for p in root.glob(pattern)
        if not pattern.startswith('locale/') or p.relative_to(root).parts[1] == language
    )
    ids = [trees.get(path) for path in ('concept', 'bib', f'locale/{language}')]
    return f'{ids} {cache.files_digest(root, todays)}'
