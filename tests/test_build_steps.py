"""The build's steps one at a time, each on a small input: Sphinx in its own process, a language's
catalogues compiled before it, the check of :formerly: keys across versions, and the refusals of
a release whose registry cannot be trusted."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil

import pytest

from concept_build.common import rounds
from concept_build.common.layout import Edition
from concept_build.common.stores import STORE
from concept_build.pipeline import cache
from concept_build.pipeline.checks import check_formerly
from concept_build.pipeline.editions import Run, compile_catalogs, write_registry_view
from concept_build.pipeline.options import BuildError, BuildOptions
from concept_build.pipeline.plan import EditionPlan
from concept_build.pipeline.release import ReleaseRefused, release
from concept_build.pipeline.sources import Sources
from concept_build.pipeline.sphinxrun import SERVERS, sphinx_build
from helpers import BASE_URL, REPO, edition_store, replace, stored_provision


def test_sphinx_runs_strictly_and_a_failure_names_the_edition_and_is_not_remembered(project, tmp_path, capsys):
    src = project('provisions')
    out, doctrees = tmp_path / 'work' / 'html', tmp_path / 'work' / 'doctrees'
    try:
        sphinx_build([('html', out)], src, doctrees, {'language': 'en'}, 'en/latest')
        assert re.search(
            r'id="beta">\s*<p><a class="provision-number[^>]*><strong>1\.2<',
            (out / 'first.html').read_text(encoding='utf-8'),
        )
        # A warning fails the edition (warnings are errors); Sphinx's own lines come first.
        replace(src / 'second.md', '{prov}`beta`', '{prov}`betta`')
        for _attempt in range(2):
            with pytest.raises(BuildError) as failure:
                sphinx_build([('html', out)], src, doctrees, {'language': 'en'}, 'en/latest')
            assert str(failure.value) == f'en/latest HTML: Sphinx reported the errors above (source {src})'
            assert "second.md:4: WARNING: unknown provision key 'betta'" in capsys.readouterr().err
            # What Sphinx read is forgotten, so that the next build reads the page again and fails again.
            assert not doctrees.exists()
        replace(src / 'second.md', '{prov}`betta`', '{prov}`beta`')
        sphinx_build([('html', out)], src, doctrees, {'language': 'en'}, 'en/latest')
        assert 'href="first.html#beta"' in (out / 'second.html').read_text(encoding='utf-8')
    finally:
        SERVERS.close()


def test_a_languages_catalogues_are_compiled_once_and_a_broken_one_names_its_line(tmp_path):
    folder = tmp_path / 'locale' / 'kk' / 'LC_MESSAGES'
    folder.mkdir(parents=True)
    shutil.copy(REPO / 'locale' / 'kk' / 'LC_MESSAGES' / 'goals.po', folder / 'goals.po')
    compile_catalogs(tmp_path, 'kk')
    compiled = folder / 'goals.mo'
    made = compiled.stat().st_mtime_ns
    # The same catalogue again: the compiled file is left as it was, so Sphinx re-reads nothing.
    compile_catalogs(tmp_path, 'kk')
    assert compiled.stat().st_mtime_ns == made
    text = (folder / 'goals.po').read_text(encoding='utf-8')
    (folder / 'goals.po').write_text(text.replace('"Language: kk\\n"', '"Language: ru\\n"'), encoding='utf-8')
    with pytest.raises(BuildError) as failure:
        compile_catalogs(tmp_path, 'kk')
    assert str(failure.value) == (
        'kk: the translation catalogues have errors:\n'
        f"  {folder / 'goals.po'}:1: the Language header is 'ru', expected 'kk'"
    )


def test_an_edition_is_built_with_its_language_version_and_address(tmp_path):
    options = BuildOptions(site=tmp_path / 'site', root=tmp_path, base_url=BASE_URL)
    plan = EditionPlan(
        Edition('kk', 'round-1'),
        tmp_path / 'work' / 'trees' / 'round-1',
        Sources(None, True, 0),
        '- id: round-1\n',
        tmp_path / 'work' / 'registries' / 'round-1.yaml',
        {},
    )
    overrides = Run(options, cache.Store(tmp_path / 'cache'), {}).overrides(plan)
    assert overrides['language'] == 'kk' and overrides['concept_version'] == 'round-1'
    # Sphinx writes each page's canonical link from the edition's own address.
    assert overrides['html_baseurl'] == 'https://example.org/concept/kk/round-1/'
    assert overrides['concept_registry'] == str(plan.registry_file)
    assert 'html_baseurl' not in Run(BuildOptions(site=tmp_path / 'site'), None, {}).overrides(plan)
    # The rounds the edition shows, written for its Sphinx run, and rewritten only when they change.
    write_registry_view(plan)
    written = plan.registry_file.stat().st_mtime_ns
    write_registry_view(plan)
    assert plan.registry_file.read_text(encoding='utf-8') == '- id: round-1\n'
    assert plan.registry_file.stat().st_mtime_ns == written


ROUND = rounds.Round(
    id='round-1',
    number=1,
    date=dt.date(2025, 4, 2),
    place='Minsk',
    event='Meeting',
    discussed='The draft.',
    amendments_due=dt.date(2025, 6, 1),
    commit='0' * 40,
    tag='round-1',
)


def stores_in(folder, **by_version) -> None:
    for version, store in by_version.items():
        path = folder / 'en' / version / STORE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(store), encoding='utf-8')


def test_a_former_key_must_be_a_provision_of_an_earlier_text(tmp_path):
    staging, site, root = tmp_path / '.staging', tmp_path / 'site', tmp_path / 'repo'
    # Round 1, published before; the working draft, built now.
    stores_in(site, **{'round-1': edition_store('round-1', stored_provision('pension', 'Pensions.'))})
    renamed = stored_provision('pensions', 'Pensions.', formerly=['pension'], page='tasks')
    stores_in(staging, latest=edition_store('latest', renamed))
    check_formerly(staging, site, [ROUND], root)
    misspelt = stored_provision('pensions', 'Pensions.', '2.4', formerly=['pensoin'], page='tasks')
    stores_in(staging, latest=edition_store('latest', misspelt))
    with pytest.raises(BuildError) as failure:
        check_formerly(staging, site, [ROUND], root)
    assert str(failure.value) == (
        f"{root / 'concept' / 'tasks'}.md:3: provision 'pensions' is formerly 'pensoin', "
        f'which no earlier version of the text has\nNothing was published; {site} is unchanged.'
    )
    # Without the text of every round, no key can be said never to have been.
    check_formerly(staging, site, [ROUND, dataclasses.replace(ROUND, id='round-2', number=2)], root)


def test_a_release_is_refused_while_the_registry_is_broken(tmp_path):
    requested = rounds.Round(
        id='round-2',
        number=0,
        date=dt.date(2025, 10, 9),
        place='Minsk',
        event='Meeting',
        discussed='The amendments.',
        amendments_due=dt.date(2025, 12, 1),
        commit='',
        tag='round-2',
    )
    registry = tmp_path / 'rounds.yaml'
    registry.write_text(rounds.entry_text(ROUND).replace('date: 2025-04-02', 'date: 2025-02-30'), encoding='utf-8')
    with pytest.raises(ReleaseRefused) as refused:
        release(requested, root=tmp_path, languages=('en',))
    assert str(refused.value) == (
        f"the registry is broken, fix it first: {registry}:3: date '2025-02-30' is not a valid date"
    )
    # Nothing was recorded.
    assert 'round-2' not in registry.read_text(encoding='utf-8')
