"""Two builds of one commit are byte-identical; the manifest says what each format was built from."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from concept_build.pipeline.manifest import sha256
from concept_build.pipeline.options import FORMATS
from helpers import build_site, git, make_repo, pdf_text, tree

# Sites built twice from hermetic repositories.
pytestmark = pytest.mark.slow


def commit_dated(repo: Path, when: str, message: str) -> None:
    environ = {**os.environ, 'GIT_COMMITTER_DATE': when, 'GIT_AUTHOR_DATE': when}
    subprocess.run(['git', '-C', str(repo), 'commit', '-q', '--allow-empty', '-am', message], check=True, env=environ)


def manifest(out: Path) -> dict:
    editions = json.loads((out / 'editions.json').read_text(encoding='utf-8'))['editions']
    return {(e['language'], e['version']): e for e in editions}


def test_two_builds_of_one_commit_are_byte_identical(tmp_path):
    repo = make_repo(tmp_path / 'repo')
    general = repo / 'concept' / 'general.md'
    general.write_text(general.read_text().replace('common approach', 'shared approach'))
    commit_dated(repo, '2025-05-20T12:00:00+00:00', 'The text as of 20 May 2025')
    # A later commit that leaves the text alone does not change its date.
    (repo / 'README.md').write_text('A note on the project.\n')
    git(repo, 'add', 'README.md')
    commit_dated(repo, '2025-07-01T12:00:00+00:00', 'A note')
    sites = []
    for folder in ('first', 'second/deeper'):
        clone = tmp_path / folder / 'clone'
        subprocess.run(['git', 'clone', '-q', str(repo), str(clone)], check=True)
        out = tmp_path / folder / 'site'
        build_site(('en',), None, FORMATS, out, with_handbook=False, root=clone)
        sites.append(out)
    assert tree(sites[0]) == tree(sites[1])
    entry = manifest(sites[0])[('en', 'latest')]
    head = git(repo, 'rev-parse', 'HEAD')
    assert entry['sources'] == {f: {'commit': head, 'uncommitted_changes': False} for f in FORMATS}
    # The working draft's title page gives the date of the commit that last changed the text,
    # not of the build.
    pdf = sites[0] / entry['pdf']
    title_page = pdf_text(pdf, '-l', '1')
    assert '20 May 2025' in title_page, title_page


def test_manifest_records_each_formats_own_sources(tmp_path):
    repo = make_repo(tmp_path / 'repo')
    out = tmp_path / 'site'
    build_site(('en',), None, FORMATS, out, with_handbook=False, root=repo)
    first = git(repo, 'rev-parse', 'HEAD')
    general = repo / 'concept' / 'general.md'
    general.write_text(general.read_text().replace('common approach', 'shared approach'))
    commit_dated(repo, '2025-06-01T12:00:00+00:00', 'Reword')
    second = git(repo, 'rev-parse', 'HEAD')
    build_site(('en',), None, ('html',), out, with_handbook=False, root=repo)
    entry = manifest(out)[('en', 'latest')]
    # The PDF and the EPUB were carried over from the first build: they keep that build's commit.
    assert entry['sources'] == {
        'html': {'commit': second, 'uncommitted_changes': False},
        'pdf': {'commit': first, 'uncommitted_changes': False},
        'epub': {'commit': first, 'uncommitted_changes': False},
    }
    assert sha256(out / entry['pdf']) == entry['pdf_sha256']
    # An edition built from a tree with uncommitted changes says so.
    general.write_text(general.read_text().replace('shared approach', 'joint approach'))
    build_site(('en',), None, ('html',), out, with_handbook=False, root=repo)
    entry = manifest(out)[('en', 'latest')]
    assert entry['sources']['html'] == {'commit': second, 'uncommitted_changes': True}
    assert 'joint approach' in (out / 'en' / 'latest' / 'general.html').read_text(encoding='utf-8')
