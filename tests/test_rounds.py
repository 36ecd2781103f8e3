"""Rounds as tagged versions: the registry, building each round from its own tree, and releases."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest

from concept_build.common import rounds
from concept_build.pipeline.manifest import sha256
from concept_build.pipeline.options import BuildError
from concept_build.pipeline.release import ReleaseRefused
from helpers import VERSIONED_LANGUAGES, build_site, git, make_repo, pdf_text, record_round

# Every test records rounds in a hermetic repository or reads the versioned site built from one.
pytestmark = pytest.mark.slow


def test_release_records_the_round_and_tags_its_commit(history):
    [first, second] = rounds.load(history / 'rounds.yaml')
    assert (first.id, first.number, first.date, first.amendments_due) == (
        'round-1',
        1,
        dt.date(2025, 4, 2),
        dt.date(2025, 6, 1),
    )
    assert first.place == 'MPA CIS headquarters, Saint Petersburg'
    assert git(history, 'cat-file', '-t', 'round-1') == 'tag'  # annotated
    assert git(history, 'rev-parse', 'round-1^{commit}') == first.commit
    assert git(history, 'rev-parse', 'round-2^{commit}') == second.commit
    assert git(history, 'log', '-1', '--format=%s', f'{second.commit}..main', '--', 'rounds.yaml')


def test_each_round_is_built_from_its_own_tree(versioned_site, history):
    manifest = json.loads((versioned_site / 'editions.json').read_text())
    editions = {(e['language'], e['version']): e for e in manifest['editions']}
    assert set(editions) == {(lang, v) for lang in VERSIONED_LANGUAGES for v in ('latest', 'round-1', 'round-2')}
    assert editions[('kk', 'round-1')]['sources']['html']['commit'] == git(history, 'rev-parse', 'round-1^{commit}')
    assert editions[('kk', 'latest')]['sources']['pdf']['commit'] == git(history, 'rev-parse', 'HEAD')
    round_1 = versioned_site / 'kk' / 'round-1'
    assert 'id="forecast-horizon"' in (round_1 / 'tasks.html').read_text()
    assert 'id="forecast-horizon"' not in (round_1 / 'general.html').read_text()
    assert 'id="forecast-horizon"' in (versioned_site / 'kk' / 'round-2' / 'general.html').read_text()
    assert not (round_1 / 'annex.html').exists()
    assert (versioned_site / 'kk' / 'latest' / 'annex.html').exists()
    for edition in editions.values():
        pdf = versioned_site / edition['pdf']
        assert pdf.read_bytes().startswith(b'%PDF') and sha256(pdf) == edition['pdf_sha256']


def test_round_banner_and_switchers_speak_the_editions_language(versioned_site):
    page = (versioned_site / 'ru' / 'round-1' / 'tasks.html').read_text().replace('\xa0', ' ').replace('\u202f', ' ')
    assert (
        'Текст в редакции, обсуждённой на раунде 1 (2 апреля 2025 г., штаб-квартира МПА СНГ, Санкт-Петербург)' in page
    )
    assert 'href="../../ru/latest/tasks.html"' in page
    latest = (versioned_site / 'kk' / 'latest' / 'tasks.html').read_text()
    assert 'Жұмыс жобасы' in latest
    assert '<link rel="alternate" hreflang="ru" href="https://example.org/concept/ru/latest/tasks.html">' in latest
    assert '<link rel="canonical" href="https://example.org/concept/kk/latest/tasks.html"' in latest


def test_entry_page_sitemap_and_404(versioned_site):
    index = (versioned_site / 'index.html').read_text()
    for language, name in [('ru', 'Русский'), ('kk', 'Қазақ тілі')]:
        assert f'href="{language}/latest/index.html" hreflang="{language}" data-language="{language}">{name}' in index
    assert '2 April 2025' in index and 'MPA CIS headquarters, Saint Petersburg' in index
    assert '1 June 2025' in index and 'ru/round-1/concept-ru-round-1.pdf' in index
    sitemap = (versioned_site / 'sitemap.xml').read_text()
    assert '<loc>https://example.org/concept/kk/round-2/general.html</loc>' in sitemap
    assert 'hreflang="ru" href="https://example.org/concept/ru/round-2/general.html"' in sitemap
    missing = (versioned_site / '404.html').read_text()
    assert 'Такой страницы нет.' in missing and 'href="https://example.org/concept/ru/index.html"' in missing


def test_without_a_base_url_nothing_points_at_a_guessed_address(tmp_path, capsys):
    repo = make_repo(tmp_path / 'repo')
    out = tmp_path / 'site'
    build_site(('en', 'ru'), None, ('html',), out, with_handbook=False, root=repo)
    printed = capsys.readouterr().out
    assert printed.count('no --base-url') == 1, printed
    assert not (out / 'sitemap.xml').exists()
    for page in (out / 'en' / 'latest').glob('*.html'):
        text = page.read_text(encoding='utf-8')
        assert 'rel="canonical"' not in text and 'hreflang="ru" href' not in text.split('</head>')[0], page
        assert '127.0.0.1' not in text, page
    assert 'href="/ru/index.html"' in (out / '404.html').read_text(encoding='utf-8')


def test_clone_without_tags_builds_rounds_from_the_registry(history, tmp_path):
    clone = tmp_path / 'clone'
    subprocess.run(['git', 'clone', '-q', '--no-tags', str(history), str(clone)], check=True)
    assert git(clone, 'tag') == ''
    out = tmp_path / 'site'
    build_site(('kk',), ('round-1',), ('html',), out, with_handbook=False, root=clone)
    assert 'id="forecast-horizon"' in (out / 'kk' / 'round-1' / 'tasks.html').read_text()


def test_shallow_clone_says_how_to_fetch_the_history(history, tmp_path):
    clone = tmp_path / 'shallow'
    subprocess.run(['git', 'clone', '-q', '--depth', '1', f'file://{history}', str(clone)], check=True)
    with pytest.raises(BuildError) as error:
        build_site(('en',), ('round-1',), ('html',), tmp_path / 'site', with_handbook=False, root=clone)
    line = next(r.line for r in rounds.load(clone / 'rounds.yaml') if r.id == 'round-1')
    assert f'{clone / "rounds.yaml"}:{line}: commit ' in str(error.value)
    assert f'git -C {clone} fetch --unshallow --tags' in str(error.value)
    assert not (tmp_path / 'site').exists()


@pytest.mark.parametrize('case', ['dirty', 'existing id', 'existing tag', 'date not after', 'not a slug'])
def test_release_refuses(history, tmp_path, case):
    repo = tmp_path / 'repo'
    subprocess.run(['git', 'clone', '-q', str(history), str(repo)], check=True)
    git(repo, 'config', 'user.email', 'test@example.org')
    git(repo, 'config', 'user.name', 'Test')
    round_id, date = 'round-3', dt.date(2026, 3, 1)
    if case == 'dirty':
        (repo / 'concept' / 'general.md').write_text('# Changed\n')
    elif case == 'existing id':
        round_id = 'round-2'
    elif case == 'existing tag':
        git(repo, 'tag', 'round-3')
    elif case == 'date not after':
        date = dt.date(2025, 10, 9)
    elif case == 'not a slug':
        round_id = '../x'
    before = (repo / 'rounds.yaml').read_text()
    expected = {
        'dirty': 'uncommitted changes',
        'existing id': 'round-2 is already in the registry',
        'existing tag': 'the tag round-3 already exists',
        'not a slug': 'not a plain lowercase slug',
        'date not after': 'not after the previous round, round-2 of 2025-10-09',
    }[case]
    with pytest.raises(ReleaseRefused, match=expected):
        record_round(
            round_id, date, 'Minsk', 'Third meeting', 'Amendments.', dt.date(2026, 5, 1), root=repo, languages=('en',)
        )
    assert (repo / 'rounds.yaml').read_text() == before


def test_release_refuses_a_text_that_does_not_build(history, tmp_path):
    repo = tmp_path / 'repo'
    subprocess.run(['git', 'clone', '-q', str(history), str(repo)], check=True)
    git(repo, 'config', 'user.email', 'test@example.org')
    git(repo, 'config', 'user.name', 'Test')
    general = repo / 'concept' / 'general.md'
    general.write_text(general.read_text() + '\n:::{provision} broken\nSee {prov}`no-such-key`.\n:::\n')
    git(repo, 'commit', '-q', '-am', 'A broken reference')
    with pytest.raises(ReleaseRefused, match=r'does not build strictly.*en/latest HTML'):
        record_round(
            'round-3',
            dt.date(2026, 3, 1),
            'Minsk',
            'Third meeting',
            'Amendments.',
            dt.date(2026, 5, 1),
            root=repo,
            languages=('en',),
        )
    assert git(repo, 'tag', '-l', 'round-3') == ''
    assert 'round-3' not in (repo / 'rounds.yaml').read_text()


ENTRY = """- id: {id}
  number: {number}
  date: {date}
  place: Minsk
  event: Meeting
  discussed: The text.
  amendments_due: 2026-12-31
  commit: {commit}
