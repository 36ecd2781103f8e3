"""The edition cache rebuilds exactly what an input reaches, and serves what a clean build makes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest

from concept_build.common.project import LATEST
from concept_build.pipeline import cache
from concept_build.pipeline.cli import main
from concept_build.pipeline.options import FORMATS
from concept_build.tools import bench
from helpers import (
    PROGRESS,
    ROUND_1,
    build_site,
    fates,
    git,
    make_repo,
    merge_shards,
    pdf_text,
    record_round,
    replace,
    tree,
)

LANGUAGES = ('en', 'ru')


def built(printed: str) -> set[str]:
    return {edition for edition, fate in fates(printed).items() if 'built' in fate}


def clean_build(repo: Path, folder: Path, **options) -> dict[str, str]:
    """The same tree, uncommitted changes and all, built from nothing."""
    copy = folder / 'repo'
    shutil.copytree(repo, copy, symlinks=True)
    out = folder / 'site'
    build_site(
        options.pop('languages', LANGUAGES),
        options.pop('versions', None),
        options.pop('formats', ('html',)),
        out,
        with_handbook=False,
        root=copy,
        **options,
    )
    return tree(out)


@pytest.fixture
def recorded(tmp_path):
    """A repository with round 1 recorded, and a working draft built from it."""
    repo = make_repo(tmp_path / 'repo')
    record_round('round-1', **ROUND_1, root=repo, languages=('en',))
    return repo


@pytest.mark.slow
def test_each_input_rebuilds_exactly_the_editions_it_reaches(recorded, tmp_path, capsys, monkeypatch):
    repo, out = recorded, tmp_path / 'warm' / 'site'
    build_site(LANGUAGES, None, ('html',), out, with_handbook=False, root=repo)
    assert built(capsys.readouterr().out) == {'en/latest', 'ru/latest', 'en/round-1', 'ru/round-1'}

    def provision():
        replace(repo / 'concept' / 'general.md', 'common approach', 'shared approach')

    def msgstr():
        catalogue = polib.pofile(str(repo / 'locale' / 'ru' / 'LC_MESSAGES' / 'tasks.po'))
        entry = next(e for e in catalogue.translated_entries() if e.msgstr.endswith('.'))
        entry.msgstr = entry.msgstr[:-1] + ' (исправлено).'
        catalogue.save()

    def act():
        replace(repo / 'bib' / 'normative-base.yaml', 'short_title: CIS Charter', 'short_title: Charter of the CIS')

    def work():
        bib = repo / 'bib' / 'works.bib'
        title = re.search(r'title\s*=\s*\{([^}]*)\}', bib.read_text(encoding='utf-8'))[1]
        replace(bib, title, title + ': Revised Edition')

    def new_round():
        git(repo, 'commit', '-qam', 'The edits so far')
        build_site(LANGUAGES, None, ('html',), out, with_handbook=False, root=repo)  # their commit's date
        capsys.readouterr()
        bench.add_round(repo, 2, change_text=False)

    def code():
        # Our build code as the next commit might have it: the same package, a comment changed.
        package = tmp_path / 'code' / 'concept_build'
        shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns('__pycache__'))
        (package / 'sphinxext' / 'store.py').write_text(
            (package / 'sphinxext' / 'store.py').read_text() + '\n# A comment.\n'
        )
        monkeypatch.setattr(cache, 'PACKAGE', package)
        cache.code.cache_clear()

    every = {'en/latest', 'ru/latest', 'en/round-1', 'ru/round-1', 'en/round-2', 'ru/round-2'}
    changes = [
        ('a provision', provision, {}, {'en/latest', 'ru/latest'}),
        ('a msgstr', msgstr, {}, {'ru/latest'}),
        ('an act in the YAML', act, {}, {'en/latest', 'ru/latest'}),
        ('a BibTeX entry', work, {}, {'en/latest', 'ru/latest'}),
        # A new round: its own editions, nothing else (the switchers and the working draft's
        # banner learn of it from editions.js).
        ('the registry', new_round, {}, {'en/round-2', 'ru/round-2'}),
        ('the build code', code, {}, every),
        ('the base URL', lambda: None, {'base_url': 'https://example.org/concept/'}, every),
    ]
    for number, (what, change, options, expected) in enumerate(changes):
        change()
        build_site(LANGUAGES, None, ('html',), out, with_handbook=False, root=repo, **options)
        printed = capsys.readouterr().out
        assert built(printed) == expected, (what, fates(printed))
        assert tree(out) == clean_build(repo, tmp_path / f'clean-{number}', **options), what
        capsys.readouterr()
    # Back to the default address: every page was made before, so nothing is built again.
    build_site(LANGUAGES, None, ('html',), out, with_handbook=False, root=repo)
    printed = capsys.readouterr().out
    assert built(printed) == set() and set(fates(printed).values()) == {'HTML cached'}, fates(printed)
    # Nothing changed at all: everything is kept as published.
    build_site(LANGUAGES, None, ('html',), out, with_handbook=False, root=repo)
    assert set(fates(capsys.readouterr().out).values()) == {'HTML kept'}


@pytest.mark.slow
def test_the_pdf_follows_its_text_and_the_sites_address_the_epub_its_text_alone(recorded, tmp_path, capsys):
    repo, out = recorded, tmp_path / 'warm' / 'site'
    latest = (LATEST,)
    build_site(LANGUAGES, latest, FORMATS, out, with_handbook=False, root=repo)
    capsys.readouterr()
    address = 'https://example.org/concept/'
    build_site(LANGUAGES, latest, FORMATS, out, with_handbook=False, root=repo, base_url=address)
    # The address reaches the pages and the PDF's first page (where the current version lives),
    # not the EPUB, which is kept.
    assert fates(capsys.readouterr().out) == {
        'en/latest': 'HTML built, PDF built, EPUB kept',
        'ru/latest': 'HTML built, PDF built, EPUB kept',
    }
    first_page = pdf_text(out / 'ru' / 'latest' / 'concept-ru-latest.pdf').split('\f')[0]
    assert f'{address}ru/latest/index.html' in ''.join(first_page.split())
    catalogue = polib.pofile(str(repo / 'locale' / 'ru' / 'LC_MESSAGES' / 'general.po'))
    entry = next(e for e in catalogue.translated_entries() if e.msgstr.endswith('.'))
    entry.msgstr = entry.msgstr[:-1] + ' (исправлено).'
    catalogue.save()
    build_site(LANGUAGES, latest, FORMATS, out, with_handbook=False, root=repo, base_url=address)
    assert fates(capsys.readouterr().out) == {
        'en/latest': 'HTML kept, PDF kept, EPUB kept',
        'ru/latest': 'HTML built, PDF built, EPUB built',
    }
    pdf = out / 'ru' / 'latest' / 'concept-ru-latest.pdf'
    text = pdf_text(pdf)
    assert '(исправлено)' in ' '.join(text.split())
    assert tree(out) == clean_build(repo, tmp_path / 'clean', versions=latest, formats=FORMATS, base_url=address)


@pytest.mark.slow
def test_shards_merged_equal_one_build(history, tmp_path, capsys):
    languages = ('en', 'ru', 'kk', 'uz')
    single = tmp_path / 'single' / 'site'
    build_site(languages, None, ('html',), single, with_handbook=False, root=history)
    everything = sorted(fates(capsys.readouterr().out))
    shards = []
    for number in (1, 2, 3):
        shard = tmp_path / f'shard-{number}' / 'site'
        build_site(languages, None, ('html',), shard, with_handbook=False, root=history, shard=(number, 3))
        shards.append(shard)
    # Each edition is built by exactly one shard.
    assert sorted(edition for edition, _fate in PROGRESS.findall(capsys.readouterr().out)) == everything
    assert len(everything) == 12
    merged = tmp_path / 'merged' / 'site'
    merge_shards(shards, merged, root=history)
    assert tree(merged) == tree(single)


def test_a_malformed_shard_argument_is_one_line(capsys):
    with pytest.raises(SystemExit):
        main(['--shard', '4/3'])
    assert "'4/3' is not a shard i/n with 1 <= i <= n" in capsys.readouterr().err


@pytest.mark.slow
def test_a_pdf_typeset_from_the_last_runs_state_equals_one_from_nothing(tmp_path, capsys):
    """The PDF starts from what the edition's last LaTeX run learnt (references, contents), and
    so typesets once when they stay the same: it must be the PDF two runs from nothing make,
    when a word changes, when pages shift and when a heading in the contents changes."""
    repo = make_repo(tmp_path / 'repo')
    out = tmp_path / 'warm' / 'site'
    options = {'languages': ('en',), 'versions': (LATEST,), 'formats': ('pdf',)}

    def warm() -> dict[str, str]:
        build_site(options['languages'], options['versions'], options['formats'], out, with_handbook=False, root=repo)
        return tree(out)

    general, tasks = repo / 'concept' / 'general.md', repo / 'concept' / 'tasks.md'
    warm()
    heading = next(line for line in tasks.read_text(encoding='utf-8').splitlines() if line.startswith('# '))
    changes = [
        ('a word', lambda: replace(general, 'common approach', 'shared approach')),
        # Two pages more before every later chapter: their numbers in the contents all move.
        (
            'pages',
            lambda: replace(
                general,
                'shared approach',
                'shared approach. ' + 'The parties keep one another informed of their measures. ' * 120,
            ),
        ),
        ('a heading', lambda: replace(tasks, heading, heading + ' and their order')),
    ]
    for number, (what, change) in enumerate(changes):
        change()
        assert warm() == clean_build(repo, tmp_path / f'clean-{number}', **options), what
    capsys.readouterr()
