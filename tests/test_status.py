"""The handbook's translation status page: the numbers of the catalogues, kept up to date."""

from __future__ import annotations

import html
import re
from io import StringIO

import polib
from babel import Locale
from sphinx.testing.util import SphinxTestApp

from concept_build.common.languages import LANGUAGES
from concept_build.common.terms import term_problems
from concept_build.tools import translations
from helpers import REPO


def status_table(page: str) -> list[list[str]]:
    """The body rows of the page's status table, as the cells' text."""
    table = re.search(r'<table class="translation-status.*?</table>', page, re.DOTALL)
    assert table, 'the page has no translation status table'
    body = table[0].split('<tbody>', 1)[1]
    return [
        [html.unescape(cell) for cell in re.findall(r'<td><p>(.*?)</p></td>', row, re.DOTALL)]
        for row in re.findall(r'<tr[^>]*>(.*?)</tr>', body, re.DOTALL)
    ]


def expected(rows: list[dict]) -> list[list[str]]:
    return [
        [
            row['language'],
            Locale(row['language']).get_display_name(row['language']),
            str(row['translated']),
            str(row['fuzzy']),
            str(row['untranslated']),
            str(row['percent']),
            str(len(term_problems(REPO / 'locale', row['language']))),
        ]
        for row in rows
    ]


def test_handbook_shows_the_numbers_of_translation_stats(tmp_path):
    app = SphinxTestApp(
        'html',
        srcdir=REPO / 'docs',
        builddir=tmp_path,
        status=StringIO(),
        warning=StringIO(),
        confoverrides={'nitpicky': True},
    )
    try:
        app.build()
        assert app.warning.getvalue() == ''
        page = (tmp_path / 'html' / 'translation-status.html').read_text(encoding='utf-8')
    finally:
        app.cleanup()
    rows = status_table(page)
    assert [row[0] for row in rows] == list(LANGUAGES)
    assert rows == expected(translations.statistics())


def test_fuzzy_and_untranslated_messages_are_shown(project, build):
    built = build(project('status'))
    assert built.warnings == ''
    rows = {row[0]: row for row in status_table(built.page('status'))}
    assert list(rows) == list(LANGUAGES)
    assert rows['kk'] == ['kk', 'қазақ тілі', '1', '1', '1', '33.3']
    # The other languages have no catalogue in this project.
    assert rows['ru'] == ['ru', 'русский', '0', '0', '0', '0.0']


def test_page_is_reread_when_the_catalogues_change(project, build):
    src = project('status')

    def rebuild():
        # The same source folder, so each build starts from the environment of the one before.
        # Each is a new application: clean it up, or the next one warns of nodes registered twice.
        built = build(src)
        built.app.cleanup()
        assert built.warnings == ''
        return built

    rebuild()
    assert '0 added, 0 changed, 0 removed' in rebuild().app.status.getvalue()

    kk = src / 'locale' / 'kk' / 'LC_MESSAGES' / 'first.po'
    catalog = polib.pofile(str(kk))
    catalog.fuzzy_entries()[0].flags.remove('fuzzy')
    catalog.save()
    # A catalogue that did not exist at the first build counts as well.
    uz = src / 'locale' / 'uz' / 'LC_MESSAGES'
    uz.mkdir(parents=True)
    catalog.metadata['Language'] = 'uz'
    catalog.save(str(uz / 'first.po'))
    built = rebuild()
    assert '0 added, 1 changed, 0 removed' in built.app.status.getvalue()
    rows = {row[0]: row for row in status_table(built.page('status'))}
    assert rows['kk'][2:] == ['2', '0', '1', '66.7']
    assert rows['uz'][2:] == ['2', '0', '1', '66.7']