"""


@pytest.mark.parametrize(
    'case, line, message',
    [
        pytest.param('missing commit', 9, "round 'round-2' lacks commit", id='missing-commit'),
        pytest.param(
            'unknown commit',
            9,
            'unknown commit 0000000000000000000000000000000000000000 of round-2',
            id='unknown-commit',
        ),
        pytest.param(
            'date not increasing',
            11,
            "round 'round-2' is dated 2025-04-02, not after round-1",
            id='date-not-increasing',
        ),
        pytest.param('not a slug', 9, "round id '../x' is not a plain lowercase slug", id='not-a-slug'),
        pytest.param('duplicate id', 9, "duplicate round id 'round-1', first at line 1", id='duplicate-id'),
    ],
)
def test_bad_registry_names_file_and_line_and_keeps_the_site(history, versioned_site, tmp_path, case, line, message):
    repo = tmp_path / 'repo'
    subprocess.run(['git', 'clone', '-q', str(history), str(repo)], check=True)
    first = rounds.load(repo / 'rounds.yaml')[0]
    second = {'id': 'round-2', 'number': 2, 'date': '2025-10-09', 'commit': first.commit}
    if case == 'missing commit':
        second['commit'] = ''
    elif case == 'unknown commit':
        second['commit'] = '0' * 40
    elif case == 'date not increasing':
        second['date'] = '2025-04-02'
    elif case == 'not a slug':
        second['id'] = '../x'
    elif case == 'duplicate id':
        second['id'] = 'round-1'
    registry = ENTRY.format(id='round-1', number=1, date='2025-04-02', commit=first.commit)
    registry += ENTRY.format(**second)
    (repo / 'rounds.yaml').write_text(registry)
    before = {p: p.read_bytes() for p in versioned_site.rglob('*') if p.is_file()}
    with pytest.raises(BuildError) as error:
        build_site(('en',), None, ('html',), versioned_site, with_handbook=False, root=repo)
    assert str(error.value).startswith(f'{repo / "rounds.yaml"}:{line}: ')
    assert message in str(error.value)
    assert {p: p.read_bytes() for p in versioned_site.rglob('*') if p.is_file()} == before


def test_a_rounds_pdf_says_which_round_it_is(versioned_site):
    def title_page(path: Path) -> str:
        text = pdf_text(path, '-l', '1')
        return ' '.join(text.replace('\u202f', ' ').replace('\xa0', ' ').split())

    round_1 = title_page(versioned_site / 'ru' / 'round-1' / 'concept-ru-round-1.pdf')
    assert 'Раунд 1, 2 апреля 2025 г. штаб-квартира МПА СНГ, Санкт-Петербург' in round_1
    assert 'Рабочий проект' not in round_1
    assert 'Рабочий проект' in title_page(versioned_site / 'ru' / 'latest' / 'concept-ru-latest.pdf')


def test_every_page_describes_itself_as_schema_org_legislation(versioned_site):
    import re as regex

    for page in sorted((versioned_site / 'kk' / 'round-1').glob('*.html')):
        text = page.read_text(encoding='utf-8')
        [block] = regex.findall(r'<script type="application/ld\+json">(.*?)</script>', text, regex.S)
        data = json.loads(block)
        concept = data if page.stem == 'index' else data['isPartOf']
        assert data['@type'] == 'Legislation' and data['inLanguage'] == 'kk', page
        assert concept['creativeWorkStatus'] == 'Draft' and concept['legislationDate'] == '2025-04-02'
        assert concept['legislationLegalForce'] == 'https://schema.org/NotInForce'
        assert concept['url'] == 'https://example.org/concept/kk/round-1/index.html'
        assert concept['name'].startswith('ТМД') or 'Тұжырымдама' in concept['name'], concept['name']
