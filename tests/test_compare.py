"""Comparisons between versions: matched by key, each provision's status, word-level redlines."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from pathlib import Path

import polib
import pytest

from concept_build.pages import compare
from concept_build.pages.render import ENVIRONMENT
from concept_build.pipeline.options import BuildError
from helpers import (
    REPO,
    ROUND_1,
    VERSIONED_LANGUAGES,
    assert_links_exist,
    build_site,
    git,
    make_repo,
    pdf_text,
    record_round,
    replace,
)

# A store of one edition, and one provision of it, made by hand.
from helpers import edition_store as edition
from helpers import stored_provision as provision


def statuses(rows) -> list[tuple[str, str]]:
    return [(row.key, row.status) for row in rows]


def test_each_provision_is_matched_by_key_and_given_its_status():
    old = edition(
        'round-1',
        provision('a', 'Alpha.', '1.1'),
        provision('b', 'Beta.', '1.2'),
        provision('c', 'Gamma.', '1.3'),
        provision('d', 'Delta.', '2.1', chapter='2'),
        provision('e', 'Epsilon.', '2.2', chapter='2'),
    )
    new = edition(
        'latest',
        provision('new', 'A new first provision.', '1.1'),
        provision('a', 'Alpha.', '1.2'),
        provision('c', 'Gamma, changed.', '1.3'),
        provision('d', 'Delta.', '3.1', chapter='3'),
        provision('e', 'Epsilon.', '2.1', chapter='2'),
    )
    rows = compare.compare(old, new)
    assert statuses(rows) == [
        ('new', 'new'),
        ('a', 'renumbered'),
        ('b', 'deleted'),
        ('c', 'changed'),
        ('d', 'moved'),
        ('e', 'renumbered'),
    ]


def test_a_renamed_key_is_followed_through_formerly():
    old = edition('round-1', provision('old-name', 'Alpha.'))
    new = edition('latest', provision('new-name', 'Alpha.', formerly=['old-name']))
    assert statuses(compare.compare(old, new)) == [('new-name', 'unchanged')]


def test_renumbering_a_cited_provision_is_no_change():
    cited_old = provision('cites', 'See 1.2.')
    cited_new = provision('cites', 'See 1.3.')
    # The store's tokens keep the reference as its key, whatever number it shows.
    cited_old['tokens'] = [['w', 'See'], ['s', ' '], ['ref', 'prov:beta', '1.2'], ['p', '.']]
    cited_new['tokens'] = [['w', 'See'], ['s', ' '], ['ref', 'prov:beta', '1.3'], ['p', '.']]
    assert statuses(compare.compare(edition('round-1', cited_old), edition('latest', cited_new))) == [
        ('cites', 'unchanged')
    ]


def redline(old: str, new: str, language: str = 'en') -> str:
    """The redline of one changed provision as the comparison page writes it."""
    rows = compare.compare(
        edition('round-1', provision('k', old, language=language), language=language),
        edition('latest', provision('k', new, language=language), language=language),
    )
    return str(ENVIRONMENT.get_template('redline.html').module.redline(rows[0].redline))


def test_redline_is_by_whole_words_and_marks_a_change_of_form():
    # A Russian inflection is one word replaced, not a word cut in two, and a change of form.
    assert redline('Права трудящихся-мигрантов защищаются.', 'Права трудящимся-мигрантам гарантируются.', 'ru') == (
        'Права <del>трудящихся-мигрантов защищаются</del><ins>трудящимся-мигрантам гарантируются</ins>.'
    )
    assert redline('Права мигрантов защищаются.', 'Права мигрантам защищаются.', 'ru') == (
        'Права <del class="form">мигрантов</del><ins class="form">мигрантам</ins> защищаются.'
    )
    # Words of every script stay whole.
    assert redline('Oʻzbekiston taʼminoti', 'Oʻzbekiston taʼminotlari', 'uz') == (
        'Oʻzbekiston <del>taʼminoti</del><ins>taʼminotlari</ins>'
    )
    assert redline("Ён з'яўляецца тут.", "Ён з'яўляўся тут.", 'be') == (
        "Ён <del>з'яўляецца</del><ins>з'яўляўся</ins> тут."
    )


def test_small_equal_islands_are_absorbed():
    # "of the" between two changes would leave confetti: it joins them.
    assert redline('The rights of the workers are protected.', 'The duties of the States are set.') == (
        'The <del>rights of the workers are protected</del><ins>duties of the States are set</ins>.'
    )


def test_a_translation_that_has_not_followed_is_pending():
    english_old = edition('round-1', provision('k', 'Old English.'))
    english_new = edition('latest', provision('k', 'New English.'))
    old = edition('round-1', provision('k', 'Старый текст.', language='ru'), language='ru')
    new = edition('latest', provision('k', 'Старый текст.', language='ru', translated=False), language='ru')
    assert statuses(compare.compare(old, new, english_old, english_new)) == [('k', 'pending')]


def test_a_change_is_what_the_english_says_and_a_better_translation_is_counted_apart():
    english_old = edition('round-1', provision('same', 'Same.'), provision('moved', 'Moved.', '1.2'))
    english_new = edition('latest', provision('same', 'Same.'), provision('moved', 'Moved, amended.', '1.2'))
    old = edition(
        'round-1',
        provision('same', 'Тот же.', language='ru'),
        provision('moved', 'Перенесён.', '1.2', language='ru'),
        language='ru',
    )
    # The Russian of "same" was corrected; the Russian of "moved" did not need to change.
    new = edition(
        'latest',
        provision('same', 'Тот же самый.', language='ru'),
        provision('moved', 'Перенесён.', '1.2', language='ru'),
        language='ru',
    )
    rows = compare.compare(old, new, english_old, english_new)
    assert [(r.key, r.status, r.counted) for r in rows] == [
        ('same', 'revised', 'unchanged'),
        ('moved', 'changed', 'changed'),
    ]
    page = compare.page('ru', 'round-1', 'latest', rows, lambda v: v, Path('/nonexistent'))
    assert '<li data-status="changed"><span class="status">Changed</span> 1</li>' in page
    assert '<li data-status="unchanged"><span class="status">Unchanged</span> 1</li>' in page
    assert '<li data-status="revised"><span class="status">Translation revised</span> 1</li>' in page


def test_each_change_names_its_amendment_and_proposer_or_says_editorial():
    old = edition('round-1', provision('a', 'Alpha.'), provision('b', 'Beta.', '1.2'))
    carried = {'id': 'x', 'label': '1.1', 'relation': 'carries', 'proposer': 'A union & partners'}
    new = edition(
        'latest',
        provision('a', 'Alpha, amended.', amendments=[carried]),
        provision('b', 'Beta, corrected.', '1.2'),
        provision('c', 'Gamma, new.', '1.3'),
    )
    rows = compare.compare(old, new)
    page = compare.page('en', 'round-1', 'latest', rows, lambda v: v, Path('/nonexistent'))
    assert re.search(
        r'id="a">.*?href="\.\./latest/amendments\.html#amendment-x">Amendment 1\.1</a> \(A union &amp; partners\)',
        page,
        re.S,
    )
    assert re.search(r'id="b">.*?<p class="amendments">Editorial</p>', page, re.S)
    assert re.search(r'id="c">.*?<p class="amendments">The drafters&#x27; editorial addition</p>', page, re.S)
    assert '<li data-status="changed"><span class="status">Changed</span> 2</li>' in page
    assert '<h1>What changed from round-1 to latest</h1>' in page


@pytest.mark.slow
def test_the_versioned_site_has_every_comparison_in_every_language(versioned_site):
    for language in VERSIONED_LANGUAGES:
        folder = versioned_site / language / 'compare'
        assert sorted(p.name for p in folder.glob('*.html')) == [
            'round-1--latest.html',
            'round-1--round-2.html',
            'round-2--latest.html',
        ]
    moved = (versioned_site / 'ru' / 'compare' / 'round-1--round-2.html').read_text(encoding='utf-8')
    assert 'class="row moved" id="forecast-horizon"' in moved and 'lang="ru"' in moved
    added = (versioned_site / 'en' / 'compare' / 'round-2--latest.html').read_text(encoding='utf-8')
    assert 'class="row new" id="annex-note"' in added
    # The annex has no Kazakh translation yet: its comparison says so rather than show English.
    pending = (versioned_site / 'kk' / 'compare' / 'round-2--latest.html').read_text(encoding='utf-8')
    assert 'class="row pending" id="annex-note"' in pending
    # The banners lead to them.
    banner = (versioned_site / 'ru' / 'round-1' / 'tasks.html').read_text(encoding='utf-8')
    assert 'href="../compare/round-1--latest.html"' in banner


@pytest.mark.slow
def test_comparisons_link_only_to_pages_and_anchors_that_exist(versioned_site):
    assert_links_exist(versioned_site.glob('*/compare/*.html'))


def test_formerly_naming_a_key_that_still_exists_is_an_error(project, build):
    src = project('store')
    replace(src / 'second.md', ':::{provision} gamma\n', ':::{provision} gamma\n:formerly: alpha\n')
    built = build(src)
    assert re.search(
        r"second\.md:3: WARNING: provision 'gamma' is formerly 'alpha', but 'alpha' is still a "
        r'provision of the text',
        built.warnings,
    ), built.warnings


@pytest.mark.slow
def test_formerly_naming_an_unknown_key_is_an_error(tmp_path):
    repo = make_repo(tmp_path / 'repo')
    record_round('round-1', **ROUND_1, root=repo, languages=('en',))
    replace(repo / 'concept' / 'tasks.md', ':::{provision} pensions\n', ':::{provision} pensions\n:formerly: pension\n')
    git(repo, 'commit', '-q', '-am', 'A key that never was')
    out = tmp_path / 'site'
    with pytest.raises(
        BuildError,
        match=r"tasks\.md:11: provision 'pensions' is formerly 'pension', which no "
        r'earlier version of the text has',
    ):
        build_site(('en',), None, ('html',), out, with_handbook=False, root=repo)
    assert not out.exists()


@pytest.mark.slow
def test_every_provision_has_its_history_in_every_language(versioned_site):
    for language in VERSIONED_LANGUAGES:
        keys = {p.stem for p in (versioned_site / language / 'history').glob('*.html')}
        assert {'forecast-horizon', 'annex-note', 'pensions'} <= keys
    story = (versioned_site / 'ru' / 'history' / 'forecast-horizon.html').read_text(encoding='utf-8')
    assert re.findall(r'<div class="version (\w+)" id="([\w-]+)">', story) == [
        ('new', 'round-1'),
        ('moved', 'round-2'),
        ('unchanged', 'latest'),
    ]
    page = (versioned_site / 'ru' / 'latest' / 'general.html').read_text(encoding='utf-8')
    assert 'href="../history/forecast-horizon.html"' in page


@pytest.mark.slow
def test_histories_link_only_to_pages_and_anchors_that_exist(versioned_site):
    assert_links_exist(versioned_site.glob('*/history/*.html'))


def test_the_comparison_table_keeps_every_word_of_a_provision_longer_than_a_page(tmp_path):
    from concept_build.pages import tablepdf
    from concept_build.pipeline.latex import typeset

    # Numbers, which no hyphenation breaks, so that every one can be found in the PDF's text.
    words = [str(n) for n in range(10000, 11800)]
    long_text = 'Статья ' + ' '.join(words) + '.'
    old = edition(
        'round-1',
        provision('long', long_text, language='ru'),
        provision('short', 'Права мигрантов защищаются.', '1.2', language='ru'),
        language='ru',
    )
    new = edition(
        'latest',
        provision('long', long_text + ' Конец.', language='ru'),
        provision('short', 'Права мигрантам защищаются.', '1.2', language='ru'),
        language='ru',
    )
    rows = compare.compare(old, new)
    source = tablepdf.comparison_table('ru', 'round-1', 'latest', rows, lambda v: v, Path('/nonexistent'))
    assert r'\sout{мигрантов}' in source and r'\textbf{мигрантам}' in source
    pdf = typeset(source, tmp_path / 'table.pdf', tmp_path / 'work')
    text = pdf_text(pdf, '-layout')
    found = re.findall(r'\b1[01]\d{3}\b', text)
    # Both columns carry the whole provision, across pages, and nothing is lost.
    assert all(found.count(word) == 2 for word in words), [w for w in words if found.count(w) != 2][:5]
    assert (
        int(subprocess.run(['pdfinfo', str(pdf)], capture_output=True, text=True).stdout.split('Pages:')[1].split()[0])
        > 1
    )
    # The struck-out Cyrillic word is still there to read.
    assert 'мигрантов' in text and 'мигрантам' in text and 'Конец' in text


@pytest.mark.slow
def test_the_versioned_site_has_its_comparison_tables_and_side_by_side_pdfs(versioned_site):
    for language in VERSIONED_LANGUAGES:
        assert (versioned_site / language / 'compare' / 'round-1--latest.pdf').exists()
    assert sorted(p.name for p in (versioned_site / 'kk' / 'side-by-side').glob('*.pdf')) == [
        'latest--en.pdf',
        'latest--ru.pdf',
    ]
    table = pdf_text(versioned_site / 'ru' / 'compare' / 'round-1--round-2.pdf', '-layout')
    assert 'Сравнительная таблица' in table or 'Перенесён' in table
    side = pdf_text(versioned_site / 'kk' / 'side-by-side' / 'latest--ru.pdf', '-layout')
    assert 'зейнетақы' in side and 'засчитываются' in side
    page = (versioned_site / 'ru' / 'compare' / 'round-1--latest.html').read_text(encoding='utf-8')
    assert '<a href="round-1--latest.pdf" download>PDF</a>' in page


def retranslate(repo: Path, page: str, english: str, russian: str) -> None:
    import polib

    path = repo / 'locale' / 'ru' / 'LC_MESSAGES' / f'{page}.po'
    catalogue = polib.pofile(str(path))
    catalogue.find(english).msgstr = russian
    catalogue.save()


@pytest.mark.slow
def test_three_rounds_of_a_hermetic_repository(tmp_path):
    """Round 1, 2 and 3 and the working draft: what each comparison makes of each kind of edit."""
    import datetime as dt

    repo = make_repo(tmp_path / 'repo')
    record_round('round-1', **ROUND_1, root=repo, languages=('en',))
    tasks = repo / 'concept' / 'tasks.md'
    # Round 2: a provision inserted first (the others are renumbered, not changed), one deleted,
    # and a Russian inflection corrected in a provision whose English is unchanged.
    replace(tasks, '# Tasks\n', '# Tasks\n\n:::{provision} coordination\nThe states coordinate their policies.\n:::\n')
    replace(tasks, ':::{provision} return\nThe states support the return of migrants.\n:::\n', '')
    retranslate(
        repo,
        'tasks',
        'The states exchange data on labour migration.',
        'Государства обмениваются данными по трудовой миграции.',
    )
    git(repo, 'commit', '-q', '-am', 'Round 2 text')
    record_round(
        'round-2',
        date=dt.date(2025, 10, 9),
        place='Minsk',
        event='Second meeting',
        discussed='The amendments.',
        amendments_due=dt.date(2025, 12, 1),
        root=repo,
        languages=('en',),
    )
    # Round 3: a key renamed, carried through :formerly:.
    replace(tasks, ':::{provision} statistics\n', ':::{provision} migration-statistics\n:formerly: statistics\n')
    git(repo, 'commit', '-q', '-am', 'Round 3 text')
    record_round(
        'round-3',
        date=dt.date(2026, 3, 3),
        place='Astana',
        event='Third meeting',
        discussed='The text.',
        amendments_due=dt.date(2026, 5, 1),
        root=repo,
        languages=('en',),
    )
    out = tmp_path / 'site'
    build_site(('en', 'ru'), None, ('html',), out, with_handbook=False, root=repo)
    assert sorted(p.name for p in (out / 'ru' / 'compare').glob('*.html')) == [
        'round-1--latest.html',
        'round-1--round-2.html',
        'round-2--latest.html',
        'round-2--round-3.html',
        'round-3--latest.html',
    ]

    def rows(language: str, name: str) -> dict[str, str]:
        page = (out / language / 'compare' / name).read_text(encoding='utf-8')
        return {key: status for status, key in re.findall(r'<div class="row (\w+)" id="([\w-]+)">', page)}

    first = rows('ru', 'round-1--round-2.html')
    # The new provision has no Russian translation yet: pending, not English shown as Russian.
    assert first['coordination'] == 'pending' and first['return'] == 'deleted'
    assert first['recognition'] == 'renumbered' and first['pensions'] == 'renumbered'
    # In Russian only (one word's form): the English did not change, so it is the translation revised.
    assert first['data-exchange'] == 'revised'
    english = rows('en', 'round-1--round-2.html')
    assert english['data-exchange'] == 'renumbered' and english['coordination'] == 'new'

    def counted(language: str) -> dict[str, str]:
        page = (out / language / 'compare' / 'round-1--round-2.html').read_text(encoding='utf-8')
        return dict(re.findall(r'<li data-status="(\w+)"><span class="status">[^<]*</span> (\d+)</li>', page))

    # What happened to the Concept is counted alike; the better translation is counted apart.
    russian_counts, english_counts = counted('ru'), counted('en')
    assert russian_counts.pop('revised') == '1' and russian_counts.pop('pending') == '1'
    assert russian_counts == english_counts
    russian = (out / 'ru' / 'compare' / 'round-1--round-2.html').read_text(encoding='utf-8')
    assert 'данными <del>о</del><ins>по</ins> трудовой' in russian
    renamed = rows('en', 'round-2--round-3.html')
    assert renamed['migration-statistics'] == 'unchanged' and 'statistics' not in renamed
    story = (out / 'en' / 'history' / 'migration-statistics.html').read_text(encoding='utf-8')
    assert re.findall(r'<div class="version (\w+)" id="([\w-]+)">', story) == [
        # (one inserted above it, one deleted above it: its number is what it was)
        ('new', 'round-1'),
        ('unchanged', 'round-2'),
        ('unchanged', 'round-3'),
        ('unchanged', 'latest'),
    ]


@pytest.mark.slow
def test_each_side_by_side_page_offers_every_pdf_of_its_language(versioned_site):
    for language in VERSIONED_LANGUAGES:
        page = (versioned_site / language / 'parallel.html').read_text(encoding='utf-8')
        offered = {
            (Path(language) / href).as_posix().replace(f'{language}/../', '')
            for href in re.findall(r'<a href="([^"]+\.pdf)" download', page)
        }
        # Made in its own folder (its text first) or in another's beside it (its text second).
        made = {
            pdf.relative_to(versioned_site).as_posix()
            for pdf in versioned_site.glob('*/side-by-side/*.pdf')
            if pdf.parent.parent.name == language or pdf.stem.endswith(f'--{language}')
        }
        assert made and offered == made, language


@pytest.mark.slow
def test_every_page_made_from_the_stores_switches_to_the_same_page_in_another_language(versioned_site):
    pages = [
        *versioned_site.glob('*/compare/*.html'),
        *versioned_site.glob('*/history/*.html'),
        *versioned_site.glob('*/parallel.html'),
        *versioned_site.glob('*/amendments/*.html'),
    ]
    assert len(pages) > 40
    for path in pages:
        text = path.read_text(encoding='utf-8')
        nav = re.search(r'<nav class="alternates" aria-label="[^"]+"><ul>(.*?)</ul></nav>', text, re.S)
        assert nav, path
        links = re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+"( aria-current="page")?>', nav[1])
        here = path.relative_to(versioned_site).parts
        # The page itself, marked; each other language's same page, which exists.
        assert [code for _href, code, current in links if current] == [here[0]], path
        for href, code, _current in links:
            target = (path.parent / href).resolve()
            assert target.exists(), (path, href)
            assert target.relative_to(versioned_site.resolve()).parts == (code, *here[1:]), (path, href)
        assert len(links) > 1, path


@pytest.mark.slow
def test_a_provision_whose_translation_is_pending_says_so_and_is_english(versioned_site):
    # platform-work is new in the working draft: its Kazakh translation does not exist yet.
    page = (versioned_site / 'kk' / 'latest' / 'tasks.html').read_text(encoding='utf-8')
    pending = polib.pofile(str(REPO / 'locale' / 'kk' / 'LC_MESSAGES' / 'concept.po')).find('Translation pending')
    assert pending.msgstr
    said = re.search(
        r'<div class="provision translation-pending" id="platform-work" lang="en">\s*<p>.*?</p>\s*'
        r'<p class="translation-pending-label" lang="kk">(.*?) · '
        r'<a href="\.\./\.\./en/latest/tasks\.html#platform-work" hreflang="en" lang="en">English</a></p>\s*</div>',
        page,
        re.S,
    )
    assert said and said[1] == pending.msgstr
    # A translated provision is neither marked nor in English; the store says the same.
    assert '<div class="provision" id="pensions">' in page
    store = json.loads((versioned_site / 'kk' / 'latest' / 'provisions.json').read_text(encoding='utf-8'))
    translated = {p['key']: p['translated'] for p in store['provisions']}
    assert (translated['platform-work'], translated['pensions']) == (False, True)
    # English is its own source: nothing of it is pending.
    assert 'translation-pending' not in (versioned_site / 'en' / 'latest' / 'tasks.html').read_text(encoding='utf-8')


@pytest.mark.slow
def test_every_language_counts_the_same_changes_between_the_same_two_versions(versioned_site):
    for comparison in ('round-1--latest', 'round-2--latest', 'round-1--round-2'):
        counts = {}
        for language in VERSIONED_LANGUAGES:
            page = (versioned_site / language / 'compare' / f'{comparison}.html').read_text(encoding='utf-8')
            found = dict(re.findall(r'<li data-status="(\w+)"><span class="status">[^<]*</span> (\d+)</li>', page))
            counts[language] = {status: found.get(status, '0') for status in (*compare.CHANGES, 'unchanged')}
        assert len({tuple(c.items()) for c in counts.values()}) == 1, (comparison, counts)
        assert any(count != '0' for count in counts['en'].values()), comparison


@pytest.mark.slow
def test_each_language_offers_all_its_files_in_one_archive(versioned_site):
    for language in VERSIONED_LANGUAGES:
        entry = (versioned_site / language / 'index.html').read_text(encoding='utf-8')
        assert f'<a href="../{language}/concept-{language}.zip" type="application/zip" download>' in entry
        expected = sorted(
            path.relative_to(versioned_site).as_posix()
            for pattern in ('*/concept-*.pdf', '*/concept-*.epub', '*/concept-*.akn.xml', '*/provisions.json')
            for path in (versioned_site / language).glob(pattern)
        ) + sorted(
            path.relative_to(versioned_site).as_posix()
            for folder in ('compare', 'side-by-side', 'amendments')
            for path in (versioned_site / language / folder).glob('*.pdf')
        )
        with zipfile.ZipFile(versioned_site / language / f'concept-{language}.zip') as archive:
            assert sorted(archive.namelist()) == sorted(expected)
            for name in archive.namelist():
                assert archive.read(name) == (versioned_site / name).read_bytes(), name
            # Dated alike, so that the same files make the same archive.
            assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.slow
def test_a_fuzzy_translation_is_pending_too(tmp_path):
    # A translator's msgstr marked fuzzy (the English changed since): the page shows the English.
    repo = make_repo(tmp_path / 'repo')
    catalogue = repo / 'locale' / 'kk' / 'LC_MESSAGES' / 'tasks.po'
    text = catalogue.read_text(encoding='utf-8')
    english = 'msgid "Periods of work abroad count towards a pension."'
    assert english in text
    catalogue.write_text(text.replace(english, '#, fuzzy\n' + english), encoding='utf-8')
    site = tmp_path / 'site'
    build_site(('en', 'kk'), ('latest',), ('html',), site, with_handbook=False, root=repo)
    page = (site / 'kk' / 'latest' / 'tasks.html').read_text(encoding='utf-8')
    assert re.search(
        r'<div class="provision translation-pending" id="pensions" lang="en">\s*<p>.*?'
        r'Periods of work abroad count towards a pension\.</p>\s*<p class="translation-pending-label" lang="kk">',
        page,
        re.S,
    )
    assert '<div class="provision" id="children">' in page
